// `dump` of a large process says how far the image has come, in steps of 10% up to 100%; gcore
// (as gdb's) and small images say nothing but that they were saved.
import { strict as assert } from 'assert';
import * as path from 'path';
import { compileFixture } from '../helpers/compile';
import { rdbEnv } from '../helpers/gdb';
import { rdbBin, runMerged } from '../helpers/oracle';
import { scratchDir } from '../helpers/processes';

describe('cli: progress while a large image is written', function () {
  this.timeout(300000);
  const dir = scratchDir('rdb-progress-');

  it('dump shows its steps, gcore none', () => {
    const exe = compileFixture('bigheap');
    const big = path.join(dir, 'big.core');
    const quiet = path.join(dir, 'quiet.core');
    const out = runMerged(process.execPath, [rdbBin, '-batch', '-ex', 'break ready', '-ex', 'run', '-ex', `dump ${big}`, '-ex', `gcore ${quiet}`, exe], dir, rdbEnv());
    const steps = [...out.matchAll(/^Writing the image: (\d+)% \((\d+) of (\d+) MB\)$/gm)].map((m) => m.slice(1).map(Number));
    assert.ok(steps.length >= 5, out);
    const total = steps[0][2];
    assert.ok(total >= 96, out); // the heap at least
    for (let i = 1; i < steps.length; i++) {
      // Each step has passed another tenth.
      assert.ok(Math.floor(steps[i][0] / 10) > Math.floor(steps[i - 1][0] / 10), out);
      assert.ok(steps[i][1] >= steps[i - 1][1], out);
      assert.equal(steps[i][2], total);
    }
    assert.deepEqual(steps[steps.length - 1].slice(0, 2), [100, total]);
    assert.match(out, new RegExp(`MB\\)\\nSaved super core dump ${big} \\(\\d+ ms\\)`));
    // gcore wrote its image silently.
    assert.match(out, new RegExp(`\\(\\d+ ms\\); restore it with: rdb --restore ${big}\\nSaved corefile ${quiet}\\n`));
  });
});
