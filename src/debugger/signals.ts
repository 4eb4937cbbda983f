// Signal names, gdb's descriptions, and gdb's default handling (stop/print/pass) per signal.
import * as os from 'os';

const descriptions: Record<string, string> = {
  SIGHUP: 'Hangup', SIGINT: 'Interrupt', SIGQUIT: 'Quit', SIGILL: 'Illegal instruction',
  SIGTRAP: 'Trace/breakpoint trap', SIGABRT: 'Aborted', SIGBUS: 'Bus error',
  SIGFPE: 'Arithmetic exception', SIGKILL: 'Killed', SIGUSR1: 'User defined signal 1',
  SIGSEGV: 'Segmentation fault', SIGUSR2: 'User defined signal 2', SIGPIPE: 'Broken pipe',
  SIGALRM: 'Alarm clock', SIGTERM: 'Terminated', SIGSTKFLT: 'Stack fault', SIGCHLD: 'Child status changed',
  SIGCONT: 'Continued', SIGSTOP: 'Stopped (signal)', SIGTSTP: 'Stopped (user)', SIGTTIN: 'Stopped (tty input)',
  SIGTTOU: 'Stopped (tty output)', SIGURG: 'Urgent I/O condition', SIGXCPU: 'CPU time limit exceeded',
  SIGXFSZ: 'File size limit exceeded', SIGVTALRM: 'Virtual timer expired', SIGPROF: 'Profiling timer expired',
  SIGWINCH: 'Window size changed', SIGIO: 'I/O possible', SIGPWR: 'Power fail/restart', SIGSYS: 'Bad system call',
};

/** Signals gdb passes silently by default (`handle SIG nostop noprint pass`). */
const quiet = new Set(['SIGALRM', 'SIGURG', 'SIGCHLD', 'SIGWINCH', 'SIGVTALRM', 'SIGPROF', 'SIGIO', 'SIGPOLL', 'SIGPRIO', 'SIGCANCEL']);

const byNumber = new Map<number, string>();
for (const [name, num] of Object.entries(os.constants.signals)) {
  if (!byNumber.has(num) && name !== 'SIGIOT' && name !== 'SIGPOLL') byNumber.set(num, name);
}

/** `SIGSEGV` for 11; real-time signals as gdb names them (`SIG34`). */
export function signalName(signo: number): string {
  return byNumber.get(signo) ?? `SIG${signo}`;
}

export function signalDescription(signo: number): string {
  const name = signalName(signo);
  return descriptions[name] ?? (signo >= 34 ? `Real-time event ${signo}` : `Unknown signal ${signo}`);
}

/** What happens when the program receives a signal: gdb's `handle` flags. */
export interface SignalAction { stop: boolean; print: boolean; pass: boolean }

/** gdb's defaults: quiet signals pass silently; SIGINT and SIGTRAP (the debugger's) stop and
 * are not passed; every other signal stops, is reported and is passed. */
function defaultAction(signo: number): SignalAction {
  const name = signalName(signo);
  if (quiet.has(name)) return { stop: false, print: false, pass: true };
  return { stop: true, print: true, pass: name !== 'SIGINT' && name !== 'SIGTRAP' };
}

/** The `handle` table: how each signal is treated; replays keep a copy as it was. */
export class SignalTable {
  private readonly changed = new Map<number, SignalAction>();

  action(signo: number): SignalAction { return this.changed.get(signo) ?? defaultAction(signo); }

  set(signo: number, action: SignalAction): void { this.changed.set(signo, { ...action }); }

  clone(): SignalTable {
    const t = new SignalTable();
    for (const [n, a] of this.changed) t.set(n, a);
    return t;
  }
}

/** The signals `handle` and `info signals` know, in gdb's order (by number). */
export function knownSignals(): number[] {
  return [...byNumber.keys()].filter((n) => n > 0 && n < 32 && n !== 9 && n !== 19).sort((a, b) => a - b);
}

/** gdb's numbers for `handle 1-15` (its own table, not the kernel's). */
const GDB_NUMBERED = ['SIGHUP', 'SIGINT', 'SIGQUIT', 'SIGILL', 'SIGTRAP', 'SIGABRT', 'SIGEMT', 'SIGFPE', 'SIGKILL', 'SIGBUS',
  'SIGSEGV', 'SIGSYS', 'SIGPIPE', 'SIGALRM', 'SIGTERM'];

/** A signal named as gdb takes it: `SIGUSR1`, a real-time `SIG34`, or 1-15 in gdb's numbering. */
export function signalNumber(word: string): number | undefined {
  if (/^\d+$/.test(word)) {
    const n = Number(word);
    return n >= 1 && n <= 15 ? os.constants.signals[GDB_NUMBERED[n - 1] as keyof typeof os.constants.signals] : undefined;
  }
  const rt = /^SIG(\d+)$/.exec(word);
  if (rt && Number(rt[1]) >= 32 && Number(rt[1]) <= 64) return Number(rt[1]);
  for (const [n, name] of byNumber) if (name === word) return n;
  return undefined;
}

/** `info signals` rows: gdb's header, then one row per signal. */
export function signalRows(table: SignalTable, signals: number[]): string[] {
  const yes = (b: boolean): string => (b ? 'Yes' : 'No');
  return ['Signal        Stop\tPrint\tPass to program\tDescription', ...signals.map((n) => {
    const a = table.action(n);
    return `${signalName(n).padEnd(13)} ${yes(a.stop)}\t${yes(a.print)}\t${yes(a.pass)}\t\t${signalDescription(n)}`;
  })];
}
