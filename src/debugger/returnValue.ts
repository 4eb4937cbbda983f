// Where a function's return value is after it returns, by the x86-64 System V calling
// convention: each eightbyte of a small aggregate classified INTEGER (rax, rdx) or SSE (xmm0,
// xmm1), long double in st(0), anything larger in memory at the address left in rax.
import { resolve, sizeOf, type Type } from '../symbols/types';

export type ReturnPlace = { kind: 'memory' } | { kind: 'bytes'; bytes: Buffer };

/** The registers a return value can come back in (xstate is the XSAVE/FXSAVE image). */
export interface ReturnRegisters { rax: bigint; rdx: bigint; xstate: Buffer }

const XMM0 = 160;
const ST0 = 32;

/** Scalar leaves of a type with their byte offsets; undefined if one needs memory (long double). */
function leaves(t: Type, offset: number, out: Array<{ offset: number; size: number; float: boolean }>): boolean {
  const r = resolve(t);
  switch (r.kind) {
    case 'struct': case 'union': case 'class':
      return r.members.every((m) => leaves(m.type, offset + m.offset, out));
    case 'array': {
      const n = r.count ?? 0;
      const size = sizeOf(r.element);
      for (let i = 0; i < n; i++) if (!leaves(r.element, offset + i * size, out)) return false;
      return true;
    }
    case 'base':
      if (r.encoding === 'float' && r.size > 8) return false;
      out.push({ offset, size: r.size, float: r.encoding === 'float' });
      return true;
    default:
      out.push({ offset, size: sizeOf(r), float: false });
      return true;
  }
}

/** The System V classes of a small aggregate's or scalar's eightbytes (INTEGER or SSE), or
 * undefined for the MEMORY class (over 16 bytes, or holding a long double). */
export function eightbyteClasses(type: Type): Array<'int' | 'sse'> | undefined {
  const size = sizeOf(type);
  const parts: Array<{ offset: number; size: number; float: boolean }> = [];
  if (size > 16 || !leaves(type, 0, parts)) return undefined;
  const classes: Array<'int' | 'sse'> = [];
  for (let eightbyte = 0; eightbyte * 8 < size; eightbyte++) {
    const inIt = parts.filter((p) => p.offset < (eightbyte + 1) * 8 && p.offset + p.size > eightbyte * 8);
    classes.push(inIt.length > 0 && inIt.every((p) => p.float) ? 'sse' : 'int');
  }
  return classes;
}

/** Where a value of `type` was returned, and its bytes when it came back in registers. */
export function returnPlace(type: Type, regs: ReturnRegisters): ReturnPlace {
  const size = sizeOf(type);
  const r = resolve(type);
  if (r.kind === 'base' && r.encoding === 'float' && size > 8) {
    const b = Buffer.alloc(size);
    regs.xstate.copy(b, 0, ST0, ST0 + 10);
    return { kind: 'bytes', bytes: b };
  }
  const classes = eightbyteClasses(type);
  if (!classes) return { kind: 'memory' };
  const ints = [regs.rax, regs.rdx];
  const sse = [XMM0, XMM0 + 16];
  const out = Buffer.alloc(16);
  classes.forEach((c, eightbyte) => {
    if (c === 'sse') {
      const at = sse.shift()!;
      regs.xstate.copy(out, eightbyte * 8, at, at + 8);
    } else {
      out.writeBigUInt64LE(ints.shift()!, eightbyte * 8);
    }
  });
  return { kind: 'bytes', bytes: out.subarray(0, size) };
}
