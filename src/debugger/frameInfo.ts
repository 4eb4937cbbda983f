// `info frame`: a frame's addresses, links and saved registers in gdb's layout.
import type { Program } from '../symbols/Program';
import type { ReadMemory } from '../symbols/location';
import type { FrameDescription } from './events';
import type { Frame } from './frames';
import { savedRegisters } from '../symbols/unwind';
import { UserError } from './events';

/** What `info frame ARGS` selects frames with, and shows the selected one by. */
interface FrameSelection { frameInfo(): string[]; selectFrame(n: number): void; selectFunctionFrame(name: string): void }

/** `info frame [N | level N | function NAME]`: selects that frame (the caller selects back) and
 * shows it as gdb does, headed "Stack frame at", without a level. */
export function frameInfoOf(text: string, host: FrameSelection, live: boolean): string[] {
  if (text === '') return host.frameInfo();
  if (!live) throw new UserError('No registers.');
  const sub = /^(level|function)\b\s*(.*)$/.exec(text);
  const which = sub ? sub[2] : text;
  if (which === '') throw new UserError(sub?.[1] === 'function' ? 'Missing function name argument' : 'Argument required (expression to compute).');
  if (sub?.[1] === 'function') host.selectFunctionFrame(which);
  else if (/^\d+$/.test(which)) host.selectFrame(Number(which));
  else throw new UserError(`No symbol "${which}" in current context.`);
  const lines = host.frameInfo();
  return [lines[0].replace(/^Stack level \d+, frame at/, 'Stack frame at'), ...lines.slice(1)];
}

/** `info frame` for frames[selected], in gdb's layout. */
export function frameInfoLines(frames: Frame[], selected: number, d: FrameDescription, program: Program, read: ReadMemory): string[] {
  const frame = frames[selected];
  const caller = frames[selected + 1];
  const callee = frames[selected - 1];
  const hex = (v: bigint | undefined) => v === undefined ? '<unavailable>' : `0x${v.toString(16)}`;
  if (frame.dummy) {
    // The debugger's call: the registers it saved are the caller's.
    const links = [caller && ` called by frame at ${hex(caller.cfa)}`, callee && ` caller of frame at ${hex(callee.cfa)}`].filter((l) => l);
    return [`Stack level ${frame.level}, frame at ${hex(frame.cfa)}:`,
      ` rip = ${hex(frame.pc)}; saved rip = ${hex(frame.dummy.regs.rip)}`,
      ...(links.length ? [links.join(',')] : []),
      ' Arglist at unknown address.',
      ` Locals at unknown address, Previous frame's sp is ${hex(frame.dummy.regs.rsp)}`];
  }
  const where = d.function ? ` in ${d.function}${d.file ? ` (${d.file}:${d.line})` : ''}` : '';
  // A tail-call frame above has the pc of its call site, not the return address in memory.
  const savedRip = caller?.tailCall || frame.sigtramp ? caller?.pc : frame.cfa !== undefined ? read(frame.cfa - 8n, 8).readBigUInt64LE(0) : undefined;
  const out = [`Stack level ${frame.level}, frame at ${hex(frame.cfa)}:`,
    ` rip = ${hex(frame.pc)}${where}; saved rip = ${hex(savedRip)}`];
  const links = [];
  if (frame.inline) links.push(` inlined into frame ${frame.level + 1}`);
  else if (caller && !(frame.fn && frame.fn.name === 'main')) links.push(` called by frame at ${hex(caller.cfa)}`);
  if (callee) links.push(` caller of frame at ${hex(callee.cfa)}`);
  if (links.length) out.push(links.join(','));
  if (d.file) out.push(` source language ${sourceLanguage(program, frame.lookupPc)}.`);
  if (frame.inline) {
    // An inlined call has no frame of its own: gdb knows no argument or locals address.
    out.push(' Arglist at unknown address.', " Locals at unknown address, Previous frame's sp in rsp");
    return out;
  }
  // gdb lists saved registers in its own register order.
  let saved = savedRegisters(program, frame.pc, frame.regs.dwarf, read, frame.isCaller)
    .filter((s) => !(caller?.tailCall && s.name === 'rip'))
    .sort((a, b) => gdbOrder(a.name) - gdbOrder(b.name));
  if (frame.sigtramp) {
    // The signal frame saved the interrupted stack pointer too: gdb says where.
    const sp = saved.find((s) => s.name === 'rsp');
    saved = saved.filter((s) => s !== sp);
    out.push(' Arglist at unknown address.', ` Locals at unknown address, Previous frame's sp ${sp ? `at ${hex(sp.address)}` : `is ${hex(frame.cfa)}`}`);
  } else {
    const base = frameBase(frame, read);
    const args = d.args ? d.args.map((a) => `${a.name}=${a.value}`).join(', ') : '';
    out.push(` Arglist at ${hex(base)}, args: ${args}`);
    out.push(` Locals at ${hex(base)}, Previous frame's sp is ${hex(frame.cfa)}`);
  }
  if (saved.length) {
    out.push(' Saved registers:');
    out.push('  ' + saved.map((s) => `${s.name} at ${hex(s.address)}`).join(', '));
  }
  return out;
}

const GDB_REGISTER_ORDER = ['rax', 'rbx', 'rcx', 'rdx', 'rsi', 'rdi', 'rbp', 'rsp', 'r8', 'r9', 'r10', 'r11', 'r12', 'r13', 'r14', 'r15', 'rip'];

function gdbOrder(name: string): number {
  const i = GDB_REGISTER_ORDER.indexOf(name);
  return i < 0 ? GDB_REGISTER_ORDER.length : i;
}

/** gdb's frame base for `info frame` (its amd64 prologue analyser): rbp once `push %rbp;
 * mov %rsp,%rbp` has run, else the stack pointer less 8 (or as is, after the push alone). */
function frameBase(frame: Frame, read: ReadMemory): bigint | undefined {
  const rsp = frame.regs.dwarf.get(7);
  const rbp = frame.regs.dwarf.get(6);
  const fn = frame.fn;
  if (!fn || rsp === undefined) return frame.cfa !== undefined ? frame.cfa - 16n : undefined;
  let code: Buffer;
  try {
    code = read(fn.low, 8);
  } catch {
    return rsp - 8n;
  }
  let at = 0;
  if (code.subarray(0, 4).equals(Buffer.from([0xf3, 0x0f, 0x1e, 0xfa]))) at = 4; // endbr64
  const push = fn.low + BigInt(at);
  if (frame.pc <= push || code[at] !== 0x55) return rsp - 8n;
  if (frame.pc <= push + 1n) return rsp;
  const mov = code.subarray(at + 1, at + 4);
  const framed = mov.equals(Buffer.from([0x48, 0x89, 0xe5])) || mov.equals(Buffer.from([0x48, 0x8b, 0xec]));
  return framed && rbp !== undefined ? rbp : rsp;
}

/** gdb's name of the language of the compile unit holding pc (DW_AT_language). */
function sourceLanguage(program: Program, pc: bigint): string {
  const lm = program.moduleAt(pc);
  const lang = lm?.module.lines.cuAt(pc - lm.bias)?.language;
  if (lang === DW_LANG_MIPS_ASSEMBLER) return 'asm';
  if (lang !== undefined && CPLUSPLUS.has(lang)) return 'c++';
  return 'c';
}

const DW_LANG_MIPS_ASSEMBLER = 0x8001;
/** DW_LANG_C_plus_plus, _03, _11, _14. */
const CPLUSPLUS = new Set([0x4, 0x19, 0x1a, 0x21]);
