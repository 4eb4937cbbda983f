// Restarts an image rdb wrote: a fresh stopped process of the image's program, whose address
// space is rebuilt by injected system calls, then its memory, descriptors, signal state and
// registers. The calls run at a scratch page of ours (the fresh process's own code is unmapped
// with the rest); the vDSO is the fresh one, moved to the image's address, and must be the same
// build. Everything that can refuse does so before the process runs an instruction.
import * as fs from 'fs';
import { Process } from './Process';
import { tracer } from './native';
import { readMaps, type Mapping } from './maps';
import { buildIdOf } from './buildId';
import { fileSource, parseCore, sliceSource, type ByteSource, type CoreInfo, type CoreThreadState } from './coreReader';
import { makeThread, ownState, resumeRegs } from './restoreThreads';
import type { ImageHistoryPlace, ImageMapping, ImageMm } from './imageNotes';
import { cpuHere, recreatedName } from './imageFacts';
import { checkCpu, checkImage, notesOf, planDescriptors, RestoreRefused, type FdPlan, type RestoreOptions } from './restoreCheck';
export { RestoreRefused, type RestoreOptions } from './restoreCheck';

const SYS = { close: 3, lseek: 8, mmap: 9, munmap: 11, brk: 12, rt_sigaction: 13, mremap: 25, setitimer: 38, kill: 62, prctl: 157, tgkill: 234, openat: 257, dup3: 292 };
const PAGE = 4096;
const SCRATCH = 2 * PAGE;
const CHUNK = 1 << 20;
const MAP_SHARED = 0x1n;
const MAP_PRIVATE = 0x2n;
const MAP_FIXED = 0x10n;
const MAP_ANONYMOUS = 0x20n;
const MAP_GROWSDOWN = 0x100n;
const MAP_FIXED_NOREPLACE = 0x100000n;
const O_RDWR = 2;
const O_CLOEXEC = 0o2000000;
/** O_CREAT, O_EXCL, O_TRUNC and O_TMPFILE's own bit: how a file was made, not for reopening it. */
const OPEN_ONLY = 0o100 | 0o200 | 0o1000 | 0o20000000;
const O_DIRECTORY = 0o200000;
const AT_FDCWD = BigInt.asUintN(64, -100n);
const PR_SET_MM = 35n;
const PR_SET_MM_MAP = 14n;
const SPECIAL = /^\[(vvar.*|vdso)\]$/;

export interface Restored {
  proc: Process;
  /** The program it runs. */
  exe: string;
  /** The image's pid, when the restored process could not be given it (it was taken). */
  otherPid?: number;
  /** Descriptors closed at the user's request (--close-lost-fds), each with why. */
  closed: string[];
  /** The signal the process stopped with that it has yet to receive (not a trap, not a fault
   * that making the instruction again brings back): delivered as it runs on. */
  pendingSignal?: number;
  /** The image's thread ids that were taken, each with the id its thread runs as now. */
  otherTids: Array<[number, number]>;
  /** Where the image holds its recorded history, if it does. */
  history?: ImageHistoryPlace;
}

/** Parses `file` and restarts the process it holds, stopped where the image was written. */
export async function restoreImage(file: string, opts: RestoreOptions = {}): Promise<Restored> {
  const whole = fileSource(file);
  const src = opts.part ? sliceSource(whole, opts.part.at, opts.part.size) : whole;
  try {
    const info = parseCore(file, src);
    checkImage(file, info);
    const notes = notesOf(file, info);
    const plan = planDescriptors(file, notes.fds, notes.fileData, opts.closeLostFds === true);
    const spawn = (pid?: number): Promise<Process> => Process.spawn(notes.process.exe, [], { cwd: notes.process.cwd, disableAslr: true, stdio: opts.stdio, pid });
    // The image's pid if it is free (glibc caches it, and the thread's id, for raise and abort).
    const proc = await spawn(opts.anyPid ? undefined : info.pid).catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'EEXIST' || e.code === 'EPERM' || e.code === 'ENOSYS' || e.code === 'EINVAL') return spawn();
      throw e;
    });
    const recreated: string[] = [];
    let moved: Array<[number, number]> = [];
    try {
      checkCpu(file, notes.cpu, cpuHere(proc.xstate()), proc.xstate(), info.threads[0].xstate);
      const rebuild = new Rebuild(file, proc, info, notes, src);
      moved = rebuild.run(plan, recreated);
      if (rebuild.stoppedIn !== undefined) proc.selectThread(rebuild.stoppedIn);
    } catch (e) {
      await proc.kill();
      throw e;
    } finally {
      for (const p of recreated) fs.rmSync(p, { force: true });
    }
    return { proc, exe: notes.process.exe, otherPid: info.pid !== undefined && info.pid !== proc.pid ? info.pid : undefined, closed: plan.flatMap((p) => (p.how === 'close' ? [`descriptor ${p.fd.fd} (${p.why})`] : [])),
      history: opts.part ? undefined : notes.history, otherTids: moved, pendingSignal: pendingSignal(info.siginfo) };
  } finally {
    whole.close();
  }
}

const overlaps = (a: { start: bigint; end: bigint }, s: bigint, e: bigint): boolean => a.start < e && s < a.end;

/** One restore in progress: the injected calls and memory writes into `proc`. */
class Rebuild {
  private scratch = 0n;
  /** The thread the image stopped in, where it is not the main one. */
  stoppedIn?: number;

  constructor(private readonly file: string, private readonly proc: Process, private readonly info: CoreInfo,
    private readonly notes: ReturnType<typeof notesOf>, private readonly src: ByteSource) {}

  private refuse(why: string): never { throw new RestoreRefused(this.file, why); }

  private call(name: keyof typeof SYS, args: bigint[], what: string): bigint {
    const r = this.proc.injectSyscall(SYS[name], args);
    if (r < 0n && r > -4096n) this.refuse(`${what} failed (${name}: errno ${-r})`);
    return r;
  }

  /** A NUL-terminated string in the scratch page, for a call's path argument. */
  private text(s: string): bigint {
    const b = Buffer.from(`${s}\0`);
    if (b.length > SCRATCH - 0x400) this.refuse(`the path ${s.slice(0, 60)}... is too long`);
    this.proc.writeMemory(this.scratch + 0x400n, b);
    return this.scratch + 0x400n;
  }

  /** Rebuilds the process; returns the image's thread ids that could not be kept, with the new ones. */
  run(plan: FdPlan[], recreated: string[]): Array<[number, number]> {
    const fresh = readMaps(this.proc.pid);
    const maps = this.notes.process.maps;
    this.makeScratch(fresh, maps);
    this.moveVdso(fresh, maps);
    for (const m of fresh) {
      if (SPECIAL.test(m.path ?? '') || m.path === '[vsyscall]') continue;
      this.call('munmap', [m.start, m.end - m.start], `unmapping the fresh process's ${m.path ?? 'memory'}`);
    }
    this.setMm(this.notes.process.mm);
    for (const m of maps) if (!SPECIAL.test(m.path ?? '') && m.path !== '[vsyscall]') this.map(m);
    this.fill(maps);
    this.descriptors(plan, recreated);
    this.signals();
    const moved = this.threads();
    this.registers(moved);
    return moved;
  }

  /** A page for our calls, where neither the fresh process nor the image has anything. */
  private makeScratch(fresh: Mapping[], maps: ImageMapping[]): void {
    let at = 0x10000n;
    const taken = [...fresh, ...maps].sort((a, b) => (a.start < b.start ? -1 : 1));
    for (const m of taken) if (overlaps(m, at, at + BigInt(SCRATCH))) at = m.end;
    const got = this.call('mmap', [at, BigInt(SCRATCH), 7n, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, BigInt.asUintN(64, -1n), 0n], 'mapping a scratch page');
    this.scratch = got;
    this.proc.writeMemory(got, Buffer.from([0x0f, 0x05]));
    this.proc.setRegs({ ...this.proc.regs(), rip: got });
  }

  /** The fresh vDSO (and its data pages) where the image had its own; refused if the kernel's
   * vDSO is another build, as the program may hold pointers into it. */
  private moveVdso(fresh: Mapping[], maps: ImageMapping[]): void {
    const mine = fresh.filter((m) => SPECIAL.test(m.path ?? ''));
    const theirs = maps.filter((m) => SPECIAL.test(m.path ?? ''));
    const vdso = theirs.find((m) => m.path === '[vdso]');
    const here = mine.find((m) => m.path === '[vdso]');
    if (!vdso || !here) return;
    const id = buildIdOf((o, len) => this.imageBytes(vdso.start + BigInt(o), len));
    const idHere = buildIdOf((o, len) => this.proc.readMemory(here.start + BigInt(o), len));
    if (id !== idHere) this.refuse(`the image's vDSO is another kernel's (build-id ${id ?? 'unknown'}, here ${idHere ?? 'unknown'}): code that calls into it cannot be given this one`);
    const delta = vdso.start - here.start;
    if (delta === 0n) return;
    for (const m of mine) {
      const t = theirs.find((x) => x.path === m.path);
      if (!t || t.end - t.start !== m.end - m.start || t.start - m.start !== delta) this.refuse(`the image's ${m.path} does not lie where this kernel's vDSO layout puts it`);
    }
    const order = delta > 0n ? [...mine].reverse() : mine;
    for (const m of order) {
      this.call('mremap', [m.start, m.end - m.start, m.end - m.start, 3n, m.start + delta], `moving the ${m.path} to the image's address`);
    }
  }

  /** The image's memory-map fields: its program break above all (prctl PR_SET_MM_MAP). */
  private setMm(mm: ImageMm): void {
    const b = Buffer.alloc(112);
    [mm.startCode, mm.endCode, mm.startData, mm.endData, mm.startBrk, mm.brk, mm.startStack, mm.argStart, mm.argEnd, mm.envStart, mm.envEnd]
      .forEach((v, i) => b.writeBigUInt64LE(v, i * 8));
    b.writeUInt32LE(0xffffffff, 108); // exe_fd: keep /proc/PID/exe
    this.proc.writeMemory(this.scratch + 0x100n, b);
    const r = this.proc.injectSyscall(SYS.prctl, [PR_SET_MM, PR_SET_MM_MAP, this.scratch + 0x100n, 112n, 0n]);
    if (r === 0n) return;
    // Without CAP_SYS_RESOURCE, brk() can still move the break where the start is the same.
    const start = readStartBrk(this.proc.pid);
    if (start !== mm.startBrk) this.refuse(`the program break started at 0x${mm.startBrk.toString(16)}, here at 0x${start.toString(16)}, and rdb may not move it (prctl: errno ${-r})`);
    if (this.proc.injectSyscall(SYS.brk, [mm.brk]) !== mm.brk) this.refuse(`cannot set the program break to 0x${mm.brk.toString(16)}`);
  }

  private map(m: ImageMapping): void {
    const prot = BigInt((m.perms[0] === 'r' ? 1 : 0) | (m.perms[1] === 'w' ? 2 : 0) | (m.perms[2] === 'x' ? 4 : 0));
    const len = m.end - m.start;
    const shared = m.perms[3] === 's';
    if (m.path === '[heap]' && this.heapMapped(m)) return;
    if (m.path?.startsWith('/') && !m.deleted) {
      const fd = this.call('openat', [AT_FDCWD, this.text(m.path), BigInt(shared && m.perms[1] === 'w' ? O_RDWR : 0) | BigInt(O_CLOEXEC), 0n], `opening ${m.path}`);
      try {
        this.call('mmap', [m.start, len, prot, (shared ? MAP_SHARED : MAP_PRIVATE) | MAP_FIXED, fd, m.offset], `mapping ${m.path} at 0x${m.start.toString(16)}`);
      } finally {
        this.proc.injectSyscall(SYS.close, [fd]);
      }
      return;
    }
    const flags = (shared ? MAP_SHARED : MAP_PRIVATE) | MAP_ANONYMOUS | MAP_FIXED | (m.path === '[stack]' ? MAP_GROWSDOWN : 0n);
    this.call('mmap', [m.start, len, prot, flags, BigInt.asUintN(64, -1n), 0n], `mapping memory at 0x${m.start.toString(16)}`);
  }

  /** Whether brk() (the fallback of setMm) already made the heap. */
  private heapMapped(m: ImageMapping): boolean {
    return readMaps(this.proc.pid).some((x) => x.start === m.start && x.end === m.end);
  }

  private imageBytes(addr: bigint, len: number): Buffer {
    const l = this.info.loads.find((x) => x.vaddr <= addr && addr < x.vaddr + BigInt(x.filesz));
    if (!l) return Buffer.alloc(0);
    const inner = Number(addr - l.vaddr);
    return this.src.read(l.offset + inner, Math.min(len, l.filesz - inner));
  }

  /** Writes the image's memory: of an anonymous mapping the pages that are not zeros, of a file
   * mapping the pages that differ from the file. */
  private fill(maps: ImageMapping[]): void {
    for (const load of this.info.loads) {
      const m = maps.find((x) => x.start <= load.vaddr && load.vaddr < x.end);
      if (!m || load.filesz === 0 || SPECIAL.test(m.path ?? '')) continue;
      const fromFile = m.path?.startsWith('/') === true && !m.deleted;
      for (let pos = 0; pos < load.filesz; pos += CHUNK) {
        const data = this.src.read(load.offset + pos, Math.min(CHUNK, load.filesz - pos));
        const addr = load.vaddr + BigInt(pos);
        const base = fromFile ? this.fileBytes(addr, data.length) : undefined;
        writeChanged(this.proc, addr, data, base);
      }
    }
  }

  /** What a file mapping shows at `addr` (zeros past the file's end, where reading faults). */
  private fileBytes(addr: bigint, len: number): Buffer {
    const out = Buffer.alloc(len);
    try {
      this.proc.readMemory(addr, len).copy(out);
    } catch {
      // past the end of the file: compared as zeros
    }
    return out;
  }

  private descriptors(plan: FdPlan[], recreated: string[]): void {
    const wanted = new Set(plan.filter((p) => p.how !== 'close').map((p) => p.fd.fd));
    for (const name of fs.readdirSync(`/proc/${this.proc.pid}/fd`)) {
      const fd = Number(name);
      if (!wanted.has(fd) || fd > 2) this.proc.injectSyscall(SYS.close, [BigInt(fd)]);
    }
    for (const p of plan) {
      if (p.how !== 'open') continue;
      const { fd } = p;
      const content = p.restoreContent ? this.notes.fileData.get(fd.fd) : undefined;
      let at = p.path;
      if (content && fd.deleted) {
        at = recreatedName(fd.target);
        fs.writeFileSync(at, content, { mode: 0o600 });
        recreated.push(at);
      } else if (content && !sameContent(at, content)) {
        fs.writeFileSync(at, content); // a temporary file: back to what the process had written
      }
      const flags = fd.flags & ~OPEN_ONLY & ~(fd.kind === 'file' ? O_DIRECTORY : 0);
      const got = this.call('openat', [AT_FDCWD, this.text(at), BigInt(flags), 0n], `reopening ${fd.target} as descriptor ${fd.fd}`);
      if (got !== BigInt(fd.fd)) {
        this.call('dup3', [got, BigInt(fd.fd), BigInt(fd.flags & O_CLOEXEC)], `placing ${fd.target} at descriptor ${fd.fd}`);
        this.proc.injectSyscall(SYS.close, [got]);
      }
      if (fd.kind === 'file') this.call('lseek', [BigInt(fd.fd), fd.pos, 0n], `seeking ${fd.target}`);
    }
  }

  /** Signal actions, and the interval timers where they were (alarm() among them). */
  private signals(): void {
    for (const a of this.notes.process.actions) {
      if (a.signal === 9 || a.signal === 19) continue;
      const b = Buffer.alloc(32);
      [a.handler, a.flags, a.restorer, a.mask].forEach((v, i) => b.writeBigUInt64LE(v, i * 8));
      this.proc.writeMemory(this.scratch + 0x100n, b);
      this.call('rt_sigaction', [BigInt(a.signal), this.scratch + 0x100n, 0n, 8n], `restoring the action of signal ${a.signal}`);
    }
    for (const t of this.notes.process.timers) {
      const b = Buffer.alloc(32);
      [t.interval / 1000000n, t.interval % 1000000n, t.value / 1000000n, t.value % 1000000n].forEach((v, i) => b.writeBigUInt64LE(v, i * 8));
      this.proc.writeMemory(this.scratch + 0x100n, b);
      this.call('setitimer', [BigInt(t.which), this.scratch + 0x100n, 0n], `restarting interval timer ${t.which}`);
    }
  }

  /** The image's other threads (restoreThreads.ts), made while the main thread stands in the
   * scratch page; the main thread's own kernel state too. Returns their ids that differ from the
   * image's (taken by other processes). */
  private threads(): Array<[number, number]> {
    const facts = this.notes.process.threadFacts ?? [];
    const moved: Array<[number, number]> = [];
    const fail = (why: string): never => this.refuse(why);
    const mine = facts.find((f) => f.tid === this.leader.tid);
    if (mine) ownState((nr, a) => this.proc.injectSyscall(nr, a), this.proc, this.scratch, mine, fail);
    for (const t of this.info.threads) {
      if (t === this.leader) continue;
      const f = facts.find((x) => x.tid === t.tid);
      if (!f) this.refuse(`the image says nothing of thread ${t.tid}'s own state`);
      const tid = makeThread(this.proc, this.scratch, t, f, fail);
      if (tid !== t.tid) moved.push([t.tid, tid]);
      // The thread the image stopped in (its first) is the one selected, as it was.
      if (t === this.info.threads[0]) this.stoppedIn = tid;
    }
    return moved;
  }

  /** The thread that is the process's main one: the one whose id is the pid. */
  private get leader(): CoreThreadState {
    return this.info.threads.find((t) => t.tid === this.info.pid) ?? this.info.threads[0];
  }

  /** The image's registers and extended state; a system call it was in is made again. Then the
   * scratch page goes (by a call at the image's pc); the signal mask is set first and the
   * signals pending then sent again. */
  private registers(moved: Array<[number, number]>): void {
    const t = this.leader;
    const facts = this.notes.process.threadFacts;
    tracer().setSigMask(this.proc.tid, facts?.find((f) => f.tid === t.tid)?.sigmask ?? this.notes.process.sigmask);
    this.resendPending(moved);
    if (t.xstate) this.proc.setXState(t.xstate);
    this.proc.setRegs(resumeRegs(t.regs));
    try {
      this.proc.injectSyscall(SYS.munmap, [this.scratch, BigInt(SCRATCH)]);
    } catch {
      // nothing writable at the image's pc: the scratch page stays, unused
    }
  }

  /** The signals pending when the image was written (blocked, so not yet taken) become pending
   * again: sent by the process to itself (kill for the process's, tgkill for a thread's), by calls
   * from the scratch page, every thread's mask in place. Signals that were not blocked are left:
   * the kernel was about to deliver them. */
  private resendPending(moved: Array<[number, number]>): void {
    const p = this.notes.process;
    const pid = BigInt(this.proc.pid);
    const blocked = (f: { sigmask: bigint } | undefined): bigint => f?.sigmask ?? p.sigmask;
    const each = (set: bigint, send: (sig: bigint) => void): void => {
      for (let sig = 1n; sig <= 64n; sig++) if (set & (1n << (sig - 1n))) send(sig);
    };
    const facts = p.threadFacts ?? [];
    const leaderFacts = facts.find((f) => f.tid === this.leader.tid);
    each((p.pendingShared ?? 0n) & blocked(leaderFacts), (sig) => this.call('kill', [pid, sig], `sending signal ${sig} again`));
    for (const f of facts) {
      const tid = f.tid === this.leader.tid ? this.proc.tid : moved.find(([old]) => old === f.tid)?.[1] ?? f.tid;
      each((f.pending ?? 0n) & f.sigmask, (sig) => this.call('tgkill', [pid, BigInt(tid), sig], `sending signal ${sig} again to thread ${tid}`));
    }
  }
}

const SIGTRAP = 5;
/** SIGILL, SIGBUS, SIGFPE, SIGSEGV: raised again by the faulting instruction, when sent by the kernel. */
const FAULTS = new Set([4, 7, 8, 11]);

function pendingSignal(siginfo?: Buffer): number | undefined {
  if (!siginfo || siginfo.length < 12) return undefined;
  const signo = siginfo.readInt32LE(0);
  const code = siginfo.readInt32LE(8);
  if (signo <= 0 || signo > 64 || signo === SIGTRAP || (FAULTS.has(signo) && code > 0)) return undefined;
  return signo;
}

function readStartBrk(pid: number): bigint {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'latin1');
  return BigInt(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[47 - 3] ?? '0');
}

function sameContent(p: string, content: Buffer): boolean {
  try {
    return fs.readFileSync(p).equals(content);
  } catch {
    return false;
  }
}

const ZERO = Buffer.alloc(PAGE);

/** Writes the runs of pages of `data` that differ from `base` (zeros when undefined). */
function writeChanged(proc: Process, addr: bigint, data: Buffer, base?: Buffer): void {
  let runStart = -1;
  const flush = (end: number): void => {
    if (runStart >= 0) proc.writeMemory(addr + BigInt(runStart), data.subarray(runStart, end));
    runStart = -1;
  };
  for (let o = 0; o < data.length; o += PAGE) {
    const page = data.subarray(o, o + PAGE);
    const same = base ? page.equals(base.subarray(o, o + page.length)) : page.equals(ZERO.subarray(0, page.length));
    if (same) flush(o);
    else if (runStart < 0) runStart = o;
  }
  flush(data.length);
}

