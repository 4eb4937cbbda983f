// Typed surface of the rdb_tracer addon: the one tracer thread that makes every ptrace call.
// Calls that resume a tracee are asynchronous; calls on a stopped tracee are synchronous
// (the JS thread waits for the tracer thread to answer) so evaluators can stay synchronous.
// Errors are Error objects with errno `code` (e.g. 'ESRCH'), `errno` (its positive number) and
// `syscall` (e.g. 'ptrace'); bad arguments throw TypeError.
import * as path from 'path';

/** General-purpose registers, as in struct user_regs_struct. */
export interface Regs {
  r15: bigint; r14: bigint; r13: bigint; r12: bigint; rbp: bigint; rbx: bigint;
  r11: bigint; r10: bigint; r9: bigint; r8: bigint; rax: bigint; rcx: bigint;
  rdx: bigint; rsi: bigint; rdi: bigint; orig_rax: bigint; rip: bigint; cs: bigint;
  eflags: bigint; rsp: bigint; ss: bigint; fs_base: bigint; gs_base: bigint;
  ds: bigint; es: bigint; fs: bigint; gs: bigint;
}

export type ResumeMode = 'cont' | 'step' | 'syscall' | 'sysemu' | 'sysemu_step';

/** What waitpid reported for a tracee. */
export type StopEvent =
  /** signal-delivery-stop (SIGTRAP for breakpoints and single-steps, or a real signal). */
  | { pid: number; kind: 'signal'; signal: number; siginfo: SigInfo }
  /** syscall-enter/exit stop (PTRACE_O_TRACESYSGOOD), also the stop of 'sysemu'. */
  | { pid: number; kind: 'syscall'; info: SyscallInfo }
  /** PTRACE_EVENT_* stop; msg is PTRACE_GETEVENTMSG. */
  | { pid: number; kind: 'event'; event: PtraceEventName; msg: bigint }
  /** The tracee exited normally with `status` as its exit code. */
  | { pid: number; kind: 'exited'; status: number }
  /** The tracee was killed by `signal`. */
  | { pid: number; kind: 'killed'; signal: number; coreDumped: boolean };

export type PtraceEventName = 'exec' | 'fork' | 'vfork' | 'clone' | 'exit' | 'stop' | 'vfork_done' | 'seccomp' | 'unknown';

/** PTRACE_GET_SYSCALL_INFO at a syscall stop ('none' if the kernel could not tell). */
export interface SyscallInfo {
  op: 'entry' | 'exit' | 'seccomp' | 'none';
  /** entry/seccomp: the syscall number and its six arguments. */
  nr: number;
  args: bigint[];
  /** exit: the return value (negative errno if isError). */
  rval: bigint;
  isError: boolean;
}

export interface SigInfo {
  signo: number; errno: number; code: number;
  /** si_addr for SIGSEGV/SIGBUS/SIGILL/SIGFPE/SIGTRAP, si_pid for kill(), else 0. */
  addr: bigint; pid: number;
  /** The whole siginfo_t (128 bytes); empty for a stop that has none (a group-stop). */
  raw: Buffer;
}

export interface SpawnOptions {
  cwd?: string;
  /** Disable address-space randomisation in the child, as gdb does by default. */
  disableAslr?: boolean;
  /** File descriptors 0, 1, 2 for the child; default: inherit ours. */
  stdio?: [number, number, number];
  /** `file` is a shell told to exec the program: resolve once the program's exec is reached
   * (a shell that exits first rejects with "During startup program exited with code N."). */
  throughShell?: boolean;
  /** The pid the child must have (clone3 set_tid, needs privilege); rejects with EEXIST when
   * it is taken. */
  pid?: number;
}

export interface TracerAddon {
  /** fork+exec `file` under PTRACE_TRACEME; resolves with the pid once it is stopped after exec
   * (options set: PTRACE_O_EXITKILL | PTRACE_O_TRACESYSGOOD | PTRACE_O_TRACEEXEC).
   * A failing exec (missing file, not executable) rejects with the child's errno. */
  spawn(file: string, argv: string[], env: string[], opts: SpawnOptions): Promise<number>;
  /** PTRACE_CONT/SINGLESTEP/SYSCALL/SYSEMU(_SINGLESTEP) with `signal` (0 for none), then
   * wait for its next stop. A tracee killed from outside while stopped reports 'killed' (or
   * 'exited'), not ESRCH. Rejects with EBUSY if a resume of `pid` is already pending. */
  resume(pid: number, mode: ResumeMode, signal: number): Promise<StopEvent>;
  /** Resumes threads of one process, each [tid, mode, signal], then waits for whichever of
   * `waitFor` stops (or ends) first; the event's pid is that thread's id. */
  resumeThreads(runs: Array<[number, ResumeMode, number]>, waitFor: number[]): Promise<StopEvent>;
  /** With nothing to wait for: resumes them and resolves at once. */
  resumeThreads(runs: Array<[number, ResumeMode, number]>, waitFor: []): Promise<undefined>;
  /** Stops running threads of process `pid` (tgkill SIGSTOP) and resolves with each one's next
   * stop, in order: the SIGSTOP, or what came first (the SIGSTOP then stays queued). */
  stopThreads(pid: number, tids: number[]): Promise<StopEvent[]>;
  /** Ask a running tracee to stop (kill SIGSTOP); callable from any thread. The pending
   * resume() resolves with a SIGSTOP signal stop (or, if the tracee stopped for another reason
   * first, the SIGSTOP stays pending and the next resume() reports it). */
  interrupt(pid: number): void;
  /** SIGKILL the tracee and reap it; resolves when it is gone (also if it already was). A pending
   * resume() of it resolves with the 'killed' event. */
  kill(pid: number): Promise<void>;

  getRegs(pid: number): Regs;
  setRegs(pid: number, regs: Regs): void;
  /** The XSAVE area (PTRACE_GETREGSET NT_X86_XSTATE): x87, SSE, AVX state. */
  getXState(pid: number): Buffer;
  /** Writes the XSAVE area; it must have exactly getXState's length. A component whose bit is
   * clear in XSTATE_BV (bytes 512..519) is restored to its init state (zeros), whatever the
   * buffer holds: set the bit when changing, e.g., xmm registers (bit 1). */
  setXState(pid: number, xsave: Buffer): void;
  /** Read up to len bytes; returns fewer only if memory ends; throws EIO/EFAULT if none. */
  readMemory(pid: number, addr: bigint, len: number): Buffer;
  /** Reads into `buffer` (up to its length; fewer only if memory ends); returns the bytes read. */
  readMemoryInto(pid: number, addr: bigint, buffer: Buffer): number;
  /** Writes also into read-only pages (text) through /proc/pid/mem. */
  writeMemory(pid: number, addr: bigint, data: Buffer): void;
  /** Debug registers DR0..DR7 through PTRACE_PEEKUSER/POKEUSER (index 4 and 5 are invalid). */
  getDebugReg(pid: number, index: number): bigint;
  setDebugReg(pid: number, index: number, value: bigint): void;
  getSigInfo(pid: number): SigInfo;
  /** The blocked-signal mask of a stopped thread (bit n-1 for signal n). */
  getSigMask(pid: number): bigint;
  setSigMask(pid: number, mask: bigint): void;
  /** Waits for the first stop of a child the tracee forked (traced from birth). */
  waitForkChild(pid: number): void;
  /** PTRACE_DETACH a stopped tracee: it runs on, untraced. */
  detach(pid: number): void;
  /** Forks a stopped tracee by an injected clone(CLONE_PARENT | SIGCHLD): the copy is our child
   * (the program's wait() never sees it), traced, stopped, with the tracee's registers, memory
   * (our breakpoint bytes included), signal mask and ptrace options. Returns its pid. */
  fork(pid: number): number;
  /** Runs system call `nr` with up to six arguments in a stopped tracee at its pc, then restores
   * its registers, the code bytes it borrowed and its signal mask (all signals are blocked while
   * the call runs). Returns the raw result (a negative errno on failure). */
  injectSyscall(pid: number, nr: number, args: bigint[]): bigint;
  /** A hardware-breakpoint perf event counting executions of `addr` by `pid` (no stop each);
   * with `period` > 0 the process is sent `signal` at the period-th one, stopping before it.
   * Returns its file descriptor. */
  perfExecCounter(pid: number, addr: bigint, period: bigint, signal: number): number;
  perfRead(fd: number): bigint;
  perfClose(fd: number): void;
}

let loaded: TracerAddon | undefined;

/** The addon, loaded on first use. */
export function tracer(): TracerAddon {
  if (!loaded) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    loaded = require(path.join(__dirname, '../../../native/tracer/build/Release/rdb_tracer.node')) as TracerAddon;
  }
  return loaded;
}
