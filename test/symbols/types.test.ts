// Types built from DWARF compared with gdb's ptype/whatis of the same program.
import { strict as assert } from 'assert';
import * as path from 'path';
import { compileFixture } from '../helpers/compile';
import { Program } from '../../src/symbols/Program';
import { resolve, sizeOf, type StructType, type Type } from '../../src/symbols/types';
import { declare } from './cDecl';
import { gdbOutputs } from './gdbStatic';

const fixture = path.join(__dirname, '../../../test/symbols/fixtures/symtab.c');

interface OffsetLine { offset: number; bit?: number; size: number; decl: string }

/** Parses `ptype /o` member lines: "/*   0: 4   |   4 *\/    int level : 5;". */
function parsePtypeO(out: string): { members: OffsetLine[]; total: number } {
  const members: OffsetLine[] = [];
  for (const l of out.split('\n')) {
    const m = /^\/\*\s+(?:(\d+)(?::\s*(\d+))?\s*\|)?\s*(\d+) \*\/\s+(.*);$/.exec(l);
    if (m) members.push({ offset: Number(m[1] ?? 0), bit: m[2] === undefined ? undefined : Number(m[2]), size: Number(m[3]), decl: m[4] });
  }
  const total = Number(/total size \(bytes\):\s+(\d+)/.exec(out)?.[1]);
  return { members, total };
}

for (const flags of [['-g', '-O0'], ['-gdwarf-4', '-O0'], ['-gdwarf-2', '-O0']]) describe(`symbols: types vs gdb (${flags.join(' ')})`, () => {
  const exe = compileFixture(fixture, flags);
  const program = Program.open(exe);
  after(() => program.close());

  it('lays out structs and unions, bit-fields included, as ptype /o does', () => {
    const names = ['struct point', 'union value', 'struct flags', 'struct node', 'struct matrix'];
    const outs = gdbOutputs(exe, names.map((n) => `ptype /o ${n}`));
    names.forEach((n, i) => {
      const t = program.lookupType(n) as StructType;
      assert.ok(t, n);
      const g = parsePtypeO(outs[i]);
      assert.equal(sizeOf(t), g.total, `sizeof ${n}`);
      assert.equal(t.members.length, g.members.length, `${n} member count`);
      t.members.forEach((m, j) => {
        const gm = g.members[j];
        const decl = m.bitSize !== undefined ? `${declare(m.type, m.name ?? '')} : ${m.bitSize}` : declare(m.type, m.name ?? '');
        assert.equal(decl, gm.decl, `${n} member ${j}`);
        if (t.kind === 'union') return;
        if (m.bitOffset !== undefined) {
          assert.equal(Math.floor(m.bitOffset / 8), gm.offset, `${n}.${m.name} byte`);
          assert.equal(m.bitOffset % 8, gm.bit, `${n}.${m.name} bit`);
        } else {
          assert.equal(m.offset, gm.offset, `${n}.${m.name} offset`);
          assert.equal(sizeOf(m.type), gm.size, `${n}.${m.name} size`);
        }
      });
    });
  });

  it('names variables\' types as whatis does', () => {
    const vars = ['global_counter', 'file_ratio', 'greeting', 'nodes', 'ticks', 'favourite'];
    const outs = gdbOutputs(exe, vars.map((v) => `whatis ${v}`));
    vars.forEach((v, i) => {
      const sym = program.globalVariable(v);
      assert.ok(sym, v);
      assert.equal(`type = ${declare(sym.type, '')}`, outs[i], `whatis ${v}`);
    });
  });

  it('resolves typedefs, enums and function pointer types', () => {
    const outs = gdbOutputs(exe, ['ptype enum color', 'ptype binop_t', 'whatis point_t', 'ptype ulong_t', 'whatis make_flags', 'whatis main']);
    const color = program.lookupType('enum color')!;
    assert.equal(color.kind, 'enum');
    if (color.kind === 'enum') {
      const text = color.enumerators.map((e, k) => (BigInt(k) === e.value ? e.name : `${e.name} = ${e.value}`)).join(', ');
      assert.equal(`type = enum color {${text}}`, outs[0]);
      assert.equal(color.signed, true);
    }
    const binop = program.lookupType('binop_t')!;
    assert.equal(binop.kind, 'typedef');
    assert.equal(`type = ${declare(resolve(binop), '')}`, outs[1]);
    const pt = program.lookupType('point_t')!;
    // whatis on a typedef name shows what it names, one level down.
    assert.equal(pt.kind === 'typedef' && `type = ${declare(pt.target, '')}`, outs[2]);
    assert.equal(resolve(pt), program.lookupType('struct point'), 'a typedef resolves to the one struct object');
    assert.equal(`type = ${declare(resolve(program.lookupType('ulong_t')!), '')}`, outs[3]);
    assert.equal(`type = ${declare(program.functionByName('make_flags')!.type!, '')}`, outs[4]);
    assert.equal(`type = ${declare(program.functionByName('main')!.type!, '')}`, outs[5]);
  });

  it('builds recursive types as cycles and knows C base type spellings', () => {
    const node = program.lookupType('struct node') as StructType;
    const next = node.members.find((m) => m.name === 'next')!.type;
    assert.equal(next.kind === 'pointer' && next.target, node);
    const u = program.lookupType('unsigned int')!;
    assert.deepEqual([u.kind, sizeOf(u)], ['base', 4]);
    // Named as gdb names it, not as gcc's DW_AT_name spells it ('long unsigned int').
    assert.equal((program.lookupType('unsigned long') as { name: string }).name, 'unsigned long');
    const pp = program.lookupType('struct node **') as Type;
    assert.equal(declare(pp, ''), 'struct node **');
    assert.equal(program.lookupType('struct nosuch'), undefined);
    const m = program.lookupType('struct matrix') as StructType;
    const cells = m.members[0].type;
    assert.ok(cells.kind === 'array' && cells.count === 2 && cells.element.kind === 'array' && cells.element.count === 3);
  });
});
