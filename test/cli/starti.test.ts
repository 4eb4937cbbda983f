// gdb's `starti`: the program stopped at its first instruction (the dynamic linker's _start,
// named as gdb names it, by PT_INTERP, before the link map exists); stepping and running on
// from there, and going back to it.
import { strict as assert } from 'assert';
import { compileFixture } from '../helpers/compile';
import { runGdb, runRdb } from '../helpers/oracle';

describe('cli: starti', function () {
  this.timeout(120000);

  it('stops at the first instruction as gdb does; stepi, bt 1, x/i and continue from there', () => {
    const exe = compileFixture('loops');
    const commands = ['break bump', 'starti', 'info registers rip', 'stepi', 'bt 1', 'x/i $pc', 'stepi', 'continue', 'bt'];
    const want = runGdb(exe, commands);
    assert.match(want, /\nProgram stopped\.\n0x[0-9a-f]+ in _start \(\) from \/lib64\/ld-linux-x86-64\.so\.2\n/);
    assert.equal(runRdb(exe, commands), want);
  });

  it('the first instruction is the start of history: reverse-stepi from the next one comes back to it', () => {
    const exe = compileFixture('loops');
    const out = runRdb(exe, ['starti', 'print $pc', 'stepi', 'reverse-stepi', 'print $pc', 'reverse-stepi']);
    const pcs = [...out.matchAll(/^\$\d+ = \(void \(\*\)\(\)\) (0x[0-9a-f]+) <_start>$/gm)].map((m) => m[1]);
    assert.equal(pcs.length, 2, out);
    assert.equal(pcs[0], pcs[1], out);
    assert.match(out, /\nNo more reverse-execution history\.\n0x[0-9a-f]+ in _start \(\) from \/lib64\/ld-linux-x86-64\.so\.2\n$/, out);
  });
});
