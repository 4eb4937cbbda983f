// Finds traced or stopped processes (state t or T), to check that nothing is left behind.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export interface ProcInfo { pid: number; ppid: number; state: string; comm: string }

export function tracedProcesses(): ProcInfo[] {
  const out: ProcInfo[] = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
    } catch {
      continue;
    }
    const close = stat.lastIndexOf(')');
    const comm = stat.slice(stat.indexOf('(') + 1, close);
    const fields = stat.slice(close + 2).split(' ');
    const state = fields[0];
    if (state === 't' || state === 'T') out.push({ pid: Number(name), ppid: Number(fields[1]), state, comm });
  }
  return out;
}

/** Polls a condition that the kernel settles asynchronously (a reaped process leaving
 * /proc); fails after `ms`. Used only where no event exists to wait for. */
export async function waitUntil(cond: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not reached in time');
    await new Promise((r) => setImmediate(r));
  }
}

/** The command lines of the running processes that run `prog` (to check none is left). */
export function processesRunning(prog: string): string[] {
  return execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' }).split('\n').filter((l) => l.startsWith(prog));
}

/** A temporary directory for a describe block, removed after it. */
export function scratchDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}
