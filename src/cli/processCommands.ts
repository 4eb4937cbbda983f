// Commands about the process as a whole: its threads (info threads, thread [N], thread apply), its shared
// libraries (info sharedlibrary) and images of it (gcore, dump: imageCommands.ts), in gdb's shapes.
import { UserError } from '../debugger/events';
import type { Cli } from './Cli';
import type { ThreadInfo } from '../debugger/threadList';
import { showFrame } from './commands';
import { frameLocation, paddedAddress } from './format';
import { registerImageCommands } from './imageCommands';

export function registerProcessCommands(cli: Cli): void {
  registerImageCommands(cli);
  cli.infoCommands.add({ name: 'threads', run: async (cli, args) => {
    const all = cli.dbg.threads();
    if (all.length === 0) { cli.print('No threads.'); return; }
    const wanted = args.trim() === '' ? all : threadIds(args, all, () => undefined);
    if (wanted.length === 0) throw new UserError(`No threads match '${args.trim()}'.`);
    const current = cli.dbg.thread()!;
    const rows: Array<[string, string, string]> = [];
    for (const t of wanted) {
      const f = await cli.dbg.withThread(t.id, () => cli.dbg.backtrace(1)[0]);
      rows.push([`${t.id === current.id ? '*' : ' '} ${String(t.id).padEnd(4)}`, `${t.targetId}${t.name ? ` "${t.name}"` : ''}`, frameLocation(f, cli.dbg.printing.addresses && (!f.atLineStart || f.line === undefined))]);
    }
    const width = Math.max('Target Id'.length, ...rows.map((r) => r[1].length));
    cli.print(`  Id   ${'Target Id'.padEnd(width)} Frame `, ...rows.map(([id, target, frame]) => `${id} ${target.padEnd(width)} ${frame}`));
  } });
  cli.commands.add({ name: 'thread', aliases: ['t'], run: async (cli, args) => {
    const words = args.trim().split(/\s+/);
    if (words[0] === 'apply') return threadApply(cli, args.trim().slice('apply'.length).trim());
    const t = cli.dbg.thread();
    if (args.trim() === '') {
      if (!t) throw new UserError('No thread selected');
      cli.print(`[Current thread is ${t.id} (${t.targetId})]`);
      return;
    }
    const n = args.trim();
    if (!/^\d+$/.test(n)) throw new UserError(`Invalid thread ID: ${n}`);
    const target = cli.dbg.threads().find((x) => x.id === Number(n));
    if (!target) throw new UserError(`Unknown thread ${n}.`);
    cli.dbg.selectThread(target.id);
    cli.print(`[Switching to thread ${target.id} (${target.targetId})]`);
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

/** gdb's thread ID list: numbers and ranges (`1 3-4`); `missing` is told of each number that
 * names no thread. */
function threadIds(text: string, all: ThreadInfo[], missing: (n: number) => void): ThreadInfo[] {
  const out: ThreadInfo[] = [];
  for (const word of text.trim().split(/\s+/)) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(word);
    if (!m) throw new UserError(`Invalid thread ID: ${word}`);
    const lo = Number(m[1]);
    const hi = m[2] !== undefined ? Number(m[2]) : lo;
    for (let n = lo; n <= hi; n++) {
      const t = all.find((x) => x.id === n);
      if (t) out.push(t);
      else if (m[2] === undefined) missing(n);
    }
  }
  return out;
}

/** `thread apply all|LIST COMMAND`: the command in each thread (all: newest first), each under
 * a `Thread N (...)` header; the selected thread and frame are kept. */
async function threadApply(cli: Cli, rest: string): Promise<void> {
  const all = cli.dbg.threads();
  let list: ThreadInfo[];
  let command: string;
  if (/^all\b/.test(rest)) {
    command = rest.slice(3).trim();
    if (command === '') throw new UserError("Please specify a command at the end of 'thread apply all'");
    list = [...all].reverse();
  } else {
    const m = /^((?:\d+(?:-\d+)?\s*)+)(.*)$/.exec(rest);
    if (rest === '' || !m) throw new UserError('Please specify a thread ID list');
    command = m[2].trim();
    if (command === '') throw new UserError(`Please specify a command following the thread ID list`);
    list = threadIds(m[1], all, (n) => cli.error(`warning: Unknown thread ${n}`));
  }
  if (all.length === 0) throw new UserError('No threads.');
  for (const t of list) {
    cli.print('', `Thread ${t.id} (${t.targetId}${t.name ? ` "${t.name}"` : ''}):`);
    await cli.dbg.withThread(t.id, () => cli.execute(command));
  }
}
