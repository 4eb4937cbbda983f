// The parts of a value a variables view expands (struct members, array elements, a pointer's
// target) and the C expression that names each, built through the AST and the unparser.
import { resolve, sizeOf } from '../symbols/types';
import type { Node } from './ast';
import type { EvalContext, Value } from './context';
import { dereference, subValue } from './evaluate';
import { parse } from './parser';
import { unparse } from './unparse';

export interface Child {
  /** What a variables view shows: `x`, `[3]`, `*p`, `<anonymous union>`. */
  name: string;
  value: Value;
  /** How to reach the child from its parent's AST (undefined for anonymous members, which
   * have no name of their own: their members are reached through the parent). */
  path?: (parent: Node) => Node;
}

/** Whether expanding `v` yields children (structs, unions, arrays, non-void data pointers). */
export function hasChildren(v: Value): boolean {
  const r = resolve(v.type);
  if (r.kind === 'struct' || r.kind === 'union' || r.kind === 'class') return true;
  if (r.kind === 'array') return (r.count ?? 0) > 0;
  if (r.kind === 'pointer') {
    const t = resolve(r.target);
    return t.kind !== 'void' && t.kind !== 'function';
  }
  return false;
}

/** The children of `v`: members, elements `start` .. `start + count - 1`, or the pointee. */
export function childrenOf(v: Value, ctx: EvalContext, start = 0, count = Infinity): Child[] {
  const r = resolve(v.type);
  if (r.kind === 'struct' || r.kind === 'union' || r.kind === 'class') {
    return r.members.map((m) => {
      const value = subValue(v, m, m.offset, ctx);
      if (m.name === undefined) {
        const k = resolve(m.type).kind;
        return { name: `<anonymous ${k}>`, value };
      }
      const name = m.name;
      return { name, value, path: (parent: Node): Node => ({ kind: 'member', object: parent, name, arrow: false }) };
    });
  }
  if (r.kind === 'array') {
    const n = r.count ?? 0;
    const size = sizeOf(r.element);
    const out: Child[] = [];
    for (let i = start; i < Math.min(n, start + count); i++) {
      const lval = v.lval?.kind === 'memory' ? { kind: 'memory' as const, address: v.lval.address + BigInt(i * size) } : null;
      const value: Value = lval ? { type: r.element, lval, lazy: true }
        : { type: r.element, lval: null, bytes: Buffer.from(v.bytes!.subarray(i * size, (i + 1) * size)) };
      const index = BigInt(i);
      out.push({ name: `[${i}]`, value, path: (parent) => ({ kind: 'index', object: parent, index: { kind: 'int', value: index, unsigned: false, long: false } }) });
    }
    return out;
  }
  if (r.kind === 'pointer' && hasChildren(v)) {
    return [{ name: '*', value: dereference(v, ctx), path: (parent) => ({ kind: 'unary', op: '*', operand: parent }) }];
  }
  return [];
}

/** The C text naming `child` of the value named `parentText` (a DAP evaluateName);
 * `p.x` becomes `p->x` when p is a pointer's pointee (`(*p).x`). */
export function childExpression(parentText: string, child: Child, isTypeName: (n: string) => boolean = () => false): string | undefined {
  if (!child.path) return undefined;
  const parsed = parse(parentText, isTypeName);
  if (!parsed.ast) return undefined;
  const node = child.path(parsed.ast);
  if (node.kind === 'member' && node.object.kind === 'unary' && node.object.op === '*') {
    return unparse({ kind: 'member', object: node.object.operand, name: node.name, arrow: true });
  }
  return unparse(node);
}
