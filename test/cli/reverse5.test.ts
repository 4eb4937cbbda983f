// Reverse scenarios through glibc: callbacks from qsort and bsearch (glibc frames between), calls
// through the PLT into library functions with lines (libc6-dbg), against gdb's `record full`.
// gdb's recorder cannot decode glibc's AVX and AVX-512 code, so glibc is made to choose its SSE2 variants
// (GLIBC_TUNABLES) for both debuggers; the fixture is linked -z now (gdb's recorder mis-replays
// the lazy binder's xsave/xrstor). Where gdb is known wrong the expected stops are stated.
import { strict as assert } from 'assert';
import { compileFixture } from '../helpers/compile';
import { itMatchesGdb, runRdb, useSse2Glibc } from '../helpers/oracle';

interface Scenario { name: string; fixture: string; flags: string[]; commands: string[] }

const NOW = ['-g', '-O0', '-Wl,-z,now'];

const scenarios: Scenario[] = [
  { name: 'reverse-step back into a library function called through the PLT (its last line), up its lines, reverse-finish to the call',
    fixture: 'callbacks', flags: NOW,
    commands: ['break main', 'run', 'record full', 'next', 'next', 'next', 'next', 'next', 'next', 'next', 'reverse-step', 'reverse-step',
      'reverse-step', 'reverse-step', 'bt', 'reverse-step', 'reverse-step', 'reverse-step', 'reverse-step', 'bt', 'print calls', 'reverse-step',
      'reverse-step', 'bt', 'reverse-finish', 'bt', 'reverse-step', 'bt', 'print calls'] },
  { name: 'reverse-stepi from a library function entered through the PLT stops in the stub; reverse-nexti and reverse-finish go to the call',
    fixture: 'callbacks', flags: NOW,
    commands: ['break measure', 'run', 'record full', 'step', 'reverse-stepi', 'bt', 'reverse-stepi', 'bt', 'reverse-stepi', 'bt', 'stepi', 'stepi',
      'stepi', 'bt', 'reverse-nexti', 'bt', 'step', 'step', 'step', 'reverse-finish', 'reverse-stepi', 'reverse-stepi', 'next', 'reverse-step', 'bt',
      'reverse-step', 'reverse-step', 'bt'] },
  { name: 'reverse-step into bsearch from its return (glibc\'s inlined lines), reverse-finish, reverse-next over qsort and its callbacks',
    fixture: 'callbacks', flags: NOW,
    commands: ['break main', 'run', 'record full', 'next', 'next', 'next', 'next', 'next', 'reverse-step', 'bt', 'reverse-step', 'bt', 'reverse-step',
      'bt', 'reverse-finish', 'bt', 'reverse-next', 'reverse-next', 'info locals'] },
  { name: 'reverse-step through a loop calling through a dispatch table, into each callee from its return and back out',
    fixture: 'callbacks', flags: NOW,
    commands: ['break main', 'run', 'record full', 'break 48', 'continue', 'reverse-step', 'reverse-step', 'reverse-step', 'bt', 'reverse-step',
      'reverse-step', 'reverse-step', 'bt', 'print i', 'reverse-next', 'reverse-next', 'reverse-next', 'reverse-step', 'reverse-step', 'bt',
      'reverse-finish', 'reverse-next', 'reverse-step', 'reverse-step', 'reverse-step', 'bt', 'print total'] },
  { name: 'a breakpoint in a qsort/bsearch callback met going back: frames through glibc, finish\'s value, reverse-finish into glibc',
    fixture: 'callbacks', flags: NOW,
    commands: ['break main', 'run', 'record full', 'break 46', 'continue', 'break cmp', 'reverse-continue', 'bt', 'print x', 'print y', 'print calls',
      'finish', 'reverse-continue', 'print calls', 'reverse-finish', 'bt', 'reverse-step', 'bt', 'reverse-continue', 'reverse-continue', 'bt 2',
      'print calls'] },
];

describe('rdb reverse execution through glibc frames and PLT calls matches gdb record full', function () {
  this.timeout(180000);
  useSse2Glibc();

  for (const s of scenarios) itMatchesGdb({ ...s, relative: true }, `${s.fixture}: ${s.name}`);

  it('reverse-next back over memcpy, bsearch and qsort stops at each line (gdb\'s reverse-next over memcpy runs back to the start of its log)', () => {
    const exe = compileFixture('callbacks', NOW, true);
    const out = runRdb(exe, ['break main', 'run', 'record full', 'next', 'next', 'next', 'next', 'next', 'next', 'reverse-next', 'print calls',
      'reverse-next', 'print calls', 'reverse-next', 'print calls', 'reverse-next', 'reverse-next']);
    // qsort made 10 comparisons here (glibc's merge sort of 6 ints), bsearch 3 more.
    assert.match(out, /\n45\t  total \+= measure\(buf\);\n44\t  memcpy\(buf, "hello", 6\);\n\$1 = 13\n43\t  int \*hit = bsearch[^\n]*\n\$2 = 10\n42\t  qsort[^\n]*\n\$3 = 0\n41\t  int total = 0;\n39\t  int key = 7;\n$/, out);
  });
});
