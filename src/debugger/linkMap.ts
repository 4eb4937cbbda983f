// The dynamic linker's list of loaded objects (r_debug.r_map), read from the program's memory:
// gdb names a library by its link-map name (/lib/x86_64-linux-gnu/libc.so.6), where the
// process's mappings show the real path (/usr/lib/...).
import * as fs from 'fs';
import type { LoadedModule } from '../symbols/moduleList';
import type { Program } from '../symbols/Program';

const DT_DEBUG = 21n;

/** The link-map name of the object loaded at `bias`, or undefined if it cannot be read. */
export function linkMapName(program: Program, bias: bigint, read: (address: bigint, length: number) => Buffer): string | undefined {
  try {
    const word = (a: bigint): bigint => read(a, 8).readBigUInt64LE(0);
    const dynamic = program.main.module.sectionAddress('.dynamic');
    if (dynamic === undefined) return undefined;
    let rDebug = 0n;
    for (let a = dynamic + program.main.bias; ; a += 16n) {
      const tag = word(a);
      if (tag === 0n) break;
      if (tag === DT_DEBUG) { rDebug = word(a + 8n); break; }
    }
    // struct link_map: l_addr, l_name, l_ld, l_next.
    for (let map = rDebug ? word(rDebug + 8n) : 0n; map !== 0n; map = word(map + 24n)) {
      if (word(map) !== bias) continue;
      const name = read(word(map + 8n), 256);
      const end = name.indexOf(0);
      const text = name.subarray(0, end < 0 ? name.length : end).toString();
      if (text) return text;
    }
  } catch {
    // memory unreadable (the program is gone): no name
  }
  return undefined;
}

const PT_INTERP = 3;

/** gdb's name of a loaded object: its link-map name, the program's interpreter as PT_INTERP
 * names it before the link map exists (/lib64/ld-linux-x86-64.so.2 at the first instruction),
 * else the path the mappings show. */
export function loadedObjectName(program: Program, lm: LoadedModule, read: (address: bigint, length: number) => Buffer): string {
  const linked = linkMapName(program, lm.bias, read);
  if (linked) return linked;
  const interp = program.main.module.info.segments.find((s) => s.type === PT_INTERP);
  if (interp && interp.filesz > 1n && interp.filesz < 4096n) {
    try {
      const name = program.main.module.readImage(interp.vaddr, Number(interp.filesz) - 1).toString();
      if (fs.realpathSync(name) === fs.realpathSync(lm.path)) return name;
    } catch {
      // no such file here: the mappings' path
    }
  }
  return lm.path;
}
