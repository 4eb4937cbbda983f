// A watchpoint's stop as gdb words it, for both front ends: the CLI prints these lines, the DAP
// adapter shows them as the stop's description.
import type { StopReason } from './events';

type WatchStop = Extract<StopReason, { kind: 'watchpoint' }>;

/** `Hardware watchpoint 2: total`, then a blank line and the values (`Old value = 1`,
 * `New value = 2`; `Value = 1` for a read that changed nothing). */
export function watchpointStopLines(r: WatchStop, hit = ''): string[] {
  const what = r.access === 'read' ? 'read watchpoint' : r.access === 'access' ? 'access (read/write) watchpoint' : 'watchpoint';
  const values = r.access && !r.changed ? [`Value = ${r.newValue}`] : [`Old value = ${r.oldValue}`, `New value = ${r.newValue}`];
  return [`${hit}${r.hardware ? `Hardware ${what}` : 'Watchpoint'} ${r.number}: ${r.expression}`, '', ...values];
}
