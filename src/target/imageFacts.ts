// Gathers rdb's notes of a stopped process (imageNotes.ts): its descriptors, directory, signal
// dispositions (read by injected rt_sigaction calls, the kernel shows no handler addresses),
// program break, mapped binaries and the CPU features it may rely on.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { tracer } from './native';
import { fileBuildId } from './buildId';
import type { Mapping } from './maps';
import type { Process } from './Process';
import type { FdKind, ImageBinary, ImageCpu, ImageFd, ImageMm, ImageNotes, ImageThread, ImageTimer, SignalAction } from './imageNotes';

const SYS_mmap = 9;
const SYS_munmap = 11;
const SYS_brk = 12;
const SYS_rt_sigaction = 13;
const SYS_getitimer = 36;
const SYS_sigaltstack = 131;
const SYS_prctl = 157;
const SYS_get_robust_list = 274;
const PR_GET_TID_ADDRESS = 40n;
const PAGE = 4096n;
/** Deleted files up to this size are saved whole; temporary ones up to SMALL_TEMP. */
export const MAX_DELETED = 64 << 20;
export const SMALL_TEMP = 1 << 20;
/** Where the XSAVE area holds XCR0 (the software-reserved bytes of its FXSAVE part). */
export const XCR0_OFFSET = 464;

/** The temporary directories: files there up to SMALL_TEMP are saved in the image. */
export function temporaryDirs(): string[] {
  return [...new Set([os.tmpdir(), '/tmp', '/var/tmp', '/dev/shm'].map((d) => { try { return fs.realpathSync(d); } catch { return d; } }))];
}

export function isTemporary(file: string): boolean {
  return temporaryDirs().some((d) => file.startsWith(`${d}/`));
}

function link(p: string): string {
  try {
    return fs.readlinkSync(p);
  } catch {
    return '';
  }
}

function fdKind(target: string, st: fs.Stats | undefined): FdKind {
  if (target.startsWith('pipe:') || st?.isFIFO()) return 'pipe';
  if (target.startsWith('socket:') || st?.isSocket()) return 'socket';
  if (!target.startsWith('/') || !st) return 'other';
  if (st.isFile()) return 'file';
  if (st.isDirectory()) return 'dir';
  return st.isCharacterDevice() || st.isBlockDevice() ? 'device' : 'other';
}

/** The open descriptors of `pid`, and the content of the files the image keeps. */
/** The children of process `pid` that rdb does not trace (its checkpoints are traced). */
function childrenOf(pid: number): number[] {
  const out: number[] = [];
  let tasks: string[] = [];
  try {
    tasks = fs.readdirSync(`/proc/${pid}/task`);
  } catch {
    return out;
  }
  for (const t of tasks) {
    let list = '';
    try {
      list = fs.readFileSync(`/proc/${pid}/task/${t}/children`, 'utf8');
    } catch {
      continue;
    }
    for (const c of list.split(/\s+/).filter(Boolean).map(Number)) {
      try {
        const tracer = /^TracerPid:\s*(\d+)/m.exec(fs.readFileSync(`/proc/${c}/status`, 'utf8'))?.[1];
        if (Number(tracer) !== process.pid) out.push(c);
      } catch {
        // gone meanwhile
      }
    }
  }
  return out;
}

export function descriptorsOf(pid: number): { fds: ImageFd[]; fileData: Map<number, Buffer> } {
  const fds: ImageFd[] = [];
  const fileData = new Map<number, Buffer>();
  const dir = `/proc/${pid}/fd`;
  for (const name of fs.readdirSync(dir).sort((a, b) => Number(a) - Number(b))) {
    const fd = Number(name);
    let target = link(`${dir}/${name}`);
    const deleted = target.startsWith('/') && target.endsWith(' (deleted)');
    if (deleted) target = target.slice(0, -' (deleted)'.length);
    let st: fs.Stats | undefined;
    try { st = fs.statSync(`${dir}/${name}`); } catch { st = undefined; }
    const info = fs.readFileSync(`/proc/${pid}/fdinfo/${name}`, 'latin1');
    const pos = BigInt(/^pos:\s*(\d+)/m.exec(info)?.[1] ?? '0');
    const flags = parseInt(/^flags:\s*([0-7]+)/m.exec(info)?.[1] ?? '0', 8);
    const kind = fdKind(target, st);
    const size = BigInt(st?.size ?? 0);
    const keep = fd > 2 && kind === 'file' && (deleted ? size <= MAX_DELETED : isTemporary(target) && size <= SMALL_TEMP);
    if (keep) {
      try {
        fileData.set(fd, fs.readFileSync(`${dir}/${name}`));
      } catch {
        // unreadable: the restore reopens it by its path, or refuses
      }
    }
    fds.push({ fd, kind, target, flags, pos, deleted, size, saved: fileData.has(fd) });
  }
  return { fds, fileData };
}

/** Memory-map fields of /proc/PID/stat (numbered from 1, as proc(5) does), the break aside. */
function mmFields(pid: number, brk: bigint): ImageMm {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'latin1');
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const field = (n: number): bigint => BigInt(rest[n - 3] ?? '0');
  return { startCode: field(26), endCode: field(27), startStack: field(28), startData: field(45), endData: field(46), startBrk: field(47), brk,
    argStart: field(48), argEnd: field(49), envStart: field(50), envEnd: field(51) };
}

/** Signal dispositions other than the default, the interval timers running and the program
 * break, by injected calls that use a page mapped for them and unmapped after. */
function injectedFacts(proc: Process): { actions: SignalAction[]; timers: ImageTimer[]; brk: bigint; threadFacts: ImageThread[] } {
  const page = BigInt.asUintN(64, proc.injectSyscall(SYS_mmap, [0n, PAGE, 3n, 0x22n, BigInt.asUintN(64, -1n), 0n]));
  if (page >= BigInt.asUintN(64, -4096n)) throw new Error(`cannot map a page in process ${proc.pid} to read its signal handlers`);
  try {
    for (let sig = 1; sig <= 64; sig++) proc.injectSyscall(SYS_rt_sigaction, [BigInt(sig), 0n, page + BigInt((sig - 1) * 32), 8n]);
    const raw = proc.readMemory(page, 64 * 32);
    const actions: SignalAction[] = [];
    for (let sig = 1; sig <= 64; sig++) {
      const o = (sig - 1) * 32;
      const a = { signal: sig, handler: raw.readBigUInt64LE(o), flags: raw.readBigUInt64LE(o + 8), restorer: raw.readBigUInt64LE(o + 16), mask: raw.readBigUInt64LE(o + 24) };
      if (a.handler !== 0n || a.flags !== 0n || a.mask !== 0n) actions.push(a);
    }
    const timers: ImageTimer[] = [];
    for (let which = 0; which <= 2; which++) {
      proc.injectSyscall(SYS_getitimer, [BigInt(which), page + 2048n + BigInt(which * 32)]);
      const t = proc.readMemory(page + 2048n + BigInt(which * 32), 32);
      const us = (o: number): bigint => t.readBigUInt64LE(o) * 1000000n + t.readBigUInt64LE(o + 8);
      if (us(16) !== 0n) timers.push({ which, interval: us(0), value: us(16) });
    }
    return { actions, timers, brk: BigInt.asUintN(64, proc.injectSyscall(SYS_brk, [0n])), threadFacts: proc.threads().map((t) => threadFacts(t.tid, page + 3072n)) };
  } finally {
    proc.injectSyscall(SYS_munmap, [page, PAGE]);
  }
}

/** Thread `tid`'s own kernel state (ImageThread), read by calls injected into it that write at `at`. */
function threadFacts(tid: number, at: bigint): ImageThread {
  const t = tracer();
  t.injectSyscall(tid, SYS_prctl, [PR_GET_TID_ADDRESS, at, 0n, 0n, 0n, 0n]);
  t.injectSyscall(tid, SYS_get_robust_list, [0n, at + 8n, at + 16n]);
  t.injectSyscall(tid, SYS_sigaltstack, [0n, at + 24n]);
  const b = t.readMemory(tid, at, 48);
  return { tid, sigmask: t.getSigMask(tid), clearTid: b.readBigUInt64LE(0), robustList: b.readBigUInt64LE(8), robustLen: b.readBigUInt64LE(16),
    altStack: { sp: b.readBigUInt64LE(24), flags: b.readInt32LE(32), size: b.readBigUInt64LE(40) }, pending: pendingSet(`/proc/${tid}/status`, 'SigPnd') };
}

/** A pending-signal set of /proc's status file `file` (SigPnd: the thread's, ShdPnd: the process's). */
function pendingSet(file: string, field: 'SigPnd' | 'ShdPnd'): bigint | undefined {
  try {
    const m = new RegExp(`^${field}:\\s*([0-9a-f]+)$`, 'm').exec(fs.readFileSync(file, 'latin1'));
    return m ? BigInt(`0x${m[1]}`) : undefined;
  } catch {
    return undefined;
  }
}

/** The CPU features of this machine that code may have chosen to use, and the XSAVE layout. */
export function cpuHere(xstate: Buffer): ImageCpu {
  const info = fs.readFileSync('/proc/cpuinfo', 'latin1');
  const flags = (/^flags\s*:\s*(.*)$/m.exec(info)?.[1] ?? '').trim().split(/\s+/).filter(Boolean);
  return { flags, xcr0: xstate.length >= XCR0_OFFSET + 8 ? xstate.readBigUInt64LE(XCR0_OFFSET) : 0n, xstateSize: xstate.length };
}

/** The files `maps` maps, each with its size and build-id. */
export function binariesOf(maps: Array<{ path?: string; deleted: boolean }>): ImageBinary[] {
  const paths = [...new Set(maps.filter((m) => m.path?.startsWith('/') && !m.deleted).map((m) => m.path!))];
  return paths.map((p) => {
    let size = 0n;
    try { size = BigInt(fs.statSync(p).size); } catch { size = 0n; }
    return { path: p, size, buildId: fileBuildId(p) };
  });
}

/** rdb's notes of the stopped process `proc` whose mappings are `maps`; undefined where no
 * system call can be injected to read its signal actions (stopped at an unmapped pc, after a
 * jump to 0): the image is then an ordinary core, which cannot be restored. */
export function imageNotesOf(proc: Process, maps: Mapping[]): ImageNotes | undefined {
  const pid = proc.memoryPid;
  const regs = proc.regs();
  let facts: ReturnType<typeof injectedFacts>;
  try {
    facts = injectedFacts(proc);
  } catch {
    return undefined;
  }
  const { actions, timers, brk, threadFacts } = facts;
  const { fds, fileData } = descriptorsOf(pid);
  return {
    process: {
      cwd: link(`/proc/${pid}/cwd`), exe: link(`/proc/${pid}/exe`).replace(/ \(deleted\)$/, ''), threads: proc.threads().length,
      children: childrenOf(pid),
      fsBase: regs.fs_base, gsBase: regs.gs_base, sigmask: tracer().getSigMask(proc.tid), actions, timers, mm: mmFields(pid, brk),
      maps: maps.map((m) => ({ start: m.start, end: m.end, perms: m.perms, offset: m.offset, path: m.path, deleted: m.deleted })),
      threadFacts, pendingShared: pendingSet(`/proc/${pid}/status`, 'ShdPnd'),
    },
    fds,
    binaries: binariesOf(maps),
    cpu: cpuHere(proc.xstate()),
    fileData,
  };
}

/** A name in the temporary directory for the copy of a deleted file (never where the image
 * says: a hostile image must not make rdb write elsewhere). */
export function recreatedName(original: string): string {
  return path.join(os.tmpdir(), `.rdb-restored-${process.pid}-${Math.random().toString(36).slice(2)}-${path.basename(original).replace(/[^\w.#-]/g, '_')}`);
}
