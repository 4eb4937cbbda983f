// Images of the program: gdb's `gcore FILE` and rdb's `dump FILE` (the same super core dump, the
// latter saying how much it wrote and how fast), and `--restore FILE`, which brings one back.
import * as path from 'path';
import { UserError, type ResumeResult } from '../debugger/events';
import type { Cli } from './Cli';

/** Writes the image named by a command's words (`core.PID` when none); returns its name. */
function writeImage(cli: Cli, args: string, modifier: string | undefined): string {
  const pid = cli.dbg.pid();
  if (pid === undefined) throw new UserError('You can\'t do that without a process to debug.');
  // An absolute path reads like a format modifier (`gcore /tmp/core`): it is the file's name.
  const file = [modifier, args.trim()].filter(Boolean).join(' ') || `core.${pid}`;
  try {
    cli.dbg.saveCore(file);
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
    const file = writeImage(cli, args, modifier);
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    cli.print(`Saved super core dump ${file} (${ms.toFixed(0)} ms); restore it with: rdb --restore ${file}`);
  } });
}

/** `rdb --restore FILE`: the restored process, stopped where the image was written; the frame. */
export async function restoreFromImage(cli: Cli, file: string, closeLostFds: boolean): Promise<void> {
  for (const line of await cli.dbg.restore(file, closeLostFds)) cli.print(line);
  cli.print(`Restored process ${cli.dbg.pid()} from ${file}.`);
  await cli.execute('frame');
}

/** The signals a crash stops with (their default action dumps core). */
const CRASHES = new Set(['SIGSEGV', 'SIGBUS', 'SIGFPE', 'SIGILL', 'SIGABRT', 'SIGSYS', 'SIGQUIT', 'SIGXCPU', 'SIGXFSZ']);

/**
 * `rdb --dump-on-crash DIR`: a stop at a crash signal writes an image of the program there to
 * DIR/core.PROG.PID (once for each crash the program reaches, also when replay shows it again),
 * so that it can be opened (`rdb --core`) or restored later.
 */
export function dumpOnCrash(cli: Cli, dir: string): (result: ResumeResult) => void {
  const done = new Set<string>();
  return (result) => {
    if (result.kind !== 'stopped' || result.stop.reason.kind !== 'signal' || !CRASHES.has(result.stop.reason.name)) return;
    const pid = cli.dbg.pid();
    if (pid === undefined) return;
    const key = `${pid} ${result.stop.reason.name} ${result.stop.frame.pc}`;
    if (done.has(key)) return;
    done.add(key);
    const file = path.join(dir, `core.${path.basename(cli.dbg.programPath() ?? 'program')}.${pid}`);
    try {
      cli.dbg.saveCore(file);
      cli.print(`Saved super core dump ${file}; open it with: rdb --core ${file}, or restore it with: rdb --restore ${file}`);
    } catch (e) {
      cli.error(`Could not save a super core dump in ${dir}: ${(e as Error).message}`);
    }
  };
}
