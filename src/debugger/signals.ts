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

const HEADER = 'Signal        Stop\tPrint\tPass to program\tDescription';

function row(name: string, a: SignalAction, description: string): string {
  const yes = (b: boolean): string => (b ? 'Yes' : 'No');
  return `${name.padEnd(13)} ${yes(a.stop)}\t${yes(a.print)}\t${yes(a.pass)}\t\t${description}`;
}

/** `info signals SIG` rows: gdb's header, then one row per signal. */
export function signalRows(table: SignalTable, signals: number[]): string[] {
  return [HEADER, ...signals.map((n) => row(signalName(n), table.action(n), signalDescription(n)))];
}

/** gdb's own signals (its table, in its order) that are not Linux ones or not by that name,
 * with their descriptions; they keep gdb's defaults. */
const GDB_ONLY: Record<string, string> = {
  SIGEMT: 'Emulation trap', SIGLOST: 'Resource lost', SIGPOLL: 'Pollable event occurred', SIGWIND: 'SIGWIND', SIGPHONE: 'SIGPHONE',
  SIGWAITING: "Process's LWPs are blocked", SIGLWP: 'Signal LWP', SIGDANGER: 'Swap space dangerously low', SIGGRANT: 'Monitor mode granted',
  SIGRETRACT: 'Need to relinquish monitor mode', SIGMSG: 'Monitor mode data available', SIGSOUND: 'Sound completed', SIGSAK: 'Secure attention',
  SIGPRIO: 'SIGPRIO', SIGCANCEL: 'LWP internal signal', SIGINFO: 'Information request', EXC_BAD_ACCESS: 'Could not access memory',
  EXC_BAD_INSTRUCTION: 'Illegal instruction/operand', EXC_ARITHMETIC: 'Arithmetic exception', EXC_EMULATION: 'Emulation instruction',
  EXC_SOFTWARE: 'Software generated exception', EXC_BREAKPOINT: 'Breakpoint', SIGLIBRT: 'librt internal signal',
};
const quietGdbOnly = new Set(['SIGPOLL', 'SIGWAITING', 'SIGLWP', 'SIGPRIO', 'SIGCANCEL', 'SIGLIBRT']);

/** Every signal gdb knows, in the order of its table (`info signals`). */
const GDB_ORDER = [
  'SIGHUP', 'SIGINT', 'SIGQUIT', 'SIGILL', 'SIGTRAP', 'SIGABRT', 'SIGEMT', 'SIGFPE', 'SIGKILL', 'SIGBUS', 'SIGSEGV', 'SIGSYS', 'SIGPIPE',
  'SIGALRM', 'SIGTERM', 'SIGURG', 'SIGSTOP', 'SIGTSTP', 'SIGCONT', 'SIGCHLD', 'SIGTTIN', 'SIGTTOU', 'SIGIO', 'SIGXCPU', 'SIGXFSZ',
  'SIGVTALRM', 'SIGPROF', 'SIGWINCH', 'SIGLOST', 'SIGUSR1', 'SIGUSR2', 'SIGPWR', 'SIGPOLL', 'SIGWIND', 'SIGPHONE', 'SIGWAITING',
  'SIGLWP', 'SIGDANGER', 'SIGGRANT', 'SIGRETRACT', 'SIGMSG', 'SIGSOUND', 'SIGSAK', 'SIGPRIO',
  ...Array.from({ length: 31 }, (_, i) => `SIG${33 + i}`), 'SIGCANCEL', 'SIG32', ...Array.from({ length: 64 }, (_, i) => `SIG${64 + i}`),
  'SIGINFO', 'EXC_BAD_ACCESS', 'EXC_BAD_INSTRUCTION', 'EXC_ARITHMETIC', 'EXC_EMULATION', 'EXC_SOFTWARE', 'EXC_BREAKPOINT', 'SIGLIBRT',
];

/** The whole `info signals` table: gdb's header, a blank line, a row for each of its signals
 * (the ones Linux has as the handle table says; real-time ones past 64 do not exist here). */
export function allSignalRows(table: SignalTable): string[] {
  const rows = GDB_ORDER.map((name) => {
    const gdbOnly = GDB_ONLY[name];
    const rt = /^SIG(\d+)$/.exec(name);
    if (gdbOnly !== undefined || (rt && Number(rt[1]) > 64)) {
      const quiet = quietGdbOnly.has(name);
      return row(name, { stop: !quiet, print: !quiet, pass: true }, gdbOnly ?? `Real-time event ${rt![1]}`);
    }
    const n = rt ? Number(rt[1]) : signalNumber(name)!;
    return row(name, table.action(n), rt ? `Real-time event ${n}` : signalDescription(n));
  });
  return [HEADER, '', ...rows];
}
