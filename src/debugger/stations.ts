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
/** Most replays whose stations outlive their command (those of observers with a key, which the
 * next reverse commands count again: see scanCache.ts), the last ones made. */
const KEPT_REPLAYS = 4;
/** Most copies kept for positions found by counting (Position.near). */
const KEPT_ANCHORS = 32;

/** The stations of the searches of one command, by where their replays start (a segment, or
 * an interval checkpoint of one) and observer. */
export class StationCache {
  private readonly bySegment = new Map<object, Map<Observer | string, Station[]>>();
  /** The replays with keyed observers, oldest first. */
  private kept: Array<{ seg: object; id: string }> = [];
  /** Stations placed by counted hits instead of by time (the hidden `set search-stations`, for
   * tests: every `every`-th hit of a replay and at the hits numbered in `at`; `every 0`: none). */
  placement?: IntervalCalls;

  constructor(private readonly inferior: () => Inferior) {}

  /** A recorder for one replay of `seg` counting `observer`'s hits (replacing an older one's
   * stations): call it at each counted hit, with the replica stopped there. */
  recorder(seg: object, observer: Observer): (k: number) => void {
    this.own();
    this.forget(seg, observer);
    const list: Station[] = [];
    let map = this.bySegment.get(seg);
    if (!map) this.bySegment.set(seg, (map = new Map()));
    map.set(observer.key ?? observer, list);
    if (observer.key) {
      this.kept.push({ seg, id: observer.key });
      while (this.kept.length > KEPT_REPLAYS) {
        const old = this.kept.shift()!;
        this.drop(old.seg, old.id);
      }
    }
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

  /** Stations of another run of the program (gone with its processes) are forgotten. */
  private own(): void {
    const inf = this.inferior();
    if (inf === this.owner) return;
    this.bySegment.clear();
    this.kept = [];
    this.anchors = [];
    this.owner = inf;
  }

  /** Copies made a little before positions found by counting (Position.near), oldest first. */
  private anchors: Checkpoint[] = [];

  /** Keeps `cp` (a copy for Position.near) among the last KEPT_ANCHORS made. */
  keepAnchor(cp: Checkpoint): void {
    this.own();
    this.anchors.push(cp);
    while (this.anchors.length > KEPT_ANCHORS) void this.inferior().drop(this.anchors.shift()!);
  }

  /** Whether the copy `cp` for Position.near is still kept. */
  hasAnchor(cp: Checkpoint): boolean {
    this.own();
    return this.anchors.includes(cp);
  }

  private owner?: Inferior;

  /** The last station of `seg` and `observer` at or before hit `k`. */
  before(seg: object, observer: Observer, k: number): Station | undefined {
    this.own();
    const list = this.bySegment.get(seg)?.get(observer.key ?? observer) ?? [];
    let best: Station | undefined;
    for (const s of list) if (s.k <= k && (!best || s.k > best.k)) best = s;
    return best;
  }

  /** Takes station `s` out of the cache: its checkpoint is the caller's now. */
  take(seg: object, observer: Observer, s: Station): Checkpoint {
    const list = this.bySegment.get(seg)?.get(observer.key ?? observer);
    if (list) list.splice(list.indexOf(s), 1);
    return s.cp;
  }

  private forget(seg: object, observer: Observer): void {
    const id = observer.key ?? observer;
    this.drop(seg, id);
    this.kept = this.kept.filter((r) => r.seg !== seg || r.id !== id);
  }

  private drop(seg: object, id: Observer | string): void {
    const map = this.bySegment.get(seg);
    const list = map?.get(id);
    if (!list) return;
    for (const s of list) void this.inferior().drop(s.cp);
    map!.delete(id);
    if (map!.size === 0) this.bySegment.delete(seg);
  }

  /** Kills the stations of a command's searches (they are over), but for the last replays of
   * keyed observers, unless `all`. */
  clear(all = false): void {
    this.own();
    for (const [seg, map] of [...this.bySegment]) {
      for (const id of [...map.keys()]) if (all || typeof id !== 'string') this.drop(seg, id);
    }
    if (all) {
      this.kept = [];
      for (const cp of this.anchors) void this.inferior().drop(cp);
      this.anchors = [];
    }
  }
}
