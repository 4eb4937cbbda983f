// Process: spawn and exit, spawn failures, breakpoints, memory and registers of a stopped tracee.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Process, ProcessStateError, TargetEvent } from '../../src/target/Process';
import { readMaps } from '../../src/target/maps';
import { liveProcesses } from '../../src/target/registry';
import { childrenOf, fixture, procState, spawner, symbolAddress } from './targetHelpers';

const ENV = ['RDB_FIXTURE=yes'];

/** Continues until the process exits, counting breakpoint hits per address. */
async function runToExit(p: Process): Promise<{ hits: Map<bigint, number>; last: TargetEvent }> {
  const hits = new Map<bigint, number>();
  for (;;) {
    const ev = await p.cont();
    if (ev.kind === 'breakpoint') {
      assert.equal(p.regs().rip, ev.address, 'rip is rewound to the breakpoint');
      hits.set(ev.address, (hits.get(ev.address) ?? 0) + 1);
      continue;
    }
    if (ev.kind === 'exited' || ev.kind === 'killed' || ev.kind === 'signal') return { hits, last: ev };
  }
}

describe('target/Process', function () {
  let loop: string;
  let exitCode: string;
  const spawn = spawner({ env: ENV });

  before(() => {
    loop = fixture('counted_loop');
    exitCode = fixture('exit_code');
  });

  it('spawns stopped and reports the exit code', async () => {
    const p = await spawn(exitCode, ['17']);
    assert.equal(p.state, 'stopped');
    assert.ok(procState(p.pid)?.toLowerCase() === 't', 'the tracee is in a ptrace stop');
    const ev = await p.cont();
    assert.deepEqual(ev, { kind: 'exited', code: 17 });
    assert.equal(p.state, 'exited');
    assert.equal(procState(p.pid), undefined, 'the tracee was reaped');
    assert.ok(!liveProcesses().includes(p));
  });

  it('passes the working directory', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rdb-cwd-'));
    const p = await Process.spawn(exitCode, [], { env: ENV, cwd: dir });
    assert.equal(fs.readlinkSync(`/proc/${p.pid}/cwd`), fs.realpathSync(dir));
    assert.deepEqual(await p.cont(), { kind: 'exited', code: 3 });
    fs.rmSync(dir, { recursive: true });
  });

  it('rejects a missing file with ENOENT and leaves no process', async () => {
    const before = childrenOf(process.pid).length;
    await assert.rejects(Process.spawn('/nonexistent/prog', []), (e: NodeJS.ErrnoException) => {
      assert.equal(e.code, 'ENOENT');
      assert.equal(e.syscall, 'execve');
      assert.match(e.message, /\/nonexistent\/prog/);
      return true;
    });
    assert.equal(childrenOf(process.pid).length, before);
  });

  it('rejects a non-executable file with EACCES and leaves no process', async () => {
    const file = path.join(os.tmpdir(), `rdb-noexec-${process.pid}`);
    fs.writeFileSync(file, 'not a program', { mode: 0o644 });
    const before = childrenOf(process.pid).length;
    await assert.rejects(Process.spawn(file, []), (e: NodeJS.ErrnoException) => e.code === 'EACCES' && e.message.includes(file));
    fs.chmodSync(file, 0o755);
    await assert.rejects(Process.spawn(file, []), (e: NodeJS.ErrnoException) => e.code === 'ENOEXEC');
    fs.unlinkSync(file);
    assert.equal(childrenOf(process.pid).length, before);
  });

  it('stops at a breakpoint on each call in a loop', async () => {
    const p = await spawn(loop);
    const tick = symbolAddress(p.pid, loop, 'tick');
    p.insertBreakpoint(tick);
    const { hits, last } = await runToExit(p);
    assert.equal(hits.get(tick), 5);
    assert.deepEqual(last, { kind: 'exited', code: 10 });
  });

  it('shares a breakpoint between users by reference count', async () => {
    const p = await spawn(loop);
    const tick = symbolAddress(p.pid, loop, 'tick');
    p.insertBreakpoint(tick);
    p.insertBreakpoint(tick);
    assert.equal(p.removeBreakpoint(tick), true);
    assert.equal(p.hasBreakpoint(tick), true);
    const ev = await p.cont();
    assert.deepEqual(ev, { kind: 'breakpoint', address: tick });
    assert.equal(p.removeBreakpoint(tick), true);
    assert.equal(p.hasBreakpoint(tick), false);
    assert.equal(p.removeBreakpoint(tick), false);
    const { hits, last } = await runToExit(p);
    assert.equal(hits.size, 0);
    assert.deepEqual(last, { kind: 'exited', code: 10 });
  });

  it('steps over the breakpoint at the current pc', async () => {
    const p = await spawn(loop);
    const tick = symbolAddress(p.pid, loop, 'tick');
    const firstByte = p.readMemory(tick, 1)[0];
    p.insertBreakpoint(tick);
    assert.deepEqual(await p.cont(), { kind: 'breakpoint', address: tick });
    const ev = await p.step();
    assert.deepEqual(ev, { kind: 'step' });
    assert.ok(p.regs().rip > tick && p.regs().rip <= tick + 15n, 'one instruction further');
    assert.equal(p.readMemory(tick, 1)[0], firstByte, 'breakpoint hidden from reads');
    assert.notEqual(firstByte, 0xcc);
    assert.equal(p.hasBreakpoint(tick), true);
    assert.deepEqual(await p.cont(), { kind: 'breakpoint', address: tick }, 'reinserted after the step');
  });

  it('hides inserted breakpoints from memory reads and keeps them under writes', async () => {
    const p = await spawn(loop);
    const tick = symbolAddress(p.pid, loop, 'tick');
    const before = p.readMemory(tick, 16);
    p.insertBreakpoint(tick + 4n);
    assert.deepEqual(p.readMemory(tick, 16), before, 'reads show the original bytes');
    const raw = (await import('../../src/target/native')).tracer().readMemory(p.pid, tick + 4n, 1);
    assert.equal(raw[0], 0xcc, 'the int3 is really there');
    // Writing the same bytes back over the breakpoint keeps it inserted with the new original.
    const changed = Buffer.from(before);
    changed[4] ^= 0xff;
    p.writeMemory(tick, changed);
    assert.deepEqual(p.readMemory(tick, 16), changed);
    p.writeMemory(tick, before);
    p.removeBreakpoint(tick + 4n);
    assert.deepEqual((await import('../../src/target/native')).tracer().readMemory(p.pid, tick, 16), before);
  });

  it('writes memory the program then uses', async () => {
    const p = await spawn(loop);
    const limit = symbolAddress(p.pid, loop, 'limit');
    assert.equal(p.readMemory(limit, 4).readInt32LE(0), 5);
    const seven = Buffer.alloc(4);
    seven.writeInt32LE(7);
    p.writeMemory(limit, seven);
    assert.equal(p.readMemory(limit, 4).readInt32LE(0), 7);
    const tick = symbolAddress(p.pid, loop, 'tick');
    p.insertBreakpoint(tick);
    const { hits, last } = await runToExit(p);
    assert.equal(hits.get(tick), 7);
    assert.deepEqual(last, { kind: 'exited', code: 21 });
  });

  it('round-trips general registers and the program sees them', async () => {
    const p = await spawn(loop);
    const tick = symbolAddress(p.pid, loop, 'tick');
    p.insertBreakpoint(tick);
    await p.cont();
    const regs = p.regs();
    assert.equal(regs.rdi, 0n, 'first call: tick(0)');
    p.setRegs({ ...regs, rdi: 100n, r12: 0x1122334455667788n });
    assert.equal(p.regs().r12, 0x1122334455667788n);
    p.removeBreakpoint(tick);
    const { last } = await runToExit(p);
    assert.deepEqual(last, { kind: 'exited', code: (100 + 1 + 2 + 3 + 4) & 0xff });
  });

  it('round-trips the XSAVE area', async () => {
    const p = await spawn(loop);
    const xs = p.xstate();
    assert.ok(xs.length >= 576, `XSAVE area of ${xs.length} bytes`);
    const XMM0 = 160;
    const XSTATE_BV = 512;
    const pattern = Buffer.from('00112233445566778899aabbccddeeff', 'hex');
    pattern.copy(xs, XMM0);
    // XSTATE_BV bit 1: the SSE state is present (else the kernel restores its init state, zeros).
    xs[XSTATE_BV] |= 2;
    p.setXState(xs);
    await p.step();
    assert.deepEqual(p.xstate().subarray(XMM0, XMM0 + 16), pattern);
  });

  it('reads and writes PROT_NONE pages, stops at the end of memory, fails on none', async () => {
    const exe = fixture('guard_page');
    const p = await spawn(exe);
    const ready = symbolAddress(p.pid, exe, 'ready');
    p.insertBreakpoint(ready);
    assert.deepEqual(await p.cont(), { kind: 'breakpoint', address: ready });
    const region = p.readMemory(symbolAddress(p.pid, exe, 'region'), 8).readBigUInt64LE(0);
    const both = p.readMemory(region, 8192);
    assert.equal(both.length, 8192);
    assert.equal(both.toString('latin1', 4090, 4102), 'AAAAAABBBBBB');
    p.writeMemory(region + 4096n, Buffer.from('CC'));
    assert.equal(p.readMemory(region + 4095n, 4).toString('latin1'), 'ACCB');
    const stack = readMaps(p.pid).find((m) => m.path === '[stack]')!;
    assert.equal(p.readMemory(stack.end - 8n, 64).length, 8, 'a read past the end returns what exists');
    assert.throws(() => p.readMemory(0x1000n, 8), (e: NodeJS.ErrnoException) => e.code === 'EIO' || e.code === 'EFAULT');
  });

  it('refuses synchronous calls while running and after exit', async () => {
    const p = await spawn(loop);
    const running = p.cont();
    assert.equal(p.state, 'running');
    assert.throws(() => p.regs(), ProcessStateError);
    assert.throws(() => p.readMemory(0n, 1), /is running/);
    await running;
    assert.throws(() => p.regs(), /has exited/);
    await p.kill();
  });
});
