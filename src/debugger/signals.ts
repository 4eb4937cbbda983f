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

/** Whether a signal stops the program and is reported (gdb's default `handle` table). */
export function signalStops(signo: number): boolean {
  return !quiet.has(signalName(signo));
}
