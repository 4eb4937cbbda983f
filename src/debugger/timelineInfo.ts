// What `info record` and `info timeline` (and DAP's rdb/timeline) show of the recorded history:
// its positions, the present, what was recorded, and the memory its checkpoints hold.
import { memoryUse } from '../target/maps';
import type { Inferior } from '../timeline/Inferior';
import type { History } from './history';

/** What `info record` and `info timeline` show of the recorded history. */
export interface TimelineInfo {
  /** `intervals`: the interval checkpoints taken during the command that ended there. */
  positions: Array<{ id: number; pc: bigint; checkpoint: boolean; current: boolean; found: boolean; intervals: number }>;
  /** Whether the position shown is in the recorded past (a replica), not the live process. */
  replaying: boolean;
  /** Where the live process is (undefined once it ended). */
  present?: bigint;
  syscalls: number;
  timeStamps: number;
  /** Signals from outside replayed where they came (as a call ended), and how many of them had
   * come between two calls and were held back to the next one. */
  signals: number;
  heldSignals: number;
  checkpointBytes: number;
  budget: number;
}

/** The timeline of `history`, recorded from `inf`, with checkpoints within `budget` bytes. */
export function timelineInfo(history: History, inf: Inferior, budget: number): TimelineInfo {
  const positions = history.positions().map((p) => ({
    id: p.id, pc: p.regs.rip, checkpoint: p.checkpoint !== undefined, current: p === history.current,
    found: p.mark.kind === 'hit', intervals: p.mark.kind === 'end' ? p.segment?.intervals?.length ?? 0 : 0,
  }));
  const intervals = history.positions().flatMap((p) => (p.mark.kind === 'end' ? p.segment?.intervals ?? [] : []));
  const bytes = [...history.positions().map((p) => p.checkpoint), ...intervals].reduce((n, cp) => n + (cp ? memoryUse(cp.proc.pid).pss : 0), 0);
  return {
    positions, replaying: inf.replaying, present: inf.presentAlive ? inf.live.regs().rip : undefined,
    syscalls: inf.log.length, timeStamps: inf.log.tsc.length,
    signals: inf.log.records.filter((r) => r.signal !== undefined).length, heldSignals: inf.log.heldSignals, checkpointBytes: bytes, budget,
  };
}
