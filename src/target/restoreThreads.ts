// The threads of a restored image beyond the main one: each made by a clone injected into the
// main thread (with the image's thread id where it is free), then given its own kernel state by
// calls injected into it (the address cleared at its exit, its robust futex list, its alternate
// signal stack), and last its registers, extended state and blocked signals.
import { tracer, type Regs } from './native';
import type { Process } from './Process';
import type { CoreThreadState } from './coreReader';
import type { ImageThread } from './imageNotes';

const SYS_set_tid_address = 218;
const SYS_set_robust_list = 273;
const SYS_sigaltstack = 131;
const SYS_clone = 56;
const SYS_clone3 = 435;
/** CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM: a thread. */
const THREAD_FLAGS = 0x100n | 0x200n | 0x400n | 0x800n | 0x10000n | 0x40000n;
const SS_DISABLE = 2;
const CLONE_ARGS_SIZE = 88;

/** -ENOSYS at a syscall-entry stop, and the -ERESTART* values a call interrupted in the kernel shows. */
export const RESTARTS = new Set([-38n, -512n, -513n, -514n, -516n]);

/** Registers to resume a thread with: a system call it was in is made again. */
export function resumeRegs(regs: Regs): Regs {
  const out: Regs = { ...regs, eflags: regs.eflags & ~0x100n };
  const rax = BigInt.asIntN(64, out.rax);
  if (BigInt.asIntN(64, out.orig_rax) >= 0n && RESTARTS.has(rax)) {
    out.rax = out.orig_rax;
    out.rip -= 2n;
  }
  out.orig_rax = BigInt.asUintN(64, -1n);
  return out;
}

/**
 * Makes the image's thread `t` (with `facts`) in `proc`, whose selected thread stands at a
 * `syscall` instruction in the scratch page `scratch` (its bytes from +0x200 free for us).
 * Returns the new thread's id; `fail` says why when a call fails.
 */
export function makeThread(proc: Process, scratch: bigint, t: CoreThreadState, facts: ImageThread, fail: (why: string) => never): number {
  const tr = tracer();
  // clone3 with set_tid gives the thread the image's id (glibc caches it: pthread_kill uses it).
  const args = Buffer.alloc(CLONE_ARGS_SIZE);
  args.writeBigUInt64LE(THREAD_FLAGS, 0);
  args.writeBigUInt64LE(scratch + 0x300n, 64); // set_tid
  args.writeBigUInt64LE(1n, 72); // set_tid_size
  const tidAt = Buffer.alloc(8);
  tidAt.writeInt32LE(facts.tid, 0);
  proc.writeMemory(scratch + 0x200n, args);
  proc.writeMemory(scratch + 0x300n, tidAt);
  let tid = proc.injectSyscall(SYS_clone3, [scratch + 0x200n, BigInt(CLONE_ARGS_SIZE)]);
  if (tid < 0n) tid = proc.injectSyscall(SYS_clone, [THREAD_FLAGS, 0n, 0n, 0n, 0n]);
  if (tid <= 0n) fail(`making thread ${facts.tid} failed (clone: errno ${-tid})`);
  const id = Number(tid);
  proc.adoptThread(id, t.regs.fs_base);
  ownState((nr, a) => tr.injectSyscall(id, nr, a), proc, scratch, facts, fail);
  if (t.xstate) tr.setXState(id, t.xstate);
  tr.setRegs(id, resumeRegs(t.regs));
  tr.setSigMask(id, facts.sigmask);
  return id;
}

/** Thread `facts.tid`'s own kernel state (the address cleared at its exit, its robust futex list,
 * its alternate signal stack), by calls `inject` makes in it. */
export function ownState(inject: (nr: number, args: bigint[]) => bigint, proc: Process, scratch: bigint, facts: ImageThread, fail: (why: string) => never): void {
  const call = (nr: number, a: bigint[], what: string): void => {
    const r = inject(nr, a);
    if (r < 0n) fail(`${what} of thread ${facts.tid} failed (errno ${-r})`);
  };
  call(SYS_set_tid_address, [facts.clearTid], 'setting the exit address');
  if (facts.robustList !== 0n) call(SYS_set_robust_list, [facts.robustList, facts.robustLen], 'setting the robust futex list');
  if (!(facts.altStack.flags & SS_DISABLE)) {
    const ss = Buffer.alloc(24);
    ss.writeBigUInt64LE(facts.altStack.sp, 0);
    ss.writeBigUInt64LE(facts.altStack.size, 16);
    proc.writeMemory(scratch + 0x380n, ss);
    call(SYS_sigaltstack, [scratch + 0x380n, 0n], 'setting the alternate signal stack');
  }
}
