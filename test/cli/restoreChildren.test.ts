// An image of a process with a live child process is refused at restore, before anything runs:
// the child is not in the image, and the parent would wait for nothing.
import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
import * as path from 'path';
import { compileFixture } from '../helpers/compile';
import { rdbEnv } from '../helpers/gdb';
import { scratchDir, tracedProcesses } from '../helpers/processes';

const rdbBin = path.join(__dirname, '../../../bin/rdb.js');

function rdb(args: string[], cwd: string): { out: string; err: string } {
  const r = spawnSync(process.execPath, [rdbBin, '-batch', ...args], { encoding: 'utf8', env: { ...rdbEnv(), LC_ALL: 'C' }, timeout: 120000, cwd });
  return { out: r.stdout, err: r.stderr };
}

describe('rdb --restore: child processes', function () {
  this.timeout(120000);

  it('refuses an image written while the process had a child, naming it; one after the child ended restores', () => {
    const dir = scratchDir('rdb-restore-children-');
    const exe = compileFixture('waitchild');
    const withChild = path.join(dir, 'with-child.img');
    const d = rdb(['-ex', 'break checkpoint_here', '-ex', 'run', '-ex', `dump ${withChild}`, '-ex', 'kill', exe], dir);
    const child = /Detaching after fork from child process (\d+)/.exec(d.out)?.[1];
    assert.ok(child, d.out + d.err);
    const r = rdb(['--restore', withChild, '-ex', 'continue'], dir);
    assert.match(r.err, new RegExp(`cannot restore ".*with-child\\.img": the process had a child process \\(${child}\\), which rdb cannot bring back`), r.out + r.err);
    assert.doesNotMatch(r.out, /waited|Restored process/);
    // rdb's own checkpoints (children of the program too) are not counted: after the wait.
    const after = path.join(dir, 'after.img');
    const d2 = rdb(['-ex', 'break printf', '-ex', 'run', '-ex', 'reverse-stepi', '-ex', 'stepi', '-ex', `dump ${after}`, '-ex', 'kill', exe], dir);
    assert.match(d2.out, /Saved super core dump/, d2.out + d2.err);
    const r2 = rdb(['--restore', after, '-ex', 'continue'], dir);
    assert.match(r2.out, /waited 1 status 7/, r2.out + r2.err);
    assert.deepEqual(tracedProcesses().filter((p) => p.comm.startsWith('waitchild')), []);
  });
});
