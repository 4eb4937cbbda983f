// rdb against gdb: type names in ptype/whatis, signals delivered at a breakpoint, lines with
// several locations, output without a final newline, info functions/variables/types/scope.
import { describeOracle, type Scenario } from '../helpers/oracle';

const scenarios: Scenario[] = [
  { name: 'ptype/whatis of type names: arrays, pointers to arrays and functions, typedefs (whatis unwraps one level), qualifiers; their errors', fixture: 'parity6', relative: true,
    commands: ['whatis', 'ptype int[3]', 'whatis char (*)[4]', 'ptype struct p6item *', 'whatis unsigned long', 'ptype int (*)(int, char)', 'whatis int[2', 'whatis p6item_t', 'ptype p6item_t',
      'ptype p6fn_t', 'whatis p6fn_t', 'whatis p6fn_t *', 'ptype p6fn_t *', 'ptype p6fn_t[2]', 'whatis p6fn_t[2]', 'ptype const p6fn_t', 'ptype p6fn_t (*)(p6fn_t)', 'whatis p6fn_t (*)(p6fn_t)',
      'ptype union p6num', 'ptype enum p6color', 'whatis struct p6item', 'ptype unsigned', 'whatis short int', 'whatis const char *', 'whatis char const *', 'whatis int * const *',
      'whatis unsigned int *const', 'whatis volatile int', 'ptype const struct p6item', 'ptype struct nosuch', 'whatis nosuchtype', 'ptype int *(*)(void)', 'whatis unsigned char[2][3]',
      'ptype p6item_t[2]', 'whatis int[', 'whatis int (', 'ptype struct', 'whatis const', 'whatis const *', 'whatis int(*)()', 'whatis int(int)', 'whatis int(*)(p6item_t*, ...)', 'whatis int[0x10]',
      'p int', 'p p6item_t', 'output int', 'p 1 + int', 'p sizeof (int[3])', 'whatis (char (*)[4])0', 'p sizeof(int *(*)[2])', 'p 5', 'whatis', 'ptype'] },
];

describeOracle('rdb matches gdb on type names, signals at breakpoints and symbol listings', scenarios);
