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

const longDoubles: Scenario[] = [
  { name: 'long double arithmetic is exact x87: + - * / with rounding to 64 bits, infinities, NaNs, -0, denormals, overflow', fixture: 'longdouble', relative: true,
    commands: ['break 31', 'run', 'p (long double)1/3', 'p third', 'p third * 3', 'p third + third', 'p third - 1', 'p -third', 'p third / 0', 'p -third / 0', 'p (long double)0/0', 'p inf_ld - inf_ld', 'p inf_ld * 0', 'p inf_ld', 'p -inf_ld', 'p nan_ld', 'p -nan_ld', 'p nan_ld + 1', 'p big', 'p big * 2', 'p big + big', 'p -big * 2', 'p small', 'p small / 2', 'p denorm', 'p denorm * denorm', 'p small * small', 'p negz', 'p negz + negz', 'p negz - negz', 'p negz * 5', 'p (long double)1.1', 'p 1.1L', 'p 1.5l', 'p 1e4000L', 'p 1e-4940L', 'p 1e-4960L', 'whatis 1.5L', 'whatis 1.5L + 1', 'whatis 1.5L + 1.0f', 'p third == 1.0L/3', 'p third == 1.0/3', 'p third < 1.0/3', 'p third > 1.0/3', 'p third != third', 'p nan_ld == nan_ld', 'p nan_ld != nan_ld', 'p nan_ld < 1', 'p (int)third', 'p (int)(third * 300)', 'p (long)big', 'p (long long)1e18L', 'p (long)9223372036854775807.0L', 'p (unsigned long)ull', 'p (long double)ull', 'p (long double)ll', 'p (long double)ll + 1'] },
  { name: 'long double literals (1.1L, 1e-4940L), comparisons, casts to and from integers, doubles and floats, mixed arithmetic', fixture: 'longdouble', relative: true,
    commands: ['break 31', 'run', 'p (long double)ull - 1', 'p (double)third', 'p (float)third', 'p (double)denorm', 'p (double)big', 'p (float)big', 'p (long double)d', 'p (long double)f', 'p d + third', 'p f * third', 'p ll * third', 'p ull / 3.0L', 'p ms', 'p ms.x * ms.n', 'p arr', 'p arr[0] + arr[1]', 'p arr[2]', 'p arr[2] / 2', 'p arr[2] * 1e10L', 'p third ? 1 : 2', 'p !third', 'p !negz', 'p third && 1', 'p loc', 'p loc == 1', 'p/x third', 'p/f third', 'p third * third * third', 'p 2.0L / 3 * 3', 'p 1e308L * 10', 'p 1e-320L', 'p (long double)1e-320', 'p 123456789012345678901234567890.0L', 'p 0.1L + 0.2L', 'p 0.1L + 0.2L == 0.3L', 'p 1.0L - 1e-19L', 'p 1.0L + 1e-19L', 'p 1.0L + 1e-20L', 'p 1.0L + 1.0842021724855044340e-19L', 'p 1.0L + 1.0842021724855044341e-19L', 'set var third = 0.5', 'p third', 'set var third = third * 3', 'p third', 'set var loc = 1.0L/7', 'p loc', 'p sizeof(1.5L)', 'p 10.0L/4', 'p 1/3.0L', 'p 2.5L - 2', 'p -(long double)0', 'p 0.0L', 'p 100.0L', 'p 1e20L', 'p 1e21L', 'p 123456789012345678.0L'] },
  { name: 'long double: gdb clamps float to integer casts, bools of a float\'s integer part, ++ and +=, print formats, an invalid encoding, printf, finish returning one', fixture: 'longdouble', relative: true,
    commands: ['break 31', 'run', 'p (int)(1.0/0)', 'p (long)(1.0/0)', 'p (long)(-1.0/0)', 'p (unsigned long)(0.0/0)', 'p (int)1e10', 'p (unsigned char)300.7', 'p (char)-1.5', 'p (unsigned long)1e19', 'p (unsigned long)1e19L', 'p (long)-9.3e18L', 'p (_Bool)denorm', 'p (_Bool)0.0L', 'p (double)(0.0L/0)', 'p (float)nan_ld', 'p (long double)(0.0/0)', 'p (long double)(1.0f/0)', 'p third++', 'p third', 'p third += 1', 'p third *= 2', 'p --third', 'p third', 'p -denorm', 'p denorm - denorm', 'p denorm + small', 'p small - denorm', 'p 5 / 2.0L', 'p 5 - third', 'p 1.0L/49*49', 'p (long double)1/10 * 10 == 1', 'p arr[0] > arr[1] ? arr[0] : arr[1]', 'p $st0', 'set var *(unsigned long*)&small = 1', 'p small', 'output third', 'printf "%Lf %Le %Lg\\n", third, third, third', 'printf "%f\\n", third', 'printf "%Lg\\n", 1.1L', 'p/x 1.5L', 'p/f 1.5L', 'p/d 1.5L', 'p/c 65.2L', 'p -nan_ld', 'p (long double)1e-320', 'p 1e-320L == (long double)1e-320', 'p 3.0L', 'p 1e-5L', 'p 0.0001L', 'p 12345678901234567890123.0L', 'p 1.5e-4945L', 'p 3.6e-4951L', 'p 1.8e-4951L', 'p 1.9e-4951L', 'p 1.2e4932L', 'p 1.19e4932L', 'break scale', 'run', 'info args', 'finish', 'p $ * 2', 'p $$2 == 1'] },
];

describeOracle('rdb matches gdb: long double', longDoubles);

const insertion: Scenario[] = [
  { name: 'break *0x0 before run: run stops at the first instruction with gdb\'s warning, a resume is aborted, deleting it lets the program run', fixture: 'printopts', relative: true,
    commands: ['break *0x0', 'run', 'info breakpoints', 'c', 'stepi', 'delete 1', 'c', 'info breakpoints'] },
  { name: 'unmapped breakpoints set while stopped abort every resuming command, each listed; disabled ones do not count', fixture: 'printopts', relative: true,
    commands: ['break main', 'run', 'break *0x0', 'c', 'bt', 'next', 'bt', 'step', 'finish', 'until', 'advance 39', 'stepi', 'p $pc', 'break *0x10', 'c', 'disable 2', 'c', 'info breakpoints', 'enable 2', 'tbreak *0x20', 'next', 'delete', 'next', 'bt'] },
  { name: 'a breakpoint on a library function found in one run is found again in the next', fixture: 'printopts', relative: true,
    commands: ['break main', 'run', 'break write', 'run', 'bt 1', 'c', 'bt 2', 'info breakpoints'] },
  { name: 'print without an expression and an empty history', fixture: 'printopts', relative: true,
    commands: ['p', 'p/x', 'p 5', 'p', 'p/x'] },
];

describeOracle('rdb matches gdb: breakpoints that cannot be inserted', insertion);
