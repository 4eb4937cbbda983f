// Floats as glibc's printf writes them, ties included: values with few mantissa bits (halves,
// quarters, ... where a digit cut falls exactly halfway) at every precision of %g, against the C
// library itself.
import { strict as assert } from 'assert';
import { execFileSync } from 'child_process';
import { compileFixture } from '../helpers/compile';
import { generator } from '../helpers/random';
import { formatG } from '../../src/expr/formatNumbers';

describe('expr: %g rounding against the C library', () => {
  it('matches printf at precisions 1-17, ties to even (half 85.3125 is 85.312)', () => {
    const random = generator(7);
    const values = [85.3125, 0.125, 2.5, 0.5, 1.5, 1e-320, 5e-324, 1.7976931348623157e308, 9.5, 0.000125, 1234.5];
    for (let i = 0; i < 300; i++) {
      // An integer of up to 20 bits over a power of two: exact, with short binary expansions.
      const n = Math.floor(random() * (1 << 20));
      const shift = Math.floor(random() * 60) - 30;
      values.push((random() < 0.5 ? -1 : 1) * n * 2 ** shift);
    }
    const exe = compileFixture('printg');
    const hex = values.map((v) => hexFloat(v));
    const lines = execFileSync(exe, hex, { encoding: 'utf8' }).trimEnd().split('\n');
    assert.equal(lines.length, values.length);
    let ties = 0;
    values.forEach((v, i) => {
      const ours = Array.from({ length: 17 }, (_, k) => formatG(v, k + 1)).join(' ');
      assert.equal(ours, lines[i], `${v} (${hex[i]})`);
      // A tie where JavaScript's own rounding (half up) would say otherwise.
      for (let k = 1; k <= 17; k++) if (Number(v.toPrecision(k)) !== Number(formatG(v, k))) ties++;
    });
    assert.ok(ties > 10, `only ${ties} ties among the values: the test would not see the difference`);
  });
});

/** A double as C's hexadecimal floating constant, exactly. */
function hexFloat(v: number): string {
  const b = Buffer.alloc(8);
  b.writeDoubleLE(v, 0);
  const bits = b.readBigUInt64LE(0);
  const sign = bits >> 63n ? '-' : '';
  const e = Number((bits >> 52n) & 0x7ffn);
  const frac = (bits & ((1n << 52n) - 1n)).toString(16).padStart(13, '0');
  if (e === 0) return `${sign}0x0.${frac}p-1022`;
  return `${sign}0x1.${frac}p${e - 1023}`;
}
