// Reverse execution parity, part 9: reverse line steps over an -O2 inlined call whose body spans
// several lines and whose code is split into several ranges (gdb enters such a call at the start
// of each range reached from outside it, and going back stops in the call's middle or at its
// call site as `record full` shows).
import { compileFixture } from '../helpers/compile';
import { itMatchesGdb, useSse2Glibc } from '../helpers/oracle';

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
});
