// Parses /proc/PID/maps into typed mappings: the address space as the kernel reports it.
import * as fs from 'fs';

export interface Mapping {
  start: bigint;
  /** One past the last byte. */
  end: bigint;
  /** The four permission characters, e.g. 'r-xp'. */
  perms: string;
  readable: boolean;
  writable: boolean;
  executable: boolean;
  /** Private (copy-on-write) rather than shared. */
  private: boolean;
  /** Offset in the mapped file. */
  offset: bigint;
  dev: string;
  inode: number;
  /** The file, or a pseudo-name such as '[heap]', '[stack]', '[vdso]'; undefined if anonymous. */
  path?: string;
  /** The kernel appended ' (deleted)': the mapped file was removed or replaced. */
  deleted: boolean;
}

const LINE = /^([0-9a-f]+)-([0-9a-f]+) ([r-][w-][x-][ps]) ([0-9a-f]+) ([0-9a-f]+:[0-9a-f]+) (\d+)\s*(.*)$/;

/** Parses the text of a maps file; throws on a line it does not understand. */
export function parseMaps(text: string): Mapping[] {
  const out: Mapping[] = [];
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const m = LINE.exec(line);
    if (!m) throw new Error(`unexpected line in /proc/PID/maps: ${JSON.stringify(line)}`);
    let path: string | undefined = m[7] === '' ? undefined : m[7];
    let deleted = false;
    if (path?.endsWith(' (deleted)')) {
      deleted = true;
      path = path.slice(0, -' (deleted)'.length);
    }
    const perms = m[3];
    out.push({
      start: BigInt(`0x${m[1]}`), end: BigInt(`0x${m[2]}`), perms,
      readable: perms[0] === 'r', writable: perms[1] === 'w', executable: perms[2] === 'x', private: perms[3] === 'p',
      offset: BigInt(`0x${m[4]}`), dev: m[5], inode: Number(m[6]), path, deleted,
    });
  }
  return out;
}

/** The mappings of a live process. */
export function readMaps(pid: number): Mapping[] {
  return parseMaps(fs.readFileSync(`/proc/${pid}/maps`, 'utf8'));
}

/** The mapping containing `addr`, if any. */
export function mappingAt(maps: Mapping[], addr: bigint): Mapping | undefined {
  return maps.find((m) => addr >= m.start && addr < m.end);
}

/** Memory a process really holds, from /proc/PID/smaps_rollup: its proportional share of the
 * pages it maps (Pss) and the dirty pages only it maps; 0s if it is gone. */
export function memoryUse(pid: number): { pss: number; privateDirty: number } {
  let text: string;
  try {
    text = fs.readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
  } catch {
    return { pss: 0, privateDirty: 0 };
  }
  const kb = (name: string): number => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? 0) * 1024;
  return { pss: kb('Pss'), privateDirty: kb('Private_Dirty') };
}

/** The machine's memory, from /proc/meminfo (bytes). */
export function totalMemory(): number {
  const m = /^MemTotal:\s+(\d+) kB/m.exec(fs.readFileSync('/proc/meminfo', 'utf8'));
  return m ? Number(m[1]) * 1024 : 8 * 1024 ** 3;
}
