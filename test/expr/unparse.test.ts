// The unparser: minimal parentheses, and text that parses back to the same AST.
import { strict as assert } from 'assert';
import { parse, unparse } from '../../src/expr';

const isType = (n: string): boolean => n === 'my_t';

describe('expr: unparse', () => {
  const cases: Array<[string, string]> = [
    ['(1 + 2) * 3', '(1 + 2) * 3'], ['1 + (2 * 3)', '1 + 2 * 3'], ['(a - b) - c', 'a - b - c'], ['a - (b - c)', 'a - (b - c)'],
    ['(*p).x', '(*p).x'], ['*(p.x)', '*p.x'], ['(a[0])@3', 'a[0]@3'], ['(a @ 1) + 2', '(a@1) + 2'], ['*p@(n+1)', '*p@n + 1'], ['(char * const *)0', '(char * const *)0'],
    ['a = (b = c)', 'a = b = c'], ['(a, b), c', 'a, b, c'], ['a ? b : (c ? d : e)', 'a ? b : c ? d : e'],
    ['(my_t *)p->q', '(my_t *)p->q'], ['((struct point *)p)->x', '((struct point *)p)->x'], ['- -x', '- -x'],
    ['-(-x)', '- -x'], ['&(&x)', '& &x'], ['sizeof(int)', 'sizeof(int)'], ['(char (*)[6])0', '(char (*)[6])0'],
    ['(int (*)(int, int))f', '(int (*)(int, int))f'], ["'\\n'", "'\\n'"], ["'\\001'", "'\\001'"], ['"a\\"b"', '"a\\"b"'], ['$pc', '$pc'],
    ['x += 1', 'x += 1'], ["'sc.c'::counter", "'sc.c'::counter"], ['f::calls + 1', 'f::calls + 1'], ['f(a, (b, c))', 'f(a, (b, c))'], ['0x10', '16'],
  ];
  for (const [input, want] of cases) {
    it(input, () => {
      const ast = parse(input, isType).ast!;
      const text = unparse(ast);
      assert.equal(text, want);
      assert.deepEqual(parse(text, isType).ast, ast);
    });
  }
});
