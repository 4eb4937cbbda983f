// Recording the live process's system calls, and reproducing them in a replica: emulated from
// the record, or run again where they shape the process. A replica that asks for another call
// than the one recorded has diverged: that is reported, never papered over.
import type { Process, SyscallHook } from '../target/Process';
import { mappingAt, readMaps } from '../target/maps';
import type { Regs, SyscallInfo } from '../target/native';
import { ioctlKnown, SYSCALLS, syscallName } from './syscallTable';

export interface SyscallRecord {
  nr: number;
  args: bigint[];
  /** The result the program saw (a negative errno on failure). */
  ret: bigint;
  /** The memory the call wrote, as the program saw it right after the call. */
  writes: Array<{ addr: bigint; data: Buffer }>;
}

/** The calls of one live run, in order; replicas index into it. */
export class SyscallLog {
  readonly records: SyscallRecord[] = [];
  /** The time-stamp counter values rdtsc/rdtscp gave the program, in order. */
  readonly tsc: bigint[] = [];
  /** Signals from outside that the program's handlers took, after how many calls: replay
   * cannot put them back where they came (no instruction counter), so it stops before them. */
  readonly asyncSignals: Array<{ index: number; signal: number }> = [];
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
const SYS_shmat = 30;
const PROT_WRITE = 0x2n;
const SYS_clone = 56;
const SYS_clone3 = 435;
const SYS_kill = 62;
const SYS_tkill = 200;
const SYS_tgkill = 234;
const SYS_ioctl = 16;
export const SYS_exit_group = 231;
/** Calls whose result is an address or size the rest of the run depends on. */
const CHECKED_RESULTS = new Set([9, 10, 11, 12, 25, 28]);
/** Largest file mapping whose content is recorded (replay rebuilds it from the record). */
const MAX_MAPPED_RECORD = 256 * 1024 * 1024;

/** Records every call the live process makes, with what it wrote. */
export class Recorder implements SyscallHook {
  readonly mode = 'record';
  private pending?: { nr: number; args: bigint[] };

  /** `holdExit`: the program's exit (exit_group) is not made; the resume ends at its entry. */
  constructor(private readonly proc: Process, readonly log: SyscallLog, private readonly holdExit = false) {}

  entry(info: SyscallInfo): 'stop' | undefined {
    if (this.holdExit && info.nr === SYS_exit_group) return 'stop';
    this.pending = { nr: info.nr, args: info.args };
    return undefined;
  }

  exit(info: SyscallInfo): void {
    const call = this.pending;
    this.pending = undefined;
    if (!call || restarting(info.rval)) return;
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
    this.log.records.push({ nr: call.nr, args: call.args, ret: info.rval, writes });
    if (!this.log.sharedMemory && info.rval >= 0n && ((call.nr === SYS_mmap && call.args[3] & MAP_SHARED && call.args[2] & PROT_WRITE) || call.nr === SYS_shmat)) {
      this.log.sharedMemory = mappingAt(readMaps(this.proc.pid), info.rval)?.path ?? `shared memory at 0x${info.rval.toString(16)}`;
    }
  }
}

/** Reproduces a log in a replica, from record `index` on. At the end of the log, entry()
 * answers 'stop': what follows has not happened yet. */
export class Replayer implements SyscallHook {
  readonly mode = 'emulate';
  private running?: SyscallRecord;
  /** The argument registers before replay rewrote them for a call it runs differently. */
  private argRegs?: Pick<Regs, 'rdi' | 'rsi' | 'rdx' | 'r10' | 'r8' | 'r9'>;

  constructor(private readonly proc: Process, readonly log: SyscallLog, public index: number, public tscIndex = 0) {}

  /** Whether every recorded call has been reproduced. */
  get atEnd(): boolean { return this.index >= this.log.length; }

  entry(info: SyscallInfo): 'run' | 'stop' | undefined {
    if (this.atEnd) return 'stop';
    const late = this.log.asyncSignals.find((a) => a.index === this.index);
    if (late) throw new ReplayUnsupported(this.index, `signal ${late.signal} came from outside and was handled before this call while recording; rdb cannot replay such signals yet`);
    const rec = this.log.records[this.index];
    const { rdi, rsi, rdx, r10, r8, r9 } = this.proc.regs();
    this.argRegs = { rdi, rsi, rdx, r10, r8, r9 };
    if (rec.nr !== info.nr || rec.args.some((a, i) => a !== info.args[i])) throw new ReplayDivergence(this.index, rec, info);
    const spec = SYSCALLS[rec.nr];
    if (!spec) throw new ReplayUnsupported(this.index, `rdb does not know ${syscallName(rec.nr)}`);
    if (rec.nr === SYS_ioctl && !ioctlKnown(rec.args[1])) throw new ReplayUnsupported(this.index, `ioctl request 0x${rec.args[1].toString(16)} is not known to rdb`);
    if (this.startsThread(rec)) throw new ReplayUnsupported(this.index, 'the program started a thread here, and rdb replays single-threaded programs only');
    if (this.signalsSelf(rec)) return this.run(rec);
    if (spec.replay === 'reexec') {
      if (rec.nr === SYS_mmap && !(rec.args[3] & MAP_ANONYMOUS) && rec.ret >= 0n) this.mapRecordedFile(rec);
      return this.run(rec);
    }
    for (const w of rec.writes) this.proc.writeMemory(w.addr, w.data);
    this.proc.setRegs({ ...this.proc.regs(), rax: BigInt.asUintN(64, rec.ret) });
    this.index++;
    return undefined;
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
    // arguments are as the program passed them, whatever replay made of them.
    this.proc.setRegs({ ...this.proc.regs(), ...this.argRegs, rax: BigInt.asUintN(64, rec.ret) });
    this.index++;
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
