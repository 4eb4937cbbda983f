// The reverse commands retrace the forward ones: after forward commands, reverse-continue,
// reverse-stepi and reverse-nexti visit the same stops in reverse order with the same values, and
// history starts at the program's first instruction.
import { strict as assert } from 'assert';
import { compileFixture } from '../helpers/compile';
import { runRdb } from '../helpers/oracle';

/** The values printed ($N = ...), in order. */
function values(out: string): string[] {
  return [...out.matchAll(/^\$\d+ = (.*)$/gm)].map((m) => m[1]);
}

/** The commands `cmd` then `print E` for each expression, `n` times. */
function each(cmd: string, n: number, ...exprs: string[]): string[] {
  return Array.from({ length: n }, () => [cmd, ...exprs.map((e) => `print ${e}`)]).flat();
}

describe('cli: reverse execution retraces forward execution', function () {
  this.timeout(120000);

  it('reverse-continue visits the breakpoint stops backwards, then history starts; forward again repeats them', () => {
    const exe = compileFixture('history');
    const out = runRdb(exe, ['break 11', 'run', 'print i', 'print g', 'print stamp', ...each('continue', 3, 'i', 'g', 'stamp'),
      ...each('reverse-continue', 3, 'i', 'g', 'stamp'), 'reverse-continue', 'info registers rip', ...each('continue', 4, 'i', 'g', 'stamp'), 'delete', 'continue']);
    const v = values(out);
    assert.equal(v.length, 3 * 11, out);
    const stops = Array.from({ length: 11 }, (_, k) => v.slice(3 * k, 3 * k + 3).join(' '));
    const forward = stops.slice(0, 4);
    assert.deepEqual(stops.slice(4, 7), forward.slice(0, 3).reverse(), 'reverse-continue retraces the stops');
    assert.deepEqual(stops.slice(7, 11), forward, 'forward again from the start of history: the same stops');
    assert.match(out, /^No more reverse-execution history\.\n0x[0-9a-f]+ in .*ld-linux-x86-64\.so\.2$/m);
    assert.match(out, /^rip +0x[0-9a-f]+ +0x[0-9a-f]+ <_start>$/m);
    for (let i = 0; i < 5; i++) assert.equal(out.split('\n').filter((l) => l.startsWith(`i=${i} `)).length, 1, `line ${i} printed once:\n${out}`);
    assert.match(out, /\[Inferior 1 \(process N\) exited normally\]/);
  });

  it('reverse-stepi retraces stepi', () => {
    const exe = compileFixture('reverse');
    const out = runRdb(exe, ['break 13', 'run', 'print $pc', 'print g', ...each('stepi', 5, '$pc', 'g'), ...each('reverse-stepi', 5, '$pc', 'g')]);
    const v = values(out);
    assert.equal(v.length, 2 + 10 + 10, out);
    const states = Array.from({ length: 11 }, (_, k) => `${v[2 * k]} g=${v[2 * k + 1]}`);
    assert.deepEqual(states.slice(6), states.slice(0, 5).reverse(), out);
    assert.notEqual(states[0], states[5], 'stepi moved and changed g');
  });

  it('reverse-nexti retraces nexti over calls', () => {
    const exe = compileFixture('reverse');
    const out = runRdb(exe, ['break 14 if i == 2', 'run', 'print $pc', 'print s', ...each('nexti', 8, '$pc', 's'), ...each('reverse-nexti', 8, '$pc', 's')]);
    const v = values(out);
    assert.equal(v.length, 2 + 16 + 16, out);
    const states = Array.from({ length: 17 }, (_, k) => `${v[2 * k]} s=${v[2 * k + 1]}`);
    assert.deepEqual(states.slice(9), states.slice(0, 8).reverse(), out);
    assert.ok(states.slice(1, 9).some((st) => st.split(' s=')[1] !== states[0].split(' s=')[1]), 'the nexti steps went over the call to twice');
  });

  it('who wrote this: from a crash, watch and reverse-continue land on the bad write, then the good one', () => {
    const exe = compileFixture('corrupt');
    const out = runRdb(exe, ['run', 'watch nodes[1].next', 'reverse-continue', 'print k', 'bt 1', 'reverse-continue', 'print i',
      'reverse-continue', 'continue', 'continue', 'continue']);
    assert.match(out, /^\nProgram received signal SIGSEGV, Segmentation fault\.\n0x[0-9a-f]+ in sum \(\) at .*corrupt\.c:24\n/, out);
    // Backwards: the write of 0x10 shows the pointer before it as the new value.
    assert.match(out, /Hardware watchpoint 1: nodes\[1\]\.next\n\nOld value = \(struct node \*\) 0x10\nNew value = \(struct node \*\) 0x[0-9a-f]+ <nodes\+32>\ntidy \(k=2\) at .*corrupt\.c:19\n19\t    nodes\[1\]\.next = \(struct node \*\)0x10;\n\$1 = 2\n#0  tidy \(k=2\)/);
    assert.match(out, /Old value = \(struct node \*\) 0x[0-9a-f]+ <nodes\+32>\nNew value = \(struct node \*\) 0x0\n0x[0-9a-f]+ in link_all \(\) at .*corrupt\.c:11\n.*\n\$2 = 1\n/);
    assert.match(out, /No more reverse-execution history\.\n0x[0-9a-f]+ in _start \(\)/);
    // Forwards again: the same writes, the other way round, then the crash.
    assert.match(out, /_start \(\) from .*\n\nHardware watchpoint 1: nodes\[1\]\.next\n\nOld value = \(struct node \*\) 0x0\nNew value = \(struct node \*\) 0x[0-9a-f]+ <nodes\+32>\n0x[0-9a-f]+ in link_all/);
    assert.match(out, /Old value = \(struct node \*\) 0x[0-9a-f]+ <nodes\+32>\nNew value = \(struct node \*\) 0x10\ntidy \(k=2\) at .*corrupt\.c:20\n[^]*Program received signal SIGSEGV/);
  });

  it('replay shows exactly the recorded past: clock, random bytes, time-stamp counter, pid, file; output once', () => {
    const exe = compileFixture('determinism');
    const out = runRdb(exe, ['break round_done', 'run', 'print/x hash', ...each('continue', 3, '/x hash'), ...each('reverse-continue', 2, '/x hash'),
      'reverse-next', 'reverse-next', 'reverse-step', 'next', 'next', ...each('continue', 5, '/x hash'), 'continue']);
    const printed = new Map([...out.matchAll(/^round (\d): ([0-9a-f]+)$/gm)].map((m) => [Number(m[1]), m[2]]));
    assert.equal(printed.size, 6, out);
    for (let r = 0; r < 6; r++) assert.equal(out.split('\n').filter((l) => l.startsWith(`round ${r}:`)).length, 1, `round ${r} printed once`);
    const seen = [...out.matchAll(/^Breakpoint 1, round_done \(r=(\d)\)[^]*?\n\$\d+ = 0x([0-9a-f]+)$/gm)].map((m) => [Number(m[1]), m[2]] as const);
    assert.deepEqual(seen.map(([r]) => r), [0, 1, 2, 3, 2, 1, 1, 2, 3, 4, 5]);
    for (const [r, h] of seen) assert.equal(h, printed.get(r), `round ${r}: the hash the program printed`);
    assert.match(out, /\[Inferior 1 \(process N\) exited normally\]/);
  });

  it('many steps: older checkpoints are thinned out, and reverse-next still retraces every stop by replay', () => {
    const exe = compileFixture('reverse');
    const n = 30;
    const out = runRdb(exe, ['break 13', 'run', 'delete', 'print i', 'print s', ...each('next', n, 'i', 's'), 'info record',
      ...each('reverse-next', n, 'i', 's'), 'info record']);
    const v = values(out);
    assert.equal(v.length, 2 * (2 * n + 1), out);
    const states = Array.from({ length: 2 * n + 1 }, (_, k) => `${v[2 * k]}/${v[2 * k + 1]}`);
    assert.deepEqual(states.slice(n + 1), states.slice(0, n).reverse(), 'reverse-next visits the same stops backwards');
    const counts = [...out.matchAll(/^Recorded history holds (\d+) stops[^]*?^Checkpoints: (\d+) at stops/gm)].map((m) => [Number(m[1]), Number(m[2])]);
    assert.equal(counts.length, 2, out);
    assert.ok(counts[0][1] < counts[0][0] / 2, `checkpoints were thinned: ${counts[0]}`);
  });

  it('a program that started a thread: going back across it is refused with the reason, forward goes on', () => {
    const exe = compileFixture('threaded', ['-g', '-O0', '-pthread']);
    const out = runRdb(exe, ['break tick', 'run', 'continue', 'reverse-continue', 'print shared', 'continue']);
    assert.match(out, /^cannot go back past this point: the program started a thread, and rdb records and replays single-threaded programs only$/m);
    assert.match(out, /^\[New Thread 0x[0-9a-f]+ \(LWP N\)\]$/m);
    assert.match(out, /^\$1 = 1$/m);
    assert.match(out, /^shared=1\n\[Inferior 1 \(process N\) exited normally\]$/m);
  });

  it('a handled signal from outside: going back across it is refused with the reason (never a hang or a wrong past)', () => {
    const exe = compileFixture('alarm');
    const out = runRdb(exe, ['break tick', 'run', 'continue', 'continue', 'reverse-continue', 'print ticks', 'reverse-continue', 'continue', 'continue']);
    assert.match(out, /Breakpoint 1, tick \(i=1\)[^]*\$1 = 1\n/);
    assert.match(out, /^cannot go back past this point: signal SIGALRM came from outside between two system calls while the program ran, and rdb cannot replay such signals yet$/m);
    assert.match(out, /^ticks=1\n\[Inferior 1 \(process N\) exited normally\]$/m);
  });

  it('writable shared memory: going back is refused with the reason', () => {
    const exe = compileFixture('shared');
    const out = runRdb(exe, ['break tick', 'run', 'continue', 'reverse-continue', 'print *counter', 'continue']);
    assert.match(out, /^cannot go back: the program writes shared memory \(\/dev\/zero\), which rdb's checkpoints cannot keep yet$/m);
    assert.match(out, /^\$1 = 2$/m);
    assert.match(out, /Breakpoint 1, tick \(i=2\)/);
  });
});
