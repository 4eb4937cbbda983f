// Table-driven stepping: from a start point, repeat one stepping command and compare the
// sequence of (function, line) stops with gdb's on the same program.
import * as assert from 'assert';
import { compileFixture } from '../helpers/compile';
import { runGdb, runRdb } from '../helpers/oracle';

interface Row { fixture: string; start: string; command: string; times: number; then?: string[] }

const table: Row[] = [
  { fixture: 'loops', start: 'main', command: 'step', times: 30 },
  { fixture: 'loops', start: 'main', command: 'next', times: 20 },
  { fixture: 'loops', start: 'square', command: 'next', times: 12 },
  { fixture: 'loops', start: 'main', command: 'until', times: 12 },
  { fixture: 'recursion', start: 'fact', command: 'step', times: 25 },
  { fixture: 'recursion', start: 'main', command: 'next', times: 6 },
  // Into malloc through its PLT stub (libc has line info here) and through the functions inlined
  // into it (gdb's inline frames); out with finish, and on.
  { fixture: 'structs', start: 'main', command: 'step', times: 18 },
  { fixture: 'structs', start: 'push', command: 'step', times: 1, then: ['finish', 'step', 'step', 'step', 'step', 'step', 'step', 'step', 'step'] },
  { fixture: 'structs', start: 'main', command: 'next', times: 30 },
  { fixture: 'arrays', start: 'main', command: 'next', times: 40 },
  { fixture: 'funcptr', start: 'main', command: 'step', times: 20 },
  { fixture: 'bits', start: 'main', command: 'step', times: 12 },
  { fixture: 'loops', start: 'square', command: 'stepi', times: 25 },
  { fixture: 'loops', start: 'main', command: 'nexti', times: 40 },
];

/** The stops a script printed: source lines `N\t...` and frame lines, in order. */
function stops(out: string): string[] {
  return out.split('\n').filter((l) => /^(0x[0-9a-f]+\t)?\d+\t/.test(l) || / at \S+:\d+$/.test(l) || /^\[Inferior/.test(l));
}

describe('stepping tables against gdb', function () {
  this.timeout(120000);
  for (const row of table) {
    it(`${row.fixture}: ${row.command} x${row.times} from ${row.start}`, () => {
      const prog = compileFixture(row.fixture);
      const commands = [`break ${row.start}`, 'run', ...Array<string>(row.times).fill(row.command), ...(row.then ?? [])];
      const expected = stops(runGdb(prog, commands));
      assert.ok(expected.length > (row.times + (row.then?.length ?? 0)) / 2, 'gdb stepped');
      assert.deepStrictEqual(stops(runRdb(prog, commands)), expected);
    });
  }
});
