// Placing a module in a process's address space: its load bias from a mapping of its file.
import * as fs from 'fs';
import * as path from 'path';
import type { ElfSegment } from './native';

const PT_LOAD = 1;

/** One line of /proc/PID/maps, as far as bias computation needs it. */
export interface MappingLike { start: bigint; offset: bigint; path?: string; pathname?: string }

/**
 * The load bias of a module given one of its file mappings: a PT_LOAD with (p_offset, p_vaddr)
 * maps file offset `off` to p_vaddr + (off - p_offset) + bias, and the kernel maps whole pages,
 * so for a mapping starting at `start` with file offset `off` inside a PT_LOAD's page-aligned
 * file range, bias = start - off - (p_vaddr - p_offset). For a PIE's first mapping (offset 0,
 * first PT_LOAD at vaddr 0) this is just the mapping's start.
 */
export function loadBias(segments: ElfSegment[], start: bigint, offset: bigint): bigint | undefined {
  const page = 0x1000n;
  for (const s of segments) {
    if (s.type !== PT_LOAD) continue;
    const fileLow = s.offset & ~(page - 1n);
    if (offset >= fileLow && offset <= s.offset + s.filesz) return start - offset - (s.vaddr - s.offset);
  }
  return undefined;
}

/** A file's real path (the maps name the executable by it), or the path resolved. */
export function realPath(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return path.resolve(p);
  }
}
