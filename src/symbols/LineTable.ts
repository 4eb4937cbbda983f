// One module's line table in file addresses, loaded per compile unit on first use, with gdb's
// rules for "which row holds this pc" and "where does a breakpoint on FILE:LINE go".
import * as path from 'path';
import type { CompileUnit, ElfHandle, LineRow } from './native';

/** A line-table row with its extent: [start, end) runs to the next row at a higher address. */
export interface RowRange {
  file: string; line: number; column: number; start: bigint; end: bigint; isStmt: boolean;
}

interface CuLines { cu: CompileUnit; rows: LineRow[] }

/** Whether `file` (absolute path from DWARF) is what the user meant by `spec`: same path,
 * same basename, or a path suffix at a directory boundary (gdb's rule). */
export function fileMatches(file: string, spec: string): boolean {
  if (file === spec) return true;
  if (!spec.includes('/')) return path.basename(file) === spec;
  const norm = path.normalize(spec);
  return file === norm || file.endsWith(norm.startsWith('/') ? norm : `/${norm}`);
}

/**
 * The rows gdb keeps (dwarf_record_line_p): a row repeating the previous row's file and line is
 * dropped when that line has had a non-zero discriminator (loop headers), so the previous row
 * extends over it; other repeats are kept. End-of-sequence rows are always kept.
 */
export function gdbRows(rows: LineRow[]): LineRow[] {
  const out: LineRow[] = [];
  let prev: LineRow | undefined;
  let discriminated = false;
  for (const r of rows) {
    const sameLine = prev !== undefined && !prev.endSequence && prev.file === r.file && prev.line === r.line;
    discriminated = sameLine ? discriminated || r.discriminator !== 0 : r.discriminator !== 0;
    if (r.endSequence || !sameLine || !discriminated) out.push(r);
    prev = r;
  }
  return out;
}

export class LineTable {
  private readonly loaded = new Map<number, CuLines>();
  /** Every CU range, sorted by start, for binary search (libc has thousands). */
  private readonly ranges: Array<{ lo: bigint; hi: bigint; cu: CompileUnit }>;

  constructor(private readonly handle: ElfHandle, private readonly cus: CompileUnit[]) {
    this.ranges = cus.flatMap((cu) => cu.ranges.filter(([lo, hi]) => hi > lo).map(([lo, hi]) => ({ lo, hi, cu })))
      .sort((a, b) => (a.lo < b.lo ? -1 : a.lo > b.lo ? 1 : 0));
  }

  /** The compile unit whose ranges cover a file address. */
  cuAt(addr: bigint): CompileUnit | undefined {
    let lo = 0, hi = this.ranges.length - 1, found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.ranges[mid].lo <= addr) { found = mid; lo = mid + 1; } else hi = mid - 1;
    }
    // Ranges may nest or overlap slightly (partial units); look back a few for a cover.
    for (let i = found; i >= 0 && i > found - 8; i--) {
      const r = this.ranges[i];
      if (r.lo <= addr && addr < r.hi) return r.cu;
    }
    return undefined;
  }

  private lines(cu: CompileUnit): CuLines {
    let l = this.loaded.get(cu.offset);
    if (!l) {
      l = { cu, rows: gdbRows(absoluteRows(cu, this.handle.lineTable(cu.offset))) };
      this.loaded.set(cu.offset, l);
    }
    return l;
  }

  /** All rows of CUs whose file list mentions a file matching spec (or all CUs). */
  private rowsFor(spec?: string): LineRow[][] {
    return this.cus.filter((cu) => !spec || cu.files.some((f) => fileMatches(f, spec))).map((cu) => this.lines(cu).rows);
  }

  /** The row containing a file address, as gdb's find_pc_line picks it; undefined without line info. */
  rowAt(addr: bigint): RowRange | undefined {
    const cu = this.cuAt(addr);
    const candidates = cu ? [this.lines(cu).rows] : [];
    for (const rows of candidates) {
      // Last row at or below addr.
      let lo = 0, hi = rows.length - 1, idx = -1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (rows[mid].address <= addr) { idx = mid; lo = mid + 1; } else hi = mid - 1;
      }
      if (idx < 0 || rows[idx].endSequence) continue;
      // Of several rows at one address gdb prefers a statement row.
      let best = idx;
      for (let j = idx; j >= 0 && rows[j].address === rows[idx].address; j--) {
        if (rows[j].isStmt) { best = j; break; }
      }
      let k = idx + 1;
      while (k < rows.length && rows[k].address === rows[idx].address) k++;
      if (k >= rows.length) continue;
      const r = rows[best];
      if (r.line === 0) return undefined;
      return { file: r.file, line: r.line, column: r.column, start: r.address, end: rows[k].address, isStmt: r.isStmt };
    }
    return undefined;
  }

  /** Whether addr is the start of an is_stmt row. */
  isStatementStart(addr: bigint): boolean {
    const r = this.rowAt(addr);
    return r !== undefined && r.start === addr && r.isStmt;
  }

  /** All [start, end) ranges of rows for this file and exact line. */
  lineRanges(file: string, line: number): Array<[bigint, bigint]> {
    const out: Array<[bigint, bigint]> = [];
    for (const rows of this.rowsFor(file)) {
      for (let i = 0; i + 1 < rows.length; i++) {
        const r = rows[i];
        if (r.endSequence || r.line !== line || !fileMatches(r.file, file)) continue;
        let k = i + 1;
        while (k < rows.length && rows[k].address === r.address) k++;
        if (k < rows.length && rows[k].address > r.address) out.push([r.address, rows[k].address]);
      }
    }
    return out;
  }

  /**
   * is_stmt rows for FILE:LINE, or, when the line has none, for the smallest later line that
   * has some (gdb's "best" line). Returns the chosen line's rows in address order.
   */
  statementRows(file: string, line: number): LineRow[] {
    const exact: LineRow[] = [];
    let bestLine = Infinity;
    for (const rows of this.rowsFor(file)) {
      for (let i = 0; i < rows.length; i++) {
        const r = rows[i];
        if (r.endSequence || !r.isStmt || !fileMatches(r.file, file)) continue;
        if (r.line === line) exact.push(r);
        else if (r.line > line && r.line < bestLine) bestLine = r.line;
      }
    }
    if (exact.length || bestLine === Infinity) return exact.sort((a, b) => (a.address < b.address ? -1 : 1));
    return this.statementRows(file, bestLine);
  }

  /** Source files named in the line tables (absolute where DWARF knows the directory). */
  files(): string[] {
    const s = new Set<string>();
    for (const cu of this.cus) for (const f of cu.files) if (f && !f.endsWith('<built-in>')) s.add(f);
    return [...s];
  }

  /** The first prologue_end row in [low, high) (clang and newer gcc emit them). */
  prologueEndMarker(low: bigint, high: bigint): bigint | undefined {
    const cu = this.cuAt(low);
    if (!cu) return undefined;
    return this.lines(cu).rows.find((r) => r.prologueEnd && !r.endSequence && r.address >= low && r.address < high)?.address;
  }

  /** Rows of one CU (for tests and tools). */
  rowsOf(cu: CompileUnit): LineRow[] { return this.lines(cu).rows; }
}

/** Row file names relative to an absolute compilation directory, made absolute (as Module does
 * for the unit's file list). */
function absoluteRows(cu: CompileUnit, rows: LineRow[]): LineRow[] {
  if (!path.isAbsolute(cu.compDir)) return rows;
  const abs = new Map<string, string>();
  for (const r of rows) {
    if (path.isAbsolute(r.file)) continue;
    let f = abs.get(r.file);
    if (f === undefined) abs.set(r.file, f = path.normalize(path.join(cu.compDir, r.file)));
    r.file = f;
  }
  return rows;
}
