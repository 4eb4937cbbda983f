// The Debug Console (evaluate with context 'repl'): a line is evaluated as an expression; if it
// is none and starts with one of rdb's commands (`info checkpoints`, `bt`, `x/4x &v`), or after
// `-exec `, the CLI's interpreter runs it and the response is its output, as `rdb` prints it.
import type { Debugger } from '../src/debugger/Debugger';
import type { CommandLine, CommandLineFactory } from '../src/debugger/commandLine';

/** Commands that start, end or replace the program, which the debug toolbar owns. */
const REFUSED = new Map<string, string>([
  ['run', 'the program is started by the launch configuration (restart it from the toolbar)'],
  ['start', 'the program is started by the launch configuration (restart it from the toolbar)'],
  ['starti', 'the program is started by the launch configuration (restart it from the toolbar)'],
  ['kill', 'stop the session from the toolbar'],
  ['quit', 'stop the session from the toolbar'],
  ['detach', 'stop the session from the toolbar'],
  ['attach', 'start a new session to debug another process'],
  ['file', 'start a new session to debug another program'],
  ['core-file', 'start a new session to open a core file'],
]);

export class Repl {
  private cli?: CommandLine;
  private out = '';
  private err = '';

  constructor(private readonly dbg: Debugger, private readonly factory?: CommandLineFactory) {}

  /** The command line's first word names a command of rdb's CLI (and which). */
  command(line: string): string | undefined {
    const word = /^\s*([A-Za-z_][\w-]*)/.exec(line)?.[1];
    if (!word || !this.factory) return undefined;
    try {
      return this.interpreter().commands.lookup(word).name;
    } catch {
      return undefined;
    }
  }

  /** Runs `line` as the CLI would: its output, or an error with what it printed. */
  async run(line: string): Promise<string> {
    const name = this.command(line);
    if (!name) throw new Error(`"${line.trim()}" is no command of rdb's.`);
    const why = REFUSED.get(name);
    if (why) throw new Error(`"${name}" is not available in the Debug Console: ${why}.`);
    const cli = this.interpreter();
    this.out = '';
    this.err = '';
    await cli.execute(line);
    const text = (this.out + this.err).replace(/\n$/, '');
    if (cli.lastFailed) throw new Error(text || `${name} failed.`);
    return text;
  }

  private interpreter(): CommandLine {
    this.cli ??= this.factory!(this.dbg, {
      write: (t) => { this.out += t.toString(); },
      writeError: (t) => { this.err += t; },
    });
    return this.cli;
  }
}
