// What a traced process reports and takes: its stop events, the system call hook that records or
// emulates its calls, and how it is started (options, gdb's escaping of shell words).
import type { PtraceEventName, SigInfo, SyscallInfo } from './native';

export type TargetEvent =
  /** An inserted software breakpoint was hit; rip == address. */
  | { kind: 'breakpoint'; address: bigint }
  /** A single-step finished. */
  | { kind: 'step' }
  /** Hardware watchpoint (or exec breakpoint) `slot` triggered; DR6 was read and cleared. */
  | { kind: 'watchpoint'; slot: number; address: bigint; /** every slot that triggered (slot first) */ slots: number[] }
  /** A signal is about to be delivered; pass it to the next resume to deliver it. */
  | { kind: 'signal'; signal: number; siginfo: SigInfo }
  /** Syscall entry or exit stop (after syscall()). */
  | { kind: 'syscall'; info: SyscallInfo }
  /** A PTRACE_EVENT stop; after 'exec' all breakpoints and watchpoints are gone. */
  | { kind: 'event'; event: PtraceEventName; msg: bigint }
  | { kind: 'exited'; code: number }
  | { kind: 'killed'; signal: number };

/**
 * Takes the system calls of a running process. 'record': calls run for real; entry() sees the
 * arguments, exit() the result (and may read what the call wrote). 'emulate': the process stops
 * at each call without running it; entry() either emulates it (sets rax and writes memory) and
 * returns undefined, or returns 'run' to have it executed for real (exit() then sees the result).
 * In both modes entry() may return 'stop' to end the resume with the syscall event (the call not
 * yet run). A hook may throw: the resume then rejects with the process stopped at the call.
 */
export interface SyscallHook {
  readonly mode: 'record' | 'emulate';
  entry(info: SyscallInfo): 'run' | 'stop' | undefined;
  exit(info: SyscallInfo): void;
}

export interface ProcessSpawnOptions {
  /** The environment as 'NAME=value' strings or an object; default: ours. */
  env?: string[] | Record<string, string | undefined>;
  cwd?: string;
  /** Disable address-space randomisation, as gdb does. */
  disableAslr?: boolean;
  /** File descriptors 0, 1, 2 for the program; default: ours. */
  stdio?: [number, number, number];
  /** Start the program as gdb does, through this shell: `SHELL -c 'exec FILE ARGS'`, where ARGS
   * is shell text (quotes, globs, redirections); `args` is then ignored. */
  shell?: { path: string; args: string };
  /** The pid the program must have (a restored image's); fails with EEXIST when it is taken. */
  pid?: number;
}

/** A word for a shell command line, its special characters escaped as gdb escapes them. */
export function shellWord(word: string): string {
  if (word === '') return "''";
  let out = '';
  for (const ch of word) out += ch === '\n' ? "'\n'" : /[A-Za-z0-9_\-+=.,/:@%^]/.test(ch) ? ch : `\\${ch}`;
  return out;
}

export function envStrings(env: ProcessSpawnOptions['env']): string[] {
  if (Array.isArray(env)) return env;
  return Object.entries(env ?? process.env).filter(([, v]) => v !== undefined).map(([k, v]) => `${k}=${v}`);
}
