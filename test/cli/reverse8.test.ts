// Reverse execution parity, part 8: reverse line steps in -O2 code meeting inlined calls (from
// their end, their middle, their entry: stops at the call site, then in the call at the same
// pc, as gdb's record full shows them), and interval checkpoints placed at given system calls
// (`set checkpoint-interval-calls`), which must not change what the reverse commands find.
import { strict as assert } from 'assert';
import { compileFixture } from '../helpers/compile';
import { itMatchesGdb, runRdb, useSse2Glibc } from '../helpers/oracle';

const O2 = ['-g', '-O2'];
const times = (n: number, cmds: string[]): string[] => Array.from({ length: n }, () => cmds).flat();
const STEP = ['step', 'print $pc'];
const RS = ['reverse-step', 'print $pc', 'bt 1'];
const RN = ['reverse-next', 'print $pc', 'bt 1'];

const inline = [
  { name: 'reverse-step stops at an inlined call\'s entry at its call site, then in the call at the same pc, then in the caller\'s line before',
    fixture: 'inlined', commands: ['break work', 'run', 'record full', ...times(6, ['step']), 'reverse-step', 'reverse-step', 'bt', 'reverse-step', 'bt',
      'reverse-step', 'bt', 'reverse-step', 'reverse-step', 'print $pc'] },
  { name: 'step through two rounds and reverse-step all the way back retraces the inlined frames',
    fixture: 'inlined', commands: ['break work', 'run', 'record full', ...times(12, STEP), ...times(13, RS)] },
  { name: 'reverse-next from an inlined call\'s site goes back to the line before, not into the call',
    fixture: 'inlined', commands: ['break work', 'run', 'record full', ...times(6, ['next', 'print $pc']), ...times(7, RN)] },
  { name: 'reverse-step and reverse-next mixed, from inside an inlined call and from its site',
    fixture: 'inlined', commands: ['break work', 'run', 'record full', ...times(9, STEP), ...RN, ...RN, ...RS, ...RN, ...RS, ...RS, ...RS] },
];

describe('rdb reverse execution parity (8)', function () {
  this.timeout(180000);

  describe('-O2 inlined calls against gdb record full', () => {
    useSse2Glibc();
    for (const s of inline) itMatchesGdb({ ...s, flags: O2, relative: true }, `${s.fixture}: ${s.name}`);
  });

  describe('interval checkpoints at given system calls', () => {
    const script = ['break 26', 'run', 'break mark', 'reverse-continue', 'p round', 'reverse-continue', 'p round', 'reverse-finish', 'reverse-next',
      'reverse-next', 'p round', 'p checksum', 'reverse-step', 'bt', 'delete', 'watch checksum', 'reverse-continue', 'reverse-continue', 'p round',
      'delete', 'next', 'next', 'next', 'p round', 'break mark', 'continue', 'p round', 'info record'];
    /** The timeline's own lines differ with the checkpoints; nothing else may. */
    const comparable = (out: string): string => out.split('\n').filter((l) => !/^[ *] #\d+ |^Checkpoints: |^Switching to process /.test(l)).join('\n');
    let exe: string;
    let without: string;
    before(() => {
      exe = compileFixture('longrun');
      without = comparable(runRdb(exe, ['set checkpoint-interval 0', ...script]));
    });

    it('are taken where the setting puts them', () => {
      const out = runRdb(exe, ['set checkpoint-interval-calls at 60,61,90', 'break 26', 'run', 'info timeline']);
      assert.match(out, /line 26 \(checkpoint, 3 interval checkpoints on the way\)/, out);
      assert.match(runRdb(exe, ['set checkpoint-interval-calls sometimes']), /"sometimes": "every N", "at N,M,..." or "off" expected/);
    });

    for (const spec of ['every 1', 'every 3', 'at 45,46,47,120,121', 'at 140']) {
      it(`${spec}: every search finds what it finds without them`, () => {
        const out = runRdb(exe, [`set checkpoint-interval-calls ${spec}`, ...script]);
        assert.equal(comparable(out), without);
        assert.match(out, /Breakpoint 2, mark \(round=103\)[^]*\$1 = 103\n[^]*\$2 = 78\n/, out);
      });
    }
  });
});
