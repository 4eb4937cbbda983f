// `ptype/o`: gdb's struct and union layout, each member with its offset and size in a comment
// column, holes and trailing padding marked, nested structs and unions expanded in place.
import { sizeOf, type StructType, type Type } from '../symbols/types';
import { baseName, bodyOf, declare, withoutTypedefs } from './typeName';

/** The width of the `/* offset | size *\/` column. */
const COLUMN = 27;

function num(n: number, width: number): string {
  return String(n).padStart(width);
}

/** gdb's `XXX` lines for the bits from `from` to `to` left unused. */
function gap(from: number, to: number, what: 'hole' | 'padding'): string[] {
  const bits = (to - from) % 8;
  const bytes = Math.floor((to - from) / 8);
  const out: string[] = [];
  if (bits > 0) out.push(`/* XXX ${num(bits, 2)}-bit ${what.padEnd(7)}    */`);
  if (bytes > 0) out.push(`/* XXX ${num(bytes, 2)}-byte ${what.padEnd(7)}   */`);
  return out;
}

const isAggregate = (t: Type): t is StructType => t.kind === 'struct' || t.kind === 'union';

/** The body of `s` at indentation `level`, its members' offsets counted from bit `start`. */
function layout(s: StructType, level: number, start: number): string {
  const lines = [`${baseName(s).replace(' {...}', '')} {`];
  const indent = ' '.repeat(level + 4);
  let end: number | undefined;
  for (const m of s.members) {
    const bit = start + (m.bitOffset ?? m.offset * 8);
    const size = sizeOf(m.type);
    let column: string;
    if (s.kind === 'union') column = `/*                ${num(size, 6)} */`;
    else {
      if (end !== undefined && end < bit) lines.push(...gap(end, bit, 'hole'));
      const at = m.bitSize !== undefined ? `${num(Math.floor(bit / 8), 6)}:${num(bit % 8, 2)}` : `${num(bit / 8, 6)}   `;
      column = `/* ${at}   |  ${num(size, 6)} */`;
      end = bit + (m.bitSize ?? size * 8);
    }
    // A member that is itself a struct or union (not through a typedef) is laid out in place.
    const inner = isAggregate(m.type) ? layout(m.type, level + 4, bit) : undefined;
    const decl = declare(m.type, m.name ?? '', (b) => (b === m.type && inner !== undefined ? inner : baseName(b)));
    lines.push(`${column}${indent}${decl}${m.bitSize !== undefined ? ` : ${m.bitSize}` : ''};`);
  }
  if (s.kind !== 'union' && end !== undefined) lines.push(...gap(end, start + s.size * 8, 'padding'));
  lines.push('', `${' '.repeat(COLUMN + level + 4)}/* total size (bytes): ${num(s.size, 4)} */`);
  lines.push(`${' '.repeat(COLUMN + (level === 0 ? 2 : level))}}`);
  return lines.join('\n');
}

/** The whole text `ptype/o` prints for type `t`. */
export function typeLayout(t: Type): string {
  const top = withoutTypedefs(t);
  // The column heading only over a struct or union named as such (not through a typedef).
  if (isAggregate(t) && !t.incomplete) return `/* offset      |    size */  type = ${layout(t, 0, 0)}`;
  return `type = ${declare(top, '', (b) => (isAggregate(b) && !b.incomplete ? layout(b, 0, 0) : bodyOf(b, '', true, 1)))}`;
}
