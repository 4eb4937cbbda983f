// Commands that run, step and stop the program (gdb's names, aliases and messages).
import { UserError } from '../debugger/events';
import { parseNumberList } from '../debugger/breakpoints';
import type { Cli } from './Cli';
import { backtraceLine, frameLevel, breakpointSetMessage, breakpointTable, stopLocation } from './format';
import { registerDataCommands } from './dataCommands';
import { deleteCheckpoint, registerTimeCommands } from './timeCommands';
import { registerSignalCommands } from './signalCommands';
import { registerProcessCommands } from './processCommands';
import { registerCoreCommands } from './coreCommands';

function count(args: string): number {
  if (args === '') return 1;
  const n = Number(args);
  if (!Number.isInteger(n)) throw new UserError(`No symbol "${args}" in current context.`);
  return n;
}

function requireNoArgs(args: string, name: string): void {
  if (args !== '') throw new UserError(`"${name}" takes no arguments.`);
}

/** The selected frame as `frame` shows it: `#1  0x... in f (a=1) at f.c:12` and its line. */
export function showFrame(cli: Cli): void {
  const f = cli.dbg.selectedFrame();
  const lines = stopLocation({ reason: { kind: 'step' }, frame: f, style: 'source-and-location' }, (file, l) => cli.dbg.sourceLine(file, l), cli.dbg.printing.addresses);
  cli.print(`${frameLevel(f.level)}${lines[0] as string}`, ...lines.slice(1));
  cli.dbg.noteSourcePosition(f.path, f.line);
}

export function registerCommands(cli: Cli): void {
  const c = cli.commands;
  const run = async (cli: Cli, args = '', atFirstInstruction = false): Promise<void> => {
    if (args.trim() !== '') cli.dbg.setProgramArgs(args.trim());
    if (cli.dbg.pid() !== undefined && cli.opts.fromTty) { // gdb asks only from a terminal
      cli.print('The program being debugged has been started already.');
      if (!(await cli.query('Start it from the beginning?', 'Y'))) throw new UserError('Program not restarted.');
    }
    if (cli.opts.fromTty) cli.print(`Starting program: ${[cli.dbg.programPath() ?? '', ...cli.dbg.programArgs()].join(' ')} `);
    cli.report(await cli.dbg.run(atFirstInstruction));
  };
  c.add({ name: 'run', aliases: ['r'], run: (cli, args) => run(cli, args) });
  c.add({ name: 'starti', run: (cli, args) => run(cli, args, true) });
  c.add({ name: 'start', run: async (cli, args) => {
    const bp = cli.dbg.setBreakpoint('main', true);
    cli.print(breakpointSetMessage(bp, cli.dbg.printing.addresses));
    await run(cli, args);
  } });
  c.add({ name: 'kill', aliases: ['k'], run: async (cli) => {
    if (cli.dbg.pid() === undefined) throw new UserError('The program is not being run.');
    if (!(await cli.query('Kill the program being debugged?', 'Y'))) throw new UserError('Not confirmed.');
    // gdb keeps a core open: there is no process to kill.
    if (cli.dbg.isPostMortem()) throw new UserError('You can\'t do that without a process to debug.');
    const pid = await cli.dbg.kill();
    cli.print(`[Inferior 1 (process ${pid}) killed]`);
  } });
  c.add({ name: 'continue', aliases: ['c', 'fg'], repeats: true, run: async (cli, args) => {
    const n = args === '' ? undefined : count(args);
    const bp = n !== undefined ? cli.dbg.setIgnoreOfCurrentBreakpoint(n - 1) : undefined;
    if (cli.opts.fromTty) cli.print(bp !== undefined ? `Will ignore next ${n! - 1} crossings of breakpoint ${bp}.  Continuing.` : 'Continuing.');
    cli.report(cli.dbg.execDirection === 'reverse' ? await cli.dbg.reverseContinue() : await cli.dbg.cont());
  } });
  for (const [name, alias] of [['next', 'n'], ['step', 's'], ['stepi', 'si'], ['nexti', 'ni']] as const) {
    c.add({ name, aliases: [alias, ...(name === 'stepi' ? ['stepi'] : [])], repeats: true, run: async (cli, args) => {
      const reverse = cli.dbg.execDirection === 'reverse';
      if (!reverse) cli.report(await cli.dbg.step(name, count(args)));
      else if (name === 'step' || name === 'next') cli.report(await cli.dbg.reverseStep(name, count(args)));
      else cli.report(await cli.dbg.reverseStepInstruction(name, count(args)));
    } });
  }
  c.add({ name: 'finish', aliases: ['fin'], run: async (cli, args) => {
    requireNoArgs(args, 'finish');
    const reverse = cli.dbg.execDirection === 'reverse';
    if (reverse) await cli.dbg.reverseFromEnd();
    const from = cli.dbg.finishFrame();
    if (cli.opts.fromTty) cli.print(`${reverse ? 'Run back to call of' : 'Run till exit from'} ${backtraceLine(from, cli.dbg.printing.addresses)}`);
    cli.report(reverse ? await cli.dbg.reverseFinish() : await cli.dbg.finish());
  } });
  c.add({ name: 'until', aliases: ['u'], repeats: true, run: async (cli, args) => {
    cli.report(args === '' ? await cli.dbg.step('until', 1) : await cli.dbg.runTo(args, 'until'));
  } });
  c.add({ name: 'advance', run: async (cli, args) => {
    if (args === '') throw new UserError('Argument required (a location).');
    cli.report(await cli.dbg.runTo(args, 'advance'));
  } });

  c.add({ name: 'break', aliases: ['b', 'br', 'bre', 'brea'], run: (cli, args) => {
    cli.print(breakpointSetMessage(cli.dbg.setBreakpoint(args, false), cli.dbg.printing.addresses));
  } });
  c.add({ name: 'tbreak', aliases: ['tb'], run: (cli, args) => {
    cli.print(breakpointSetMessage(cli.dbg.setBreakpoint(args, true), cli.dbg.printing.addresses));
  } });
  for (const [name, kind] of [['watch', 'write'], ['rwatch', 'read'], ['awatch', 'access']] as const) {
    c.add({ name, run: (cli, args) => {
      if (args === '') throw new UserError('Argument required (expression to compute).');
      const bp = cli.dbg.watch(args, kind);
      const label = kind === 'write' ? 'Hardware watchpoint' : kind === 'read' ? 'Hardware read watchpoint' : 'Hardware access (read/write) watchpoint';
      cli.print(`${label} ${bp.number}: ${bp.spec}`);
    } });
  }
  c.add({ name: 'delete', aliases: ['d'], run: async (cli, args) => {
    const words = args.split(/\s+/);
    if (words[0] === 'display') { cli.dbg.undisplay(parseNumberList(words.slice(1).join(' '))); return; }
    if (words[0] === 'checkpoint') { await deleteCheckpoint(cli, words.slice(1).join(' ')); return; }
    if (words[0] && 'breakpoints'.startsWith(words[0]) && words[0].length > 1) args = words.slice(1).join(' ');
    // gdb asks first from a terminal (not under -batch), if there is something to delete.
    if (args === '' && cli.opts.fromTty && cli.dbg.breakpoints().length > 0 && !(await cli.query('Delete all breakpoints?', 'Y'))) return;
    cli.dbg.deleteBreakpoints(args === '' ? undefined : parseNumberList(args));
  } });
  c.add({ name: 'clear', run: (cli, args) => {
    const deleted = cli.dbg.clearBreakpointsAt(args);
    cli.print(`Deleted breakpoint${deleted.length > 1 ? 's' : ''} ${deleted.join(' ')} `);
  } });
  for (const [name, on] of [['enable', true], ['disable', false]] as const) {
    c.add({ name, aliases: name === 'disable' ? ['disa', 'dis'] : ['en'], run: (cli, args) => {
      const words = args.split(/\s+/);
      if (words[0] === 'display') { cli.dbg.enableDisplays(parseNumberList(words.slice(1).join(' ')), on); return; }
      if (on && (words[0] === 'once' || words[0] === 'delete' || words[0] === 'count')) {
        const count = words[0] === 'count' ? Number(words[1]) : undefined;
        if (count !== undefined && !(count > 0)) throw new UserError('Argument required (hit count).');
        const list = words.slice(count !== undefined ? 2 : 1).join(' ');
        if (list === '') throw new UserError('Argument required (one or more breakpoint numbers).');
        cli.dbg.enableFor(parseNumberList(list), count ?? (words[0] as 'once' | 'delete'));
        return;
      }
      if (words[0] && 'breakpoints'.startsWith(words[0]) && words[0].length > 1) args = words.slice(1).join(' ');
      if (args === '') { cli.dbg.enableBreakpoints(undefined, on); return; }
      for (const word of args.trim().split(/\s+/)) {
        const loc = /^(\d+)\.(\d+)(?:-(\d+))?$/.exec(word);
        if (loc) cli.dbg.enableLocations(Number(loc[1]), Number(loc[2]), Number(loc[3] ?? loc[2]), on);
        else cli.dbg.enableBreakpoints(parseNumberList(word), on);
      }
    } });
  }
  c.add({ name: 'condition', run: (cli, args) => {
    const m = /^(\d+)\s*(.*)$/s.exec(args);
    if (!m) throw new UserError('Argument required (breakpoint number).');
    const n = parseInt(m[1], 10);
    const reenabled = cli.dbg.setCondition(n, m[2].trim() || undefined);
    cli.print(...reenabled);
    // gdb says so only to a terminal.
    if (m[2].trim() === '' && reenabled.length === 0 && cli.opts.fromTty) cli.print(`Breakpoint ${n} now unconditional.`);
  } });
  c.add({ name: 'ignore', run: (cli, args) => {
    const m = /^(\d+)\s+(\d+)$/.exec(args);
    if (!m) throw new UserError(args === '' ? 'Argument required (a breakpoint number).' : 'Second argument (specified ignore-count) is missing.');
    const n = parseInt(m[1], 10);
    const k = parseInt(m[2], 10);
    cli.dbg.setIgnoreCount(n, k);
    if (!cli.opts.fromTty) return;
    if (k === 0) cli.print(`Will stop next time breakpoint ${n} is reached.`);
    else if (k === 1) cli.print(`Will ignore next crossing of breakpoint ${n}.`);
    else cli.print(`Will ignore next ${k} crossings of breakpoint ${n}.`);
  } });

  c.add({ name: 'return', run: async (cli, args) => {
    const fn = cli.dbg.pid() !== undefined ? cli.dbg.selectedFrame().function : undefined;
    if (cli.opts.fromTty && !(await cli.query(fn ? `Make ${fn} return now?` : 'Make selected stack frame return now?', 'Y'))) throw new UserError('Not confirmed');
    const f = cli.dbg.popFrame(args);
    if (cli.opts.fromTty) cli.print(...stopLocation({ reason: { kind: 'step' }, frame: f, style: 'source-and-location' }, (file, l) => cli.dbg.sourceLine(file, l), cli.dbg.printing.addresses).map((l, i) => (i === 0 ? `#0  ${l as string}` : l)));
  } });
  c.add({ name: 'jump', aliases: ['j'], run: async (cli, args) => {
    if (args.trim() === '') throw new UserError('Argument required (starting address).');
    const question = cli.dbg.jumpQuestion(args);
    if (question && !(await cli.query(question, 'Y'))) throw new UserError('Not confirmed.');
    cli.report(await cli.dbg.jump(args));
  } });
  // gdb's breakpoint command lists: the lines up to `end` run at each stop of the breakpoints.
  c.add({ name: 'commands', run: (cli, args) => {
    const all = cli.dbg.breakpoints().map((b) => b.number);
    if (all.length === 0) throw new UserError('No breakpoints specified.');
    const numbers = args.trim() === '' ? [Math.max(...all)] : parseNumberList(args);
    for (const n of numbers) if (!all.includes(n)) cli.print(`No breakpoint number ${n}.`);
    const known = numbers.filter((n) => all.includes(n));
    if (known.length > 0) cli.startCommands(known);
  } });
  c.add({ name: 'backtrace', aliases: ['bt', 'where'], run: (cli, args) => {
    // `full` or its option form `-full`.
    const m = /^(-?full\b\s*)?(-?\d+)?$/.exec(args.trim());
    if (!m) throw new UserError(`No symbol "${args.trim().split(/\s+/)[0]}" in current context.`);
    const limit = m[2] === undefined ? undefined : parseInt(m[2], 10);
    const frames = cli.dbg.backtrace(limit);
    for (const f of frames) {
      cli.print(backtraceLine(f, cli.dbg.printing.addresses));
      if (!m[1]) continue;
      let locals: Array<{ name: string; value: string }>;
      try {
        locals = cli.dbg.locals(f.level);
      } catch (e) {
        cli.print((e as Error).message);
        continue;
      }
      if (locals.length === 0) cli.print('No locals.');
      for (const v of locals) cli.print(`        ${v.name} = ${v.value}`);
    }
    if (cli.opts.fromTty && limit !== undefined && limit > 0 && cli.dbg.hasMoreFrames(limit)) cli.print('(More stack frames follow...)');
  } });
  c.add({ name: 'frame', aliases: ['f'], run: (cli, args) => {
    if (args !== '') {
      if (cli.dbg.pid() === undefined) throw new UserError('No registers.'); // gdb's words for `frame N` without a process
      const sub = /^(level|function)\b\s*(.*)$/.exec(args);
      if (sub?.[1] === 'function') {
        if (sub[2] === '') throw new UserError('Missing function name argument');
        cli.dbg.selectFunctionFrame(sub[2]);
      } else {
        cli.dbg.selectFrame(count(sub ? sub[2] : args));
      }
    }
    showFrame(cli);
  } });
  c.add({ name: 'detach', run: (cli) => {
    if (cli.dbg.pid() === undefined) throw new UserError('The program is not being run.');
    throw new UserError('rdb cannot detach from the program yet (kill it, or quit).');
  } });
  c.add({ name: 'up', run: (cli, args) => { cli.dbg.moveFrame(count(args)); showFrame(cli); } });
  c.add({ name: 'down', run: (cli, args) => { cli.dbg.moveFrame(-count(args)); showFrame(cli); } });

  c.add({ name: 'info', aliases: ['i', 'inf'], run: async (cli, args) => {
    if (args === '') throw new UserError('List of info subcommands:\n\n"info" must be followed by the name of an info command.');
    const m = /^(\S+)\s*(.*)$/s.exec(args)!;
    await cli.infoCommands.lookup(m[1]).run(cli, m[2].trim(), '');
  } });
  const info = cli.infoCommands;
  // `info breakpoints [N...]`; `info watchpoints [N...]` lists watchpoints only.
  const listBreakpoints = (cli: Cli, args: string, watchOnly: boolean): void => {
    const wanted = args.split(/\s+/).filter((a) => a !== '').map((a) => parseInt(a, 10));
    const bps = cli.dbg.breakpoints().filter((b) => (!watchOnly || b.type === 'watchpoint') && (!wanted.length || wanted.includes(b.number)));
    if (bps.length > 0) cli.print(...breakpointTable(bps, (n) => cli.breakpointCommands.get(n), cli.dbg.pid() !== undefined, cli.dbg.printing.addresses));
    else if (wanted.length) cli.print(`No ${watchOnly ? 'watchpoint' : 'breakpoint or watchpoint'} matching '${args}'.`);
    else cli.print(watchOnly ? 'No watchpoints.' : 'No breakpoints or watchpoints.');
  };
  info.add({ name: 'breakpoints', aliases: ['b', 'br', 'break'], run: (cli, args) => listBreakpoints(cli, args, false) });
  info.add({ name: 'watchpoints', run: (cli, args) => listBreakpoints(cli, args, true) });

  c.add({ name: 'quit', aliases: ['q', 'exit'], run: async (cli) => {
    const pid = cli.dbg.pid();
    if (pid !== undefined && !cli.dbg.isPostMortem()) { // a core is left as it is
      cli.print('A debugging session is active.', '', `\tInferior 1 [process ${pid}] will be killed.`, '');
      if (!(await cli.query('Quit anyway?', 'Y'))) throw new UserError('Not confirmed.');
    }
    await cli.dbg.dispose();
    process.exit(0);
  } });
  registerDataCommands(cli);
  registerTimeCommands(cli);
  registerSignalCommands(cli);
  registerProcessCommands(cli);
  registerCoreCommands(cli);
}
