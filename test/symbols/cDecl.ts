// Spells a types.ts Type the way gdb's whatis/ptype do ("struct node *", "int (*)(int, int)"),
// so tests can compare the built types with gdb's view of the same DWARF.
import type { Type } from '../../src/symbols/types';

function params(t: Type & { kind: 'function' }): string {
  const ps = t.params.map((p) => declare(p, ''));
  if (t.varargs) ps.push('...');
  return ps.length ? ps.join(', ') : t.prototyped ? 'void' : '';
}

/** The C declarator for `inner` (a name, or '' for an abstract type) of type t. */
export function declare(t: Type, inner: string): string {
  const sp = (head: string): string => (inner ? `${head} ${inner}` : head);
  switch (t.kind) {
    case 'base': return sp(t.name);
    case 'void': return sp('void');
    case 'typedef': return sp(t.name);
    case 'struct': case 'union': case 'class': case 'enum': return sp(`${t.kind} ${t.name ?? '{...}'}`);
    case 'pointer': {
      const tk = t.target.kind;
      return declare(t.target, tk === 'function' || tk === 'array' ? `(*${inner})` : `*${inner}`);
    }
    case 'array': return declare(t.element, `${inner}[${t.count ?? ''}]`);
    case 'function': return declare(t.returnType, `${inner}(${params(t)})`);
    case 'const': case 'volatile': case 'restrict':
      if (t.target.kind === 'pointer') return declare(t.target, ` ${t.kind}${inner ? ` ${inner}` : ''}`).replace('* ', '*');
      return `${t.kind} ${declare(t.target, inner)}`;
  }
}
