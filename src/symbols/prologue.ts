// gdb's choice of a function's breakpoint address ("break FUNC"): skip the prologue the way
// gdb 13 does on x86-64 for gcc code, so rdb stops where gdb users expect.
import type { FunctionDef } from './model';
import type { RowRange } from './LineTable';

export type ReadCode = (address: bigint, length: number) => Buffer;

/** What the line table offers the prologue analysis (file addresses). */
export interface PrologueLines {
  rowAt(addr: bigint): RowRange | undefined;
  /** First row with the prologue_end flag in [low, high), if the producer emits them. */
  prologueEndMarker(low: bigint, high: bigint): bigint | undefined;
}

/**
 * amd64_analyze_prologue: after an optional endbr64, `push %rbp; mov %rsp,%rbp` is a frame
 * setup and the prologue ends after it; anything else is "frameless" and gdb stays at the entry.
 */
export function analyzeFrameSetup(low: bigint, read: ReadCode): bigint {
  let code: Buffer;
  try {
    code = read(low, 12);
  } catch {
    return low;
  }
  let i = 0;
  if (code.length >= 4 && code[0] === 0xf3 && code[1] === 0x0f && code[2] === 0x1e && code[3] === 0xfa) i = 4;
  if (code[i] !== 0x55) return low;
  const m = code.subarray(i + 1, i + 4);
  const movRspRbp = m.length === 3 && m[0] === 0x48 && ((m[1] === 0x89 && m[2] === 0xe5) || (m[1] === 0x8b && m[2] === 0xec));
  return movRspRbp ? low + BigInt(i + 4) : low;
}

/** gdb's post-prologue address of a function (file addresses), given its code and lines. */
export function postPrologue(fn: FunctionDef, lines: PrologueLines | undefined, read: ReadCode): bigint {
  const marker = lines?.prologueEndMarker(fn.low, fn.high);
  if (marker !== undefined) return marker;
  let pc = analyzeFrameSetup(fn.low, read);
  if (!lines) return pc;
  // Left mid-line by the frame setup: move to the start of the next line if still in the function.
  const row = lines.rowAt(pc);
  if (row && row.start !== pc && fn.low <= row.end && row.end < fn.high) pc = row.end;
  return pc;
}
