// Restoring an image whose pipes and sockets lost their peers: rdb offers to run on with those
// descriptors closed, as a gdb query — asked at a terminal (y or n), answered yes without one.
import { strict as assert } from 'assert';
import { execFileSync, spawnSync } from 'child_process';
import * as path from 'path';
import { compileFixture } from '../helpers/compile';
import { rdbEnv } from '../helpers/gdb';
import { scratchDir, tracedProcesses } from '../helpers/processes';
import { atTerminal as driveTerminal, type Step } from '../helpers/terminal';

const rdbBin = path.join(__dirname, '../../../bin/rdb.js');
const env = { ...rdbEnv(), LC_ALL: 'C', TERM: 'dumb' };

describe('rdb --restore: descriptors whose peer is gone', function () {
  this.timeout(180000);
  const dir = scratchDir('rdb-restore-query-');
  let exe = '';
  let image = '';
  let uninterrupted = '';

  before(() => {
    exe = compileFixture('pipeheld');
    uninterrupted = execFileSync(exe, { encoding: 'utf8' });
    image = path.join(dir, 'pipeheld.img');
    const r = spawnSync(process.execPath, [rdbBin, '-batch', '-ex', 'break checkpoint_here', '-ex', 'run', '-ex', `dump ${image}`, '-ex', 'kill', exe],
      { encoding: 'utf8', env, cwd: dir, timeout: 120000 });
    assert.match(r.stdout, /Saved super core dump/, r.stdout + r.stderr);
  });

  const lost = /Descriptor (\d+) is a pipe \(pipe:\[\d+\]\) whose other end is gone\.\n(?:Descriptor \d+ is a (?:pipe|socket) \(\S+\) whose other end is gone\.\n)*Restore with them closed\?/;

  it('without a terminal the query is answered yes and said so; the program runs on with them closed', () => {
    const r = spawnSync(process.execPath, [rdbBin, '-batch', '--restore', image, '-ex', 'continue'], { encoding: 'utf8', env, cwd: dir, timeout: 120000 });
    assert.match(r.stdout, lost, r.stdout + r.stderr);
    assert.match(r.stdout, /Restore with them closed\? \(y or n\) \[answered Y; input not from terminal\]/);
    assert.match(r.stdout, /Closed descriptor \d+ \(a socket \(socket:\[\d+\]\) whose other end is gone\)\./);
    assert.match(r.stdout, /Restored process \d+ from /);
    // The write end is gone; the computation ends as an uninterrupted run's.
    assert.match(r.stdout, /write after: failed/);
    assert.equal(/acc \d+/.exec(r.stdout)?.[0], /acc \d+/.exec(uninterrupted)?.[0]);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(tracedProcesses().filter((p) => p.comm.startsWith('pipeheld')), []);
  });

  function atTerminal(answer: string): string {
    const script: Step[] = [
      ['expect', 'closed? (y or n) '], ['send', 'maybe\n'], ['expect', 'Please answer y or n.'],
      ['expect', 'closed? (y or n) '], ['send', `${answer}\n`], ['expect', '(rdb) '],
      ...(answer === 'y' ? [['send', 'continue\n'], ['expect', 'exited normally'], ['expect', '(rdb) ']] as Step[] : []),
      ['send', 'quit\n'],
    ];
    const { status, out } = driveTerminal(script, ['-q', '--restore', image], dir);
    assert.equal(status, 0, out);
    return out;
  }

  it('at a terminal, no leaves nothing restored', () => {
    const out = atTerminal('n');
    assert.match(out, lost, out);
    assert.match(out, /Not restored: .*pipeheld\.img\./, out);
    assert.doesNotMatch(out, /Restored process/, out);
    assert.deepEqual(tracedProcesses().filter((p) => p.comm.startsWith('pipeheld')), []);
  });

  it('at a terminal, yes restores with them closed', () => {
    const out = atTerminal('y');
    assert.match(out, /Closed descriptor \d+ \(a pipe/, out);
    assert.match(out, /Restored process \d+ from /, out);
    assert.equal(/acc \d+/.exec(out)?.[0], /acc \d+/.exec(uninterrupted)?.[0], out);
  });
});
