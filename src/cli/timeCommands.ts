// Commands that move in the program's history: the reverse commands, exec-direction, info record and timeline, and gdb's checkpoint commands.
import { UserError } from '../debugger/events';
import { showSetting } from '../debugger/settings';
import type { Cli } from './Cli';
import { backtraceLine, stopLocation } from './format';

function checkpointId(args: string): number {
  if (!/^\d+$/.test(args)) throw new UserError(args === '' ? 'Requires argument (checkpoint id to restart)' : `Invalid checkpoint id "${args}"`);
  return Number(args);
}

/** `0x000055555555514a, file t.c, line 5` for an address, as gdb's info checkpoints shows it. */
function place(cli: Cli, pc: bigint): string {
  const where = cli.dbg.lineOf(pc);
  const at = `0x${pc.toString(16)}`;
  return where ? `${at}, file ${where.file}, line ${where.line}` : at;
}

function count(args: string): number {
  if (args === '') return 1;
  const n = Number(args);
  if (!Number.isInteger(n)) throw new UserError(`No symbol "${args}" in current context.`);
  return n;
}

export function registerTimeCommands(cli: Cli): void {
  const c = cli.commands;
  registerHistoryInfo(cli);
  c.add({ name: 'reverse-continue', aliases: ['rc'], repeats: true, run: async (cli, args) => {
    if (args !== '') throw new UserError('reverse-continue takes no arguments in rdb.');
    if (cli.opts.fromTty) cli.print('Continuing.');
    cli.report(await cli.dbg.reverseContinue());
  } });
  for (const [name, alias, kind] of [['reverse-step', 'rs', 'step'], ['reverse-next', 'rn', 'next']] as const) {
    c.add({ name, aliases: [alias], repeats: true, run: async (cli, args) => {
      cli.report(await cli.dbg.reverseStep(kind, count(args)));
    } });
  }
  c.add({ name: 'reverse-finish', run: async (cli, args) => {
    if (args !== '') throw new UserError('The "reverse-finish" command does not take any arguments.');
    await cli.dbg.reverseFromEnd();
    const from = cli.dbg.finishFrame();
    if (cli.opts.fromTty) cli.print(`Run back to call of ${backtraceLine(from, cli.dbg.printing.addresses)}`);
    cli.report(await cli.dbg.reverseFinish());
  } });
  for (const [name, alias, kind] of [['reverse-stepi', 'rsi', 'stepi'], ['reverse-nexti', 'rni', 'nexti']] as const) {
    c.add({ name, aliases: [alias], repeats: true, run: async (cli, args) => {
      cli.report(await cli.dbg.reverseStepInstruction(kind, count(args)));
    } });
  }
  c.add({ name: 'record', aliases: ['rec'], run: (cli, args) => {
    const [sub, ...rest] = args.split(/\s+/);
    if (sub === '' || sub === 'full') {
      if (rest.length) throw new UserError(`Junk after argument: ${rest.join(' ')}.`);
      cli.dbg.record();
    } else if (sub === 'stop' || sub === 's') {
      cli.dbg.recordStop();
      cli.print('Process record is stopped and all execution logs are deleted.');
    } else {
      throw new UserError(`Undefined record command: "${sub}".  Try "help record".`);
    }
  } });
  c.add({ name: 'checkpoint', run: (cli) => {
    const { id, pid } = cli.dbg.checkpoints().take();
    cli.print(`checkpoint ${id}: fork returned pid ${pid}.`);
  } });
  c.add({ name: 'restart', run: (cli, args) => {
    const id = checkpointId(args);
    const pid = cli.dbg.restartCheckpoint(id);
    cli.print(`Switching to process ${pid}`);
    const f = cli.dbg.selectedFrame();
    const lines = stopLocation({ reason: { kind: 'step' }, frame: f, style: 'source-and-location' }, (file, l) => cli.dbg.sourceLine(file, l), cli.dbg.printing.addresses);
    cli.print(`#0  ${lines[0] as string}`, ...lines.slice(1));
  } });
  cli.infoCommands.add({ name: 'checkpoints', run: (cli) => {
    const list = cli.dbg.hasCheckpoints() ? cli.dbg.checkpoints().list() : [];
    if (list.length <= 1 && list.every((e) => e.id === 0)) {
      cli.print('No checkpoints.');
      return;
    }
    for (const e of list) {
      cli.print(`${e.current ? '*' : ' '} ${e.id} process ${e.pid}${e.id === 0 ? ' (main process)' : ''} at ${place(cli, e.pc)}`);
    }
  } });
}

function mib(bytes: number): string { return `${(bytes / 1024 ** 2).toFixed(1)} MiB`; }

function registerHistoryInfo(cli: Cli): void {
  cli.infoCommands.add({ name: 'record', aliases: ['rec'], run: (cli) => {
    if (cli.dbg.hasImageHistory()) {
      cli.print('The core holds its recorded history: a reverse command replays it (the image and its base checkpoint restored).');
      return;
    }
    const t = cli.dbg.timeline();
    const current = t.positions.find((p) => p.current)!;
    cli.print('Active record target: rdb (fork checkpoints and replay)',
      t.replaying ? 'Replay mode:' : 'Record mode:',
      `Recorded history holds ${t.positions.length} stops, from the program's first instruction to the present.`,
      `Current position: #${current.id} at ${place(cli, current.pc)}.`,
      t.present !== undefined ? `The present (the live process) is at ${place(cli, t.present)}.` : 'The live process has ended.',
      `Recorded ${t.syscalls} system calls, ${t.timeStamps} time-stamp counter reads and ${t.signals} signals from outside`
        + ` (${t.heldSignals} held back from between two calls to the next one).`,
      `Checkpoints: ${t.positions.filter((p) => p.checkpoint).length} at stops and ${t.positions.reduce((n, p) => n + p.intervals, 0)} within long commands, holding ${mib(t.checkpointBytes)} (limit ${mib(t.budget)}).`);
  } });
  cli.infoCommands.add({ name: 'timeline', run: (cli) => {
    const t = cli.dbg.timeline();
    for (const p of t.positions) {
      const notes = [p.checkpoint ? 'checkpoint' : '', p.found ? 'found by a reverse search' : '',
        p.intervals ? `${p.intervals} interval checkpoint${p.intervals > 1 ? 's' : ''} on the way` : ''].filter(Boolean).join(', ');
      cli.print(`${p.current ? '*' : ' '} #${p.id} ${place(cli, p.pc)}${notes ? ` (${notes})` : ''}`);
    }
    if (t.present !== undefined) cli.print(`  present: ${place(cli, t.present)}`);
  } });
  cli.commands.add({ name: 'show', run: (cli, args) => {
    if (args === 'exec-direction') cli.print(cli.dbg.execDirection === 'reverse' ? 'Reverse.' : 'Forward.');
    else if (args === 'args') cli.print(`Argument list to give program being debugged when it is started is "${cli.dbg.programArgsLine()}".`)
    else if (args === 'checkpoint-memory') cli.print(`Checkpoints may hold ${mib(cli.dbg.checkpointMemory)}.`);
    else if (args === 'checkpoint-interval') cli.print(`Long commands are checkpointed every ${cli.dbg.checkpointInterval} ms of running (at a system call).`);
    else {
      const print = /^(print|p|pr)\s+(.*)$/.exec(args);
      const shown = print ? cli.dbg.printing.show(print[2]) : showSetting(cli.dbg.settings, args);
      if (shown === undefined) throw new UserError(`Undefined show command: "${args}".  Try "help show".`);
      cli.print(shown);
    }
  } });
}

/** `delete checkpoint N`. */
export async function deleteCheckpoint(cli: Cli, args: string): Promise<void> {
  const id = checkpointId(args);
  if (id === 0) throw new UserError('Cannot delete the main process (checkpoint 0)');
  const pid = await cli.dbg.checkpoints().delete(id);
  cli.print(`Killed process ${pid}`);
}
