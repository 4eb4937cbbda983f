// rdb against gdb: the same batch scripts on the C fixtures must print the same stops,
// frames and values (normalised only for pids and gdb's thread-library notices).
import * as assert from 'assert';
import { compileFixture } from '../helpers/compile';
import { runGdb, runRdb } from '../helpers/oracle';

interface Scenario { name: string; fixture: string; commands: string[]; args?: string[]; flags?: string[]; relative?: boolean }

const scenarios: Scenario[] = [
  { name: 'breakpoint on a function, backtrace, next and step', fixture: 'loops',
    commands: ['break square', 'run', 'bt', 'next', 'next', 'next', 'next', 'step', 'step', 'bt', 'finish', 'continue'] },
  { name: 'file:line breakpoints, info breakpoints and continue N', fixture: 'loops',
    commands: ['break loops.c:24', 'run', 'info breakpoints', 'continue 2', 'print i', 'print acc', 'info locals', 'kill'] },
  { name: 'conditional breakpoint and ignore counts', fixture: 'loops',
    commands: ['break square if v == 2', 'break bump', 'ignore 2 2', 'run', 'print v', 'continue', 'print by', 'info breakpoints', 'delete', 'continue'] },
  { name: 'tbreak, until, advance', fixture: 'loops',
    commands: ['tbreak main', 'run', 'next', 'next', 'next', 'until', 'until', 'advance 28', 'info breakpoints', 'continue'] },
  { name: 'stepi and nexti', fixture: 'loops',
    commands: ['break square', 'run', 'stepi', 'stepi', 'nexti', 'finish', 'nexti', 'nexti', 'nexti', 'nexti', 'kill'] },
  { name: 'watchpoint on a global', fixture: 'loops',
    commands: ['break main', 'run', 'watch counter', 'continue', 'continue', 'bt', 'continue', 'continue'] },
  { name: 'structs, pointers and a linked list', fixture: 'structs',
    commands: ['break area', 'break move', 'break 42', 'run', 'print r', 'print r.tl', 'print r.name', 'print w', 'finish', 'continue',
      'print *p', 'print p->x + p->y', 'up', 'print r', 'print &r', 'print sizeof(r)', 'continue', 'print *list', 'print list->next->value',
      'print *list->next->next', 'print/x a', 'continue'] },
  { name: 'arrays and strings', fixture: 'arrays',
    commands: ['break sum', 'run', 'print v[0]@n', 'up', 'print row', 'print word', 'print grid', 'print grid[1]', 'print banner',
      'print weights', 'print zeros', 'print row[2] * 2', 'print/x row', 'print &row[1]', 'print *row@3', 'continue'] },
  { name: 'up and down go as far as there are frames', fixture: 'recursion',
    commands: ['break fact if n == 3', 'run', 'frame 50', 'up 99', 'down', 'down 99', 'down', 'up 0', 'frame', 'continue'] },
  { name: 'recursion: deep backtrace, frame, finish with value', fixture: 'recursion',
    commands: ['break fact if n == 2', 'run', 'bt', 'frame 2', 'info frame', 'down', 'print n', 'finish', 'finish', 'delete', 'next', 'step', 'finish', 'continue'] },
  { name: 'function pointers', fixture: 'funcptr',
    commands: ['break apply', 'run', 'print f', 'print *f', 'print add', 'print table', 'print table[1].fn', 'step', 'bt', 'up', 'info locals', 'continue', 'print f', 'continue'] },
  { name: 'bit-fields, unions, enums, floats, chars', fixture: 'bits',
    commands: ['break scale', 'run', 'print v', 'print k', 'print ratio', 'print pi', 'print big', 'print letter', 'print done', 'print paint',
      'print (enum color)1', 'print RED', 'print GREEN + 1', 'up', 'print fl', 'print fl.mode', 'print fl.delta', 'print w', 'print w.bytes', 'print/x fl',
      'print/t fl.mode', 'print/c 65', 'print/x -1', 'print 10/3.0', 'print 7 % 3', 'print 1.0f', 'finish', 'continue'] },
  { name: 'a crash: signal report, backtrace and locals', fixture: 'signals',
    commands: ['run', 'bt', 'print it', 'print *it', 'up', 'print a', 'print b.next', 'continue'] },
  { name: 'errors keep the session going', fixture: 'loops',
    commands: ['print nosuch', 'next', 'break nosuch', 'break 9999', 'break loops.c:4', 'info locals', 'run', 'print 1 +', 'print counter', 'frame 9', 'finish', 'x/4xw &counter', 'continue'] },
  { name: 'compiled by a relative path: file names, listings, info line/source, bt full', fixture: 'loops', relative: true,
    commands: ['list', 'list', 'list -', 'list 1,5', 'list ,12', 'info line square', 'info line 9', 'break square', 'run', 'info source',
      'bt full', 'bt -1', 'info line', 'up', 'info frame', 'continue'] },
  { name: 'step into a libc function through its PLT stub, and finish out of it', fixture: 'structs', relative: true,
    commands: ['break push', 'run', 'step', 'bt', 'info args', 'finish', 'info registers rip', 'next', 'next', 'next', 'step', 'continue'] },
  { name: 'assert failure: tail-call frames and entry values in libc, as gdb reconstructs them', fixture: 'aborts', args: ['2'], relative: true,
    commands: ['run', 'bt', 'info frame', 'up', 'info locals', 'up', 'info frame', 'frame 6', 'print v', 'continue'] },
  { name: 'abort and raise: signal reports and backtraces through libc', fixture: 'aborts', args: ['4'], relative: true,
    commands: ['run', 'bt', 'frame 4', 'info locals', 'kill'] },
  { name: 'a watchpoint on a local ends with its frame; read and access watchpoints', fixture: 'watches', relative: true,
    commands: ['break accumulate', 'run', 'next', 'watch total', 'continue', 'continue', 'continue', 'continue', 'info breakpoints',
      'delete', 'rwatch hits', 'info breakpoints', 'continue', 'continue', 'delete', 'awatch hits', 'continue', 'continue', 'print $_exitcode'] },
  { name: 'displays: shown only in their scope, after finish before its value', fixture: 'watches', relative: true,
    commands: ['break accumulate', 'run', 'next', 'display total', 'display/x i', 'display hits', 'display nosuch', 'next', 'next',
      'info display', 'undisplay 1', 'next', 'finish', 'next', 'continue'] },
  { name: 'x sets $_; info locals and bt full print pointers without their type', fixture: 'structs', relative: true,
    commands: ['break move', 'run', 'info args', 'up', 'info locals', 'x/4xw &r', 'print $_', 'x/2s r.name', 'print $_', 'bt full', 'continue'] },
  { name: 'a breakpoint on a library function before run: the PLT stub, then the function once libc loads', fixture: 'loops', relative: true,
    commands: ['break printf', 'info breakpoints', 'run', 'bt', 'info breakpoints', 'finish', 'continue'] },
  { name: 'advance stops where main returns; run again without a query in batch; $eflags; frame N without a process', fixture: 'recursion', relative: true,
    commands: ['break fact', 'run', 'delete', 'p $eflags', 'whatis $eflags', 'until', 'until', 'advance 9999', 'advance fact', 'run', 'bt', 'kill',
      'frame 1', 'frame', 'info frame', 'start', 'next', 'continue'] },
  { name: 'optimised code: inlined frames in bt, info frame and locals, breakpoints on an inlined function', fixture: 'inlined', flags: ['-g', '-O2'], relative: true,
    commands: ['print $', 'print $$2', 'break sq', 'info breakpoints', 'run', 'bt', 'info frame', 'info locals', 'up', 'info locals', 'info frame', 'continue', 'bt',
      'finish', 'bt', 'delete', 'break 3', 'continue', 'bt', 'kill'] },
  { name: 'names that libc uses too: breakpoints gain libc locations when it loads (N.M, <MULTIPLE>, N*)', fixture: 'collide', relative: true,
    commands: ['break init', 'break value if x == 4', 'break cleanup', 'info breakpoints', 'run', 'info breakpoints', 'continue', 'continue', 'bt', 'continue'] },
  { name: 'finish prints every kind of return value (rax/rdx, xmm0/xmm1 per eightbyte, st0, memory)', fixture: 'returns',
    commands: [...['mkbig', 'mksmall', 'mkmixed', 'mkvec', 'uc', 'sh', 'fl', 'ld', 'nothing', 'isodd', 'name', 'ptr'].map((f) => `break ${f}`), 'run',
      ...Array<string[]>(12).fill(['finish', 'continue']).flat()] },
  { name: 'print and call run functions of the program', fixture: 'calls', relative: true,
    commands: ['print square(5)', 'break 18', 'run', 'print square(5)', 'print square(k) + 1', 'print scale(1.5, 3)', 'print halve(3)', 'print add3(1,2,3)',
      'call bump(&k)', 'print k', 'print bump(&k)', 'print mkpt(1,2)', 'print mkbig(7)', 'print len("hello")', 'print fp(6)', 'print (*fp)(7)',
      'call square(2)', 'print $', 'print nosuch(1)', 'print square()', 'bt', 'next', 'continue'] },
  { name: 'a fork: gdb\'s detach notice before the child\'s output, breakpoints kept out of the child', fixture: 'forks', args: ['x'], relative: true,
    commands: ['break exit', 'run', 'bt', 'continue', 'continue', 'continue'] },
  { name: 'disassembly: x/i, display/i, disassemble', fixture: 'calls', relative: true,
    commands: ['x/3i main', 'disassemble square', 'break square', 'run', 'x/6i $pc', 'x/2i', 'print $_', 'display/i $pc', 'display/2xw $sp', 'stepi',
      'info display', 'disassemble', 'up', 'disassemble', 'continue'] },
  { name: 'a tree built recursively: steps back into a caller\'s frame, displays of a null pointer, a watchpoint on main\'s local, an octal exit code', fixture: 'tree', relative: true,
    commands: ['print $sp', 'print $pc', 'break size if t == 0', 'run', 'display *t', 'display/x t', 'step', 'step', 'step', 'step', 'step', 'step', 'next', 'next',
      'output *t', 'delete', 'undisplay', 'tbreak 41', 'continue', 'watch n', 'print malloc', 'continue', 'continue', 'print $_exitcode'] },
  { name: 'expressions do not name inlined-only functions; a disabled breakpoint\'s locations show y-', fixture: 'inlined', flags: ['-g', '-O2'], relative: true,
    commands: ['print sq', 'break work', 'break sq', 'run', 'print sq', 'print work', 'disable 2', 'info breakpoints', 'kill'] },
  { name: 'a signal raised in an assembler-written libc function: its name among aliases and its source language', fixture: 'killself', relative: true,
    commands: ['run', 'bt', 'info frame', 'up', 'info frame', 'continue'] },
  { name: 'a program without debug info', fixture: 'loops', flags: ['-O0'],
    commands: ['break square', 'run', 'bt', 'info frame', 'stepi', 'list square', 'finish', 'next', 'continue'] },
  { name: 'symbols without debug info in expressions: functions by address, data only cast; no locals', fixture: 'loops', flags: ['-O0'],
    commands: ['print counter', 'print square', 'x/2i square', 'break *bump+4', 'run', 'print (int)counter', 'print &counter',
      'print counter + 1', 'print sizeof(counter)', 'whatis square', 'ptype square', 'whatis counter', 'print *square', 'print &square',
      'print square(2)', 'print (int)square(3)', 'break *square', 'continue', 'info locals', 'info args', 'bt full', 'set var counter = 1',
      'display counter', 'display/x (int)counter', 'continue', 'print (long)counter', 'delete', 'continue'] },
];

describe('rdb matches gdb on batch scripts', function () {
  this.timeout(120000);
  for (const s of scenarios) {
    it(s.name, () => {
      const prog = compileFixture(s.fixture, s.flags, s.relative);
      const expected = runGdb(prog, s.commands, s.args);
      const actual = runRdb(prog, s.commands, s.args);
      assert.strictEqual(actual, expected);
    });
  }
});
