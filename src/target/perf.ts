// Counting how often a process executes one code address, with the debug registers through a
// perf event instead of a trap and a ptrace stop each time: a few µs an execution instead of a
// hundred. With a target count, the process is stopped (by a signal of ours) just before the
// target-th execution.
import { tracer } from './native';

/** The signal a counter with a target sends (a real-time one programs rarely use). */
export const COUNTER_SIGNAL = 63;

export class ExecCounter {
  private fd: number;

  /** Counts `pid`'s executions of `address` from now on; with `stopAt`, stops it before the
   * stopAt-th one (it then reports COUNTER_SIGNAL). Throws if no debug register is free. */
  constructor(pid: number, readonly address: bigint, readonly stopAt = 0n) {
    this.fd = tracer().perfExecCounter(pid, address, stopAt, COUNTER_SIGNAL);
  }

  /** Executions so far (the one stopped before included, for a counter with a target). */
  count(): bigint {
    if (this.fd < 0) throw new Error('the execution counter is closed');
    return tracer().perfRead(this.fd);
  }

  close(): void {
    if (this.fd < 0) return;
    tracer().perfClose(this.fd);
    this.fd = -1;
  }
}

let works: boolean | undefined;

/** Whether this machine's kernel counts executions for us (tried once on process `pid`). */
export function countersWork(pid: number, address: bigint): boolean {
  if (works === undefined) {
    try {
      new ExecCounter(pid, address).close();
      works = true;
    } catch {
      works = false;
    }
  }
  return works;
}
