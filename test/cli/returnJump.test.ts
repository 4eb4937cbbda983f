// gdb's `return [EXPR]` and `jump SPEC`: the debugger changes where the program is; history
// starts again there (no replay leads through a change the program did not make itself).
import { strict as assert } from 'assert';
import { compileFixture } from '../helpers/compile';
import { runGdb, runRdb } from '../helpers/oracle';

describe('cli: return and jump', function () {
  this.timeout(120000);
  let exe: string;
  before(() => { exe = compileFixture('loops'); });

  for (const commands of [
    ['break square', 'run', 'return', 'bt', 'next', 'print acc', 'jump 23', 'bt', 'return 42', 'next', 'print acc', 'info frame', 'delete', 'jump 28'],
    ['break bump', 'run', 'up', 'return 5', 'bt', 'next', 'print i'],
    ['break square', 'run', 'up', 'up', 'return 7', 'continue'],
  ]) {
    it(`matches gdb: ${commands.join('; ')}`, () => {
      assert.equal(runRdb(exe, commands), runGdb(exe, commands));
    });
  }

  it('going back stops where `return` changed the program', () => {
    const out = runRdb(exe, ['break square', 'run', 'return 9', 'next', 'print acc', 'reverse-next', 'reverse-next', 'print acc', 'delete', 'continue']);
    assert.match(out, /^\$1 = 9$/m);
    assert.match(out, /No more reverse-execution history\.\n0x[0-9a-f]+ in main \(argc=1, argv=0x[0-9a-f]+\) at .*loops\.c:23\n23\t    acc \+= square\(i\);\n[^]*\$2 = 0/);
    assert.match(out, /^acc=23 counter=106$/m);
  });
});
