// The rdb command interpreter: reads gdb-style command lines, runs them on the Debugger
// facade and prints results in gdb's shapes. One instance per session.
import { Debugger } from '../debugger/Debugger';
import { UserError, type ResumeResult } from '../debugger/events';
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
  /** Where rdb's own output goes; written synchronously so it interleaves with the program's. */
  write: (text: string) => void;
  writeError: (text: string) => void;
}

export class Cli {
  readonly commands = new CommandTable<Cli>();
  readonly infoCommands = new CommandTable<Cli>('info');
  /** Set when the last command failed (gdb -batch exits 1 if the last command failed). */
  lastFailed = false;
  private lastLine = '';

  constructor(readonly dbg: Debugger, readonly opts: CliOptions) {
    registerCommands(this);
  }

  print(...lines: OutputLine[]): void {
    for (const l of lines) {
      if (typeof l === 'string') this.opts.write(l + '\n');
      else this.error(l.error);
    }
  }

  /** A y/n query: auto-answered (and printed so) when input is not a terminal. */
  confirm(question: string, answer: 'Y' | 'N'): void {
    if (!this.opts.interactiveInput) this.print(`${question} (y or n) [answered ${answer}; input not from terminal]`);
  }

  error(message: string): void {
    this.opts.writeError(message + '\n');
  }

  /** Prints the outcome of a command that resumed the target, plus auto-displays. */
  report(result: ResumeResult): void {
    if (result.kind === 'exited') {
      this.print(...formatExit(result.exit));
      return;
    }
    this.print(...formatStop(result.stop, (f, l) => this.dbg.sourceLine(f, l)));
    this.dbg.noteSourcePosition(result.stop.frame.path, result.stop.frame.line);
    this.showDisplays();
    const value = finishValue(result.stop);
    if (value !== undefined) this.print(value);
  }

  showDisplays(): void {
    for (const d of this.dbg.displayValues()) this.print(d);
  }

  /** Executes one command line; errors are printed, never thrown. */
  async execute(line: string): Promise<void> {
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
      this.lastFailed = true;
      // gdb asks its auto-answered queries on stdout, after the error it reports on stderr.
      const [message, query] = describeError(e).split(/\n(?=Make breakpoint pending on future shared library load\?)/);
      const partial = e instanceof UserError ? e.partial : undefined;
      // gdb leaves a partial line (a failing `x`) open on stdout; the error goes to stderr.
      if (partial !== undefined) this.opts.write(partial);
      this.error(message);
      if (query !== undefined) this.print(query);
    }
  }
}

/** Errors of the lower layers whose message is meant for the user as it is. */
const USER_FACING = new Set(['EvalError', 'PastWriteError', 'ReplayDivergence', 'ReplayUnsupported']);

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
