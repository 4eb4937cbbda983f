// Modules kept open across a program's library list changes: a replay from before a library was
// loaded unmaps it and maps it again, and reading its ELF and DWARF each time costs more than the
// replay. A file changed on disk (another inode, size or time) is opened anew.
import * as fs from 'fs';
import { Module } from './Module';

interface Kept { module: Module; stamp: string }

function stampOf(file: string): string {
  const st = fs.statSync(file);
  return `${st.dev}:${st.ino}:${st.size}:${st.mtimeMs}`;
}

export class ModuleCache {
  private readonly kept = new Map<string, Kept>();

  /** The module of `file`: the one kept, if the file is unchanged, else opened now (and kept). */
  open(file: string): Module {
    const stamp = stampOf(file);
    const k = this.kept.get(file);
    if (k && k.stamp === stamp) return k.module;
    if (k) k.module.close();
    this.kept.delete(file);
    const module = Module.open(file);
    this.kept.set(file, { module, stamp });
    return module;
  }

  /** Closes every module kept. */
  close(): void {
    for (const k of this.kept.values()) k.module.close();
    this.kept.clear();
  }
}
