// rdb against gdb: functions called from the debugger that stop before returning (gdb's dummy
// frames), and other forward-CLI shapes compared with gdb.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { describeOracle, runGdb, runRdb, type Scenario } from '../helpers/oracle';
import { compileFixture, fixturesDir } from '../helpers/compile';

const stop = ['break lists.c:62 if sum > 100', 'break 89', 'run', 'p total(list)'];
const atReturn = ['break lists.c:64', 'break 89', 'run', 'p total(list)'];

const scenarios: Scenario[] = [
  { name: 'a call that hits a breakpoint: the stop, the message, <function called from gdb> in bt, info frame, continue and finish into the dummy frame', fixture: 'lists', relative: true,
    commands: [...stop, 'bt', 'info frame', 'p sum', 'finish', 'p $', 'bt', 'p total(list)', 'continue', 'bt', 'continue', 'bt', 'continue'] },
  { name: 'finish out of the called function shows the value; continue returns silently; next goes on in main', fixture: 'lists', relative: true,
    commands: [...stop, 'delete 1', 'finish', 'bt', 'p $', 'info frame', 'next'] },
  { name: 'the dummy frame: up, info frame, frames below it, a call made from an outer frame nests another', fixture: 'lists', relative: true,
    commands: [...stop, 'up', 'info frame', 'info locals', 'p $pc', 'up', 'p list', 'info frame', 'p total(list)', 'bt', 'frame', 'p total(it)', 'bt', 'c', 'bt', 'c', 'bt', 'c', 'bt', 'c', 'bt'] },
  { name: 'stepping out of a called function: next, stepi through its ret, until/advance, finish from the dummy frame, hit counts', fixture: 'lists', relative: true,
    commands: [...atReturn, 'next', 'bt', 'next', 'next', 'bt', 'next', 'info breakpoints'] },
  { name: 'stepi through the return of a called function; up then finish; advance into the dummy frame', fixture: 'lists', relative: true,
    commands: [...atReturn, 'stepi 4', 'stepi', 'bt', 'info registers rip', 'p total(list)', 'up', 'finish', 'bt', 'p total(list)', 'until', 'advance 90', 'bt', 'p total(list)', 'up 2', 'finish', 'kill', 'info breakpoints', 'run', 'bt'] },
  { name: 'a called function that faults, calls made inside it, displays, the signal kept for later; a call that exits', fixture: 'callstop', relative: true,
    commands: ['break twice', 'run', 'display v', 'p poke(3)', 'bt', 'up', 'info frame', 'down', 'p twice(4)', 'info registers rbp rsp rip', 'c', 'bt', 'c', 'run', 'p bye(4)', 'p $_exitcode', 'bt'] },
  { name: 'x87, SSE, AVX and AVX-512 registers: $xmm0/$ymm0/$zmm0 unions, $st0 as a long double, $mxcsr flags, $k0, info registers and info all-registers, ptype/whatis', fixture: 'lists', relative: true,
    commands: ['break 64', 'run', 'p $xmm0', 'p $xmm1', 'p/x $xmm0', 'p $xmm0.v2_double[0]', 'p $xmm0.v4_float[1] + 1', 'output $xmm0', 'p $st0', 'p $st0 + 1', 'p sizeof($st0)', 'p $ymm0', 'p $ymm0.v8_float[1]', 'p $zmm1', 'p $xmm31', 'p $k0', 'p $mxcsr', 'p $fctrl', 'p $ftag', 'p $fstat', 'p $fop',
      'whatis $xmm0', 'ptype $xmm0', 'whatis $xmm0.v2_double', 'whatis $st0', 'ptype $st0', 'ptype $ymm0', 'whatis $ymm0.v4_double', 'whatis $zmm0', 'whatis $k0', 'whatis $xmm0.v4_float[0]', 'whatis $xmm0.v8_bfloat16[0]', 'whatis $ymm0.v16_half[0]', 'ptype $xmm0.v2_double', 'p $xmm1.v8_bfloat16',
      'info registers xmm0', 'info registers st0', 'info registers mxcsr', 'info registers ymm0', 'info registers k1', 'info registers fctrl', 'info registers ftag fop', 'info all-registers st0 mxcsr k1', 'info registers'] },
  { name: "x sets $_ and $__: the last unit's address and contents, void after strings and instructions", fixture: 'lists', relative: true,
    commands: ['break 64', 'run', 'p $_', 'p $__', 'x/2c greeting', 'p $__', 'x/2fg $sp', 'p $__', 'p $_', 'x/i $pc', 'p $__', 'x/2dw $sp', 'p $__', 'whatis $__', 'x/a $sp', 'p $__', 'whatis $__', 'x/s greeting', 'p $__', 'p $_'] },
  { name: '$_siginfo after a breakpoint, a step, finish and faults (gdb\'s struct siginfo); ptype of it', fixture: 'lists', relative: true,
    commands: ['p $_siginfo', 'break 64', 'run', 'whatis $_siginfo', 'ptype $_siginfo', 'whatis $_siginfo._sifields._kill.si_pid', 'p $_siginfo.si_signo', 'p $_siginfo', 'next', 'p $_siginfo', 'stepi', 'p $_siginfo._sifields._sigfault', 'finish', 'p $_siginfo.si_code', 'kill', 'p $_siginfo'] },
  { name: 'run ARGS, set args with quotes and backslashes, show args; $_siginfo of SIGSEGV and SIGFPE', fixture: 'crash', relative: true,
    commands: ['show args', 'run 1', 'show args', 'p $_siginfo', 'p $_siginfo._sifields._sigfault.si_addr', 'p/x $_siginfo', 'run 3', 'p $_siginfo', 'p $_siginfo._sifields._sigfault', 'kill',
      'set args "a b" c\\ d \'e f\'', 'show args', 'break main', 'run', 'p argc', 'p argv[1]', 'p argv[2]', 'p argv[3]', 'kill', 'run', 'p argc', 'kill'] },
  { name: 'printf %s and echo write bytes 0x80-0xff as they are (not as UTF-8); UTF-8 in the command stays UTF-8', fixture: 'lists', relative: true,
    commands: ['break 89', 'run', 'printf "%s|\\n", bytes', 'printf "%5s|%-4s|\\n", bytes, "é"', 'echo \\310\\351\\n', 'echo é\\n', 'printf "é %c %c\\n", 233, 200', 'output bytes', 'echo \\n'] },
  { name: 'info threads, thread, thread N (frame 0 selected again), info sharedlibrary before, during and after the run', fixture: 'lists', relative: true,
    commands: ['info threads', 'thread', 'thread 1', 'info sharedlibrary', 'break depth', 'run', 'info threads', 'thread', 'thread 1', 'thread 2', 'thread x', 'up', 'info threads', 'thread 1', 'info sharedlibrary', 'info shared', 'kill', 'info threads', 'info sharedlibrary', 'thread'] },
  { name: 'ptype/whatis of calls without calling; signal SIG (0: none), its errors', fixture: 'lists', relative: true,
    commands: ['ptype depth(0)', 'whatis total(0)', 'signal 0', 'break depth', 'run', 'ptype t->key + 1', 'ptype depth(t)', 'whatis depth(t) + 1.0', 'info breakpoints', 'signal', 'signal FOO', 'signal 0', 'signal 99', 'signal SIGUSR1', 'signal SIGINT'] },
];

describeOracle('rdb matches gdb on calls from the debugger and other forward commands', scenarios);

describe('a source file changed after the program was built', function () {
  this.timeout(120000);
  it("gets gdb's warning once, as its first line is shown (a stop, a listing, also out of range)", () => {
    // A fixed folder: the compiled program is cached, and names its source by this path.
    const dir = path.join(os.tmpdir(), 'rdb-newer-source');
    fs.mkdirSync(dir, { recursive: true });
    {
      const src = path.join(dir, 'lists.c');
      fs.writeFileSync(src, fs.readFileSync(path.join(fixturesDir, 'lists.c'), 'utf8') + '/* a copy edited after the build */\n');
      const prog = compileFixture(src, ['-g', '-O0', '-DNEWER_SOURCE'], true);
      const later = Date.now() / 1000 + 3600;
      fs.utimesSync(src, later, later);
      for (const commands of [['list 1,2', 'break depth', 'run', 'list', 'next'], ['break depth', 'run', 'next', 'list 1,2'], ['list 300', 'list 1,3']]) {
        const expected = runGdb(prog, commands);
        assert.match(expected, /Source file is more recent than executable/);
        assert.strictEqual(runRdb(prog, commands), expected);
      }
    }
  });
});
