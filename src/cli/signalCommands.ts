// gdb's signal table commands: `handle SIGNALS... FLAGS...` and `info signals` / `info handle`.
import { UserError } from '../debugger/events';
import { allSignalRows, knownSignals, signalName, signalNumber, signalRows, type SignalAction } from '../debugger/signals';
import type { Cli } from './Cli';

/** A `handle` flag word (gdb takes unambiguous prefixes of two letters or more). */
function applyFlag(word: string, a: SignalAction): boolean {
  const is = (flag: string): boolean => word.length >= 2 && flag.startsWith(word);
  if (is('stop')) Object.assign(a, { stop: true, print: true });
  else if (is('nostop')) a.stop = false;
  else if (is('print')) a.print = true;
  else if (is('noprint')) Object.assign(a, { stop: false, print: false });
  else if (is('pass') || is('noignore')) a.pass = true;
  else if (is('nopass') || is('ignore')) a.pass = false;
  else return false;
  return true;
}

/** The signals a `handle` word names: a name, gdb's number 1-15, a range N-M, or `all`. */
function signalsOf(word: string): number[] | undefined {
  if (word === 'all') return knownSignals().filter((n) => n !== 2 && n !== 5);
  const range = /^(\d+)-(\d+)$/.exec(word);
  if (range) {
    const out: number[] = [];
    for (let i = Number(range[1]); i <= Number(range[2]); i++) {
      const n = signalNumber(String(i));
      if (n !== undefined) out.push(n);
    }
    return out;
  }
  if (/^\d+$/.test(word) && signalNumber(word) === undefined) throw new UserError('Only signals 1-15 are valid as numeric signals.\nUse "info signals" for a list of symbolic signals.');
  const n = signalNumber(word);
  return n === undefined ? undefined : [n];
}

export function registerSignalCommands(cli: Cli): void {
  cli.commands.add({ name: 'signal', run: async (cli, args) => {
    const word = args.trim();
    if (word === '') throw new UserError('Argument required (signal number).');
    const signo = word === '0' ? 0 : signalsOf(word)?.[0];
    // gdb reads a word that names no signal as an expression.
    if (signo === undefined) throw new UserError(`No symbol "${word}" in current context.`);
    cli.report(await cli.dbg.continueWithSignal(signo));
  } });
  cli.commands.add({ name: 'handle', run: async (cli, args) => {
    const words = args.split(/\s+/).filter((w) => w !== '');
    if (words.length === 0) throw new UserError('Argument required (signal to handle).');
    const signals: number[] = [];
    const flags: string[] = [];
    for (const w of words) {
      const named = signalsOf(w);
      if (named) signals.push(...named);
      else if (applyFlag(w.toLowerCase(), { stop: false, print: false, pass: false })) flags.push(w.toLowerCase());
      else throw new UserError(`Unrecognized or ambiguous flag word: "${w}".`);
    }
    for (const n of signals) {
      const a = { ...cli.dbg.signalAction(n) };
      for (const f of flags) applyFlag(f, a);
      if ((n === 2 || n === 5) && flags.length > 0) {
        cli.print(`${signalName(n)} is used by the debugger.`);
        if (!(await cli.query('Are you sure you want to change it?', 'Y'))) {
          cli.print('Not confirmed, unchanged.');
          continue;
        }
      }
      cli.dbg.setSignalAction(n, a);
    }
    if (cli.opts.fromTty && signals.length > 0) for (const l of signalRows(cli.dbg.signals, signals)) cli.print(l);
  } });
  const info = (cli: Cli, args: string): void => {
    const word = args.trim();
    if (word === '') {
      for (const l of allSignalRows(cli.dbg.signals)) cli.print(l);
      cli.print('', 'Use the "handle" command to change these tables.');
      return;
    }
    const named = signalsOf(word);
    if (!named || named.length !== 1) throw new UserError('Only signals 1-15 are valid as numeric signals.\nUse "info signals" for a list of symbolic signals.');
    for (const l of signalRows(cli.dbg.signals, named)) cli.print(l);
  };
  cli.infoCommands.add({ name: 'signals', run: info });
  cli.infoCommands.add({ name: 'handle', run: info });
}
