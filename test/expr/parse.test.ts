// The parser: precedence (checked by evaluating), the AST shapes of casts and type names,
// and gdb's syntax error messages.
import { strict as assert } from 'assert';
import { evaluate, fetch, formatValue, parse, type Node } from '../../src/expr';
import { makeWorld } from './world';

/** A fully parenthesised rendering of an AST, to check grouping. */
function show(n: Node): string {
  switch (n.kind) {
    case 'int': return n.value.toString();
    case 'ident': return n.name;
    case 'scoped': return `${n.scope}::${n.name}`;
    case 'dollar': return `$${n.name}`;
    case 'binary': return `(${show(n.left)} ${n.op} ${show(n.right)})`;
    case 'unary': return `(${n.op}${show(n.operand)})`;
    case 'assign': return `(${show(n.left)} ${n.op === '=' ? '=' : `${n.op}=`} ${show(n.right)})`;
    case 'ternary': return `(${show(n.cond)} ? ${show(n.then)} : ${show(n.else)})`;
    case 'comma': return `(${show(n.left)}, ${show(n.right)})`;
    case 'member': return `(${show(n.object)}${n.arrow ? '->' : '.'}${n.name})`;
    case 'index': return `(${show(n.object)}[${show(n.index)}])`;
    case 'cast': return `((${n.type.base}${JSON.stringify(n.type.ops)})${show(n.operand)})`;
    case 'sizeofType': return `sizeof(${n.type.base})`;
    case 'sizeofExpr': return `sizeof(${show(n.operand)})`;
    case 'call': return `${show(n.fn)}(${n.args.map(show).join(', ')})`;
    case 'postfix': return `(${show(n.operand)}${n.op})`;
    default: return n.kind;
  }
}

const isType = (n: string): boolean => n === 'my_t';

describe('expr: parser grouping', () => {
  const cases: Array<[string, string]> = [
    ['1 + 2 * 3', '(1 + (2 * 3))'], ['1 - 2 - 3', '((1 - 2) - 3)'], ['a << 1 + 2', '(a << (1 + 2))'],
    ['a < b == c', '((a < b) == c)'], ['a & b ^ c | d', '(((a & b) ^ c) | d)'], ['a || b && c', '(a || (b && c))'],
    ['a ? b : c ? d : e', '(a ? b : (c ? d : e))'], ['a = b = c', '(a = (b = c))'], ['a += 1, b', '((a += 1), b)'],
    ['a[0]@3', '((a[0]) @ 3)'], ['*p@n', '((*p) @ n)'], ['a@1+2', '(a @ (1 + 2))'], ['a@b<<1', '((a @ b) << 1)'],
    ['-a.b', '(-(a.b))'], ['*p->q', '(*(p->q))'], ['&a[1]', '(&(a[1]))'], ['!~-x', '(!(~(-x)))'],
    ['x->y.z[1]', '(((x->y).z)[1])'], ['(my_t)3', '((my_t[])3)'], ['(my_t *)3', '((my_t[{"op":"ptr","isConst":false}])3)'],
    ['(unsigned long)x', '((unsigned long[])x)'], ['(long unsigned int)x', '((unsigned long[])x)'],
    ['(char (*)[6])0', '((char[{"op":"array","count":6},{"op":"ptr","isConst":false}])0)'],
    ['(int (*)(int, int))f', '((int[{"op":"func","params":[{"base":"int","constBase":false,"ops":[]},{"base":"int","constBase":false,"ops":[]}],"varargs":false},{"op":"ptr","isConst":false}])f)'],
    ['sizeof(struct point)', 'sizeof(struct point)'], ['sizeof x + 1', '(sizeof(x) + 1)'], ['sizeof (x)', 'sizeof(x)'],
    ['f::calls', 'f::calls'], ["'sc.c'::counter + 1", '(sc.c::counter + 1)'], ["&'sc.c'::counter", '(&sc.c::counter)'],
    ["'odd name'", 'odd name'], ["'a'", 'char'],
    ['(x)', 'x'], ['f(1, 2)', 'f(1, 2)'], ['x++ + 1', '((x++) + 1)'], ['$pc', '$pc'], ['$$2', '$$2'], ['$', '$'],
  ];
  for (const [text, want] of cases) {
    it(text, () => {
      const r = parse(text, isType);
      assert.deepEqual(r.errors, []);
      assert.equal(show(r.ast!), want);
    });
  }
});

describe('expr: syntax errors (gdb 13 messages)', () => {
  const cases: Array<[string, string]> = [
    ['1 +', "A syntax error in expression, near `'."], ['1 2', "A syntax error in expression, near `2'."],
    [')', "A syntax error in expression, near `)'."], ['(1', "A syntax error in expression, near `'."],
    ['1 )', 'Junk after end of expression.'], ['1 # 2', "Invalid character '#' in expression."],
    ['1 + * ', "A syntax error in expression, near `'."], ['a[1', "A syntax error in expression, near `'."],
    ['x ? 1', "A syntax error in expression, near `'."], ['(int)', "A syntax error in expression, near `'."],
  ];
  for (const [text, want] of cases) {
    it(text, () => {
      const r = parse(text, isType);
      assert.equal(r.ast, undefined);
      assert.deepEqual(r.errors, [want]);
    });
  }
  it('evaluate throws the same message', () => {
    const { ctx } = makeWorld();
    assert.throws(() => evaluate('1 +', ctx), { message: "A syntax error in expression, near `'." });
  });
});

describe('expr: evaluation errors (gdb 13 messages)', () => {
  const cases: Array<[string, string]> = [
    ['foo', 'No symbol "foo" in current context.'], ['p.z', 'There is no member named z.'],
    ['x.y', 'Attempt to extract a component of a value that is not a structure.'], ['*x', 'Cannot access memory at address 0x2a'],
    ['ip->x', 'Attempt to extract a component of a value that is not a structure pointer.'],
    ['n.next->p', 'Cannot access memory at address 0x0'], ['1/0', 'Division by zero'], ['5%0', 'Division by zero'],
    ['1.5 % 2', 'Integer-only operation on floating point number.'], ['~1.0', 'Argument to complement operation not an integer, boolean.'],
    ['1 @ 2', "Only values in memory can be extended with '@'."], ['*vp', 'Attempt to dereference a generic pointer.'],
    ['(struct nope *)0', 'No struct type named nope.'], ['sizeof(struct nope)', 'No struct type named nope.'],
    ['$9999', 'History has not yet reached $9999.'], ['(foo *)0', 'No symbol "foo" in current context.'],
    ['foo +', 'No symbol "foo" in current context.'], ['x +', "A syntax error in expression, near `'."],
    ['p.foo +', "A syntax error in expression, near `'."], ['1 + foo bar', 'No symbol "foo" in current context.'],
    ['x 2 foo', "A syntax error in expression, near `2 foo'."], ['f::nope', 'No symbol "nope" in specified context.'],
    ['nofn::x', 'No symbol "nofn" in current context.'], ['x::y', 'No symbol "x" in current context.'],
  ];
  for (const [text, want] of cases) {
    it(text, () => {
      const { ctx } = makeWorld();
      assert.throws(() => fetch(evaluate(text, ctx), ctx), { message: want });
    });
  }
});

describe('expr: scoped names', () => {
  it('function::name and file::name', () => {
    const { ctx } = makeWorld();
    const p = (e: string): string => formatValue(fetch(evaluate(e, ctx), ctx), ctx, { topLevel: true });
    assert.equal(p('f::calls + 1'), '43');
    assert.equal(p("'sc.c'::counter"), '{1, 2, 3}');
    assert.equal(p("&'sc.c'::counter[1]"), p('&arr[1]'));
  });
});

describe('expr: assignment and side effects', () => {
  it('assigns through memory, registers, convenience variables and bit-fields', () => {
    const { ctx } = makeWorld();
    const p = (e: string): string => {
      try {
        return formatValue(fetch(evaluate(e, ctx), ctx), ctx, { topLevel: true });
      } catch (err) {
        return (err as Error).message;
      }
    };
    const steps: Array<[string, string]> = [
      ['x = 7', '7'], ['x += 2', '9'], ['x', '9'], ['x++', '9'], ['x', '10'], ['--x', '9'], ['$foo = 5', '5'],
      ['$foo', '5'], ['$foo * 2', '10'], ['$bar = 1.5', '1.5'], ['$bar * 2', '3'], ['bf.b = 7', '7'],
      ['bf', '{a = 5, b = 7, c = 1}'], ['bf.a = 9', '1'], ['bf', '{a = 1, b = 7, c = 1}'], ['arr[1] = 9', '9'],
      ['arr', '{1, 9, 3}'], ['$rax = 3', '3'], ['$rax', '3'], ['p.y = -1', '-1'], ['p', '{x = 1, y = -1}'],
      ['c = 65', "65 'A'"], ['d = 1', '1'], ['*ip = 4', '4'], ['x', '4'], ['x = 3.9', '3'],
      ['p = ps[1]', '{x = 3, y = 4}'], ['p', '{x = 3, y = 4}'], ['arr = m2[1]', '{4, 5, 6}'], ['$foo = p', '{x = 3, y = 4}'],
      ['$foo.y', '4'], ['$foo.y = 9', '9'], ['$foo', '{x = 3, y = 9}'], ['p', '{x = 3, y = 4}'], ['ip = 0', '(int *) 0x0'],
      ['ip = 5', '(int *) 0x5'], ['f = d / 3', '0.333333343'], ['col = 1', 'GREEN'], ['col = GREEN', 'GREEN'],
      ['s = "xy"', '"xy\\000\\000\\000"'], ['1 = 2', 'Left operand of assignment is not an lvalue.'],
      ['&$rax', 'Attempt to take address of value not located in memory.'], ['$cv = 3', '3'], ['$cv += 2', '5'],
      ['$cv++', '5'], ['$cv', '6'],
    ];
    for (const [e, want] of steps) assert.equal(p(e), want, e);
  });
  it('reads value history', () => {
    const { ctx } = makeWorld();
    // gdb 13: `print $` with nothing printed yet, and `$$N` before the start.
    assert.throws(() => evaluate('$', ctx), /^EvalError: The history is empty\.$/);
    assert.throws(() => evaluate('$$', ctx), /History does not go back to \$\$1\./);
    ctx.pushHistory(evaluate('1', ctx));
    ctx.pushHistory(evaluate('2', ctx));
    ctx.pushHistory(evaluate('3', ctx));
    const p = (e: string): string => formatValue(fetch(evaluate(e, ctx), ctx), ctx, { topLevel: true });
    assert.deepEqual(['$', '$$', '$$2', '$1', '$2 + $3', '$$0', '$0'].map(p), ['3', '2', '1', '1', '5', '3', '3']);
  });
});
