// gdb's printing of characters and strings: escapes, `'c' <repeats N times>` runs, and the
// `print elements` limit; with a UTF-8 host charset (gdb's "auto" in a UTF-8 locale), strings
// decode as UTF-8: printable characters as they are, the rest escaped byte by byte.

export interface StringLimits {
  /** `print repeats` (10): runs longer than this collapse to `'c' <repeats N times>`. */
  repeatThreshold: number;
  /** `print elements` (200). */
  printMax: number;
}
export const defaultLimits: StringLimits = { repeatThreshold: 10, printMax: 200 };

const named: Record<number, string> = { 7: '\\a', 8: '\\b', 12: '\\f', 10: '\\n', 13: '\\r', 9: '\\t', 11: '\\v' };

/** One byte as it appears inside quotes (`quote` is the delimiter that needs escaping). */
export function escapeChar(c: number, quote: string): string {
  const b = c & 0xff;
  if (named[b]) return named[b];
  if (b === 0x5c) return '\\\\';
  if (b === quote.charCodeAt(0)) return `\\${quote}`;
  if (b >= 0x20 && b < 0x7f) return String.fromCharCode(b);
  return `\\${b.toString(8).padStart(3, '0')}`;
}

/** `68 'D'`, `0 '\000'`, `-1 '\377'`: a char value (its integer as typed, then the literal). */
export function formatChar(c: number): string {
  return `${c} '${escapeChar(c, "'")}'`;
}

let hostUtf8 = false;

/** Sets the host charset strings print in: UTF-8, or plain ASCII with octal escapes (gdb in the
 * C locale). Process-wide, as gdb's own. */
export function setHostUtf8(on: boolean): void { hostUtf8 = on; }

/** Whether an environment's locale (LC_ALL, then LC_CTYPE, then LANG) asks for UTF-8, among the
 * locales `available` lists (`locale -a`; C.UTF-8 always is). */
export function localeIsUtf8(env: NodeJS.ProcessEnv, available: () => string[]): boolean {
  const name = env.LC_ALL || env.LC_CTYPE || env.LANG || '';
  if (!/\.utf-?8(@|$)/i.test(name)) return false;
  if (/^C\.utf-?8$/i.test(name)) return true;
  const norm = (n: string): string => n.toLowerCase().replace('utf-8', 'utf8');
  return available().some((l) => norm(l) === norm(name));
}

/** One printed unit of a string: a byte (ASCII, or one that is not UTF-8), a decoded
 * character with its bytes, or the incomplete sequence that ends the string. */
type Unit = { kind: 'byte'; byte: number } | { kind: 'char'; text: string; bytes: number[] } | { kind: 'incomplete'; bytes: number[] };

/** The length of the well-formed UTF-8 sequence at `i` (0: none), or -1 when the bytes from
 * `i` to the end are the start of one. */
function sequenceAt(b: Buffer | number[], i: number): number {
  const c = b[i];
  const [n, lo, hi] = c >= 0xc2 && c <= 0xdf ? [2, 0x80, 0xbf] : c === 0xe0 ? [3, 0xa0, 0xbf] : c === 0xed ? [3, 0x80, 0x9f]
    : c >= 0xe1 && c <= 0xef ? [3, 0x80, 0xbf] : c === 0xf0 ? [4, 0x90, 0xbf] : c === 0xf4 ? [4, 0x80, 0x8f]
      : c >= 0xf1 && c <= 0xf3 ? [4, 0x80, 0xbf] : [0, 0, 0];
  if (n === 0) return 0;
  for (let k = 1; k < n; k++) {
    if (i + k >= b.length) return -1;
    const x = b[i + k];
    if (k === 1 ? x < lo || x > hi : x < 0x80 || x > 0xbf) return 0;
  }
  return n;
}

const printable = /^[^\p{Cc}\p{Cs}\p{Zl}\p{Zp}\p{Cn}]$/u;

function units(bytes: Buffer | number[]): Unit[] {
  const out: Unit[] = [];
  for (let i = 0; i < bytes.length; ) {
    const c = bytes[i];
    const n = c < 0x80 ? 0 : sequenceAt(bytes, i);
    if (n === -1) {
      // gdb loses the character converted just before an incomplete end (iconv's EINVAL
      // comes with it), unless that was a byte it had found invalid.
      const last = out[out.length - 1];
      if (last && (last.kind === 'char' || (last.kind === 'byte' && last.byte < 0x80))) out.pop();
      out.push({ kind: 'incomplete', bytes: [...bytes.slice(i)] });
      break;
    }
    if (n === 0) {
      out.push({ kind: 'byte', byte: c });
      i++;
      continue;
    }
    const seq = [...bytes.slice(i, i + n)];
    out.push({ kind: 'char', text: Buffer.from(seq).toString('utf8'), bytes: seq });
    i += n;
  }
  return out;
}

/** Whether the host shows code point `cp` as it is (a printable character of a UTF-8 host). */
export function hostPrints(cp: number): boolean {
  return hostUtf8 && cp >= 0x80 && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff) && printable.test(String.fromCodePoint(cp));
}

const octal = (bytes: number[]): string => bytes.map((b) => `\\${b.toString(8).padStart(3, '0')}`).join('');

function unitText(u: Unit, quote: string): string {
  if (u.kind === 'byte') return escapeChar(u.byte, quote);
  if (u.kind === 'char') return printable.test(u.text) ? u.text : octal(u.bytes);
  return octal(u.bytes);
}

function sameUnit(a: Unit, b: Unit): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'byte') return a.byte === (b as typeof a).byte;
  return a.kind === 'char' && a.text === (b as typeof a).text;
}

/** The quoted-and-repeats body of a string of bytes, e.g. `"ab", 'x' <repeats 12 times>`.
 * `truncated` appends gdb's `...` (more characters than were printed). */
export function formatStringBytes(bytes: Buffer | number[], truncated: boolean, limits: StringLimits = defaultLimits): string {
  const list: Unit[] = hostUtf8 ? units(bytes) : [...bytes].map((byte) => ({ kind: 'byte', byte }));
  return formatRuns(list, truncated, limits, '', sameUnit, unitText, (u) => (u.kind === 'incomplete' ? `<incomplete sequence ${octal(u.bytes)}>` : undefined));
}

/**
 * gdb's segments of a string of characters: quoted runs (`prefix"ab"`), runs longer than the
 * repeat threshold as `prefix'x' <repeats N times>` (counted as that many elements), and what
 * `alone` makes a segment of its own; `...` where the elements limit or `truncated` cut it.
 */
export function formatRuns<T>(list: T[], truncated: boolean, limits: StringLimits, prefix: string, same: (a: T, b: T) => boolean,
  text: (u: T, quote: string) => string, alone?: (u: T) => string | undefined): string {
  const len = list.length;
  if (len === 0) return truncated ? `${prefix}""...` : `${prefix}""`;
  const segments: string[] = [];
  let quoted = '';
  let printed = 0;
  let i = 0;
  const flush = (): void => {
    if (quoted) segments.push(`${prefix}"${quoted}"`);
    quoted = '';
  };
  for (; i < len && printed < limits.printMax; ) {
    const u = list[i];
    const own = alone?.(u);
    if (own !== undefined) {
      flush();
      segments.push(own);
      i++;
      continue;
    }
    let run = 1;
    while (i + run < len && same(list[i + run], u)) run++;
    if (run > limits.repeatThreshold) {
      flush();
      segments.push(`${prefix}'${text(u, "'")}' <repeats ${run} times>`);
      i += run;
      printed += limits.repeatThreshold;
    } else {
      quoted += text(u, '"');
      i++;
      printed++;
    }
  }
  flush();
  return segments.join(', ') + (truncated || i < len ? '...' : '');
}

/** A C string as `x/s` and `char *` print it (bytes without the terminating NUL). */
export function formatCString(bytes: Buffer | number[], limits: StringLimits = defaultLimits, truncated = bytes.length >= limits.printMax): string {
  return formatStringBytes(bytes, truncated, limits);
}

/** A char array: gdb drops one trailing NUL, then prints the rest with runs and escapes;
 * with `nullStop` (`set print null-stop on`) it ends at the first NUL among `printMax` bytes. */
export function formatCharArray(bytes: Buffer, limits: StringLimits = defaultLimits, nullStop = false): string {
  let len = bytes.length;
  if (nullStop) {
    let n = 0;
    while (n < len && n < limits.printMax && bytes[n] !== 0) n++;
    // gdb's ellipsis when the limit, not a NUL, ended the text and more characters follow.
    const more = n === limits.printMax && n < len && bytes[n] !== 0;
    return formatStringBytes(bytes.subarray(0, n), more, limits);
  }
  if (len > 0 && bytes[len - 1] === 0) len--;
  const shown = bytes.subarray(0, len);
  return formatStringBytes(shown, false, limits);
}
