// What a SIGTRAP stop of a traced thread means: one of our breakpoints (the pc put back on it), a
// debug register's watchpoint or single-step, the end of a single-step, or a SIGTRAP of the
// program's own (sent by kill or raise).
import { tracer, type Regs, type ResumeMode, type SigInfo } from './native';
import { DR6_SINGLE_STEP, dr6HitSlots } from './debugRegisters';
import type { TargetEvent } from './processTypes';

const SIGTRAP = 5;
const SI_KERNEL = 0x80;

/** The thread that stopped, as far as reading its trap goes. */
interface Trapped { readonly tid: number; regs(): Readonly<Regs>; setRegs(regs: Regs): void }

/** The event SIGTRAP `siginfo` of `thread` stands for after a run in `mode`; `hw` are the watch slots in use. */
export function trapEvent(thread: Trapped, breakpoints: { has(addr: bigint): boolean }, hw: ReadonlyArray<{ address: bigint } | undefined>,
  siginfo: SigInfo, mode: ResumeMode): TargetEvent {
  const regs = thread.regs();
  if (siginfo.code === SI_KERNEL && breakpoints.has(regs.rip - 1n)) {
    thread.setRegs({ ...regs, rip: regs.rip - 1n });
    return { kind: 'breakpoint', address: regs.rip - 1n };
  }
  if (hw.some((s) => s !== undefined)) {
    const t = tracer();
    const dr6 = t.getDebugReg(thread.tid, 6);
    if (dr6 !== 0n) t.setDebugReg(thread.tid, 6, 0n);
    const slots = dr6HitSlots(dr6).filter((s) => hw[s] !== undefined);
    if (slots.length) return { kind: 'watchpoint', slot: slots[0], address: hw[slots[0]]!.address, slots };
    if (dr6 & DR6_SINGLE_STEP && mode === 'step') return { kind: 'step' };
  }
  // A SIGTRAP sent by kill/raise (si_code <= 0 with a sender) is the program's own signal.
  const sent = siginfo.code <= 0 && siginfo.pid !== 0;
  if ((mode === 'step' || mode === 'sysemu_step') && !sent && siginfo.code !== SI_KERNEL) return { kind: 'step' };
  return { kind: 'signal', signal: SIGTRAP, siginfo };
}
