// gdb's printing of characters and strings: escapes, `'c' <repeats N times>` runs, and the
// `print elements` limit.

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

/** The quoted-and-repeats body of a string of bytes, e.g. `"ab", 'x' <repeats 12 times>`.
 * `truncated` appends gdb's `...` (more characters than were printed). */
export function formatStringBytes(bytes: Buffer | number[], truncated: boolean, limits: StringLimits = defaultLimits): string {
  const len = bytes.length;
  if (len === 0) return truncated ? '""...' : '""';
  const segments: string[] = [];
  let quoted = '';
  let printed = 0;
  let i = 0;
  for (; i < len && printed < limits.printMax; ) {
    let run = 1;
    while (i + run < len && bytes[i + run] === bytes[i]) run++;
    if (run > limits.repeatThreshold) {
      if (quoted) { segments.push(`"${quoted}"`); quoted = ''; }
      segments.push(`'${escapeChar(bytes[i], "'")}' <repeats ${run} times>`);
      i += run;
      printed += limits.repeatThreshold;
    } else {
      quoted += escapeChar(bytes[i], '"');
      i++;
      printed++;
    }
  }
  if (quoted) segments.push(`"${quoted}"`);
  return segments.join(', ') + (truncated || i < len ? '...' : '');
}

/** A C string as `x/s` and `char *` print it (bytes without the terminating NUL). */
export function formatCString(bytes: Buffer | number[], limits: StringLimits = defaultLimits): string {
  return formatStringBytes(bytes, bytes.length >= limits.printMax, limits);
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
