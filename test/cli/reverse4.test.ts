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
  ],
};

describe('rdb reverse execution matches gdb record full (more scenarios)', function () {
  this.timeout(120000);
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
