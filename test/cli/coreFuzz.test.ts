// Fuzzing the core reader: thousands of seeded, deterministic mutations of real cores (rdb's gcore
// and gdb's) — flipped bytes, extreme header and note fields, truncations, overlapping segments.
// Each either opens (and its memory reads give bytes or a clean EIO) or is refused with a
// CoreFormatError, within a time bound; and the whole post-mortem session (symbols, unwinding,
// locals) survives a few hundred of them.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { compileFixture } from '../helpers/compile';
import { gdbLaunch, rdbEnv } from '../helpers/gdb';
import { rdbBin, runMerged } from '../helpers/oracle';
import { bufferSource, CoreFormatError, CoreMemory, parseCore } from '../../src/target/coreReader';
import { Debugger } from '../../src/debugger/Debugger';
import { UserError } from '../../src/debugger/events';
import { generator } from '../helpers/random';


const EXTREMES = [0n, 1n, 0x7fn, 0xffn, 0xffffn, 0x7fffffffn, 0xffffffffn, 0x100000000n, 0x7fffffffffffffffn, 0xffffffffffffffffn];

/** Where the structure is: the ELF header, program headers and notes (the end of the notes). */
function headerEnd(core: Buffer): number {
  const phnum = core.readUInt16LE(56);
  let end = 64 + phnum * 56;
  for (let i = 0; i < phnum; i++) {
    const o = 64 + i * 56;
    if (core.readUInt32LE(o) === 4) end = Math.max(end, Number(core.readBigUInt64LE(o + 8) + core.readBigUInt64LE(o + 32)));
  }
  return Math.min(end, core.length);
}

/** One mutation of `core`, picked by `rnd`; what it did, for the failure message. */
export function mutate(core: Buffer, rnd: () => number): { data: Buffer; what: string } {
  const pick = (n: number): number => Math.floor(rnd() * n);
  const structure = headerEnd(core);
  const kind = pick(6);
  if (kind === 0) {
    const len = pick(core.length + 1);
    return { data: Buffer.from(core.subarray(0, len)), what: `truncated to ${len}` };
  }
  const data = Buffer.from(core);
  if (kind === 1) {
    const n = 1 + pick(16);
    for (let i = 0; i < n; i++) data[pick(structure)] ^= 1 << pick(8);
    return { data, what: `${n} bits flipped in the headers and notes` };
  }
  if (kind === 2) {
    // A field of a program header (or the ELF header) set to an extreme value.
    const at = pick(structure - 8) & ~3;
    const v = EXTREMES[pick(EXTREMES.length)];
    if (rnd() < 0.5) data.writeUInt32LE(Number(v & 0xffffffffn), at); else data.writeBigUInt64LE(v, at & ~7);
    return { data, what: `0x${v.toString(16)} written at ${at}` };
  }
  if (kind === 3) {
    // One program header copied over another: overlapping or repeated segments.
    const phnum = data.readUInt16LE(56);
    const from = pick(phnum);
    const to = pick(phnum);
    core.copy(data, 64 + to * 56, 64 + from * 56, 64 + from * 56 + 56);
    if (rnd() < 0.5) data.writeBigUInt64LE(data.readBigUInt64LE(64 + to * 56 + 16) + BigInt(pick(0x4000)), 64 + to * 56 + 16);
    return { data, what: `program header ${from} copied over ${to}` };
  }
  if (kind === 4) {
    // A note's sizes or its NT_FILE counts set to an extreme value.
    const notesAt = Number(data.readBigUInt64LE(64 + 8));
    const at = notesAt + (pick(Math.max(1, structure - notesAt - 8)) & ~3);
    data.writeUInt32LE(Number(EXTREMES[pick(EXTREMES.length)] & 0xffffffffn), at);
    return { data, what: `note word at ${at} made extreme` };
  }
  const n = 1 + pick(64);
  for (let i = 0; i < n; i++) data[pick(data.length)] = pick(256);
  return { data, what: `${n} random bytes anywhere` };
}

/** Opens `data` and reads what a session would: each thread's pc and stack, each segment's
 * start and end, across the end of a segment's bytes. */
export function exercise(data: Buffer): 'opened' | 'refused' {
  let info;
  try {
    info = parseCore('fuzzed', bufferSource(data));
  } catch (e) {
    if (e instanceof CoreFormatError && /^"fuzzed" is not a core dump: .+/.test(e.message)) return 'refused';
    throw e;
  }
  const memory = new CoreMemory(bufferSource(data), info);
  const probe = (addr: bigint, len: number): void => {
    try {
      const b = memory.read(BigInt.asUintN(64, addr), len);
      assert.ok(b.length > 0 && b.length <= len, `read of ${len} at 0x${addr.toString(16)} gave ${b.length} bytes`);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EIO') throw e;
    }
  };
  for (const t of info.threads.slice(0, 64)) {
    probe(t.regs.rip, 16);
    probe(t.regs.rsp, 4096);
  }
  for (const l of info.loads.slice(0, 256)) {
    probe(l.vaddr, 64);
    probe(l.vaddr + BigInt(l.filesz) - 8n, 4096);
    probe(l.vaddr + l.memsz - 1n, 2);
  }
  memory.close();
  return 'opened';
}

function makeCores(dir: string): Array<{ name: string; prog: string; core: Buffer; file: string }> {
  const matrix = compileFixture('matrixfact');
  const crash = compileFixture('crash');
  const rdbCore = path.join(dir, 'rdb.core');
  runMerged(process.execPath, [rdbBin, '-batch', '-ex', 'break fact if n == 2', '-ex', 'run', '-ex', `gcore ${rdbCore}`, matrix], dir, rdbEnv());
  const gdbCore = path.join(dir, 'gdb.core');
  const g = gdbLaunch();
  runMerged('gdb', ['-nx', ...g.args, '-batch', '-ex', 'run', '-ex', `gcore ${gdbCore}`, '--args', crash, '1'], dir, g.env);
  return [{ name: "rdb's gcore", prog: matrix, file: rdbCore }, { name: "gdb's gcore", prog: crash, file: gdbCore }]
    .map((c) => ({ ...c, core: fs.readFileSync(c.file) }));
}

describe('core reader fuzzing: bad cores are refused cleanly, never crash rdb', function () {
  this.timeout(600000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rdb-corefuzz-'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  let cores: ReturnType<typeof makeCores>;
  before(() => { cores = makeCores(dir); });

  it('each kind of damage is refused with its reason', () => {
    const good = cores[0].core;
    const notesAt = Number(good.readBigUInt64LE(64 + 8)); // program header 0 is the PT_NOTE
    const noteOf = (type: number): number => {
      for (let o = notesAt; ;) {
        const namesz = good.readUInt32LE(o);
        const descsz = good.readUInt32LE(o + 4);
        if (good.readUInt32LE(o + 8) === type) return o;
        o += 12 + Math.ceil(namesz / 4) * 4 + Math.ceil(descsz / 4) * 4;
      }
    };
    const patched = (fn: (b: Buffer) => void): Buffer => { const b = Buffer.from(good); fn(b); return b; };
    const load = (i: number): number => 64 + i * 56; // program header i (1.. are PT_LOADs)
    const cases: Array<[string, Buffer, RegExp]> = [
      ['empty', Buffer.alloc(0), /the file has 0 bytes, fewer than an ELF header/],
      ['wrong magic', patched((b) => b.write('MZ', 0)), /no ELF magic number/],
      ['an executable', patched((b) => b.writeUInt16LE(2, 16)), /an ELF file of type 2, not ET_CORE/],
      ['another machine', patched((b) => b.writeUInt16LE(183, 18)), /made for machine 183, not x86-64/],
      ['truncated', good.subarray(0, good.length - 5000), /ends past the end of the file \(\d+ bytes\): truncated\?/],
      // (Near the file's end: an image with recorded history is larger than 65534 headers.)
      ['giant program header count', patched((b) => { b.writeUInt16LE(0xfffe, 56); b.writeBigUInt64LE(BigInt(b.length - 4096), 32); }),
        /65534 program headers \(\d+ bytes at offset \d+\) lies outside the file/],
      ['overlapping segments', patched((b) => b.writeBigUInt64LE(b.readBigUInt64LE(load(1) + 16) + 8n, load(2) + 16)), /memory segments at 0x[0-9a-f]+ and 0x[0-9a-f]+ overlap/],
      ['a segment past the address space', patched((b) => b.writeBigUInt64LE(0xffffffffffff0000n, load(1) + 40)), /segment 1 at 0x[0-9a-f]+ of 0xffffffffffff0000 bytes runs past the address space/],
      ['more bytes than mapped', patched((b) => b.writeBigUInt64LE(1n, load(1) + 40)), /segment 1 holds more bytes \(\d+\) than it maps \(1\)/],
      ['notes outside the file', patched((b) => b.writeBigUInt64LE(BigInt(good.length), 64 + 8)), /segment 0 .* ends past the end of the file/],
      ['a note larger than its segment', patched((b) => b.writeUInt32LE(0xfffffff0, noteOf(3) + 4)), /a note \(type 0x3\) runs past its segment/],
      ['a giant NT_FILE count', patched((b) => b.writeBigUInt64LE(1n << 40n, noteOf(0x46494c45) + 12 + 8)), /the NT_FILE note claims 1099511627776 files but has room for fewer/],
      ['a short NT_PRSTATUS', patched((b) => b.writeUInt32LE(1, noteOf(1) + 4)), /a note \(type 0x[0-9a-f]+\) runs past|an NT_PRSTATUS note of 1 bytes/],
    ];
    for (const [what, data, re] of cases) {
      assert.throws(() => parseCore('c.core', bufferSource(data)), (e: Error) => e instanceof CoreFormatError && /^"c\.core" is not a core dump: /.test(e.message) && re.test(e.message), what);
    }
  });

  it('files a core names that are a FIFO, a device or in /proc are not read: no hang, frames by address', async function () {
    const c = cores[0];
    // Rewrite two NT_FILE names in place with paths of the same length to a FIFO and to a link to
    // /dev/zero (a hostile core could name them; reading either would block or never end).
    const names = [...new Set(parseCore('c', bufferSource(c.core)).files.map((f) => f.path))];
    const lib = names.find((n) => n.includes('libc.so'));
    const ld = names.find((n) => n.includes('ld-linux'));
    const base = path.join(dir, 'h');
    if (!lib || !ld || lib.length < base.length + 2 || ld.length < base.length + 2) this.skip();
    const fifo = base + 'f'.repeat(lib!.length - base.length);
    const zero = base + 'z'.repeat(ld!.length - base.length);
    execFileSync('mkfifo', [fifo]);
    fs.symlinkSync('/dev/zero', zero);
    let text = c.core.toString('latin1');
    text = text.split(`${lib}\0`).join(`${fifo}\0`).split(`${ld}\0`).join(`${zero}\0`);
    const file = path.join(dir, 'hostile.core');
    fs.writeFileSync(file, Buffer.from(text, 'latin1'));
    const dbg = new Debugger();
    try {
      dbg.load(c.prog);
      const banner = await dbg.openCore(file);
      assert.ok(banner.includes(`warning: Can't open file ${fifo} during file-backed mapping note processing`), banner.join('\n'));
      const frames = dbg.backtrace();
      assert.ok(frames.some((f) => f.function === 'main'), JSON.stringify(frames.map((f) => f.function)));
      assert.ok(!dbg.libraries().some((l) => l.name === fifo || l.name === zero));
    } finally {
      await dbg.dispose();
    }
  });

  it('5000 mutations of each core: opened or refused with the reason, each within 250 ms', () => {
    for (const c of cores) {
      assert.strictEqual(exercise(c.core), 'opened', `${c.name} itself does not open`);
      const counts = { opened: 0, refused: 0 };
      for (let i = 0; i < 5000; i++) {
        const m = mutate(c.core, generator(1000 + i));
        let outcome: 'opened' | 'refused' = 'refused';
        // The case's own time: a garbage collection or another test's process on the shared
        // cores can stall any one run, so a slow case is timed again (its fastest run counts).
        let ms = Infinity;
        for (let attempt = 0; attempt < 3 && ms >= 250; attempt++) {
          const t0 = process.hrtime.bigint();
          try {
            outcome = exercise(m.data);
          } catch (e) {
            assert.fail(`${c.name}, case ${i} (${m.what}): ${(e as Error).stack}`);
          }
          ms = Math.min(ms, Number(process.hrtime.bigint() - t0) / 1e6);
        }
        assert.ok(ms < 250, `${c.name}, case ${i} (${m.what}) took ${ms.toFixed(1)} ms`);
        counts[outcome]++;
      }
      // The mutations reach both outcomes: they neither all break the file nor all miss it.
      assert.ok(counts.opened > 500 && counts.refused > 500, `${c.name}: ${JSON.stringify(counts)}`);
      const rss = process.memoryUsage().rss;
      assert.ok(rss < 2 ** 31, `${c.name}: rss ${rss} after fuzzing`);
    }
  });

  it('1000 mutations opened one after another in one session: bt, locals, registers give values or clean errors', async () => {
    const c = cores[0];
    const file = path.join(dir, 'mutated.core');
    let sessions = 0;
    const dbg = new Debugger();
    dbg.load(c.prog);
    try {
      for (let i = 0; i < 1000; i++) {
        const m = mutate(c.core, generator(50000 + i));
        fs.writeFileSync(file, m.data);
        const t0 = Date.now();
        try {
          await dbg.openCore(file);
        } catch (e) {
          assert.ok(e instanceof UserError && /is not a core dump: /.test(e.message), `case ${i} (${m.what}): ${(e as Error).stack}`);
          continue;
        }
        sessions++;
        for (const step of [() => dbg.backtrace(), () => dbg.locals(0), () => dbg.registers(['rip', 'rsp']), () => dbg.libraries()]) {
          try {
            step();
          } catch (e) {
            // What a user would see: a message to act on, not an internal error.
            assert.ok(e instanceof UserError || (e as Error).name === 'EvalError', `case ${i} (${m.what}): ${(e as Error).stack}`);
          }
        }
        assert.ok(Date.now() - t0 < 5000, `case ${i} (${m.what}) took ${Date.now() - t0} ms`);
      }
    } finally {
      await dbg.dispose();
    }
    assert.ok(sessions > 100, `only ${sessions} of 1000 mutated cores opened`);
  });
});
