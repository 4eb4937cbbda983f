// The recorded history an image carries: it round-trips through its encoding, and thousands of
// seeded mutations of its bytes are decoded or refused with a HistoryFormatError, never another
// exception, and never with more memory than the bytes hold.
import { strict as assert } from 'assert';
import { decodeHistory, encodeHistory, HistoryFormatError } from '../../src/timeline/logFile';
import { SyscallLog } from '../../src/timeline/syscalls';
import type { Regs } from '../../src/target/native';
import { GREG_ORDER } from '../../src/target/coreLayout';
import { generator } from '../helpers/random';

function sampleLog(): SyscallLog {
  const log = new SyscallLog(4242);
  log.records.push({ nr: 0, args: [3n, 0x7fff0000n, 128n, 0n, 0n, 0n], ret: 5n, writes: [{ addr: 0x7fff0000n, data: Buffer.from('hello') }] });
  log.records.push({ nr: 9, args: [0n, 8192n, 1n, 2n, 3n, 0n], ret: 0x7ffff7000000n, writes: [], file: { path: '/usr/lib/x.so', offset: 4096n } });
  log.records.push({ nr: 35, args: [0x7fff1000n, 0n, 0n, 0n, 0n, 0n], ret: -514n, writes: [], signal: 14 });
  log.records.push({ nr: 228, args: [0n, 0x7fff2000n, 0n, 0n, 0n, 0n], ret: 0n, writes: [{ addr: 0x7fff2000n, data: Buffer.alloc(16, 7) }, { addr: 1n, data: Buffer.alloc(0) }] });
  log.tsc.push(123456789n, 0xffffffffffffffffn);
  log.heldSignals = 2;
  return log;
}

function regs(): Regs {
  const r = {} as Regs;
  GREG_ORDER.forEach((k, i) => { r[k] = BigInt(i) * 0x1111n; });
  return r;
}

describe('timeline: the recorded history in an image', () => {
  it('round-trips a slice of the log with the moment it leads to', () => {
    const log = sampleLog();
    const stack = Buffer.from([1, 2, 3, 4]);
    const data = encodeHistory(log, 1, 4, 1, 2, regs(), stack);
    const back = decodeHistory(data);
    assert.equal(back.log.pid, 4242);
    assert.deepEqual(back.log.records, log.records.slice(1, 4));
    assert.deepEqual(back.log.tsc, [0xffffffffffffffffn]);
    assert.equal(back.log.heldSignals, 2);
    assert.deepEqual(back.regs, regs());
    assert.deepEqual(back.stack, stack);
  });

  it('3000 mutations: decoded or refused with a HistoryFormatError, none slow', () => {
    const good = encodeHistory(sampleLog(), 0, 4, 0, 2, regs(), Buffer.alloc(256, 9));
    const counts = { decoded: 0, refused: 0 };
    for (let i = 0; i < 3000; i++) {
      const rnd = generator(7000 + i);
      const data = Buffer.from(good);
      const kind = Math.floor(rnd() * 3);
      if (kind === 0) {
        for (let k = 0; k < 1 + Math.floor(rnd() * 4); k++) data[Math.floor(rnd() * data.length)] = Math.floor(rnd() * 256);
      } else if (kind === 1) {
        // A count or length made huge: 4 bytes at a field boundary.
        data.writeUInt32LE(0xffffffff - Math.floor(rnd() * 1000), Math.floor(rnd() * ((data.length - 4) / 4)) * 4);
      }
      const cut = kind === 2 ? data.subarray(0, Math.floor(rnd() * data.length)) : data;
      const t = Date.now();
      try {
        decodeHistory(cut);
        counts.decoded++;
      } catch (e) {
        assert.ok(e instanceof HistoryFormatError, `mutation ${i}: ${(e as Error).stack}`);
        counts.refused++;
      }
      assert.ok(Date.now() - t < 250, `mutation ${i} took ${Date.now() - t} ms`);
    }
    assert.ok(counts.refused > 1000, JSON.stringify(counts));
  });
});
