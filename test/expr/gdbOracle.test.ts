// Prints expressions over a real executable's globals (DWARF types from src/symbols, memory
// from the file image, no process) with rdb and with gdb 13, and compares the text.
import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
import * as path from 'path';
import { evaluate, fetch, formatValue, typeDefinition, typeName } from '../../src/expr';
import { Program } from '../../src/symbols/Program';
import { FrameContext } from '../../src/debugger/evalContext';
import { ValueStore } from '../../src/debugger/ValueStore';
import { compileFixture, repoRoot } from '../helpers/compile';

const fixture = path.join(repoRoot, 'test/expr/fixtures/globals.c');

const prints: string[] = [
  'c', 'nl', 'z', 'm', 'uc', 'sc', 't', 'fa', 'd', 'dneg', 'dbig', 'f', 'fsmall', 'ld', 'sh', 'us', 'x', 'neg', 'u', 'L', 'UL',
  'LL', 'p', 'pt', 'ps', 'zp', 'arr', 'zeros', 'm2', 'mixed', 's', 'big', 'full', 'esc', 'mix', 'cbig', 'bytes', 'tb', 'str',
  'nullstr', 'bp', 'ucp', 'fp', 'vp', 'vp2', 'ip', 'ipa', 'n', 'n2', 'bf', 'uu', 'col', 'colx', 'fl3', 'fl8', 'fl0', 'ng',
  'ng5', 'flex1', 'flex1.data', 'zero', '&flex1.data', '1ll', '-1ull', 'names', 'longs', 'fns', 'pps', '&pps', '*pps[0]', 'pps[0]->y', 'dc', 'fc', 'an', 's2v', 'farr', 'darr', 'barr', 'seq', 'pp', 'add', 'main', '&add', '*fp', '&x', '&arr', '&arr[1]', 'arr + 1',
  '*ip', 'ip[1]', '*ipa@2', 'arr[1]@2', '&m2', 'm2[1]', '&m2[1]', '*m2', 'str[1]', '*str@3', '&str', 'n2.next->p',
  '*n2.next', 'ps[1].y', '&ps[1]', '&ps[1].y', 's2v.pts', 's2v.name', 's2v.msg', 's2v.f', 'an.b', 'an.in', 'bf.b', 'bf.d',
  'x + 1', 'x / 5', '-x % 5', 'neg / 2', 'x * 1.5', 'u + 1', 'u * 2', 'UL + 1', 'sh * 2', 'uc + 1', 'c + 1', 'c == 68',
  "c == 'D'", 'd * 2', 'f * 2', 'f * 2.0', '1.0 / 3', '1.0f / 3', '(float)d', '(int)d', '(char)x', '(unsigned char)neg',
  '(long)&x == (long)ip', 'ip == &x', 'ip - &x', 'ipa - arr', '&arr[2] - &arr[0]', '(enum color)1',
  '(enum fl)5', 'sizeof(struct s2)', 'sizeof s2v.name', 'sizeof(pt_t)', 'sizeof arr / sizeof arr[0]',
  '(struct point *)0', '(pt_t *)&p', '*(pt_t *)&p', '(char *)str', '(byte)300', '(long)-1', '(unsigned long)-1', '(short)70000',
  '(_Bool)0', 'x > 3 ? 1 : 2', 'x && 0', 'x || 0', '!x', '~x', '-uc', '1 << 10', 'x >> 1', 'x & 7', 'x ^ 1 | 8',
  '10 > 9 > 8', "'a'", "'\\0'", "'\\n'", "'\\177'", '"hi"', '"a\\tb"', '0x10', '010', '4294967295', '2147483648', '-2147483648',
  '1e20', '2.5e-3', '0.1f', '5.0/0', '-5.0/0', '1/3', 'zeros[0]@12', 'seq[0]@11', 'seq[5]@3',
  'foo', 'p.z', 'x.y', 'ip->x', '1/0', '1 +', '1 2', '(1', '1 )', '1 # 2', '1.5 % 2', '~1.0', '*vp', '1 @ 2',
  '(struct nope *)0',
  'sh', '-d', 'd + f', '-ld', '(float)ld', '1.0L', 'x / 0.0', '0.0/0', '-(0.0/0)', '-0.0', '0.0 * -1', 'dbig * 1e10', '1e-320', '123456789.0',
  '0.5', '1e16', '1e17', '12345678901234567.0', '1.5e-5', '(char)0x41', '(unsigned char)0xff', "'\\x41'", "'\\''", "'\"'",
  '"\\x01\\377"', 'sizeof("abc")', '&*ip', '*&p', '&p.y', '(long)&p.y - (long)&p', '&seq[249] - seq', 'seq + 249', '*pp',
  'pp[0][0]', '*pp@2', '**pp', 'str + 1', '*str + 1', '(long)str[0]', '*bp', 'tb[1] + 1', 'an.in.d', '&an.in',
  's2v.pts[1]', '&s2v.pts', '*s2v.pts@2', 's2v.f == add', 'x == 42 && neg < 0', '(x, neg)', 'x ? neg : 0', '!ip', 'ip && 1',
  '-2147483648 / -1', '0x7fffffff + 1', '4294967295u + 1', '18446744073709551615ul + 1', '-1 >> 1', '-1u >> 1', '1 << 31',
  'seq[0]@200', 'seq[0]@201', 'esc[1]', 's[5]', 'cbig[1]@2', 'x->y', 'ip.x', '&1', '&(x+1)', 'arr[0]@0', 'arr[0]@-1',
  '1 = 2', 'sizeof(void)', '*add', 'add + 1', '(struct point)x', 'p + 1', '-p', '!p', '$nonexistent', '$_',
  'arr == arr', 'p.x == pt.x', 'ps[0].x + ps[1].y', 'm2[1][2]', '*m2[1]', 'm2[0] + 1', '*(m2[0] + 1)', 'sizeof m2[0]',
  '0x80000000', '0xffffffff', '037777777777', '0x8000000000000000', '18446744073709551616', '28446744073709551615',
  '0x1ffffffffffffffff', '0x10000000000000000', '0777777777777777777777777',
  '(foo *)0', 'foo +', 'x 2 foo', 'p.foo +', '1 + foo bar', '(pt_t)p', '(byte *)ucp', 'sizeof(pt_t *)', '(long)sizeof(int)', "'A' + 0", "(char)('a' + 1)", 'c - 1', 'uc / 3', 'us + 1', '(short)us', 'LL / 3', 'LL * 2',
];

/** Enumerators as symbols: needs the debugger's context to supply them (see context.ts). */
const enumeratorPrints = ['BLUE', 'BLUE + 1', 'A | C', '(enum fl)(A | C)', 'RED == 0'];

const formats: Array<[string, string]> = [
  ['x', 'p'], ['x', 'arr'], ['x', 's'], ['x', 'bf'], ['x', 's2v'], ['x', 'd'], ['x', 'f'], ['x', 'farr'], ['x', 'neg'], ['x', 'c'],
  ['x', 'str'], ['x', 'ld'], ['x', 'col'], ['x', 'barr'], ['d', 'c'], ['d', 'uc'], ['d', 'bytes'], ['d', 'd'], ['d', 'ip'],
  ['u', 'neg'], ['u', 'm'], ['o', 'x'], ['o', '0'], ['t', 'x'], ['t', 'neg'], ['t', '0'], ['t', 'bf'], ['c', 'x'], ['c', 'arr'],
  ['c', '300'], ['c', 'uc'], ['c', 'neg'], ['a', 'fp'], ['a', 'ip'], ['a', '&add'], ['f', 'x'], ['f', 'd'],
  ['f', 'L'], ['f', 'c'], ['f', 'arr'], ['z', 'x'], ['z', 'c'], ['z', 'arr'], ['z', 'L'], ['s', 's'], ['s', 'str'], ['s', 'arr'],
  ['x', '-1'], ['x', '-1L'], ['d', '0x10'], ['u', '(char)-1'], ['x', 'uu'], ['d', 'uu'], ['x', 'an'], ['x', 'zeros'],
  ['x', 'sh'], ['o', 'neg'], ['t', 'c'], ['d', 't'], ['x', 't'], ['c', '65'], ['x', '1.5'], ['f', '1'], ['f', '3'], ['x', 'dneg'],
  ['d', 'f'], ['u', 'f'], ['x', 'nullstr'], ['s', 'nullstr'], ['x', 'pp'], ['d', 'farr'], ['c', 'bytes'], ['u', 'bytes'],
  ['o', 'arr'], ['t', 'arr'], ['a', 'arr'], ['x', 'm2'], ['x', 'fl3'], ['d', 'fl8'], ['x', 'ng'], ['d', 'ng'], ['u', 'ng'],
  ['x', 'mixed'], ['z', 'sh'], ['z', 'neg'], ['c', 'LL'], ['x', 'LL'], ['o', 'UL'], ['t', 'uc'], ['x', 'sc'], ['d', 'us'], ['x', 'dc'], ['x', 'names'],
];

const whatis: string[] = [
  '0x80000000', '0xffffffff', '0x7fffffff', '0x100000000', '0xffffffffffffffff',
  'fp', 'm2', '&m2', 'str', 'ps', '&ps[0]', 'p.x', 'arr[0]@2', 'add', '&add', '*fp', 'x + 1L', 'c + c', 'u + 1', 'x + 1u',
  'sizeof(int)', 'uc * 1', 'f * 2', 'f * 2.0', 'col + 1', '1 == 1', 'pt', '&pt', 'tb', 'bp', 'pp', '&pp', 'an.in', 's2v.f',
  '(const char *)0', '(char * const)0', '(unsigned)1', '(char (*)[6])0', '(int (*)(int, int))0', 'dc', 'fc', 'fns', 'names', 'flex1.data', '1ll', '1ull', '1lu', '1LL + 1', '-1LL', 'LL * 2', 'UL + LL', 'u + LL', 'sh + sh', 'us + 1u',
];

/** Printed after `set print pretty on` (the oracle runs these last). */
const prettyPrints: string[] = ['p', 'ps', 's2v', 'an', 'n2', 'zp', 'arr', 'bf', 'names', 'uu'];

const ptypes: string[] = [
  'struct bits', 'enum fl', 'enum color', 'enum neg', 'union u', 'struct node', 'struct anon', 'struct s2', 'pt_t', 'byte', 'fp',
  'm2', 'ps', 'an', 'str', '&p', 'add', 'bf', 'pp', 'struct point *', 'x + 1',
];

function gdbLines(program: string, commands: string[]): string[] {
  const argv = ['-nx', '-batch', ...commands.flatMap((c) => ['-ex', `echo <<<\\n`, '-ex', c]), program];
  // One stream, so error messages (stderr) stay in order with values (stdout).
  const both = spawnSync('sh', ['-c', `gdb "$@" 2>&1`, 'sh', ...argv], { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } });
  return both.stdout.split('<<<\n').slice(1).map((chunk) => chunk.replace(/\n$/, ''));
}

describe('expr: against gdb 13 on a real executable (globals, no process)', function () {
  this.timeout(120000);
  let program: Program;
  let ctx: FrameContext;
  let expected: string[] = [];
  const commands = [
    ...prints.map((e) => `print ${e}`),
    ...enumeratorPrints.map((e) => `print ${e}`),
    ...formats.map(([f, e]) => `print/${f} ${e}`),
    ...whatis.map((e) => `whatis ${e}`),
    ...ptypes.map((e) => `ptype ${e}`),
    'set print pretty on',
    ...prettyPrints.map((e) => `print ${e}`),
  ];

  before(() => {
    const exe = compileFixture(fixture);
    program = Program.open(exe);
    ctx = new FrameContext(program, undefined, {
      read: (a, n) => program.readFileImage(a, n),
      write: () => { throw new Error('read-only'); },
    }, new ValueStore());
    expected = gdbLines(exe, commands);
    assert.equal(expected.length, commands.length, 'one answer from gdb per command');
  });
  after(() => program?.close());

  let pretty = false;
  function rdb(command: string): string {
    if (command === 'set print pretty on') { pretty = true; return ''; }
    const m = /^(print|whatis|ptype)(?:\/(\w))? (.*)$/.exec(command)!;
    try {
      if (m[1] === 'ptype') {
        const named = ctx.lookupType(m[3]);
        return `type = ${typeDefinition(named ?? evaluate(m[3], ctx).type)}`;
      }
      const v = evaluate(m[3], ctx);
      if (m[1] === 'whatis') return `type = ${typeName(v.type)}`;
      return `$N = ${formatValue(fetch(v, ctx), ctx, { format: m[2], topLevel: true, pretty })}`;
    } catch (e) {
      return (e as Error).message;
    }
  }

  commands.forEach((command, i) => {
    it(command, function () {
      if (enumeratorPrints.some((e) => command === `print ${e}`) && !ctx.lookupSymbol('RED')) this.skip();
      const want = expected[i].replace(/^\$\d+ = /, '$N = ');
      assert.equal(rdb(command), want);
    });
  });
});
