// rdb's reverse commands against gdb's `record full` on a fixture it can record (no glibc code
// in the recorded part): the same stops, frames and values. gdb records from the first stop
// on; the scenarios stay within that and never run forward past what gdb recorded (gdb stops
// there, rdb goes on live).
import * as assert from 'assert';
import { compileFixture } from '../helpers/compile';
import { runGdb, runRdb } from '../helpers/oracle';

interface Scenario { name: string; commands: string[] }

const scenarios: Scenario[] = [
  { name: 'reverse-step into the last line of a callee, and out to the caller',
    commands: ['break 13', 'run', 'next', 'next', 'next', 'reverse-step', 'reverse-step', 'print $pc', 'print y', 'reverse-step', 'reverse-step',
      'reverse-step', 'print $pc', 'bt'] },
  { name: 'reverse-finish to the call, reverse-next to the line start',
    commands: ['break 13', 'run', 'next', 'step', 'next', 'reverse-finish', 'print $pc', 'reverse-next', 'info locals'] },
  { name: 'reverse-next over calls and loop lines, arriving at a breakpoint',
    commands: ['break 13', 'run', 'next', 'next', 'next', 'next', 'step', 'next', 'reverse-next', 'reverse-next', 'reverse-next', 'reverse-step',
      'reverse-step', 'reverse-step', 'print i', 'print s', 'print g'] },
  { name: 'reverse-stepi and reverse-nexti inside a line',
    commands: ['break 13', 'run', 'next 3', 'step', 'next', 'reverse-stepi', 'reverse-stepi', 'reverse-nexti', 'reverse-stepi', 'print $pc',
      'reverse-step', 'reverse-step', 'print $pc', 'reverse-stepi', 'reverse-nexti', 'print $pc'] },
  { name: 'reverse-continue to breakpoints in a loop and in a callee',
    commands: ['break 13', 'run', 'break twice', 'continue', 'continue', 'continue', 'continue', 'print x', 'reverse-continue', 'print x', 'bt',
      'reverse-continue', 'print i', 'delete 1', 'reverse-continue', 'print x', 'next', 'next', 'print y', 'reverse-next', 'print y'] },
  { name: 'reverse-next stops at a breakpoint in a function the line called',
    commands: ['break 13', 'run', 'break 7', 'next', 'next', 'finish', 'next', 'reverse-next', 'bt', 'reverse-next', 'reverse-next', 'print i'] },
  { name: 'reverse-finish stops at a breakpoint at the function\'s start, then reaches the call',
    commands: ['break 13', 'run', 'break twice', 'continue', 'next', 'reverse-finish', 'reverse-finish', 'bt', 'print $pc'] },
];

describe('rdb reverse commands match gdb record full', function () {
  this.timeout(120000);
  let exe: string;
  before(() => { exe = compileFixture('reverse', ['-g', '-O0'], true); });
  for (const s of scenarios) {
    it(s.name, () => {
      const run = s.commands.indexOf('run');
      const gdbCommands = [...s.commands.slice(0, run + 1), 'record', ...s.commands.slice(run + 1)];
      assert.strictEqual(runRdb(exe, s.commands), runGdb(exe, gdbCommands));
    });
  }
});
