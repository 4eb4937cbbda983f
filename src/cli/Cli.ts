// The rdb command interpreter: reads gdb-style command lines, runs them on the Debugger
// facade and prints results in gdb's shapes. One instance per session.
import { Debugger } from '../debugger/Debugger';
import { CallStopped, UserError, type ResumeResult, type StopReason } from '../debugger/events';
import { CommandTable } from './commandTable';
import { finishValue, formatExit, formatStop, type OutputLine } from './format';
import { registerCommands } from './commands';

export interface CliOptions {
  batch: boolean;
  /** gdb's from_tty: commands given interactively (not -batch) print progress lines such as
   * `Starting program:`, `Continuing.` and `Run till exit from`. */
  fromTty: boolean;
  /** Whether confirmation queries can be asked; if not they are answered as gdb does. */
  interactiveInput: boolean;
  /** Where rdb's own output goes; written synchronously so it interleaves with the program's.
   * Text is written as UTF-8, a Buffer as it is. */
  write: (text: string | Buffer) => void;
  writeError: (text: string) => void;
  /** Asks a y/n question at the terminal (only with interactiveInput). */
  ask?: (question: string) => Promise<boolean>;
}

export class Cli {
  readonly commands = new CommandTable<Cli>();
  readonly infoCommands = new CommandTable<Cli>('info');
  /** Set when the last command failed (gdb -batch exits 1 if the last command failed). */
  lastFailed = false;
  /** Told of each stop after it is shown (--dump-on-crash). */
  onStop?: (result: ResumeResult) => void;
  private lastLine = '';
  /** gdb's breakpoint command lists (`commands N ... end`), by breakpoint number. */
  readonly breakpointCommands = new Map<number, string[]>();
  /** A `commands` list being read: the lines up to its `end`. */
  private collecting?: { numbers: number[]; lines: string[]; depth: number };
  /** The command list of the last stop, run once the command that stopped there is over. */
  private pendingCommands?: string[];
  /** Stops reported so far (a command list ends at a command that resumed the program). */
  private stops = 0;
  /** Why the program last stopped, for `info program`; undefined once it ended. */
  lastStopReason?: StopReason;

  constructor(readonly dbg: Debugger, readonly opts: CliOptions) {
    registerCommands(this);
  }

  print(...lines: OutputLine[]): void {
    for (const l of lines) {
      if (typeof l === 'string') this.opts.write(l + '\n');
      else this.error(l.error);
    }
  }

  /** Writes a string of bytes (each char one byte, as printf and echo make them) as those bytes:
   * gdb passes a program's bytes 0x80-0xff through unchanged. */
  writeBytes(bytes: string): void {
    this.opts.write(Buffer.from(bytes, 'latin1'));
  }

  /** A y/n query: auto-answered (and printed so) when input is not a terminal. */
  confirm(question: string, answer: 'Y' | 'N'): void {
    if (!this.opts.interactiveInput) this.print(`${question} (y or n) [answered ${answer}; input not from terminal]`);
  }

  /** A y/n query that is really asked at a terminal (without one, answered `answer` as gdb does). */
  async query(question: string, answer: 'Y' | 'N'): Promise<boolean> {
    if (!this.opts.interactiveInput || !this.opts.ask) {
      this.confirm(question, answer);
      return answer === 'Y';
    }
    return this.opts.ask(`${question} (y or n) `);
  }

  error(message: string): void {
    this.opts.writeError(message + '\n');
  }

  /** Whether lines are being read into a `commands` list (the prompt is then `>`). */
  get readingCommands(): boolean { return this.collecting !== undefined; }

  /** Starts reading a command list for breakpoints `numbers` (`commands`). */
  startCommands(numbers: number[]): void {
    if (this.opts.interactiveInput) this.print(`Type commands for breakpoint(s) ${numbers.join(' ')}, one per line.`, 'End with a line saying just "end".');
    this.collecting = { numbers, lines: [], depth: 0 };
  }

  private collect(line: string): void {
    const c = this.collecting!;
    const text = line.trim();
    if (text === 'end' && c.depth === 0) {
      for (const n of c.numbers) this.breakpointCommands.set(n, c.lines);
      this.collecting = undefined;
      return;
    }
    if (text === 'end') c.depth--;
    else if (/^(if|while|commands|define|document)\b/.test(text)) c.depth++;
    if (text !== '') c.lines.push(text);
  }

  /** Runs the command list of the stop just reported, up to a command that resumes. */
  private async runBreakpointCommands(): Promise<void> {
    const lines = this.pendingCommands;
    this.pendingCommands = undefined;
    if (!lines) return;
    const stops = this.stops;
    for (const l of lines) {
      await this.execute(l);
      if (this.stops !== stops) break;
    }
  }

  /** Prints the outcome of a command that resumed the target, plus auto-displays. */
  report(result: ResumeResult): void {
    this.stops++;
    const reason = result.kind === 'stopped' ? result.stop.reason : undefined;
    this.lastStopReason = reason;
    const listed = reason && (reason.kind === 'breakpoint' || reason.kind === 'watchpoint') ? this.breakpointCommands.get(reason.number) : undefined;
    this.pendingCommands = listed?.[0] === 'silent' ? listed.slice(1) : listed;
    if (listed?.[0] === 'silent') return;
    if (result.kind === 'exited') {
      this.print(...formatExit(result.exit));
      return;
    }
    if (result.stop.reason.kind === 'call-return') return; // gdb stops there silently
    this.print(...formatStop(result.stop, (f, l) => this.dbg.sourceLine(f, l), this.dbg.printing.addresses));
    this.dbg.noteSourcePosition(result.stop.frame.path, result.stop.frame.line);
    this.showDisplays();
    const value = finishValue(result.stop);
    if (value !== undefined) this.print(value);
    this.onStop?.(result);
  }

  showDisplays(): void {
    for (const d of this.dbg.displayValues()) this.print(d);
  }

  /** Executes one command line; errors are printed, never thrown. A line of a command file
   * (`-x FILE`) names its place before its error, as gdb does. */
  /** Runs one command line; an interrupt (Ctrl-C) while it runs holds until it ends. */
  execute(line: string, sourced?: { file: string; line: number }): Promise<void> {
    return this.dbg.command(() => this.executeLine(line, sourced));
  }

  private async executeLine(line: string, sourced?: { file: string; line: number }): Promise<void> {
    if (this.collecting) return this.collect(line);
    let text = line.replace(/^\s+/, '');
    if (text === '') {
      if (this.opts.batch || this.lastLine === '') return;
      text = this.lastLine;
    }
    if (text.startsWith('#')) return;
    this.lastFailed = false;
    try {
      const { word, modifier, args } = CommandTable.split(text);
      const cmd = this.commands.lookup(word);
      this.lastLine = cmd.repeats ? text : '';
      await cmd.run(this, args, modifier);
    } catch (e) {
      // gdb asks its auto-answered queries on stdout, after the error it reports on stderr; a
      // declined query is no failure (a command file goes on).
      const [message, query] = describeError(e).split(/\n(?=Make breakpoint pending on future shared library load\?)/);
      this.lastFailed = query === undefined;
      if (e instanceof CallStopped) this.report(e.stop);
      const partial = e instanceof UserError ? e.partial : undefined;
      // gdb leaves a partial line (a failing `x`) open on stdout; the error goes to stderr.
      if (partial !== undefined) this.opts.write(partial);
      if (sourced && query === undefined) this.error(`${sourced.file}:${sourced.line}: Error in sourced command file:`);
      this.error(message);
      if (query !== undefined) this.print(query);
    }
    await this.runBreakpointCommands();
  }
}

/** Errors of the lower layers whose message is meant for the user as it is. */
const USER_FACING = new Set(['EvalError', 'RestoreRefused', 'CoreFormatError', 'PastWriteError', 'ReplayDivergence', 'ReplayUnsupported', 'CheckpointRefused', 'ReplayInterrupted']);

/** The message a user sees for a failed command: user errors as they are, bugs with context. */
export function describeError(e: unknown): string {
  if (e instanceof UserError) return e.message;
  if (e instanceof Error && USER_FACING.has(e.name)) return e.message;
  if (e instanceof Error) {
    const code = (e as NodeJS.ErrnoException).code;
    return code ? `${e.message}` : `Internal error: ${e.message}`;
  }
  return String(e);
}
