// Reverse scenarios compared with gdb's `record full` (started at the first stop, after `run`):
// gdb's backward line stepping (rows of one line crossed, a row walked back through stopping at
// its start), reverse-finish in recursion, and more, each on a fixture that makes no library
// calls in the recorded part.
import { strict as assert } from 'assert';
import { compileFixture } from '../helpers/compile';
import { runGdb, runRdb } from '../helpers/oracle';

interface Scenario { name: string; commands: string[] }

const fixtures: Record<string, Scenario[]> = {
  heldout: [
    { name: 'reverse next from the first line of a loop body goes back over the loop header rows of one line (exec-direction reverse)',
      commands: ['break main', 'run', 'break move', 'continue', 'continue', 'set exec-direction reverse', 'continue', 'next', 'next', 'print $pc',
        'next', 'print $pc', 'step', 'print $pc'] },
    { name: 'reverse-next out of a function stops at the start of the row holding the call, not of the line',
      commands: ['break main', 'run', 'break apply if v == 3', 'continue', 'reverse-next', 'print $pc', 'reverse-next', 'print $pc', 'reverse-step',
        'reverse-step', 'print $pc', 'reverse-step', 'print $pc', 'reverse-step', 'reverse-step', 'print $pc'] },
    { name: 'reverse-finish in recursion goes back to the last call of the function made, as gdb',
      commands: ['break main', 'run', 'break 42', 'continue', 'reverse-step', 'reverse-step', 'reverse-step', 'print $pc', 'reverse-step', 'reverse-step',
        'reverse-step', 'bt', 'reverse-finish', 'reverse-finish', 'reverse-finish', 'bt', 'reverse-next', 'reverse-next', 'reverse-next', 'print $pc',
        'reverse-next', 'reverse-next', 'reverse-next', 'reverse-next', 'reverse-step', 'reverse-step', 'reverse-step'] },
    { name: 'reverse-step and reverse-next from main\'s first lines end at its first line, shown as the start of history',
      commands: ['break main', 'run', 'next', 'next', 'reverse-next', 'reverse-next', 'reverse-next', 'print $pc', 'next', 'reverse-step', 'reverse-step',
        'print $pc', 'reverse-stepi', 'reverse-nexti', 'print $pc'] },
  ],
  nested: [
    { name: 'a loop on one line with nested calls: reverse-step into each callee from its return, out to the loop, back to main\'s start',
      commands: ['break main', 'run', 'break 46', 'continue', 'reverse-step', 'reverse-step', 'reverse-step', 'print x', 'reverse-step', 'print i',
        'print acc', 'reverse-next', 'reverse-next', 'print i', 'reverse-step', 'reverse-step', 'bt', 'reverse-finish', 'reverse-next', 'print $pc',
        'reverse-stepi', 'reverse-stepi', 'print $pc', 'reverse-nexti', 'reverse-nexti', 'print $pc'] },
    { name: 'reverse-finish out of calls three deep, reverse-step back into the last line of a callee and out again',
      commands: ['break main', 'run', 'break level3', 'continue', 'continue', 'continue', 'bt', 'reverse-finish', 'reverse-finish', 'print v', 'bt',
        'reverse-step', 'reverse-step', 'reverse-step', 'print r', 'reverse-next', 'reverse-next', 'reverse-step', 'reverse-step', 'bt', 'info locals',
        'reverse-finish', 'reverse-next', 'print k'] },
    { name: 'recursion with two calls on one line: reverse-step through it, reverse-finish, reverse-next',
      commands: ['break main', 'run', 'break 50', 'continue', 'reverse-step', 'reverse-step', 'reverse-step', 'bt', 'reverse-step', 'reverse-step',
        'reverse-step', 'reverse-step', 'bt', 'reverse-finish', 'bt', 'reverse-next', 'reverse-next', 'reverse-next', 'bt', 'print n'] },
    { name: 'a conditional breakpoint in recursion and a tbreak met going back',
      commands: ['break main', 'run', 'break fib if n == 0', 'continue', 'continue', 'bt', 'reverse-continue', 'bt', 'tbreak fib', 'reverse-continue',
        'print n', 'bt 2', 'reverse-continue', 'print n', 'info breakpoints'] },
    { name: 'ignore counts and a condition changed going back; tbreak, until and advance then reverse',
      commands: ['break main', 'run', 'break add', 'ignore 2 2', 'continue', 'print a', 'condition 2 a == 1', 'reverse-continue', 'print a', 'print b',
        'reverse-continue', 'info breakpoints', 'tbreak sq', 'continue', 'print x', 'until', 'until', 'reverse-next', 'advance 45', 'reverse-step',
        'reverse-step', 'print $pc'] },
    { name: 'reverse-stepi into a return, reverse-nexti back over a call stops at a breakpoint in the callee',
      commands: ['break main', 'run', 'break level3', 'continue', 'finish', 'finish', 'reverse-stepi', 'print $pc', 'reverse-stepi', 'reverse-stepi',
        'print $pc', 'bt', 'reverse-nexti', 'reverse-nexti', 'reverse-nexti', 'print $pc', 'bt', 'until 33', 'reverse-finish', 'bt', 'advance level3',
        'reverse-continue', 'print v'] },
    { name: 'back from a SIGSEGV crash: reverse-step in the faulting loop, reverse-finish, reverse-next, then forward again within history',
      commands: ['break main', 'run', 'continue', 'bt', 'print p', 'print i', 'reverse-step', 'print i', 'reverse-step', 'reverse-step', 'bt',
        'reverse-finish', 'print g_sum', 'reverse-next', 'reverse-next', 'reverse-next', 'print f', 'reverse-step', 'bt', 'reverse-finish', 'next',
        'next', 'next', 'next', 'info locals'] },
  ],
  jumps: [
    { name: 'reverse-next through goto and a do-while whose iterations have the same registers, reverse-step into switch cases',
      commands: ['break main', 'run', 'break classify if v == 3', 'continue', 'finish', 'rn', 'rn', 'rn', 'rn', 'rn', 'rn', 'rn', 'rn', 'rn', 'rn',
        'print n', 'rs', 'rs', 'rs', 'rs', 'rs', 'rs', 'rs', 'rs', 'print v', 'rc', 'print v', 'bt', 'reverse-finish', 'bt'] },
    { name: 'nested loops and ternaries with calls on one line, going back from after them',
      commands: ['break main', 'run', 'break 27', 'continue', 'rn', 'rn', 'rn', 'rn', 'rs', 'rs', 'rs', 'rs', 'print i', 'print j', 'rn', 'rn', 'rn',
        'rn', 'rn', 'rn', 'rs', 'rs', 'rs', 'rs', 'rs', 'bt', 'print n', 'print s'] },
  ],
};

describe('rdb reverse execution matches gdb record full (more scenarios)', function () {
  this.timeout(120000);

  it('record full in the script too: history starts there (also for reverse-continue and reverse-stepi); record stop; errors as gdb', () => {
    const exe = compileFixture('heldout', ['-g', '-O0'], true);
    const commands = ['record', 'break main', 'run', 'record full', 'record', 'next', 'next', 'reverse-step', 'reverse-step', 'print $pc', 'next',
      'reverse-continue', 'next', 'reverse-stepi', 'print $pc', 'record stop', 'record stop'];
    assert.strictEqual(runRdb(exe, commands), runGdb(exe, commands));
  });

  it('after record full, forward commands from the past stop at the present (the end of gdb\'s log), the next ones go on live', () => {
    for (const [fixture, commands] of [
      ['heldout', ['break main', 'run', 'record full', 'next', 'next', 'reverse-next', 'reverse-next', 'continue', 'next', 'next', 'info breakpoints']],
      ['heldout', ['break main', 'run', 'record full', 'break twice', 'continue', 'reverse-stepi', 'reverse-stepi', 'stepi', 'stepi', 'reverse-nexti',
        'print $pc', 'info breakpoints']],
      ['nested', ['break main', 'run', 'record full', 'break level3', 'continue', 'continue', 'reverse-continue', 'reverse-finish', 'finish', 'finish',
        'bt', 'next', 'next', 'print r']],
    ] as const) {
      const exe = compileFixture(fixture, ['-g', '-O0'], true);
      assert.strictEqual(runRdb(exe, [...commands]), runGdb(exe, [...commands]));
    }
  });

  it('watch on a global and on a local going back: the last writes before, shown at the writing instruction, old and new values swapped', () => {
    const exe = compileFixture('nested', ['-g', '-O0'], true);
    const out = runRdb(exe, ['break 49', 'run', 'watch g_sum', 'reverse-continue', 'bt 1', 'reverse-continue', 'print g_sum', 'delete', 'break level1',
      'reverse-continue', 'print v', 'watch r', 'delete 3', 'continue', 'print r', 'reverse-continue', 'print r']);
    // From line 49 the last write of g_sum was level3(3) from level2(2) from level1(2): 36 + 9; before it level3(5): 21 + 15.
    assert.match(out, /\nHardware watchpoint 2: g_sum\n\nOld value = 45\nNew value = 36\n0x[0-9a-f]+ in level3 \(v=3\) at .*nested\.c:22\n22\t  g_sum \+= w;\n#0  0x[0-9a-f]+ in level3 \(v=3\) at .*nested\.c:22\n/, out);
    assert.match(out, /\nHardware watchpoint 2: g_sum\n\nOld value = 36\nNew value = 21\n0x[0-9a-f]+ in level3 \(v=5\) [^\n]*\n22\t[^\n]*\n\$1 = 21\n/, out);
    // Back to level1(2), then forward: r is written by `int r = level2(v * 2)` (level2(4) returns 16).
    assert.match(out, /\nBreakpoint 3, level1 \(v=2\) at .*nested\.c:32\n32\t[^\n]*\n\$2 = 2\nHardware watchpoint 4: r\n\nHardware watchpoint 4: r\n\nOld value = -?\d+\nNew value = 16\nlevel1 \(v=2\) at .*nested\.c:33\n33\t  r \+= level2\(v\);\n\$3 = 16\n/, out);
    // And back again: the write just made, the value before it as the new one.
    assert.match(out, /\$3 = 16\n\nHardware watchpoint 4: r\n\nOld value = 16\nNew value = -?\d+\n0x[0-9a-f]+ in level1 \(v=2\) at .*nested\.c:32\n32\t[^\n]*\n\$4 = -?\d+\n$/, out);
  });
  for (const [fixture, scenarios] of Object.entries(fixtures)) {
    for (const s of scenarios) {
      it(`${fixture}: ${s.name}`, () => {
        const exe = compileFixture(fixture, ['-g', '-O0'], true);
        const run = s.commands.indexOf('run');
        const gdbCommands = [...s.commands.slice(0, run + 1), 'record full', ...s.commands.slice(run + 1)];
        assert.strictEqual(runRdb(exe, s.commands), runGdb(exe, gdbCommands));
      });
    }
  }
});
