// Held-out reverse scenarios, part 3: recursion left from a frame selected with `up`, ignore
// counts, displays and tbreak met going back, reverse-next/step/stepi with counts, and reverse
// commands given again at the start of history. rdb runs without `record` (its history starts
// at the first instruction) and gdb with `record` after the first stop: the same output.
import { strict as assert } from 'assert';
import { compileFixture } from '../helpers/compile';
import { runGdb, runRdb } from '../helpers/oracle';

interface Scenario { name: string; commands: string[] }

const scenarios: Scenario[] = [
  { name: 'reverse-finish from a frame selected with up in deep recursion, info frame, reverse-next and reverse-step into the last call',
    commands: ['break main', 'run', 'break fib if n == 1', 'continue', 'continue', 'bt', 'up 2', 'reverse-finish', 'bt', 'print n', 'frame 1',
      'info frame', 'reverse-finish', 'bt', 'print $pc', 'reverse-next', 'print n', 'reverse-step', 'print n', 'bt', 'reverse-continue', 'bt', 'print a'] },
  { name: 'ignore count forward, displays at each reverse stop, tbreak going back, reverse-next 2, reverse-step 3, reverse-stepi 4, locals',
    commands: ['break main', 'run', 'break bump', 'ignore 2 2', 'continue', 'print by', 'display total', 'display c->hits', 'continue', 'reverse-continue',
      'reverse-continue', 'info breakpoints', 'tbreak scan', 'reverse-continue', 'info display', 'reverse-next 2', 'reverse-step 3', 'reverse-stepi 4', 'bt',
      'info locals', 'continue'] },
  { name: 'reverse commands again at the start of history stay there; forward from it',
    commands: ['break main', 'run', 'break 53', 'continue', 'reverse-continue', 'reverse-continue', 'reverse-step', 'reverse-next', 'reverse-stepi',
      'reverse-finish', 'next'] },
];

/** Scenarios whose first stop is not main's: both debuggers are given `record` there. */
const recorded: Scenario[] = [
  { name: 'reverse-continue with no breakpoint before: to where record started, and again; forward from there',
    commands: ['break 50', 'run', 'record', 'delete', 'next', 'next', 'reverse-continue', 'print r', 'reverse-continue', 'bt', 'next', 'step', 'bt'] },
];

describe('rdb reverse execution on held-out scenarios, part 3', function () {
  this.timeout(120000);
  let exe: string;
  before(() => { exe = compileFixture('h3walk', ['-g', '-O0'], true); });

  for (const s of scenarios) {
    it(`${s.name} (as gdb record full)`, () => {
      const run = s.commands.indexOf('run');
      const gdbCommands = [...s.commands.slice(0, run + 1), 'record', ...s.commands.slice(run + 1)];
      assert.equal(runRdb(exe, s.commands), runGdb(exe, gdbCommands));
    });
  }

  for (const s of recorded) it(`${s.name} (both recorded)`, () => assert.equal(runRdb(exe, s.commands), runGdb(exe, s.commands)));

  it('watch on an array element\'s member going back finds each write (gdb\'s recorder misses them), then the start of history, and stays there', () => {
    const out = runRdb(exe, ['break main', 'run', 'break 53', 'continue', 'watch cells[1].hits', 'reverse-continue', 'bt', 'reverse-continue',
      'print cells[1]', 'reverse-continue', 'reverse-continue', 'delete', 'continue']);
    // cells[1] is bumped at i = 1 (by plus3(1) = 4) and i = 5 (by plus3(5) = 8): going back the
    // i = 5 write first, shown at the writing instruction with the value before it as the new one.
    const write = (from: number, to: number, by: number): string => `\nHardware watchpoint 3: cells\\[1\\]\\.hits\n\nOld value = ${from}\nNew value = ${to}\n` +
      `0x[0-9a-f]+ in bump \\(c=0x[0-9a-f]+ <cells\\+8>, by=${by}\\) at \\./h3walk\\.c:32\n32\t  c->hits = old \\+ by;\n`;
    const start = '\nNo more reverse-execution history\\.\nmain \\(\\) at \\./h3walk\\.c:48\n48\t  for \\(int k = 0; k < 4; k\\+\\+\\)\n';
    assert.match(out, new RegExp(`Hardware watchpoint 3: cells\\[1\\]\\.hits\n${write(12, 4, 8)}#0  0x[0-9a-f]+ in bump [^\n]*\n#1  0x[0-9a-f]+ in scan \\(limit=6\\) at \\./h3walk\\.c:41\n` +
      `#2  0x[0-9a-f]+ in main \\(\\) at \\./h3walk\\.c:50\n${write(4, 0, 4)}\\$1 = \\{key = 10, hits = 0\\}\n${start}${start}` +
      // Forward with nothing set: to the end.
      '\\[Inferior 1 \\(process N\\) exited normally\\]\n$'), out);
  });
});
