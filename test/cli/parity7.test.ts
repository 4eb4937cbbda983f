// rdb against gdb: frames across a signal handler's trampoline, stepping out of it, `until`
// without line information and through non-statement rows, $_siginfo after a call.
import { describeOracle, type Scenario } from '../helpers/oracle';

const scenarios: Scenario[] = [
  { name: 'a handler entered from raise: the interrupted frame has no return address, finish stops in <signal handler called>, info frame there, next returns to the interrupted code', fixture: 'handler', relative: true,
    commands: ['handle SIGUSR1 nostop noprint', 'break on_usr1', 'run', 'bt', 'finish', 'bt', 'info frame', 'up', 'info frame', 'down', 'stepi', 'bt 1', 'next', 'next', 'next', 'step', 'c', 'bt', 'finish', 'next', 'c'] },
  { name: 'signals that stop: raise, kill, abort, with backtraces through libc', fixture: 'handler', relative: true,
    commands: ['run', 'bt', 'c', 'bt 2', 'p counter', 'p got', 'c', 'bt', 'c'] },
  { name: 'without debug info: step and next leave functions, until and advance by instructions, finish from the outermost frame', fixture: 'accounts', flags: ['-O0'], relative: true,
    commands: ['break apply', 'break deposit', 'run', 'c', 'step', 'next', 'nexti', 'until', 'next', 'next', 'step', 'next', 'nexti', 'until', 'until', 'x/i $pc', 'advance withdraw', 'bt', 'finish', 'next', 'next', 'next', 'bt', 'finish'] },
  { name: "until through glibc's printf, whose lines interleave in rows that are not statements", fixture: 'accounts', flags: ['-O0'], relative: true,
    commands: ['break apply', 'run', 'c', 'step', 'next', 'nexti', 'until', 'until', 'next', 'until', 'bt 1'] },
  { name: 'a tester\'s session on the accounts program: structs with bit-fields and enums, function pointers, watch through a pointer, conditional breakpoints', fixture: 'accounts', relative: true,
    commands: ['break apply', 'run', 'bt', 'p *a', 'p op', 'p *op', 'p a->owner', 'p/x a->flags', 'p a->kind', 'p kind_names', 'p totals', 'p totals[1]', 'p *bank_head', 'p bank_head->next->owner', 'p sizeof(account_t)', 'ptype account_t', 'whatis op', 'ptype op', 'finish', 'c', 'info args', 'p amt * 2', 'p (int)amt', 'step', 'step', 'bt', 'up', 'info locals', 'finish', 'watch bank_head->balance', 'c', 'c', 'bt', 'delete', 'break withdraw if a->id == 3', 'c', 'p *a', 'p a->frozen', 'finish', 'c'] },
  { name: "gdb's {TYPE} ADDR, its errors; expressions a tester tries on a tree: casts, @, ternaries, side effects, comparisons", fixture: 'btree', relative: true,
    commands: ['break visit', 'run', 'up', 'p {int}keys', 'p {long}&total', 'p {struct node}root', 'p {char}keys@2', 'output {int}keys', 'p {int}', 'p {nosuch}keys', 'p {nosuch *}keys', 'p {struct nosuch}keys', 'whatis {int}keys', 'p {int}0', 'p sizeof {int}keys', 'p {int}keys + 1', 'p -{int}keys', 'p *{int *}&keys', 'p/x {short}keys', 'set var {int}keys = 51', 'p keys[0]', 'p {int}(keys + 2)',
      'p (struct node *)0', 'p *root->kids[0]', 'p &root->kids[1]', 'p *keys@3', 'p/x keys[1]@2', 'p keys[0] > keys[1] ? 1 : 2', 'p i++', 'p i', 'p i += 2', 'p "abc"[1]', 'p root->kids[0] ? 1 : 0', 'whatis root->kids', 'p 100000 * 100000', 'p 5u - 6', 'p -1 < 0u', 'p keys[8]', 'p root->key, total', 'p *root@2', 'p *(int (*)[3])keys', 'p &*root'] },
  { name: '$_siginfo after a call from the debugger is the breakpoint trap the call returned through', fixture: 'btree', relative: true,
    commands: ['break visit', 'run', 'p height(t)', 'p $_siginfo.si_signo', 'p $_siginfo.si_code', 'p $_siginfo._sifields._sigfault.si_addr', 'next', 'p $_siginfo.si_code'] },
  { name: 'recursion: conditional breakpoint on a deep call, bt full, finish twice, return, jump, until and advance', fixture: 'btree', relative: true,
    commands: ['break height if t && t->key == 35', 'run', 'bt', 'bt full', 'bt -3', 'up 2', 'p *t', 'down', 'finish', 'finish', 'p $', 'p $$2', 'delete', 'break insert', 'run', 'c 3', 'bt', 'return', 'bt', 'next', 'jump 50', 'delete', 'until 51', 'advance height', 'return 42', 'next', 'info locals', 'c', 'p $_exitcode'] },
  { name: "the program starts through $SHELL as in gdb: its environment's order (environ, AVX-512 mask registers in info registers), globs, quotes and redirections in run, show args of --args", fixture: 'echoargs', relative: true, args: ['p q', '$X', "it's", '', 'a\\b', '"q"'],
    commands: ['show args', 'break main', 'run', 'p *(char **)environ@3', 'info registers', 'c', 'run a "b c" d\\ e \'$HOME\' *.nomatch', 'run > /dev/null', 'show args', 'set args x   y', 'run', 'set startup-with-shell off', 'run "a*" b*', 'info registers rip'] },
  { name: "libc's variables through its separate debug info: errno (thread-local), stdout and *stdout, aliases such as environ, and their types", fixture: 'btree', relative: true,
    commands: ['p errno', 'p stdout', 'break visit', 'run', 'p errno', 'p &errno', 'whatis errno', 'p errno = 5', 'p errno', 'p stdout', 'p *stdout', 'p stdout->_fileno', 'p stderr', 'whatis stdout', 'ptype stdin', 'p &stdout', 'p environ', 'p environ[0]', 'whatis environ', 'p __environ == environ', 'p optind', 'p program_invocation_name', 'p tzname', 'p daylight', 'p nosuchvar'] },
  { name: 'enable once, enable count N, enable delete: dispositions, hit counts and the errors', fixture: 'matrix', relative: true,
    commands: ['break mul', 'break trace', 'break 14', 'enable once 1', 'enable count 2 3', 'enable delete 2', 'info breakpoints', 'run', 'info breakpoints', 'c', 'info breakpoints', 'c', 'info breakpoints', 'c', 'info breakpoints', 'enable once', 'enable count', 'enable once 9', 'enable delete', 'enable 1', 'info breakpoints'] },
  { name: 'a tester\'s session on matrices: 2-D arrays through parameters, doubles, a struct with float and long double returned by value', fixture: 'matrix', relative: true,
    commands: ['break mul', 'run', 'p a', 'p *a', 'p a[1]', 'p a[1][2]', 'p *a@2', 'whatis a', 'ptype a', 'ptype mat', 'whatis out', 'up', 'p a', 'p id', 'p vals', 'p/x vals', 'p -vals[1]', 'p vals[4] / 3', 'p (int)vals[2]', 'p (float)vals[2]', 'p sizeof(mat)', 'down', 'break 15', 'c', 'p s', 'info locals', 'delete', 'break summarize', 'c', 'finish', 'next', 'p st', 'p st.label', 'p st.big', 'p st.mean * 2', 'info frame', 'list 10,20', 'list', 'list -', 'list trace,summarize', 'info line 14', 'next', 'next'] },
  { name: "info program after each kind of stop, info inferiors, gdb's own convenience variables ($_thread, $_inferior, $bpnum, $_hit_bpnum)", fixture: 'btree', relative: true,
    commands: ['info program', 'p $_thread', 'p $_inferior', 'p $bpnum', 'p $_hit_bpnum', 'break height', 'tbreak main', 'p $bpnum', 'run', 'info program', 'p $_hit_bpnum', 'c', 'info program', 'p $_hit_bpnum', 'p $_hit_locno', 'next', 'info program', 'up', 'info program', 'finish', 'info program', 'p $_thread', 'p $_gthread', 'watch total', 'p $bpnum', 'info inferiors', 'kill', 'p $_thread', 'info program'] },
  { name: 'optimised code: double parameters living in xmm registers, in frames and info args', fixture: 'accounts', flags: ['-g', '-O2'], relative: true,
    commands: ['break withdraw', 'break deposit', 'run', 'info args', 'p amt', 'p amt + 1', 'bt', 'info frame', 'c', 'info args', 'bt', 'finish', 'c'] },
  { name: "gdb's convenience functions: $_isvoid, $_strlen, $_streq, $_memeq, $_regex, $_as_string, in conditions too, and their errors", fixture: 'btree', relative: true,
    commands: ['break visit', 'run', 'p $_isvoid($nothing)', 'p $_isvoid(1)', 'p $_strlen("hello")', 'p $_streq("a", "a")', 'p $_streq("a", "b")', 'up', 'p $_memeq(&total, &total, 8)', 'p $_memeq(keys, keys + 1, 4)', 'p $_as_string(sum_into)', 'p $_as_string(keys[0])', 'whatis $_strlen("x")', 'p $_regex("abc", "^a")',
      'p $_strlen(5)', 'p $_memeq(0, 0)', 'p $_streq("a")', 'p $_isvoid()', 'p $_strlen((char*)0)', 'p $_strlen("a", "b")', 'p $_memeq()', 'break sum_into if $_streq("x", "x")', 'c', 'bt 1'] },
];

describeOracle('rdb matches gdb: signal trampolines, until without lines, a tester\'s session', scenarios);
