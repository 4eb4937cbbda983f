// Images of the program: gdb's `gcore FILE` and rdb's `dump FILE` (the same super core dump, the
// latter saying how much it wrote and how fast), and `--restore FILE`, which brings one back.
import { UserError, type ResumeResult } from '../debugger/events';
import { CrashDumps, crashDumpText } from '../debugger/crashDumps';
import { imageProgress } from '../debugger/imageProgress';
import { LostDescriptors } from '../target/restoreCheck';
import type { Cli } from './Cli';

/** Writes the image named by a command's words (`core.PID` when none); returns its name. */
function writeImage(cli: Cli, args: string, modifier: string | undefined, progress?: (done: bigint, total: bigint) => void): string {
  const pid = cli.dbg.pid();
  if (pid === undefined) throw new UserError('You can\'t do that without a process to debug.');
  // An absolute path reads like a format modifier (`gcore /tmp/core`): it is the file's name.
  const file = [modifier, args.trim()].filter(Boolean).join(' ') || `core.${pid}`;
  try {
    cli.dbg.saveCore(file, progress);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR' || code === 'ENOTDIR') throw new UserError(`Failed to open '${file}' for output.`);
    throw e;
  }
  return file;
}

export function registerImageCommands(cli: Cli): void {
  cli.commands.add({ name: 'gcore', aliases: ['generate-core-file'], run: (cli, args, modifier) => {
    cli.print(`Saved corefile ${writeImage(cli, args, modifier)}`);
  } });
  cli.commands.add({ name: 'dump', run: (cli, args, modifier) => {
    const started = process.hrtime.bigint();
    // A large image says how far it has come (gcore, as gdb's, says nothing).
    const file = writeImage(cli, args, modifier, imageProgress((s) => cli.print(`Writing the image: ${s.percent}% (${s.doneMB} of ${s.totalMB} MB)`)));
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    cli.print(`Saved super core dump ${file} (${ms.toFixed(0)} ms); restore it with: rdb --restore ${file}`);
  } });
}

/** `rdb --restore FILE`: the restored process, stopped where the image was written; the frame. */
export async function restoreFromImage(cli: Cli, file: string, closeLostFds: boolean): Promise<void> {
  let lines: string[];
  try {
    lines = await cli.dbg.restore(file, closeLostFds);
  } catch (e) {
    // Descriptors whose peer is gone: offered to be closed (gdb's query; -batch answers yes).
    if (!(e instanceof LostDescriptors) || closeLostFds) throw e;
    const them = e.lost.length > 1 ? 'them' : 'it';
    if (!(await cli.query(`${e.lost.map((l) => l[0].toUpperCase() + l.slice(1)).join('.\n')}.\nRestore with ${them} closed?`, 'Y'))) {
      throw new UserError(`Not restored: ${file}.`);
    }
    lines = await cli.dbg.restore(file, true);
  }
  for (const line of lines) cli.print(line);
  cli.print(`Restored process ${cli.dbg.pid()} from ${file}.`);
  await cli.execute('frame');
}

/** `rdb --dump-on-crash DIR`: a stop at a crash writes an image of the program to
 * DIR/core.PROG.PID (crashDumps.ts), so that it can be opened (`rdb --core`) or restored later. */
export function dumpOnCrash(cli: Cli, dir: string): (result: ResumeResult) => void {
  const dumps = CrashDumps.into(cli.dbg, dir, '--dump-on-crash');
  return (result) => {
    const done = dumps.after(result);
    if (done && 'file' in done) cli.print(crashDumpText(done));
    else if (done) cli.error(crashDumpText(done));
  };
}
