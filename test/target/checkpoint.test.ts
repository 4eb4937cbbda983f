// Fork checkpoints: an injected clone copies a stopped tracee exactly, leaves it as it was, and
// the copy (not a child of the program) can be copied again and run to the same end.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import { Process } from '../../src/target/Process';
import { fixture, procState, spawner, symbolAddress } from './targetHelpers';

const SYS_getpid = 39;

function sigBlocked(pid: number): string {
  return /SigBlk:\s*(\S+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))![1];
}

describe('target/Process: fork checkpoints', function () {
  const spawn = spawner({});
  const copies: Process[] = [];
  afterEach(async () => { await Promise.all(copies.splice(0).map((p) => p.kill())); });

  async function atSecondTick(): Promise<{ p: Process; counter: bigint; tick: bigint }> {
    const exe = fixture('checkpointee');
    const p = await spawn(exe);
    const tick = symbolAddress(p.pid, exe, 'tick');
    const counter = symbolAddress(p.pid, exe, 'counter');
    p.insertBreakpoint(tick);
    for (let hits = 0; hits < 2;) {
      const ev = await p.cont();
      assert.equal(ev.kind, 'breakpoint');
      hits++;
    }
    return { p, counter, tick };
  }

  it('copies registers, memory and signal mask, and leaves the original untouched', async () => {
    const { p, counter, tick } = await atSecondTick();
    const before = { ...p.regs() };
    const code = p.readMemory(before.rip, 16);
    const c = p.fork();
    copies.push(c);
    assert.notEqual(c.pid, p.pid);
    assert.equal(procState(c.pid), 't', 'the copy waits in a trace stop');
    assert.deepEqual({ ...p.regs() }, before, 'the original keeps its registers');
    assert.deepEqual({ ...c.regs() }, before, 'the copy has the same registers');
    assert.deepEqual(p.readMemory(before.rip, 16), code);
    assert.equal(c.readMemory(tick, 1)[0], code[0], 'the copy holds the original code, not our int3');
    assert.equal(c.readMemory(counter, 4).readInt32LE(0), 1);
    assert.equal(sigBlocked(c.pid), sigBlocked(p.pid), 'the signal mask is restored in both');
    assert.notEqual(sigBlocked(p.pid), 'ffffffffffffffff');
  });

  it('the copy is not a child of the program, and copies of it run to the same end', async () => {
    const { p, counter, tick } = await atSecondTick();
    const checkpoint = p.fork();
    copies.push(checkpoint);
    p.removeBreakpoint(tick);
    // The program's wait() finds no child although the checkpoint exists: it exits with 5.
    assert.deepEqual(await p.cont(), { kind: 'exited', code: 5 });
    for (let round = 0; round < 2; round++) {
      const replica = checkpoint.fork();
      copies.push(replica);
      assert.equal(replica.readMemory(counter, 4).readInt32LE(0), 1, 'the copy starts from the checkpoint');
      replica.insertBreakpoint(tick);
      assert.equal((await replica.cont()).kind, 'breakpoint');
      assert.equal(replica.readMemory(counter, 4).readInt32LE(0), 2);
      replica.removeBreakpoint(tick);
      assert.deepEqual(await replica.cont(), { kind: 'exited', code: 5 });
    }
    assert.equal(checkpoint.readMemory(counter, 4).readInt32LE(0), 1, 'the checkpoint stays pristine');
    assert.equal(procState(checkpoint.pid), 't');
  });

  it('runs an injected system call and restores the caller', async () => {
    const { p } = await atSecondTick();
    const before = { ...p.regs() };
    assert.equal(p.injectSyscall(SYS_getpid, []), BigInt(p.pid));
    assert.deepEqual({ ...p.regs() }, before);
    assert.equal(p.injectSyscall(9999, []), -38n, 'an unknown call answers ENOSYS');
    assert.equal((await p.cont()).kind, 'breakpoint', 'the program goes on as before');
  });

  it('killing a checkpoint leaves nothing behind', async () => {
    const { p } = await atSecondTick();
    const c = p.fork();
    await c.kill();
    assert.equal(procState(c.pid), undefined);
    assert.throws(() => c.fork(), /has exited/);
  });
});
