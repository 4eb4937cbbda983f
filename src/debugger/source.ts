// Source files as the CLI shows them: a cache of lines, and gdb's `list` positioning.
import * as fs from 'fs';
import { UserError } from './events';

export class SourceCache {
  private readonly files = new Map<string, string[] | null>();

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
  stopLine(file: string, n: number): string | { missing: true; report: boolean } {
    const first = file !== this.lastVisited;
    this.lastVisited = file;
    const text = this.line(file, n);
    if (text !== undefined) return text;
    return { missing: true, report: first && this.lines(file) === null };
  }
}

/** gdb's `list` state: where the next plain `list` continues. */
export class Lister {
  private file?: string;
  private nextLine = 1;
  private lastFirst = 1;
  /** The line gdb's argument-less `info line` describes: the stop line, or a listing's first. */
  private shown?: { file: string; line: number };
  constructor(private readonly cache: SourceCache, private readonly display: (file: string) => string = (f) => f, private readonly size = 10) {}

  /** Remembers a stop position: the next `list` centres on it. */
  center(file: string | undefined, line: number | undefined): void {
    if (file === undefined || line === undefined) return;
    this.file = file;
    this.nextLine = Math.max(1, line - 5);
    this.centered = true;
    this.shown = { file, line };
  }
  private centered = false;

  /** Lines around `line` (gdb centres: 5 before, 4 after). */
  around(file: string, line: number): string[] {
    this.file = file;
    const first = Math.max(1, line - 5);
    return this.from(first);
  }

  /** `list FIRST,LAST` (either may be missing: ten lines from FIRST, or ending at LAST). */
  span(file: string, first: number | undefined, last: number | undefined): string[] {
    this.file = file;
    const lines = this.cache.lines(file);
    const from = first ?? Math.max(1, last! - this.size + 1);
    if (lines === null) throw new UserError(`${from}\tin ${this.display(file)}`);
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
