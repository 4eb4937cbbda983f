// The hits of searches' replays, kept for the reverse commands that follow: a span (a segment
// from its start, or from one of its interval checkpoints) replayed up to a position with an
// observer gives, for that position and for every earlier one named by a hit of an observer of
// the same key, the hits before it without replaying the span again.
import type { Observer, Position } from './history';
import type { Hit } from './spans';

/** One replay's hits: those of the whole span (to the next interval checkpoint), or those before `until`. */
interface Scanned { hits: Hit[]; until?: Position }

/** Most positions one span keeps the hits before, per observer key. */
const PER_KEY = 4;

export class ScanCache {
  private readonly spans = new WeakMap<object, Map<string, Scanned[]>>();

  /** Keeps the hits of `observer` in `span` (a segment or an interval checkpoint of one) before
   * `until` (none: the whole span). */
  put(span: object, observer: Observer, hits: Hit[], until?: Position): void {
    if (!observer.key) return;
    let byKey = this.spans.get(span);
    if (!byKey) this.spans.set(span, (byKey = new Map()));
    const list = byKey.get(observer.key) ?? [];
    list.unshift({ hits, until });
    byKey.set(observer.key, list.slice(0, PER_KEY));
  }

  /** The hits of `observer` in `span` before `p` (none: the whole span), if a replay kept tells. */
  get(span: object, base: object | undefined, observer: Observer, p?: Position): Hit[] | undefined {
    const byKey = observer.key ? this.spans.get(span) : undefined;
    const list = byKey?.get(observer.key!);
    if (!byKey || !list) return undefined;
    if (!p) return list.find((s) => !s.until)?.hits;
    const exact = list.find((s) => s.until === p);
    if (exact) return exact.hits;
    // p is the k-th hit of an observer of the same key: the hits before it are the first k - 1.
    const mark = p.mark;
    if (mark.kind === 'hit' && mark.observer.key === observer.key && mark.base === base && mark.alone === undefined) {
      const longer = list.find((s) => s.hits.length >= mark.hits - 1 && s.hits[mark.hits - 2]?.k === mark.hits - 1);
      if (longer) return longer.hits.slice(0, mark.hits - 1);
    }
    // None before a position that lies before p (a hit of another key's replay to the same end).
    if (mark.kind === 'hit' && mark.base === base && mark.alone === undefined && mark.observer.key) {
      const other = byKey.get(mark.observer.key);
      for (const s of list) {
        if (s.hits.length === 0 && s.until && other?.some((o) => o.until === s.until && o.hits.some((h) => h.k === mark.hits))) return [];
      }
    }
    return undefined;
  }
}
