// C++ functions are named as gdb names them: by their qualified source names (not the mangled
// linkage names), found by `break` with gdb's wild matching (`area` for geo::Box::area, `biggest`
// for biggest<int>) and shown so in stops and backtraces.
import { describeOracle } from '../helpers/oracle';

// Frame arguments that are references: gdb prints `...`, rdb the address (C++ references are
// not modelled yet), so those lines compare up to the argument. (C++ signatures in `info
// functions` and C++ types in ptype are not gdb's yet either.)
const refArgs: Array<[RegExp, string]> = [[/\(b=(?:\.\.\.|0x[0-9a-f]+)\)/g, '(b=REF)']];

describeOracle('cli: C++ function names match gdb', [
  { name: 'break by unqualified, qualified, anonymous-namespace and template names; bt at each', fixture: 'geometry.cc', rewrite: refArgs,
    commands: ['break area', 'break geo::Box::grow', 'break twice', 'break biggest', 'run', 'bt', 'continue', 'bt', 'continue', 'bt', 'continue', 'bt', 'continue'] },
  { name: 'a method by its qualified name: finish out of it, up and down', fixture: 'geometry.cc', rewrite: refArgs,
    commands: ['break geo::Box::area', 'run', 'bt', 'finish', 'step', 'bt', 'up', 'down', 'next', 'next', 'next'] },
]);
