// Tokens of gdb's C expression language (chevrotain lexer) and the decoding of literals.
import { createToken, Lexer, type TokenType } from 'chevrotain';

export const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /\s+/, group: Lexer.SKIPPED });
export const Identifier = createToken({ name: 'Identifier', pattern: /[A-Za-z_][A-Za-z0-9_]*/ });
export const FloatLit = createToken({
  name: 'FloatLit',
  pattern: /(?:\d+\.\d*|\.\d+)(?:[eE][+-]?\d+)?[fFlL]?|\d+[eE][+-]?\d+[fFlL]?/,
});
export const IntLit = createToken({ name: 'IntLit', pattern: /0[xX][0-9a-fA-F]+[uUlL]*|0[bB][01]+[uUlL]*|\d+[uUlL]*/ });
export const CharLit = createToken({ name: 'CharLit', pattern: /'(?:\\[0-7]{1,3}|\\x[0-9a-fA-F]+|\\.|[^'\\])'/ });
/** gdb's quoted names: `'file.c'::var`, `'weird name'`. */
export const QuotedName = createToken({ name: 'QuotedName', pattern: /'[^'\\\n]{2,}'/ });
export const StringLit = createToken({ name: 'StringLit', pattern: /"(?:\\.|[^"\\])*"/ });
export const Dollar = createToken({ name: 'Dollar', pattern: /\$[A-Za-z0-9_$]*/ });

const keywordNames = ['sizeof', 'struct', 'union', 'enum', 'unsigned', 'signed', 'const', 'volatile',
  'int', 'char', 'short', 'long', 'float', 'double', 'void', '_Bool'] as const;
export type Keyword = typeof keywordNames[number];
export const KW = {} as Record<Keyword, TokenType>;
for (const k of keywordNames) {
  KW[k] = createToken({ name: `KW_${k}`, pattern: new RegExp(`${k}\\b`), longer_alt: Identifier });
}
/** Keywords that may begin a type name. */
export const typeKeywords = new Set<TokenType>(keywordNames.filter((k) => k !== 'sizeof').map((k) => KW[k]));
/** Keywords of the base type specifiers ('unsigned long int' ...). */
export const baseTypeWords = new Set<string>(['unsigned', 'signed', 'int', 'char', 'short', 'long', 'float', 'double', 'void', '_Bool']);

const punctuators = ['...', '<<=', '>>=', '::', '->', '++', '--', '<<', '>>', '<=', '>=', '==', '!=', '&&', '||', '+=', '-=', '*=',
  '/=', '%=', '&=', '^=', '|=', '+', '-', '*', '/', '%', '<', '>', '=', '!', '~', '&', '^', '|', '?', ':', ',', '.',
  '[', ']', '(', ')', '@', '{', '}'] as const;
export type Punct = typeof punctuators[number];
export const P = {} as Record<Punct, TokenType>;
for (const p of punctuators) {
  P[p] = createToken({ name: `P_${p}`, pattern: new RegExp(p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) });
}
export const compoundAssign: Punct[] = ['=', '+=', '-=', '*=', '/=', '%=', '&=', '^=', '|=', '<<=', '>>='];

export const allTokens: TokenType[] = [WhiteSpace, FloatLit, IntLit, CharLit, QuotedName, StringLit, Dollar,
  ...keywordNames.map((k) => KW[k]), Identifier, ...punctuators.map((p) => P[p])];

export const cLexer = new Lexer(allTokens, { positionTracking: 'onlyOffset', ensureOptimizations: false });

const simpleEscapes: Record<string, number> = { n: 10, t: 9, r: 13, a: 7, b: 8, f: 12, v: 11, e: 27 };

/** Decodes the body of a char or string literal (without quotes) into bytes. */
export function decodeEscapes(body: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch !== '\\') { out.push(...Buffer.from(ch, 'utf8')); continue; }
    const next = body[++i];
    if (next === undefined) break;
    if (next in simpleEscapes) { out.push(simpleEscapes[next]); continue; }
    if (/[0-7]/.test(next)) {
      let digits = next;
      while (digits.length < 3 && /[0-7]/.test(body[i + 1] ?? '')) digits += body[++i];
      out.push(parseInt(digits, 8) & 0xff);
      continue;
    }
    if (next === 'x') {
      let digits = '';
      while (/[0-9a-fA-F]/.test(body[i + 1] ?? '')) digits += body[++i];
      out.push(parseInt(digits || '0', 16) & 0xff);
      continue;
    }
    out.push(next.charCodeAt(0));
  }
  return out;
}

/** C's typing of an integer literal: int, long, or their unsigned forms by value, base and suffix. */
/** gdb's lexer error for an integer literal it cannot read (`08`: 8 is no octal digit). */
export function invalidInt(image: string): string | undefined {
  return /^0\d*[89]/.test(image) ? `Invalid number "${image}".` : undefined;
}

export function decodeInt(image: string): { value: bigint; unsigned: boolean; long: boolean; longLong?: boolean } {
  const m = /^(.*?)([uUlL]*)$/.exec(image)!;
  const digits = m[1];
  const suffix = m[2].toLowerCase();
  const value = wrappedValue(digits);
  let unsigned = suffix.includes('u');
  let long = suffix.includes('l');
  const decimal = !/^0/.test(digits) || digits === '0';
  if (!long && value > (unsigned ? 0xffffffffn : 0x7fffffffn)) {
    if (!unsigned && !decimal && value <= 0xffffffffn) unsigned = true;
    else long = true;
  }
  if (long && !unsigned && value > 0x7fffffffffffffffn) unsigned = true;
  const longLong = suffix.includes('ll') || undefined;
  return { value, unsigned, long, ...(longLong ? { longLong } : {}) };
}

/** The literal's value as gdb reads it: digit by digit in 64 bits, with overflow noticed only
 * when a digit leaves the value no larger than before (then 2^64, which evaluating reports as
 * "Numeric constant too large."; a wrap that grows the value goes unnoticed, as in gdb). */
function wrappedValue(digits: string): bigint {
  const prefixed = /^0[xXbB]/.test(digits);
  const base = prefixed ? (/^0[bB]/.test(digits) ? 2n : 16n) : digits.length > 1 && digits[0] === '0' ? 8n : 10n;
  let n = 0n;
  for (const c of prefixed ? digits.slice(2) : digits) {
    const prev = n;
    n = BigInt.asUintN(64, n * base + BigInt(parseInt(c, 16)));
    if (prev !== 0n && prev >= n) return 1n << 64n;
  }
  return n;
}
