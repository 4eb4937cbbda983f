// The DWARF expression evaluator on hand-built expressions: every result kind and list selection.
import { strict as assert } from 'assert';
import type { LocEntry, Op } from '../../src/symbols/native';
import { OP } from '../../src/symbols/dwarfConstants';
import { evalExpression, evalLocation, evalValue } from '../../src/symbols/location';

const op = (atom: number, number = 0n, number2 = 0n, extra: Partial<Op> = {}): Op => ({ atom, number, number2, offset: 0, ...extra });
const one = (...ops: Op[]): LocEntry[] => [{ low: 0n, high: (1n << 64n) - 1n, ops }];
const neg = (v: bigint): bigint => BigInt.asUintN(64, v);

describe('symbols: DWARF expression evaluation', () => {
  const regs = new Map<number, bigint>([[0, 5n], [6, 0x7000n], [7, 0x6ff0n], [16, 0x401000n]]);
  const memory = new Map<bigint, bigint>([[0x7000n, 0x6000n], [0x7008n, 0x401234n]]);
  const read = (a: bigint, n: number): Buffer => {
    const v = memory.get(a);
    if (v === undefined) throw new Error('unmapped');
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(v);
    return b.subarray(0, n);
  };
  const ctx = { regs, read, cfa: () => 0x7010n, frameBase: () => 0x7010n };

  it('computes memory locations from addresses, registers and the frame base', () => {
    assert.deepEqual(evalLocation(one(op(OP.addr, 0x4010n)), { bias: 0x1000n }), { kind: 'memory', address: 0x5010n });
    assert.deepEqual(evalLocation(one(op(OP.fbreg, neg(-20n))), ctx), { kind: 'memory', address: 0x7010n - 20n });
    assert.deepEqual(evalLocation(one(op(OP.breg0 + 6, 8n)), ctx), { kind: 'memory', address: 0x7008n });
    assert.deepEqual(evalLocation(one(op(OP.bregx, 7n, neg(-16n))), ctx), { kind: 'memory', address: 0x6fe0n });
    assert.deepEqual(evalLocation(one(op(OP.call_frame_cfa)), ctx), { kind: 'memory', address: 0x7010n });
    assert.deepEqual(evalLocation(one(op(OP.breg0 + 6, 0n), op(OP.deref)), ctx), { kind: 'memory', address: 0x6000n });
  });

  it('computes registers, values, implicit values and pieces', () => {
    assert.deepEqual(evalLocation(one(op(OP.reg0 + 3)), ctx), { kind: 'register', regno: 3 });
    assert.deepEqual(evalLocation(one(op(OP.regx, 17n)), ctx), { kind: 'register', regno: 17 });
    const v = evalLocation(one(op(OP.lit0 + 7), op(OP.lit0 + 3), op(OP.minus), op(OP.stack_value)), ctx);
    assert.ok(v.kind === 'value' && v.bytes.readBigUInt64LE(0) === 4n);
    const imp = evalLocation(one(op(OP.implicit_value, 2n, 0n, { block: Buffer.from([1, 2]) })), ctx);
    assert.deepEqual(imp, { kind: 'value', bytes: Buffer.from([1, 2]) });
    const pieces = evalLocation(one(op(OP.reg0), op(OP.piece, 4n), op(OP.fbreg, neg(-8n)), op(OP.piece, 4n)), ctx);
    assert.deepEqual(pieces, { kind: 'pieces', pieces: [
      { size: 4, location: { kind: 'register', regno: 0 } },
      { size: 4, location: { kind: 'memory', address: 0x7008n } },
    ] });
  });

  it('does stack arithmetic modulo 2^64 with signed comparisons', () => {
    const val = (...ops: Op[]): bigint => evalValue(ops, ctx);
    assert.equal(val(op(OP.const1s, neg(-1n)), op(OP.lit0 + 1), op(OP.plus)), 0n);
    assert.equal(val(op(OP.lit0 + 2), op(OP.dup), op(OP.mul), op(OP.lit0 + 1), op(OP.shl)), 8n);
    assert.equal(val(op(OP.lit0 + 1), op(OP.lit0 + 2), op(OP.swap), op(OP.minus)), 1n);
    assert.equal(val(op(OP.lit0 + 1), op(OP.lit0 + 2), op(OP.lit0 + 3), op(OP.pick, 2n)), 1n);
    assert.equal(val(op(OP.consts, neg(-5n)), op(OP.lit0), op(OP.lt)), 1n);
    assert.equal(val(op(OP.constu, 0xf0n), op(OP.constu, 0x3cn), op(OP.and)), 0x30n);
    assert.equal(val(op(OP.lit0 + 9), op(OP.plus_uconst, neg(-16n))), neg(-7n));
    assert.equal(val(op(OP.breg0 + 7, 0n), op(OP.lit0 + 15), op(OP.and), op(OP.lit0 + 11), op(OP.ge)), 0n);
  });

  it('converts stack entries to the base types DW_OP_convert names: truncation, sign, unsigned division', () => {
    const types = new Map([[0x2a, { size: 8, signed: false, float: false }], [0x31, { size: 4, signed: true, float: false }], [0x40, { size: 8, signed: false, float: true }]]);
    const typed = { ...ctx, baseType: (off: number) => types.get(off) };
    const value = (...ops: Op[]): bigint => {
      const v = evalLocation(one(...ops, op(OP.stack_value)), typed);
      assert.equal(v.kind, 'value');
      return v.kind === 'value' ? v.bytes.readBigUInt64LE(0) : -1n;
    };
    // gcc's i = (rcx - 7) / 7 + 1 at -O2, with rcx = 5: signed in generic type, unsigned once converted
    const regs5 = [op(OP.breg0, neg(-19n)), op(OP.lit0 + 7)];
    assert.equal(value(...regs5, op(OP.div), op(OP.plus_uconst, 1n)), neg(-1n));
    assert.equal(value(regs5[0], op(OP.convert, 0x2an), regs5[1], op(OP.convert, 0x2an), op(OP.div), op(OP.convert, 0n)), neg(-14n) / 7n);
    // to a 4-byte signed type: the low half, sign-extended
    assert.equal(value(op(OP.constu, 0x1ffffffffn), op(OP.convert, 0x31n)), neg(-1n));
    assert.equal(value(op(OP.constu, 0x1ffffffffn), op(OP.GNU_reinterpret, 0x31n)), 0xffffffffn);
    // a floating type or no type information: the value cannot be computed
    assert.deepEqual(evalLocation(one(op(OP.lit0 + 1), op(OP.convert, 0x40n), op(OP.stack_value)), typed), { kind: 'optimizedOut' });
    assert.deepEqual(evalLocation(one(op(OP.lit0 + 1), op(OP.convert, 0x2an), op(OP.stack_value)), ctx), { kind: 'optimizedOut' });
  });

  it('follows DW_OP_skip and DW_OP_bra by byte offsets', () => {
    const at = (o: Op, offset: number): Op => ({ ...o, offset });
    // |x|: 0 consts x; 2 dup; 3 lit0; 4 lt; 5 bra +3 (to 11); 8 skip +1 (to 12); 11 neg; 12 stack_value
    const abs = (x: bigint): bigint => {
      const prog = [at(op(OP.consts, neg(x)), 0), at(op(OP.dup), 2), at(op(OP.lit0), 3), at(op(OP.lt), 4),
        at(op(OP.bra, 3n), 5), at(op(OP.skip, 1n), 8), at(op(OP.neg), 11), at(op(OP.stack_value), 12)];
      const v = evalExpression(prog, ctx);
      return v.kind === 'value' ? BigInt.asIntN(64, v.bytes.readBigUInt64LE(0)) : -999n;
    };
    assert.equal(abs(-3n), 3n);
    assert.equal(abs(4n), 4n);
    // skip -4 from offset 1 returns to offset 0: a loop that must be cut off, not hang.
    const loop = [at(op(OP.lit0 + 1), 0), at(op(OP.skip, 0xfffcn), 1), at(op(OP.stack_value), 4)];
    assert.throws(() => evalExpression(loop, ctx), /did not terminate/);
  });

  it('selects location-list entries by pc (minus the bias) and reports what it cannot compute', () => {
    const list: LocEntry[] = [
      { low: 0x1000n, high: 0x1010n, ops: [op(OP.reg0 + 5)] },
      { low: 0x1010n, high: 0x1020n, ops: [op(OP.fbreg, neg(-4n))] },
    ];
    assert.deepEqual(evalLocation(list, { ...ctx, pc: 0x1004n }), { kind: 'register', regno: 5 });
    assert.deepEqual(evalLocation(list, { ...ctx, pc: 0x5014n, bias: 0x4000n }), { kind: 'memory', address: 0x700cn });
    assert.deepEqual(evalLocation(list, { ...ctx, pc: 0x1020n }), { kind: 'optimizedOut' });
    assert.deepEqual(evalLocation(list, ctx), { kind: 'optimizedOut' });
    assert.deepEqual(evalLocation(one(op(OP.breg0 + 12, 0n)), ctx), { kind: 'optimizedOut' }, 'missing register');
    assert.deepEqual(evalLocation(one(op(OP.lit0 + 1), op(OP.deref)), ctx), { kind: 'optimizedOut' }, 'unreadable memory');
    assert.deepEqual(evalLocation(undefined, ctx), { kind: 'optimizedOut' });
    assert.throws(() => evalExpression([op(OP.plus)], ctx), /underflow/);
  });
});
