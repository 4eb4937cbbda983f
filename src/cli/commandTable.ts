// gdb-style command lookup: full names, explicit aliases and unambiguous prefixes.
import { UserError } from '../debugger/events';

export interface Command<Ctx> {
  name: string;
  aliases?: string[];
  /** Runs the command with the text after its name (trimmed). */
  run: (ctx: Ctx, args: string, modifier: string) => Promise<void> | void;
  /** Whether pressing Enter on an empty line repeats it (step, next, continue ...). */
  repeats?: boolean;
}

export class CommandTable<Ctx> {
  private readonly byName = new Map<string, Command<Ctx>>();
  private readonly names: string[] = [];

  constructor(private readonly what = '') {}

  add(cmd: Command<Ctx>): this {
    for (const n of [cmd.name, ...(cmd.aliases ?? [])]) this.byName.set(n, cmd);
    this.names.push(cmd.name);
    return this;
  }

  /** Finds the command for a word: exact name or alias first, then a unique prefix. */
  lookup(word: string): Command<Ctx> {
    const exact = this.byName.get(word);
    if (exact) return exact;
    const matches = this.names.filter((n) => n.startsWith(word));
    if (matches.length === 1) return this.byName.get(matches[0])!;
    const prefix = this.what ? `${this.what} ` : '';
    if (matches.length > 1) {
      throw new UserError(`Ambiguous ${this.what ? this.what + ' ' : ''}command "${prefix}${word}": ${matches.sort().join(', ')}.`);
    }
    if (this.what) throw new UserError(`Undefined ${this.what} command: "${word}".  Try "help ${this.what}".`);
    throw new UserError(`Undefined command: "${word}".  Try "help".`);
  }

  /** Splits `p/x foo` into the command word `p`, modifier `/x` and arguments `foo`. */
  static split(line: string): { word: string; modifier: string; args: string } {
    const m = /^\s*([A-Za-z_][\w-]*|[!|])\s*(\/\S*)?\s*(.*)$/s.exec(line);
    if (!m) throw new UserError(`Undefined command: "${line.trim()}".  Try "help".`);
    // A shell command line is taken whole (`!/bin/ls` has no format modifier).
    if (m[1] === '!' || m[1] === 'shell') return { word: m[1], modifier: '', args: line.replace(/^\s*(!|shell)/, '').trim() };
    return { word: m[1], modifier: m[2] ?? '', args: (m[3] ?? '').trim() };
  }
}
