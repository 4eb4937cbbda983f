// The checkpoint memory budget (`set checkpoint-memory`): older positions' checkpoints are thinned
// out, and past the budget the oldest long commands' interval checkpoints go too.
import type { Checkpoint, Inferior } from '../timeline/Inferior';
import { memoryUse } from '../target/maps';
import type { History } from './history';

/** Frees the checkpoints of older positions (they stay reachable by replay) and, over `budget`
 * bytes still, the oldest commands' interval checkpoints (searches then replay those commands
 * whole). Memory is counted by what the processes really hold (Pss). */
export function thinCheckpoints(history: History, inferior: Inferior, budget: number): void {
  const pss = (cp: Checkpoint): number => memoryUse(cp.proc.pid).pss;
  for (const p of history.thin((q) => pss(q.checkpoint!), budget)) {
    void inferior.drop(p.checkpoint!);
    p.checkpoint = undefined;
  }
  const long = history.positions().filter((p) => p.mark.kind === 'end' && p.segment?.intervals).map((p) => p.segment!);
  if (long.length === 0) return;
  let total = history.positions().reduce((n, p) => n + (p.checkpoint ? pss(p.checkpoint) : 0), 0);
  const sizes = long.map((seg) => seg.intervals!.reduce((n, cp) => n + pss(cp), 0));
  for (const n of sizes) total += n;
  for (let i = 0; i < long.length && total > budget; i++) {
    for (const cp of long[i].intervals!) void inferior.drop(cp);
    long[i].intervals = undefined;
    total -= sizes[i];
  }
}
