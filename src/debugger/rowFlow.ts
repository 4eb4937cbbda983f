// How control can leave one line-table row, from its decoded instructions: where its direct
// branches and its last instruction go outside it. Reverse line steps use it to cross a row
// a loop keeps the program in for long without single-stepping it.
import { disassemble } from './disassemble';

/** The ways out of a row [start, end): the addresses outside it that its instructions go to
 * (its end, by falling through, included), the second instruction's address, and where the
 * first instruction goes next. */
export interface RowFlow { exits: bigint[]; second?: bigint; afterFirst: bigint[] }

/** Instructions whose next pc the row's code does not tell (or that leave the frame). */
const OPAQUE = /^(?:(?:bnd|notrack|rep\w*)\s+)*(?:call|ret|iret|lcall|ljmp|int|into|syscall|sysenter|sysexit|sysret|ud[0-9a-z]*|hlt|xbegin|xabort|\(bad\))/;
/** A direct branch: its mnemonic and target. */
const BRANCH = /^(?:(?:bnd|notrack)\s+)*(j[a-z]+|loop[a-z]*)\s+(?:0x)?([0-9a-f]+)\b/;

/**
 * The flow of the row holding `code` (its bytes from `start`, `end - start` of them). Undefined
 * where a control transfer is not a direct branch (an indirect jump, a call, a return, a trap).
 */
export function rowFlow(code: Buffer, start: bigint, end: bigint): RowFlow | undefined {
  const insns = disassemble(code, start, code.length, () => undefined);
  if (insns.length === 0 || insns[insns.length - 1].address + BigInt(insns[insns.length - 1].length) !== end) return undefined;
  const exits = new Set<bigint>([end]);
  const nexts: bigint[][] = [];
  for (const insn of insns) {
    const text = insn.text.trim();
    if (OPAQUE.test(text)) return undefined;
    const fall = insn.address + BigInt(insn.length);
    const m = BRANCH.exec(text);
    if (!m && /^(?:(?:bnd|notrack)\s+)*j/.test(text)) return undefined;
    const target = m ? BigInt(`0x${m[2]}`) : undefined;
    if (target !== undefined && (target < start || target >= end)) exits.add(target);
    nexts.push(m?.[1] === 'jmp' ? [target!] : target !== undefined ? [fall, target] : [fall]);
  }
  return { exits: [...exits], second: insns[1]?.address, afterFirst: nexts[0] };
}
