// Writing a super core dump of the program: the core of the process shown, its mappings named as
// the program mapped them, and (with a base checkpoint) the recorded history that leads from
// that checkpoint to it (logFile.ts), in the appendix of the image (coreFile.writeImage).
import type { Process } from '../target/Process';
import { readMaps, type Mapping } from '../target/maps';
import { writeImage, type Appendix } from '../target/coreFile';
import { coreSourceOf } from '../target/coreSource';
import { historyNote, NT_RDB_HISTORY, RDB_NOTE } from '../target/imageNotes';
import { encodeHistory } from './logFile';
import { recordedFileMappings, type SyscallLog } from './syscalls';

/** The mappings of `p`, a copy of the program after `index` recorded calls of `log`: the files
 * mapped during the replayed part of history (anonymous copies in a replica) named by their files. */
export function namedMaps(log: SyscallLog, p: Process, index: number): Mapping[] {
  const maps = readMaps(p.memoryPid);
  const files = recordedFileMappings(log, index);
  if (files.length === 0) return maps;
  return maps.map((m) => {
    const f = m.path === undefined ? files.find((r) => r.start <= m.start && m.end <= r.end) : undefined;
    return f ? { ...m, path: f.path, offset: f.offset + (m.start - f.start) } : m;
  });
}

/** Writes the image of `shown` (with its mappings and how many calls and clock reads it has
 * made) to `file`; with `history`, the base checkpoint and the log from it to `shown` too. */
export function writeProgramImage(file: string, log: SyscallLog, shown: { proc: Process; maps: Mapping[]; logIndex: number; tscIndex: number },
  signal: number, siginfo: Buffer | undefined, progress: ((done: bigint, total: bigint) => void) | undefined,
  history?: { base: { proc: Process; logIndex: number; tscIndex: number }; stack: Buffer }): void {
  const src = coreSourceOf(shown.proc, signal, siginfo, shown.maps);
  let appendix: Appendix | undefined;
  if (history) {
    const { base, stack } = history;
    appendix = {
      base: coreSourceOf(base.proc, 0, undefined, namedMaps(log, base.proc, base.logIndex)),
      data: encodeHistory(log, base.logIndex, shown.logIndex, base.tscIndex, shown.tscIndex, shown.proc.regs(), stack),
      note: (...place) => ({ name: RDB_NOTE, type: NT_RDB_HISTORY, desc: historyNote(...place) }),
    };
  }
  writeImage(file, src, appendix, progress);
}
