// Reverse line steps back into long loops whose bodies span several lines, all run by one
// command: the line starts before the present are found by counting a few rows' executions
// (anchors.ts) instead of trapping the loop's whole history. Stops, frames and values must be
// gdb's (record full) and the same as when every line start is trapped (exec-counters off).
import { strict as assert } from 'assert';
import { compileFixture } from '../helpers/compile';
import { runGdb, runRdb } from '../helpers/oracle';

const back = ['reverse-next', 'print j', 'reverse-next', 'print j', 'reverse-next', 'print k', 'reverse-next', 'print k', 'reverse-next',
  'reverse-next', 'reverse-next', 'print j', 'reverse-step', 'bt', 'reverse-step', 'reverse-finish', 'reverse-next', 'info locals'];

describe('cli: reverse line steps into long multi-line loops', function () {
  this.timeout(240000);
  let exe: string;
  before(() => { exe = compileFixture('longloops', ['-g', '-O0'], true); });

  it('match gdb record full stop for stop', () => {
    const rdb = runRdb(exe, ['break main', 'run', 'break 17', 'continue', ...back]);
    const gdb = runGdb(exe, ['break main', 'run', 'record', 'break 17', 'continue', ...back]);
    assert.equal(rdb, gdb);
    assert.match(rdb, /\$1 = 1499\n/, rdb);
  });

  it('give what trapping every line start gives, forward again and back', () => {
    const script = ['break 17', 'run', ...back, 'next', 'next', 'print j', 'reverse-next', 'reverse-next', 'print j', 'print sum', 'continue', 'continue'];
    const on = runRdb(exe, ['set exec-counters on', ...script], ['300']);
    const off = runRdb(exe, ['set exec-counters off', ...script], ['300']);
    assert.equal(on, off);
    assert.match(on, /\$1 = 299\n[^$]*\$2 = 299\n/, on);
    assert.match(on, /\$7 = 299\n\$8 = 897\n/, on);
    assert.equal(on.match(/^\d+ \d+ 900$/gm)?.length, 1, on);
  });

  it('reverse-stepi and reverse-nexti from the end of the loop: gdb record full instruction for instruction', () => {
    const steps = ['reverse-stepi', 'print $pc', 'reverse-stepi', 'print $pc', 'reverse-nexti', 'print $pc', 'reverse-stepi', 'reverse-stepi',
      'reverse-stepi', 'reverse-stepi', 'print $pc', 'info frame', 'reverse-nexti', 'reverse-nexti', 'reverse-nexti', 'print $pc', 'print j'];
    const rdb = runRdb(exe, ['break main', 'run', 'break 17', 'continue', ...steps]);
    assert.equal(rdb, runGdb(exe, ['break main', 'run', 'record', 'break 17', 'continue', ...steps]));
    assert.match(rdb, /\$\d+ = 1499\n$/, rdb);
  });

  it('reverse-stepi back into a one-line loop of 2000 rounds: gdb record full instruction for instruction', () => {
    const one = compileFixture('oneline', ['-g', '-O0', '-DROUNDS=2000'], true);
    const steps = ['reverse-stepi', 'print $pc', 'reverse-stepi', 'reverse-stepi', 'print $pc', 'print i', 'reverse-nexti', 'reverse-stepi',
      'reverse-stepi', 'reverse-stepi', 'reverse-stepi', 'reverse-stepi', 'print $pc', 'print i', 'print s', 'stepi', 'print $pc'];
    const rdb = runRdb(one, ['break main', 'run', 'break 17', 'continue', ...steps]);
    assert.equal(rdb, runGdb(one, ['break main', 'run', 'record', 'break 17', 'continue', ...steps]));
    assert.match(rdb, /\$\d+ = 1999\n/, rdb);
  });
});
