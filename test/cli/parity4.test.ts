// rdb against gdb: functions called from the debugger that stop before returning (gdb's dummy
// frames), and other forward-CLI shapes compared with gdb.
import { describeOracle, type Scenario } from '../helpers/oracle';

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
];

describeOracle('rdb matches gdb on calls from the debugger and other forward commands', scenarios);
