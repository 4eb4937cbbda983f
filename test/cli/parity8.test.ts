// rdb against gdb: `set print address|union|null-stop`, exact x87 long double arithmetic,
// breakpoints that cannot be inserted, and testers' sessions on small programs.
import { describeOracle, type Scenario } from '../helpers/oracle';

const printing: Scenario[] = [
  { name: 'set print address off: frames, breakpoint messages and table, pointers, functions, strings, finish and stepi lines; print -address', fixture: 'printopts', relative: true,
    commands: ['set print address off', 'show print address', 'break apply', 'tbreak *twice', 'break *twice+4', 'info breakpoints', 'delete 3', 'run', 'bt', 'p *r', 'p r->fn', 'p twice', 'p &r->name', 'p gp', 'p np', 'p nofn', 'p garrp', 'p &garr', 'p $pc', 'p/x r', 'p/a r->fn', 'output r', 'info frame', 'x/2xw r',
      'display r', 'display/i $pc', 'c', 'bt', 'finish', 'finish', 'info locals', 'stepi', 'stepi', 'info breakpoints', 'watch got', 'info watchpoints', 'p -address on -- gp', 'p -address -- r->fn', 'set print address on', 'p gp', 'bt', 'c', 'info frame'] },
  { name: 'set print union off: unions inside structs and arrays print as {...}, a union itself in full; print -union', fixture: 'printopts', relative: true,
    commands: ['show print union', 'set print union off', 'show print union', 'p gu', 'p gt', 'p gt.v', 'p gt.arr', 'p gt.nest', 'p/x gt', 'p -union on -- gt', 'set print union on', 'p gt', 'p -union off -- gt.arr', 'set print pretty on', 'set print union off', 'p gt'] },
  { name: 'set print null-stop on: char arrays end at the first NUL, with print elements; other arrays and formats are untouched; print -null-stop', fixture: 'printopts', relative: true,
    commands: ['show print null-stop', 'set print null-stop on', 'show print null-stop', 'p gbuf', 'p full', 'p zeros', 'p rep', 'p ubuf', 'p two', 'p/x gbuf', 'p/c full', 'p garr', 'set print elements 4', 'p gbuf', 'p rep', 'p full', 'p two', 'set print elements 200',
      'p -null-stop off -- gbuf', 'set print null-stop off', 'p gbuf', 'p -null-stop -- gbuf', 'p -elements 3 -null-stop -- gbuf', 'break apply', 'run', 'p r->name', 'p *r', 'p -null-stop -- *r'] },
  { name: 'a declined pending breakpoint is no error: the command file goes on, the exit status stays 0', fixture: 'printopts', relative: true,
    commands: ['break nosuch', 'echo after\\n', 'break apply', 'run', 'bt 1'] },
];

describeOracle('rdb matches gdb: print settings', printing);
