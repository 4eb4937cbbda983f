// DAP's readMemory and disassemble over the Debugger: memory references are hex addresses
// (variables and evaluate results give them for pointers and arrays); instructions carry their
// symbol and source line.
import * as path from 'path';
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { Debugger } from '../src/debugger/Debugger';

/** The most bytes one readMemory answers (a client asks again for more). */
const MAX_READ = 1 << 20;
/** The most instructions one disassemble answers. */
const MAX_INSTRUCTIONS = 10000;

function address(reference: unknown, offset: unknown, request: string): bigint {
  if (typeof reference !== 'string' || !/^(0x[0-9a-f]+|\d+)$/i.test(reference.trim())) {
    throw new Error(`${request} needs a "memoryReference", an address such as 0x401000 (variables and evaluate results give one).`);
  }
  if (offset !== undefined && !Number.isInteger(offset)) throw new Error(`${request}'s "offset" must be a whole number of bytes.`);
  return BigInt.asUintN(64, BigInt(reference.trim()) + BigInt((offset as number | undefined) ?? 0));
}

export function readMemory(dbg: Debugger, args: DebugProtocol.ReadMemoryArguments): DebugProtocol.ReadMemoryResponse['body'] {
  const start = address(args?.memoryReference, args?.offset, 'readMemory');
  if (!Number.isInteger(args.count) || args.count < 0) throw new Error('readMemory needs a "count" of bytes, 0 or more.');
  const count = Math.min(args.count, MAX_READ);
  const { data, unreadable } = dbg.readMemoryRange(start, count);
  return { address: `0x${start.toString(16)}`, data: data.toString('base64'), unreadableBytes: unreadable + (args.count - count) };
}

export function disassemble(dbg: Debugger, args: DebugProtocol.DisassembleArguments): DebugProtocol.DisassembleResponse['body'] {
  const start = address(args?.memoryReference, args?.offset, 'disassemble');
  if (!Number.isInteger(args.instructionCount) || args.instructionCount < 0) throw new Error('disassemble needs an "instructionCount", 0 or more.');
  if (args.instructionOffset !== undefined && !Number.isInteger(args.instructionOffset)) throw new Error('disassemble\'s "instructionOffset" must be a whole number.');
  if (args.instructionCount > MAX_INSTRUCTIONS) throw new Error(`disassemble answers at most ${MAX_INSTRUCTIONS} instructions at a time.`);
  const resolveSymbols = args.resolveSymbols !== false;
  let lastFile: string | undefined;
  const instructions = dbg.instructionsAround(start, args.instructionOffset ?? 0, args.instructionCount).map((insn): DebugProtocol.DisassembledInstruction => {
    const out: DebugProtocol.DisassembledInstruction = { address: `0x${insn.address.toString(16)}`, instruction: insn.text, instructionBytes: insn.bytes };
    if (insn.invalid) { out.presentationHint = 'invalid'; return out; }
    const where = dbg.lineOf(insn.address);
    if (resolveSymbols && insn.symbol) out.symbol = insn.symbol;
    if (where) {
      out.line = where.line;
      // DAP: the location may be left out where it is the same as the instruction before's.
      const file = path.resolve(where.path);
      if (file !== lastFile) out.location = { name: path.basename(file), path: file };
      lastFile = file;
    }
    return out;
  });
  return { instructions };
}
