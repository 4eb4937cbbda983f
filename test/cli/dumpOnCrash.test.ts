// rdb --dump-on-crash DIR: a stop at a crash writes a super core dump of the program to DIR, once
// per crash (not again when replay shows it), that rdb --core and gdb open with the live frames.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { compileFixture } from '../helpers/compile';
import { gdbLaunch, rdbEnv } from '../helpers/gdb';
import { rdbBin, runMerged } from '../helpers/oracle';

function rdb(argv: string[], cwd: string): string {
  return runMerged(process.execPath, [rdbBin, ...argv], cwd, rdbEnv());
}

/** The frame lines of the last backtrace (a core's banner shows frame #0 before it). */
function frames(out: string): string[] {
  const lines = out.split('\n').filter((l) => /^#\d+ /.test(l));
  const last = lines.map((l) => l.startsWith('#0 ')).lastIndexOf(true);
  return lines.slice(Math.max(0, last));
}

describe('cli: --dump-on-crash DIR', function () {
  this.timeout(120000);
  let exe: string;
  let dir: string;
  before(() => { exe = compileFixture('crash'); });
  beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rdb-doc-')); });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes one image at the crash, also after going back and crashing again in replay; rdb --core and gdb show the live frames', () => {
    const out = rdb(['--dump-on-crash', dir, '-batch', '-ex', 'run', '-ex', 'bt', '-ex', 'reverse-stepi', '-ex', 'continue', '--args', exe, '3'], path.dirname(exe));
    assert.match(out, /Program received signal SIGFPE, Arithmetic exception\./, out);
    const files = fs.readdirSync(dir);
    assert.equal(files.length, 1, out);
    assert.match(files[0], new RegExp(`^core\\.${path.basename(exe)}\\.\\d+$`));
    const file = path.join(dir, files[0]);
    assert.equal(out.match(/^Saved super core dump /gm)?.length, 1, out);
    assert.ok(out.includes(`Saved super core dump ${file};`), out);
    const liveBt = frames(out);
    assert.ok(liveBt.length >= 2, out);
    const post = rdb(['-batch', '-ex', 'bt', exe, file], path.dirname(exe));
    assert.deepEqual(frames(post), liveBt, post);
    const gdb = gdbLaunch();
    const g = runMerged('gdb', ['-nx', ...gdb.args, '-batch', '-ex', 'bt', exe, file], path.dirname(exe), gdb.env);
    assert.deepEqual(frames(g), liveBt, g);
  });

  it('writes nothing for a program that does not crash; a missing directory is said and the session goes on', () => {
    const out = rdb(['--dump-on-crash', dir, '-batch', '-ex', 'run', exe], path.dirname(exe));
    assert.match(out, /exited normally/, out);
    assert.deepEqual(fs.readdirSync(dir), []);
    const missing = path.join(dir, 'nope');
    const out2 = rdb(['--dump-on-crash', missing, '-batch', '-ex', 'run', '--args', exe, '3'], path.dirname(exe));
    assert.match(out2, new RegExp(`--dump-on-crash: ${missing}: No such directory\\.`), out2);
    assert.match(out2, /Program received signal SIGFPE/, out2);
    assert.ok(!fs.existsSync(missing));
  });
});
