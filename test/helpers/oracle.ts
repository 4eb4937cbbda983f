// Runs the same command script under gdb and under rdb in batch mode and returns both
// outputs (stdout and stderr merged in order), normalised for what legitimately differs.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as assert from 'assert';
import { compileFixture, repoRoot } from './compile';
import { gdbLaunch, rdbEnv } from './gdb';

export const rdbBin = path.join(repoRoot, 'bin/rdb.js');

/** The locale both debuggers run in (LC_ALL): C unless a suite sets another (useLocale). */
let oracleLocale = 'C';

/** Mocha hooks for the enclosing describe: both debuggers run in `locale`. */
export function useLocale(locale: string): void {
  before(() => { oracleLocale = locale; });
  after(() => { oracleLocale = 'C'; });
}

export function runMerged(cmd: string, argv: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): string {
  const tmp = path.join(os.tmpdir(), `rdb-oracle-${process.pid}-${Math.random().toString(36).slice(2)}`);
  const fd = fs.openSync(tmp, 'w+');
  try {
    const r = spawnSync(cmd, argv, { cwd, stdio: ['ignore', fd, fd], timeout: 60000, env: { ...env, LC_ALL: oracleLocale } });
    if (r.error) throw r.error;
    return fs.readFileSync(tmp, 'utf8');
  } finally {
    fs.closeSync(fd);
    fs.unlinkSync(tmp);
  }
}

function exArgs(commands: string[]): string[] {
  return commands.flatMap((c) => ['-ex', c]);
}

/** gdb's own chatter that rdb does not imitate (thread library notices). */
const gdbOnly = [/^\[Thread debugging using libthread_db enabled\]$/, /^Using host libthread_db library /];

export function normalize(out: string): string {
  return out.split('\n')
    .filter((l) => !gdbOnly.some((re) => re.test(l)))
    .map((l) => l.replace(/\(process \d+\)/g, '(process N)').replace(/\(LWP \d+\)/g, '(LWP N)').replace(/child process \d+\]/, 'child process N]').replace(/^\[New process \d+\]$/, '[New process N]')
      .replace(/^(\* 1 {4})process \d+ +(?=1 \(native\))/, '$1process N ')
      // info threads pads its columns to the longest target id, whose LWP numbers differ by run
      .replace(/^(?:  Id   Target Id|[* ] \d+ +Thread 0x).*/, (row) => row.replace(/ {2,}/g, ' ')))
    .join('\n');
}

export function runGdb(program: string, commands: string[], args: string[] = []): string {
  const gdb = gdbLaunch();
  return normalize(runMerged('gdb', ['-nx', ...gdb.args, '-batch', ...exArgs(commands), '--args', program, ...args], path.dirname(program), gdb.env));
}

export function runRdb(program: string, commands: string[], args: string[] = []): string {
  return normalize(runMerged(process.execPath, [rdbBin, '-batch', ...exArgs(commands), '--args', program, ...args], path.dirname(program), rdbEnv()));
}

/** Standard output alone, for checking what goes to stdout and what to stderr. */
function runStdout(cmd: string, argv: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): string {
  const r = spawnSync(cmd, argv, { cwd, encoding: 'utf8', timeout: 60000, env: { ...env, LC_ALL: 'C' } });
  if (r.error) throw r.error;
  return normalize(r.stdout);
}

export function gdbStdout(program: string, commands: string[]): string {
  const gdb = gdbLaunch();
  return runStdout('gdb', ['-nx', ...gdb.args, '-batch', ...exArgs(commands), program], path.dirname(program), gdb.env);
}

export function rdbStdout(program: string, commands: string[]): string {
  return runStdout(process.execPath, [rdbBin, '-batch', ...exArgs(commands), program], path.dirname(program), rdbEnv());
}

/** A batch script on a fixture (compiled with `flags`, by a relative path if `relative`, with
 * the fixture files `extra` linked in). */
export interface Scenario { name: string; fixture: string; commands: string[]; args?: string[]; flags?: string[]; relative?: boolean; extra?: string[];
  /** Rewrites of both outputs for what legitimately differs in this scenario (say, thread ids). */
  rewrite?: Array<[RegExp, string]> }

/** A mocha test of one scenario: rdb's output must equal gdb's. */
export function itMatchesGdb(s: Scenario, title = s.name): void {
  it(title, () => {
    const prog = compileFixture(s.fixture, s.flags, s.relative, s.extra);
    const rewrite = (out: string): string => (s.rewrite ?? []).reduce((o, [re, to]) => o.replace(re, to), out);
    const expected = rewrite(runGdb(prog, s.commands, s.args));
    const actual = rewrite(runRdb(prog, s.commands, s.args));
    assert.strictEqual(actual, expected);
  });
}

/** One mocha test per scenario: rdb's output must equal gdb's. */
export function describeOracle(title: string, scenarios: Scenario[]): void {
  describe(title, function () {
    this.timeout(120000);
    for (const s of scenarios) itMatchesGdb(s);
  });
}

/** glibc's tunables that make it pick its SSE2 string functions: gdb's `record full` cannot
 * decode the AVX ones. */
const SSE2_TUNABLES = 'glibc.cpu.hwcaps=-AVX2,-AVX,-AVX_Fast_Unaligned_Load,-ERMS,-BMI2,-SSE4_2,-SSSE3,-SSE4_1,-AVX512F,-AVX512VL,-AVX512BW,-AVX512DQ,-AVX512CD';

/** Mocha hooks for the enclosing describe: both debuggers' programs run with SSE2_TUNABLES. */
export function useSse2Glibc(): void {
  let saved: string | undefined;
  before(() => {
    saved = process.env.GLIBC_TUNABLES;
    process.env.GLIBC_TUNABLES = SSE2_TUNABLES;
  });
  after(() => {
    if (saved === undefined) delete process.env.GLIBC_TUNABLES;
    else process.env.GLIBC_TUNABLES = saved;
  });
}
