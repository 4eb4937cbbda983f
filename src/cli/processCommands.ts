// Commands about the process as a whole: its thread (info threads, thread [N]) and its shared
// libraries (info sharedlibrary), in gdb's shapes.
import { UserError } from '../debugger/events';
import type { Cli } from './Cli';
import { showFrame } from './commands';
import { frameLocation, paddedAddress } from './format';

export function registerProcessCommands(cli: Cli): void {
  cli.infoCommands.add({ name: 'threads', run: (cli) => {
    const t = cli.dbg.thread();
    if (!t) { cli.print('No threads.'); return; }
    const target = `${t.targetId} "${t.name}"`;
    const f = cli.dbg.backtrace(1)[0];
    cli.print(`  Id   ${'Target Id'.padEnd(target.length)} Frame `, `* ${String(t.id).padEnd(5)}${target} ${frameLocation(f, cli.dbg.printing.addresses && (!f.atLineStart || f.line === undefined))}`);
  } });
  cli.commands.add({ name: 'thread', run: (cli, args) => {
    const t = cli.dbg.thread();
    if (args.trim() === '') {
      if (!t) throw new UserError('No thread selected');
      cli.print(`[Current thread is ${t.id} (${t.targetId})]`);
      return;
    }
    const n = args.trim();
    if (!/^\d+$/.test(n)) throw new UserError(`Invalid thread ID: ${n}`);
    if (!t || Number(n) !== t.id) throw new UserError(`Unknown thread ${n}.`);
    cli.print(`[Switching to thread ${t.id} (${t.targetId})]`);
    cli.dbg.selectFrame(0);
    showFrame(cli);
  } });
  cli.infoCommands.add({ name: 'sharedlibrary', aliases: ['dll'], run: (cli) => {
    const libs = cli.dbg.libraries();
    if (libs.length === 0) { cli.print('No shared libraries loaded at this time.'); return; }
    cli.print('From                To                  Syms Read   Shared Object Library');
    for (const l of libs) cli.print(`${paddedAddress(l.from)}  ${paddedAddress(l.to)}  ${(l.debugInfo ? 'Yes' : 'Yes (*)').padEnd(12)}${l.name}`);
    if (libs.some((l) => !l.debugInfo)) cli.print('(*): Shared library is missing debugging information.');
  } });
}
