// Scopes and variable locations compared with gdb's `info scope` on the same program, and
// location evaluation against a synthetic frame.
import { strict as assert } from 'assert';
import * as path from 'path';
import { compileFixture } from '../helpers/compile';
import { Program } from '../../src/symbols/Program';
import { gdbOutputs, hex } from './gdbStatic';

const fixture = path.join(__dirname, '../../../test/symbols/fixtures/symtab.c');

interface GdbSymbol { name: string; fbreg?: bigint; staticAddress?: bigint }

function parseScope(out: string): GdbSymbol[] {
  const syms: GdbSymbol[] = [];
  for (const l of out.split('\n')) {
    const s = /^Symbol (\S+) is (.*)$/.exec(l);
    if (s) {
      const stat = /in static storage at address (0x[0-9a-f]+)/.exec(s[2]);
      syms.push({ name: s[1], staticAddress: stat ? BigInt(stat[1]) : undefined });
      continue;
    }
    const fb = /^\s+0: DW_OP_fbreg (-?\d+)$/.exec(l);
    if (fb && syms.length) syms[syms.length - 1].fbreg = BigInt(fb[1]);
  }
  return syms;
}

describe('symbols: variables and scopes vs gdb', () => {
  const exe = compileFixture(fixture);
  const program = Program.open(exe);
  after(() => program.close());
  const cfa = 0x7ffc0000n;

  it('lists the variables of every statement\'s scope as `info scope` does, with their locations', () => {
    const addrs: bigint[] = [];
    for (const n of ['add', 'mul', 'apply', 'sum_to', 'nested', 'recurse', 'make_flags', 'main']) {
      const f = program.functionByName(n)!;
      for (let a = program.prologueEnd(f); a < f.high; a++) if (program.isStatementStart(a)) addrs.push(a);
    }
    assert.ok(addrs.length > 30);
    const outs = gdbOutputs(exe, addrs.map((a) => `info scope *${hex(a)}`));
    addrs.forEach((a, i) => {
      const g = parseScope(outs[i]);
      const ours = program.variablesAt(a);
      assert.deepEqual(ours.map((v) => v.name), g.map((s) => s.name), `info scope *${hex(a)}`);
      ours.forEach((v, j) => {
        const loc = program.evalLocation(v, { pc: a, cfa, regs: new Map([[16, a]]), read: () => Buffer.alloc(8) });
        assert.equal(loc.kind, 'memory', `${v.name} at ${hex(a)}`);
        const expected = g[j].staticAddress ?? cfa + g[j].fbreg!;
        assert.equal(loc.kind === 'memory' && hex(loc.address), hex(expected), `${v.name} at ${hex(a)}`);
      });
    });
  });

  it('finds parameters, innermost scopes and function statics', () => {
    const nested = program.functionByName('nested')!;
    assert.deepEqual(program.parametersOf(nested).map((p) => [p.name, p.isParameter]), [['depth', true]]);
    const inner = program.lineBreakpoints('symtab.c', 54)[0];
    const names = program.variablesAt(inner.address).map((v) => v.name);
    assert.deepEqual(names, ['innermost', 'inner', 'depth', 'calls', 'outer']);
    assert.equal(program.variablesAt(nested.low).find((v) => v.name === 'calls')?.isParameter, false);
  });

  it('resolves globals and file statics with the load bias applied', () => {
    const bias = 0x555555554000n;
    const biased = Program.open(exe);
    try {
      const before = biased.evalLocation(biased.globalVariable('file_ratio')!, {});
      biased.addModule(exe, bias);
      const g = biased.globalVariable('file_ratio', biased.functionByName('main')!.low)!;
      const after = biased.evalLocation(g, {});
      assert.ok(before.kind === 'memory' && after.kind === 'memory');
      assert.equal(after.kind === 'memory' && before.kind === 'memory' && after.address - before.address, bias);
      assert.equal(biased.functionByName('main')!.low, program.functionByName('main')!.low + bias);
      assert.equal(biased.globalVariable('nosuch'), undefined);
    } finally {
      biased.close();
    }
  });

  it('evaluates frame-base locations from the CFA computed by CFI when none is given', () => {
    const fn = program.functionByName('sum_to')!;
    const pc = program.prologueEnd(fn);
    // After push rbp; mov rsp,rbp the CFA is rbp+16.
    const rbp = 0x7fff1000n;
    const regs = new Map<number, bigint>([[6, rbp], [7, rbp - 64n], [16, pc]]);
    const total = program.variablesAt(pc).find((v) => v.name === 'total')!;
    const withCfi = program.evalLocation(total, { pc, regs, read: () => Buffer.alloc(8) });
    const explicit = program.evalLocation(total, { pc, regs, cfa: rbp + 16n });
    assert.deepEqual(withCfi, explicit);
    assert.equal(program.evalLocation(total, { pc }).kind, 'optimizedOut');
  });
});

describe('symbols: location lists at -O2 vs gdb', () => {
  const exe = compileFixture(fixture, ['-g', '-O2']);
  const program = Program.open(exe);
  after(() => program.close());
  const regNames = ['rax', 'rdx', 'rcx', 'rbx', 'rsi', 'rdi', 'rbp', 'rsp', 'r8', 'r9', 'r10', 'r11', 'r12', 'r13', 'r14', 'r15'];

  it('selects the register gdb names for each range of a parameter\'s location list', () => {
    const fns = ['main', 'recurse', 'make_flags'].filter((n) => program.functionByName(n));
    const outs = gdbOutputs(exe, fns.map((n) => `info scope ${n}`));
    let checked = 0;
    fns.forEach((n, i) => {
      const fn = program.functionByName(n)!;
      let current: string | undefined;
      for (const l of outs[i].split('\n')) {
        const s = /^Symbol (\S+) is/.exec(l);
        if (s) current = s[1];
        const r = /Range (0x[0-9a-f]+)-(0x[0-9a-f]+): a variable in \$(\w+)/.exec(l);
        if (!r || !current) continue;
        const v = program.parametersOf(fn).find((p) => p.name === current);
        if (!v) continue;
        for (const pc of [BigInt(r[1]), BigInt(r[2]) - 1n]) {
          const loc = program.evalLocation(v, { pc, regs: new Map() });
          assert.deepEqual(loc, { kind: 'register', regno: regNames.indexOf(r[3]) }, `${n}: ${current} at ${hex(pc)}`);
          checked++;
        }
        const after = program.evalLocation(v, { pc: BigInt(r[2]), regs: new Map() });
        assert.notDeepEqual(after, { kind: 'register', regno: regNames.indexOf(r[3]) }, `${current} after its range`);
      }
    });
    assert.ok(checked >= 4, `checked ${checked} ranges`);
  });
});
