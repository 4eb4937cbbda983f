// Reverse line steps right after a long history: a step back that leaves a frame into an
// earlier command starts single-stepping from the last line start met there, not from before
// a long loop (which would take minutes, or be refused as too far).
import { strict as assert } from 'assert';
import { compileFixture } from '../helpers/compile';
import { runRdb } from '../helpers/oracle';

describe('cli: reverse steps after a long loop', function () {
  this.timeout(120000);

  it('reverse-step from the line after a call goes back into the callee across commands, without stepping the loop before it', () => {
    const exe = compileFixture('afterloop');
    // 200000 rounds of the one-line loop are ~4 million instructions: beyond what single-stepping
    // from main's first lines may take.
    const out = runRdb(exe, ['break marker', 'run', 'finish', 'next', 'next', 'reverse-step', 'reverse-step', 'bt', 'reverse-finish',
      'break 8', 'reverse-continue', 'print n', 'continue', 'next', 'next', 'next', 'reverse-next', 'print j', 'print x']);
    assert.doesNotMatch(out, /Cannot step back|rror/, out);
    // Back from the loop's first line to marker's (gdb crosses line 10's rows, then enters the call).
    assert.match(out, /^12\t    y \+= x;\n11\t    x \+= j;\n\nBreakpoint 1, marker \(\) at .*afterloop\.c:5\n5\tvoid marker\(void\) \{\}\n#0  marker \(\) at .*afterloop\.c:5\n#1  0x[0-9a-f]+ in main \(.*\) at .*afterloop\.c:9$/m, out);
    // reverse-finish: back to the call; reverse-continue to the loop's start, then forward again.
    assert.match(out, /^main \(.*\) at .*afterloop\.c:9\n9\t  marker\(\);\nBreakpoint 2 at .*\n\nBreakpoint 2, main \(.*\) at .*afterloop\.c:8\n8\t  for .*\n\$1 = 200000\n/m, out);
    // Forward again from there to marker, through the loop, and on.
    assert.match(out, /^\$1 = 200000\n\nBreakpoint 1, marker \(\) at .*afterloop\.c:5\n5\t.*\nmain \(.*\) at .*afterloop\.c:10\n10\t.*\n11\t.*\n12\t.*\n11\t.*\n\$2 = 0\n\$3 = 0$/m, out);
  });
});
