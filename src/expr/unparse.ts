// Turns an AST back into C text with only the parentheses its grouping needs, from the
// parser's own precedence table (DAP evaluateNames of children: `(*p).x`, `a[3]`).
import type { Node, TypeSpec } from './ast';
import { escapeChar } from './formatChars';
import { binaryLevels } from './parser';

const COMMA = 0;
const ASSIGN = 1;
const TERNARY = 2;
const BINARY_BASE = 3;
const UNARY = BINARY_BASE + binaryLevels.length;
const POSTFIX = UNARY + 1;
const PRIMARY = POSTFIX + 1;

function binaryPrecedence(op: string): number {
  const i = binaryLevels.findIndex((ops) => (ops as string[]).includes(op));
  return BINARY_BASE + i;
}

function precedence(n: Node): number {
  switch (n.kind) {
    case 'comma': return COMMA;
    case 'assign': return ASSIGN;
    case 'ternary': return TERNARY;
    case 'binary': return binaryPrecedence(n.op);
    case 'unary': case 'cast': case 'sizeofExpr': case 'sizeofType': return UNARY;
    case 'postfix': case 'member': case 'index': case 'call': return POSTFIX;
    default: return PRIMARY;
  }
}

function escapeBytes(bytes: Buffer, quote: string): string {
  return [...bytes].map((b) => escapeChar(b, quote)).join('');
}

/** A type name as written in a cast: `unsigned long`, `struct point *`, `int (*)(int)`. */
export function typeSpecText(t: TypeSpec): string {
  let inner = '';
  // The last op is the outermost type constructor, which sits innermost in the declarator.
  for (const op of [...t.ops].reverse()) {
    if (op.op === 'ptr') inner = `*${op.isConst ? ' const' : ''}${op.isConst && inner ? ' ' : ''}${inner}`;
    else {
      const wrapped = inner.startsWith('*') ? `(${inner})` : inner;
      const params = op.op === 'func' ? [...op.params.map(typeSpecText), ...(op.varargs ? ['...'] : [])] : [];
      inner = op.op === 'array' ? `${wrapped}[${op.count ?? ''}]` : `${wrapped}(${params.join(', ')})`;
    }
  }
  const base = `${t.constBase ? 'const ' : ''}${t.base}`;
  return inner ? `${base} ${inner}` : base;
}

/** C text for `n`; parenthesises a sub-expression only where precedence or associativity
 * requires it. */
export function unparse(n: Node): string {
  const sub = (child: Node, min: number): string => {
    const text = unparse(child);
    return precedence(child) < min ? `(${text})` : text;
  };
  switch (n.kind) {
    case 'int': return `${n.value}${n.unsigned ? 'u' : ''}${n.longLong ? 'll' : n.long ? 'l' : ''}`;
    case 'float': return n.long !== undefined ? `${n.long}L` : `${n.value}${Number.isInteger(n.value) && Number.isFinite(n.value) ? '.0' : ''}${n.single ? 'f' : ''}`;
    case 'char': return `'${escapeBytes(Buffer.from([n.value]), "'")}'`;
    case 'string': return `"${escapeBytes(n.bytes, '"')}"`;
    case 'ident': return /^[A-Za-z_]\w*$/.test(n.name) ? n.name : `'${n.name}'`;
    case 'scoped': return `${/^[A-Za-z_]\w*$/.test(n.scope) ? n.scope : `'${n.scope}'`}::${n.name}`;
    case 'dollar': return `$${n.name}`;
    case 'unary': {
      const operand = sub(n.operand, UNARY);
      // Keep `- -x` and `& &x` from fusing into other tokens.
      const gap = (n.op === '-' || n.op === '+' || n.op === '&') && operand.startsWith(n.op) ? ' ' : '';
      return `${n.op}${gap}${operand}`;
    }
    case 'postfix': return `${sub(n.operand, POSTFIX)}${n.op}`;
    case 'sizeofType': return `sizeof(${typeSpecText(n.type)})`;
    case 'sizeofExpr': return `sizeof ${sub(n.operand, UNARY)}`;
    case 'cast': return `(${typeSpecText(n.type)})${sub(n.operand, UNARY)}`;
    case 'binary': {
      const p = binaryPrecedence(n.op);
      const op = n.op === '@' ? '@' : ` ${n.op} `;
      return `${sub(n.left, p)}${op}${sub(n.right, p + 1)}`;
    }
    case 'assign': return `${sub(n.left, TERNARY)} ${n.op === '=' ? '=' : `${n.op}=`} ${sub(n.right, ASSIGN)}`;
    case 'ternary': return `${sub(n.cond, BINARY_BASE)} ? ${unparse(n.then)} : ${sub(n.else, TERNARY)}`;
    case 'comma': return `${sub(n.left, COMMA)}, ${sub(n.right, ASSIGN)}`;
    case 'member': return `${sub(n.object, POSTFIX)}${n.arrow ? '->' : '.'}${n.name}`;
    case 'index': return `${sub(n.object, POSTFIX)}[${unparse(n.index)}]`;
    case 'call': return `${sub(n.fn, POSTFIX)}(${n.args.map((a) => sub(a, ASSIGN)).join(', ')})`;
    case 'type': return typeSpecText(n.type);
  }
}
