// New reverse scenarios on a fixture with recursion, structs and arrays changed in place,
// function pointers and a global counter written in several places: compared with gdb's
// `record full` where its recorder is right, and with the expected stops where it is not
// (gdb's recorder misses hardware watchpoints going back).
import { strict as assert } from 'assert';
import { compileFixture } from '../helpers/compile';
import { runGdb, runRdb } from '../helpers/oracle';

interface Scenario { name: string; commands: string[] }

const scenarios: Scenario[] = [
  { name: 'reverse-finish out of deep recursion, reverse-next and reverse-step across frames of one function, tbreak met going back',
    commands: ['break main', 'run', 'break fact if n == 1', 'continue', 'bt', 'print counter', 'reverse-finish', 'print n', 'reverse-finish', 'bt',
      'reverse-next', 'reverse-next', 'print pts', 'reverse-step', 'reverse-step', 'print *p', 'reverse-finish', 'print j', 'tbreak square',
      'reverse-continue', 'print v', 'bt', 'reverse-next', 'info breakpoints'] },
  { name: 'ignore counts and conditions forward, a condition changed before reverse-continue, hit counts',
    commands: ['break main', 'run', 'break fact', 'ignore 2 2', 'continue', 'print n', 'bt', 'condition 2 n == 4', 'reverse-continue', 'print n',
      'tbreak square', 'reverse-continue', 'continue', 'print n', 'info breakpoints'] },
  { name: 'an ignore count is used up going back too, each crossing counted as a hit',
    commands: ['break main', 'run', 'break move', 'continue', 'continue', 'continue', 'ignore 2 1', 'reverse-continue', 'print dx', 'print pts',
      'info breakpoints', 'continue', 'print dx'] },
  { name: 'reverse-step into a one-line function called through a pointer, and back out of it',
    commands: ['break main', 'run', 'break apply if v == 3', 'continue', 'step', 'step', 'step', 'print out', 'reverse-step', 'reverse-step', 'print v',
      'reverse-step', 'print $pc', 'reverse-step', 'print i', 'print grid'] },
];

/** The values printed ($N = ...), in order. */
function values(out: string): string[] {
  return [...out.matchAll(/^\$\d+ = (.*)$/gm)].map((m) => m[1]);
}

describe('rdb reverse execution on held-out style scenarios', function () {
  this.timeout(120000);
  let exe: string;
  before(() => { exe = compileFixture('heldout', ['-g', '-O0'], true); });

  for (const s of scenarios) {
    it(`${s.name} (as gdb record full)`, () => {
      const run = s.commands.indexOf('run');
      const gdbCommands = [...s.commands.slice(0, run + 1), 'record', ...s.commands.slice(run + 1)];
      assert.strictEqual(runRdb(exe, s.commands), runGdb(exe, gdbCommands));
    });
  }

  it('watch and rwatch going back find the last write and the last read; forward again goes on to the end', () => {
    const out = runRdb(exe, ['break move', 'run', 'continue', 'continue', 'watch counter', 'reverse-continue', 'print counter', 'bt 1',
      'reverse-continue', 'print counter', 'delete', 'break 41', 'continue', 'rwatch pts[2].x', 'reverse-continue', 'print pts[2]',
      'awatch pts[1].y', 'delete 4', 'continue', 'continue']);
    // From move(dx=3): the last write to counter is move(dx=2)'s `counter += 2`, shown at the writing
    // instruction with the value before it as the new one; going on back, move(dx=2)'s breakpoint.
    assert.match(out, /Hardware watchpoint 2: counter\n\nHardware watchpoint 2: counter\n\nOld value = -1\nNew value = -3\n0x[0-9a-f]+ in move \(p=0x[0-9a-f]+ <pts\+8>, dx=2\) at .*heldout\.c:21\n21\t  counter \+= 2;\n\$1 = -3\n#0  0x[0-9a-f]+ in move \(p=0x[0-9a-f]+ <pts\+8>, dx=2\) at .*heldout\.c:21\n\nBreakpoint 1, move \(p=0x[0-9a-f]+ <pts\+8>, dx=2\) at .*heldout\.c:19\n19\t  p->x \+= dx;\n\$2 = -3\n/, out);
    // A read found going back (from after all the moves) shows the value read, before move(dx=3) wrote it.
    assert.match(out, /Hardware read watchpoint 4: pts\[2\]\.x\n\nHardware read watchpoint 4: pts\[2\]\.x\n\nValue = 0\n0x[0-9a-f]+ in move \(p=0x[0-9a-f]+ <pts\+16>, dx=3\) at .*heldout\.c:19\n19\t  p->x \+= dx;\n\$3 = \{x = 0, y = 0\}\n/, out);
    // Forward from there: pts[1] is not accessed any more; the breakpoint at 41, then the exit.
    assert.match(out, /\$3 = \{x = 0, y = 0\}\nHardware access \(read\/write\) watchpoint 5: pts\[1\]\.y\n\nBreakpoint 3, main \(\) at .*heldout\.c:41\n41\t  total \+= fact\(4\);\n\[Inferior 1 \(process N\) exited normally\]\n$/, out);
  });

  it('set exec-direction reverse: finish, next, continue and step go back; forward again from there', () => {
    const out = runRdb(exe, ['break move', 'run', 'continue', 'set exec-direction reverse', 'finish', 'next', 'print j', 'continue', 'print *p',
      'step', 'print j', 'show exec-direction', 'set exec-direction forward', 'next', 'next', 'print dx']);
    const at = (dx: number, j: number): string => `move \\(p=0x[0-9a-f]+ <pts${j ? `\\+${8 * j}` : ''}>, dx=${dx}\\) at .*heldout\\.c:19\n19\t  p->x \\+= dx;\n`;
    const expected = [`\nBreakpoint 1, ${at(2, 1)}`, '0x[0-9a-f]+ in main \\(\\) at .*heldout\\.c:40\n40\t    move\\(&pts\\[j\\], j \\+ 1\\);\n',
      '40\t    move\\(&pts\\[j\\], j \\+ 1\\);\n\\$1 = 1\n', `\nBreakpoint 1, ${at(1, 0)}\\$2 = \\{x = 0, y = 0\\}\n`,
      'main \\(\\) at .*heldout\\.c:40\n40\t    move\\(&pts\\[j\\], j \\+ 1\\);\n\\$3 = 0\nReverse\\.\n',
      // Forward again: `next` over the call stops at the breakpoint in it.
      `\nBreakpoint 1, ${at(1, 0)}20\t  p->y -= dx;\n\\$4 = 1\n$`];
    assert.match(out, new RegExp(`${expected.join('')}`), out);
  });

  it('a crash, then back: watch -l on the corrupted pointer finds the bad write, bt there, steps around it, then the good write', () => {
    const crash = compileFixture('scribble');
    const out = runRdb(crash, ['run', 'print i', 'print table[i]', 'watch -l table[i].val', 'reverse-continue', 'bt', 'print k', 'reverse-step',
      'reverse-step', 'print p', 'next', 'next', 'next', 'reverse-continue', 'info breakpoints', 'reverse-continue', 'print i', 'continue', 'continue', 'continue']);
    const expected = [
      '\nProgram received signal SIGSEGV, Segmentation fault\.\n0x[0-9a-f]+ in total \\(\\) at .*scribble\.c:22\n22\t    t \\+= \\*table\\[i\\]\.val;\n\\$1 = 2\n',
      '\\$2 = \\{id = 2, val = 0x555500000007\\}\nHardware watchpoint 1: -location table\\[i\\]\.val\n',
      // Back to the bad write: the value before it is shown as the new one.
      '\nHardware watchpoint 1: -location table\\[i\\]\.val\n\nOld value = \\(int \\*\\) 0x555500000007\nNew value = \\(int \\*\\) 0x[0-9a-f]+ <store\\+8>\n',
      'scribble \\(k=2\\) at .*scribble\.c:16\n16\t  p\\[2\\] = 7; [^\n]*\n#0  scribble \\(k=2\\) at .*scribble\.c:16\n#1  0x[0-9a-f]+ in main \\(\\) at .*scribble\.c:30\n\\$3 = 2\n',
      '16\t  p\\[2\\] = 7; [^\n]*\n15\t  int \\*p = [^\n]*\n\\$4 = \\(int \\*\\) 0x[0-9a-f]+[^\n]*\n16\t  p\\[2\\] = 7; [^\n]*\n',
      // Forward over it again: the watchpoint stops after the write, then main.
      '\nHardware watchpoint 1: -location table\\[i\\]\.val\n\nOld value = \\(int \\*\\) 0x[0-9a-f]+ <store\\+8>\nNew value = \\(int \\*\\) 0x555500000007\nscribble \\(k=2\\) at .*scribble\.c:17\n17\t}\nmain \\(\\) at .*scribble\.c:31\n31\t  return total\\(\\);\n',
      '\nHardware watchpoint 1: -location table\\[i\\]\.val\n\nOld value = \\(int \\*\\) 0x555500000007\nNew value = \\(int \\*\\) 0x[0-9a-f]+ <store\\+8>\nscribble \\(k=2\\) at .*scribble\.c:16\n',
      '[^]*-location table\\[i\\]\.val\n\tbreakpoint already hit 3 times\n',
      // And the good write in fill(), then forward to the same crash.
      '\nHardware watchpoint 1: -location table\\[i\\]\.val\n\nOld value = \\(int \\*\\) 0x[0-9a-f]+ <store\\+8>\nNew value = \\(int \\*\\) 0x0\n0x[0-9a-f]+ in fill \\(\\) at .*scribble\.c:10\n10\t    table\\[i\\]\.val = &store\\[i\\];\n\\$5 = 2\n',
      '[^]*scribble \\(k=2\\) at .*scribble\.c:17\n17\t}\n\nProgram received signal SIGSEGV, Segmentation fault\.\n0x[0-9a-f]+ in total \\(\\) at .*scribble\.c:22\n'];
    assert.match(out, new RegExp(expected.join('')), out);
  });

  it('restart N goes on from where checkpoint N was taken: reverse-continue from there goes back from there', () => {
    const out = runRdb(exe, ['break move', 'run', 'continue', 'checkpoint', 'continue', 'restart 1', 'print dx', 'reverse-continue', 'print dx',
      'continue', 'continue', 'print dx', 'restart 0', 'print dx', 'reverse-continue', 'print dx']);
    assert.deepEqual(values(out), ['2', '1', '3', '3', '2'], out);
    assert.match(out, /^Switching to process \d+\n#0  move \(p=0x[0-9a-f]+ <pts\+8>, dx=2\) at .*heldout\.c:19\n/m, out);
  });
});
