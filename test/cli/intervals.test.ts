// Interval checkpoints: a command that runs long is copied at system call entries on the way
// (`set checkpoint-interval`), and searches going back scan the last stretches between those
// copies instead of the whole command. Every stop, frame and value must be what the same
// script shows without them (the path tested against gdb elsewhere).
import { strict as assert } from 'assert';
import { compileFixture } from '../helpers/compile';
import { runRdb } from '../helpers/oracle';
import { tracedProcesses } from '../helpers/processes';

/** What may differ between the two runs: the timeline's notes, checkpoint counts, pids. */
function comparable(out: string): string {
  return out.split('\n').filter((l) => !/^[ *] #\d+ |^Checkpoints: |^Switching to process /.test(l)).join('\n');
}

function intervalCount(out: string): number {
  return [...out.matchAll(/(\d+) interval checkpoints? on the way/g)].reduce((n, m) => n + Number(m[1]), 0);
}

describe('cli: interval checkpoints during long commands', function () {
  this.timeout(180000);
  let exe: string;
  before(() => { exe = compileFixture('longrun'); });

  const both = (script: string[]): { on: string; off: string } => ({
    on: runRdb(exe, ['set checkpoint-interval 20', ...script]),
    off: runRdb(exe, ['set checkpoint-interval 0', ...script]),
  });

  it('reverse-continue, reverse-finish, reverse-next, reverse-step and watch stop where they do without them', () => {
    const { on, off } = both(['break 26', 'run', 'info timeline', 'break mark', 'reverse-continue', 'p round', 'p checksum', 'reverse-continue', 'p round',
      'reverse-finish', 'reverse-next', 'reverse-next', 'p round', 'p checksum', 'reverse-step', 'bt', 'delete', 'watch checksum', 'reverse-continue',
      'reverse-continue', 'p round', 'delete', 'next', 'next', 'next', 'p round', 'break mark', 'continue', 'p round', 'info timeline']);
    assert.ok(intervalCount(on) >= 3, `the run to line 26 was checkpointed on the way:\n${on}`);
    assert.equal(intervalCount(off), 0, off);
    assert.equal(comparable(on), comparable(off));
    assert.match(on, /Breakpoint 2, mark \(round=103\) at [^\n]*longrun\.c:16\n16\t  sink \+= round;\n\$1 = 103\n/, on);
    assert.match(on, /Breakpoint 2, mark \(round=78\) at [^\n]*longrun\.c:16\n16\t  sink \+= round;\n\$3 = 78\n/, on);
    // The watch goes back to the writes of checksum in rounds 103 and 102.
    assert.match(on, /Old value = \d+\nNew value = \d+\n0x[0-9a-f]+ in main \(\) at [^\n]*longrun\.c:24\n24\t    checksum \^= getuid\(\) \+ round;\n/, on);
  });

  it('positions whose checkpoints were thinned out are reached again from them', () => {
    const steps = Array.from({ length: 40 }, () => 'stepi');
    const { on, off } = both(['break 26', 'run', 'delete', ...steps, 'info timeline', 'break mark', 'reverse-continue', 'p round', 'p checksum', 'bt',
      'reverse-continue', 'p round', 'delete', 'continue', 'info record']);
    const timeline = on.slice(on.indexOf('  #0 '));
    assert.match(timeline, /^ {2}#1 0x[0-9a-f]+, file [^\n]*longrun\.c, line 26 \(\d+ interval checkpoints on the way\)$/m, 'its own checkpoint went, not its interval ones');
    assert.equal(comparable(on), comparable(off));
    assert.match(on, /Breakpoint 2, mark \(round=103\)[^]*\$1 = 103\n[^]*Breakpoint 2, mark \(round=78\)[^]*\$3 = 78\n/, on);
    // Going forward to the end again prints the program's line once, and it exits once.
    assert.equal(on.split('\n').filter((l) => l.startsWith('total ')).length, 1, on);
    assert.match(on, /\[Inferior 1 \(process N\) exited normally\]/, on);
  });

  it('leaves no process behind', () => {
    runRdb(exe, ['set checkpoint-interval 10', 'break 26', 'run', 'break mark', 'reverse-continue', 'kill']);
    assert.deepEqual(tracedProcesses().filter((p) => p.comm.startsWith('longrun')), []);
  });
});
