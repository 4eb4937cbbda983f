// rdb against gdb on programs written as a tester would: trees, records, an -O2 loop whose
// counter lives only in an expression of another register (DW_OP_convert), a crashing matrix
// program; the breakpoint line numbers refer to the fixtures' own lines.
import { describeOracle, type Scenario } from '../helpers/oracle';

const scenarios: Scenario[] = [
  { name: 'a tree built by recursion, enums, unions, bit-fields, 2-D arrays, long double, finish and frames', fixture: 'treekeys', relative: true,
    commands: ['break depth if n == 0', 'run', 'bt', 'p *n', 'p n', 'finish', 'up', 'p *n', 'p n->left->tag', 'p/x n->key', 'p n->c', 'p (color)6', 'p pk', 'p weights', 'p names', 'p *names@2', 'p ld', 'p sizeof(node)', 'p keys[1] + keys[2] * 2', 'delete', 'break scale', 'c', 'info args', 'p x * y', 'p c', 'p/x u', 'finish', 'p u', 'p/t u.b[1]', 'ptype node', 'whatis root->left', 'p $rip == $pc', 'info frame', 'c'] },
  { name: 'records, enum flags, function pointer tables, a grid, a watchpoint on a local, tbreak, until and a signal', fixture: 'records', relative: true,
    commands: ['break average', 'run', 'p *r', 'p r->name', 'p r->fl', 'p (enum flags)3', 'p (enum flags)8', 'p/x r->vals', 'p r->vals[1]@3', 'up', 'p row', 'p *row', 'p row[1]', 'p grid[2]', 'p &grid[1][2]', 'p buf', 'x/s buf', 'x/4dw grid', 'x/8xb buf', 'p ops', 'p ops[1].fn', 'p *ops[0].fn', 'down', 'watch sum', 'c', 'c', 'delete', 'finish', 'tbreak apply', 'c', 'p *o', 'p o->fn(2, 3)', 'step', 'bt', 'finish', 'info line average', 'until 42', 'next', 'next', 'info signals SIGUSR1', 'c'] },
  { name: '-O2: a loop counter as an expression of another register, entry values, finish out of a noinline function', fixture: 'optloop', relative: true, flags: ['-g', '-O2'],
    commands: ['break norm2', 'break collatz', 'run', 'bt', 'p *v', 'p v->z', 'info args', 'finish', 'c', 'info args', 'info locals', 'p n', 'next', 'next', 'next', 'p steps', 'bt', 'finish', 'delete', 'next', 'next', 'info locals', 'c'] },
  { name: 'a heap matrix, recursion with a condition, bt variants, escapes, integer and float extremes, a null pointer crash and $_siginfo', fixture: 'matrixfact', relative: true,
    commands: ['break fact if n == 2', 'run', 'bt', 'bt 2', 'bt -2', 'bt full 2', 'frame 3', 'info frame', 'p n', 'p esc', 'p items', 'p/x items[0]', 'p items[1].label', 'p big', 'p sc', 'p fl', 'p dd', 'p -dd', 'p sizeof(items)/sizeof(items[0])', 'p &items[2]', 'p *&items[2]', 'p items[2].id * 100', 'p fact', 'p &fact', 'p *fact', 'ptype fact', 'whatis &items', 'p (char)items[0].flags', 'p/d items[0].flags', 'p/c 65', 'p/x -1', 'p/o 8', 'p/t 10', 'p 10/3', 'p 10%3', 'p 10.0/3', 'p 1 == 2 || 3', 'p !5', 'p ~0', 'p 1 << 40', 'p 2147483647 + 1', 'p \'A\' + 1', 'p "abc"', 'p sizeof(long double)', 'delete', 'finish', 'finish', 'c', 'p $_siginfo.si_signo', 'p $_siginfo._sifields._sigfault.si_addr', 'bt', 'info registers rip', 'x/i $pc', 'p nn', 'p m->data[1]@4', 'p *m', 'p m->data[8]'] },
];

describeOracle('rdb matches gdb: testers\' programs (9)', scenarios);
