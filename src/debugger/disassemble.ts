// x86-64 disassembly in gdb's AT&T syntax, by GNU objdump (binutils, which gcc brings): gdb and
// objdump print instructions with the same opcodes library, so the text is gdb's; rdb adds the
// `<symbol+offset>` gdb appends to addresses in operands.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { UserError } from './events';

export interface Instruction { address: bigint; length: number; text: string }

/** Decodes `code` (read at `address`) into at most `count` instructions; `symbolize` names
 * addresses for operands. */
export function disassemble(code: Buffer, address: bigint, count: number, symbolize: (a: bigint) => string | undefined): Instruction[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rdb-dis-'));
  const file = path.join(dir, 'code.bin');
  let out: string;
  try {
    fs.writeFileSync(file, code);
    out = execFileSync('objdump', ['-D', '-b', 'binary', '-m', 'i386:x86-64', `--adjust-vma=0x${address.toString(16)}`,
      '--no-show-raw-insn', '-w', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    throw new UserError(`Cannot disassemble: objdump (GNU binutils) failed: ${(e as Error).message.split('\n')[0]}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const rows: Array<{ address: bigint; text: string }> = [];
  for (const line of out.split('\n')) {
    const m = /^\s*([0-9a-f]+):\t(.*)$/.exec(line);
    if (m) rows.push({ address: BigInt(`0x${m[1]}`), text: m[2].trimEnd() });
  }
  const end = address + BigInt(code.length);
  return rows.slice(0, count).map((r, i) => ({
    address: r.address,
    length: Number((rows[i + 1]?.address ?? end) - r.address),
    text: annotate(r.text, symbolize),
  }));
}

/** gdb's `disassemble` of a whole function, `=> ` marking pc. */
export function functionDump(fn: { name: string; low: bigint }, code: Buffer, pc: bigint | undefined, symbolize: (a: bigint) => string | undefined): string[] {
  const out = [`Dump of assembler code for function ${fn.name}:`];
  for (const insn of disassemble(code, fn.low, Number.MAX_SAFE_INTEGER, symbolize)) {
    const mark = insn.address === pc ? '=> ' : '   ';
    out.push(`${mark}0x${insn.address.toString(16).padStart(16, '0')} <+${insn.address - fn.low}>:\t${insn.text}`);
  }
  out.push('End of assembler dump.');
  return out;
}

/** gdb's ` <sym+off>` after branch targets and after `# 0x...` address comments. */
function annotate(text: string, symbolize: (a: bigint) => string | undefined): string {
  const name = (hex: string): string => {
    const s = symbolize(BigInt(hex));
    return s ? ` <${s}>` : '';
  };
  const branch = /^((?:bnd |notrack )?(?:call|jmp|j[a-z]{1,3}|loop[a-z]*|xbegin)\s+)(0x[0-9a-f]+)$/.exec(text);
  if (branch) return `${branch[1]}${branch[2]}${name(branch[2])}`;
  const comment = /^(.*# )(0x[0-9a-f]+)$/.exec(text);
  if (comment) return `${comment[1]}${comment[2]}${name(comment[2])}`;
  return text;
}
