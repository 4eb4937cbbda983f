// Source files as the CLI shows them: a cache of lines, and gdb's `list` positioning.
import * as fs from 'fs';
import * as path from 'path';
import type { Program } from '../symbols/Program';
import { UserError } from './events';

export class SourceCache {
  private readonly files = new Map<string, string[] | null>();

  /** `check` gives the warning to show (gdb's) the first time lines of a file are shown. */
  constructor(private readonly check?: (file: string) => string | undefined) {}
  private readonly seen = new Set<string>();

  /** Lines of `file` are about to be shown: the warning to show first, if any. */
  showing(file: string): string | undefined {
    if (this.seen.has(file)) return undefined;
    this.seen.add(file);
    return this.check?.(file);
  }

  /** The lines of a file, or null if it cannot be read. */
  lines(file: string): string[] | null {
    let l = this.files.get(file);
    if (l === undefined) {
      try {
        const text = fs.readFileSync(file, 'utf8');
        l = text.split('\n');
        if (text.endsWith('\n')) l.pop();
      } catch {
        l = null;
      }
      this.files.set(file, l);
    }
    return l;
  }

  /** One line (1-based), or undefined if unavailable. */
  line(file: string, n: number): string | undefined {
    const l = this.lines(file);
    return l && n >= 1 && n <= l.length ? l[n - 1] : undefined;
  }

  private lastVisited?: string;

  /** A line for a stop report. A file that cannot be read is reported once (gdb's
   * "No such file or directory") when it becomes the current file, then shown as `in FILE`. */
  stopLine(file: string, n: number): string | { missing: true; report: boolean } | { text: string; warning: string } {
    const first = file !== this.lastVisited;
    this.lastVisited = file;
    const text = this.line(file, n);
    if (text !== undefined) {
      const warning = this.showing(file);
      return warning ? { text, warning } : text;
    }
    return { missing: true, report: first && this.lines(file) === null };
  }
}

/** The source line a linespec names: LINE or FILE:LINE, FUNCTION or FILE:FUNCTION. */
export function linespecLine(program: Program, spec: string, defaultFile: string | undefined): { file: string; line: number } {
  const m = /^(?:(.+):)?(\d+)$/.exec(spec) ?? undefined;
  const fm = m ? undefined : /^(?:(.+):)?([A-Za-z_]\w*)$/.exec(spec) ?? undefined;
  const fileSpec = m?.[1] ?? fm?.[1];
  const file = fileSpec ? program.findSourceFile(fileSpec) : defaultFile;
  if (fileSpec && !file) throw new UserError(`No source file named ${fileSpec}.`);
  if (m) {
    if (!file) throw new UserError('No symbol table is loaded.  Use the "file" command.');
    return { file, line: parseInt(m[2], 10) };
  }
  const fn = fm && program.functionsByName(fm[2], fileSpec ? file : undefined).find((f) => !f.def.inlined);
  const row = fn && program.rowAt(fn.low);
  if (!fm || !fn) throw new UserError(fileSpec ? `Function "${fm?.[2] ?? spec}" not defined in "${fileSpec}".` : `Function "${spec}" not defined.`);
  if (!row) throw new UserError(`No line number information available for address 0x${fn.low.toString(16)} <${fn.name}>`);
  return { file: row.file, line: row.line };
}

/** gdb's `list ARGS` against the lister's state: `-`, nothing, FIRST,LAST, LINE, FILE:LINE, *ADDR,
 * FUNCTION or FILE:FUNCTION. */
export function listLines(program: Program, lister: Lister, args: string, defaultFile: string | undefined,
  evaluateAddress: (text: string) => bigint): string[] {
  if (args === '-') return lister.back();
  if (args === '') {
    if (lister.hasFile()) return lister.continue();
    // gdb's first listing: main's first line after its prologue, less nine, then centred.
    const main = program.functionsByName('main')[0];
    const row = main && program.rowAt(program.prologueEnd(main, (a, n) => program.readFileImage(a, n)));
    if (!row) return lister.continue();
    const first = Math.max(Math.max(row.line - 9, 1) - 5, 1);
    return lister.span(row.file, first, first + 9);
  }
  const r = /^([^,]*?)\s*,\s*([^,]*)$/.exec(args);
  if (r && (r[1] !== '' || r[2] !== '')) {
    // FIRST,LAST: each a line (in the other's file when it names none) or a function.
    const first = r[1] === '' ? undefined : linespecLine(program, r[1], defaultFile);
    const offset = /^\+(\d+)$/.exec(r[2]);
    const last = r[2] === '' ? undefined : offset && first ? { file: first.file, line: first.line + parseInt(offset[1], 10) }
      : linespecLine(program, r[2], first?.file ?? defaultFile);
    return lister.span((first ?? last)!.file, first?.line, last?.line);
  }
  const m = /^(?:(.*):)?(\d+)$/.exec(args);
  if (m) {
    const file = m[1] ? program.findSourceFile(m[1]) : defaultFile;
    if (!file) throw new UserError(`No source file named ${m[1]}.`);
    return lister.around(file, parseInt(m[2], 10));
  }
  if (args.startsWith('*')) {
    const addr = evaluateAddress(args.slice(1));
    const row = program.rowAt(addr);
    if (!row) throw new UserError(`No line number information available for address 0x${addr.toString(16)}`);
    const fn = program.functionAt(addr);
    const where = `${program.displayName(row.file)}:${row.line}`;
    return [`0x${addr.toString(16)} is ${fn ? `in ${fn.name} (${where})` : `at ${where}`}.`, ...lister.around(row.file, row.line)];
  }
  const inFile = /^(.+):([A-Za-z_]\w*)$/.exec(args);
  if (inFile) {
    const at = linespecLine(program, args, undefined);
    return lister.around(at.file, at.line);
  }
  const named = program.functionsByName(args);
  // A function only ever inlined is listed where its copies start (one listing for one line).
  const outOfLine = named.filter((f) => !f.def.inlined);
  const fns = outOfLine.length ? outOfLine : named;
  if (fns.length === 0) throw new UserError(`Function "${args}" not defined.`);
  const rows = fns.map((f) => program.rowAt(f.low)).filter((r) => r !== undefined)
    .filter((r, i, all) => all.findIndex((o) => o.file === r.file && o.line === r.line) === i);
  if (rows.length === 0) return []; // gdb lists nothing for a function without line information
  if (rows.length === 1) return lister.around(rows[0].file, rows[0].line);
  // Several functions of the name (statics of different files): each listed under a header.
  return rows.flatMap((r) => [`file: "${program.displayName(r.file)}", line number: ${r.line}, symbol: "${args}"`, ...lister.around(r.file, r.line)]);
}

/** gdb's `list` state: where the next plain `list` continues. */
export class Lister {
  private file?: string;
  private nextLine = 1;
  private lastFirst = 1;
  /** The line gdb's argument-less `info line` describes: the stop line, or a listing's first. */
  private shown?: { file: string; line: number };
  constructor(private readonly cache: SourceCache, private readonly display: (file: string) => string = (f) => f,
    private readonly warn: (line: string) => void = () => undefined, public size = 10) {}

  /** How many lines before a centre line a listing starts (gdb: half the list size). */
  private get before(): number { return Math.floor(this.size / 2); }

  private showing(file: string): void {
    const warning = this.cache.showing(file);
    if (warning) this.warn(warning);
  }

  /** Remembers a stop position: the next `list` centres on it. */
  center(file: string | undefined, line: number | undefined): void {
    if (file === undefined || line === undefined) return;
    this.file = file;
    this.nextLine = Math.max(1, line - this.before);
    this.centered = true;
    this.shown = { file, line };
  }
  private centered = false;

  /** Lines around `line` (gdb centres: 5 before, 4 after, for the default size 10). */
  around(file: string, line: number): string[] {
    this.file = file;
    const first = Math.max(1, line - this.before);
    return this.from(first);
  }

  /** `list FIRST,LAST` (either may be missing: ten lines from FIRST, or ending at LAST). */
  span(file: string, first: number | undefined, last: number | undefined): string[] {
    this.file = file;
    const lines = this.cache.lines(file);
    const from = first ?? Math.max(1, last! - this.size + 1);
    if (lines === null) throw new UserError(`${from}\tin ${this.display(file)}`);
    this.showing(file);
    if (from > lines.length) throw new UserError(`Line number ${from} out of range; ${this.display(file)} has ${lines.length} lines.`);
    const to = Math.min(lines.length, last ?? from + this.size - 1);
    this.lastFirst = from;
    this.nextLine = to + 1;
    this.centered = false;
    return this.range(from, to);
  }

  hasFile(): boolean { return this.file !== undefined; }

  /** The last stop line shown, or the first line of the last listing. */
  current(): { file: string; line: number } | undefined { return this.shown; }

  /** A plain `list`: continue after the last listing, or around the stop position. */
  continue(): string[] {
    if (this.file === undefined) throw new UserError('No symbol table is loaded.  Use the "file" command.');
    return this.from(this.nextLine);
  }

  /** `list -`: the ten lines before the last listing. */
  back(): string[] {
    if (this.file === undefined) throw new UserError('No symbol table is loaded.  Use the "file" command.');
    const first = Math.max(1, this.lastFirst - this.size);
    if (this.lastFirst === 1) throw new UserError('Already at the start of ' + this.display(this.file) + '.');
    const out = this.range(first, this.lastFirst - 1);
    this.lastFirst = first;
    return out;
  }

  private from(first: number): string[] {
    const lines = this.cache.lines(this.file!);
    if (lines === null) throw new UserError(`${first}\tin ${this.display(this.file!)}`);
    this.showing(this.file!);
    if (first > lines.length) {
      this.lastFirst = first; // gdb's `list -` then shows the lines before the missing one
      throw new UserError(`Line number ${first} out of range; ${this.display(this.file!)} has ${lines.length} lines.`);
    }
    const last = Math.min(lines.length, first + this.size - 1);
    this.lastFirst = first;
    this.nextLine = last + 1;
    this.centered = false;
    return this.range(first, last);
  }

  private range(first: number, last: number): string[] {
    this.shown = { file: this.file!, line: first };
    const out: string[] = [];
    for (let n = first; n <= last; n++) out.push(`${n}\t${this.cache.line(this.file!, n) ?? ''}`);
    return out;
  }
}

/** `info source`: the current source file (`file`), its unit and how it was compiled. */
export function sourceInfo(program: Program, file: string | undefined, cache: SourceCache): string[] {
  if (!file) return ['No current source file.'];
  const cu = program.compileUnitOf(file);
  const out = [`Current source file is ${program.displayName(file)}`];
  if (cu) out.push(`Compilation directory is ${cu.compDir}`);
  const lines = cache.lines(file);
  if (lines) out.push(`Located in ${path.normalize(file)}`, `Contains ${lines.length} lines.`);
  out.push('Source language is c.');
  if (cu) out.push(`Producer is ${cu.producer}.`, `Compiled with DWARF ${cu.version} debugging format.`, 'Does not include preprocessor macro info.');
  return out;
}
