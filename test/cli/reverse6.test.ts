// Reverse execution parity, part 6: stepping back across a longjmp to a setjmp (against gdb's
// record full where gdb gets there, else the stops stated), -O2 inline frames, long one-line
// loops, and reverse-stepi at a moment whose registers repeat.
import { strict as assert } from 'assert';
import { compileFixture } from '../helpers/compile';
import { itMatchesGdb, runRdb, useSse2Glibc } from '../helpers/oracle';

interface Scenario { name: string; fixture: string; flags: string[]; commands: string[] }

/** -z now: gdb's recorder mis-replays the lazy binder's xsave/xrstor (see reverse5). */
const NOW = ['-g', '-O0', '-Wl,-z,now'];

const NEXTS = Array<string>(10).fill('next');

const oracle: Scenario[] = [
  { name: 'forward next over calls that longjmp back to setjmp, then reverse-next back to setjmp\'s second return', fixture: 'jumpback', flags: NOW,
    commands: ['break main', 'run', 'record full', ...NEXTS, 'reverse-next', 'reverse-next', 'reverse-next', 'reverse-next', 'reverse-next',
      'print count', 'reverse-next', 'reverse-next', 'print r', 'print $pc'] },
  { name: 'reverse-step from setjmp\'s second return enters __longjmp at its last line, on up its lines; reverse-finish to its call', fixture: 'jumpback', flags: NOW,
    commands: ['break main', 'run', 'record full', 'break 26', 'continue', 'reverse-next', 'print r', 'reverse-step', 'bt', 'reverse-step', 'reverse-step',
      'bt', 'reverse-finish', 'bt', 'reverse-finish', 'bt', 'reverse-next', 'bt'] },
  { name: 'reverse-stepi across the landing of a longjmp, and forward again', fixture: 'jumpback', flags: NOW,
    commands: ['break main', 'run', 'record full', 'break 26', 'continue', 'reverse-next', 'reverse-stepi', 'bt', 'reverse-stepi', 'bt', 'stepi', 'stepi',
      'bt', 'reverse-stepi', 'reverse-stepi', 'reverse-stepi', 'bt'] },
  { name: 'reverse-continue to a breakpoint in the function that longjmps, next and continue forward, reverse-step back', fixture: 'jumpback', flags: NOW,
    commands: ['break main', 'run', 'record full', 'break 29', 'continue', 'continue', 'break leave', 'reverse-continue', 'bt', 'print v',
      'reverse-continue', 'bt', 'next', 'next', 'bt', 'continue', 'print r', 'print count', 'reverse-step', 'reverse-step', 'bt'] },
  { name: 'reverse-stepi in a loop whose rounds have the same registers goes back one instruction of the path, not to an earlier round', fixture: 'samregs',
    flags: ['-g', '-O0'],
    commands: ['break main', 'run', 'record full', 'break *spin+5 if v == 2', 'continue', 'print v', 'reverse-stepi', 'print $pc', 'print v',
      'reverse-stepi', 'reverse-stepi', 'print v', 'print $pc', 'stepi', 'stepi', 'stepi', 'print v', 'print $pc'] },
];

describe('rdb reverse execution parity (6)', function () {
  this.timeout(180000);

  describe('against gdb record full', () => {
    useSse2Glibc();
    for (const s of oracle) itMatchesGdb({ ...s, relative: true }, `${s.fixture}: ${s.name}`);
  });

  it('reverse-next from setjmp\'s second return goes back to the line whose call longjmp\'ed (gdb runs back to the start of its log)', () => {
    const exe = compileFixture('jumpback', NOW, true);
    const out = runRdb(exe, ['break main', 'run', ...NEXTS, 'break 22', 'reverse-continue', 'print r', 'delete', 'reverse-next', 'bt', 'print r',
      'reverse-next', 'reverse-next', 'reverse-next', 'print r', 'reverse-next', 'bt', 'print r', 'reverse-next', 'reverse-next', 'print count',
      'reverse-next', 'reverse-next', 'next', 'next', 'next', 'next', 'next', 'next', 'print r']);
    assert.doesNotMatch(out, /rror|Cannot/, out);
    // From 22 with r == 6 back over the longjmp from deeper(5) (called at line 30 with r == 5),
    // on to 22 with r == 5, back over the longjmp from leave(5) (line 24, r == 0), to the start.
    assert.match(out, /\n\$1 = 6\n30\t    deeper\(r\);\n#0  main \(\) at .*jumpback\.c:30\n\$2 = 5\n29\t.*\n26\t.*\n22\t.*\n\$3 = 5\n24\t    leave\(5\);\n#0  main \(\) at .*jumpback\.c:24\n\$4 = 0\n23\t.*\n22\t.*\n\$5 = 0\n21\t.*\n\nNo more reverse-execution history\.\nmain \(\) at .*jumpback\.c:20\n20\t.*\n21\t.*\n22\t.*\n23\t.*\n24\t.*\n26\t.*\n29\t.*\n\$6 = 5\n$/, out);
  });
});
