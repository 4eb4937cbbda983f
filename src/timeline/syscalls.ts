// Recording the live process's system calls, and reproducing them in a replica: emulated from
// the record, or run again where they shape the process. A replica that asks for another call
// than the one recorded has diverged: that is reported, never papered over.
import type { Process, SyscallHook } from '../target/Process';
import { mappingAt, readMaps } from '../target/maps';
import type { Regs, SyscallInfo } from '../target/native';
import { ioctlKnown, SYS_rt_sigsuspend, SYSCALLS, syscallName, waitMask } from './syscallTable';

export interface SyscallRecord {
  nr: number;
  args: bigint[];
  /** The result the program saw (a negative errno on failure). */
  ret: bigint;
  /** The memory the call wrote, as the program saw it right after the call. */
  writes: Array<{ addr: bigint; data: Buffer }>;
  /** A signal from outside that the program received right as this call ended (or was cut
   * short by it, `ret` then being the kernel's restart code): replay sends it at the same point. */
  signal?: number;
  /** For a file mapping (mmap of a file): the file and the offset mapped, which replay maps as
   * anonymous memory (see Replayer.mapRecordedFile) and the debugger still names by its file. */
  file?: { path: string; offset: bigint };
}

/** The calls of one live run, in order; replicas index into it. */
export class SyscallLog {
  readonly records: SyscallRecord[] = [];
  /** The time-stamp counter values rdtsc/rdtscp gave the program, in order. */
  readonly tsc: bigint[] = [];
  /** Signals from outside that the program's handlers took between system calls, after how
   * many calls: replay cannot put them back where they came (no instruction counter). Those
   * that came as a call ended are kept on its record instead (SyscallRecord.signal). */
  readonly asyncSignals: Array<{ index: number; signal: number }> = [];
  /** How many signals from outside that came between two calls were held back to the next
   * call's entry and sent again there (see Inferior.hold). */
  heldSignals = 0;
  /** The first writable shared mapping the program made (its file, or where it is). */
  sharedMemory?: string;
  /** The live process's pid, which replicas answer getpid and friends with. */
  constructor(readonly pid: number) {}

  get length(): number { return this.records.length; }

  /** Bytes held by recorded memory writes. */
  bytes(): number {
    let n = 0;
    for (const r of this.records) for (const w of r.writes) n += w.data.length;
    return n;
  }
}

/** A replica asked for a call that differs from the recorded one: its past is not the past. */
export class ReplayDivergence extends Error {
  constructor(readonly index: number, expected: SyscallRecord, got: SyscallInfo) {
    super(`replay diverged at system call #${index + 1}: the program made ${describe(got.nr, got.args)} where it had made ${describe(expected.nr, expected.args)}`
      + (got.nr === expected.nr ? ` (argument ${expected.args.findIndex((a, i) => a !== got.args[i]) + 1} differs: 0x${got.args[expected.args.findIndex((a, i) => a !== got.args[i])].toString(16)} instead of 0x${expected.args[expected.args.findIndex((a, i) => a !== got.args[i])].toString(16)})` : ''));
    this.name = 'ReplayDivergence';
  }
}

/** A recorded call that replay cannot reproduce. */
export class ReplayUnsupported extends Error {
  constructor(readonly index: number, what: string) {
    super(`cannot replay system call #${index + 1}: ${what}`);
    this.name = 'ReplayUnsupported';
  }
}

function describe(nr: number, args: bigint[]): string {
  return `${syscallName(nr)}(${args.slice(0, 3).map((a) => `0x${a.toString(16)}`).join(', ')}, ...)`;
}

/** Results that are errors the kernel turns into a restart: the call is not over. */
function restarting(ret: bigint): boolean { return ret <= -512n && ret >= -516n; }

const MAP_SHARED = 0x01n;
const MAP_PRIVATE = 0x02n;
const MAP_FIXED = 0x10n;
const MAP_ANONYMOUS = 0x20n;
const SYS_mmap = 9;
const SYS_munmap = 11;
const SYS_shmat = 30;
const PROT_WRITE = 0x2n;
const SYS_clone = 56;
const SYS_clone3 = 435;
const SYS_kill = 62;
const SYS_tkill = 200;
const SYS_tgkill = 234;
const SYS_ioctl = 16;
const SYS_rt_sigreturn = 15;
export const SYS_exit_group = 231;
/** Calls whose result is an address or size the rest of the run depends on. */
const CHECKED_RESULTS = new Set([9, 10, 11, 12, 25, 28]);
/** Largest file mapping whose content is recorded (replay rebuilds it from the record). */
const MAX_MAPPED_RECORD = 256 * 1024 * 1024;

/**
 * The file mappings that the first `count` records of `log` made and that no later one of them
 * took away: where a replica maps them as anonymous memory, they still hold those files.
 */
export function recordedFileMappings(log: SyscallLog, count: number): Array<{ start: bigint; end: bigint; path: string; offset: bigint }> {
  let out: Array<{ start: bigint; end: bigint; path: string; offset: bigint }> = [];
  for (let i = 0; i < count && i < log.length; i++) {
    const r = log.records[i];
    if ((r.nr !== SYS_mmap && r.nr !== SYS_munmap) || r.ret < 0n) continue;
    const start = r.nr === SYS_mmap ? r.ret : r.args[0];
    const end = start + r.args[1];
    out = out.filter((m) => m.end <= start || m.start >= end);
    if (r.file) out.push({ start, end, ...r.file });
  }
  return out;
}

/** Records every call the live process makes, with what it wrote. */
export class Recorder implements SyscallHook {
  readonly mode = 'record';
  private pending?: { nr: number; args: bigint[] };
  /** Where the last call ended: its record (or the call a signal cut short, not recorded unless
   * a handler takes that signal), and the registers the program resumes with. */
  private ended?: { index: number; cut?: SyscallRecord; rip: bigint; rsp: bigint; rax: bigint };

  /** `holdExit`: the program's exit (exit_group) is not made; the resume ends at its entry. */
  constructor(private readonly proc: Process, readonly log: SyscallLog, private readonly holdExit = false) {}

  /** Asked at each call's entry: true ends the resume there, before the call is recorded (the
   * caller takes an interval checkpoint and lets the call be made again). */
  pauseDue?: () => boolean;

  /** Called at each call's entry, before anything else. */
  beforeCall?: () => void;

  entry(info: SyscallInfo): 'stop' | undefined {
    this.beforeCall?.();
    if (this.holdExit && info.nr === SYS_exit_group) return 'stop';
    if (this.pauseDue?.()) return 'stop';
    this.pending = { nr: info.nr, args: info.args };
    this.ended = undefined;
    return undefined;
  }

  exit(info: SyscallInfo): void {
    const call = this.pending;
    this.pending = undefined;
    if (!call) return;
    const { rip, rsp, rax } = this.proc.regs();
    if (restarting(info.rval)) {
      // Cut short by a signal: the kernel restarts it unless a handler takes the signal.
      this.ended = { index: this.log.length, cut: { nr: call.nr, args: call.args, ret: info.rval, writes: [] }, rip, rsp, rax };
      return;
    }
    this.record(call, info);
    this.ended = { index: this.log.length, rip, rsp, rax };
  }

  /**
   * The live process stopped to receive `signal` from outside, to be taken by a handler. If no
   * instruction ran since the last call ended, replay can send it at the same point: it is
   * kept on that call's record (recording a call it cut short), and true is returned.
   */
  signalAtCallEnd(signal: number): boolean {
    const e = this.ended;
    if (!e || e.index !== this.log.length) return false;
    const { rip, rsp, rax } = this.proc.regs();
    if (rip !== e.rip || rsp !== e.rsp || rax !== e.rax) return false;
    if (e.cut) {
      this.log.records.push({ ...e.cut, signal });
    } else {
      const last = this.log.records[this.log.length - 1];
      if (last.signal !== undefined) return false;
      last.signal = signal;
    }
    this.ended = undefined;
    return true;
  }

  private record(call: { nr: number; args: bigint[] }, info: SyscallInfo): void {
    const read = (addr: bigint, len: number): Buffer => this.proc.readMemory(addr, len);
    const ranges = SYSCALLS[call.nr]?.writes?.(call.args, info.rval, read) ?? [];
    if (call.nr === SYS_mmap && info.rval >= 0n && !(call.args[3] & MAP_ANONYMOUS) && call.args[1] <= BigInt(MAX_MAPPED_RECORD)) {
      ranges.push([info.rval, Number(call.args[1])]);
    }
    const writes: SyscallRecord['writes'] = [];
    for (const [addr, len] of ranges) {
      if (len <= 0) continue;
      try {
        writes.push({ addr, data: read(addr, len) });
      } catch {
        // An unreadable output (e.g. a PROT_NONE mapping): nothing the program can see either.
      }
    }
    const rec: SyscallRecord = { nr: call.nr, args: call.args, ret: info.rval, writes };
    if (call.nr === SYS_mmap && info.rval >= 0n && !(call.args[3] & MAP_ANONYMOUS)) {
      const m = mappingAt(readMaps(this.proc.pid), info.rval);
      if (m?.path?.startsWith('/')) rec.file = { path: m.path, offset: m.offset + (info.rval - m.start) };
    }
    this.log.records.push(rec);
    if (!this.log.sharedMemory && info.rval >= 0n && ((call.nr === SYS_mmap && call.args[3] & MAP_SHARED && call.args[2] & PROT_WRITE) || call.nr === SYS_shmat)) {
      this.log.sharedMemory = mappingAt(readMaps(this.proc.pid), info.rval)?.path ?? `shared memory at 0x${info.rval.toString(16)}`;
    }
  }
}

/** A replica reached the entry of the call where its replay was to end (Replayer.limit). */
export class ReplayLimit extends Error {
  constructor(readonly index: number) {
    super(`a replay ran to its limit, the entry of system call #${index + 1}`);
    this.name = 'ReplayLimit';
  }
}

/** Reproduces a log in a replica, from record `index` on. At the end of the log, entry()
 * answers 'stop': what follows has not happened yet. */
export class Replayer implements SyscallHook {
  /** Where this replay ends: at the entry of this record, ReplayLimit is thrown. */
  limit?: number;

  readonly mode = 'emulate';
  private running?: SyscallRecord;
  /** The argument registers before replay rewrote them for a call it runs differently. */
  private argRegs?: Pick<Regs, 'rdi' | 'rsi' | 'rdx' | 'r10' | 'r8' | 'r9'>;

  /** The record the replica started after (a signal recorded before it is not sent again). */
  private readonly start: number;

  constructor(private readonly proc: Process, readonly log: SyscallLog, public index: number, public tscIndex = 0) {
    this.start = index;
  }

  /** Whether every recorded call has been reproduced. */
  get atEnd(): boolean { return this.index >= this.log.length; }

  entry(info: SyscallInfo): 'run' | 'stop' | undefined {
    if (this.limit !== undefined && this.index >= this.limit) throw new ReplayLimit(this.index);
    if (this.atEnd) return 'stop';
    const late = this.log.asyncSignals.find((a) => a.index === this.index);
    if (late && this.start < late.index) throw new ReplayUnsupported(this.index, `signal ${late.signal} came from outside and was handled before this call while recording; rdb cannot replay such signals yet`);
    const rec = this.log.records[this.index];
    const { rdi, rsi, rdx, r10, r8, r9 } = this.proc.regs();
    this.argRegs = { rdi, rsi, rdx, r10, r8, r9 };
    if (rec.nr !== info.nr || rec.args.some((a, i) => a !== info.args[i])) throw new ReplayDivergence(this.index, rec, info);
    const spec = SYSCALLS[rec.nr];
    if (!spec) throw new ReplayUnsupported(this.index, `rdb does not know ${syscallName(rec.nr)}`);
    if (rec.nr === SYS_ioctl && !ioctlKnown(rec.args[1])) throw new ReplayUnsupported(this.index, `ioctl request 0x${rec.args[1].toString(16)} is not known to rdb`);
    if (this.startsThread(rec)) throw new ReplayUnsupported(this.index, 'the program started a thread here, and rdb replays single-threaded programs only');
    if (this.signalsSelf(rec)) return this.run(rec);
    if (rec.signal !== undefined) {
      const mask = waitMask(rec.nr, rec.args, (a, n) => this.proc.readMemory(a, n));
      if (mask !== undefined) return this.waitForSignal(rec, mask);
    }
    if (spec.replay === 'reexec') {
      if (rec.nr === SYS_mmap && !(rec.args[3] & MAP_ANONYMOUS) && rec.ret >= 0n) this.mapRecordedFile(rec);
      return this.run(rec);
    }
    for (const w of rec.writes) this.proc.writeMemory(w.addr, w.data);
    this.proc.setRegs({ ...this.proc.regs(), rax: BigInt.asUintN(64, rec.ret) });
    this.ended(rec);
    return undefined;
  }

  /** Record `rec` is reproduced: a signal that came as it ended is sent now, so the replica
   * receives it as it resumes, before its next instruction (with the call's restart code in
   * rax, the kernel restarts or fails the call as it did when recorded). */
  private ended(rec: SyscallRecord): void {
    this.index++;
    if (rec.signal !== undefined && !this.sentBefore) process.kill(this.proc.pid, rec.signal);
    this.sentBefore = false;
  }

  exit(info: SyscallInfo): void {
    const rec = this.running;
    this.running = undefined;
    if (!rec) return;
    if (CHECKED_RESULTS.has(rec.nr) && info.rval !== rec.ret) {
      throw new ReplayUnsupported(this.index, `${syscallName(rec.nr)} gave 0x${info.rval.toString(16)} in replay, 0x${rec.ret.toString(16)} when recorded`);
    }
    for (const w of rec.writes) this.proc.writeMemory(w.addr, w.data);
    // Calls that answer with an id of the process (set_tid_address) give the recorded one; the
    // arguments are as the program passed them, whatever replay made of them. rt_sigreturn
    // gave every register the value saved when the signal came: they stay as they are.
    if (rec.nr !== SYS_rt_sigreturn) this.proc.setRegs({ ...this.proc.regs(), ...this.argRegs, rax: BigInt.asUintN(64, rec.ret) });
    this.ended(rec);
  }

  /** The signal sent before the call ran (see waitForSignal), not to be sent again at its end. */
  private sentBefore = false;

  /**
   * A wait with its own signal mask that a signal ended: the signal is sent first and the
   * replica waits in rt_sigsuspend with that mask, which it leaves at once to take the signal
   * through that mask, the program's own being back for its handler's return, as recorded.
   */
  private waitForSignal(rec: SyscallRecord, mask: bigint): 'run' {
    process.kill(this.proc.pid, rec.signal!);
    this.sentBefore = true;
    this.proc.setRegs({ ...this.proc.regs(), orig_rax: BigInt(SYS_rt_sigsuspend), rdi: mask, rsi: 8n });
    return this.run(rec);
  }

  private run(rec: SyscallRecord): 'run' {
    this.running = rec;
    return 'run';
  }

  /** clone/clone3 of a thread (not of a process, which replay emulates). */
  private startsThread(rec: SyscallRecord): boolean {
    const CLONE_THREAD = 0x10000n;
    if (rec.nr === SYS_clone) return (rec.args[0] & CLONE_THREAD) !== 0n;
    if (rec.nr !== SYS_clone3) return false;
    try {
      return (this.proc.readMemory(rec.args[0], 8).readBigUInt64LE(0) & CLONE_THREAD) !== 0n;
    } catch {
      return true;
    }
  }

  /** kill/tkill/tgkill aimed at the process itself must signal the replica, not the original. */
  private signalsSelf(rec: SyscallRecord): boolean {
    const pid = BigInt(this.log.pid);
    const me = BigInt(this.proc.pid);
    const regs = this.proc.regs();
    if ((rec.nr === SYS_kill || rec.nr === SYS_tkill) && rec.args[0] === pid) {
      this.proc.setRegs({ ...regs, rdi: me });
      return true;
    }
    if (rec.nr === SYS_tgkill && rec.args[0] === pid) {
      this.proc.setRegs({ ...regs, rdi: me, rsi: me });
      return true;
    }
    return false;
  }

  /** A file mapping made during the recorded run: the replica may not even have the file open,
   * so it gets anonymous memory at the recorded place, filled (on exit) with what was mapped. */
  private mapRecordedFile(rec: SyscallRecord): void {
    if (rec.args[3] & MAP_SHARED) throw new ReplayUnsupported(this.index, 'a shared file mapping made during the recording');
    const regs = this.proc.regs();
    this.proc.setRegs({ ...regs, rdi: rec.ret, r10: (rec.args[3] & ~MAP_SHARED) | MAP_PRIVATE | MAP_FIXED | MAP_ANONYMOUS, r8: BigInt.asUintN(64, -1n), r9: 0n });
  }
}
