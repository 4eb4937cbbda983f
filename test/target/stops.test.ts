// Process stop events: hardware watchpoints, signals, interrupt, kill, and tracees outliving nobody.
import { strict as assert } from 'assert';
import { spawn as spawnChild } from 'child_process';
import * as path from 'path';
import { once } from 'events';
import { Process } from '../../src/target/Process';
import { waitUntil } from '../helpers/processes';
import { fixture, procState, spawner, symbolAddress } from './targetHelpers';

const SIGSEGV = 11;
const SIGSTOP = 19;
const SIGKILL = 9;

describe('target/Process stops', function () {
  let loop: string;
  let spin: string;
  const spawn = spawner({});

  before(() => {
    loop = fixture('counted_loop');
    spin = fixture('spin');
  });

  it('stops on a write to a global with a hardware watchpoint', async () => {
    const p = await spawn(loop);
    const watched = symbolAddress(p.pid, loop, 'watched');
    const touch = symbolAddress(p.pid, loop, 'touch');
    const slot = p.setHwWatchpoint(watched, 8, 'write');
    const ev = await p.cont();
    assert.deepEqual(ev, { kind: 'watchpoint', slot, address: watched, slots: [slot] });
    assert.equal(p.readMemory(watched, 8).readBigInt64LE(0), 42n, 'stops after the write');
    const rip = p.regs().rip;
    assert.ok(rip > touch && rip < touch + 64n, `stopped in touch(), rip 0x${rip.toString(16)}`);
    p.clearHwWatchpoint(slot);
    assert.deepEqual(await p.cont(), { kind: 'exited', code: 10 });
  });

  it('counts reads with a readwrite watchpoint and executions with an exec one', async () => {
    const p = await spawn(loop);
    const rw = p.setHwWatchpoint(symbolAddress(p.pid, loop, 'limit'), 4, 'readwrite');
    const tick = symbolAddress(p.pid, loop, 'tick');
    const x = p.setHwWatchpoint(tick, 1, 'exec');
    assert.notEqual(rw, x);
    const hits = [0, 0, 0, 0];
    for (;;) {
      const ev = await p.cont();
      if (ev.kind !== 'watchpoint') {
        assert.deepEqual(ev, { kind: 'exited', code: 10 });
        break;
      }
      if (ev.slot === x) assert.equal(p.regs().rip, tick, 'an exec breakpoint stops before the instruction');
      hits[ev.slot]++;
    }
    assert.equal(hits[x], 5);
    assert.equal(hits[rw], 6, 'limit is read once per loop test');
  });

  it('validates hardware watchpoints', async () => {
    const p = await spawn(loop);
    const watched = symbolAddress(p.pid, loop, 'watched');
    assert.throws(() => p.setHwWatchpoint(watched + 1n, 4, 'write'), /not aligned/);
    assert.throws(() => p.setHwWatchpoint(watched, 3, 'write'), /1, 2, 4 or 8/);
    assert.throws(() => p.setHwWatchpoint(watched, 8, 'exec'), /length 1/);
    for (let i = 0; i < 4; i++) assert.equal(p.setHwWatchpoint(watched, 8, 'write'), i);
    assert.throws(() => p.setHwWatchpoint(watched, 8, 'write'), /all 4/);
    p.clearHwWatchpoint(2);
    assert.equal(p.setHwWatchpoint(watched, 4, 'readwrite'), 2);
  });

  it('reports SIGSEGV with the faulting address, then death by it', async () => {
    const p = await spawn(fixture('null_write'));
    const ev = await p.cont();
    assert.equal(ev.kind, 'signal');
    if (ev.kind !== 'signal') return;
    assert.equal(ev.signal, SIGSEGV);
    assert.equal(ev.siginfo.addr, 0x1234n);
    assert.equal(ev.siginfo.code, 1 /* SEGV_MAPERR */);
    const end = await p.cont(ev.signal);
    assert.equal(end.kind, 'killed');
    assert.equal(end.kind === 'killed' && end.signal, SIGSEGV);
    assert.equal(p.state, 'exited');
  });

  it('interrupts an infinite loop', async () => {
    const p = await spawn(spin);
    const main = symbolAddress(p.pid, spin, 'main');
    p.insertBreakpoint(main);
    assert.deepEqual(await p.cont(), { kind: 'breakpoint', address: main });
    p.removeBreakpoint(main);
    const running = p.cont();
    assert.equal(p.state, 'running');
    p.interrupt();
    const ev = await running;
    assert.equal(ev.kind, 'signal');
    assert.equal(ev.kind === 'signal' && ev.signal, SIGSTOP);
    assert.equal(p.state, 'stopped');
    const rip = p.regs().rip;
    assert.ok(rip >= main && rip < main + 64n, 'stopped inside main');
    // Not delivering the SIGSTOP: the loop goes on, and can be interrupted again.
    const again = p.cont();
    p.interrupt();
    assert.equal((await again).kind, 'signal');
  });

  it('kill ends a running process, settles its resume and leaves nothing behind', async () => {
    const p = await spawn(spin);
    const running = p.cont();
    await p.kill();
    assert.deepEqual(await running, { kind: 'killed', signal: SIGKILL });
    assert.equal(p.state, 'exited');
    assert.equal(procState(p.pid), undefined);
    await p.kill();
  });

  it('kill ends a stopped process', async () => {
    const p = await spawn(loop);
    await p.kill();
    assert.equal(p.state, 'exited');
    assert.equal(procState(p.pid), undefined);
  });

  it('reports a process killed from outside while stopped', async () => {
    const p = await spawn(loop);
    process.kill(p.pid, 'SIGKILL');
    assert.deepEqual(await p.cont(), { kind: 'killed', signal: SIGKILL });
    assert.equal(procState(p.pid), undefined);
  });

  it('reports a process killed from outside while stopped on a breakpoint', async () => {
    const p = await spawn(loop);
    p.insertBreakpoint(p.regs().rip);
    process.kill(p.pid, 'SIGKILL');
    await waitUntil(() => procState(p.pid) === 'Z');
    assert.throws(() => p.readMemory(p.regs().rip, 1), (e: NodeJS.ErrnoException) => e.code === 'ESRCH');
    assert.deepEqual(await p.step(), { kind: 'killed', signal: SIGKILL });
    assert.equal(p.state, 'exited');
  });

  it('reports a process killed from outside while running', async () => {
    const p = await spawn(spin);
    const running = p.cont();
    process.kill(p.pid, 'SIGKILL');
    assert.deepEqual(await running, { kind: 'killed', signal: SIGKILL });
  });

  it('runs two tracees at once and serves one while the other runs', async () => {
    const a = await spawn(spin);
    const b = await spawn(loop);
    const running = a.cont();
    assert.ok(b.readMemory(b.regs().rip, 4).length === 4);
    assert.deepEqual(await b.cont(), { kind: 'exited', code: 10 });
    a.interrupt();
    assert.equal((await running).kind, 'signal');
  });

  const endings = { SIGKILL: 'is killed by SIGKILL', exit: 'calls process.exit', return: 'runs out of work' };
  for (const [mode, how] of Object.entries(endings)) {
    it(`takes its tracees along when node ${how}`, async () => {
      const script = path.join(__dirname, 'holdTracees.js');
      const child = spawnChild(process.execPath, [script, spin, mode === 'SIGKILL' ? 'hold' : mode], { stdio: ['ignore', 'pipe', 'inherit'] });
      const exited = once(child, 'exit');
      const [line] = (await once(child.stdout!, 'data')) as [Buffer];
      const pids = JSON.parse(line.toString()) as { running: number; stopped: number };
      if (mode === 'SIGKILL') {
        assert.ok(['R', 'S'].includes(procState(pids.running) ?? ''), 'the running tracee runs');
        assert.equal(procState(pids.stopped), 't', 'the stopped tracee is in a ptrace stop');
        child.kill('SIGKILL');
      }
      await exited;
      // The kernel kills and reparents them asynchronously; no event tells us when.
      const dead = (pid: number): boolean => [undefined, 'Z', 'X'].includes(procState(pid));
      await waitUntil(() => dead(pids.running) && dead(pids.stopped));
    });
  }
});
