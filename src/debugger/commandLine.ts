// What a front end needs to run rdb's command lines (the CLI's interpreter, a layer above the
// facade) on its Debugger: the program's entry point hands the adapter a factory of this shape,
// so the adapter's REPL prints each command as the CLI does without importing src/cli.
import type { Debugger } from './Debugger';

/** One command interpreter on a Debugger. */
export interface CommandLine {
  /** Runs one line; its output and errors go to the writers it was made with. */
  execute(line: string): Promise<void>;
  /** Whether the last line failed. */
  readonly lastFailed: boolean;
  /** The command a word names (full name, alias or unambiguous prefix); throws if none. */
  readonly commands: { lookup(word: string): { name: string } };
}

export interface CommandLineOutput {
  write: (text: string | Buffer) => void;
  writeError: (text: string) => void;
}

export type CommandLineFactory = (dbg: Debugger, out: CommandLineOutput) => CommandLine;
