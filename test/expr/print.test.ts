// `print EXPR` end to end (parse, evaluate, format) against the mock world; expectations are
// gdb 13's output for the same C declarations (addresses are the mock's).
import { strict as assert } from 'assert';
import { evaluate, fetch, formatValue } from '../../src/expr';
import { ADD, HELLO, hex, MAIN, makeWorld } from './world';

function printer(): { print: (e: string, format?: string) => string; addr: Record<string, bigint> } {
  const { ctx, addr } = makeWorld();
  return {
    addr,
    print: (e, format) => formatValue(fetch(evaluate(e, ctx), ctx), ctx, { format, topLevel: true }),
  };
}

describe('expr: print (gdb 13 output)', () => {
  const { print, addr } = printer();
  const cases: Array<[string, string | (() => string)]> = [
    ['c', "68 'D'"], ['nl', "10 '\\n'"], ['z', "0 '\\000'"], ['m', "-1 '\\377'"], ['uc', "200 '\\310'"],
    ['t', 'true'], ['d', '3.1400000000000001'], ['f', '3.1400001'], ['p', '{x = 1, y = 2}'],
    ['ps', '{{x = 1, y = 2}, {x = 3, y = 4}}'], ['arr', '{1, 2, 3}'], ['zeros', '{0 <repeats 16 times>}'],
    ['s', '"abc\\000\\000"'], ['big', '"hi", \'\\000\' <repeats 17 times>'], ['str', `${hex(HELLO)} "hello"`],
    ['fp', `(int (*)(int, int)) ${hex(ADD)} <add>`], ['add', `{int (int, int)} ${hex(ADD)} <add>`],
    ['main', `{int (void)} ${hex(MAIN)} <main>`], ['&main', `(int (*)(void)) ${hex(MAIN)} <main>`],
    ['vp', '(void *) 0x0'], ['ip', () => `(int *) ${hex(addr.x)}`], ['n', () => `{p = ${hex(addr.x)}, next = 0x0}`],
    ['bf', '{a = 5, b = -3, c = 1}'], ['uu', '{i = 1, f = 1.40129846e-45}'], ['col', 'BLUE'], ['fl', '(A | B)'],
    ['fl5', '(unknown: 0x8)'], ['colx', '(GREEN | BLUE | unknown: 0x4)'], ['pl', '5'], ['m2', '{{1, 2, 3}, {4, 5, 6}}'],
    ['&p', () => `(struct point *) ${hex(addr.p)}`], ['&arr', () => `(int (*)[3]) ${hex(addr.arr)}`], ['*ip', '42'],
    ['arr[0]@2', '{1, 2}'], ['&str', () => `(const char **) ${hex(addr.str)}`], ['*str@3', '"hel"'], ['ps[1].y', '4'],
    ['&ps[1]', () => `(struct point *) ${hex(addr.ps + 8n)}`], ['ip+1', () => `(int *) ${hex(addr.x + 4n)}`],
    ['&arr[2]-&arr[0]', '2'], ['x > 3 ? 1 : 2', '1'], ['&add', `(int (*)(int, int)) ${hex(ADD)} <add>`],
    ['*fp', `{int (int, int)} ${hex(ADD)} <add>`], ['(long)&x', () => addr.x.toString()],
    ['(char*)str', `${hex(HELLO)} "hello"`], ['(struct point *)0', '(struct point *) 0x0'], ['(pt_t *)0', '(pt_t *) 0x0'],
    ['sizeof(struct point)', '8'], ['sizeof p', '8'], ['sizeof arr / sizeof arr[0]', '3'], ['1,2', '2'], ['-x', '-42'],
    ['!x', '0'], ['~x', '-43'], ['&*ip', () => `(int *) ${hex(addr.x)}`], ['*&x', '42'], ["c == 'D'", '1'], ["'D'", "68 'D'"],
    ["'\\0'", "0 '\\000'"], ["'\\n'", "10 '\\n'"], ["'\\177'", "127 '\\177'"], ['"a\\tb"', '"a\\tb"'], ['0x10', '16'],
    ['010', '8'], ['10000000000', '10000000000'], ['4294967295', '4294967295'], ['2147483648', '2147483648'],
    ['1.0', '1'], ['2.5e-3', '0.0025000000000000001'], ['1/3', '0'], ['5.0/0', 'inf'], ['-5.0/0', '-inf'],
    ['0.0/0', '-nan(0x8000000000000)'], ['L', '-5'], ['UL', '5'], ['sh', '-2'], ['L/2', '-2'], ['UL*2', '10'],
    ['1 << 3', '8'], ['x & 3', '2'], ['x ^ 1 | 8', '43'], ['x && 0', '0'], ['x || 0', '1'], ['(float)1/3', '0.333333343'],
    ['(int)3.9', '3'], ['(unsigned char)300', "44 ','"], ['(char)65', "65 'A'"], ['-5/2', '-2'], ['7u-8', '4294967295'],
    ['1.0/3', '0.33333333333333331'], ['100000000.0', '100000000'], ['1e20', '1e+20'], ['0.1f', '0.100000001'],
    ['10/3.0', '3.3333333333333335'], ['1.5f', '1.5'], ['0x7fffffff + 1', '-2147483648'], ['-2147483648 / -1', '2147483648'],
    ['10 > 9 > 8', '0'], ['1 - - 1', '2'], ['!5.0', '0'], ['3 == 3.0', '1'], ["'a' + 1", '98'], ['-1 > 0u', '1'],
    ['s[0]', "97 'a'"], ['&s', () => `(char (*)[6]) ${hex(addr.s)}`],
    ['*s@2', '"ab"'], ['s + 1', () => `${hex(addr.s + 1n)} "bc"`], ['*arr@2', '{1, 2}'], ['arr + 1', () => `(int *) ${hex(addr.arr + 4n)}`],
    ['*arr', '1'], ['zeros[0]@12', '{0 <repeats 12 times>}'], ['(enum color)1', 'GREEN'], ['gp', () => `(int *) ${hex(addr.g)} <g>`],
    ['gb', () => `${hex(addr.gbuf)} <gbuf> "glob"`], ['&gbuf', () => `(char (*)[10]) ${hex(addr.gbuf)} <gbuf>`],
    ['bigarr', `{0 <repeats 250 times>, ${Array.from({ length: 50 }, (_, i) => 250 + i).join(', ')}}`],
    ['cbig', "'a' <repeats 299 times>"], ['zp', '{{x = 0, y = 0} <repeats 12 times>}'], ['bytes', '"\\001\\002\\200\\377"'],
    ['esc', '"\\033\\t\\"\'\\\\\\001z"'], ['mix', '\'a\' <repeats 16 times>, "xyz\\000\\000\\000\\000\\000\\000\\000\\000\\000\\000"'],
    ['fa', '{1.5, 0.100000001, -2}'], ['(char*)cbig', () => `${hex(addr.cbig)} <cbig> 'a' <repeats 200 times>...`],
    ['s2v', `{name = "ab\\000\\000\\000\\000\\000", pts = {{x = 1, y = 2}, {x = 3, y = 4}}, f = ${hex(ADD)} <add>, msg = ${hex(HELLO + 6n)} "msg"}`],
    ['seq', `{${Array.from({ length: 200 }, (_, i) => i).join(', ')}...}`], ['esc[0]', "27 '\\033'"],
    ['$pc', `(void (*)()) ${hex(MAIN + 4n)} <main+4>`], ['$sp', '(void *) 0x7fffffffe3c0'], ['$rax', '42'],
    ['$pc + 1', `(void (*)()) ${hex(MAIN + 5n)} <main+5>`], ['*$pc', `{void ()} ${hex(MAIN + 4n)} <main+4>`],
    ['$sp + 1', '(void *) 0x7fffffffe3c1'], ['gone', '<optimized out>'], ['$nothing', 'void'], ['sizeof(int)', '4'], ['RED', 'RED'], ['BLUE + 1', '3'], ['col == BLUE', '1'],
  ];
  for (const [e, want] of cases) {
    it(`print ${e}`, () => assert.equal(print(e), typeof want === 'function' ? want() : want));
  }
});

describe('expr: print/FMT (gdb 13 output)', () => {
  const { print, addr } = printer();
  const cases: Array<[string, string, string | (() => string)]> = [
    ['x', 'p', '{x = 0x1, y = 0x2}'], ['x', 'arr', '{0x1, 0x2, 0x3}'], ['c', '65', "65 'A'"], ['t', '10', '1010'],
    ['o', '8', '010'], ['x', '-1', '0xffffffff'], ['d', '0x10', '16'], ['u', '(char)-1', '255'], ['z', '5', '0x00000005'],
    ['s', 's', '"abc\\000\\000"'], ['x', 'd', '0x40091eb851eb851f'], ['f', 'x', '5.88545355e-44'], ['f', '1', '1.40129846e-45'],
    ['c', 'arr', "{1 '\\001', 2 '\\002', 3 '\\003'}"], ['x', 's', '{0x61, 0x62, 0x63, 0x0, 0x0, 0x0}'], ['d', 'c', '68'],
    ['x', 'bf', '{a = 0x5, b = 0xfffffffd, c = 0x1}'], ['x', 'str', hex(HELLO)], ['c', '300', "44 ','"],
    ['x', '-1L', '0xffffffffffffffff'], ['x', 'fa', '{0x3fc00000, 0x3dcccccd, 0xc0000000}'], ['d', 'bytes', '{1, 2, -128, -1}'],
    ['x', '1.5', '0x3ff8000000000000'], ['d', '1.5', '4609434218613702656'], ['u', '-1', '4294967295'], ['o', '0', '0'],
    ['t', '0', '0'], ['t', '-1', '11111111111111111111111111111111'], ['a', '0x401140', `0x401140 <add+10>`],
    ['a', 'gp', () => `${hex(addr.g)} <g>`], ['z', '1L', '0x0000000000000001'], ['s', 'gb', () => `${hex(addr.gbuf)} <gbuf> "glob"`],
    ['x', 'gb', () => hex(addr.gbuf)],
    ['x', 's2v', `{name = {0x61, 0x62, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0}, pts = {{x = 0x1, y = 0x2}, {x = 0x3, y = 0x4}}, f = ${hex(ADD)}, msg = ${hex(HELLO + 6n)}}`],
    ['x', 'zeros[0]@12', '{0x0 <repeats 12 times>}'],
  ];
  for (const [fmt, e, want] of cases) {
    it(`print/${fmt} ${e}`, () => assert.equal(print(e, fmt), typeof want === 'function' ? want() : want));
  }
});
