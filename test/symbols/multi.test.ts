// Two compile units with same-named statics: per-CU lookups, several locations, gdb's choices.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { compileFixture } from '../helpers/compile';
import { Program } from '../../src/symbols/Program';
import { gdbOutputs, hex } from './gdbStatic';

const dir = path.join(__dirname, '../../../test/symbols/fixtures');

describe('symbols: several compile units', () => {
  // compileFixture passes flags before the source, so the second file rides along as a flag.
  const exe = compileFixture(path.join(dir, 'multi_main.c'), ['-g', '-O0', path.join(dir, 'multi_other.c')]);
  const program = Program.open(exe);
  after(() => program.close());

  it('finds both static helpers and breaks where gdb does', () => {
    const helpers = program.functionsByName('helper');
    assert.equal(helpers.length, 2);
    assert.deepEqual(helpers.map((h) => path.basename(h.declFile ?? '')).sort(), ['multi_main.c', 'multi_other.c']);
    assert.equal(program.functionsByName('helper', 'multi_other.c').length, 1);
    const outs = gdbOutputs(exe, ['info breakpoints', 'break multi_other.c:helper', 'break multi_other.c:6', 'break multi_main.c:3', 'break other_entry']);
    const addr = (o: string): string => /at (0x[0-9a-f]+)/.exec(o)![1];
    const other = program.functionsByName('helper', 'multi_other.c')[0];
    assert.equal(hex(program.prologueEnd(other)), addr(outs[1]));
    assert.equal(hex(program.lineBreakpoints('multi_other.c', 6)[0].address), addr(outs[2]));
    assert.equal(hex(program.lineBreakpoints('multi_main.c', 3)[0].address), addr(outs[3]));
    assert.equal(hex(program.prologueEnd(program.functionByName('other_entry')!)), addr(outs[4]));
  });

  it('prefers the static of the compile unit holding pc', () => {
    const inOther = program.functionByName('other_entry')!.low;
    const inMain = program.functionByName('main')!.low;
    const value = (pc: bigint): number => {
      const v = program.globalVariable('shared', pc)!;
      const loc = program.evalLocation(v, {});
      assert.equal(loc.kind, 'memory');
      return loc.kind === 'memory' ? program.readFileImage(loc.address, 4).readInt32LE(0) : NaN;
    };
    assert.equal(value(inOther), 40);
    assert.equal(value(inMain), 1);
    assert.deepEqual(program.sourceFiles().map((f) => path.basename(f)).filter((f) => f.startsWith('multi')).sort(), ['multi_main.c', 'multi_other.c']);
  });
});

describe('symbols: inlined functions at -O2', () => {
  const fixture = path.join(dir, 'symtab.c');
  const exe = compileFixture(fixture, ['-g', '-O2']);
  const program = Program.open(exe);
  after(() => program.close());

  it('reports the inline chain and call site of an inlined copy', () => {
    const copies = program.functionsByName('nested');
    assert.ok(copies.length >= 1 && copies.every((c) => c.def.inlined), 'nested exists only inlined at -O2');
    const callLine = fs.readFileSync(fixture, 'utf8').split('\n').findIndex((l) => /nested\(argc\)/.test(l)) + 1;
    const chain = program.inlinedAt(copies[0].low);
    assert.equal(chain[0]?.fn.name, 'nested');
    assert.equal(chain[0].callLine, callLine);
    assert.equal(chain[0].callFile, fixture);
    assert.equal(program.functionAt(copies[0].low)?.name, 'main', 'the real function holding the copy');
    assert.deepEqual(program.inlinedAt(program.functionByName('recurse')!.low), []);
  });
});
