// Super core dumps brought back: a program that computes, writes a file and prints is dumped at a
// breakpoint (`dump FILE`), killed, restored with `rdb --restore FILE`, and ends with the same
// output and file as a run never interrupted (a deleted file it holds open recreated); gdb and eu-stack read the same image as a core;
// images that cannot be restored (binary missing or changed, truncated, corrupted, not rdb's)
// are refused before anything runs, and no process is left behind.
import * as assert from 'assert';
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { compileFixture } from '../helpers/compile';
import { gdbLaunch, rdbEnv } from '../helpers/gdb';
import { rdbBin } from '../helpers/oracle';
import { processesRunning, scratchDir } from '../helpers/processes';

function rdb(args: string[], cwd: string): { out: string; err: string; status: number | null } {
  const r = spawnSync(process.execPath, [rdbBin, ...args], { encoding: 'utf8', env: { ...rdbEnv(), LC_ALL: 'C' }, timeout: 120000, cwd });
  return { out: r.stdout, err: r.stderr, status: r.status };
}

const ex = (commands: string[]): string[] => commands.flatMap((c) => ['-ex', c]);
/** The program's own lines (rdb's are around them). */
const programLines = (out: string): string[] => out.split('\n').filter((l) => l.startsWith('out: '));
const frames = (out: string): string[] => out.split('\n').filter((l) => /^#\d+ /.test(l));
const MARK = 'echo ==\\n';
const afterMark = (out: string): string => out.split('==\n').slice(1).join('==\n');

describe('rdb --restore: super core dumps brought back to life', function () {
  this.timeout(300000);
  const dir = scratchDir('rdb-restore-');
  let prog: string;
  let image: string;
  let live: string;
  const written = path.join(dir, 'written.txt');

  before(() => {
    prog = compileFixture('restart');
    image = path.join(dir, 'restart.img');
    const r = rdb(['-batch', ...ex(['break checkpoint_here', 'run', 'continue', MARK, 'bt', 'info args', 'frame 1', 'info locals', 'print *heap@4',
      `dump ${image}`, 'kill']), '--args', prog, written], dir);
    live = r.out;
    assert.match(live, new RegExp(`Saved super core dump ${image} `), live + r.err);
  });

  it('dumped mid-run and killed, the restored process ends with the output and file of an uninterrupted run', () => {
    const refFile = path.join(dir, 'reference.txt');
    const reference = execFileSync(prog, [refFile], { encoding: 'utf8', cwd: dir });
    const beforeKill = programLines(live);
    assert.deepStrictEqual(beforeKill, programLines(reference).slice(0, 1), live);
    // What the killed process wrote stays; the restored one writes the rest from its offset.
    assert.notStrictEqual(fs.readFileSync(written, 'utf8'), fs.readFileSync(refFile, 'utf8'));
    const r = rdb(['-batch', '--restore', image, '--close-lost-fds', ...ex([MARK, 'bt', 'info args', 'print acc * 2', 'handle SIGUSR1 nostop noprint pass', 'continue'])], dir);
    assert.match(r.out, /^Restored process \d+ from /m, r.out + r.err);
    assert.deepStrictEqual([...beforeKill, ...programLines(r.out)], programLines(reference), r.out + r.err);
    assert.strictEqual(fs.readFileSync(written, 'utf8'), fs.readFileSync(refFile, 'utf8'));
    assert.match(r.out, /\[Inferior 1 \(process \d+\) exited normally\]/);
    assert.match(r.out, /^out: kept in a deleted file$/m, 'the deleted file came back with its content');
    assert.deepStrictEqual(fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith('.rdb-restored-')), [], 'its copy is unlinked');
    // At the restored stop, rdb shows the frames and values it showed live.
    const shown = afterMark(r.out);
    assert.deepStrictEqual(frames(shown), frames(afterMark(live)).slice(0, 2));
    assert.match(shown, /^round = 1\nacc = 14790937771925167553\n/m);
    assert.match(shown, /^\$1 = 11135131470140783490$/m);
    assert.deepStrictEqual(processesRunning(prog), []);
  });

  it('gdb reads the image as a core: the frames and locals rdb showed live; eu-stack reads it too', () => {
    const g = gdbLaunch();
    const r = spawnSync('gdb', ['-nx', ...g.args, '-batch', ...ex([MARK, 'bt', 'info args', 'frame 1', 'info locals', 'print *heap@4']), prog, image],
      { encoding: 'utf8', env: { ...g.env, LC_ALL: 'C' }, timeout: 60000, cwd: dir });
    const want = afterMark(live).split('\n').filter((l) => /^#\d+ |^\w+ = |^\$\d+ = /.test(l));
    assert.ok(want.length >= 10, live);
    assert.deepStrictEqual(afterMark(r.stdout).split('\n').filter((l) => /^#\d+ |^\w+ = |^\$\d+ = /.test(l)), want, r.stdout + r.stderr);
    const eu = spawnSync('eu-stack', ['--core', image, '-e', prog], { encoding: 'utf8' });
    assert.match(eu.stdout, /#0 +0x[0-9a-f]+ checkpoint_here\n/, eu.stdout + eu.stderr);
    assert.match(eu.stdout, /#1 +0x[0-9a-f]+ main\n/);
  });

  it('an alarm set before the dump rings after the restore: interval timers are restarted', () => {
    const alarm = compileFixture('alarm');
    const img = path.join(dir, 'alarm.img');
    const r0 = rdb(['-batch', ...ex(['break tick', 'run', `dump ${img}`, 'kill']), alarm], dir);
    assert.match(r0.out, /Saved super core dump/, r0.out + r0.err);
    const r = rdb(['-batch', '--restore', img, '--close-lost-fds', ...ex(['delete', 'continue'])], dir);
    assert.match(r.out, /^ticks=1$/m, r.out + r.err);
    assert.match(r.out, /exited normally/);
  });

  /** Dumps a copy of the fixture at its first stop; the copy is then the binary to break. */
  function dumpCopy(name: string): { copy: string; img: string } {
    const copy = path.join(dir, name);
    fs.copyFileSync(prog, copy);
    const img = path.join(dir, `${name}.img`);
    const r = rdb(['-batch', ...ex(['break checkpoint_here', 'run', `dump ${img}`, 'kill']), '--args', copy, path.join(dir, `${name}.txt`)], dir);
    assert.match(r.out, /Saved super core dump/, r.out + r.err);
    return { copy, img };
  }

  function refused(img: string, reason: RegExp): void {
    const r = rdb(['-batch', '--restore', img, '--close-lost-fds', ...ex(['bt', 'continue'])], dir);
    assert.match(r.err, reason, r.out + r.err);
    assert.doesNotMatch(r.out, /^out: /m, 'nothing ran');
    assert.doesNotMatch(r.err, /Internal error/);
    assert.strictEqual(r.status, 1);
  }

  it('refuses, before anything runs, an image whose binary is missing or another build', () => {
    const gone = dumpCopy('gone');
    fs.rmSync(gone.copy);
    refused(gone.img, new RegExp(`cannot restore "${gone.img}": ${gone.copy}, which the process mapped, is missing`));
    const changed = dumpCopy('changed');
    execFileSync('gcc', ['-g', '-O1', '-o', changed.copy, path.join(__dirname, '../../../test/fixtures/restart.c')]);
    refused(changed.img, new RegExp(`${changed.copy} is not the binary the image was written with \\(build-id [0-9a-f]+, now [0-9a-f]+\\)`));
    assert.deepStrictEqual(processesRunning(gone.copy), []);
    assert.deepStrictEqual(processesRunning(changed.copy), []);
  });

  it('refuses a truncated or corrupted image, and a core rdb did not write, with the reason', () => {
    const data = fs.readFileSync(image);
    const truncated = path.join(dir, 'truncated.img');
    fs.writeFileSync(truncated, data.subarray(0, Math.floor(data.length / 2)));
    refused(truncated, /is not a core dump: segment \d+ .* ends past the end of the file .*truncated\?/);
    // A field of rdb's notes made nonsense (same length, so the framing holds).
    const text = data.toString('latin1');
    const at = text.indexOf('"threads":1');
    assert.ok(at > 0, 'the image carries the RDB process note');
    const corrupted = path.join(dir, 'corrupted.img');
    fs.writeFileSync(corrupted, Buffer.from(`${text.slice(0, at)}"threads":"${text.slice(at + 11)}`, 'latin1'));
    refused(corrupted, /is not a core dump: the RDB process note is not valid JSON/);
    const badNumber = path.join(dir, 'badnumber.img');
    fs.writeFileSync(badNumber, Buffer.from(`${text.slice(0, at)}"threads":0${text.slice(at + 11)}`, 'latin1'));
    refused(badNumber, /the RDB process note's threads is not a number from 1 to/);
    const g = gdbLaunch();
    const gdbCore = path.join(dir, 'gdb.core');
    spawnSync('gdb', ['-nx', ...g.args, '-batch', ...ex(['break checkpoint_here', 'run', `gcore ${gdbCore}`]), '--args', prog, path.join(dir, 'g.txt')],
      { encoding: 'utf8', env: g.env, timeout: 60000, cwd: dir });
    refused(gdbCore, /holds no rdb notes \(only images rdb wrote/);
    assert.deepStrictEqual(processesRunning(prog), []);
  });
});
