// How control can leave one line-table row, from its decoded instructions: where its direct
// branches and its last instruction go outside it. Reverse line steps use it to cross a row
// a loop keeps the program in for long without single-stepping it.
import { disassemble, type Instruction } from './disassemble';

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
  // Decoding runs objdump: the flows of rows seen are kept, by their address and bytes.
  const key = `${start.toString(16)} ${end.toString(16)} ${code.toString('hex')}`;
  if (known.has(key)) return known.get(key);
  const flow = decodeFlow(code, start, end);
  if (known.size >= KNOWN_ROWS) known.delete(known.keys().next().value!);
  known.set(key, flow);
  return flow;
}

/** Most row flows kept. */
const KNOWN_ROWS = 4096;
const known = new Map<string, RowFlow | undefined>();

function decodeFlow(code: Buffer, start: bigint, end: bigint): RowFlow | undefined {
  return flowOf(disassemble(code, start, code.length, () => undefined), start, end);
}

/** Most bytes of a function decoded whole for the flows of its rows. */
const FUNCTION_LIMIT = 1 << 16;
/** The last functions decoded whole, by address and bytes. */
const decoded = new Map<string, Instruction[]>();

/** The flow of the row [start, end) of a program's code: the function holding it is decoded
 * once (one objdump run) for all its rows. */
export function programRowFlow(program: CodeSource, start: bigint, end: bigint): RowFlow | undefined {
  const fn = program.functionAt(start);
  const size = fn ? Number(fn.high - fn.low) : 0;
  if (!fn || size > FUNCTION_LIMIT || end > fn.high) {
    const code = program.codeAt(start, Number(end - start));
    return code?.length === Number(end - start) ? rowFlow(code, start, end) : undefined;
  }
  const insns = functionCode(program, fn);
  const mine = insns?.filter((i) => i.address >= start && i.address < end);
  return mine?.[0]?.address === start ? flowOf(mine, start, end) : undefined;
}

/** The instructions of `fn`, decoded once by its address and bytes. */
function functionCode(program: CodeSource, fn: { low: bigint; high: bigint }): Instruction[] | undefined {
  const size = Number(fn.high - fn.low);
  const code = program.codeAt(fn.low, size);
  if (code?.length !== size) return undefined;
  const key = `${fn.low.toString(16)} ${code.toString('hex')}`;
  let insns = decoded.get(key);
  if (!insns) {
    insns = disassemble(code, fn.low, code.length, () => undefined);
    if (decoded.size >= 64) decoded.delete(decoded.keys().next().value!);
    decoded.set(key, insns);
  }
  return insns;
}

type CodeSource = { codeAt(a: bigint, n: number): Buffer | undefined; functionAt(pc: bigint): { low: bigint; high: bigint } | undefined };

/** The instructions of pc's function whose next one can be pc by falling through or by a direct
 * branch (calls, returns and indirect jumps left out: what runs before pc there is elsewhere). */
export function instructionsLeadingTo(program: CodeSource, pc: bigint): bigint[] {
  const fn = program.functionAt(pc);
  if (!fn || fn.high - fn.low > BigInt(FUNCTION_LIMIT)) return [];
  const out: bigint[] = [];
  for (const insn of functionCode(program, fn) ?? []) {
    const { op, args } = parse(insn.text);
    if (OPAQUE.test(op)) continue;
    const fall = insn.address + BigInt(insn.length);
    const m = /^(?:j|loop)/.test(op) ? /^(?:0x)?([0-9a-f]+)\b/.exec(args) : null;
    if (/^(?:j|loop)/.test(op) && !m) continue;
    const target = m ? BigInt(`0x${m[1]}`) : undefined;
    if (target === pc || (op !== 'jmp' && fall === pc)) out.push(insn.address);
  }
  return out;
}

function flowOf(insns: Instruction[], start: bigint, end: bigint): RowFlow | undefined {
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
