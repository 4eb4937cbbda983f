// Counting hits with the debug registers: reverse-continue to a breakpoint without a condition
// counts its hits in replay (a perf event) instead of stopping at each, then runs to the last
// one. Every stop, frame and value must be what stopping at each hit shows.
import { strict as assert } from 'assert';
import { compileFixture } from '../helpers/compile';
import { runRdb } from '../helpers/oracle';

describe('cli: counting breakpoint hits with the debug registers', function () {
  this.timeout(180000);
  let exe: string;
  before(() => { exe = compileFixture('hot'); });

  const both = (script: string[], args: string[] = []): { on: string; off: string } => ({
    on: runRdb(exe, ['set exec-counters on', ...script], args),
    off: runRdb(exe, ['set exec-counters off', ...script], args),
  });

  it('reverse-continue to a hot function from the end: the same stops, values and hit counts', () => {
    const { on, off } = both(['break 21', 'run', 'break step_once', 'reverse-continue', 'print i', 'print calls', 'reverse-continue', 'print i', 'bt',
      'reverse-continue', 'print i', 'info breakpoints', 'next', 'print calls', 'reverse-next', 'continue', 'print i', 'delete', 'continue']);
    assert.equal(on, off);
    assert.match(on, /Breakpoint 2, step_once \(i=14999\) at [^\n]*hot\.c:11\n11\t  acc \+= i \* 3 \+ \(acc >> 5\);\n\$1 = 14999\n\$2 = 14999\n/, on);
    assert.match(on, /Breakpoint 2, step_once \(i=14998\)[^]*\$3 = 14998\n#0  step_once \(i=14998\) at [^\n]*\n#1  0x[0-9a-f]+ in main \(argc=1, argv=0x[0-9a-f]+\) at [^\n]*hot\.c:18\n/, on);
    assert.match(on, /\$4 = 14997\n/, on);
    assert.equal(on.match(/^acc -?\d+ calls 15000$/gm)?.length, 1, on);
  });

  it('two breakpoints both hit on the way back: still the last hit of either', () => {
    const { on, off } = both(['break 21', 'run', 'break step_once', 'break 19', 'reverse-continue', 'print i', 'reverse-continue', 'print i',
      'reverse-continue', 'print i', 'delete 3', 'reverse-continue', 'print i'], ['3000']);
    assert.equal(on, off);
    const back = on.slice(on.indexOf("Breakpoint 3 at"));
    const stops = [...back.matchAll(/^Breakpoint (\d), (\w+) [^]*?^\$\d+ = (\d+)$/gm)].map((m) => `${m[1]} ${m[2]} ${m[3]}`);
    assert.deepEqual(stops, ['3 main 2999', '2 step_once 2999', '3 main 2998', '2 step_once 2998'], on);
  });
});
