// Gathers what a core file of a stopped traced process holds: every thread's registers and
// extended state, the mappings and memory (our breakpoints hidden), what /proc tells of it, and
// rdb's own notes for a restart (imageFacts.ts).
import * as fs from 'fs';
import { tracer } from './native';
import { readMaps, type Mapping } from './maps';
import type { CoreSource } from './coreFile';
import type { Process } from './Process';
import { encodeImageNotes, RDB_NOTE } from './imageNotes';
import { imageNotesOf } from './imageFacts';

function procText(pid: number, name: string): string {
  try {
    return fs.readFileSync(`/proc/${pid}/${name}`, 'latin1');
  } catch {
    return '';
  }
}

/** The starts of the mappings smaps shows with anonymous (written, copy-on-write) pages. */
function writtenMappings(smaps: string): Set<bigint> {
  const out = new Set<bigint>();
  let start: bigint | undefined;
  for (const line of smaps.split('\n')) {
    const head = /^([0-9a-f]+)-[0-9a-f]+ /.exec(line);
    if (head) start = BigInt(`0x${head[1]}`);
    else if (start !== undefined && /^Anonymous:\s+[1-9]/.test(line)) out.add(start);
  }
  return out;
}

/** The core of `proc` as it stands (stopped), the selected thread first; `signal` is the signal
 * it stopped with (0: none) and `siginfo` that signal's siginfo_t. */
export function coreSourceOf(proc: Process, signal: number, siginfo?: Buffer, maps?: Mapping[]): CoreSource {
  const pid = proc.memoryPid;
  const t = tracer();
  const tids = proc.threads().map((x) => x.tid);
  const ordered = [proc.tid, ...tids.filter((x) => x !== proc.tid)];
  const threads = ordered.map((tid) => ({ tid, regs: tid === proc.tid ? { ...proc.regs() } : t.getRegs(tid), xstate: t.getXState(tid) }));
  // stat: pid (comm) state ppid pgrp session ...; comm may hold spaces and parentheses.
  const stat = procText(pid, 'stat');
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const status = procText(pid, 'status');
  const idOf = (field: string): number => Number(new RegExp(`^${field}:\\s*(\\d+)`, 'm').exec(status)?.[1] ?? 0);
  const mapped = maps ?? readMaps(pid);
  const ours = imageNotesOf(proc, mapped);
  return {
    threads,
    maps: mapped,
    written: writtenMappings(procText(pid, 'smaps')),
    read: (addr, len) => proc.readMemory(addr, len),
    readInto: (addr, buf) => proc.readMemoryInto(addr, buf),
    signal,
    siginfo,
    auxv: fs.readFileSync(`/proc/${pid}/auxv`),
    ids: { pid: proc.pid, ppid: Number(rest[1] ?? 0), pgrp: Number(rest[2] ?? 0), sid: Number(rest[3] ?? 0), uid: idOf('Uid'), gid: idOf('Gid') },
    fname: procText(pid, 'comm').trim(),
    args: procText(pid, 'cmdline').split('\0').filter(Boolean).join(' '),
    state: rest[0] ?? 'R',
    vendorNotes: ours ? encodeImageNotes(ours).map((n) => ({ name: RDB_NOTE, ...n })) : [],
  };
}
