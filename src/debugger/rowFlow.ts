// How control can leave one line-table row, from its decoded instructions: where its direct
// branches and its last instruction go outside it. Reverse line steps use it to cross a row
// a loop keeps the program in for long without single-stepping it.
import { disassemble } from './disassemble';

/** The ways out of a row [start, end): the addresses outside it that its instructions go to
 * (its end, by falling through, included), the second instruction's address, and where the
 * first instruction goes next. */
export interface RowFlow { exits: bigint[]; second?: bigint; afterFirst: bigint[] }

/** Prefixes objdump prints before a mnemonic. */
const PREFIX = /^(?:bnd|notrack|rep\w*|lock|[c-gs]s|data16|addr32|rex\w*)$/;
/** Mnemonics whose next pc the row's code does not tell, or that leave the frame. */
const OPAQUE = /^(?:call|ret|iret|lcall|ljmp|lret|int|into|syscall|sysenter|sysexit|sysret|ud|hlt|xbegin|xabort|\(bad\))/;

/** An instruction's mnemonic and operands, its prefixes left out. */
function parse(text: string): { op: string; args: string } {
  const words = text.trim().split(/\s+/);
  let i = 0;
  while (i < words.length - 1 && PREFIX.test(words[i])) i++;
  return { op: words[i] ?? '', args: words.slice(i + 1).join(' ') };
}

/**
 * The flow of the row holding `code` (its bytes from `start`, `end - start` of them). Undefined
 * where a control transfer is not a direct branch (an indirect jump, a call, a return, a trap).
 */
export function rowFlow(code: Buffer, start: bigint, end: bigint): RowFlow | undefined {
  const insns = disassemble(code, start, code.length, () => undefined);
  if (insns.length === 0) return undefined;
  const exits = new Set<bigint>([end]);
  const nexts: bigint[][] = [];
  for (const insn of insns) {
    const { op, args } = parse(insn.text);
    if (OPAQUE.test(op)) return undefined;
    const fall = insn.address + BigInt(insn.length);
    const branch = /^(?:j|loop)/.test(op);
    // A direct branch names its target; an indirect one (`*%rax`) does not.
    const m = branch ? /^(?:0x)?([0-9a-f]+)\b/.exec(args) : null;
    if (branch && !m) return undefined;
    const target = m ? BigInt(`0x${m[1]}`) : undefined;
    if (target !== undefined && (target < start || target >= end)) exits.add(target);
    nexts.push(op === 'jmp' ? [target!] : target !== undefined ? [fall, target] : [fall]);
  }
  return { exits: [...exits], second: insns[1]?.address, afterFirst: nexts[0] };
}
