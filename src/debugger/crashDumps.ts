// Super core dumps written when the program crashes (`rdb --dump-on-crash DIR`, the adapter's
// `dumpOnCrash` launch option): which stops are crashes, where the image goes, once per crash.
import * as fs from 'fs';
import * as path from 'path';
import type { Debugger } from './Debugger';
import { UserError, type ResumeResult } from './events';

/** The signals a crash stops with (their default action dumps core). */
const CRASHES = new Set(['SIGSEGV', 'SIGBUS', 'SIGFPE', 'SIGILL', 'SIGABRT', 'SIGSYS', 'SIGQUIT', 'SIGXCPU', 'SIGXFSZ']);

export type CrashDump = { file: string } | { dir: string; error: string };

export class CrashDumps {
  /** The crashes written already, by process, signal and pc: replay showing one again writes none. */
  private readonly done = new Set<string>();

  constructor(private readonly dbg: Debugger, readonly dir: string) {}

  /** Crash dumps into `dir`; a UserError, `option` first, if it names no directory. */
  static into(dbg: Debugger, dir: string, option: string): CrashDumps {
    if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new UserError(`${option}: ${dir}: No such directory.`);
    return new CrashDumps(dbg, dir);
  }

  /** After a stop: at a crash not written yet, writes DIR/core.PROG.PID; what happened, if anything. */
  after(result: ResumeResult): CrashDump | undefined {
    if (result.kind !== 'stopped' || result.stop.reason.kind !== 'signal' || !CRASHES.has(result.stop.reason.name)) return undefined;
    const pid = this.dbg.pid();
    if (pid === undefined) return undefined;
    const key = `${pid} ${result.stop.reason.name} ${result.stop.frame.pc}`;
    if (this.done.has(key)) return undefined;
    this.done.add(key);
    const file = path.join(this.dir, `core.${path.basename(this.dbg.programPath() ?? 'program')}.${pid}`);
    try {
      this.dbg.saveCore(file);
      return { file };
    } catch (e) {
      return { dir: this.dir, error: (e as Error).message };
    }
  }
}

/** What a crash dump did, in words for the user. */
export function crashDumpText(d: CrashDump): string {
  return 'file' in d ? `Saved super core dump ${d.file}; open it with: rdb --core ${d.file}, or restore it with: rdb --restore ${d.file}`
    : `Could not save a super core dump in ${d.dir}: ${d.error}`;
}
