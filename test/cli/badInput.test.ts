// Bad input gets gdb's one-line messages, the session goes on, and no process is left behind.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { compileFixture } from '../helpers/compile';
import { rdbBin } from '../helpers/oracle';
import { tracedProcesses, waitUntil } from '../helpers/processes';
import { RdbSession } from '../helpers/session';

function rdb(args: string[], cwd = os.tmpdir()): { out: string; err: string; status: number | null } {
  const r = spawnSync(process.execPath, [rdbBin, ...args], { cwd, encoding: 'utf8', timeout: 60000 });
  return { out: r.stdout, err: r.stderr, status: r.status };
}

describe('bad input', function () {
  this.timeout(60000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rdb-bad-'));

  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('a missing program: gdb\'s message and exit status 1', () => {
    const r = rdb(['-batch', './nosuch'], dir);
    assert.strictEqual(r.err, './nosuch: No such file or directory.\n');
    assert.strictEqual(r.status, 1);
  });

  it('a file that is not ELF', () => {
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'hello\n');
    const r = rdb(['-batch', '-ex', 'run', './notes.txt'], dir);
    assert.strictEqual(r.err, `"${dir}/./notes.txt": not in executable format: file format not recognized\nNo executable file specified.\nUse the "file" or "exec-file" command.\n`);
    assert.strictEqual(r.status, 1);
  });

  it('an ELF file for another machine', () => {
    // An x86-64 program with e_machine patched to AArch64 (183).
    const image = fs.readFileSync(compileFixture('loops'));
    image.writeUInt16LE(183, 18);
    fs.writeFileSync(path.join(dir, 'arm.out'), image, { mode: 0o755 });
    const r = rdb(['-batch', '-ex', 'run', './arm.out'], dir);
    assert.strictEqual(r.err, `"${dir}/./arm.out": not in executable format: not an x86-64 program (ELF machine 183); rdb debugs x86-64 Linux programs\n`
      + 'No executable file specified.\nUse the "file" or "exec-file" command.\n');
    assert.strictEqual(r.status, 1);
  });

  it('a truncated ELF file, and breakpoints without a program', () => {
    fs.writeFileSync(path.join(dir, 'cut.out'), fs.readFileSync(compileFixture('loops')).subarray(0, 3000), { mode: 0o755 });
    const r = rdb(['-batch', '-ex', 'break main', '-ex', 'run', './cut.out'], dir);
    assert.strictEqual(r.err, `"${dir}/./cut.out": not in executable format: file format not recognized\n`
      + 'No symbol table is loaded.  Use the "file" command.\n'
      + 'No executable file specified.\nUse the "file" or "exec-file" command.\n');
    // As gdb does, the auto-answered query goes to stdout.
    assert.strictEqual(r.out, 'Make breakpoint pending on future shared library load? (y or [n]) [answered N; input not from terminal]\n');
    assert.strictEqual(r.status, 1);
  });

  it('commands that need a process, before run', () => {
    const prog = compileFixture('loops');
    const r = rdb(['-batch', '-ex', 'info locals', '-ex', 'bt', '-ex', 'finish', '-ex', 'info registers', '-ex', 'step', '-ex', 'continue', '-ex', 'kill', prog]);
    assert.deepStrictEqual(r.err.split('\n'), ['No frame selected.', 'No stack.', 'The program is not being run.',
      'The program has no registers now.', 'The program is not being run.', 'The program is not being run.', 'The program is not being run.', '']);
  });

  it('bad breakpoint specs and expressions keep the session going', () => {
    const prog = compileFixture('loops');
    const r = rdb(['-batch', '-ex', 'break nosuch', '-ex', 'break nosuch.c:3', '-ex', 'print 1 +', '-ex', 'print nosuch', '-ex', 'break square', '-ex', 'run', '-ex', 'print v', prog]);
    assert.match(r.err, /^Function "nosuch" not defined\.$/m);
    assert.match(r.err, /^No source file named nosuch\.c\.$/m);
    assert.match(r.err, /^A syntax error in expression, near `'\.$/m);
    assert.match(r.err, /^No symbol "nosuch" in current context\.$/m);
    assert.match(r.out, /^\$1 = 0$/m);
  });

  it('a program killed from outside is reported, and nothing is left behind', async () => {
    const prog = compileFixture('loops');
    const s = new RdbSession(['-ex', 'break square', '-ex', 'run', '-ex', 'info inferiors', prog]);
    try {
      const shown = await s.waitFor(/\* 1 +process (\d+)/);
      const pid = Number(/\* 1 +process (\d+)/.exec(shown)![1]);
      assert.ok(tracedProcesses().some((p) => p.pid === pid && p.ppid === s.pid), 'the program runs under rdb');
      process.kill(pid, 'SIGKILL');
      s.send('continue');
      await s.waitFor(/Program terminated with signal SIGKILL, Killed\.\nThe program no longer exists\./);
      s.send('print 1 + 2');
      await s.waitFor(/\$1 = 3/);
    } finally {
      await s.close();
    }
    // Its checkpoints (history outlives the program) go when rdb does.
    assert.deepStrictEqual(tracedProcesses().filter((p) => p.ppid === s.pid), []);
  });

  it('rdb killed with SIGKILL takes its program with it', async () => {
    const prog = compileFixture('loops');
    const s = new RdbSession(['-ex', 'break square', '-ex', 'run', prog]);
    await s.waitFor(/Breakpoint 1, square/);
    const tracees = tracedProcesses().filter((p) => p.ppid === s.pid);
    assert.ok(tracees.length >= 1, 'the program (and its checkpoints) run under rdb');
    await s.kill('SIGKILL');
    const gone = (pid: number) => !fs.existsSync(`/proc/${pid}`) || fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1][0] === 'Z';
    for (const t of tracees) await waitUntil(() => gone(t.pid));
    assert.ok(tracees.every((t) => gone(t.pid)), 'the program and its checkpoints died with rdb');
  });
});
