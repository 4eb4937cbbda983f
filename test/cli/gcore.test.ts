// gcore: rdb writes an ELF core of the program as it stands (or stood, at a past position) that
// gdb and eu-stack read as an ordinary core: the same frames, locals and values as rdb showed
// live, every thread, the signal a crash stopped with. Bad paths and a missing process are
// errors; no process is left behind.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { compileFixture } from '../helpers/compile';
import { gdbLaunch, rdbEnv } from '../helpers/gdb';
import { rdbBin } from '../helpers/oracle';
import { processesRunning, scratchDir } from '../helpers/processes';

function rdb(prog: string, commands: string[]): string {
  const r = spawnSync(process.execPath, [rdbBin, '-batch', ...commands.flatMap((c) => ['-ex', c]), prog],
    { encoding: 'utf8', env: { ...rdbEnv(), LC_ALL: 'C' }, timeout: 60000, cwd: path.dirname(prog) });
  return r.stdout + r.stderr;
}

function gdbOnCore(prog: string, core: string, commands: string[]): string {
  const g = gdbLaunch();
  const r = spawnSync('gdb', ['-nx', ...g.args, '-batch', ...commands.flatMap((c) => ['-ex', c]), prog, core],
    { encoding: 'utf8', env: { ...g.env, LC_ALL: 'C' }, timeout: 60000, cwd: path.dirname(prog) });
  return r.stdout + r.stderr;
}

/** The lines of `out` after its `echo ==` mark that show frames (`#N ...`) or `name = value`
 * locals (what gdb prints as it opens a core comes before the mark). */
const framesAndLocals = (out: string): string[] => (out.split('==\n')[1] ?? '').split('\n').filter((l) => /^#\d+ |^\w+ = /.test(l));
const MARK = 'echo ==\\n';

describe('gcore: core files gdb and eu-stack read', function () {
  this.timeout(120000);
  const dir = scratchDir('rdb-gcore-');

  it('at a breakpoint: gdb shows the frames, locals and heap values rdb showed live, and the stop\'s signal', () => {
    const prog = compileFixture('matrixfact');
    const core = path.join(dir, 'bp.core');
    const live = rdb(prog, ['break fact if n == 2', 'run', MARK, 'bt', 'frame 5', 'info locals', 'p *m', 'p m->data[4]', 'p items[1]', `gcore ${core}`]);
    assert.match(live, new RegExp(`Saved corefile ${core}`));
    const post = gdbOnCore(prog, core, [MARK, 'bt', 'frame 5', 'info locals', 'p *m', 'p m->data[4]', 'p items[1]', 'p $_siginfo.si_signo', 'info sharedlibrary']);
    assert.match(post, /Program terminated with signal SIGTRAP, Trace\/breakpoint trap\./);
    const want = framesAndLocals(live);
    assert.ok(want.length >= 9, live);
    assert.deepStrictEqual(framesAndLocals(post), want);
    const values = (out: string): string[] => out.split('\n').filter((l) => /^\$\d+ = /.test(l)).map((l) => l.replace(/^\$\d+/, '$'));
    assert.deepStrictEqual(values(post).slice(0, 3), values(live));
    assert.match(post, /\$\d+ = 5\n/); // SIGTRAP
    assert.match(post, /\/libc\.so\.6\n/); // the link map is in the core: gdb finds the libraries
    assert.deepStrictEqual(processesRunning(prog), []);
  });

  it('after a crash: the core says which signal ended the program, and eu-stack reads it', () => {
    const prog = compileFixture('matrixfact');
    const core = path.join(dir, 'crash.core');
    const live = rdb(prog, ['run', MARK, 'bt', `gcore ${core}`]);
    assert.match(live, /Program received signal SIGSEGV/);
    const post = gdbOnCore(prog, core, [MARK, 'bt']);
    assert.match(post, /Program terminated with signal SIGSEGV, Segmentation fault\./);
    assert.deepStrictEqual(framesAndLocals(post), framesAndLocals(live));
    const eu = spawnSync('eu-stack', ['--core', core, '-e', prog], { encoding: 'utf8' });
    assert.strictEqual(eu.error, undefined, 'eu-stack (elfutils) is installed');
    assert.match(eu.stdout, /#0 +0x[0-9a-f]+ main\n/);
    assert.match(eu.stdout, /__libc_start_main/);
  });

  it('of a threaded program: every thread is in the core with its own frames', () => {
    const prog = compileFixture('jobs', undefined, true);
    const core = path.join(dir, 'threads.core');
    const live = rdb(prog, ['break work', 'run', MARK, 'thread apply all bt', `gcore ${core}`]);
    const post = gdbOnCore(prog, core, [MARK, 'thread apply all bt']);
    const frames = (out: string): string[] => framesAndLocals(out).filter((l) => l.startsWith('#'));
    assert.ok(frames(live).some((l) => / work \(/.test(l)) && frames(live).some((l) => /pthread_join|__futex/.test(l)), live);
    assert.deepStrictEqual(frames(post).sort(), frames(live).sort());
  });

  it('at a past position: the core holds the program as it was there', () => {
    const prog = compileFixture('matrixfact');
    const core = path.join(dir, 'past.core');
    const live = rdb(prog, ['break fact if n == 2', 'run', 'reverse-finish', 'reverse-finish', MARK, 'bt', 'p n', `gcore ${core}`, 'c']);
    const post = gdbOnCore(prog, core, [MARK, 'bt', 'p n']);
    const want = framesAndLocals(live);
    assert.match(want[0], /^#0 .* in fact \(n=4\)/);
    assert.deepStrictEqual(framesAndLocals(post), want);
    assert.match(post, /\$1 = 4\n/);
  });

  it('says why it cannot write one, and writes nothing', () => {
    const prog = compileFixture('matrixfact');
    const out = rdb(prog, ['gcore', 'break fact', 'run', `gcore ${path.join(dir, 'no/such/dir/core')}`, 'p 1']);
    assert.match(out, /^You can't do that without a process to debug\.$/m);
    assert.match(out, /^Failed to open '.*no\/such\/dir\/core' for output\.$/m);
    assert.match(out, /^\$1 = 1$/m);
    assert.deepStrictEqual(fs.readdirSync(path.dirname(prog)).filter((f) => f.startsWith('core.')), []);
    assert.deepStrictEqual(processesRunning(prog), []);
  });
});
