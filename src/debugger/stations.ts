// Stations: copies of the program forked now and then during a search's replay, each at a
// counted hit of the search's observer. Reaching the k-th hit again then starts from the last
// station before it instead of replaying the whole command once more.
import type { Checkpoint, Inferior } from '../timeline/Inferior';
import type { IntervalCalls } from '../timeline/intervalCalls';
import type { Observer } from './history';

/** A copy of the program at the `k`-th counted hit of a replay of a segment. */
export interface Station { k: number; cp: Checkpoint }

/** Time between two stations of one replay: the most a return to a counted hit replays. */
const STATION_INTERVAL_MS = 20;
/** Most stations one replay keeps (each is a process): past it, every other one goes and they
 * are taken half as often. */
const MAX_STATIONS = 64;

/** The stations of the searches of one command, by where their replays start (a segment, or
 * an interval checkpoint of one) and observer. */
export class StationCache {
  private readonly bySegment = new Map<object, Map<Observer, Station[]>>();
  /** Stations placed by counted hits instead of by time (the hidden `set search-stations`, for
   * tests: every `every`-th hit of a replay and at the hits numbered in `at`; `every 0`: none). */
  placement?: IntervalCalls;

  constructor(private readonly inferior: () => Inferior) {}

  /** A recorder for one replay of `seg` counting `observer`'s hits (replacing an older one's
   * stations): call it at each counted hit, with the replica stopped there. */
  recorder(seg: object, observer: Observer): (k: number) => void {
    this.forget(seg, observer);
    const list: Station[] = [];
    let map = this.bySegment.get(seg);
    if (!map) this.bySegment.set(seg, (map = new Map()));
    map.set(observer, list);
    let last = Date.now();
    let interval = STATION_INTERVAL_MS;
    const placed = this.placement;
    let every = placed?.every ?? 0;
    const due = (k: number): boolean => {
      if (placed) return placed.at?.includes(k) === true || (every > 0 && k % every === 0);
      const now = Date.now();
      if (now - last < interval) return false;
      last = now;
      return true;
    };
    return (k) => {
      if (!due(k)) return;
      list.push({ k, cp: this.inferior().checkpoint() });
      if (list.length > MAX_STATIONS) {
        const kept = list.filter((_, i) => i % 2 === 1);
        for (const st of list) if (!kept.includes(st)) void this.inferior().drop(st.cp);
        list.splice(0, list.length, ...kept);
        interval *= 2;
        every *= 2;
      }
    };
  }

  /** The last station of `seg` and `observer` at or before hit `k`. */
  before(seg: object, observer: Observer, k: number): Station | undefined {
    const list = this.bySegment.get(seg)?.get(observer) ?? [];
    let best: Station | undefined;
    for (const s of list) if (s.k <= k && (!best || s.k > best.k)) best = s;
    return best;
  }

  /** Takes station `s` out of the cache: its checkpoint is the caller's now. */
  take(seg: object, observer: Observer, s: Station): Checkpoint {
    const list = this.bySegment.get(seg)?.get(observer);
    if (list) list.splice(list.indexOf(s), 1);
    return s.cp;
  }

  private forget(seg: object, observer: Observer): void {
    const list = this.bySegment.get(seg)?.get(observer);
    if (!list) return;
    for (const s of list) void this.inferior().drop(s.cp);
    this.bySegment.get(seg)!.delete(observer);
  }

  /** Kills every station (a command's searches are over). */
  clear(): void {
    for (const map of this.bySegment.values()) for (const list of map.values()) for (const s of list) void this.inferior().drop(s.cp);
    this.bySegment.clear();
  }
}
