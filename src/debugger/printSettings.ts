// gdb's value printing settings (`set print pretty|elements|repeats|address|union|null-stop`,
// `show print ...`) and the options a `print -pretty -elements N -- EXPR` gives for one command.
import { execFileSync } from 'child_process';
import { localeIsUtf8, setHostUtf8, type FormatOptions } from '../expr';
import { UserError } from './events';

/** Strings print in the charset of the locale rdb runs in, as gdb's "auto" host charset: UTF-8
 * where the environment names a UTF-8 locale that exists. */
export function useLocaleCharset(env: NodeJS.ProcessEnv = process.env): void {
  setHostUtf8(localeIsUtf8(env, () => {
    try {
      return execFileSync('locale', ['-a'], { encoding: 'utf8' }).split('\n');
    } catch {
      return [];
    }
  }));
}

export interface PrintValues {
  pretty: boolean; elements: number; repeats: number; address: boolean; union: boolean; 'null-stop': boolean;
}

const NAMES = ['pretty', 'elements', 'repeats', 'address', 'union', 'null-stop'] as const;
type Name = typeof NAMES[number];
type Flag = 'pretty' | 'address' | 'union' | 'null-stop';

function isFlag(n: Name): n is Flag {
  return n !== 'elements' && n !== 'repeats';
}

const onOff = (b: boolean): string => (b ? 'on' : 'off');

function limitText(n: number): string {
  return n === Infinity ? 'unlimited' : String(n);
}

/** A limit as gdb reads one: a number, 0 or `unlimited` for none. */
function parseLimit(word: string): number {
  if (word === 'unlimited' || word === '0') return Infinity;
  if (!/^\d+$/.test(word)) throw new UserError(word === '' ? 'Argument required (integer to set it to, or "unlimited".).' : `No symbol "${word}" in current context.`);
  return Number(word);
}

function parseBool(word: string): boolean {
  if (word === '' || word === 'on' || word === '1' || word === 'yes' || word === 'enable') return true;
  if (word === 'off' || word === '0' || word === 'no' || word === 'disable') return false;
  throw new UserError('"on" or "off" expected.');
}

/** The setting a word names (gdb takes unique prefixes). */
function nameOf(word: string): Name | undefined {
  const hits = NAMES.filter((n) => word !== '' && n.startsWith(word));
  return hits.length === 1 ? hits[0] : undefined;
}

export class PrintSettings {
  private values: PrintValues = { pretty: false, elements: 200, repeats: 10, address: true, union: true, 'null-stop': false };

  private assign(to: PrintValues, name: Name, word: string): void {
    if (isFlag(name)) to[name] = parseBool(word);
    else to[name] = parseLimit(word);
  }

  /** `set print address`: whether frames, breakpoints and values show code and data addresses. */
  get addresses(): boolean { return this.values.address; }

  /** `set print NAME VALUE`; false if NAME is not one rdb keeps (accepted silently, as before). */
  set(text: string): boolean {
    const [word = '', value = ''] = text.trim().split(/\s+/);
    const name = nameOf(word);
    if (!name) return false;
    this.assign(this.values, name, value);
    return true;
  }

  /** `show print NAME`'s sentence, or undefined for a name rdb does not keep. */
  show(word: string): string | undefined {
    const name = nameOf(word.trim());
    if (name === 'pretty') return `Pretty formatting of structures is ${onOff(this.values.pretty)}.`;
    if (name === 'address') return `Printing of addresses is ${onOff(this.values.address)}.`;
    if (name === 'union') return `Printing of unions interior to structures is ${onOff(this.values.union)}.`;
    if (name === 'null-stop') return `Printing of char arrays to stop at first null char is ${onOff(this.values['null-stop'])}.`;
    if (name === 'elements') return `Limit on string chars or array elements to print is ${limitText(this.values.elements)}.`;
    if (name === 'repeats') return `Threshold for repeated print elements is ${limitText(this.values.repeats)}.`;
    return undefined;
  }

  /** `o` with the settings applied. */
  options(o: FormatOptions = {}): FormatOptions {
    const v = this.values;
    return { ...o, pretty: v.pretty, printMax: v.elements, repeatThreshold: v.repeats, addresses: v.address, unions: v.union, nullStop: v['null-stop'] };
  }

  /**
   * Splits `print`'s leading options (`-pretty [on|off]`, `-elements N`, `-repeats N`, `-address`,
   * `-union`, `-null-stop` (each [on|off]), ended
   * by `--`) from the expression; runs `fn` on it with them in force. Text that does not start
   * with a known option (`-1`, `-x`) is all expression.
   */
  async withOptions<T>(text: string, fn: (expression: string) => Promise<T>): Promise<T> {
    const words = text.trimStart().split(/(\s+)/);
    const over: PrintValues = { ...this.values };
    let i = 0;
    let any = false;
    for (; i < words.length; i += 2) {
      const w = words[i];
      if (w === '--') { i += 2; any = true; break; }
      const name = /^-[a-z]/.test(w) ? nameOf(w.slice(1)) : undefined;
      if (!name) break;
      any = true;
      const next = words[i + 2] ?? '';
      if (!isFlag(name) || ['on', 'off'].includes(next)) {
        this.assign(over, name, next);
        i += 2;
      } else over[name] = true;
    }
    if (!any) return fn(text);
    const saved = this.values;
    this.values = over;
    try {
      return await fn(words.slice(i).join(''));
    } finally {
      this.values = saved;
    }
  }
}
