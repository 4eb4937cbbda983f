// gdb's type naming (whatis), definitions (ptype), result types of C arithmetic, and the
// standalone formatting helpers the x command uses.
import { strict as assert } from 'assert';
import {
  evaluate, formatChar, formatCString, formatDouble, formatFloat, formatScalarAs, formatValue, typeDefinition, typeName,
} from '../../src/expr';
import type { Type } from '../../src/symbols/types';
import { addType, arr, bits, char, color, constOf, flags, int, makeWorld, node, point, ptr, s2, unionU } from './world';

describe('expr: whatis (gdb 13 type names)', () => {
  const { ctx } = makeWorld();
  const cases: Array<[string, string]> = [
    ['fp', 'int (*)(int, int)'], ['m2', 'int [2][3]'], ['&m2', 'int (*)[2][3]'], ['str', 'const char *'],
    ['$pc', 'void (*)()'], ['1+1L', 'long'], ['c+c', 'int'], ['sizeof(int)', 'int'], ['&add', 'int (*)(int, int)'],
    ['*fp', 'int (int, int)'], ['(char)1', 'char'], ['ps', 'struct point [2]'], ['&ps[0]', 'struct point *'],
    ['p.x', 'int'], ['arr[0]@2', 'int [2]'], ['(const char *)0', 'const char *'], ['(char * const)0', 'char * const'],
    ['(unsigned)1', 'unsigned int'], ['(long long)1', 'long long'], ['(short)1', 'short'], ['(signed char)1', 'signed char'],
    ['(long unsigned int)1', 'unsigned long'], ['(_Bool)1', '_Bool'], ['-uc', 'int'], ['c * 1L', 'long'],
    ['UL + L', 'unsigned long'], ['1u + L', 'long'], ['x + 1u', 'unsigned int'], ['f*2', 'float'], ['f*2.0', 'double'],
    ['col+1', 'unsigned int'], ['~c', 'int'], ['1==1', 'int'], ['&s', 'char (*)[6]'], ['main', 'int (void)'],
    ['&str', 'const char **'], ['"hi"', 'char [3]'], ['(pt_t *)0', 'pt_t *'], ['1ll', 'long long'],
    ['1ull', 'unsigned long long'], ['1lu', 'unsigned long'], ['1LL + 1', 'long'], ['-1LL', 'long long'],
  ];
  for (const [e, want] of cases) it(`whatis ${e}`, () => assert.equal(typeName(evaluate(e, ctx).type), want));
});

describe('expr: ptype (gdb 13 definitions)', () => {
  const cases: Array<[Type, string]> = [
    [bits, 'struct bits {\n    unsigned int a : 3;\n    int b : 5;\n    unsigned int c : 1;\n}'],
    [flags, 'enum fl {A = 1, B, C = 4}'], [color, 'enum color {RED, GREEN, BLUE}'],
    [unionU, 'union u {\n    int i;\n    float f;\n}'], [ptr(addType), 'int (*)(int, int)'],
    [node, 'struct node {\n    int *p;\n    struct node *next;\n}'], [arr(arr(int, 3), 2), 'int [2][3]'],
    [s2, 'struct s2 {\n    char name[8];\n    struct point pts[2];\n    int (*f)(int, int);\n    const char *msg;\n}'],
    [ptr(point), 'struct point {\n    int x;\n    int y;\n} *'],
    [{ kind: 'typedef', name: 'pt_t', target: point }, 'struct point {\n    int x;\n    int y;\n}'],
    [ptr(constOf(char)), 'const char *'],
  ];
  for (const [t, want] of cases) it(`ptype ${typeName(t)}`, () => assert.equal(typeDefinition(t), want));
});

describe('expr: scalar helpers', () => {
  it('formatChar', () => {
    assert.deepEqual([68, 0, 10, -1, 39, 92, 27, 127].map(formatChar),
      ["68 'D'", "0 '\\000'", "10 '\\n'", "-1 '\\377'", "39 '\\''", "92 '\\\\'", "27 '\\033'", "127 '\\177'"]);
  });
  it('formatDouble / formatFloat', () => {
    assert.deepEqual([3.14, 1, 1e20, 0.1, 100000000, -0.5, 1 / 3, 1e-5, 123456789012345680000].map(formatDouble),
      ['3.1400000000000001', '1', '1e+20', '0.10000000000000001', '100000000', '-0.5', '0.33333333333333331',
        '1.0000000000000001e-05', '1.2345678901234568e+20']);
    assert.deepEqual([3.14, 0.1, 1.5, 1e-45, Infinity].map(formatFloat), ['3.1400001', '0.100000001', '1.5', '1.40129846e-45', 'inf']);
  });
  it('formatCString', () => {
    assert.equal(formatCString(Buffer.from('hello')), '"hello"');
    assert.equal(formatCString(Buffer.from('say "hi"\n')), '"say \\"hi\\"\\n"');
    assert.equal(formatCString(Buffer.concat([Buffer.from('ab'), Buffer.alloc(12, 'x')])), '"ab", \'x\' <repeats 12 times>');
  });
  it('formatScalarAs', () => {
    const v = { raw: -1n, size: 2, signed: true, isFloat: false };
    assert.deepEqual(['x', 'z', 'o', 't', 'd', 'u', 'c'].map((f) => formatScalarAs(v, f)),
      ['0xffff', '0xffff', '0177777', '1111111111111111', '-1', '65535', "-1 '\\377'"]);
    assert.equal(formatScalarAs({ raw: 0x401140n, size: 8, signed: false, isFloat: false }, 'a', () => 'add+10'), '0x401140 <add+10>');
  });
});

describe('expr: frame-argument mode and options', () => {
  const { ctx } = makeWorld();
  it('aggregates print as ... with frameArgs', () => {
    assert.equal(formatValue(evaluate('p', ctx), ctx, { frameArgs: true }), '...');
    assert.equal(formatValue(evaluate('arr', ctx), ctx, { frameArgs: true }), '...');
    assert.equal(formatValue(evaluate('x', ctx), ctx, { frameArgs: true }), '42');
    assert.equal(formatValue(evaluate('ip', ctx), ctx, { frameArgs: true }), formatValue(evaluate('ip', ctx), ctx, {}));
  });
  it('pointers lose their type prefix inside aggregates and outside top level', () => {
    assert.match(formatValue(evaluate('ip', ctx), ctx, {}), /^0x[0-9a-f]+$/);
    assert.match(formatValue(evaluate('ip', ctx), ctx, { topLevel: true }), /^\(int \*\) 0x[0-9a-f]+$/);
  });
  it('repeat threshold and element limit are settable', () => {
    assert.equal(formatValue(evaluate('zeros', ctx), ctx, { repeatThreshold: 20 }), `{${Array(16).fill('0').join(', ')}}`);
    assert.equal(formatValue(evaluate('arr', ctx), ctx, { printMax: 2 }), '{1, 2...}');
    assert.equal(formatValue(evaluate('s', ctx), ctx, { printMax: 2 }), '"ab"...');
  });
  it('rejects unknown format letters like gdb', () => {
    assert.throws(() => formatValue(evaluate('x', ctx), ctx, { format: 'q' }), { message: 'Undefined output format "q".' });
  });
});

describe('expr: less common shapes (gdb 13 output)', () => {
  const { ctx } = makeWorld();
  const uchar: Type = { kind: 'base', name: 'unsigned char', size: 1, encoding: 'unsigned_char' };
  const show = (v: Parameters<typeof formatValue>[0]): string => formatValue(v, ctx, { topLevel: true });
  const at = (type: Type, address: bigint): Parameters<typeof formatValue>[0] => ({ type, lval: { kind: 'memory', address }, lazy: true });
  const ptrValue = (type: Type, address: bigint): Parameters<typeof formatValue>[0] => {
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(address);
    return { type, lval: null, bytes: b };
  };
  it('unsigned char * keeps its type prefix, char * does not', () => {
    assert.equal(show(ptrValue(ptr(uchar), 0x402004n)), '(unsigned char *) 0x402004 "hello"');
    assert.equal(show(ptrValue(ptr(char), 0x402004n)), '0x402004 "hello"');
  });
  it('unreadable strings print an error in place', () => {
    assert.equal(show(ptrValue(ptr(char), 0x1234n)), '0x1234 <error: Cannot access memory at address 0x1234>');
  });
  it('a string running into unmapped memory prints what it read, then the error', () => {
    ctx.map(0x500000n, Buffer.from('aaa'));
    assert.equal(show(ptrValue(ptr(char), 0x500000n)), '0x500000 "aaa"<error: Cannot access memory at address 0x500003>');
  });
  it('complex numbers', () => {
    const dc: Type = { kind: 'base', name: 'complex double', size: 16, encoding: 'complex_float' };
    const b = Buffer.alloc(16);
    b.writeDoubleLE(1, 0);
    b.writeDoubleLE(-2, 8);
    assert.equal(show({ type: dc, lval: null, bytes: b }), '1 + -2i');
    assert.equal(formatValue({ type: dc, lval: null, bytes: b }, ctx, { format: 'x' }), '0xc0000000000000003ff0000000000000');
  });
  it('empty structs and anonymous members', () => {
    const empty: Type = { kind: 'struct', name: 'empty', size: 0, members: [] };
    assert.equal(show({ type: empty, lval: null, bytes: Buffer.alloc(0) }), '{<No data fields>}');
    const anon: Type = { kind: 'struct', name: 'anon', size: 8, members: [
      { name: 'k', type: int, offset: 0 }, { type: unionU, offset: 4 }] };
    const b = Buffer.alloc(8);
    b.writeInt32LE(1, 0);
    b.writeInt32LE(2, 4);
    const v = { type: anon, lval: null, bytes: b };
    assert.equal(show(v), '{k = 1, {i = 2, f = 2.80259693e-45}}');
  });
  it('long double prints 21 significant digits from its 80 bits', () => {
    const ld: Type = { kind: 'base', name: 'long double', size: 16, encoding: 'float' };
    const b = Buffer.alloc(16);
    b.writeBigUInt64LE(0xc8f5c28f5c28f5c3n, 0);
    b.writeUInt16LE(0x4000, 8);
    assert.equal(show({ type: ld, lval: null, bytes: b }), '3.1400000000000000001');
    assert.equal(formatValue({ type: ld, lval: null, bytes: b }, ctx, { format: 'x' }), '0x4000c8f5c28f5c28f5c3');
  });
  it('structs read lazily through memory', () => {
    const addr = evaluate('&p', ctx);
    assert.equal(show(at(point, addr.bytes!.readBigUInt64LE(0))), '{x = 1, y = 2}');
  });
});

describe('expr: register flag types', () => {
  it('an enum named i386_eflags prints like gdb\'s flags type', () => {
    const { ctx } = makeWorld();
    const eflags: Type = { kind: 'enum', name: 'i386_eflags', size: 4, signed: false, enumerators: [
      { name: 'CF', value: 1n }, { name: 'PF', value: 4n }, { name: 'ZF', value: 0x40n }, { name: 'IF', value: 0x200n }] };
    const b = Buffer.alloc(4);
    b.writeUInt32LE(0x246);
    const v = { type: eflags, lval: null, bytes: b };
    assert.equal(formatValue(v, ctx, { topLevel: true }), '[ PF ZF IF ]');
    assert.equal(formatValue(v, ctx, { format: 'x' }), '0x246');
    assert.equal(typeName(eflags), 'i386_eflags');
  });
});

describe('expr: set print pretty on (gdb 13 output)', () => {
  const { ctx } = makeWorld();
  const pretty = (e: string): string => formatValue(evaluate(e, ctx), ctx, { topLevel: true, pretty: true });
  it('structs, arrays of structs, nested members', () => {
    assert.equal(pretty('p'), '{\n  x = 1,\n  y = 2\n}');
    assert.equal(pretty('ps'), '{{\n    x = 1,\n    y = 2\n  }, {\n    x = 3,\n    y = 4\n  }}');
    assert.equal(pretty('zp'), '{{\n    x = 0,\n    y = 0\n  } <repeats 12 times>}');
    assert.equal(pretty('arr'), '{1, 2, 3}');
    assert.equal(pretty('s2v'), '{\n  name = "ab\\000\\000\\000\\000\\000",\n  pts = {{\n      x = 1,\n      y = 2\n    }, {\n'
      + '      x = 3,\n      y = 4\n    }},\n  f = 0x401136 <add>,\n  msg = 0x40200a "msg"\n}');
  });
});
