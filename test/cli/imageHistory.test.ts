// Super core dumps carry the recorded history since their base checkpoint: opened post-mortem,
// the reverse commands replay it (the image and its base copy restored) and show the same past,
// stop for stop and value for value, as the live session did; nothing is printed twice, going
// forward past the image runs on for real (also after rdb --restore), and a damaged history is
// refused with the reason.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { compileFixture } from '../helpers/compile';
import { gdbLaunch, rdbEnv } from '../helpers/gdb';
import { rdbBin, runMerged } from '../helpers/oracle';
import { processesRunning, scratchDir } from '../helpers/processes';

function rdb(argv: string[], cwd: string): string {
  return runMerged(process.execPath, [rdbBin, ...argv], cwd, rdbEnv());
}

const ex = (cmds: string[]): string[] => cmds.flatMap((c) => ['-ex', c]);

/** What a session printed from the first line matching `from` on, without rdb's own notices. */
function after(out: string, from: RegExp): string[] {
  const lines = out.split('\n');
  const i = lines.findIndex((l) => from.test(l));
  assert.ok(i >= 0, `no line matches ${from}:\n${out}`);
  return lines.slice(i).filter((l) => !/^\[The image's recorded history|^Closed descriptor|^Saved super core dump/.test(l));
}

describe('cli: super core dumps with recorded history', function () {
  this.timeout(180000);
  const root = scratchDir('rdb-imghist-');
  let n = 0;
  /** A fresh directory for each test. */
  let current = '';
  beforeEach(() => { current = path.join(root, String(n++)); fs.mkdirSync(current); });
  const dir = (): string => current;

  it('a crash image opened post-mortem goes back from the crash to the bad write, as the live session did', () => {
    const exe = compileFixture('corrupt');
    const back = ['watch nodes[1].next', 'reverse-continue', 'bt', 'print k', 'reverse-step', 'print nodes[1].next', 'continue', 'continue'];
    const live = rdb(['--dump-on-crash', dir(), '-batch', ...ex(['run', ...back]), exe], path.dirname(exe));
    assert.match(live, /Program received signal SIGSEGV/, live);
    const image = path.join(dir(), fs.readdirSync(dir()).find((f) => f.startsWith('core.'))!);
    const post = rdb(['-batch', ...ex(['info record', ...back]), exe, image], path.dirname(exe));
    assert.match(post, /The core holds its recorded history: a reverse command replays it/, post);
    assert.match(post, /Old value = \(struct node \*\) 0x10\nNew value = \(struct node \*\) 0x[0-9a-f]+ <nodes\+32>\ntidy \(k=2\) at .*corrupt\.c:19/, post);
    // From the watchpoint's first stop on, the same stops, frames and values.
    assert.deepEqual(after(post, /^Old value/), after(live.slice(live.indexOf('Saved super core dump')), /^Old value/));
    // The program's output (round N) never appears in the replay.
    assert.doesNotMatch(post, /^round /m, post);
    // gdb still reads the image as an ordinary core.
    const g = gdbLaunch();
    const gdbBt = runMerged('gdb', ['-nx', ...g.args, '-batch', '-ex', 'bt', exe, image], path.dirname(exe), g.env);
    assert.match(gdbBt, /#0 .* in sum \(\) at .*corrupt\.c:24\n#1 .* in main \(\) at .*corrupt\.c:34/, gdbBt);
    assert.deepEqual(processesRunning(exe), []);
  });

  it('an image written mid-run replays the clock, random bytes, rdtsc and pid it read; forward past it runs for real', () => {
    const exe = compileFixture('determinism');
    const image = path.join(dir(), 'mid.img');
    const live = rdb(['-batch', ...ex(['break round_done', 'run', 'print hash', 'continue', 'print hash', 'continue', 'print hash', `dump ${image}`, 'kill']), exe], path.dirname(exe));
    const hashes = [...live.matchAll(/^\$\d+ = (\d+)$/gm)].map((m) => m[1]);
    assert.equal(hashes.length, 3, live);
    const printed = [...live.matchAll(/^round (\d): ([0-9a-f]+)$/gm)].map((m) => m[0]);
    assert.equal(printed.length, 3, live);
    const post = rdb(['-batch', ...ex(['print r', 'break round_done', 'reverse-continue', 'print r', 'print hash', 'reverse-continue', 'print r', 'print hash',
      'reverse-continue', 'continue', 'print hash', 'continue', 'continue', 'print r', 'print hash', 'continue', 'print r']), exe, image], path.dirname(exe));
    const values = [...post.matchAll(/^\$\d+ = (\d+)$/gm)].map((m) => m[1]);
    assert.deepEqual(values, ['2', '1', hashes[1], '0', hashes[0], hashes[0], '2', hashes[2], '3'], post);
    assert.match(post, /No more reverse-execution history\./, post);
    // The rounds the image had printed are not printed again; the round after it is, once, live.
    for (const line of printed) assert.ok(!post.includes(line), `${line} printed again:\n${post}`);
    assert.equal(post.match(/^round 3: [0-9a-f]+$/gm)?.length, 1, post);
    assert.deepEqual(processesRunning(exe), []);
  });

  it('an image written at a past position holds the history up to there', () => {
    const exe = compileFixture('determinism');
    const image = path.join(dir(), 'past.img');
    const live = rdb(['-batch', ...ex(['break round_done', 'run', 'print hash', 'continue', 'continue', 'reverse-continue', 'print r', `dump ${image}`]), exe], path.dirname(exe));
    assert.match(live, /^\$2 = 1$/m, live);
    const first = /^\$1 = (\d+)$/m.exec(live)![1];
    const post = rdb(['-batch', ...ex(['print r', 'break round_done', 'reverse-continue', 'print r', 'print hash']), exe, image], path.dirname(exe));
    assert.deepEqual([...post.matchAll(/^\$\d+ = (\d+)$/gm)].map((m) => m[1]), ['1', '0', first], post);
    assert.deepEqual(processesRunning(exe), []);
  });

  it('rdb --restore of such an image goes back through its history too, then runs on', () => {
    const exe = compileFixture('determinism');
    const image = path.join(dir(), 'restore.img');
    const live = rdb(['-batch', ...ex(['break round_done', 'run', 'print hash', 'continue', `dump ${image}`, 'kill']), exe], path.dirname(exe));
    const first = /^\$1 = (\d+)$/m.exec(live)![1];
    const out = rdb(['--restore', image, '-batch', ...ex(['print r', 'break round_done', 'reverse-continue', 'print r', 'print hash', 'delete', 'continue'])], path.dirname(exe));
    assert.deepEqual([...out.matchAll(/^\$\d+ = (\d+)$/gm)].map((m) => m[1]), ['1', '0', first], out);
    assert.deepEqual([...out.matchAll(/^round (\d):/gm)].map((m) => m[1]), ['2', '3', '4', '5'], out);
    assert.match(out, /exited normally/, out);
    assert.deepEqual(processesRunning(exe), []);
  });

  it('a damaged history is refused with the reason; the image still opens for inspection', () => {
    const exe = compileFixture('corrupt');
    const image = path.join(dir(), 'hist.img');
    rdb(['-batch', ...ex(['break tidy', 'run', 'continue', `dump ${image}`]), exe], path.dirname(exe));
    const data = fs.readFileSync(image);
    const magic = data.indexOf(Buffer.from('RDBH'));
    assert.ok(magic > 0, 'the image holds a history');
    data.write('XXXX', magic, 'latin1');
    const damaged = path.join(dir(), 'damaged.img');
    fs.writeFileSync(damaged, data);
    const post = rdb(['-batch', ...ex(['bt', 'reverse-step', 'print k']), exe, damaged], path.dirname(exe));
    assert.match(post, /#0  tidy \(k=1\) at .*corrupt\.c:18/, post);
    assert.match(post, /the image's recorded history is damaged: no RDBH magic number/, post);
    assert.match(post, /^\$1 = 1$/m, post);
    assert.deepEqual(processesRunning(exe), []);
  });
});
