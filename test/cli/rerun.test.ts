// `run` while the program runs starts it again, as gdb does in batch mode: the new process stops
// at the same breakpoints (none left over from the old one), with hit counts from zero; also
// after going back in time.
import { strict as assert } from 'assert';
import { compileFixture } from '../helpers/compile';
import { runGdb, runRdb } from '../helpers/oracle';

describe('cli: run again', function () {
  this.timeout(120000);
  let exe: string;
  before(() => { exe = compileFixture('loops'); });

  it('stops at the breakpoints again, hit counts from zero, watchpoints kept (compared with gdb)', () => {
    const commands = ['break square', 'run', 'continue', 'run', 'bt', 'continue', 'run', 'info breakpoints',
      'watch counter', 'continue', 'run', 'info breakpoints', 'continue'];
    assert.equal(runRdb(exe, commands), runGdb(exe, commands));
  });

  it('after reverse execution, the new run has its own history', () => {
    const out = runRdb(exe, ['break square', 'run', 'continue 2', 'reverse-continue', 'print v', 'run', 'print v', 'reverse-continue', 'continue', 'print v']);
    assert.match(out, /\$1 = 1\n[^]*Breakpoint 1, square \(v=0\)[^]*\$2 = 0\n\nNo more reverse-execution history\.\n[^]*Breakpoint 1, square \(v=0\)[^]*\$3 = 0$/m);
  });
});

describe('cli: shell', function () {
  this.timeout(60000);
  it('shell CMD and !CMD run a command line in order with rdb\'s output', () => {
    const exe = compileFixture('loops');
    const out = runRdb(exe, ['echo a\\n', 'shell echo "b $((1+2))"', '!/bin/echo c', 'shell exit 3', 'print 7']);
    assert.match(out, /^a\nb 3\nc\n\$1 = 7$/m);
  });
});
