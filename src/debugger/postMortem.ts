// The post-mortem target: a core file standing where a stopped process would, behind the Tracee
// interface the inspection code reads registers and memory through. It never runs: resuming
// it is gdb's "The program is not being run.", changing it is refused.
import * as fs from 'fs';
import * as path from 'path';
import type { Tracee, TargetEvent } from '../target/Process';
import type { Regs } from '../target/native';
import type { Mapping } from '../target/maps';
import { CoreFormatError, CoreMemory, coreExecutable, fileSource, parseCore, plainFile, type CoreInfo, type CoreThreadState } from '../target/coreReader';
import { EvalError } from '../expr/context';
import { UserError } from './events';
import { signalDescription, signalName } from './signals';
import { ThreadList } from './threadList';

/** An FXSAVE area (512 bytes) followed by an XSAVE header that says only x87 and SSE are valid. */
const FXSAVE_SIZE = 512;
const XSAVE_LEGACY = FXSAVE_SIZE + 64;

function notRunning(): never {
  throw new UserError('The program is not being run.');
}

function noProcess(): never {
  throw new UserError('You can\'t do that without a process to debug.');
}

export class CoreTracee implements Tracee {
  private current: CoreThreadState;
  private closed = false;
  exit?: { kind: 'exited'; code: number } | { kind: 'killed'; signal: number };
  /** A core is the program as it was: there is no replica of a past to show instead. */
  readonly replaying = false;
  readonly live = { everThreaded: false };

  private constructor(readonly file: string, readonly info: CoreInfo, private readonly memory: CoreMemory) {
    this.current = info.threads[0];
    this.live.everThreaded = info.threads.length > 1;
  }

  /** Opens `file`; a file that is no core (or a damaged one) is a UserError saying why. */
  static open(given: string): CoreTracee {
    const file = path.resolve(given); // gdb names the core by its absolute path
    let src;
    try {
      // A directory, a FIFO or a device is no core, and reading a FIFO would block.
      if (!fs.statSync(file).isFile()) throw new UserError(`"${file}" is not a core dump: not a regular file`);
      src = fileSource(file);
    } catch (e) {
      if (e instanceof UserError) throw e;
      const code = (e as NodeJS.ErrnoException).code;
      throw new UserError(code === 'ENOENT' ? `${file}: No such file or directory.` : `${file}: ${(e as Error).message}`);
    }
    try {
      const info = parseCore(file, src);
      return new CoreTracee(file, info, new CoreMemory(src, info));
    } catch (e) {
      src.close();
      if (e instanceof CoreFormatError) throw new UserError(e.message);
      throw e;
    }
  }

  /** The executable the core names (by the mapping holding its program headers). */
  requireExecutable(): string {
    const exe = coreExecutable(this.info);
    if (!exe) throw new UserError(`${this.file} names no executable file: give the program too (rdb PROGRAM --core ${this.file}).`);
    if (!plainFile(exe)) throw new UserError(`The core's program ${exe} is not there: give the program too (rdb PROGRAM --core ${this.file}).`);
    return exe;
  }

  /** gdb's warning when `program` is not the one the core ran: the first page of the core's
   * executable (ELF header, program headers, build-id note), when the core holds it, differs
   * from the file's. */
  private mismatch(program: string): string | undefined {
    const exe = coreExecutable(this.info);
    const first = this.info.files.find((f) => f.path === exe && f.offset === 0n);
    const own = first && this.memory.readOwn(first.start, 4096);
    if (!own) return undefined;
    let file: Buffer;
    try {
      const src = fileSource(program);
      file = src.read(0, own.length);
      src.close();
    } catch {
      return undefined; // loading it has already said what is wrong
    }
    return file.equals(own) ? undefined : 'warning: core file may not match specified executable file.';
  }

  /** Runs `fn`; if it throws, the core is closed first. */
  guard(fn: () => void): void {
    try {
      fn();
    } catch (e) {
      void this.kill();
      throw e;
    }
  }

  get pid(): number { return this.info.pid || this.info.threads[0].tid; }
  get tid(): number { return this.current.tid; }
  get state(): 'stopped' | 'exited' { return this.closed ? 'exited' : 'stopped'; }

  /** The signal the program died of: the first thread's, as gdb reports it. */
  signal(): number {
    return this.info.threads[0].signal || (this.info.siginfo && this.info.siginfo.length >= 4 ? this.info.siginfo.readInt32LE(0) : 0);
  }

  siginfo(): Buffer | undefined { return this.info.siginfo; }

  threads(): Array<{ tid: number; fsBase: bigint }> {
    return this.info.threads.map((t) => ({ tid: t.tid, fsBase: t.regs.fs_base }));
  }

  /** gdb's numbering of the core's threads: in the order of their notes. */
  threadList(): ThreadList {
    const [first, ...rest] = this.info.threads;
    const list = new ThreadList(first.tid);
    for (const t of rest) list.add(t.tid);
    return list;
  }

  selectThread(tid: number): void {
    const t = this.info.threads.find((x) => x.tid === tid);
    if (!t) throw new Error(`no thread ${tid} in the core ${this.file}`);
    this.current = t;
  }

  /** The mappings the core names (NT_FILE) of files there are to read, for placing the
   * executable and libraries. */
  maps(): Mapping[] {
    const plain = new Map<string, boolean>();
    const readable = (p: string): boolean => plain.get(p) ?? plain.set(p, plainFile(p)).get(p)!;
    return this.info.files.filter((f) => readable(f.path)).map((f) => ({
      start: f.start, end: f.end, perms: 'r--p', readable: true, writable: false, executable: false, private: true,
      offset: f.offset, dev: '00:00', inode: 0, path: f.path, deleted: false,
    }));
  }

  regs(): Readonly<Regs> { return this.current.regs; }

  /** The XSAVE area: the core's NT_X86_XSTATE, else its FXSAVE area with an XSAVE header. */
  xstate(): Buffer {
    const t = this.current;
    if (t.xstate && t.xstate.length >= XSAVE_LEGACY) return Buffer.from(t.xstate);
    const out = Buffer.alloc(XSAVE_LEGACY);
    if (t.fpregs) {
      t.fpregs.copy(out, 0, 0, Math.min(FXSAVE_SIZE, t.fpregs.length));
      out.writeBigUInt64LE(3n, FXSAVE_SIZE); // XSTATE_BV: x87 and SSE
    }
    return out;
  }

  readMemory(addr: bigint, len: number): Buffer {
    if (this.closed) throw new Error(`the core ${this.file} is closed`);
    return this.memory.read(addr, len);
  }

  writeMemory(addr: bigint): void {
    throw new EvalError(`Cannot access memory at address 0x${addr.toString(16)}`);
  }

  setRegs(): void { noProcess(); }
  setXState(): void { noProcess(); }
  /** gdb's `gcore` wants a process; the core is already one. */
  writeCore(): void { noProcess(); }
  queueSignal(): void { notRunning(); }
  insertBreakpoint(): void { notRunning(); }
  removeBreakpoint(): boolean { return false; }
  hasBreakpoint(): boolean { return false; }
  /** A watchpoint is kept for a later `run`: nothing to arm in a core. */
  setHwWatchpoint(_a: bigint, _l: number, _k: string, at?: number): number { return at ?? 0; }
  clearHwWatchpoint(): void { /* none was set */ }
  hwWatchpoint(): undefined { return undefined; }
  cont(): Promise<TargetEvent> { return notRunning(); }
  step(): Promise<TargetEvent> { return notRunning(); }
  interrupt(): void { /* never running */ }

  /** Ends the post-mortem session: the core and the files it maps are closed. */
  kill(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      this.memory.close();
    }
    return Promise.resolve();
  }

  /** What gdb says as it opens the core for `program`: whether that may not be the core's, the
   * core's threads, the command, the signal. */
  banner(program: string): string[] {
    const missing = [...new Set(this.info.files.map((f) => f.path))].filter((p) => !plainFile(p))
      .map((p) => `warning: Can't open file ${p} during file-backed mapping note processing`);
    const lines = [this.mismatch(program) ?? [], missing, this.info.threads.map((t) => `[New LWP ${t.tid}]`)].flat();
    if (this.info.args) lines.push(`Core was generated by \`${this.info.args}'.`);
    const sig = this.signal();
    if (sig > 0) lines.push(`Program terminated with signal ${signalName(sig)}, ${signalDescription(sig)}.`);
    return lines;
  }
}
