// CFI rows from libdw compared with readelf's interpretation of the same .eh_frame, and unwinding
// steps applied to synthetic stacks (entry, after push rbp, after mov rsp,rbp; libc; no CFI).
import { strict as assert } from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { compileFixture } from '../helpers/compile';
import { Program } from '../../src/symbols/Program';
import type { FrameInfo } from '../../src/symbols/native';
import { OP } from '../../src/symbols/dwarfConstants';
import { dwarfRegisterNames, savedRegisters } from '../../src/symbols/unwind';

const fixture = path.join(__dirname, '../../../test/symbols/fixtures/symtab.c');

interface ReadelfRow { pc: bigint; columns: Record<string, string> }

/** Rows of `readelf --debug-dump=frames-interp` (LOC, CFA and register columns). */
function readelfRows(file: string): ReadelfRow[] {
  const out = execFileSync('readelf', ['--debug-dump=frames-interp', file], { encoding: 'utf8' });
  const rows: ReadelfRow[] = [];
  let header: string[] = [];
  let inFde = false;
  for (const l of out.split('\n')) {
    if (/ FDE /.test(l)) { inFde = true; continue; }
    if (/ CIE /.test(l)) { inFde = false; continue; }
    if (/^\s+LOC\s+CFA/.test(l)) { header = l.trim().split(/\s+/); continue; }
    const m = /^([0-9a-f]{16}) (.*)$/.exec(l);
    if (!m || !inFde) continue;
    const cells = m[2].trim().split(/\s+/);
    const columns: Record<string, string> = {};
    header.slice(1).forEach((h, i) => { columns[h] = cells[i]; });
    rows.push({ pc: BigInt(`0x${m[1]}`), columns });
  }
  return rows;
}

function cfaText(row: FrameInfo): string {
  const [o] = row.cfa;
  if (row.cfa.length === 1 && o.atom === OP.bregx) return `${dwarfRegisterNames[Number(o.number)]}+${BigInt.asIntN(64, o.number2)}`;
  if (row.cfa.length === 1 && o.atom >= OP.breg0 && o.atom <= OP.breg31) return `${dwarfRegisterNames[o.atom - OP.breg0]}+${BigInt.asIntN(64, o.number)}`;
  return 'exp';
}

function ruleText(row: FrameInfo, regno: number): string {
  const r = row.regs[regno];
  if (!r || r.kind !== 'expr') return 'u';
  const [a, b] = r.ops;
  if (r.ops.length === 2 && a.atom === OP.call_frame_cfa && b.atom === OP.plus_uconst) return `c${BigInt.asIntN(64, b.number)}`;
  return 'exp';
}

function stack(words: Array<[bigint, bigint]>): (a: bigint, n: number) => Buffer {
  const mem = new Map(words);
  return (a, n) => {
    const v = mem.get(a);
    if (v === undefined) throw new Error(`unmapped ${a.toString(16)}`);
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(v);
    return b.subarray(0, n);
  };
}

for (const flags of [['-g', '-O0'], ['-g', '-O2'], ['-O0']]) {
  describe(`symbols: CFI vs readelf (${flags.join(' ')})`, () => {
    const exe = compileFixture(fixture, flags);
    const program = Program.open(exe);
    after(() => program.close());

    it('gives the CFA and register rules readelf shows for every row', () => {
      const rows = readelfRows(exe);
      assert.ok(rows.length > 5);
      for (const r of rows) {
        const row = program.main.module.frameAt(r.pc);
        assert.ok(row, `a CFI row at ${r.pc.toString(16)}`);
        if (r.columns.CFA !== 'exp') assert.equal(cfaText(row), r.columns.CFA, `CFA at ${r.pc.toString(16)}`);
        for (const [name, text] of Object.entries(r.columns)) {
          if (name === 'CFA' || text === 'exp') continue;
          const regno = name === 'ra' ? 16 : dwarfRegisterNames.indexOf(name);
          assert.ok(regno >= 0, name);
          assert.equal(ruleText(row, regno), text, `${name} at ${r.pc.toString(16)}`);
        }
      }
    });
  });
}

describe('symbols: unwinding steps', () => {
  const exe = compileFixture(fixture);
  const program = Program.open(exe);
  after(() => program.close());
  const S = 0x7ffe0100n, RET = 0x401234n, OLD_RBP = 0x7ffe0400n;

  it('unwinds at the entry, after push rbp and after mov rsp,rbp', () => {
    const f = program.functionByName('mul')!;
    assert.equal(program.main.module.readImage(f.low, 4).toString('hex'), '554889e5', 'gcc -O0 frame setup');
    const atEntry = program.unwind(new Map([[16, f.low], [7, S], [6, OLD_RBP]]), stack([[S, RET]]))!;
    assert.deepEqual([atEntry.cfa, atEntry.regs.get(16), atEntry.regs.get(7), atEntry.regs.get(6)], [S + 8n, RET, S + 8n, OLD_RBP]);
    const pushed = program.unwind(new Map([[16, f.low + 1n], [7, S - 8n], [6, OLD_RBP]]), stack([[S, RET], [S - 8n, OLD_RBP]]))!;
    assert.deepEqual([pushed.cfa, pushed.regs.get(16), pushed.regs.get(6)], [S + 8n, RET, OLD_RBP]);
    const body = program.unwind(new Map([[16, f.low + 4n], [7, S - 64n], [6, S - 8n]]), stack([[S, RET], [S - 8n, OLD_RBP]]))!;
    assert.deepEqual([body.cfa, body.regs.get(16), body.regs.get(6), body.regs.get(7)], [S + 8n, RET, OLD_RBP, S + 8n]);
    assert.deepEqual(savedRegisters(program, f.low + 4n, new Map([[7, S - 64n], [6, S - 8n]]), stack([[S, RET], [S - 8n, OLD_RBP]])),
      [{ name: 'rbp', regno: 6, address: S - 8n }, { name: 'rip', regno: 16, address: S }]);
  });

  it('looks up a caller\'s row at pc-1 and stops at the outermost frame', () => {
    const f = program.functionByName('mul')!;
    // At low+4 the row is "CFA = rbp+16"; at low+3 (pc-1) it is "CFA = rsp+16". rbp is garbage
    // here, so only the pc-1 lookup can succeed.
    const regs = new Map([[16, f.low + 4n], [7, S - 8n], [6, 0x9990n]]);
    const read = stack([[S, RET], [S - 8n, OLD_RBP]]);
    assert.equal(program.unwind(regs, read, false), undefined);
    assert.equal(program.unwind(regs, read, true)!.regs.get(16), RET);
    const start = program.functionByName('_start')!;
    assert.equal(program.unwind(new Map([[16, start.low + 4n], [7, S]]), read), undefined, '_start has rip undefined');
  });

  it('falls back to the rbp chain where no module has CFI', () => {
    const step = program.unwind(new Map([[16, 0x10n], [7, S - 64n], [6, S - 8n]]), stack([[S, RET], [S - 8n, OLD_RBP]]))!;
    assert.equal(step.method, 'frame-pointer');
    assert.deepEqual([step.cfa, step.regs.get(16), step.regs.get(6)], [S + 8n, RET, OLD_RBP]);
  });

  it('unwinds through libc using .eh_frame', function () {
    const libc = ['/lib/x86_64-linux-gnu/libc.so.6', '/usr/lib/x86_64-linux-gnu/libc.so.6'].find((p) => fs.existsSync(p));
    if (!libc) this.skip();
    const p = Program.open(exe);
    try {
      const bias = 0x7f0000000000n;
      const lm = p.addModule(libc!, bias);
      const puts = p.functionsByName('puts')[0];
      assert.ok(puts && puts.module === lm && puts.low > bias, 'puts from the ELF symbols of libc');
      assert.equal(p.moduleAt(puts.low)?.path, libc);
      const step = p.unwind(new Map([[16, puts.low], [7, S]]), stack([[S, RET]]))!;
      assert.equal(step.method, 'cfi');
      assert.deepEqual([step.cfa, step.regs.get(16)], [S + 8n, RET]);
      assert.equal(p.symbolize(puts.low + 2n), `${puts.name}+2`);
      // The signal trampoline: registers come from the ucontext on the stack (uc_mcontext at +40).
      const restore = lm.module.symbols().find((s) => s.name === '__restore_rt');
      if (restore) {
        const words: Array<[bigint, bigint]> = [];
        for (let off = 40n; off <= 256n; off += 8n) words.push([S + off, 0x1000n + off]);
        const sig = p.unwind(new Map([[16, restore.value + bias], [7, S]]), stack(words))!;
        assert.equal(sig.signalFrame, true);
        assert.deepEqual([sig.cfa, sig.regs.get(16), sig.regs.get(7), sig.regs.get(6), sig.regs.get(0)],
          [0x1000n + 160n, 0x1000n + 168n, 0x1000n + 160n, 0x1000n + 120n, 0x1000n + 144n]);
      }
    } finally {
      p.close();
    }
  });
});
