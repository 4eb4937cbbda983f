// The modules of a program placed in its address space: the executable first, then the libraries
// its mappings show, each at its load bias; libraries stay open while unmapped (moduleCache.ts).
import { Module } from './Module';
import { ModuleCache } from './moduleCache';
import type { ElfSegment } from './native';
import { loadBias, realPath, type MappingLike } from './placement';

/** A module placed in the address space: runtime address = file address + bias. */
export interface LoadedModule { module: Module; path: string; bias: bigint; low: bigint; high: bigint }

function place(module: Module, file: string, bias: bigint): LoadedModule {
  const segs = module.loadSegments();
  const low = segs.length ? segs.reduce((m, s) => (s.vaddr < m ? s.vaddr : m), segs[0].vaddr) : 0n;
  const high = segs.reduce((m, s) => (s.vaddr + s.memsz > m ? s.vaddr + s.memsz : m), 0n);
  return { module, path: file, bias, low: low + bias, high: high + bias };
}

export class ModuleList {
  private readonly loaded: LoadedModule[] = [];
  /** The libraries' modules, open while they are unmapped too (see moduleCache.ts). */
  private readonly libraries = new ModuleCache();

  /** Opens the executable at bias 0 (file addresses) until its mappings are reported. */
  constructor(main: string) { this.loaded.push(place(Module.open(main), main, 0n)); }

  get main(): LoadedModule { return this.loaded[0]; }
  get all(): readonly LoadedModule[] { return this.loaded; }

  close(): void {
    this.main.module.close();
    this.loaded.length = 0;
    this.libraries.close();
  }

  /** Adds (or re-biases) a module. The main executable keeps its Module and gets the new bias. */
  add(file: string, bias: bigint): LoadedModule {
    const i = this.loaded.findIndex((m) => m.path === file);
    if (i >= 0 && this.loaded[i].bias === bias) return this.loaded[i];
    const module = i >= 0 ? this.loaded[i].module : this.libraries.open(file);
    const lm = place(module, file, bias);
    if (i >= 0) this.loaded[i] = lm; else this.loaded.push(lm);
    return lm;
  }

  /** Re-reads the list from the process's mappings: each ELF file mapped gets its bias;
   * libraries no longer mapped are dropped. Non-file mappings ([vdso], [stack]) are ignored. */
  update(maps: MappingLike[]): void {
    const first = new Map<string, MappingLike>();
    for (const m of maps) {
      const p = m.path ?? m.pathname;
      if (!p || !p.startsWith('/')) continue;
      const prev = first.get(p);
      if (!prev || m.start < prev.start) first.set(p, m);
    }
    const mainPath = this.main.path;
    const mainReal = realPath(mainPath);
    for (const [p, m] of first) {
      // The maps name the executable by its real path (/usr/bin/x for /bin/x).
      const isMain = p === mainPath || realPath(p) === mainReal;
      const known = isMain ? this.main : this.loaded.find((l) => l.path === p);
      let segments: ElfSegment[];
      try {
        segments = known ? known.module.info.segments : this.libraries.open(p).info.segments;
      } catch {
        continue;  // not an ELF file (a mapped data file)
      }
      const bias = loadBias(segments, m.start, m.offset);
      if (bias === undefined) continue;
      this.add(known === this.main ? mainPath : p, bias);
    }
    for (let i = this.loaded.length - 1; i > 0; i--) {
      if (!first.has(this.loaded[i].path)) this.loaded.splice(i, 1);
    }
  }

  /** The module whose loaded segments contain a runtime address. */
  at(addr: bigint): LoadedModule | undefined {
    return this.loaded.find((m) => m.low <= addr && addr < m.high);
  }
}
