// Reverse execution parity, part 7: reverse line steps into and across long loops written on
// one line (one line-table row a loop keeps the program in), against gdb's record full with
// short loops, and with loops of a million rounds, which must not be single-stepped back; and
// forward steps out of an inlined call in -O2 code.
import { strict as assert } from 'assert';
import { compileFixture } from '../helpers/compile';
import { runGdb, runRdb, useSse2Glibc } from '../helpers/oracle';

interface Scenario { name: string; commands: string[] }

const START = ['break main', 'run', 'record full'];

const oracle: Scenario[] = [
  { name: 'reverse-next from the line after each loop crosses it back to its first round, on to the start of history',
    commands: [...START, 'break 21', 'continue', 'reverse-next', 'print $pc', 'print i', 'reverse-next', 'reverse-next', 'print s', 'reverse-next',
      'reverse-next', 'print $pc', 'print i', 'reverse-next', 'reverse-next', 'reverse-next', 'reverse-next', 'print $pc'] },
  { name: 'reverse-step into the function whose loop is on one line, back through it and out to the caller\'s loop',
    commands: [...START, 'break 19', 'continue', 'reverse-step', 'bt', 'reverse-step', 'print i', 'reverse-step', 'print $pc', 'print i',
      'reverse-step', 'reverse-step', 'bt', 'reverse-step', 'reverse-step', 'print $pc', 'print i', 'step', 'step', 'print $pc'] },
  { name: 'reverse-next and reverse-step from inside a loop\'s round go back to the loop\'s start',
    commands: [...START, 'break *sum+26 if i == 40', 'continue', 'print s', 'reverse-next', 'print $pc', 'print i', 'continue', 'print i',
      'delete', 'break *main+106 if i == 7', 'continue', 'reverse-step', 'print $pc', 'print i', 'next', 'print i'] },
];

describe('rdb reverse execution parity (7)', function () {
  this.timeout(180000);

  it('-O2: step out of an inlined call in the middle of a line goes on in its caller, whose next line shows alone (as gdb)', () => {
    const exe = compileFixture('inlined', ['-g', '-O2'], true);
    const commands = ['break work', 'run', 'step', 'step', 'step', 'step', 'step', 'step', 'bt', 'step', 'step', 'step', 'next', 'next', 'next', 'next'];
    assert.strictEqual(runRdb(exe, commands), runGdb(exe, commands));
  });

  describe('against gdb record full (loops of 200 rounds)', () => {
    useSse2Glibc();
    for (const s of oracle) {
      it(s.name, () => {
        const exe = compileFixture('oneline', ['-g', '-O0', '-DROUNDS=200'], true);
        assert.strictEqual(runRdb(exe, s.commands), runGdb(exe, s.commands));
      });
    }
  });

  it('reverse steps across loops of a million rounds on one line stop where gdb would', () => {
    const exe = compileFixture('oneline', ['-g', '-O0'], true);
    const out = runRdb(exe, ['break 21', 'run', 'reverse-next', 'print i', 'reverse-next', 'reverse-step', 'bt 1', 'reverse-step', 'reverse-step',
      'print i', 'reverse-step', 'reverse-step', 'reverse-next', 'reverse-next', 'print i', 'print $pc', 'reverse-next']);
    assert.doesNotMatch(out, /rror|Cannot/, out);
    // Each loop is crossed back to its first round (i == 0 there), in main and in sum alike.
    assert.match(out, /\n21\t  sink = s;\n20\t  for .*\n\$1 = 0\n19\t  sink = s;\nsum \(n=300000\) at .*oneline\.c:11\n11\t\}\n#0  sum .*\n10\t  return s;\n9\t  for .*\n\$2 = 0\n8\t  long s = 0, i;\nmain \(\) at .*oneline\.c:18\n18\t  s = sum\(ROUNDS \/ 10 \* 3\);\n17\t  sink = s;\n16\t  for .*\n\$3 = 0\n\$4 = \(void \(\*\)\(\)\) 0x[0-9a-f]+ <main\+35>\n15\t  sink = 1;\n/, out);
    // (Single-stepping the 5 million instructions of the first loop alone would take minutes,
    // past the helper's timeout.)
  });
});
