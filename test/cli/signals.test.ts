// Signals from outside that arrive while the program waits in a system call: replay gives them
// at the same point (as the call ends), so reverse execution goes back across their handlers,
// and a handler's frames look as in gdb.
import { strict as assert } from 'assert';
import { compileFixture } from '../helpers/compile';
import { runGdb, runRdb } from '../helpers/oracle';

/** The values printed ($N = ...), in order. */
function values(out: string): string[] {
  return [...out.matchAll(/^\$\d+ = (.*)$/gm)].map((m) => m[1]);
}

describe('cli: signals from outside, forward and back', function () {
  this.timeout(120000);
  let exe: string;
  before(() => { exe = compileFixture('timer'); });

  it('a handler\'s backtrace and frames match gdb (<signal handler called>)', () => {
    const commands = ['break on_alarm', 'run', 'bt', 'up', 'up', 'down', 'frame 1', 'frame 0', 'print s'];
    assert.equal(runRdb(exe, commands), runGdb(exe, commands));
  });

  it('reverse-continue goes back through the timer\'s handlers, and forward again the same way', () => {
    const out = runRdb(exe, ['break 57', 'run', 'continue', 'print seen', 'break on_alarm',
      'reverse-continue', 'print ticks', 'print seen', 'bt',
      'reverse-continue', 'print ticks', 'reverse-continue', 'print ticks', 'reverse-continue',
      'continue', 'print ticks', 'continue', 'print ticks', 'continue', 'print ticks', 'continue', 'print seen', 'continue', 'print seen', 'delete', 'continue']);
    assert.match(out, /^Program received signal SIGUSR1, User defined signal 1\.$/m);
    assert.deepEqual(values(out), ['{14, 14, 14, 110}', '2', '{14, 14, 0, 0}', '1', '0', '0', '1', '2', '{14, 14, 14, 0}', '{14, 14, 14, 110}'], out);
    // Going back shows the handler called from pause(), as the program saw it.
    assert.match(out, /^#0  on_alarm \(s=14\) at .*timer\.c:14\n#1  <signal handler called>\n#2  0x[0-9a-f]+ in __libc_pause \(\) at /m);
    assert.match(out, /^No more reverse-execution history\.$/m);
    // Forward from the past, the SIGUSR1 stop comes back where it came, and its handler runs.
    assert.equal(out.match(/^Program received signal SIGUSR1/gm)?.length, 2, out);
    assert.equal(out.match(/^ticks=3 usr1=110$/gm)?.length, 1, 'the program\'s output appears once');
    assert.match(out, /^ticks=3 usr1=110\n\[Inferior 1 \(process N\) exited normally\]$/m);
  });

  it('reverse-continue finds the handler that a signal stop led to when continued', () => {
    const out = runRdb(exe, ['break 57', 'run', 'continue', 'break on_usr1', 'reverse-continue', 'print s', 'bt 2', 'reverse-continue', 'print seen',
      'continue', 'continue', 'print seen', 'continue', 'print seen']);
    assert.deepEqual(values(out), ['10', '{0, 0, 0, 0}', '{14, 14, 14, 0}', '{14, 14, 14, 110}'], out);
    assert.match(out, /^#1  <signal handler called>$/m);
    assert.match(out, /Breakpoint 2, on_usr1 \(s=10\)[^]*Breakpoint 2, on_usr1 \(s=10\)[^]*Breakpoint 1, main \(\) at .*timer\.c:57/);
  });

  it('handle and info signals: stop, print and pass as gdb treats them', () => {
    for (const commands of [
      ['handle SIGALRM print', 'handle SIGUSR1 nostop', 'info signals SIGUSR1', 'handle SIGFOO stop', 'handle SIGUSR1 bogus',
        'handle SIGINT pass', 'info handle SIGINT', 'handle 14-15 nopass', 'info signals 14', 'handle SIGALRM pass', 'run'],
      ['handle SIGUSR1 nopass', 'handle SIGALRM stop', 'run', 'print ticks', 'continue', 'continue', 'print ticks', 'continue', 'bt 1', 'continue'],
    ]) assert.equal(runRdb(exe, commands), runGdb(exe, commands));
  });

  it('a signal the table keeps from the program stays kept in replay', () => {
    const out = runRdb(exe, ['handle SIGUSR1 nostop noprint nopass', 'break 57', 'run', 'print seen', 'break on_usr1', 'break on_alarm',
      'reverse-continue', 'print ticks', 'delete', 'break 57', 'continue', 'print seen', 'delete', 'continue']);
    assert.deepEqual(values(out), ['{14, 14, 14, 0}', '2', '{14, 14, 14, 0}'], out);
    assert.equal(out.match(/^ticks=3 usr1=0$/gm)?.length, 1, out);
  });
});

describe('cli: signals from outside between two system calls', function () {
  this.timeout(120000);

  it('are held back to the next system call: going back and forth shows what the program saw, each line printed once', () => {
    const exe = compileFixture('ticking');
    const out = runRdb(exe, ['break round_done', 'run', 'print ticks', 'continue', 'print ticks', 'continue', 'print ticks', 'continue', 'print ticks',
      'info record', 'reverse-continue', 'print ticks', 'reverse-continue', 'print ticks', 'reverse-continue', 'print ticks',
      'continue', 'print ticks', 'delete', 'continue']);
    assert.doesNotMatch(out, /cannot go back/, out);
    const stops = [...out.matchAll(/^Breakpoint 1, round_done \(r=(\d), v=(-?\d+)\)[^]*?\n\$\d+ = (\d+)$/gm)].map((m) => ({ r: Number(m[1]), v: m[2], ticks: m[3] }));
    assert.deepEqual(stops.map((s) => s.r), [0, 1, 2, 3, 2, 1, 0, 1], out);
    for (const s of stops) {
      const first = stops.find((f) => f.r === s.r)!;
      assert.deepEqual(s, first, `round ${s.r} looks the same every time it is visited`);
    }
    const held = /and (\d+) signals from outside \((\d+) held back/.exec(out);
    assert.ok(held && Number(held[2]) > 0, `signals came between calls and were held back:\n${out}`);
    // The program's own lines: once each, with the values seen at the stops.
    for (let r = 0; r < 6; r++) assert.equal(out.split('\n').filter((l) => l.startsWith(`round ${r}: `)).length, 1, `round ${r} printed once`);
    for (const s of stops) assert.match(out, new RegExp(`^round ${s.r}: ${s.v}$`, 'm'));
    assert.match(out, /^ticks came\n\[Inferior 1 \(process N\) exited normally\]$/m);
  });

  it('that end a wait with its own signal mask (sigsuspend, ppoll) come through that mask in replay', () => {
    const exe = compileFixture('suspend');
    const out = runRdb(exe, ['break tick', 'run', 'continue', 'continue', 'continue', 'print ticks', 'reverse-continue', 'print ticks',
      'reverse-continue', 'print ticks', 'reverse-continue', 'print ticks', 'continue', 'print woke', 'delete', 'continue']);
    assert.doesNotMatch(out, /cannot (?:go back|replay)/, out);
    const stops = [...out.matchAll(/^Breakpoint 1, tick \(i=(\d), how=(-?\d+)\)/gm)].map((m) => `${m[1]}:${m[2]}`);
    assert.deepEqual(stops, ['0:9', '1:19', '2:29', '3:39', '2:29', '1:19', '0:9', '1:19'], out);
    assert.deepEqual(values(out), ['4', '3', '2', '1', '{9, 0, 0, 0, 0, 0}'], out);
    assert.equal(out.match(/^ticks=6 woke=9,19,29,39,49,59$/gm)?.length, 1, out);
  });
});
