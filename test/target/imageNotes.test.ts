// rdb's own notes in its images: they round-trip through the writer and the core reader, and the
// reader meets damaged ones (thousands of seeded mutations of their bytes, fields and sizes)
// with a CoreFormatError or a clean parse, never another exception, within a time bound.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { compileFixture } from '../helpers/compile';
import { rdbEnv } from '../helpers/gdb';
import { rdbBin } from '../helpers/oracle';
import { bufferSource, CoreFormatError, parseCore } from '../../src/target/coreReader';
import { addImageNote, encodeImageNotes, type ImageNotes } from '../../src/target/imageNotes';
import { generator } from '../helpers/random';
import { scratchDir } from '../helpers/processes';


/** Where each RDB note of an image lies: its header and its desc. */
function rdbNotes(core: Buffer): Array<{ head: number; desc: number; size: number }> {
  const out: Array<{ head: number; desc: number; size: number }> = [];
  const phnum = core.readUInt16LE(56);
  for (let i = 0; i < phnum; i++) {
    const o = 64 + i * 56;
    if (core.readUInt32LE(o) !== 4) continue;
    const start = Number(core.readBigUInt64LE(o + 8));
    const end = start + Number(core.readBigUInt64LE(o + 32));
    for (let n = start; n + 12 <= end;) {
      const namesz = core.readUInt32LE(n);
      const descsz = core.readUInt32LE(n + 4);
      const desc = n + 12 + Math.ceil(namesz / 4) * 4;
      if (core.toString('latin1', n + 12, n + 12 + namesz) === 'RDB\0') out.push({ head: n, desc, size: descsz });
      n = desc + Math.ceil(descsz / 4) * 4;
    }
  }
  return out;
}

const REPLACEMENTS = ['null', '[]', '{}', '"x"', '-1', '1e999', '0xffffffffffffffffff', '"0x"', 'true', '"\\u0000"', '[[[[[[', '9007199254740993'];

function mutate(core: Buffer, rnd: () => number): Buffer {
  const data = Buffer.from(core);
  const notes = rdbNotes(data);
  const n = notes[Math.floor(rnd() * notes.length)];
  const kind = Math.floor(rnd() * 4);
  if (kind === 0) {
    // Bytes of the desc flipped.
    for (let i = 0, k = 1 + Math.floor(rnd() * 8); i < k; i++) data[n.desc + Math.floor(rnd() * n.size)] ^= 1 << Math.floor(rnd() * 8);
  } else if (kind === 1) {
    // A JSON value replaced, padded or cut to the same length so the framing holds.
    const text = data.toString('latin1', n.desc, n.desc + n.size);
    const colons = [...text.matchAll(/:/g)].map((m) => m.index!);
    if (colons.length === 0) return data;
    const at = colons[Math.floor(rnd() * colons.length)] + 1;
    const end = text.slice(at).search(/[,}\]]/) + at;
    const value = REPLACEMENTS[Math.floor(rnd() * REPLACEMENTS.length)];
    const room = Math.max(0, end - at);
    const fitted = value.length <= room ? value.padEnd(room, ' ') : value.slice(0, room);
    data.write(fitted, n.desc + at, 'latin1');
  } else if (kind === 2) {
    // The desc's size claimed larger or smaller.
    const sizes = [0, 1, 7, 0xffff, 0x7fffffff, 0xffffffff, n.size - 1, n.size + 4];
    data.writeUInt32LE(sizes[Math.floor(rnd() * sizes.length)] >>> 0, n.head + 4);
  } else {
    // The name's size changed.
    data.writeUInt32LE([0, 3, 5, 0xffffffff][Math.floor(rnd() * 4)] >>> 0, n.head);
  }
  return data;
}

describe('image notes: rdb\'s own notes in its images', function () {
  this.timeout(300000);
  const dir = scratchDir('rdb-notes-');
  let core: Buffer;
  let prog: string;

  before(() => {
    prog = compileFixture('restart');
    const file = path.join(dir, 'img');
    spawnSync(process.execPath, [rdbBin, '-batch', '-ex', 'break checkpoint_here', '-ex', 'run', '-ex', `dump ${file}`, '--args', prog, path.join(dir, 'out.txt')],
      { encoding: 'utf8', env: rdbEnv(), timeout: 60000, cwd: dir });
    core = fs.readFileSync(file);
  });

  it('an image holds the process, its descriptors, binaries and CPU, as the process had them', () => {
    const info = parseCore('img', bufferSource(core));
    const n = info.rdb!;
    assert.ok(n.process && n.fds && n.binaries && n.cpu);
    assert.strictEqual(n.process.cwd, fs.realpathSync(dir));
    assert.strictEqual(n.process.exe, fs.realpathSync(prog));
    assert.strictEqual(n.process.threads, 1);
    assert.strictEqual(n.process.fsBase, info.threads[0].regs.fs_base);
    assert.ok(n.process.actions.some((a) => a.signal === 10 && a.handler !== 0n), 'the SIGUSR1 handler');
    assert.ok(n.process.mm.brk > n.process.mm.startBrk);
    const out = n.fds.find((f) => f.target === path.join(fs.realpathSync(dir), 'out.txt'))!;
    assert.ok(out && out.kind === 'file' && out.saved && out.pos > 0n, JSON.stringify(n.fds, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)));
    assert.strictEqual(n.fileData.get(out.fd)!.length, Number(out.pos));
    const deleted = n.fds.find((f) => f.deleted);
    assert.ok(deleted && deleted.saved && deleted.pos === 23n, 'the tmpfile()');
    assert.strictEqual(n.fileData.get(deleted.fd)!.toString(), 'kept in a deleted file\n');
    assert.ok(n.binaries.some((b) => /libc\.so/.test(b.path) && b.buildId && b.buildId.length >= 40));
    assert.ok(n.cpu.flags.includes('sse2') && n.cpu.xstateSize >= 512 && (n.cpu.xcr0 & 3n) === 3n);
  });

  it('notes round-trip through encoding; unknown note types are skipped', () => {
    const n: ImageNotes = { cpu: { flags: ['sse2', 'avx2'], xcr0: 7n, xstateSize: 2696 }, fileData: new Map([[5, Buffer.from('abc')]]) };
    let back: ImageNotes | undefined;
    const bad = (r: string): never => { throw new Error(r); };
    for (const { type, desc } of encodeImageNotes(n)) back = addImageNote(back, type, desc, bad);
    back = addImageNote(back, 99, Buffer.from('whatever'), bad);
    assert.deepStrictEqual(back, n);
  });

  it('4000 mutations of the notes: parsed or refused with a CoreFormatError, each within 250 ms', () => {
    let refused = 0;
    for (let i = 0; i < 4000; i++) {
      const data = mutate(core, generator(i));
      const t0 = Date.now();
      try {
        parseCore(`mutation ${i}`, bufferSource(data));
      } catch (e) {
        if (!(e instanceof CoreFormatError)) throw new Error(`mutation ${i}: ${(e as Error).stack}`);
        refused++;
      }
      assert.ok(Date.now() - t0 < 250, `mutation ${i} took ${Date.now() - t0} ms`);
    }
    assert.ok(refused > 1000, `only ${refused} of 4000 mutations refused`);
  });
});
