// What the Debugger facade reports to its front ends (CLI, DAP): frames and stops as data,
// never as text; each front end formats them its own way.

/** One argument or local as the front end shows it in a frame line. */
export interface FrameArg { name: string; value: string }

/** A frame of the selected thread's stack, innermost = level 0. */
export interface FrameDescription {
  level: number;
  pc: bigint;
  /** Function name, if known (from DWARF or the ELF symbol table). */
  function?: string;
  /** Arguments with their values formatted in gdb's frame-argument style; undefined when the
   * function has no debug info (gdb then prints `f ()`). */
  args?: FrameArg[];
  /** Source position, if the pc has line information: the file as gdb shows it, and the
   * path rdb reads it from. */
  file?: string;
  path?: string;
  line?: number;
  /** True when pc is at the first address of a line-table row (gdb then omits the address). */
  atLineStart: boolean;
  /** The shared object the pc is in, for frames without a function symbol ("from /lib/..."). */
  library?: string;
  /** The signal trampoline a handler returns to: gdb shows `<signal handler called>`. */
  sigtramp?: boolean;
  /** Where a function the debugger called returns: gdb shows `<function called from gdb>`. */
  dummy?: boolean;
}

export type StopReason =
  | { kind: 'breakpoint'; number: number; temporary: boolean; /** N of N.M when it has several locations */ location?: number }
  | { kind: 'watchpoint'; number: number; expression: string; oldValue: string; newValue: string; hardware: boolean;
      /** rwatch / awatch; `changed` false when the access read the value without changing it. */
      access?: 'read' | 'access'; changed?: boolean }
  | { kind: 'watchpoint-scope'; number: number }
  | { kind: 'step' }
  | { kind: 'finish'; from: FrameDescription; returnValue?: { history: number; text: string } }
  | { kind: 'signal'; name: string; description: string }
  | { kind: 'interrupted' }
  | { kind: 'history-start' }
  | { kind: 'history-end' }
  /** Stopped at the program's first instruction (`starti`). */
  | { kind: 'started' }
  /** A function the debugger called returned: the program is back where the call was made,
   * and gdb says nothing. */
  | { kind: 'call-return' };

/** How a front end should print the location of a stop (gdb's print_stack_frame modes). */
export type LocationStyle =
  /** only `LINE\tsource`, or `0x...\tLINE\tsource` in the middle of a line (a step that
   * stayed in the same function and frame) */
  | 'source-line'
  /** `func (args) at file:line` (with `0x... in ` in the middle of a line) then `LINE\tsource` */
  | 'source-and-location';

export interface Stop {
  reason: StopReason;
  frame: FrameDescription;
  style: LocationStyle;
  /** The thread it is in, once the program has had several (gdb's `Thread 2 "prog" hit`). */
  thread?: { id: number; name: string };
  /** The thread's target id when it is not the one that was selected (`[Switching to ...]`). */
  switchedTo?: string;
}

export type ExitInfo =
  | { kind: 'exited'; pid: number; code: number }
  | { kind: 'killed'; pid: number; signal: string; description: string };

/** The result of a command that resumes the target. */
export type ResumeResult =
  | { kind: 'stopped'; stop: Stop }
  | { kind: 'exited'; exit: ExitInfo };

/** Typed error for user mistakes; the message is printed as is (gdb's wording). */
export class UserError extends Error {
  /** Output the command produced before it failed (printed first, on stdout, without a newline). */
  constructor(message: string, readonly partial?: string) { super(message); this.name = 'UserError'; }
}

/** A function called from an expression stopped before returning (a breakpoint, a signal):
 * the stop is reported first, then the message; the program stays in the called function. */
export class CallStopped extends UserError {
  constructor(message: string, readonly stop: ResumeResult) { super(message); this.name = 'CallStopped'; }
}
