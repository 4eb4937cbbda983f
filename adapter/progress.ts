// Progress and cancel for the session's runs: a search going back that takes a while is shown
// as a cancellable progress (progressStart, progressUpdate every second, progressEnd); cancel
// (by the progress's id or the request's) interrupts the run as Ctrl-C does in the CLI, and a
// request still waiting its turn answers `cancelled`.
import { ProgressEndEvent, ProgressStartEvent, ProgressUpdateEvent } from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';

/** How long a run goes before its progress is shown (shorter ones show none). */
const SHOW_AFTER_MS = 400;

interface Run {
  requestId: number;
  progressId: string;
  shown: boolean;
  cancelled: boolean;
  timers: NodeJS.Timeout[];
}

export class RunProgress {
  /** Whether the client shows progress (initialize's supportsProgressReporting). */
  enabled = false;
  private run?: Run;
  private next = 1;
  /** Requests queued behind the engine's current call, by request seq: cancelling one. */
  private readonly waiting = new Map<number, () => void>();

  constructor(private readonly send: (ev: DebugProtocol.Event) => void, private readonly interrupt: () => void) {}

  /** A run (a resuming request) starts; searches going back get a progress once they take long. */
  start(requestId: number, title: string | undefined): void {
    const run: Run = { requestId, progressId: `rdb-run-${this.next++}`, shown: false, cancelled: false, timers: [] };
    this.run = run;
    if (!this.enabled || title === undefined) return;
    const t0 = Date.now();
    run.timers.push(setTimeout(() => {
      if (this.run !== run) return;
      run.shown = true;
      const ev = new ProgressStartEvent(run.progressId, title, 'searching the recorded past') as DebugProtocol.ProgressStartEvent;
      ev.body.cancellable = true;
      ev.body.requestId = requestId;
      this.send(ev);
      run.timers.push(setInterval(() => {
        if (this.run === run) this.send(new ProgressUpdateEvent(run.progressId, `searching the recorded past: ${Math.round((Date.now() - t0) / 1000)} s`));
      }, 1000));
    }, SHOW_AFTER_MS));
  }

  /** The run is over; true if it was cancelled. */
  end(): boolean {
    const run = this.run;
    this.run = undefined;
    if (!run) return false;
    for (const t of run.timers) clearTimeout(t);
    if (run.shown) this.send(new ProgressEndEvent(run.progressId, run.cancelled ? 'cancelled' : undefined));
    return run.cancelled;
  }

  /** A progress without cancel for work the engine does in one go (writing a large image): it
   * is shown at its first update, if the client shows progress. */
  oneOff(title: string): { update: (message: string, percent: number) => void; end: () => void } {
    const id = `rdb-work-${this.next++}`;
    let started = false;
    return {
      update: (message, percent) => {
        if (!this.enabled) return;
        if (!started) {
          started = true;
          const ev = new ProgressStartEvent(id, title, message) as DebugProtocol.ProgressStartEvent;
          ev.body.percentage = percent;
          this.send(ev);
          return;
        }
        const ev = new ProgressUpdateEvent(id, message) as DebugProtocol.ProgressUpdateEvent;
        ev.body.percentage = percent;
        this.send(ev);
      },
      end: () => { if (started) this.send(new ProgressEndEvent(id)); },
    };
  }

  /** Notes a request waiting its turn; returns the function that says whether it was cancelled
   * (and forgets it). */
  wait(seq: number): () => boolean {
    let cancelled = false;
    this.waiting.set(seq, () => { cancelled = true; });
    return () => { this.waiting.delete(seq); return cancelled; };
  }

  /** The cancel request: false if it names nothing cancellable now. */
  cancel(args: DebugProtocol.CancelArguments | undefined): boolean {
    const run = this.run;
    const ofRun = run !== undefined && ((args?.progressId !== undefined && args.progressId === run.progressId) || (args?.requestId !== undefined && args.requestId === run.requestId));
    if (ofRun && !run.cancelled) {
      run.cancelled = true;
      this.interrupt(); // held by the engine until the run's command ends
      return true;
    }
    const queued = args?.requestId !== undefined ? this.waiting.get(args.requestId) : undefined;
    queued?.();
    return queued !== undefined || ofRun;
  }
}
