// Finds traced or stopped processes (state t or T), to check that nothing is left behind.
import * as fs from 'fs';

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
