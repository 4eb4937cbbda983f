// gdb's checkpoint commands: a checkpoint can be returned to any number of times, shows the
// values it was taken with, refuses changes to the past, and a run on from it prints each line
// of the program's output once; nothing is left running afterwards.
import { strict as assert } from 'assert';
import { compileFixture } from '../helpers/compile';
import { runRdb } from '../helpers/oracle';
import { tracedProcesses } from '../helpers/processes';

describe('cli: checkpoint, restart, info checkpoints, delete checkpoint', function () {
  this.timeout(60000);
  let exe: string;
  before(() => { exe = compileFixture('history'); });

  it('returns to a checkpoint as often as asked, and to the present with restart 0', () => {
    const out = runRdb(exe, ['break 11', 'run', 'continue', 'checkpoint', 'print stamp', 'continue', 'continue', 'print g',
      'restart 1', 'print g', 'print stamp', 'next', 'print g', 'restart 1', 'print g', 'info checkpoints', 'restart 0', 'print g']);
    const values = [...out.matchAll(/^\$\d+ = (\d+)$/gm)].map((m) => m[1]);
    // stamp, g at the present (i=3: 0+1+2), g at the checkpoint (i=1: 0), its stamp again, g after a
    // next in the copy (1), g in a fresh copy (0), g at the present again.
    assert.equal(values.length, 7, out);
    assert.deepEqual([values[1], values[2], values[4], values[5], values[6]], ['3', '0', '1', '0', '3'], out);
    assert.equal(values[3], values[0], 'the clock reads what it read then');
    assert.match(out, /^checkpoint 1: fork returned pid \d+\.$/m);
    assert.match(out, /^Switching to process \d+\n#0  main \(\) at .*history\.c:11\n11\t    g \+= i;$/m);
    assert.match(out, /^  0 process \d+ \(main process\) at 0x[0-9a-f]+, file .*history\.c, line 11\n\* 1 process \d+ at 0x[0-9a-f]+, file .*history\.c, line 11$/m);
  });

  it('running on from a checkpoint prints each line of output once', () => {
    const out = runRdb(exe, ['break 11', 'run', 'continue', 'checkpoint', 'continue', 'continue', 'restart 1', 'delete', 'continue']);
    for (let i = 0; i < 5; i++) assert.equal(out.split('\n').filter((l) => l.startsWith(`i=${i} `)).length, 1, out);
    assert.match(out, /\[Inferior 1 \(process N\) exited normally\]/);
  });

  it('refuses to change the past, and explains bad ids', () => {
    const out = runRdb(exe, ['checkpoint', 'break 11', 'run', 'checkpoint', 'continue', 'restart 1', 'set var g = 7', 'print g = 7',
      'print g', 'restart 7', 'delete checkpoint 9', 'restart', 'delete checkpoint 1', 'info checkpoints', 'kill']);
    assert.match(out, /^The program is not being run\.$/m);
    assert.equal(out.match(/cannot change memory in the past/g)?.length, 2, out);
    assert.match(out, /^\$1 = 0$/m);
    assert.match(out, /^Not found: checkpoint id 7$/m);
    assert.match(out, /^No such checkpoint id, 9$/m);
    assert.match(out, /^Requires argument \(checkpoint id to restart\)$/m);
    assert.match(out, /^Killed process \d+$/m);
    assert.match(out, /^No checkpoints\.$/m);
  });

  it('leaves no checkpoint behind when it exits, also after the program ended', () => {
    const before = new Set(tracedProcesses().map((p) => p.pid));
    runRdb(exe, ['break 11', 'run', 'checkpoint', 'checkpoint', 'delete', 'continue', 'restart 2', 'info checkpoints']);
    const left = tracedProcesses().filter((p) => !before.has(p.pid) && p.comm.startsWith('history'));
    assert.deepEqual(left, []);
  });
});
