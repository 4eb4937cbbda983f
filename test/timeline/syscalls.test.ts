// Recording and replaying system calls: a replica forked from a checkpoint sees exactly what the
// live run saw (time, random bytes, pid, file contents), prints nothing again, and a replica
// that strays from the record is stopped with an error naming the call.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Process } from '../../src/target/Process';
import { Recorder, Replayer, ReplayDivergence, SyscallLog } from '../../src/timeline/syscalls';
import { patchVdso } from '../../src/timeline/vdso';
import { compileFixture, repoRoot } from '../helpers/compile';
import { symbolAddress } from '../target/targetHelpers';

const fixture = (name: string): string => compileFixture(path.join(repoRoot, 'test/timeline/fixtures', `${name}.c`));

describe('timeline/syscalls: record and replay', function () {
  const procs: Process[] = [];
  afterEach(async () => { await Promise.all(procs.splice(0).map((p) => p.kill())); });

  interface Run { exe: string; live: Process; log: SyscallLog; out: string; at: (s: string) => bigint }

  async function start(): Promise<Run> {
    const exe = fixture('nondeterministic');
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rdb-replay-')), 'out.txt');
    const fd = fs.openSync(out, 'w');
    const live = await Process.spawn(exe, [], { disableAslr: true, stdio: [0, fd, 2] });
    fs.closeSync(fd);
    procs.push(live);
    const log = new SyscallLog(live.pid);
    assert.ok(patchVdso(live).includes('__vdso_clock_gettime'));
    live.syscallHook = new Recorder(live, log);
    const addrs = new Map(['hash', 'round_done', 'rounds'].map((s) => [s, symbolAddress(live.pid, exe, s)]));
    return { exe, live, log, out, at: (s) => addrs.get(s)! };
  }

  /** Continues `p` to each round_done, collecting the hash, until it stops otherwise. */
  /** The live run, stopped at its first round_done, checkpointed, then run to its end. */
  async function recorded(): Promise<Run & { checkpoint: Process; index: number; first: { seen: bigint[]; end: string } }> {
    const run = await start();
    run.live.insertBreakpoint(run.at('round_done'));
    assert.equal((await run.live.cont()).kind, 'breakpoint');
    const checkpoint = run.live.fork();
    procs.push(checkpoint);
    const index = run.log.length;
    const first = await hashes(run.live, run.at);
    return { ...run, checkpoint, index, first };
  }

  /** A copy of the checkpoint, replaying from its place in the log. */
  function replica(checkpoint: Process, log: SyscallLog, index: number): { p: Process; replayer: Replayer } {
    const p = checkpoint.fork();
    procs.push(p);
    const replayer = new Replayer(p, log, index);
    p.syscallHook = replayer;
    return { p, replayer };
  }

  async function hashes(p: Process, at: (s: string) => bigint): Promise<{ seen: bigint[]; end: string }> {
    const seen: bigint[] = [];
    for (;;) {
      const ev = await p.cont();
      if (ev.kind !== 'breakpoint') return { seen, end: ev.kind === 'exited' ? `exited ${ev.code}` : ev.kind };
      seen.push(p.readMemory(at('hash'), 8).readBigUInt64LE(0));
    }
  }

  it('a replica from a checkpoint sees the same values and prints nothing', async () => {
    const { log, out, at, checkpoint, index, first } = await recorded();
    assert.equal(first.end, 'exited 0');
    assert.equal(first.seen.length, 3);
    const printed = fs.readFileSync(out, 'utf8');
    assert.equal(printed.split('\n').filter(Boolean).length, 4);
    assert.ok(log.records.some((r) => r.nr === 318 /* getrandom */), 'getrandom was recorded');
    assert.ok(log.records.some((r) => r.nr === 228 /* clock_gettime */), 'the vDSO clock became a recorded call');

    for (let round = 0; round < 2; round++) {
      const { p, replayer } = replica(checkpoint, log, index);
      p.insertBreakpoint(at('round_done'));
      const again = await hashes(p, at);
      assert.deepEqual(again.seen, first.seen, 'the same hashes in replay');
      // The live run's exit_group never returned, so it is not in the log: history ends there.
      assert.equal(again.end, 'syscall');
      assert.ok(replayer.atEnd);
      assert.equal(fs.readFileSync(out, 'utf8'), printed, 'no line appears twice');
    }
  });

  it('a replica that strays from the record reports the call where it diverged', async () => {
    const { log, at, checkpoint, index, first } = await recorded();
    assert.equal(first.end, 'exited 0');
    const { p } = replica(checkpoint, log, index);
    // One round fewer: the replica leaves the loop and calls exit_group where a clock was read.
    p.writeMemory(at('rounds'), Buffer.from([1, 0, 0, 0]));
    await assert.rejects(p.cont(), (e: unknown) => e instanceof ReplayDivergence && /exit_group/.test(e.message) && /clock_gettime/.test(e.message));
  });

  it('single-steps through system calls without running them again', async () => {
    const { live, log, at } = await start();
    live.insertBreakpoint(at('round_done'));
    await live.cont();
    const checkpoint = live.fork();
    procs.push(checkpoint);
    const index = log.length;
    // Live: single-step to the next round_done (its calls recorded on the way), counting steps.
    const target = at('round_done');
    let steps = 0;
    do {
      assert.equal((await live.step()).kind, 'step');
      steps++;
    } while (live.regs().rip !== target);
    const hash = live.readMemory(at('hash'), 8);
    const { p, replayer } = replica(checkpoint, log, index);
    for (let i = 0; i < steps; i++) assert.equal((await p.step()).kind, 'step');
    assert.equal(p.regs().rip, target, 'the same number of steps lands on the same instruction');
    assert.deepEqual(p.readMemory(at('hash'), 8), hash);
    assert.equal(replayer.index, log.length);
  });
});
