// Where a long command's interval checkpoints go when they are placed by system call counts
// instead of by time: a hidden setting that makes their placement repeatable, for tests.
/** Interval checkpoints placed by recorded calls: before every `every`-th call, and before each
 * call whose number (counted from 0, the program's first) is in `at`. */
export interface IntervalCalls { every?: number; at?: number[] }

/** `every N` or `at N,M,...` (the hidden `set checkpoint-interval-calls`, and `set
 * search-stations` counting hits); `off` or an empty text: undefined (by time again). With
 * `none`, also `every 0` (nothing placed). */
export function parseIntervalCalls(text: string, none = false): IntervalCalls | undefined {
  const t = text.trim();
  if (t === '' || t === 'off') return undefined;
  let m = /^every\s+(\d+)$/.exec(t);
  if (m && (Number(m[1]) > 0 || none)) return { every: Number(m[1]) };
  m = /^at\s+(\d+(?:\s*,\s*\d+)*)$/.exec(t);
  if (m) return { at: m[1].split(',').map((x) => Number(x.trim())) };
  throw new Error(`"${t}": "every N", "at N,M,..." or "off" expected`);
}


/** The placement of one command's interval checkpoints by `IntervalCalls`. */
export class CallSchedule {
  private every: number;
  /** The call count of the last checkpoint: the call it was taken before is made again as the
   * program resumes, and is not paused at twice. */
  private pausedAt = -1;

  constructor(private readonly calls: IntervalCalls) { this.every = calls.every ?? 0; }

  /** Whether a checkpoint is due at the entry of call number `n`. */
  due(n: number): boolean {
    if (n === this.pausedAt) return false;
    return this.calls.at?.includes(n) === true || (this.every > 0 && n > 0 && n % this.every === 0);
  }

  taken(n: number): void { this.pausedAt = n; }

  /** Every other checkpoint went: they are taken half as often. */
  thinned(): void { this.every *= 2; }
}
