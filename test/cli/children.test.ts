// Children the program starts (system, popen, fork) run as they would without rdb: they read
// the clock themselves (rdb's rdtsc trap is not theirs), a vfork child does not take the
// program's breakpoints away, gdb's notices; going back over them runs none again.
import { strict as assert } from 'assert';
import { compileFixture } from '../helpers/compile';
import { runGdb, runRdb } from '../helpers/oracle';

describe('cli: children of the program', function () {
  this.timeout(120000);

  it('system, popen and a forked child that reads the clock, as under gdb; breakpoints kept', () => {
    const exe = compileFixture('children');
    const commands = ['break mark', 'run', 'continue', 'info breakpoints', 'continue'];
    const want = runGdb(exe, commands);
    assert.match(want, /round 0: system=0 popen=piped\/0 child=7\n/);
    assert.match(want, /\[Detaching after vfork from child process N\]/);
    assert.equal(runRdb(exe, commands), want);
  });

  it('going back over the children and forward again: their output and the program\'s once', () => {
    const exe = compileFixture('children');
    const out = runRdb(exe, ['break mark', 'run', 'continue', 'reverse-continue', 'print rounds', 'continue', 'print rounds', 'continue']);
    assert.match(out, /\$1 = 0\n[^]*\$2 = 0\n/); // back at the first mark, then at the second (before it sets rounds)
    assert.equal(out.match(/^system-ok$/gm)?.length, 2, out);
    assert.equal(out.match(/^round 0: system=0 popen=piped\/0 child=7$/gm)?.length, 1, out);
    assert.equal(out.match(/^round 1: system=0 popen=piped\/0 child=7$/gm)?.length, 1, out);
    assert.match(out, /exited normally\]\n$/);
  });
});
