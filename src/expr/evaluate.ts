// Evaluates an expression AST against an EvalContext with C's semantics as gdb applies
// them: promotions, pointer arithmetic, lvalues, member access, assignment, `@`.
import { resolve, sizeOf, type Member, type Type } from '../symbols/types';
import type { BinaryOp, Node, TypeSpec } from './ast';
import { EvalError, type EvalContext, type LValue, type Value } from './context';
import { parse } from './parser';
import {
  builtinType, bytesOf, convert, decay, isFloat, isIntegral, isScalar, isTrue, makeFloat, makeInt,
  fetch, isLongDouble, makeLongDouble, pointerTo, toExt, T, toAddress, toBigInt, toNumber,
} from './values';
import { binaryArith, compare, promote } from './arith';
import { typeName } from './typeName';
import { unknownReturnType, unknownTypeMessage } from './nodebug';
import { unparse } from './unparse';
import { internalFunction } from './internalFunctions';
import type { FunctionType } from '../symbols/types';
import { fromDecimal, fromDouble, isZero } from './x87';

function parseOrThrow(text: string, ctx: EvalContext): Node {
  const r = parse(text, (n) => ctx.lookupType(n) !== undefined);
  // gdb looks names up while parsing: an unknown one before a syntax error is what it reports.
  const unknown = r.namesBeforeError?.find((n) => !ctx.lookupSymbol(n));
  if (unknown) throw new EvalError(`No symbol "${unknown}" in current context.`);
  if (r.errors.length || !r.ast) throw new EvalError(r.errors[0] ?? 'A syntax error in expression, near `\'.');
  return r.ast;
}

/** Parses and evaluates `text`; throws EvalError with gdb's message on any problem. */
export function evaluate(text: string, ctx: EvalContext): Value {
  return evaluateNode(parseOrThrow(text, ctx), ctx);
}

/** The type whatis/ptype show for `text`: a whole type name's type (`bare` when it is just a
 * name, of which whatis unwraps one typedef), else the type of the expression's value. */
export function typeOfText(text: string, ctx: EvalContext): { type: Type; bare: boolean } {
  const node = parseOrThrow(text, ctx);
  if (node.kind !== 'type') return { type: evaluateNode(node, ctx).type, bare: false };
  const spec = node.type;
  return { type: resolveTypeSpec(spec, ctx), bare: spec.ops.length === 0 && !spec.constBase && !spec.volatileBase };
}

/** The Type a cast or sizeof names. */
export function resolveTypeSpec(spec: TypeSpec, ctx: EvalContext): Type {
  let t = ctx.lookupType(spec.base) ?? builtinType(spec.base);
  if (!t) {
    const m = /^(struct|union|enum) (.*)$/.exec(spec.base);
    throw new EvalError(m ? `No ${m[1]} type named ${m[2]}.` : `No symbol "${spec.base}" in current context.`);
  }
  if (spec.volatileBase) t = { kind: 'volatile', target: t };
  if (spec.constBase) t = { kind: 'const', target: t };
  for (const op of spec.ops) {
    if (op.op === 'ptr') {
      t = pointerTo(t);
      if (op.isVolatile) t = { kind: 'volatile', target: t };
      if (op.isConst) t = { kind: 'const', target: t };
    } else if (op.op === 'array') t = { kind: 'array', element: t, count: op.count };
    else {
      const params = op.params.map((p) => resolveTypeSpec(p, ctx));
      t = { kind: 'function', returnType: t, params, varargs: op.varargs, prototyped: op.prototyped ?? true };
    }
  }
  return t;
}

function lazyAt(type: Type, address: bigint): Value {
  return { type, lval: { kind: 'memory', address }, lazy: true };
}

function addressOf(v: Value): Value {
  if (v.bitSize !== undefined) throw new EvalError('Attempt to take address of value not located in memory.');
  if (v.lval?.kind === 'memory') return makeInt(pointerTo(v.type), v.lval.address);
  throw new EvalError('Attempt to take address of value not located in memory.');
}

export function dereference(v: Value, ctx: EvalContext): Value {
  const d = decay(v);
  const r = resolve(d.type);
  if (r.kind === 'pointer') {
    const target = resolve(r.target);
    if (target.kind === 'void') throw new EvalError('Attempt to dereference a generic pointer.');
    return lazyAt(r.target, BigInt.asUintN(64, toBigInt(d, ctx)));
  }
  // gdb lets `*` apply to an integer, reading an int there.
  if (isIntegral(d.type)) return lazyAt(T.int, BigInt.asUintN(64, toBigInt(d, ctx)));
  throw new EvalError('Attempt to take contents of a non-pointer value.');
}

function findMember(members: Member[], name: string, baseOffset: number): { m: Member; offset: number } | undefined {
  for (const m of members) {
    if (m.name === name) return { m, offset: baseOffset + m.offset };
    if (m.name === undefined) {
      const inner = resolve(m.type);
      if (inner.kind === 'struct' || inner.kind === 'union') {
        const found = findMember(inner.members, name, baseOffset + m.offset);
        if (found) return found;
      }
    }
  }
  return undefined;
}

/** `object.name`: a lazy sub-value (bit-fields carry bitSize/bitPos within their bytes). */
export function memberOf(object: Value, name: string, ctx: EvalContext): Value {
  if (object.unknownType !== undefined) throw new EvalError(unknownTypeMessage(object.unknownType));
  const r = resolve(object.type);
  if (r.kind !== 'struct' && r.kind !== 'union' && r.kind !== 'class') {
    throw new EvalError('Attempt to extract a component of a value that is not a structure.');
  }
  const found = findMember(r.members, name, 0);
  if (!found) throw new EvalError(`There is no member named ${name}.`);
  return subValue(object, found.m, found.offset, ctx);
}

/** The value of member `m` (at byte `offset` of a member of the outermost object). */
/** The lvalue of the part of `object` at byte `offset` (memory, or a convenience variable's component). */
function componentLval(object: Value, offset: number): LValue | null {
  const l = object.lval;
  if (l?.kind === 'memory') return { kind: 'memory', address: l.address + BigInt(offset) };
  if (l?.kind === 'internal') return { kind: 'internal', name: l.name, offset: (l.offset ?? 0) + offset };
  return null;
}

export function subValue(object: Value, m: Member, offset: number, ctx: EvalContext): Value {
  if (m.bitSize !== undefined) {
    // bitOffset counts from the member's own struct, which may sit inside an anonymous one.
    const bitOffset = (m.bitOffset ?? m.offset * 8) + (offset - m.offset) * 8;
    const start = Math.floor(bitOffset / 8);
    const len = Math.ceil((bitOffset % 8 + m.bitSize) / 8);
    const whole = bytesOf(object, ctx);
    const lval = componentLval(object, start);
    return { type: m.type, lval, bytes: Buffer.from(whole.subarray(start, start + len)), bitSize: m.bitSize, bitPos: bitOffset % 8 };
  }
  const size = sizeOf(m.type);
  if (object.lval?.kind === 'memory' && (object.lazy || !object.bytes)) return lazyAt(m.type, object.lval.address + BigInt(offset));
  const bytes = Buffer.from(bytesOf(object, ctx).subarray(offset, offset + size));
  return { type: m.type, lval: componentLval(object, offset), bytes };
}

function indexValue(object: Value, index: Value, ctx: EvalContext): Value {
  if (object.unknownType !== undefined) throw new EvalError(unknownTypeMessage(object.unknownType));
  const r = resolve(object.type);
  if (!isIntegral(index.type)) throw new EvalError('Argument to arithmetic operation not a number or boolean.');
  const i = toBigInt(index, ctx);
  if (r.kind === 'array') {
    const size = sizeOf(r.element);
    if (object.lval?.kind === 'memory' && (object.lazy || !object.bytes)) return lazyAt(r.element, object.lval.address + i * BigInt(size));
    if (r.count !== null && (i < 0n || i >= BigInt(r.count))) throw new EvalError(`no such vector element`);
    const at = Number(i) * size;
    return { type: r.element, lval: componentLval(object, at), bytes: Buffer.from(bytesOf(object, ctx).subarray(at, at + size)) };
  }
  if (r.kind === 'pointer') return dereference(binaryArith('+', object, index, ctx), ctx);
  throw new EvalError('cannot subscript something of type `' + typeName(object.type) + "'");
}

function artificialArray(left: Value, right: Value, ctx: EvalContext): Value {
  if (left.lval?.kind !== 'memory') throw new EvalError('Only values in memory can be extended with \'@\'.');
  const n = Number(toBigInt(right, ctx));
  if (n <= 0) throw new EvalError(`Invalid number ${n} of repetitions.`);
  return lazyAt({ kind: 'array', element: left.type, count: n }, left.lval.address);
}

function dollar(name: string, ctx: EvalContext): Value {
  const hist = (i: number): Value => {
    const len = ctx.historyLength();
    if (i > len) throw new EvalError(`History has not yet reached $${i}.`);
    const v = i <= 0 ? undefined : ctx.historyValue(i);
    return v ?? { type: T.void, lval: null, bytes: Buffer.alloc(0) };
  };
  // gdb's words when the history is too short for `$` or `$$N`.
  const back = (n: number): Value => {
    if (ctx.historyLength() - n < 1) throw new EvalError(n === 0 ? 'The history is empty.' : `History does not go back to $$${n}.`);
    return hist(ctx.historyLength() - n);
  };
  if (name === '') return back(0);
  if (name === '$') return back(1);
  let m = /^\$(\d+)$/.exec(name);
  if (m) return back(Number(m[1]));
  m = /^(\d+)$/.exec(name);
  if (m) return hist(Number(m[1]) === 0 ? ctx.historyLength() : Number(m[1]));
  const reg = ctx.readRegister(name);
  if (reg) return reg;
  const conv = ctx.getConvenience(name);
  if (conv) return conv;
  return { type: T.void, lval: { kind: 'internal', name }, bytes: Buffer.alloc(0) };
}

/** The bytes to store for `value` into a bit-field `target` (merged with its neighbours). */
function mergeBits(target: Value, value: Value, ctx: EvalContext): Buffer {
  const old = bytesOf(target, ctx);
  let word = 0n;
  for (let i = old.length - 1; i >= 0; i--) word = (word << 8n) | BigInt(old[i]);
  const pos = BigInt(target.bitPos ?? 0);
  const mask = ((1n << BigInt(target.bitSize!)) - 1n) << pos;
  word = (word & ~mask) | ((BigInt.asUintN(target.bitSize!, toBigInt(value, ctx)) << pos) & mask);
  const data = Buffer.alloc(old.length);
  for (let i = 0; i < old.length; i++) { data[i] = Number(word & 0xffn); word >>= 8n; }
  return data;
}

function assign(target: Value, source: Value, ctx: EvalContext): Value {
  if (target.unknownType !== undefined) throw new EvalError(unknownTypeMessage(target.unknownType));
  const lval = target.lval;
  if (lval?.kind === 'internal' && lval.offset === undefined) {
    const stored: Value = { ...source, bytes: Buffer.from(bytesOf(source, ctx)), lazy: false, lval };
    ctx.setConvenience(lval.name, stored);
    return stored;
  }
  if (!lval) throw new EvalError('Left operand of assignment is not an lvalue.');
  const tr = resolve(target.type);
  let value: Value;
  if (isScalar(target.type)) value = convert(decay(source), target.type, ctx);
  else if (tr.kind === 'struct' || tr.kind === 'union' || tr.kind === 'array') {
    const size = sizeOf(target.type);
    const src = bytesOf(source, ctx);
    if (tr.kind !== 'array' && sizeOf(source.type) !== size) throw new EvalError('Invalid cast.');
    // gdb stores a shorter array into a longer one, leaving the tail as it was.
    const bytes = Buffer.from(bytesOf(target, ctx));
    src.copy(bytes, 0, 0, Math.min(size, src.length));
    value = { type: target.type, lval: null, bytes };
  } else throw new EvalError('Invalid cast.');
  if (lval.kind === 'register') {
    ctx.writeRegister(lval.name, value);
    return { ...value, lval };
  }
  const data = target.bitSize !== undefined ? mergeBits(target, value, ctx) : value.bytes!;
  if (lval.kind === 'internal') {
    const whole = ctx.getConvenience(lval.name);
    if (!whole?.bytes) throw new EvalError('Left operand of assignment is not an lvalue.');
    const bytes = Buffer.from(whole.bytes);
    data.copy(bytes, lval.offset);
    ctx.setConvenience(lval.name, { ...whole, bytes });
  } else {
    ctx.writeMemory(lval.address, data);
  }
  return target.bitSize !== undefined ? { ...target, bytes: data, lazy: false } : { type: target.type, lval, bytes: Buffer.from(data) };
}

function literalString(bytes: Buffer): Value {
  const withNul = Buffer.concat([bytes, Buffer.alloc(1)]);
  return { type: { kind: 'array', element: T.char, count: withNul.length }, lval: null, bytes: withNul };
}

export function evaluateNode(node: Node, ctx: EvalContext): Value {
  switch (node.kind) {
    case 'int': {
      if (node.value > 0xffffffffffffffffn) throw new EvalError('Numeric constant too large.');
      const type = node.longLong ? (node.unsigned ? T.ulonglong : T.longlong)
        : node.long ? (node.unsigned ? T.ulong : T.long) : (node.unsigned ? T.uint : T.int);
      return makeInt(type, node.value);
    }
    case 'float': return node.long !== undefined ? makeLongDouble(T.longdouble, fromDecimal(node.long)) : makeFloat(node.single ? T.float : T.double, node.value);
    case 'char': return makeInt(T.char, BigInt(node.value));
    case 'string': return literalString(node.bytes);
    case 'ident': {
      const v = ctx.lookupSymbol(node.name);
      if (!v) throw new EvalError(`No symbol "${node.name}" in current context.`);
      return v;
    }
    case 'scoped': {
      if (!ctx.lookupScoped) throw new EvalError(`No symbol "${node.scope}" in current context.`);
      const v = ctx.lookupScoped(node.scope, node.name);
      if (!v) throw new EvalError(`No symbol "${node.name}" in specified context.`);
      return v;
    }
    case 'dollar': return dollar(node.name, ctx);
    case 'unary': return unary(node.op, node.operand, ctx);
    case 'postfix': {
      const target = evaluateNode(node.operand, ctx);
      const old = { ...target, bytes: Buffer.from(bytesOf(target, ctx)), lazy: false, lval: null };
      assign(target, binaryArith(node.op === '++' ? '+' : '-', target, makeInt(T.int, 1n), ctx), ctx);
      return old;
    }
    case 'type': throw new EvalError('Attempt to use a type name as an expression');
    case 'sizeofType': return makeInt(T.int, BigInt(sizeOf(resolveTypeSpec(node.type, ctx))));
    case 'sizeofExpr': {
      const v = evaluateNode(node.operand, ctx);
      if (v.unknownType !== undefined) throw new EvalError(unknownTypeMessage(v.unknownType));
      return makeInt(T.int, BigInt(sizeOf(v.type)));
    }
    case 'cast': {
      const type = resolveTypeSpec(node.type, ctx);
      if (node.operand.kind === 'call' && resolve(type).kind !== 'void') {
        const call = callFunction(evaluateNode(node.operand.fn, ctx), node.operand.args.map((a) => evaluateNode(a, ctx)), ctx, type);
        return convert(call, type, ctx);
      }
      const operand = evaluateNode(node.operand, ctx);
      const kind = resolve(type).kind;
      // A data object without debug info is read as the type it is cast to (gdb).
      if (operand.unknownType !== undefined && operand.lval?.kind === 'memory') return lazyAt(type, operand.lval.address);
      // gdb reinterprets memory when casting an lvalue to an aggregate of another type.
      if ((kind === 'struct' || kind === 'union' || kind === 'array') && operand.lval?.kind === 'memory' && resolve(operand.type) !== resolve(type)) {
        return lazyAt(type, operand.lval.address);
      }
      return convert(operand, type, ctx);
    }
    case 'binary': {
      if (node.op === '&&') {
        const l = evaluateNode(node.left, ctx);
        return makeInt(T.int, isTrue(l, ctx) && isTrue(evaluateNode(node.right, ctx), ctx) ? 1n : 0n);
      }
      if (node.op === '||') {
        const l = evaluateNode(node.left, ctx);
        return makeInt(T.int, isTrue(l, ctx) || isTrue(evaluateNode(node.right, ctx), ctx) ? 1n : 0n);
      }
      const l = evaluateNode(node.left, ctx);
      const r = evaluateNode(node.right, ctx);
      if (node.op === '@') return artificialArray(l, r, ctx);
      return binary(node.op, l, r, ctx);
    }
    case 'assign': {
      const target = evaluateNode(node.left, ctx);
      let source = evaluateNode(node.right, ctx);
      if (node.op !== '=') source = binary(node.op, target, source, ctx);
      return assign(target, source, ctx);
    }
    case 'ternary': return evaluateNode(isTrue(evaluateNode(node.cond, ctx), ctx) ? node.then : node.else, ctx);
    case 'comma': evaluateNode(node.left, ctx); return evaluateNode(node.right, ctx);
    case 'member': {
      // gdb's value_struct_elt, for `.` and `->` alike: an array is its first element's address,
      // pointers are followed as far as they go, and a struct or union must be left.
      let object = evaluateNode(node.object, ctx);
      if (resolve(object.type).kind === 'array') object = decay(object);
      while (resolve(object.type).kind === 'pointer') {
        const target = resolve((resolve(object.type) as { target: Type }).target);
        if (target.kind !== 'struct' && target.kind !== 'union' && target.kind !== 'class' && target.kind !== 'pointer') break;
        object = dereference(object, ctx);
      }
      const kind = resolve(object.type).kind;
      if (node.arrow && object.unknownType === undefined && kind !== 'struct' && kind !== 'union' && kind !== 'class') {
        throw new EvalError('Attempt to extract a component of a value that is not a structure pointer.');
      }
      return memberOf(object, node.name, ctx);
    }
    case 'index': return indexValue(evaluateNode(node.object, ctx), evaluateNode(node.index, ctx), ctx);
    case 'call': {
      const internal = node.fn.kind === 'dollar' && ctx.getConvenience(node.fn.name) === undefined ? internalFunction(node.fn.name) : undefined;
      if (internal) return internal(node.args.map((a) => evaluateNode(a, ctx)), ctx);
      const fn = evaluateNode(node.fn, ctx);
      const t = resolve(fn.type);
      if (t.kind === 'function' && !t.ifunc && (t.returnType === unknownReturnType || t.asm)) throw unknownReturn(node.fn.kind === 'ident' ? node.fn.name : unparse(node.fn));
      return callFunction(fn, node.args.map((a) => evaluateNode(a, ctx)), ctx);
    }
  }
}

function unknownReturn(name: string): EvalError {
  return new EvalError(`'${name}' has unknown return type; cast the call to its declared return type`);
}

/** A GNU indirect function's resolver: no arguments, the implementation's address back. */
const resolverType: FunctionType = { kind: 'function', returnType: { kind: 'pointer', size: 8, target: { kind: 'void' } }, params: [], varargs: false, prototyped: true };

/** `f(args)`: a function or pointer to function, called in the program through the context. */
function callFunction(fn: Value, args: Value[], ctx: EvalContext, returnType?: Type): Value {
  let t = resolve(fn.type);
  let address: bigint;
  if (t.kind === 'pointer' && resolve(t.target).kind === 'function') {
    address = toAddress(fn, ctx);
    t = resolve(t.target);
  } else if (t.kind === 'function' && fn.lval?.kind === 'memory') {
    address = fn.lval.address;
  } else {
    throw new EvalError('Cannot perform a function call on a value that is not a function.');
  }
  if (t.kind !== 'function') throw new EvalError('Cannot perform a function call on a value that is not a function.');
  if (t.ifunc) {
    // The resolver first: the implementation it returns is what is called.
    const impl = toAddress(ctx.callFunction?.(address, resolverType, []) ?? fn, ctx);
    const found = ctx.functionStartingAt?.(impl);
    if (!returnType && !found?.type) throw unknownReturn(found?.name ?? `0x${impl.toString(16)}`);
    return callFunction({ type: found?.type && !returnType ? found.type : { ...t, ifunc: false }, lval: { kind: 'memory', address: impl }, bytes: Buffer.alloc(1) }, args, ctx, returnType);
  }
  if (args.length < t.params.length) throw new EvalError('Too few arguments in function call.');
  if (t.prototyped && !t.varargs && !t.asm && args.length > t.params.length) throw new EvalError('Too many arguments in function call.');
  if (!ctx.callFunction) throw new EvalError('You can\'t do that without a process to debug.');
  // An array only the debugger holds (a string literal) goes as is: the caller places it in
  // the program's memory and passes its address.
  const held = (a: Value): boolean => resolve(a.type).kind === 'array' && a.lval?.kind !== 'memory';
  const converted = args.map((a, i) => (held(a) ? fetch(a, ctx) : i < t.params.length ? convert(a, t.params[i], ctx) : fetch(a, ctx)));
  // `(TYPE) f(...)` of a function without debug info: called as returning TYPE (gdb).
  const called = returnType && (t.returnType === unknownReturnType || t.asm) ? { ...t, returnType, asm: false } : t;
  return ctx.callFunction(address, called, converted);
}

function unary(op: string, operand: Node, ctx: EvalContext): Value {
  const v = evaluateNode(operand, ctx);
  if (['-', '+', '!', '~'].includes(op)) noUserOperator(op, v);
  switch (op) {
    case '&': {
      const r = resolve(v.type);
      if (r.kind === 'function' && v.lval?.kind === 'memory') return makeInt(pointerTo(v.type), v.lval.address);
      return addressOf(v);
    }
    case '*': {
      const r = resolve(v.type);
      if (r.kind === 'function') return v;
      if (r.kind === 'pointer' && resolve(r.target).kind === 'function') return lazyAt(r.target, toBigInt(v, ctx));
      return dereference(v, ctx);
    }
    case '-': {
      if (isFloat(v.type)) {
        // gdb negates as 0 - x: NaNs pass through, zero stays +0, long doubles stay exact.
        const x = isLongDouble(v.type) ? toExt(v, ctx) : fromDouble(toNumber(v, ctx));
        if (x.kind === 'nan') return { type: v.type, lval: null, bytes: Buffer.from(bytesOf(v, ctx)) };
        if (isZero(x)) return makeFloat(v.type, 0);
        const b = Buffer.from(bytesOf(v, ctx));
        b[sizeOf(v.type) === 16 ? 9 : b.length - 1] ^= 0x80;
        return { type: v.type, lval: null, bytes: b };
      }
      const p = promote(v, ctx);
      return makeInt(p.type, -toBigInt(p, ctx));
    }
    case '+': {
      if (isFloat(v.type)) return v;
      return promote(v, ctx);
    }
    case '~': {
      if (!isIntegral(v.type)) throw new EvalError('Argument to complement operation not an integer, boolean.');
      const p = promote(v, ctx);
      return makeInt(p.type, ~toBigInt(p, ctx));
    }
    case '!': return makeInt(T.int, isTrue(v, ctx) ? 0n : 1n);
    case '++': case '--':
      return assign(v, binaryArith(op === '++' ? '+' : '-', v, makeInt(T.int, 1n), ctx), ctx);
  }
  throw new EvalError(`unsupported operator ${op}`);
}

/** gdb looks for C++ operator overloads on structs and reports their absence. */
function noUserOperator(op: string, ...operands: Value[]): void {
  for (const v of operands) {
    const k = resolve(v.type).kind;
    if (k === 'struct' || k === 'union' || k === 'class') throw new EvalError(`Structure has no component named operator${op}.`);
  }
}

function binary(op: BinaryOp, l: Value, r: Value, ctx: EvalContext): Value {
  noUserOperator(op, l, r);
  if (['<', '>', '<=', '>=', '==', '!='].includes(op)) return compare(op, decay(l), decay(r), ctx);
  return binaryArith(op, l, r, ctx);
}

