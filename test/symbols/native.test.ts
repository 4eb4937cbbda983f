// The rdb_dwarf addon against files with known shapes: errors, ELF info, symbols, units, DIEs, CFI.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { compileFixture } from '../helpers/compile';
import { dwarf, type Die } from '../../src/symbols/native';
import { AT, OP, TAG } from '../../src/symbols/dwarfConstants';
import { Program } from '../../src/symbols/Program';
import { gdbOutputs, hex } from './gdbStatic';

const fixture = path.join(__dirname, '../../../test/symbols/fixtures/symtab.c');

function find(d: Die, pred: (d: Die) => boolean): Die | undefined {
  if (pred(d)) return d;
  for (const c of d.children) { const f = find(c, pred); if (f) return f; }
  return undefined;
}

describe('symbols: native addon', () => {
  const exe = compileFixture(fixture);
  const nodebug = compileFixture(fixture, ['-O0']);

  it('throws readable errors for a missing file and a non-ELF file', () => {
    assert.throws(() => dwarf().open('/nonexistent/prog'), /\/nonexistent\/prog: No such file or directory/);
    assert.throws(() => dwarf().open(fixture), /not an ELF file/);
  });

  it('opens a non-x86-64 ELF and reports its machine', () => {
    const copy = path.join(os.tmpdir(), `rdb-arm-${process.pid}`);
    const bytes = fs.readFileSync(exe);
    bytes.writeUInt16LE(183, 18); // EM_AARCH64
    fs.writeFileSync(copy, bytes);
    try {
      const h = dwarf().open(copy);
      assert.equal(h.info().machine, 183);
      h.close();
    } finally {
      fs.unlinkSync(copy);
    }
  });

  it('reports ELF info, symbols and compile units', () => {
    const h = dwarf().open(exe);
    const info = h.info();
    assert.equal(info.machine, 62);
    assert.equal(info.elfClass, 64);
    assert.equal(info.type, 'dyn');
    assert.equal(info.hasDebugInfo, true);
    assert.match(info.buildId ?? '', /^[0-9a-f]{40}$/);
    assert.ok(info.segments.some((s) => s.type === 1 && (s.flags & 1) !== 0), 'an executable PT_LOAD');
    const syms = h.symbols();
    const main = syms.find((s) => s.name === 'main');
    assert.ok(main && main.type === 'func' && main.bind === 'global' && main.size > 0);
    assert.ok(syms.some((s) => s.name === 'global_counter' && s.type === 'object'));
    assert.ok(syms.some((s) => s.name === 'add' && s.bind === 'local'));
    const cus = h.compileUnits();
    assert.equal(cus.length, 1);
    assert.equal(cus[0].name, fixture);
    assert.ok(cus[0].files.includes(fixture));
    assert.ok(cus[0].ranges.some(([lo, hi]) => lo <= main!.value && main!.value < hi));
    const rows = h.lineTable(cus[0].offset);
    assert.ok(rows.length > 20);
    assert.ok(rows[rows.length - 1].endSequence);
    h.close();
    assert.throws(() => h.info(), /closed/);
  });

  it('decodes DIE attributes by form class', () => {
    const h = dwarf().open(exe);
    const cu = h.compileUnits()[0];
    const tree = h.dieTree(cu.offset);
    assert.equal(tree.tag, TAG.compile_unit);
    const main = find(tree, (d) => d.tag === TAG.subprogram && d.attrs[AT.name] === 'main')!;
    assert.equal(typeof main.attrs[AT.low_pc], 'bigint');
    assert.equal(typeof main.attrs[AT.high_pc], 'number'); // DWARF 4+: an offset from low_pc
    const fb = main.attrs[AT.frame_base] as { loc: Array<{ ops: Array<{ atom: number }> }> };
    assert.equal(fb.loc[0].ops[0].atom, OP.call_frame_cfa);
    const argc = main.children.find((c) => c.attrs[AT.name] === 'argc')!;
    const ref = argc.attrs[AT.type] as { ref: number };
    assert.equal(typeof ref.ref, 'number');
    const loc = (argc.attrs[AT.location] as { loc: Array<{ ops: Array<{ atom: number; number: bigint }> }> }).loc;
    assert.equal(loc[0].ops[0].atom, OP.fbreg);
    assert.equal(BigInt.asIntN(64, loc[0].ops[0].number), -132n);
    const color = find(tree, (d) => d.tag === TAG.enumeration_type)!;
    const blue = color.children.find((c) => c.attrs[AT.name] === 'BLUE')!;
    assert.equal(blue.attrs[AT.const_value], -2);
    const gc = find(tree, (d) => d.tag === TAG.variable && d.attrs[AT.name] === 'global_counter')!;
    const gloc = (gc.attrs[AT.location] as { loc: Array<{ ops: Array<{ atom: number; number: bigint }> }> }).loc;
    assert.equal(gloc[0].ops[0].atom, OP.addr);
    assert.equal(gloc[0].ops[0].number, h.symbols().find((s) => s.name === 'global_counter')!.value);
    assert.equal(gc.attrs[AT.external], 1);
    h.close();
  });

  it('works without debug info: symbols and .eh_frame CFI', () => {
    const h = dwarf().open(nodebug);
    assert.equal(h.info().hasDebugInfo, false);
    assert.deepEqual(h.compileUnits(), []);
    const main = h.symbols().find((s) => s.name === 'main')!;
    const row = h.frameAt(main.value)!;
    assert.ok(row, 'an .eh_frame row for main');
    assert.equal(row.raReg, 16);
    assert.throws(() => h.lineTable(0), /no DWARF/);
    assert.equal(h.frameAt(0x10n), null);
    h.close();
  });
});

describe('symbols: separate debug files', () => {
  const libc = '/lib/x86_64-linux-gnu/libc.so.6';

  it('finds libc\'s DWARF by build-id and agrees with gdb on its lines', function () {
    const h = dwarf().open(libc);
    const info = h.info();
    h.close();
    if (!info.debugFile) this.skip(); // libc6-dbg not installed
    assert.equal(info.hasDebugInfo, true);
    assert.match(info.debugFile!, /\/usr\/lib\/debug\/\.build-id\/[0-9a-f]{2}\/[0-9a-f]+\.debug$/);
    const program = Program.open(libc);
    try {
      const puts = program.functionsByName('puts')[0];
      assert.ok(puts.def.fromDebugInfo, 'puts from DWARF');
      const addrs = [puts.low, puts.low + 4n, program.prologueEnd(puts)];
      const outs = gdbOutputs(libc, addrs.map((a) => `info line *${hex(a)}`));
      addrs.forEach((a, i) => {
        const m = /^Line (\d+) of "(.*)" starts at address (0x[0-9a-f]+) <[^>]*> and ends at (0x[0-9a-f]+)/.exec(outs[i]);
        assert.ok(m, outs[i]);
        const row = program.rowAt(a)!;
        assert.deepEqual([row.line, row.file, hex(row.start), hex(row.end)], [Number(m[1]), m[2], m[3], m[4]]);
      });
      const g = /Breakpoint 1 at (0x[0-9a-f]+)/.exec(gdbOutputs(libc, ['break puts'])[0]);
      assert.equal(hex(program.prologueEnd(puts)), g?.[1]);
    } finally {
      program.close();
    }
  });
});
