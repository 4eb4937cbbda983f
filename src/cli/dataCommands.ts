// Commands that inspect and change data: print, x, display, info locals/args/registers/frame,
// list, set var, echo, ptype/whatis.
import { spawnSync } from 'child_process';
import { UserError } from '../debugger/events';
import type { Cli } from './Cli';
import { hex } from './format';

/** gdb's `echo` escapes: \n \t \\ \" \a and octal; a trailing backslash is dropped. */
export function unescapeEcho(text: string): string {
  return text.replace(/\\([0-7]{1,3}|.|$)/gs, (_m, ch: string) => {
    if (ch === '') return ''; // a backslash ending the line only protects trailing spaces
    if (/^[0-7]+$/.test(ch)) return String.fromCharCode(parseInt(ch, 8));
    switch (ch) {
      case 'n': return '\n';
      case 't': return '\t';
      case 'a': return '\x07';
      case 'r': return '\r';
      case 'e': return '\x1b';
      default: return ch;
    }
  });
}

/** `/x` → 'x'; `/2xw` for x is parsed elsewhere. */
function printFormat(modifier: string): string | undefined {
  if (modifier === '') return undefined;
  const f = modifier.slice(1);
  // A single unknown letter fails later, as in gdb: after evaluating (and print's recording).
  if (!/^[a-z]$/i.test(f)) throw new UserError(`Undefined output format "${f}".`);
  return f;
}

export function registerDataCommands(cli: Cli): void {
  const c = cli.commands;
  c.add({ name: 'print', aliases: ['p', 'inspect'], run: async (cli, args, modifier) => {
    const r = await cli.dbg.printing.withOptions(args, (e) => cli.dbg.withCalls(() => cli.dbg.evaluateForPrint(e, printFormat(modifier))));
    cli.print(`$${r.history} = ${r.text}`);
  } });
  c.add({ name: 'call', run: async (cli, args, modifier) => {
    // Like print, but a void result prints nothing (and is not recorded).
    const r = await cli.dbg.printing.withOptions(args, (e) => cli.dbg.withCalls(() => cli.dbg.evaluateForPrint(e, printFormat(modifier), true)));
    if (r) cli.print(`$${r.history} = ${r.text}`);
  } });
  c.add({ name: 'printf', run: async (cli, args) => { cli.writeBytes(await cli.dbg.withCalls(() => cli.dbg.printf(args))); } });
  c.add({ name: 'output', run: (cli, args, modifier) => {
    cli.opts.write(cli.dbg.evaluateText(args, printFormat(modifier)));
  } });
  c.add({ name: 'disassemble', run: (cli, args) => { cli.print(...cli.dbg.disassembleFunction(args)); } });
  c.add({ name: 'x', run: async (cli, args, modifier) => {
    for (const line of await cli.dbg.withCalls(() => cli.dbg.examine(modifier.slice(1), args))) cli.print(line);
  } });
  c.add({ name: 'display', run: (cli, args, modifier) => {
    if (args === '') { cli.showDisplays(); return; }
    const line = cli.dbg.addDisplay(args, modifier.slice(1));
    if (line !== undefined && cli.opts.fromTty) cli.print(line); // gdb shows a new display at once only from a terminal
  } });
  c.add({ name: 'undisplay', run: async (cli, args) => {
    if (args === '' && !(await cli.query('Delete all auto-display expressions?', 'Y'))) return;
    cli.dbg.undisplay(args === '' ? undefined : args.split(/\s+/).map((s) => parseInt(s, 10)));
  } });
  // echo's own text goes in as its UTF-8 bytes; its octal escapes are bytes.
  c.add({ name: 'echo', run: (cli, args) => { cli.writeBytes(unescapeEcho(Buffer.from(args, 'utf8').toString('latin1'))); } });
  // gdb's `shell CMD` (also `!CMD`): the command runs with rdb's standard streams.
  c.add({ name: 'shell', aliases: ['!'], run: (cli, args) => {
    const r = spawnSync(process.env.SHELL || '/bin/sh', args.trim() === '' ? [] : ['-c', args], { stdio: 'inherit' });
    if (r.error) throw new UserError(`Cannot execute ${process.env.SHELL || '/bin/sh'}: ${r.error.message}`);
  } });
  c.add({ name: 'list', aliases: ['l'], repeats: true, run: (cli, args) => {
    for (const l of cli.dbg.list(args)) cli.print(l);
  } });
  c.add({ name: 'set', run: (cli, args) => {
    const m = /^(\S+)\s*(.*)$/s.exec(args);
    if (!m) throw new UserError('Argument required (expression to compute).');
    const word = m[1];
    if (word === 'var' || word === 'variable') { cli.dbg.assign(m[2]); return; }
    if (word === 'args') { cli.dbg.setProgramArgs(m[2]); return; }
    if (cli.dbg.setSetting(word, m[2])) return;
    cli.dbg.assign(args);
  } });
  c.add({ name: 'ptype', run: (cli, args, modifier) => {
    cli.print(modifier.includes('o') ? cli.dbg.typeLayout(args) : `type = ${cli.dbg.typeOf(args, true)}`);
  } });
  c.add({ name: 'whatis', run: (cli, args) => { cli.print(`type = ${cli.dbg.typeOf(args, false)}`); } });

  const info = cli.infoCommands;
  const vars = (cli: Cli, which: 'locals' | 'args'): void => {
    const list = which === 'locals' ? cli.dbg.locals() : cli.dbg.args();
    if (list.length === 0) cli.print(which === 'locals' ? 'No locals.' : 'No arguments.');
    for (const v of list) cli.print(`${v.name} = ${v.value}`);
  };
  info.add({ name: 'locals', run: (cli) => vars(cli, 'locals') });
  info.add({ name: 'args', run: (cli) => vars(cli, 'args') });
  const registers = (all: boolean) => (cli: Cli, args: string): void => {
    // Named ones one by one, as gdb: those before an invalid name are shown before its error.
    const names = args === '' ? [undefined] : args.split(/\s+/).map((s) => [s.replace(/^\$/, '')]);
    for (const name of names) {
      for (const r of cli.dbg.registers(name, all)) {
        // A vector register has no raw column: its union follows the name.
        cli.print(r.raw === '' ? `${r.name.padEnd(15)}${r.natural}` : `${r.name.padEnd(15)}${r.raw.padEnd(19)} ${r.natural}`);
      }
    }
  };
  info.add({ name: 'registers', aliases: ['r', 'reg'], run: registers(false) });
  info.add({ name: 'all-registers', run: registers(true) });
  info.add({ name: 'float', run: (cli) => { for (const l of cli.dbg.floatInfo()) cli.print(l); } });
  info.add({ name: 'frame', aliases: ['f'], run: (cli, args) => { for (const l of cli.dbg.frameInfoAt(args)) cli.print(l); } });
  info.add({ name: 'display', run: (cli) => { for (const l of cli.dbg.displayList()) cli.print(l); } });
  info.add({ name: 'line', run: (cli, args) => { cli.print(cli.dbg.infoLine(args)); } });
  info.add({ name: 'symbol', run: (cli, args) => { cli.print(cli.dbg.infoSymbol(args)); } });
  info.add({ name: 'address', run: (cli, args) => { cli.print(cli.dbg.infoAddress(args.trim())); } });
  info.add({ name: 'source', run: (cli) => { for (const l of cli.dbg.infoSource()) cli.print(l); } });
  for (const kind of ['functions', 'variables', 'types'] as const) {
    info.add({ name: kind, run: (cli, args) => { for (const l of cli.dbg.listSymbols(kind, args)) cli.print(l); } });
  }
  info.add({ name: 'scope', run: (cli, args) => { for (const l of cli.dbg.scope(args)) cli.print(l); } });
  info.add({ name: 'inferiors', run: (cli) => {
    const pid = cli.dbg.pid();
    cli.print('  Num  Description       Connection           Executable        ');
    cli.print(`* 1    ${pid ? `process ${pid}`.padEnd(17) : '<null>'.padEnd(17)} ${pid ? (cli.dbg.isPostMortem() ? '1 (core)' : '1 (native)').padEnd(20) : ''.padEnd(20)} ${(cli.dbg.programPath() ?? '').padEnd(17)} `);
  } });
  info.add({ name: 'program', run: (cli) => {
    const pid = cli.dbg.pid();
    if (!pid || cli.dbg.isPostMortem()) { cli.print('The program being debugged is not being run.'); return; }
    const thread = cli.dbg.thread();
    cli.print(`\tUsing the running image of child ${thread ? thread.targetId : `process ${pid}`}.`, `Program stopped at ${hex(cli.dbg.backtrace(1)[0].pc)}.`);
    const r = cli.lastStopReason;
    if (r?.kind === 'step') cli.print('It stopped after being stepped.');
    else if (r?.kind === 'breakpoint' || r?.kind === 'watchpoint') {
      cli.print(cli.dbg.breakpoints().some((b) => b.number === r.number) ? `It stopped at breakpoint ${r.number}.` : 'It stopped at a breakpoint that has since been deleted.');
    } else if (r?.kind === 'finish') cli.print('It stopped at a breakpoint that has since been deleted.');
    else if (r?.kind === 'signal') cli.print(`It stopped at signal ${r.name}, ${r.description}.`);
  } });
}
