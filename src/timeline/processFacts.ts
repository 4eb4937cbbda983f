// Facts about a traced process that the timeline acts on (its signal handlers, an rdtsc at the pc,
// whether two register sets are one moment) and the errors it gives for what it cannot do.
import * as fs from 'fs';
import type { Regs } from '../target/native';
import type { Process } from '../target/Process';

/** A change of the program's state was asked for while a replica shows the past. */
export class PastWriteError extends Error {
  constructor(what: string) {
    super(`cannot ${what} in the past: rdb is showing recorded history (go forward to the present to change the program)`);
    this.name = 'PastWriteError';
  }
}

/** A checkpoint was asked for where none can be taken (the program runs several threads). */
export class CheckpointRefused extends Error {
  constructor(why: string) {
    super(`cannot take a checkpoint: ${why}`);
    this.name = 'CheckpointRefused';
  }
}

/** Whether process `pid` has a handler for `signal` (SigCgt in /proc/PID/status). */
export function caught(pid: number, signal: number): boolean {
  try {
    const m = /^SigCgt:\s*([0-9a-f]+)/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m !== null && ((BigInt(`0x${m[1]}`) >> BigInt(signal - 1)) & 1n) === 1n;
  } catch {
    return false;
  }
}

/** The length of the rdtsc (0f 31) or rdtscp (0f 01 f9) instruction at `pc`, or 0. */
export function tscInstruction(p: Process, pc: bigint): number {
  let code: Buffer;
  try {
    code = p.readMemory(pc, 3);
  } catch {
    return 0;
  }
  if (code[0] === 0x0f && code[1] === 0x31) return 2;
  if (code[0] === 0x0f && code[1] === 0x01 && code[2] === 0xf9) return 3;
  return 0;
}

/** Whether two register sets are the same moment (the trap and resume flags aside). */
export function sameRegisters(a: Regs, b: Regs): boolean {
  const flags = ~0x10100n; // TF, RF
  for (const k of Object.keys(a) as Array<keyof Regs>) {
    if (k === 'orig_rax') continue;
    if (k === 'eflags') {
      if ((a.eflags & flags) !== (b.eflags & flags)) return false;
    } else if (a[k] !== b[k]) {
      return false;
    }
  }
  return true;
}

/** Takes every breakpoint and watchpoint out of a stopped process. */
export function clearOurs(p: Process): void {
  if (p.state !== 'stopped') return;
  for (const addr of p.breakpointAddresses()) while (p.removeBreakpoint(addr));
  for (let slot = 0; slot < 4; slot++) if (p.hwWatchpoint(slot)) p.clearHwWatchpoint(slot);
}
