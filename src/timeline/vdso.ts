// Makes the vDSO's clock functions enter the kernel, so that the time a program reads is a
// system call that can be recorded and replayed (the vDSO answers from shared memory otherwise).
import type { Process } from '../target/Process';
import { readMaps } from '../target/maps';

/** vDSO functions and the system call each one stands for. */
const ENTRIES: Record<string, number> = {
  __vdso_clock_gettime: 228, clock_gettime: 228,
  __vdso_gettimeofday: 96, gettimeofday: 96,
  __vdso_time: 201, time: 201,
  __vdso_clock_getres: 229, clock_getres: 229,
  __vdso_getcpu: 309, getcpu: 309,
};

const SHT_DYNSYM = 11;

/** The exported functions of an in-memory ELF image (the vDSO): name → offset in the image. */
export function dynamicSymbols(image: Buffer): Map<string, number> {
  const out = new Map<string, number>();
  if (image.length < 64 || image.readUInt32BE(0) !== 0x7f454c46 || image[4] !== 2) return out;
  const shoff = Number(image.readBigUInt64LE(0x28));
  const shentsize = image.readUInt16LE(0x3a);
  const shnum = image.readUInt16LE(0x3c);
  const section = (i: number): { type: number; addr: number; offset: number; size: number; link: number; entsize: number } => {
    const o = shoff + i * shentsize;
    return {
      type: image.readUInt32LE(o + 4), addr: Number(image.readBigUInt64LE(o + 0x10)), offset: Number(image.readBigUInt64LE(o + 0x18)),
      size: Number(image.readBigUInt64LE(o + 0x20)), link: image.readUInt32LE(o + 0x28), entsize: Number(image.readBigUInt64LE(o + 0x38)),
    };
  };
  if (shoff === 0 || shoff + shnum * shentsize > image.length) return out;
  for (let i = 0; i < shnum; i++) {
    const sym = section(i);
    if (sym.type !== SHT_DYNSYM || sym.entsize < 24 || sym.offset + sym.size > image.length) continue;
    const strs = section(sym.link);
    for (let o = sym.offset; o + 24 <= sym.offset + sym.size; o += sym.entsize) {
      const name = image.readUInt32LE(o);
      const value = Number(image.readBigUInt64LE(o + 8));
      const info = image[o + 4];
      if ((info & 0xf) !== 2 /* STT_FUNC */ || value === 0) continue;
      const start = strs.offset + name;
      const end = image.indexOf(0, start);
      if (start >= image.length || end < 0) continue;
      out.set(image.toString('latin1', start, end), value);
    }
  }
  return out;
}

/** `mov eax, nr; syscall; ret`: the function becomes the plain system call (same arguments). */
function stub(nr: number): Buffer {
  const b = Buffer.from([0xb8, 0, 0, 0, 0, 0x0f, 0x05, 0xc3]);
  b.writeUInt32LE(nr, 1);
  return b;
}

/** Patches the stopped process's vDSO; returns the names patched (none if it has no vDSO). */
export function patchVdso(proc: Process): string[] {
  const vdso = readMaps(proc.pid).find((m) => m.path === '[vdso]');
  if (!vdso) return [];
  const image = proc.readMemory(vdso.start, Number(vdso.end - vdso.start));
  const patched: string[] = [];
  for (const [name, offset] of dynamicSymbols(image)) {
    const nr = ENTRIES[name];
    if (nr === undefined) continue;
    // Symbol values are link-time addresses of an image linked at 0.
    proc.writeMemory(vdso.start + BigInt(offset), stub(nr));
    patched.push(name);
  }
  return patched;
}
