// The facade's interrupt within a command: asked once, even when no process runs at that moment,
// it stops the command's next run (a continue does not move, a search going back ends with
// `Quit`), and it does not outlive the command.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import { compileFixture } from '../helpers/compile';
import { tracedProcesses, waitUntil } from '../helpers/processes';
import { Debugger } from '../../src/debugger/Debugger';
import type { ResumeResult } from '../../src/debugger/events';

function reason(r: ResumeResult): string {
  return r.kind === 'stopped' ? r.stop.reason.kind : `exited`;
}

describe('debugger: an interrupt holds until the command ends', function () {
  this.timeout(120000);

  it('stops the next run of the command it came in, and only of that command', async () => {
    const exe = compileFixture('loops');
    const dbg = new Debugger();
    const devNull = fs.openSync('/dev/null', 'r+');
    try {
      dbg.load(exe);
      dbg.launch = { stdio: [devNull, devNull, devNull] };
      dbg.setBreakpoint('bump', false);
      assert.equal(reason(await dbg.command(() => dbg.run())), 'breakpoint');
      assert.equal(reason(await dbg.command(() => dbg.cont())), 'breakpoint');
      const at = (): string => `${dbg.evaluateText('$pc')} ${dbg.evaluateText('counter')} ${dbg.evaluateText('by')}`;
      const before = at();
      assert.match(before, / 0 1$/); // the second call of bump, before it adds

      // Nothing runs when the interrupt comes: no command, no program.
      assert.equal(dbg.interrupt(), false);
      // In a command, before its run starts: the run stops at once.
      const stopped = await dbg.command(async () => {
        assert.equal(dbg.interrupt(), true);
        return dbg.cont();
      });
      assert.equal(reason(stopped), 'interrupted');
      assert.equal(at(), before);
      // It ran nothing, so history is as it was: going back and forth works.
      const back = await dbg.command(() => dbg.reverseStepInstruction('stepi', 1));
      assert.equal(reason(back), 'step');
      assert.notEqual(dbg.evaluateText('$pc'), before.split(' ')[0]);
      await dbg.command(() => dbg.step('stepi', 1));
      assert.equal(at(), before);

      // A search going back makes copy after copy of the program: it ends with Quit, nothing moved.
      await assert.rejects(dbg.command(async () => {
        dbg.interrupt();
        return dbg.reverseContinue();
      }), (e: Error) => e.message === 'Quit');
      assert.equal(at(), before);

      // The next command runs as if nothing had been asked.
      assert.equal(reason(await dbg.command(() => dbg.cont())), 'breakpoint');
      assert.match(at(), / 1 2$/);
      assert.equal(reason(await dbg.command(() => dbg.reverseContinue())), 'breakpoint');
      assert.equal(at(), before);
    } finally {
      await dbg.dispose();
      fs.closeSync(devNull);
    }
    assert.deepEqual(tracedProcesses().filter((p) => p.comm.startsWith('loops')), []);
  });

  it('a run interrupted while it ran is where going back stops, with the reason; forward goes on', async () => {
    const exe = compileFixture('longspin');
    const dbg = new Debugger();
    const devNull = fs.openSync('/dev/null', 'r+');
    try {
      dbg.load(exe);
      dbg.launch = { stdio: [devNull, devNull, devNull] };
      dbg.setBreakpoint('started', false);
      await dbg.command(() => dbg.run());
      dbg.deleteBreakpoints();
      // Interrupted somewhere in the long loop: a moment replay cannot find again.
      const pid = dbg.pid()!;
      const running = dbg.command(() => dbg.cont());
      // Running its loop (state R in /proc), not stopped by ptrace (t).
      await waitUntil(() => fs.readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '')[0] === 'R');
      assert.equal(dbg.interrupt(), true);
      assert.equal(reason(await running), 'interrupted');
      const pc = dbg.evaluateText('$pc');
      await assert.rejects(dbg.command(() => dbg.reverseStepInstruction('stepi', 1)), /cannot go back past this point: the program was interrupted here/);
      assert.equal(dbg.evaluateText('$pc'), pc);
      assert.equal(reason(await dbg.command(() => dbg.step('stepi', 1))), 'step');
      // From the next stop back to the interrupted one: its own checkpoint.
      assert.equal(reason(await dbg.command(() => dbg.reverseStepInstruction('stepi', 1))), 'step');
      assert.equal(dbg.evaluateText('$pc'), pc);
    } finally {
      await dbg.dispose();
      fs.closeSync(devNull);
    }
  });
});
