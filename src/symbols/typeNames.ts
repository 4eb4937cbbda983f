// Named-type lookup: an index of type DIEs by C spelling ('struct point', 'enum color', typedef and
// base names) and of enumerators by name, with gdb's spellings of the base types and synthetic ones for names DWARF lacks.
import type { Die } from './native';
import type { BaseEncoding, Type } from './types';
import { AT, TAG } from './dwarfConstants';

export type TypeNameIndex = Map<string, Die>;

const TYPE_TAGS = new Set<number>([TAG.base_type, TAG.typedef, TAG.structure_type, TAG.union_type,
  TAG.enumeration_type, TAG.class_type]);

function keyOf(d: Die): string | undefined {
  const name = d.attrs[AT.name];
  if (typeof name !== 'string') return undefined;
  switch (d.tag) {
    case TAG.structure_type: return `struct ${name}`;
    case TAG.class_type: return `class ${name}`;
    case TAG.union_type: return `union ${name}`;
    case TAG.enumeration_type: return `enum ${name}`;
    default: return name;
  }
}

export function buildTypeNameIndex(trees: Die[]): TypeNameIndex {
  const index: TypeNameIndex = new Map();
  const walk = (d: Die): void => {
    if (TYPE_TAGS.has(d.tag)) {
      const k = keyOf(d);
      // A complete definition wins over a declaration.
      if (k && (!index.has(k) || (index.get(k)!.attrs[AT.declaration] && !d.attrs[AT.declaration]))) index.set(k, d);
    }
    if (d.tag === TAG.enumeration_type) {
      for (const c of d.children) {
        const name = c.attrs[AT.name];
        if (c.tag === TAG.enumerator && typeof name === 'string' && !index.has(`enumerator ${name}`)) index.set(`enumerator ${name}`, d);
      }
    }
    for (const c of d.children) walk(c);
  };
  for (const t of trees) walk(t);
  return index;
}

/** The enum type declaring an enumerator, and its value. */
export function lookupEnumerator(index: TypeNameIndex, name: string, build: (d: Die) => Type): { type: Type; value: bigint } | undefined {
  const die = index.get(`enumerator ${name}`);
  const type = die ? build(die) : undefined;
  const e = type?.kind === 'enum' ? type.enumerators.find((x) => x.name === name) : undefined;
  return e ? { type: type!, value: e.value } : undefined;
}

/** C spellings to the names gcc writes in DW_AT_name. */
const CANONICAL: Record<string, string> = {
  'unsigned': 'unsigned int', 'signed': 'int', 'signed int': 'int', 'short': 'short int',
  'signed short': 'short int', 'short signed': 'short int', 'unsigned short': 'short unsigned int',
  'short unsigned': 'short unsigned int', 'unsigned short int': 'short unsigned int', 'long': 'long int',
  'signed long': 'long int', 'unsigned long': 'long unsigned int', 'unsigned long int': 'long unsigned int',
  'long unsigned': 'long unsigned int', 'long long': 'long long int', 'signed long long': 'long long int',
  'unsigned long long': 'long long unsigned int', 'unsigned long long int': 'long long unsigned int',
  'long long unsigned': 'long long unsigned int', '_Bool': '_Bool', 'bool': '_Bool',
};

const SYNTHETIC: Record<string, [number, BaseEncoding]> = {
  'char': [1, 'signed_char'], 'signed char': [1, 'signed_char'], 'unsigned char': [1, 'unsigned_char'],
  'short int': [2, 'signed'], 'short unsigned int': [2, 'unsigned'], 'int': [4, 'signed'],
  'unsigned int': [4, 'unsigned'], 'long int': [8, 'signed'], 'long unsigned int': [8, 'unsigned'],
  'long long int': [8, 'signed'], 'long long unsigned int': [8, 'unsigned'], 'float': [4, 'float'],
  'double': [8, 'float'], 'long double': [16, 'float'], '_Bool': [1, 'bool'],
};

const synthetic = new Map<string, Type>();

/** gdb's spelling of a base type from its specifier words ('long unsigned int' → 'unsigned long'). */
export function gdbBaseName(words: string[]): string {
  const has = (w: string): number => words.filter((x) => x === w).length;
  const unsigned = has('unsigned') > 0;
  const signed = has('signed') > 0;
  if (has('void')) return 'void';
  if (has('_Bool')) return '_Bool';
  if (has('float')) return 'float';
  if (has('double')) return has('long') ? 'long double' : 'double';
  if (has('char')) return unsigned ? 'unsigned char' : signed ? 'signed char' : 'char';
  const longs = has('long');
  const core = has('short') ? 'short' : longs >= 2 ? 'long long' : longs === 1 ? 'long' : 'int';
  return unsigned ? `unsigned ${core}` : core;
}

const INTEGER_WORDS = new Set(['short', 'long', 'int', 'unsigned', 'signed', 'char']);

/** How gdb names a DWARF base type: gcc's C integer names respelled ('short int' is 'short'),
 * others ('__int128 unsigned', 'long double') as written. */
export function gdbSpelling(dwarfName: string): string {
  const words = dwarfName.split(' ');
  return words.every((w) => INTEGER_WORDS.has(w)) ? gdbBaseName(words) : dwarfName;
}

/** Resolves a type name; trailing '*'s make pointers. Undefined when unknown. */
export function lookupTypeByName(index: TypeNameIndex, text: string, build: (d: Die) => Type): Type | undefined {
  const m = /^(.*?)\s*(\**)$/.exec(text.trim().replace(/\s+/g, ' '))!;
  let name = m[1];
  const stars = m[2].length;
  name = CANONICAL[name] ?? name;
  const die = index.get(name);
  let t: Type | undefined = die ? build(die) : undefined;
  if (!t && SYNTHETIC[name]) {
    if (!synthetic.has(name)) synthetic.set(name, { kind: 'base', name: gdbSpelling(name), size: SYNTHETIC[name][0], encoding: SYNTHETIC[name][1] });
    t = synthetic.get(name);
  }
  if (!t && name === 'void') t = { kind: 'void' };
  if (!t) return undefined;
  for (let i = 0; i < stars; i++) t = { kind: 'pointer', size: 8, target: t };
  return t;
}
