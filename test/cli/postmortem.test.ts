// Post-mortem: `rdb PROG CORE` (and `--core`, `-c`) opens the cores rdb's gcore, gdb's gcore and
// the kernel write, and prints what gdb prints for the same command scripts: the banner, bt,
// frames, locals, print, x, registers, threads, libraries; commands that need a process say so.
import * as assert from 'assert';
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { compileFixture, fixturesDir } from '../helpers/compile';
import { gdbLaunch, rdbEnv } from '../helpers/gdb';
import { normalize, rdbBin, runMerged } from '../helpers/oracle';
import { parseArgs } from '../../src/cli/main';
import { processesRunning, scratchDir } from '../helpers/processes';

const ex = (commands: string[]): string[] => commands.flatMap((c) => ['-ex', c]);

/** gdb's notices about an XSAVE note of another size than it expects (the kernel's, rdb's on
 * CPUs with AMX), which rdb reads as it is, and blank lines. */
const GDB_ONLY = /warning: (?:Section `\.reg-xstate\/\d+' in core file too small|Unexpected size of section `\.reg-xstate\/\d+' in core file)\.\n|^\n/gm;

/** gdb's output for the script, run in `cwd` as rdbCore is: a program either starts gets PWD from
 * it, and the environment's size moves the program's stack (main's argv). */
function gdbCore(prog: string, core: string | undefined, commands: string[], cwd: string): string {
  const g = gdbLaunch();
  return normalize(runMerged('gdb', ['-nx', ...g.args, '-batch', ...ex(commands), prog, ...(core ? [core] : [])], cwd, g.env)).replace(GDB_ONLY, '');
}

function rdbCore(argv: string[], commands: string[], cwd: string): string {
  return normalize(runMerged(process.execPath, [rdbBin, '-batch', ...ex(commands), ...argv], cwd, rdbEnv())).replace(GDB_ONLY, '');
}

/** Runs `prog args` in `dir` with core dumps on; the kernel's core, or undefined when the
 * kernel's core_pattern does not write a file named `core` there. */
function kernelCore(prog: string, args: string[], dir: string): string | undefined {
  const pattern = fs.readFileSync('/proc/sys/kernel/core_pattern', 'utf8').trim();
  if (pattern !== 'core' && pattern !== 'core.%p') return undefined;
  const r = spawnSync('sh', ['-c', 'ulimit -c unlimited && exec "$0" "$@"', prog, ...args], { cwd: dir, stdio: 'ignore' });
  assert.strictEqual(r.signal, 'SIGSEGV');
  const name = fs.readdirSync(dir).find((f) => f === 'core' || f === `core.${r.pid}`);
  if (!name) return undefined;
  const core = path.join(dir, `kernel-${path.basename(prog)}.core`);
  fs.renameSync(path.join(dir, name), core);
  return core;
}

const SCRIPT = ['bt', 'info registers rip', 'x/2i $pc', 'info threads', 'info sharedlibrary', 'x/8xw $sp', 'p $_siginfo.si_signo', 'info frame'];
const NOT_RUNNING = ['next', 'step', 'continue', 'finish', 'stepi', 'until', 'info program', 'print $rax = 1', 'call divide(1, 1)', 'p $_exitsignal',
  'p $_siginfo._sifields._sigfault.si_addr', 'info inferiors', 'kill', 'bt 1', 'quit'];

describe('post-mortem: the command line names the core as gdb does', () => {
  it('--core FILE, --core=FILE, -c FILE, or PROGRAM FILE; --args keeps its words for the program', () => {
    const forms: Array<[string[], string | undefined, string | undefined]> = [
      [['--core', 'c1', 'p'], 'p', 'c1'], [['--core=c1'], undefined, 'c1'], [['-c', 'c1', 'p'], 'p', 'c1'], [['-core', 'c1'], undefined, 'c1'],
      [['p', 'c1'], 'p', 'c1'], [['-batch', 'p', 'c1', '-ex', 'bt'], 'p', 'c1'], [['--args', 'p', 'c1'], 'p', undefined],
    ];
    for (const [argv, program, core] of forms) {
      const inv = parseArgs(argv);
      assert.deepStrictEqual([inv.program, inv.core], [program, core], argv.join(' '));
    }
    assert.deepStrictEqual(parseArgs(['--args', 'p', 'c1']).args, ['c1']);
    assert.deepStrictEqual(parseArgs(['p', 'c1', 'x', 'y']).excess, ['x', 'y']);
    assert.throws(() => parseArgs(['--core']), /option '--core' requires an argument/);
  });
});

describe('post-mortem: rdb opens core files as gdb does', function () {
  this.timeout(180000);
  const dir = scratchDir('rdb-postmortem-');
  let crash: string;
  let matrix: string;
  let gdbGcore: string;
  let rdbGcore: string;
  before(() => {
    crash = compileFixture('crash');
    matrix = compileFixture('matrixfact');
    gdbGcore = path.join(dir, 'gdb-crash.core');
    const g = gdbLaunch();
    runMerged('gdb', ['-nx', ...g.args, '-batch', '-ex', 'run', '-ex', `gcore ${gdbGcore}`, '--args', crash, '1'], dir, g.env);
    assert.ok(fs.existsSync(gdbGcore), 'gdb wrote no core');
    rdbGcore = path.join(dir, 'rdb-matrix.core');
    const out = rdbCore([matrix], ['break fact if n == 2', 'run', `gcore ${rdbGcore}`], dir);
    assert.match(out, /Saved corefile/);
  });

  it("gdb's gcore of a SIGSEGV: the banner, bt, registers, threads, libraries, memory and frames match gdb", () => {
    const commands = [...SCRIPT, 'info registers', 'info all-registers', 'info float', 'frame 2', 'info locals', 'p solo', 'p solo.name', 'p &solo', 'ptype solo', 'up', 'down',
      'x/s solo.name', 'p *solo.peer'];
    const want = gdbCore(crash, gdbGcore, commands, dir);
    assert.match(want, /Program terminated with signal SIGSEGV, Segmentation fault\.\n#0  /);
    assert.strictEqual(rdbCore([crash, gdbGcore], commands, dir), want);
  });

  it("rdb's gcore at a breakpoint: gdb and rdb print the same frames, locals and heap values", () => {
    const commands = [...SCRIPT, 'frame 5', 'info locals', 'p *m', 'p m->data[4]', 'p items[1]', 'info args', 'frame 1', 'info args', 'x/2gx m->data'];
    const want = gdbCore(matrix, rdbGcore, commands, dir);
    assert.match(want, /Program terminated with signal SIGTRAP, Trace\/breakpoint trap\.\n#0  fact \(n=2\)/);
    assert.strictEqual(rdbCore([matrix, rdbGcore], commands, dir), want);
  });

  it("the kernel's core of a crash (ulimit -c unlimited), with and without the program named", function () {
    const core = kernelCore(crash, ['1'], dir);
    if (!core) this.skip(); // core_pattern hands cores to a program: gdb's and rdb's gcore are tested above
    const commands = [...SCRIPT, 'frame 2', 'info locals', 'p solo', 'info args'];
    const want = gdbCore(crash, core!, commands, dir);
    assert.match(want, /Core was generated by `.*crash-\w+ 1'\.\nProgram terminated with signal SIGSEGV/);
    assert.strictEqual(rdbCore([crash, core!], commands, dir), want);
    // The program found from the core's NT_FILE note, as `--core` and `-c` give it.
    assert.strictEqual(rdbCore(['--core', core!], commands, dir), want);
    assert.strictEqual(rdbCore([`--core=${core!}`], ['bt'], dir), rdbCore(['-c', core!, crash], ['bt'], dir));
  });

  it('a threaded crash: every thread, the crashing one first, and thread N selects another', function () {
    const prog = compileFixture('threadcrash', ['-g', '-O0', '-pthread']);
    const core = kernelCore(prog, [], dir);
    if (!core) this.skip();
    const commands = ['info threads', 'bt', 'thread 2', 'bt', 'info registers rip', 'p counter', 'thread 1', 'info locals'];
    const want = gdbCore(prog, core!, commands, dir);
    assert.match(want, /\* 1 +Thread 0x[0-9a-f]+ \(LWP N\) 0x[0-9a-f]+ in bad /);
    assert.strictEqual(rdbCore([prog, core!], commands, dir), want);
  });

  it("rdb's gcore of a threaded crash: both threads, their frames and registers, as gdb reads them", () => {
    const prog = compileFixture('threadcrash', ['-g', '-O0', '-pthread']);
    const core = path.join(dir, 'rdb-threads.core');
    assert.match(rdbCore([prog], ['run', `gcore ${core}`], dir), /Saved corefile/);
    const commands = ['info threads', 'thread apply all bt', 'thread 2', 'info registers rip fs_base', 'p counter', 'frame 3', 'info locals'];
    const want = gdbCore(prog, core, commands, dir);
    assert.match(want, /\[Current thread is 1 \(Thread 0x[0-9a-f]+ \(LWP N\)\)\]\n[^]*\n 2 Thread /);
    assert.strictEqual(rdbCore([prog, core], commands, dir), want);
  });

  it("a library gone since the crash: gdb's warning, and the frames rdb can still show", () => {
    const lib = path.join(dir, 'libpm.so');
    const prog = path.join(dir, 'pmmain');
    execFileSync('gcc', ['-g', '-shared', '-fPIC', '-o', lib, path.join(fixturesDir, 'pmlib.c')]);
    execFileSync('gcc', ['-g', '-O0', '-o', prog, path.join(fixturesDir, 'pmmain.c'), lib, `-Wl,-rpath,${dir}`]);
    const core = path.join(dir, 'pm.core');
    assert.match(rdbCore([prog], ['run 1', 'bt', `gcore ${core}`], dir), /in lib_read \(p=0x0\) at [^]*Saved corefile/);
    fs.unlinkSync(lib);
    const warning = `warning: Can't open file ${lib} during file-backed mapping note processing\n`;
    assert.ok(gdbCore(prog, core, [], dir).startsWith(warning));
    const got = rdbCore([prog, core], ['bt', 'frame 1', 'info locals'], dir);
    assert.ok(got.startsWith(warning), got);
    assert.match(got, /\n#1  0x[0-9a-f]+ in main \(argc=2, argv=0x[0-9a-f]+\) at [^\n]*pmmain\.c:8\n[^]*\nhere = 20\n$/);
  });

  it('core-file FILE opens a core in a session (a running program is killed), core-file alone lets it go', () => {
    const commands = ['core-file', `core-file ${gdbGcore}`, 'bt 1', 'p $_exitsignal', 'core-file', 'bt', `core ${path.join(dir, 'nope')}`, 'break main', 'run',
      `core ${gdbGcore}`, 'bt 1', 'info threads'];
    const want = gdbCore(crash, undefined, commands, dir);
    assert.match(want, /^\[New LWP \d+\]\nCore was generated by[^]*\nNo stack\.\n[^]*nope: No such file or directory\.\n[^]*\nBreakpoint 1, main /);
    assert.strictEqual(rdbCore([crash], commands, dir), want);
    const left = processesRunning(crash);
    assert.deepStrictEqual(left, []); // the program core-file replaced, and its checkpoints, are gone
  });

  it("another program than the core's: gdb's warning first, as gdb says it", () => {
    const warning = 'warning: core file may not match specified executable file.\n[New LWP N]\n';
    assert.ok(gdbCore(matrix, gdbGcore, [], dir).replace(/LWP \d+/, 'LWP N').startsWith(warning));
    assert.ok(rdbCore([matrix, gdbGcore], [], dir).replace(/LWP \d+/, 'LWP N').startsWith(warning));
    assert.ok(!rdbCore([crash, gdbGcore], [], dir).includes('warning'));
  });

  it('commands that need a live process say so; run starts the program afresh', () => {
    const want = gdbCore(crash, gdbGcore, NOT_RUNNING, dir);
    const got = rdbCore([crash, gdbGcore], NOT_RUNNING, dir);
    assert.strictEqual(got, want);
    const runs = ['run', 'bt 1', 'run 3', 'bt 1', 'info registers rip'];
    const ran = gdbCore(crash, gdbGcore, runs, dir);
    assert.match(ran, /exited normally\]\nNo stack\.\n[^]*Program received signal SIGFPE, Arithmetic exception\.\n/);
    assert.strictEqual(rdbCore([crash, gdbGcore], runs, dir), ran);
  });

  it('files that are no core, or damaged ones, are refused with the reason; the commands after still run', () => {
    const trunc = path.join(dir, 'truncated.core');
    fs.writeFileSync(trunc, fs.readFileSync(gdbGcore).subarray(0, 3000));
    const cases: Array<[string[], RegExp]> = [
      [[crash, crash], /^"[^"]*crash[^"]*" is not a core dump: an ELF file of type 3, not ET_CORE\n/],
      [[crash, trunc], /is not a core dump: segment \d+ \(\d+ bytes at offset \d+\) ends past the end of the file \(3000 bytes\): truncated\?\n/],
      [['--core', path.join(dir, 'absent')], /absent: No such file or directory\.\n/],
      [[crash, dir], /^"[^"]+" is not a core dump: not a regular file\n/],
      [[crash, '/dev/null'], /^"\/dev\/null" is not a core dump: not a regular file\n/],
    ];
    for (const [argv, re] of cases) {
      const out = rdbCore(argv, ['bt', 'echo after\\n'], dir);
      assert.match(out, re, out);
      assert.match(out, /No stack\.\nafter\n$/, out);
    }
  });
});
