// rowFlow: the ways out of a line-table row, from its code (decoded by objdump).
import { strict as assert } from 'assert';
import { rowFlow } from '../../src/debugger/rowFlow';

const at = 0x1183n;
/** A one-line -O0 loop: jmp to the test, body, test, jle back to the body. */
const loop = Buffer.from('eb0d488b45f0480145f8488345f00148817df0c70000007ee9', 'hex');

describe('rowFlow', () => {
  it('a loop on one row: its only exit is its end; the first instruction jumps to the test', () => {
    const flow = rowFlow(loop, at, at + BigInt(loop.length));
    assert.deepEqual(flow, { exits: [0x119cn], second: 0x1185n, afterFirst: [0x1192n] });
  });

  it('a branch out of the row is an exit, with the end', () => {
    // je to 0x2000 in place of the jle.
    const code = Buffer.concat([loop.subarray(0, loop.length - 2), Buffer.from('0f84' + (0x2000 - 0x11a0).toString(16).padStart(8, '0').match(/../g)!.reverse().join(''), 'hex')]);
    const flow = rowFlow(code, at, at + BigInt(code.length));
    assert.deepEqual(flow?.exits.sort(), [0x11a0n, 0x2000n].sort());
  });

  it('calls, returns and indirect jumps: not known', () => {
    for (const tail of ['e800000000', 'c3', 'ffe0', 'f3c3', '3effe0']) {
      const code = Buffer.concat([loop.subarray(0, 2), Buffer.from(tail, 'hex')]);
      assert.equal(rowFlow(code, at, at + BigInt(code.length)), undefined, tail);
    }
  });
});
