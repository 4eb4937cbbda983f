// gdb's value printing settings (`set print pretty|elements|repeats`, `show print ...`) and the
// options a `print -pretty -elements N -- EXPR` gives for one command.
import type { FormatOptions } from '../expr';
import { UserError } from './events';

export interface PrintValues { pretty: boolean; elements: number; repeats: number }

const NAMES = ['pretty', 'elements', 'repeats'] as const;
type Name = typeof NAMES[number];

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
  private values: PrintValues = { pretty: false, elements: 200, repeats: 10 };

  private assign(to: PrintValues, name: Name, word: string): void {
    if (name === 'pretty') to.pretty = parseBool(word);
    else to[name] = parseLimit(word);
  }

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
    if (name === 'pretty') return `Pretty formatting of structures is ${this.values.pretty ? 'on' : 'off'}.`;
    if (name === 'elements') return `Limit on string chars or array elements to print is ${limitText(this.values.elements)}.`;
    if (name === 'repeats') return `Threshold for repeated print elements is ${limitText(this.values.repeats)}.`;
    return undefined;
  }

  /** `o` with the settings applied. */
  options(o: FormatOptions = {}): FormatOptions {
    return { ...o, pretty: this.values.pretty, printMax: this.values.elements, repeatThreshold: this.values.repeats };
  }

  /**
   * Splits `print`'s leading options (`-pretty [on|off]`, `-elements N`, `-repeats N`, ended
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
      if (name !== 'pretty' || ['on', 'off'].includes(next)) {
        this.assign(over, name, next);
        i += 2;
      } else over.pretty = true;
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
