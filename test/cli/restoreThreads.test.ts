// rdb --restore of a multi-threaded image: every thread comes back (with its id where free, its
// registers, blocked signals, exit address and robust list) and the program ends as an
// uninterrupted run does; an image without what a thread needs is refused with the reason.
import { strict as assert } from 'assert';
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { compileFixture } from '../helpers/compile';
import { rdbEnv } from '../helpers/gdb';
import { rdbBin } from '../helpers/oracle';
import { processesRunning, scratchDir } from '../helpers/processes';

function rdb(args: string[], cwd: string): { out: string; status: number | null } {
  const r = spawnSync(process.execPath, [rdbBin, ...args], { encoding: 'utf8', env: { ...rdbEnv(), LC_ALL: 'C' }, timeout: 120000, cwd });
  return { out: `${r.stdout}${r.stderr}`, status: r.status };
}

const ex = (commands: string[]): string[] => commands.flatMap((c) => ['-ex', c]);
const workerLines = (out: string): string[] => out.split('\n').filter((l) => /^worker \d: /.test(l));
const lwps = (out: string): number[] => [...out.matchAll(/\(LWP (\d+)\)/g)].map((m) => Number(m[1]));

describe('rdb --restore: multi-threaded images', function () {
  this.timeout(180000);
  const dir = scratchDir('rdb-restore-threads-');

  it('threads blocked at barriers and a condition variable come back; output and file as an uninterrupted run', () => {
    const prog = compileFixture('workers');
    const reference = path.join(dir, 'reference.txt');
    const want = execFileSync(prog, [reference], { encoding: 'utf8' });
    const image = path.join(dir, 'workers.img');
    const written = path.join(dir, 'written.txt');
    const live = rdb(['-batch', ...ex(['break checkpoint_here if round == 3', 'run', 'info threads', `dump ${image}`, 'kill']), '--args', prog, written], dir);
    assert.match(live.out, /Thread 2 .* hit Breakpoint 1, checkpoint_here \(round=3\)/, live.out);
    const before = lwps(live.out.slice(live.out.indexOf('Target Id')));
    assert.equal(before.length, 4, live.out);
    assert.ok(!fs.existsSync(written), 'nothing written before the dump');
    const r = rdb(['-batch', '--restore', image, '--close-lost-fds', ...ex(['info threads', 'print round', 'thread 1', 'bt 1', 'continue'])], dir);
    // The threads have the image's ids (free here) and the stopped one is selected, as it was.
    assert.deepEqual(lwps(r.out.slice(r.out.indexOf('Target Id'), r.out.indexOf('$1 = '))).sort(), [...before].sort(), r.out);
    assert.match(r.out, /^\* \d+ +Thread .* checkpoint_here \(round=3\)/m, r.out);
    assert.match(r.out, /^\$1 = 3$/m, r.out);
    assert.match(r.out, /#0 .*futex|#0 .*pthread_cond_wait/, r.out);
    assert.deepEqual(workerLines(r.out), workerLines(want), r.out);
    assert.match(r.out, /exited normally/, r.out);
    assert.equal(fs.readFileSync(written, 'utf8'), fs.readFileSync(reference, 'utf8'));
    assert.deepEqual(processesRunning(prog), []);
  });

  it('a thread in usleep and the main thread in pthread_join: the joins complete, the exit status is an uninterrupted run\'s', () => {
    const prog = compileFixture('jobs');
    const image = path.join(dir, 'jobs.img');
    rdb(['-batch', ...ex(['break work', 'run', `dump ${image}`, 'kill']), prog], dir);
    const r = rdb(['-batch', '--restore', image, '--close-lost-fds', ...ex(['print id', 'continue'])], dir);
    assert.match(r.out, /^\$1 = 1$/m, r.out);
    // main returns 0 only if every job's sum arrived (total == 1870).
    assert.match(r.out, /\[Inferior 1 \(process \d+\) exited normally\]/, r.out);
    assert.deepEqual(processesRunning(prog), []);
  });

  it('refuses, before anything runs, a threaded image that lacks what its threads need', () => {
    const prog = compileFixture('jobs');
    const image = path.join(dir, 'jobs2.img');
    rdb(['-batch', ...ex(['break work', 'run', `dump ${image}`, 'kill']), prog], dir);
    const text = fs.readFileSync(image).toString('latin1');
    assert.ok(text.includes('"threadFacts"'), 'the image holds the threads\' facts');
    const damaged = path.join(dir, 'nofacts.img');
    fs.writeFileSync(damaged, Buffer.from(text.replace('"threadFacts"', '"threadFactz"'), 'latin1'));
    const r = rdb(['-batch', '--restore', damaged, ...ex(['bt'])], dir);
    assert.match(r.out, /cannot restore ".*nofacts\.img": the process ran 2 threads, and the image does not hold what each one needs to run again/, r.out);
    assert.deepEqual(processesRunning(prog), []);
  });
});
