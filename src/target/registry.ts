// Every live traced process of this node process, killed when node exits so none outlives us.
// (PTRACE_O_EXITKILL covers a crash or SIGKILL of node; this covers a normal exit early.)

/** What the registry needs from a process. */
export interface Killable {
  readonly pid: number;
}

const live = new Set<Killable>();
let hooked = false;

function killAll(): void {
  for (const p of live) {
    try {
      process.kill(p.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  live.clear();
}

export function register(p: Killable): void {
  if (!hooked) {
    hooked = true;
    process.on('exit', killAll);
  }
  live.add(p);
}

export function unregister(p: Killable): void {
  live.delete(p);
}

/** The processes not yet known to be gone (for tests and diagnostics). */
export function liveProcesses(): Killable[] {
  return [...live];
}
