// gdb's convenience functions called as `$_name(args)`: $_isvoid, $_strlen, $_streq, $_memeq,
// $_regex and $_as_string, with gdb's messages for wrong arguments.
import { resolve, sizeOf, type Type } from '../symbols/types';
import { EvalError, type EvalContext, type Value } from './context';
import { builtinType, bytesOf, makeInt, toAddress, toBigInt } from './values';
import { formatValue } from './format';

const int = (): Type => builtinType('int')!;

/** The bytes of a string argument: a char array's up to its first NUL, or a C string at a pointer. */
function stringArg(v: Value, ctx: EvalContext): Buffer {
  const t = resolve(v.type);
  const charElement = (e: Type): boolean => { const r = resolve(e); return r.kind === 'base' && sizeOf(r) === 1; };
  if (t.kind === 'array' && charElement(t.element)) {
    const b = bytesOf(v, ctx);
    const end = b.indexOf(0);
    return end >= 0 ? b.subarray(0, end) : b;
  }
  if (t.kind === 'pointer' && charElement(t.target)) {
    const out: number[] = [];
    for (let at = toAddress(v, ctx); out.length < 1 << 20; at++) {
      const c = ctx.readMemory(at, 1)[0];
      if (c === 0) break;
      out.push(c);
    }
    return Buffer.from(out);
  }
  throw new EvalError(`Trying to read string with inappropriate type \`${typeNameOf(t)}'.`);
}

function typeNameOf(t: Type): string {
  return t.kind === 'base' ? t.name : t.kind;
}

/** gdb's check of $_isvoid's argument count. */
function count(name: string, args: Value[], n: number): void {
  if (args.length !== n) throw new EvalError(`You must provide one argument for $${name}.`);
}

/** The Python classes behind the others, with their parameters: the TypeError of a wrong count. */
const PYTHON: Record<string, { cls: string; params: string[] }> = {
  _strlen: { cls: '_StrLen', params: ['a'] }, _streq: { cls: '_StrEq', params: ['a', 'b'] },
  _memeq: { cls: '_MemEq', params: ['a', 'b', 'length'] }, _regex: { cls: '_RegEx', params: ['string', 'regex'] },
  _as_string: { cls: '_AsString', params: ['val'] },
};

class PythonTypeError extends Error {}

function pythonArity(name: string, given: number): void {
  const { cls, params } = PYTHON[name];
  if (given > params.length) throw new PythonTypeError(`${cls}.invoke() takes ${params.length + 1} positional arguments but ${given + 1} were given`);
  const missing = params.slice(given).map((p) => `'${p}'`);
  if (missing.length === 0) return;
  const list = missing.length === 1 ? missing[0] : missing.length === 2 ? missing.join(' and ') : `${missing.slice(0, -1).join(', ')}, and ${missing[missing.length - 1]}`;
  throw new PythonTypeError(`${cls}.invoke() missing ${missing.length} required positional argument${missing.length > 1 ? 's' : ''}: ${list}`);
}

const functions: Record<string, (args: Value[], ctx: EvalContext) => Value> = {
  _isvoid: (args) => {
    count('_isvoid', args, 1);
    return makeInt(int(), resolve(args[0].type).kind === 'void' ? 1n : 0n);
  },
  _strlen: (args, ctx) => {
    return makeInt(int(), BigInt(stringArg(args[0], ctx).length));
  },
  _streq: (args, ctx) => {
    return makeInt(int(), stringArg(args[0], ctx).equals(stringArg(args[1], ctx)) ? 1n : 0n);
  },
  _memeq: (args, ctx) => {
    const n = Number(toBigInt(args[2], ctx));
    if (n < 0) throw new EvalError('length must be non-negative');
    const a = ctx.readMemory(toAddress(args[0], ctx), n);
    const b = ctx.readMemory(toAddress(args[1], ctx), n);
    return makeInt(int(), a.equals(b) ? 1n : 0n);
  },
  _regex: (args, ctx) => {
    const text = stringArg(args[0], ctx).toString('latin1');
    return makeInt(int(), new RegExp(stringArg(args[1], ctx).toString('latin1')).test(text) ? 1n : 0n);
  },
  _as_string: (args, ctx) => {
    const text = Buffer.from(`${formatValue(args[0], ctx)}\0`, 'latin1');
    return { type: { kind: 'array', element: builtinType('char')!, count: text.length }, lval: null, bytes: text };
  },
};

/** The convenience function `$name`, if gdb has one of that name. gdb implements all but
 * $_isvoid in Python, and reports their errors as Python's. */
export function internalFunction(name: string): ((args: Value[], ctx: EvalContext) => Value) | undefined {
  if (!Object.prototype.hasOwnProperty.call(functions, name)) return undefined;
  const f = functions[name];
  if (name === '_isvoid') return f;
  return (args, ctx) => {
    try {
      pythonArity(name, args.length);
      return f(args, ctx);
    } catch (e) {
      if (!(e instanceof EvalError) && !(e instanceof PythonTypeError)) throw e;
      const cls = e instanceof PythonTypeError ? 'TypeError' : e.message.startsWith('Cannot access memory') ? 'gdb.MemoryError' : 'gdb.error';
      throw new EvalError(`Python Exception <class '${cls}'>: ${e.message}\nError occurred in Python: ${e.message}`);
    }
  };
}
