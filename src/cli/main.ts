// `rdb [options] [--args] PROG [ARGS]`: parses gdb's command-line flags, loads the program,
// runs -x files and -ex commands in order, then (unless -batch) an interactive prompt.
import * as fs from 'fs';
import * as readline from 'readline';
import { Debugger } from '../debugger/Debugger';
import { Cli, describeError } from './Cli';
import { openCoreFile } from './coreCommands';
import { dumpOnCrash, restoreFromImage } from './imageCommands';

export interface Invocation {
  batch: boolean;
  quiet: boolean;
  /** -x files and -ex commands, in command-line order. */
  actions: Array<{ kind: 'ex' | 'file'; text: string }>;
  program?: string;
  /** A core file to open post-mortem (`--core FILE`, `-c FILE`, or a second word after PROGRAM). */
  core?: string;
  /** An image to bring back to life (`--restore FILE`), and whether descriptors whose peer is
   * gone may be closed (`--close-lost-fds`). */
  restore?: string;
  closeLostFds: boolean;
  /** Where an image of the program goes when it crashes (`--dump-on-crash DIR`). */
  dumpOnCrash?: string;
  /** Words after PROGRAM and CORE (without --args): gdb ignores them, saying so. */
  excess: string[];
  args: string[];
  help: boolean;
  version: boolean;
}

const usage = `Usage: rdb [options] [--args] PROGRAM [ARGS...]
       rdb [options] [PROGRAM] --core COREFILE   (or: rdb PROGRAM COREFILE)
       rdb [options] --restore IMAGE [--close-lost-fds]
A reversible debugger for Linux x86-64 programs, with gdb's commands.

Options:
  --args          Pass the arguments after PROGRAM to it.
  -c, --core FILE Open FILE, a core dump, post-mortem (the program it names, unless given).
  --restore FILE  Bring back the process of FILE, an image rdb wrote (dump, gcore),
                  stopped where it was written.
  --close-lost-fds  With --restore: close the descriptors whose peer is gone (pipes,
                  sockets, terminals) without asking (at a terminal rdb asks; -batch
                  and input not from a terminal close them, saying so).
  --dump-on-crash DIR  When the program stops at a crash (SIGSEGV, SIGABRT, ...), write a
                  super core dump of it to DIR/core.PROG.PID.
  -batch          Exit after running the -ex commands and -x files.
  -ex CMD         Run CMD (repeatable; in order with -x).
  -x FILE         Run the commands in FILE.
  -q, -quiet      Print no introduction.
  -nx, -n         Accepted for gdb compatibility (rdb reads no init file).
  --help          Print this help.
  --version       Print rdb's version.
`;

/** Parses argv the way gdb does for the flags rdb supports (one or two dashes, `=` or space). */
export function parseArgs(argv: string[]): Invocation {
  const inv: Invocation = { batch: false, quiet: false, actions: [], excess: [], args: [], help: false, version: false, closeLostFds: false };
  let i = 0;
  let argsMode = false;
  const value = (flag: string): string => {
    if (i + 1 >= argv.length) throw new Error(`option '${flag}' requires an argument`);
    return argv[++i];
  };
  for (; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('-') || a === '-') {
      if (argsMode) { inv.program = a; inv.args = argv.slice(i + 1); break; }
      // As gdb: a second word is the core file.
      if (inv.program === undefined) inv.program = a;
      else if (inv.core === undefined) inv.core = a;
      else inv.excess.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const flag = a.replace(/^--?/, '').slice(0, eq > 0 ? eq - (a.startsWith('--') ? 2 : 1) : undefined);
    const inline = eq > 0 ? a.slice(eq + 1) : undefined;
    switch (flag) {
      case 'batch': inv.batch = true; inv.quiet = true; break;
      case 'q': case 'quiet': case 'silent': inv.quiet = true; break;
      case 'nx': case 'n': case 'nh': break;
      case 'ex': case 'eval-command': inv.actions.push({ kind: 'ex', text: inline ?? value(a) }); break;
      case 'x': case 'command': inv.actions.push({ kind: 'file', text: inline ?? value(a) }); break;
      case 'args': argsMode = true; break;
      case 'c': case 'core': inv.core = inline ?? value(a); break;
      case 'restore': inv.restore = inline ?? value(a); break;
      case 'close-lost-fds': inv.closeLostFds = true; break;
      case 'dump-on-crash': inv.dumpOnCrash = inline ?? value(a); break;
      case 'help': case 'h': inv.help = true; break;
      case 'version': case 'v': inv.version = true; break;
      default: throw new Error(`unrecognized option '${a}'`);
    }
  }
  return inv;
}

function writeSync(fd: number, text: string | Buffer): void {
  if (text.length === 0) return;
  if (typeof text === 'string') fs.writeSync(fd, text);
  else fs.writeSync(fd, text);
}

export async function main(argv: string[]): Promise<void> {
  let inv: Invocation;
  try {
    inv = parseArgs(argv);
  } catch (e) {
    process.stderr.write(`rdb: ${(e as Error).message}\nUse \`rdb --help' for a complete list of options.\n`);
    process.exit(1);
  }
  if (inv.help) { process.stdout.write(usage); return; }
  if (inv.version) { process.stdout.write('rdb 0.1.0\n'); return; }

  if (inv.excess.length) process.stderr.write(`Excess command line arguments ignored. (${inv.excess.join(' ')})\n`);
  Debugger.useLocaleCharset();
  const dbg = new Debugger();
  let stdoutAtLineStart = true;
  // Set once rdb is told to end (SIGTERM, SIGHUP): the stop that killing the program causes
  // is not reported.
  let ending = false;
  const cli = new Cli(dbg, {
    batch: inv.batch,
    fromTty: !inv.batch,
    interactiveInput: process.stdin.isTTY === true && !inv.batch,
    write: (t) => {
      if (!t.length || ending) return;
      writeSync(1, t);
      stdoutAtLineStart = t[t.length - 1] === '\n' || t[t.length - 1] === 10;
    },
    writeError: (t) => { if (!ending) writeSync(2, t); },
    ask: (question) => askAtTerminal(question),
  });
  dbg.notify = (line) => cli.print(line);
  if (inv.dumpOnCrash !== undefined) {
    try {
      cli.onStop = dumpOnCrash(cli, inv.dumpOnCrash);
    } catch (e) {
      cli.error(describeError(e));
      cli.lastFailed = true;
    }
  }
  dbg.notifyError = (line) => cli.error(line);
  const cleanupAndExit = async (code: number): Promise<never> => {
    await dbg.dispose();
    if (!stdoutAtLineStart) writeSync(1, '\n'); // gdb ends an open line when it exits
    process.exit(code);
  };
  // As gdb: the program is killed and rdb exits at once, silently, with status 0.
  const terminate = async (): Promise<never> => {
    ending = true;
    await dbg.dispose();
    process.exit(0);
  };
  process.on('SIGTERM', () => void terminate());
  process.on('SIGHUP', () => void terminate());

  if (inv.program !== undefined) {
    try {
      const warning = dbg.load(inv.program, inv.args);
      if (!inv.batch) cli.print(`Reading symbols from ${inv.program}...`);
      if (warning && !inv.batch) cli.print(warning);
    } catch (e) {
      cli.error(describeError(e));
      cli.lastFailed = true;
    }
  }

  if (inv.core !== undefined) {
    try {
      await openCoreFile(cli, inv.core, !inv.batch);
    } catch (e) {
      cli.error(describeError(e));
      cli.lastFailed = true;
    }
  }

  if (inv.restore !== undefined) {
    try {
      await restoreFromImage(cli, inv.restore, inv.closeLostFds);
    } catch (e) {
      cli.error(describeError(e));
      cli.lastFailed = true;
    }
  }

  const interrupts = new CommandInterrupts(dbg);
  const execute = (line: string, sourced?: { file: string; line: number }): Promise<void> => interrupts.run(cli, () => cli.execute(line, sourced));
  for (const action of inv.actions) {
    if (action.kind === 'ex') {
      await execute(action.text);
    } else {
      let text: string;
      try {
        text = fs.readFileSync(action.text, 'utf8');
      } catch {
        cli.error(`${action.text}: No such file or directory.`);
        cli.lastFailed = true;
        continue;
      }
      // gdb stops reading a command file at its first error.
      const lines = text.split('\n');
      for (let i = 0; i < lines.length; i++) {
        await execute(lines[i], { file: action.text, line: i + 1 });
        if (cli.lastFailed) break;
      }
    }
  }
  if (inv.batch) await cleanupAndExit(cli.lastFailed ? 1 : 0);
  interrupts.dispose();
  await interactive(cli, dbg);
}

/**
 * Ctrl-C while -ex commands and -x files run (as gdb -batch treats it): it interrupts what the
 * command runs (the Debugger holds it until the command ends); one that came between commands
 * makes the next command fail with `Quit`.
 */
class CommandInterrupts {
  private wanted = false;
  private readonly onSignal = (): void => {
    if (!this.dbg.interrupt()) this.wanted = true;
  };

  constructor(private readonly dbg: Debugger) { process.on('SIGINT', this.onSignal); }

  async run(cli: Cli, command: () => Promise<void>): Promise<void> {
    if (this.wanted) {
      this.wanted = false;
      cli.error('Quit');
      cli.lastFailed = true;
      return;
    }
    await command();
  }

  dispose(): void { process.removeListener('SIGINT', this.onSignal); }
}

/** The `(rdb) ` prompt with line editing and history; Ctrl-C interrupts a running program. */
async function interactive(cli: Cli, dbg: Debugger): Promise<void> {
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout, prompt: '(rdb) ', historySize: 1000 });
  promptLine = rl;
  rl.on('SIGINT', () => {
    if (!dbg.interrupt()) { process.stdout.write('Quit\n'); rl.prompt(); }
  });
  rl.prompt();
  // While a command runs, the terminal is the program's, as under gdb: its own modes (echo,
  // line editing), and Ctrl-C a SIGINT to the program and to rdb, which interrupts the command.
  const terminal = process.stdin.isTTY === true && rl.terminal;
  const onSignal = (): void => { dbg.interrupt(); };
  for await (const line of rl) {
    rl.pause();
    if (terminal) process.stdin.setRawMode(false);
    process.on('SIGINT', onSignal);
    try {
      await cli.execute(line);
    } finally {
      process.removeListener('SIGINT', onSignal);
      if (terminal) process.stdin.setRawMode(true);
    }
    rl.resume();
    rl.setPrompt(cli.readingCommands ? '>' : '(rdb) ');
    rl.prompt();
  }
  await dbg.dispose();
  process.exit(0);
}

/** The prompt's line reader, once the prompt is up: a query during a command reads through it. */
let promptLine: readline.Interface | undefined;

/** gdb's query at a terminal: asked again until the answer is y or n (end of input is y). */
function askAtTerminal(question: string): Promise<boolean> {
  const own = promptLine === undefined;
  const rl = promptLine ?? readline.createInterface({ input: process.stdin, output: process.stdout });
  return new Promise((resolve) => {
    let done = false;
    const finish = (yes: boolean): void => {
      if (done) return;
      done = true;
      if (own) rl.close();
      else {
        // Back to how a running command leaves the terminal: the program's (see interactive).
        rl.pause();
        if (process.stdin.isTTY) process.stdin.setRawMode(false);
      }
      resolve(yes);
    };
    rl.once('close', () => finish(true));
    const ask = (): void => rl.question(question, (a) => {
      const t = a.trim().toLowerCase();
      if (t.startsWith('y')) finish(true);
      else if (t.startsWith('n')) finish(false);
      else { process.stdout.write('Please answer y or n.\n'); ask(); }
    });
    ask();
  });
}
