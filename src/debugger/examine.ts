// The `x/NFU ADDRESS` command: memory dumped in gdb's layout (labels, units per line).
import type { EvalContext } from '../expr/context';
import type { Type } from '../symbols/types';
import * as expr from '../expr';
import { disassemble } from './disassemble';
import { UserError } from './events';
import type { ValueStore } from './ValueStore';

const unitSize: Record<string, number> = { b: 1, h: 2, w: 4, g: 8 };
/** Units per line for each size, as gdb prints them. */
const perLine: Record<number, Record<string, number>> = {
  1: { x: 8, d: 8, u: 8, o: 8, t: 8, c: 8, a: 8, z: 8 },
  2: { x: 8, d: 8, u: 8, o: 8, t: 8, c: 8, a: 8, z: 8 },
  4: { x: 4, d: 4, u: 4, o: 4, t: 4, f: 4, a: 4, c: 4, z: 4 },
  8: { x: 2, d: 2, u: 2, o: 2, t: 2, f: 2, a: 2, c: 2, z: 2 },
};

let last = { format: 'x', size: 4, count: 1, next: undefined as bigint | undefined };

/** As many of `length` bytes at `address` as are readable (at least one, or it throws). */
function readUpTo(ctx: EvalContext, address: bigint, length: number): Buffer {
  for (let n = length; n > 0; n = Math.floor(n / 2)) {
    try {
      return ctx.readMemory(address, n);
    } catch {
      continue;
    }
  }
  try {
    return ctx.readMemory(address, 1);
  } catch {
    return Buffer.alloc(0); // nothing there: no instruction
  }
}

function label(ctx: EvalContext, address: bigint): string {
  const s = ctx.symbolize(address, true);
  return `0x${address.toString(16)}${s ? ` <${s}>` : ''}:`;
}

function unit(data: Buffer, size: number, format: string, ctx: EvalContext): string {
  const u = size === 1 ? BigInt(data[0]) : size === 2 ? BigInt(data.readUInt16LE(0)) : size === 4 ? BigInt(data.readUInt32LE(0)) : data.readBigUInt64LE(0);
  const bits = size * 8;
  switch (format) {
    case 'x': return `0x${u.toString(16).padStart(size * 2, '0')}`;
    case 'z': return `0x${u.toString(16).padStart(size * 2, '0')}`;
    case 'd': return BigInt.asIntN(bits, u).toString();
    case 'u': return u.toString();
    case 'o': return u === 0n ? '0' : `0${u.toString(8)}`;
    case 't': return u.toString(2).padStart(bits, '0');
    case 'c': { const c = Number(BigInt.asIntN(8, u & 0xffn)); return expr.formatChar(c); }
    case 'a': { const s = ctx.symbolize(u); return `0x${u.toString(16)}${s ? ` <${s}>` : ''}`; }
    case 'f': return size === 8 ? expr.formatDouble(data.readDoubleLE(0)) : expr.formatFloat(data.readFloatLE(0));
    default: throw new UserError(`Undefined output format "${format}".`);
  }
}

/** Runs `x/FMT EXPR`; returns the output lines. */
export function examineMemory(fmtText: string, addrText: string, ctx: EvalContext, store: ValueStore, pc?: bigint, limits?: expr.StringLimits): string[] {
  const m = /^(-?\d*)([xduotacfsiz]?)([bhwg]?)([xduotacfsiz]?)$/.exec(fmtText);
  if (!m || m[1] === '-') throw new UserError(`Invalid number "${fmtText}".`);
  // A bare `x` goes on with the last count too (gdb).
  let count = m[1] ? parseInt(m[1], 10) : fmtText === '' && addrText === '' ? last.count : 1;
  const backwards = count < 0;
  count = Math.abs(count);
  let format = m[2] || m[4] || last.format;
  let size = m[3] ? unitSize[m[3]] : (format === 'c' ? 1 : format === 'a' ? 8 : last.size);
  if (format === 'a') size = 8;
  if (format === 'c' && !m[3]) size = 1;
  // Floats are words or giants: another size left by an earlier x becomes a giant (gdb).
  if (format === 'f' && !m[3] && size !== 4 && size !== 8) size = 8;
  let address: bigint;
  if (addrText === '') {
    if (last.next === undefined) throw new UserError('Argument required (starting display address).');
    address = last.next;
  } else {
    address = expr.toAddress(expr.evaluate(addrText, ctx), ctx);
  }
  if (backwards && (format === 'i' || format === 's')) throw new UserError(`rdb cannot examine ${format === 'i' ? 'instructions' : 'strings'} backwards yet.`);
  // x/-N: the N units that end where the address is.
  if (backwards) address -= BigInt(count * size);
  const start = address;
  const out: string[] = [];
  let lastUnit = address;
  if (format === 'i') {
    const code = readUpTo(ctx, address, count * 15);
    for (const insn of code.length ? disassemble(code, address, count, (a) => ctx.symbolize(a)) : []) {
      out.push(`${insn.address === pc ? '=> ' : '   '}${label(ctx, insn.address)}\t${insn.text}`);
      lastUnit = insn.address;
      address = insn.address + BigInt(insn.length);
    }
    // gdb has begun the line of the first instruction when it finds nothing to read there.
    if (out.length === 0) throw new UserError(`Cannot access memory at address 0x${address.toString(16)}`, `${address === pc ? '=> ' : '   '}${label(ctx, address)}\t`);
  } else if (format === 's') {
    for (let i = 0; i < count; i++) {
      lastUnit = address;
      const bytes: number[] = [];
      let failed: string | undefined;
      let cut = false;
      for (;;) {
        let b: number;
        try {
          b = ctx.readMemory(address + BigInt(bytes.length), 1)[0];
        } catch (e) {
          failed = (e as Error).message;
          break;
        }
        if (b === 0) break;
        if (bytes.length >= (limits?.printMax ?? 200)) { cut = true; break; }
        bytes.push(b);
      }
      if (failed !== undefined && bytes.length === 0) {
        out.push(`${label(ctx, address)}\t<error: ${failed}>`); // gdb shows it as the string, and stays
        continue;
      }
      out.push(`${label(ctx, address)}\t${expr.formatCString(Buffer.from(bytes), limits, cut)}`);
      address += BigInt(bytes.length + 1);
    }
  } else {
    const per = perLine[size][format] ?? 4;
    for (let i = 0; i < count; i += per) {
      const n = Math.min(per, count - i);
      const items: string[] = [];
      const lineAddr = address;
      for (let k = 0; k < n; k++) {
        lastUnit = address;
        let data: Buffer;
        try {
          data = ctx.readMemory(address, size);
        } catch (e) {
          // gdb has printed the lines so far and this line's start when the read fails.
          const partial = [...out, `${label(ctx, lineAddr)}\t${items.map((t) => `${t}\t`).join('')}`].join('\n');
          throw new UserError((e as Error).message, partial);
        }
        items.push(unit(data, size, format, ctx));
        address += BigInt(size);
      }
      out.push(`${label(ctx, lineAddr)}\t${items.join('\t')}`);
    }
  }
  // After x/-N, the next `x` starts at the lowest unit shown, one unit unless told (gdb).
  last = { format, size, count: backwards ? 1 : count, next: backwards ? start : address };
  // gdb's $_: the last address examined, typed as a pointer to the unit (int8_t * ...).
  const byteUnits = format === 's' || format === 'i';
  const unitType: Type = { kind: 'base', name: `int${byteUnits ? 8 : size * 8}_t`, size: byteUnits ? 1 : size, encoding: 'signed' };
  const bytes = Buffer.alloc(8);
  bytes.writeBigUInt64LE(lastUnit);
  store.setConvenience('_', { type: expr.pointerTo(unitType), lval: null, bytes });
  // $__: the contents there, as that integer unit (void after strings and instructions).
  store.setConvenience('__', byteUnits ? { type: { kind: 'void' }, lval: null, bytes: Buffer.alloc(0) }
    : { type: unitType, lval: null, bytes: Buffer.from(ctx.readMemory(lastUnit, size)) });
  return out;
}

/** For a display format that gdb shows like `x` (a count, a size, or i/s): its normalised
 * form `/COUNT SIZE LETTER` as `info display` lists it, e.g. `1bi`; undefined otherwise. */
export function examineStyle(format: string): string | undefined {
  const m = /^(\d*)([bhwg]?)([xduotacfsiz]?)([bhwg]?)$/.exec(format);
  if (!m || format === '') return undefined;
  const letter = m[3];
  const size = m[2] || m[4];
  if (!m[1] && !size && letter !== 'i' && letter !== 's') return undefined;
  const unit = size || (letter === 'i' || letter === 's' || letter === 'c' ? 'b' : letter === 'a' || letter === 'g' ? 'g' : 'w');
  return `${m[1] || '1'}${unit}${letter || 'x'}`;
}
