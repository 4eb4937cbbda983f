// Reverse execution parity, part 9: reverse line steps over an -O2 inlined call whose body spans
// several lines and whose code is split into several ranges (gdb enters such a call at the start
// of each range reached from outside it, and going back stops in the call's middle or at its
// call site as `record full` shows); and the copies searches keep at counted hits (stations)
// placed by hit counts (`set search-stations`), which must not change what the searches find.
import { strict as assert } from 'assert';
import { compileFixture } from '../helpers/compile';
import { itMatchesGdb, runRdb, useSse2Glibc } from '../helpers/oracle';

const O2 = ['-g', '-O2'];
const times = (n: number, cmds: string[]): string[] => Array.from({ length: n }, () => cmds).flat();
const STEP = ['step', 'print $pc'];
const NEXT = ['next', 'print $pc'];
const RS = ['reverse-step', 'print $pc', 'bt 1'];
const RN = ['reverse-next', 'print $pc', 'bt 1'];
const RSI = ['reverse-stepi', 'print $pc', 'bt 1'];
const start = ['break main', 'run', 'record full'];

const split = [
  { name: 'step through three rounds stops at each range of the call entered from outside it, as gdb',
    commands: [...start, ...times(20, STEP)] },
  { name: 'reverse-step from the call\'s middle stops in the call where its code resumes, then at its call site',
    commands: [...start, ...times(14, STEP), ...RS, ...RS, ...RN, ...RN, ...RS, ...STEP, ...STEP, ...RS, ...RN, ...RN, ...RS] },
  { name: 'reverse-next from the call\'s middle goes on through the call to its call site',
    commands: [...start, ...times(14, STEP), ...RS, ...RN, ...RN, ...RN] },
  { name: 'reverse-step all the way back after next over three rounds',
    commands: [...start, ...times(16, NEXT), ...times(18, RS)] },
  { name: 'reverse-next all the way back after step through three rounds',
    commands: [...start, ...times(20, STEP), ...times(22, RN)] },
  { name: 'stepi and reverse-stepi show the inlined call at its entries (no call site), line steps from there',
    commands: [...start, ...times(41, ['stepi', 'print $pc']), ...RS, ...RSI, ...RS, ...RN, ...RSI, ...RSI, ...RN, ...RS, ...times(6, RSI), ...STEP, ...STEP] },
];

describe('rdb reverse execution parity (9)', function () {
  this.timeout(180000);

  describe('-O2 inlined call split into ranges, against gdb record full', () => {
    useSse2Glibc();
    before(() => { compileFixture('inlined2', O2, true); });
    for (const s of split) itMatchesGdb({ ...s, fixture: 'inlined2', flags: O2, relative: true }, `inlined2: ${s.name}`);
  });

  describe('search stations at given hits', () => {
    // intervals.test's searches: breakpoint hits, a frame's line starts, a watchpoint's triggers.
    const script = ['break 26', 'run', 'break mark', 'reverse-continue', 'p round', 'p checksum', 'reverse-continue', 'p round', 'reverse-finish',
      'reverse-next', 'reverse-next', 'p round', 'p checksum', 'reverse-step', 'bt', 'delete', 'watch checksum', 'reverse-continue', 'reverse-continue',
      'p round', 'delete', 'next', 'next', 'next', 'p round', 'break mark', 'continue', 'p round'];
    const comparable = (out: string): string => out.split('\n').filter((l) => !/^Switching to process /.test(l)).join('\n');
    let exe: string;
    let without: string;
    before(() => {
      exe = compileFixture('longrun');
      without = comparable(runRdb(exe, ['set checkpoint-interval 0', 'set search-stations every 0', ...script]));
    });

    it('the setting is checked', () => {
      assert.match(runRdb(exe, ['set search-stations often']), /"often": "every N", "at N,M,..." or "off" expected/);
    });

    for (const [intervals, stations] of [['off', 'every 1'], ['at 45,46,47,120,121', 'at 1,2,5,40,41']]) {
      it(`interval checkpoints ${intervals}, stations ${stations}: every search finds what it finds without them`, () => {
        const out = runRdb(exe, [intervals === 'off' ? 'set checkpoint-interval 0' : `set checkpoint-interval-calls ${intervals}`, `set search-stations ${stations}`, ...script]);
        assert.equal(comparable(out), without);
        assert.match(out, /Breakpoint 2, mark \(round=103\)[^]*\$1 = 103\n[^]*\$3 = 78\n/, out);
      });
    }
  });
});
