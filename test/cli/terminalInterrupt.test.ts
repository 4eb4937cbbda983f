// Ctrl-C at a terminal, as a gdb user presses it: during a search going back it ends the search
// with Quit, the program where it was; while the program runs it stops with SIGINT; the
// terminal's SIGINT, which reaches the program's stopped copies too, is never seen by them later.
import { strict as assert } from 'assert';
import * as path from 'path';
import { compileFixture } from '../helpers/compile';
import { tracedProcesses } from '../helpers/processes';

import { atTerminal, command, type Step } from '../helpers/terminal';



describe('cli: Ctrl-C at a terminal', function () {
  this.timeout(180000);

  it('interrupts a search, then the program; a Ctrl-C taken leaves nothing pending', () => {
    const exe = compileFixture('longspin');
    const script: Step[] = [
      ['expect', '(rdb) '],
      ...command('break write', 'Breakpoint 1 at'),
      ['send', 'run\n'], ['expect', 'Breakpoint 1, '], ['expect', '(rdb) '],
      ...command('print $pc', '$1 = '),
      ['send', 'delete\n'], ['expect', 'Delete all breakpoints? (y or n) '], ['send', 'y\n'], ['expect', '(rdb) '],
      ...command('break started', 'Breakpoint 2 at'),
      // Back from write() to started(): a search replaying the long loop between them.
      ['send', 'reverse-continue\n'], ['expect', 'Continuing.'], ['send', '\x03'], ['expect', 'Quit'], ['expect', '(rdb) '],
      ...command('print $pc', '$2 = '),
      ['send', 'delete\n'], ['expect', 'Delete all breakpoints? (y or n) '], ['send', 'y\n'], ['expect', '(rdb) '],
      ['send', 'stepi\n'], ['expect', '(rdb) '],
      ...command('print $pc', '$3 = '),
      ['send', 'continue\n'], ['expect', 'ready\r\n'], ['send', '\x03'], ['expect', 'Program received signal SIGINT, Interrupt.'], ['expect', '(rdb) '],
      ...command('print work > 0', '$4 = 1'),
      ['send', 'kill\n'], ['expect', 'Kill the program being debugged? (y or n) '], ['send', 'y\n'], ['expect', '[Inferior 1 (process'], ['expect', '(rdb) '],
      ['send', 'quit\n'],
    ];
    const { status, out } = atTerminal(script, ['-q', exe], path.dirname(exe));
    assert.equal(status, 0, out);
    const value = (n: number): string => new RegExp(`^\\$${n} = (.*)$`, 'm').exec(out)?.[1] ?? `no $${n}`;
    // The search moved nothing.
    assert.equal(value(2), value(1), out);
    assert.doesNotMatch(out, /Internal error|not reproducible/, out);
    // The Ctrl-C of the search reached the stopped program too: stepi still steps one instruction.
    assert.match(out, /\(rdb\) stepi\n(?!Program received)[^]*\(rdb\) print \$pc\n\$3 = /, out);
    assert.notEqual(value(3), value(2), out);
    assert.equal(out.match(/Program received signal SIGINT/g)?.length, 1, out);
    assert.deepEqual(tracedProcesses().filter((p) => p.comm.startsWith('longspin')), []);
  });
});
