// Commands that move in the program's history: gdb's checkpoint commands on rdb's checkpoints.
import { UserError } from '../debugger/events';
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
    const from = cli.dbg.finishFrame();
    if (cli.opts.fromTty) cli.print(`Run back to call of ${backtraceLine(from)}`);
    cli.report(await cli.dbg.reverseFinish());
  } });
  for (const [name, alias, kind] of [['reverse-stepi', 'rsi', 'stepi'], ['reverse-nexti', 'rni', 'nexti']] as const) {
    c.add({ name, aliases: [alias], repeats: true, run: async (cli, args) => {
      cli.report(await cli.dbg.reverseStepInstruction(kind, count(args)));
    } });
  }
  c.add({ name: 'checkpoint', run: (cli) => {
    const { id, pid } = cli.dbg.checkpoints().take();
    cli.print(`checkpoint ${id}: fork returned pid ${pid}.`);
  } });
  c.add({ name: 'restart', run: (cli, args) => {
    const id = checkpointId(args);
    const pid = cli.dbg.checkpoints().restore(id);
    cli.dbg.switchedProcess();
    cli.print(`Switching to process ${pid}`);
    const f = cli.dbg.selectedFrame();
    const lines = stopLocation({ reason: { kind: 'step' }, frame: f, style: 'source-and-location' }, (file, l) => cli.dbg.sourceLine(file, l));
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

/** `delete checkpoint N`. */
export async function deleteCheckpoint(cli: Cli, args: string): Promise<void> {
  const id = checkpointId(args);
  if (id === 0) throw new UserError('Cannot delete the main process (checkpoint 0)');
  const pid = await cli.dbg.checkpoints().delete(id);
  cli.print(`Killed process ${pid}`);
}
