// Line table, breakpoint addresses and prologue skipping, checked against gdb reading the same file.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { compileFixture } from '../helpers/compile';
import { Program } from '../../src/symbols/Program';
import { gdbOutputs, hex } from './gdbStatic';

const fixture = path.join(__dirname, '../../../test/symbols/fixtures/symtab.c');
const functionNames = ['add', 'mul', 'apply', 'sum_to', 'nested', 'recurse', 'make_flags', 'main'];

function parseBreak(out: string): { address: bigint; line: number } | undefined {
  const m = /Breakpoint \d+ at (0x[0-9a-f]+): file .*, line (\d+)\./.exec(out);
  return m ? { address: BigInt(m[1]), line: Number(m[2]) } : undefined;
}

for (const flags of [['-g', '-O0'], ['-g', '-O2']]) {
  describe(`symbols: lines and breakpoints vs gdb (${flags.join(' ')})`, () => {
    const exe = compileFixture(fixture, flags);
    const program = Program.open(exe);
    after(() => program.close());

    it('puts `break FUNC` where gdb does', () => {
      const names = functionNames;
      const outs = gdbOutputs(exe, names.map((n) => `break ${n}`));
      names.forEach((n, i) => {
        const g = parseBreak(outs[i]);
        const fns = program.functionsByName(n);
        if (!g) {
          assert.equal(fns.length, 0, `gdb has no location for ${n}: ${outs[i]}`);
          return;
        }
        assert.equal(fns.length, 1, `one location for ${n}`);
        const addr = program.prologueEnd(fns[0]);
        assert.equal(hex(addr), hex(g.address), `break ${n}`);
        assert.equal(program.rowAt(addr)?.line, g.line, `line of break ${n}`);
      });
    });

    it('puts `break FILE:LINE` where gdb does, for every line', () => {
      const lineCount = fs.readFileSync(fixture, 'utf8').split('\n').length;
      const lines = Array.from({ length: lineCount }, (_, i) => i + 1);
      const outs = gdbOutputs(exe, lines.flatMap((l) => [`break symtab.c:${l}`, 'delete']));
      let compared = 0;
      lines.forEach((l, i) => {
        const out = outs[2 * i];
        const ours = program.lineBreakpoints('symtab.c', l);
        const single = parseBreak(out);
        const multi = /Breakpoint \d+ at (0x[0-9a-f]+): symtab\.c:(\d+)\. \((\d+) locations\)/.exec(out);
        if (single) {
          assert.equal(ours.length, 1, `line ${l}: gdb has one location, we have ${ours.length}`);
          assert.equal(hex(ours[0].address), hex(single.address), `break symtab.c:${l}`);
          assert.equal(ours[0].line, single.line, `line reported for break symtab.c:${l}`);
          compared++;
        } else if (multi) {
          assert.equal(ours.length, Number(multi[3]), `line ${l}: location count`);
          compared++;
        } else {
          assert.equal(ours.length, 0, `line ${l}: gdb found no code (${out}), we found ${ours.map((o) => hex(o.address))}`);
        }
      });
      assert.ok(compared > 20, `compared ${compared} lines`);
    });

    it('maps every code address to gdb\'s line and row range', () => {
      const main = program.functionByName('main')!;
      const text = program.main.module.loadSegments().find((s) => (s.flags & 1) !== 0)!;
      const cu = program.main.module.cus[0];
      const [lo, hi] = cu.ranges.reduce(([a, b], [l, h]) => [l < a ? l : a, h > b ? h : b], [text.vaddr + text.memsz, 0n]);
      assert.ok(lo <= main.low && main.low < hi);
      const addrs: bigint[] = [];
      for (let a = lo; a < hi; a++) addrs.push(a);
      const outs = gdbOutputs(exe, addrs.map((a) => `info line *${hex(a)}`));
      addrs.forEach((a, i) => {
        const row = program.rowAt(a);
        const m = /^Line (\d+) of "(.*)" starts at address (0x[0-9a-f]+) <[^>]*> and ends at (0x[0-9a-f]+)/.exec(outs[i]);
        if (!m) {
          assert.ok(!row || /No line number/.test(outs[i]) === false, `${hex(a)}: gdb says ${outs[i]}, we say line ${row?.line}`);
          return;
        }
        assert.ok(row, `${hex(a)}: gdb has line ${m[1]}`);
        assert.deepEqual([row.line, row.file, hex(row.start), hex(row.end)], [Number(m[1]), m[2], m[3], m[4]], `info line *${hex(a)}`);
      });
    });

    it('symbolizes functions and data like `info symbol`', () => {
      const targets: bigint[] = [];
      for (const n of functionNames) {
        const f = program.functionByName(n);
        if (f) targets.push(f.low, f.low + 3n);
      }
      const data = program.main.module.symbols().filter((s) => s.type === 'object' && s.shndx !== 0 && s.size > 0);
      for (const s of data) targets.push(s.value, s.value + BigInt(s.size - 1));
      const stubs = program.main.module.elfFunctions().filter((f) => f.trampoline);
      assert.ok(stubs.some((f) => f.name === 'printf@plt'), 'the printf PLT stub');
      for (const f of stubs) targets.push(f.low, f.low + 6n);
      const outs = gdbOutputs(exe, targets.map((a) => `info symbol ${hex(a)}`));
      targets.forEach((a, i) => {
        const m = /^(\S+)(?: \+ (\d+))? in section/.exec(outs[i]);
        if (!m) {
          assert.equal(program.symbolize(a), undefined, `info symbol ${hex(a)}: ${outs[i]}`);
          return;
        }
        assert.equal(program.symbolize(a), m[2] ? `${m[1]}+${m[2]}` : m[1], `info symbol ${hex(a)}`);
      });
    });
  });
}

describe('symbols: line queries', () => {
  const exe = compileFixture(fixture);
  const program = Program.open(exe);
  after(() => program.close());

  it('gives step ranges that cover the whole line and statement starts', () => {
    const fn = program.functionByName('sum_to')!;
    const post = program.prologueEnd(fn);
    const row = program.rowAt(post)!;
    const range = program.stepRange(post)!;
    assert.ok(range[0] <= row.start && row.end <= range[1]);
    assert.equal(program.rowAt(range[1])?.line === row.line, false, 'the range ends where the line changes');
    assert.ok(program.isStatementStart(row.start));
    assert.equal(program.isStatementStart(row.start + 1n) && program.rowAt(row.start + 1n)!.start !== row.start + 1n, false);
  });

  it('gives the ranges of a line; the first is what `info line FILE:LINE` shows', () => {
    const lines = [11, 21, 25, 38, 39, 52, 95];
    const outs = gdbOutputs(exe, lines.map((l) => `info line symtab.c:${l}`));
    lines.forEach((l, i) => {
      const m = /starts at address (0x[0-9a-f]+) <[^>]*> and ends at (0x[0-9a-f]+)/.exec(outs[i]);
      const ranges = program.lineRanges('symtab.c', l);
      if (!m) {
        assert.deepEqual(ranges, [], `line ${l}: ${outs[i]}`);
        return;
      }
      assert.ok(ranges.length > 0, `line ${l}`);
      assert.deepEqual([hex(ranges[0][0]), hex(ranges[0][1])], [m[1], m[2]], `info line symtab.c:${l}`);
    });
  });

  it('finds source files by basename and path suffix', () => {
    assert.equal(program.findSourceFile('symtab.c'), fixture);
    assert.equal(program.findSourceFile('fixtures/symtab.c'), fixture);
    assert.equal(program.findSourceFile('tab.c'), undefined);
    assert.equal(program.mainSourceFile(), fixture);
    assert.deepEqual(program.lineBreakpoints('nosuch.c', 10), []);
  });
});

describe('symbols: a binary without debug info', () => {
  const exe = compileFixture(fixture, ['-O0']);
  const program = Program.open(exe);
  after(() => program.close());

  it('loads with hasDebugInfo false and functions from the symbol table', () => {
    assert.equal(program.hasDebugInfo, false);
    const main = program.functionByName('main')!;
    assert.ok(main && main.high > main.low);
    assert.equal(main.def.fromDebugInfo, false);
    assert.equal(program.rowAt(main.low), undefined);
    assert.equal(program.functionAt(main.low + 5n)?.name, 'main');
    assert.equal(program.hasLineInfo(main), false);
    const outs = gdbOutputs(exe, ['break main', 'break nested']);
    for (const [i, n] of ['main', 'nested'].entries()) {
      const m = /Breakpoint \d+ at (0x[0-9a-f]+)/.exec(outs[i])!;
      assert.equal(hex(program.prologueEnd(program.functionByName(n)!)), m[1], `break ${n}`);
    }
  });
});
