// gdb's `info float`: the x87 unit from the FXSAVE area — its eight physical registers with their
// tags, raw bits and values (top of stack marked `=>`), status and control words decoded, the tag
// word, the last instruction and operand pointers and the opcode.
import { formatLongDoubleBytes } from '../expr/printf';
import { fullTagWord } from './vectorRegisters';

const FX_ST = 32;
const TAGS = ['Valid', 'Zero', 'Special', 'Empty'];
const PRECISION = ['Single Precision (24-bits)', 'Reserved', 'Double Precision (53-bits)', 'Extended Precision (64-bits)'];
const ROUNDING = ['Round to nearest', 'Round down', 'Round up', 'Round toward zero'];

/** gdb prints a register's value as printf's %-+27.19Lg. */
const VALUE = { flags: '-+', width: 27, precision: 19, conv: 'g' };
const hex4 = (n: number): string => `0x${n.toString(16).padStart(4, '0')}`;
const flag = (on: boolean, name: string): string => ` ${on ? name : '  '}`;

/** What follows a non-empty register's raw bits: its value, or what kind of special it is. */
function describe(bytes: Buffer): string {
  const exp = bytes.readUInt16LE(8) & 0x7fff;
  const neg = (bytes[9] & 0x80) !== 0;
  const mant = bytes.readBigUInt64LE(0);
  const integer = (mant >> 63n) === 1n;
  const fraction = mant & ((1n << 63n) - 1n);
  const value = (): string => formatLongDoubleBytes(VALUE, bytes);
  if (exp === 0x7fff && integer) {
    if (fraction === 0n) return neg ? '-Inf' : '+Inf';
    if (neg && fraction === 1n << 62n) return 'Real Indefinite (QNaN)';
    return fraction & (1n << 62n) ? 'QNaN' : 'SNaN';
  }
  if (exp > 0 && exp < 0x7fff && integer) return value();
  if (exp === 0 && integer) {
    // The x87 reads a pseudo-denormal with the exponent of the smallest normal numbers.
    const as = Buffer.from(bytes);
    as.writeUInt16LE((as.readUInt16LE(8) & 0x8000) | 1, 8);
    return `${formatLongDoubleBytes(VALUE, as)} Pseudo-denormal`;
  }
  if (exp === 0) return value() + (fraction !== 0n ? ' Denormal' : '');
  return 'Unsupported';
}

export function floatInfoLines(x: Buffer): string[] {
  const control = x.readUInt16LE(0);
  const status = x.readUInt16LE(2);
  const top = (status >> 11) & 7;
  const tags = fullTagWord(x);
  const lines: string[] = [];
  for (let phys = 7; phys >= 0; phys--) {
    const st = (phys - top + 8) % 8;
    const bytes = x.subarray(FX_ST + 16 * st, FX_ST + 16 * st + 10);
    const tag = (tags >> (2 * phys)) & 3;
    const raw = `0x${[...bytes].reverse().map((b) => b.toString(16).padStart(2, '0')).join('')}`;
    lines.push(`${phys === top ? '=>' : '  '}R${phys}: ${TAGS[tag].padEnd(8)}${raw}${tag === 3 ? '' : ` ${describe(bytes)}`}`);
  }
  const sw = ['IE', 'DE', 'ZE', 'OE', 'UE', 'PE'].map((n, i) => flag((status >> i & 1) === 1, n)).join('')
    + `  ${flag((status & 0x80) !== 0, 'ES')}  ${flag((status & 0x40) !== 0, 'SF')}  `
    + [[0x100, 'C0'], [0x200, 'C1'], [0x400, 'C2'], [0x4000, 'C3']].map(([m, n]) => flag((status & (m as number)) !== 0, n as string)).join('');
  const cw = ['IM', 'DM', 'ZM', 'OM', 'UM', 'PM'].map((n, i) => flag((control >> i & 1) === 1, n)).join('');
  const fop = x.readUInt16LE(6) & 0x7ff;
  lines.push('',
    `Status Word:         ${hex4(status)}  ${sw}`,
    `                       TOP: ${top}`,
    `Control Word:        ${hex4(control)}  ${cw}`,
    `                       PC: ${PRECISION[(control >> 8) & 3]}`,
    `                       RC: ${ROUNDING[(control >> 10) & 3]}`,
    `Tag Word:            ${hex4(tags)}`,
    `Instruction Pointer: 0x${x.readUInt16LE(12).toString(16).padStart(2, '0')}:0x${x.readUInt32LE(8).toString(16).padStart(8, '0')}`,
    `Operand Pointer:     0x${x.readUInt16LE(20).toString(16).padStart(2, '0')}:0x${x.readUInt32LE(16).toString(16).padStart(8, '0')}`,
    `Opcode:              ${hex4(fop ? fop | 0xd800 : 0)}`);
  return lines;
}
