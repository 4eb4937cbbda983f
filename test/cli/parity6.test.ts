// rdb against gdb: type names in ptype/whatis and ptype/o, signals delivered at a breakpoint,
// lines with several locations, output without a final newline, info functions/variables/
// types/scope, conditional watchpoints, print settings, a stop at pc 0.
import * as assert from 'assert';
import * as fs from 'fs';
import { describeOracle, gdbStdout, rdbStdout, type Scenario } from '../helpers/oracle';
import { compileFixture } from '../helpers/compile';
import { RdbSession } from '../helpers/session';

const scenarios: Scenario[] = [
  { name: 'ptype/whatis of type names: arrays, pointers to arrays and functions, typedefs (whatis unwraps one level), qualifiers; their errors', fixture: 'parity6', relative: true,
    commands: ['whatis', 'ptype int[3]', 'whatis char (*)[4]', 'ptype struct p6item *', 'whatis unsigned long', 'ptype int (*)(int, char)', 'whatis int[2', 'whatis p6item_t', 'ptype p6item_t',
      'ptype p6fn_t', 'whatis p6fn_t', 'whatis p6fn_t *', 'ptype p6fn_t *', 'ptype p6fn_t[2]', 'whatis p6fn_t[2]', 'ptype const p6fn_t', 'ptype p6fn_t (*)(p6fn_t)', 'whatis p6fn_t (*)(p6fn_t)',
      'ptype union p6num', 'ptype enum p6color', 'whatis struct p6item', 'ptype unsigned', 'whatis short int', 'whatis const char *', 'whatis char const *', 'whatis int * const *',
      'whatis unsigned int *const', 'whatis volatile int', 'ptype const struct p6item', 'ptype struct nosuch', 'whatis nosuchtype', 'ptype int *(*)(void)', 'whatis unsigned char[2][3]',
      'ptype p6item_t[2]', 'whatis int[', 'whatis int (', 'ptype struct', 'whatis const', 'whatis const *', 'whatis int(*)()', 'whatis int(int)', 'whatis int(*)(p6item_t*, ...)', 'whatis int[0x10]',
      'p int', 'p p6item_t', 'output int', 'p 1 + int', 'p sizeof (int[3])', 'whatis (char (*)[4])0', 'p sizeof(int *(*)[2])', 'p 5', 'whatis', 'ptype'] },
  { name: 'signal SIG at a breakpoint: the handler runs and the same breakpoint is hit again (also for an ignored signal), <signal handler called> in bt, the frame it interrupted', fixture: 'parity6', relative: true,
    commands: ['break 64', 'run', 'signal SIGUSR1', 'p p6signals', 'bt', 'signal SIGCHLD', 'break p6handler', 'signal SIGUSR1', 'bt', 'up 2', 'info frame', 'frame 1', 'finish', 'c', 'next', 'signal 0', 'info breakpoints'] },
  { name: 'a line of an inlined function with two locations: the set message with the full file name, info breakpoints, stops in the inlined function, tbreak, FILE:LINE and a function', fixture: 'parity6', relative: true,
    commands: ['break 32', 'info breakpoints', 'run', 'bt', 'c', 'bt', 'info breakpoints', 'break p6twice', 'info breakpoints', 'delete', 'break parity6.c:33', 'tbreak 32', 'break 65', 'info breakpoints', 'run', 'c', 'c'] },
  { name: "info functions/variables/types REGEX and info scope before the run: File headers, static, line numbers, base types, typedefs, Non-debugging symbols; no match; scope errors", fixture: 'parity6', relative: true,
    commands: ['info functions p6', 'info variables p6', 'info types p6', 'info types .', 'info functions ^p6a', 'info variables ^p6g', 'info types color', 'info functions nosuchxyz', 'info types nosuchxyz',
      'info variables nosuchxyz', 'info functions _tm_clones', 'info variables completed', 'info functions ^_init$', 'info functions p6\\|_fini', 'info variables ^_', 'info functions ^_',
      'info scope p6add', 'info scope main', 'info scope parity6.c:45', 'info scope 64', 'info scope p6watched', 'info scope nosuch', 'info scope', 'info scope 999'] },
  { name: 'info functions/variables/types and info scope while the program runs (names of its own)', fixture: 'parity6', relative: true,
    commands: ['break p6add', 'run', 'info functions ^p6', 'info variables ^p6', 'info types ^p6', 'info scope p6apply', 'info scope *0x0'] },
  { name: 'watch/rwatch/awatch EXPR if COND: a condition that fails moves the old value on, hit counts, stop only if in info breakpoints, an unknown name in the condition', fixture: 'parity6', relative: true,
    commands: ['break p6watched', 'run', 'watch p6global if p6global > 2', 'info breakpoints', 'c', 'c', 'info breakpoints', 'rwatch total if i == 2', 'c', 'c', 'watch p6global if nosuch > 1', 'info breakpoints',
      'run', 'delete', 'break p6watched', 'run', 'watch total if total > 2', 'awatch p6global if i >= 2', 'c', 'c', 'c', 'info breakpoints', 'c', 'c', 'c', 'kill', 'watch p6global if nosuch', 'watch p6hidden if p6global == 7', 'run'] },
  { name: 'ptype/o: offsets and sizes, holes, bit-fields, trailing padding, nested structs and unions laid out in place, through pointers, arrays and typedefs', fixture: 'parity6', relative: true,
    commands: ['ptype/o struct p6layout', 'ptype /o p6layout.un', 'ptype/o struct p6inner *', 'ptype/o p6layout', 'ptype/o struct p6item', 'ptype/o p6item_t', 'ptype/o union p6num', 'ptype/o p6items',
      'ptype/o p6fn_t', 'ptype/o enum p6color', 'ptype/o int', 'ptype/o struct nosuch', 'whatis/o p6layout'] },
  { name: "set print pretty/elements/repeats, show print, print -pretty/-elements/-repeats -- EXPR; integer literals gdb reads (0b101) or refuses (08)", fixture: 'parity6', relative: true,
    commands: ['set print pretty on', 'break p6add', 'run', 'p p6items[0]', 'output p6items[0]', 'p p6items', 'up 2', 'info locals', 'display n', 'show print pretty', 'set print pretty', 'show print pretty',
      'set print pretty off', 'show print pretty', 'p -pretty -- p6items[0]', 'p -p -- p6items[1]', 'p -pretty on -- p6items[0]', 'p -elements 3 -- p6label', 'p -elements 3 -repeats 2 -- p6items[1].name',
      'set print elements 4', 'p p6label', 'show print elements', 'set print elements unlimited', 'show print elements', 'p p6label', 'set print repeats 2', 'show print repeats', 'p p6items[1].name',
      'set print repeats unlimited', 'show print repeats', 'p p6items[1].name', 'p -1', 'p -5 + 2', 'set print elements 0', 'show print elements', 'p 08', 'p 0b101', 'p 0B11u', 'p 019', 'whatis 0b1'] },
  { name: "watchpoints set before the run are armed when it starts (and again on a rerun); info watchpoints' narrow Address column without a process; disable", fixture: 'parity6', relative: true,
    commands: ['watch p6global', 'rwatch p6hidden', 'info watchpoints', 'run', 'c', 'c', 'c', 'info watchpoints', 'disable 2', 'c', 'kill', 'info watchpoints', 'info breakpoints', 'enable 2', 'run', 'c', 'c'] },
  { name: "jump out of the frame's function asks first (an inlined one counts); several locations are refused; info display marks displays out of scope", fixture: 'parity6', relative: true,
    commands: ['break main', 'run', 'display/x color', 'display p6global', 'info display', 'break p6add', 'c', 'info display', 'up 2', 'info display', 'finish', 'c', 'info display',
      'break p6add', 'run', 'jump 71', 'break p6twice', 'run', 'jump 68', 'run', 'jump 33'] },
  { name: 'a call through a null pointer: SIGSEGV at 0x0, bt, info frame at pc 0 and above, x/i where nothing is mapped, finish, $_siginfo', fixture: 'nullcall', relative: true,
    commands: ['x/i 0', 'x/2i 0', 'x/x 0', 'run', 'bt', 'info frame', 'up', 'info frame', 'p before', 'info locals', 'frame 2', 'down', 'x/i $pc', 'p $pc', 'finish', 'p $_siginfo.si_signo',
      'p $_siginfo._sifields._sigfault.si_addr', 'c', 'info registers rip'] },
  { name: 'finish out of a signal handler stops in the trampoline (<signal handler called>): info frame there, bt, up; list of a function only ever inlined; bt -full', fixture: 'parity6', relative: true,
    commands: ['list p6twice', 'break p6handler', 'break 64', 'run', 'signal SIGUSR1', 'bt', 'finish', 'info frame', 'bt', 'up', 'info frame', 'next', 'bt -full 1'] },
  { name: 'enable once, enable count N (disable after next N hits), enable delete; a plain enable keeps the disposition; their errors', fixture: 'parity6', relative: true,
    commands: ['break 52', 'run', 'enable count 2 1', 'info breakpoints', 'c', 'info breakpoints', 'c', 'info breakpoints', 'enable 1', 'c', 'info breakpoints', 'enable once 1', 'info breakpoints',
      'enable delete 1', 'info breakpoints', 'enable once', 'enable count 2', 'c', 'info breakpoints'] },
  { name: 'x/-N reads backwards; a bare x goes on with the last count (one unit after x/-N); info line of a function only inlined (a line per copy); info source', fixture: 'parity6', relative: true,
    commands: ['info line p6twice', 'break p6add', 'run', 'x/-2xw &p6items[1]', 'x', 'x/2xw &p6items[1]', 'x', 'x/-3xb &p6items[1]', 'x/2dw', 'x', 'p $_', 'x/2i $pc', 'x', 'x/3xb',
      'info line p6twice', 'info line 32', 'info line p6add', 'info source'] },
  { name: "info signals: gdb's whole table in its order (its own signals too), after handle; info frame N / level N / function F without selecting, its errors; detach without a process", fixture: 'parity6', relative: true,
    commands: ['info signals', 'handle SIGUSR1 nostop', 'info signals', 'info handle SIGINT', 'info frame', 'info frame 1', 'detach', 'break p6add', 'run', 'info frame 1', 'info frame level 2', 'info frame',
      'info frame level 9', 'info frame function main', 'info frame function nosuch', 'info frame function p6watched', 'info frame x', 'frame'] },
];

describeOracle('rdb matches gdb on type names, signals at breakpoints and symbol listings', scenarios);

describe('output and ending as gdb -batch', function () {
  this.timeout(120000);

  it('the program\'s last line without a newline, stdout a pipe: the same bytes before [Inferior 1 ... exited normally]', () => {
    const prog = compileFixture('parity6', undefined, true);
    for (const commands of [['run'], ['break 72', 'run', 'next', 'next', 'continue']]) {
      const expected = gdbStdout(prog, commands);
      assert.match(expected, /no newline at the end\[Inferior 1 \(process N\) exited normally\]\n$/);
      assert.strictEqual(rdbStdout(prog, commands), expected);
    }
  });

  for (const signal of ['SIGTERM', 'SIGHUP'] as const) {
    it(`rdb sent ${signal} while the program runs kills it and exits at once, silently`, async () => {
      const prog = compileFixture('waiting');
      const s = new RdbSession(['-batch', '-ex', 'run', prog]);
      const shown = await s.waitFor(/pid (\d+)\n/);
      const pid = Number(/pid (\d+)/.exec(shown)![1]);
      const before = s.output;
      await s.kill(signal);
      assert.strictEqual(s.output, before);
      assert.ok(!fs.existsSync(`/proc/${pid}`), 'the program is gone');
    });
  }
});
