// gdb's confirmation queries at a terminal: kill, run, delete, handle SIGINT and quit ask (y or n), and
// no leaves everything as it was; under -batch they are answered (see the CLI tests).
import { strict as assert } from 'assert';
import * as path from 'path';
import { compileFixture } from '../helpers/compile';
import { tracedProcesses } from '../helpers/processes';

import { atTerminal, command, type Step } from '../helpers/terminal';

const asked = (line: string, question: string, answer: string, upTo: string): Step[] =>
  [['send', `${line}\n`], ['expect', `${question} (y or n) `], ['send', `${answer}\n`], ['expect', upTo], ['expect', '(rdb) ']];

describe('cli: confirmation queries at a terminal', function () {
  this.timeout(180000);

  it('kill, run, handle SIGINT and quit ask; no changes nothing, yes goes on', () => {
    const exe = compileFixture('loops');
    const script: Step[] = [
      ['expect', '(rdb) '],
      ...command('break main', 'Breakpoint 1 at'),
      ...command('run', 'Breakpoint 1, main'),
      ...command('print $pc', '$1 = '),
      ...asked('kill', 'Kill the program being debugged?', 'n', 'Not confirmed.'),
      ...asked('run', 'Start it from the beginning?', 'no', 'Program not restarted.'),
      ...asked('delete', 'Delete all breakpoints?', 'n', ''),
      ...command('info breakpoints', 'breakpoint already hit 1 time'),
      ...asked('handle SIGINT nostop', 'Are you sure you want to change it?', 'n', 'Not confirmed, unchanged.'),
      ...command('info signals SIGINT', 'SIGINT'),
      ['send', 'quit\n'], ['expect', 'Quit anyway? (y or n) '], ['send', 'maybe\n'], ['expect', 'Please answer y or n.'],
      ['expect', 'Quit anyway? (y or n) '], ['send', 'n\n'], ['expect', 'Not confirmed.'], ['expect', '(rdb) '],
      ...command('print $pc', '$2 = '),
      ...asked('kill', 'Kill the program being debugged?', 'y', '[Inferior 1 (process'),
      ...command('run', 'Breakpoint 1, main'),
      ['send', 'quit\n'], ['expect', 'Quit anyway? (y or n) '], ['send', 'y\n'],
    ];
    const { status, out } = atTerminal(script, ['-q', exe], path.dirname(exe));
    assert.equal(status, 0, out);
    const value = (n: number): string => new RegExp(`^\\$${n} = (.*)$`, 'm').exec(out)?.[1] ?? `no $${n}`;
    // No moved nothing: the program is where it was.
    assert.equal(value(2), value(1), out);
    // The answer n left SIGINT stopping.
    assert.match(out, /^SIGINT\s+Yes\s+Yes\s+No\s+Interrupt$/m, out);
    assert.equal(out.match(/\[Inferior 1 \(process \d+\) killed\]/g)?.length, 1, out);
    assert.deepEqual(tracedProcesses().filter((p) => p.comm.startsWith('loops')), []);
  });
});
