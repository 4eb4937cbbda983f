// What gdb writes to stdout and what to stderr: errors on stderr; notices, auto-answered
// queries and partial lines of a failing `x` on stdout. rdb must split them the same way.
import * as assert from 'assert';
import { compileFixture } from '../helpers/compile';
import { gdbStdout, rdbStdout } from '../helpers/oracle';

const scripts: Array<{ fixture: string; commands: string[] }> = [
  { fixture: 'loops', commands: ['print nosuch', 'next', 'break nosuch', 'break 9999', 'info locals', 'break main', 'run', 'print 1 +', 'frame 9',
    'x/4xw 0', 'x/2s 0', 'info line 9999', 'undisplay 4', 'delete 9', 'disable 7', 'delete 1 9', 'info breakpoints', 'continue'] },
  { fixture: 'structs', commands: ['break move', 'run', 'bt', 'finish', 'print nosuch', 'list 9999', 'continue'] },
];

describe('stdout and stderr are split as gdb splits them', function () {
  this.timeout(120000);
  for (const s of scripts) {
    it(`${s.fixture}: ${s.commands.slice(0, 4).join('; ')} ...`, () => {
      const prog = compileFixture(s.fixture);
      const expected = gdbStdout(prog, s.commands);
      assert.ok(expected.includes('\n'), 'gdb printed something');
      assert.strictEqual(rdbStdout(prog, s.commands), expected);
    });
  }
});
