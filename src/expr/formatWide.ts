// gdb's printing of wide characters and strings: wchar_t (L'x', L"..."), char16_t (u) and
// char32_t (U), known by their typedef names; code points the host cannot show are escaped,
// octal up to 0xff and hex beyond (`L"\351 \x20ac"` in the C locale).
import type { Type } from '../symbols/types';
import { escapeChar, formatRuns, hostPrints, type StringLimits } from './formatChars';

const PREFIXES: Record<string, string> = { wchar_t: 'L', char16_t: 'u', char32_t: 'U' };

/** The literal prefix of a wide character type (through qualifiers and typedefs), if it is one. */
export function widePrefix(t: Type): string | undefined {
  let cur: Type = t;
  for (;;) {
    if (cur.kind === 'typedef') {
      const p = PREFIXES[cur.name];
      if (p) return isWideBase(cur.target) ? p : undefined;
      cur = cur.target;
    } else if (cur.kind === 'const' || cur.kind === 'volatile' || cur.kind === 'restrict') {
      cur = cur.target;
    } else {
      return undefined;
    }
  }
}

function isWideBase(t: Type): boolean {
  let cur = t;
  while (cur.kind === 'typedef' || cur.kind === 'const' || cur.kind === 'volatile') cur = cur.target;
  return cur.kind === 'base' && (cur.size === 2 || cur.size === 4) && cur.encoding !== 'float' && cur.encoding !== 'complex_float';
}

/** One wide character inside quotes. */
export function escapeWide(unit: number, quote: string): string {
  const cp = unit >>> 0;
  if (cp < 0x80) return escapeChar(cp, quote);
  if (hostPrints(cp)) return String.fromCodePoint(cp);
  return cp <= 0xff ? `\\${cp.toString(8).padStart(3, '0')}` : `\\x${cp.toString(16)}`;
}

/** `120 L'x'`: a wide char value (its integer as typed, then the literal). */
export function formatWideChar(value: bigint, unit: number, prefix: string): string {
  return `${value} ${prefix}'${escapeWide(unit, "'")}'`;
}

/** The quoted-and-repeats body of a wide string (code units, unsigned), e.g. `L"ab", L'x'
 * <repeats 12 times>`; `truncated` appends `...`. */
export function formatWideString(units: number[], truncated: boolean, limits: StringLimits, prefix: string): string {
  return formatRuns(units, truncated, limits, prefix, (a, b) => a === b, escapeWide);
}
