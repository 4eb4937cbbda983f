// Children for a variables view and their evaluateNames, checked by evaluating the names.
import { strict as assert } from 'assert';
import { childExpression, childrenOf, evaluate, fetch, formatValue, hasChildren } from '../../src/expr';
import type { Type } from '../../src/symbols/types';
import { int, makeWorld, unionU } from './world';

describe('expr: children and evaluateNames', () => {
  const { ctx } = makeWorld();
  const show = (e: string): string => formatValue(fetch(evaluate(e, ctx), ctx), ctx, {});
  const kids = (e: string): Array<[string, string | undefined, string]> =>
    childrenOf(evaluate(e, ctx), ctx).map((c) => [c.name, childExpression(e, c), formatValue(c.value, ctx, {})]);

  it('struct members', () => {
    assert.deepEqual(kids('p'), [['x', 'p.x', '1'], ['y', 'p.y', '2']]);
  });
  it('array elements, and names that evaluate to the same values', () => {
    const k = kids('ps');
    assert.deepEqual(k.map((c) => c[1]), ['ps[0]', 'ps[1]']);
    for (const [, text, value] of k) assert.equal(show(text!), value);
  });
  it('a pointer expands to its pointee, whose members use ->', () => {
    const [star] = childrenOf(evaluate('n.next', ctx), ctx);
    assert.equal(childExpression('n.next', star), '*n.next');
    const deref = childrenOf(evaluate('&p', ctx), ctx)[0];
    assert.equal(childExpression('&p', deref), '*&p');
    const member = childrenOf(deref.value, ctx)[1];
    assert.equal(childExpression('*ip_to_p', member), 'ip_to_p->y');
  });
  it('parenthesises where precedence needs it', () => {
    const [first] = childrenOf(evaluate('*(struct point *)&p', ctx), ctx);
    assert.equal(childExpression('*(struct point *)&p', first, (n) => n === 'point'), '((struct point *)&p)->x');
    const el = childrenOf(evaluate('arr', ctx), ctx, 1, 1);
    assert.deepEqual(el.map((c) => [c.name, childExpression('x ? arr : arr', c)]), [['[1]', '(x ? arr : arr)[1]']]);
  });
  it('which values expand', () => {
    assert.deepEqual(['p', 'arr', 'ip', 'vp', 'fp', 'x', 'str'].map((e) => hasChildren(evaluate(e, ctx))),
      [true, true, true, false, false, false, true]);
  });
  it('bit-fields, and anonymous members that have no name of their own', () => {
    const bf = childrenOf(evaluate('bf', ctx), ctx);
    assert.deepEqual(bf.map((c) => [c.name, formatValue(c.value, ctx, {})]), [['a', '5'], ['b', '-3'], ['c', '1']]);
    const anon: Type = { kind: 'struct', name: 'anon', size: 8, members: [{ name: 'k', type: int, offset: 0 }, { type: unionU, offset: 4 }] };
    const kids2 = childrenOf({ type: anon, lval: null, bytes: Buffer.from([1, 0, 0, 0, 2, 0, 0, 0]) }, ctx);
    assert.deepEqual(kids2.map((c) => [c.name, childExpression('a', c), formatValue(c.value, ctx, {})]),
      [['k', 'a.k', '1'], ['<anonymous union>', undefined, '{i = 2, f = 2.80259693e-45}']]);
  });
});
