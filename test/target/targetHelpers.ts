// Helpers for target tests: fixture binaries, symbol addresses from nm, and process listings.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { compileFixture, repoRoot } from '../helpers/compile';
import { readMaps } from '../../src/target/maps';
import { Process, ProcessSpawnOptions } from '../../src/target/Process';

/** Compiles test/target/fixtures/<name>.c and returns the executable. */
export function fixture(name: string): string {
  return compileFixture(path.join(repoRoot, 'test/target/fixtures', `${name}.c`));
}

/** The link-time address of `symbol` in `exe` (from nm). */
export function symbolOffset(exe: string, symbol: string): bigint {
  const out = execFileSync('nm', [exe], { encoding: 'utf8' });
  for (const line of out.split('\n')) {
    const [value, , name] = line.trim().split(/\s+/);
    if (name === symbol) return BigInt(`0x${value}`);
  }
  throw new Error(`symbol ${symbol} not found in ${exe}`);
}

/** Where `exe` is loaded in `pid` (the start of its mapping at file offset 0). */
export function loadBase(pid: number, exe: string): bigint {
  const real = fs.realpathSync(exe);
  const m = readMaps(pid).find((x) => x.path === real && x.offset === 0n);
  if (!m) throw new Error(`${exe} is not mapped in ${pid}`);
  return m.start;
}

/** The run-time address of `symbol` of the (PIE) executable `exe` in `pid`. */
export function symbolAddress(pid: number, exe: string, symbol: string): bigint {
  return loadBase(pid, exe) + symbolOffset(exe, symbol);
}

/** The state letter of `pid` from /proc (e.g. 'R', 't', 'Z'), or undefined if it is gone. */
export function procState(pid: number): string | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
  } catch {
    return undefined;
  }
}

/** Pids whose parent is `ppid`. */
export function childrenOf(ppid: number): number[] {
  const out: number[] = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === ppid) out.push(Number(name));
    } catch {
      // exited meanwhile
    }
  }
  return out;
}

/** For a mocha suite: a spawn function whose processes are killed after each test. */
export function spawner(defaults: ProcessSpawnOptions): (file: string, args?: string[]) => Promise<Process> {
  const started: Process[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((p) => p.kill()));
  });
  return async (file, args = []) => {
    const p = await Process.spawn(file, args, { disableAslr: true, ...defaults });
    started.push(p);
    return p;
  };
}
