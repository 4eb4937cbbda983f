// gdb's spelling of C types: `typeName` for whatis and pointer prefixes (`int (*)(int, int)`,
// `char [6]`, `const char *`), `typeDefinition` for ptype (bodies of structs, unions, enums).
import { resolve, type EnumType, type FunctionType, type StructType, type Type } from '../symbols/types';

/** The name of the innermost non-derived type, e.g. 'struct point', 'unsigned long'. */
export function baseName(t: Type): string {
  switch (t.kind) {
    case 'base': return t.name;
    case 'void': return 'void';
    case 'typedef': return t.name;
    case 'struct': case 'union': case 'class': return t.name ? `${t.kind} ${t.name}` : `${t.kind} {...}`;
    case 'enum':
      // gdb's register flag types are named without `enum`.
      if (t.name?.startsWith('i386_')) return t.name;
      return t.name ? `enum ${t.name}` : 'enum {...}';
    default: return '?';
  }
}

function params(f: FunctionType): string {
  const list = f.params.map((p) => typeName(p));
  if (f.varargs) list.push('...');
  if (list.length === 0 && f.prototyped) return '(void)';
  return `(${list.join(', ')})`;
}

/** Spells type `t` around an inner declarator (a variable name, or '' for an abstract type);
 * `body` renders the base type (a name, or a struct body for ptype). */
export function declare(t: Type, inner: string, body: (t: Type) => string): string {
  switch (t.kind) {
    case 'pointer': return declare(t.target, inner ? `*${inner}` : '*', body);
    case 'const': case 'volatile': case 'restrict': {
      if (t.target.kind === 'pointer') return declare(t.target.target, `* ${t.kind}${inner ? ` ${inner}` : ''}`, body);
      return `${t.kind} ${declare(t.target, inner, body)}`;
    }
    case 'array': {
      // (gdb writes the lane count where C's attribute has the size in bytes.)
      if (t.vector) return `${declare(t.element, inner, body)} __attribute__ ((vector_size(${t.count})))`;
      const wrapped = inner.startsWith('*') ? `(${inner})` : inner;
      return declare(t.element, `${wrapped}[${t.count ?? ''}]`, body);
    }
    case 'function': {
      const wrapped = inner.startsWith('*') ? `(${inner})` : inner;
      return declare(t.returnType, `${wrapped}${params(t)}`, body);
    }
    default: {
      const b = body(t);
      return inner ? `${b} ${inner}` : b;
    }
  }
}

/** `int`, `struct point *`, `char [6]`, `int (*)(int, int)`, `const char *`. */
export function typeName(t: Type): string {
  return declare(t, '', baseName);
}

/** A declaration of `name` with type `t`, as ptype lists members: `int (*f)(int, int)`. */
export function declaration(t: Type, name: string): string {
  return declare(t, name, baseName);
}

function enumBody(r: EnumType): string {
  const body = r.enumerators.map((e, i) => {
    const implicit = i === 0 ? e.value === 0n : e.value === r.enumerators[i - 1].value + 1n;
    return implicit ? e.name : `${e.name} = ${e.value}`;
  });
  return `${baseName(r).replace(' {...}', '')} {${body.join(', ')}}`;
}

/** ptype's rendering of a base type: structs, unions and enums with their bodies when
 * `expand` (the outermost one), anonymous ones (they have no other name) down to gdb's depth:
 * `show` is 1 at the top and one less a level; below 0 they are `struct {...}`. */
export function bodyOf(b: Type, indent: string, expand: boolean, show: number): string {
  const r = expand && b.kind === 'typedef' ? resolve(b) : b;
  if ((r.kind === 'struct' || r.kind === 'union' || r.kind === 'class') && (expand || (!r.name && show >= 0))) return structBody(r, indent, show);
  if (r.kind === 'enum' && (expand || (!r.name && show >= 0))) return enumBody(r);
  return baseName(b);
}

function structBody(s: StructType, indent: string, show: number): string {
  const head = baseName(s).replace(' {...}', '');
  if (s.incomplete) return `${head} {\n${indent}    <incomplete type>\n${indent}}`;
  const inner = `${indent}    `;
  const lines = s.members.map((m) => {
    const decl = declare(m.type, m.name ?? '', (b) => bodyOf(b, inner, false, show - 1));
    const bits = m.bitSize !== undefined ? ` : ${m.bitSize}` : '';
    return `${inner}${decl}${bits};`;
  });
  return `${head} {\n${lines.join('\n')}${lines.length ? '\n' : ''}${indent}}`;
}

/** `t` with the typedefs along its declarator (pointer targets, array elements, return types,
 * not parameters) replaced by what they name, as ptype spells them: `int (*[2])(int, char)`. */
export function withoutTypedefs(t: Type): Type {
  switch (t.kind) {
    case 'typedef': return withoutTypedefs(t.target);
    case 'pointer': return { ...t, target: withoutTypedefs(t.target) };
    case 'const': case 'volatile': case 'restrict': return { ...t, target: withoutTypedefs(t.target) };
    case 'array': return { ...t, element: withoutTypedefs(t.element) };
    case 'function': return { ...t, returnType: withoutTypedefs(t.returnType) };
    default: return t;
  }
}

/** ptype's text (after `type = `): the base struct, union or enum spelled out in full. */
export function typeDefinition(t: Type): string {
  return declare(withoutTypedefs(t), '', (b) => bodyOf(b, '', true, 1));
}
