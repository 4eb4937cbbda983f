// The GNU build-id of an ELF file or of an ELF image in memory (the vDSO): what says two binaries
// are the same build. Reads only the program headers and their PT_NOTE segments, bounded.
import * as fs from 'fs';

const PT_NOTE = 4;
const NT_GNU_BUILD_ID = 3;
const MAX_NOTE = 1 << 16;

type Read = (offset: number, len: number) => Buffer;

/** The build-id (hex) that `read` (bytes of an ELF file by offset) holds, if any. */
export function buildIdOf(read: Read): string | undefined {
  const eh = read(0, 64);
  if (eh.length < 64 || eh.readUInt32BE(0) !== 0x7f454c46 || eh[4] !== 2 || eh[5] !== 1) return undefined;
  const phoff = Number(eh.readBigUInt64LE(32));
  const phentsize = eh.readUInt16LE(54);
  const phnum = eh.readUInt16LE(56);
  if (phentsize !== 56 || phoff > 1 << 24) return undefined;
  const ph = read(phoff, phnum * 56);
  for (let i = 0; i + 56 <= ph.length; i += 56) {
    if (ph.readUInt32LE(i) !== PT_NOTE) continue;
    const size = Number(ph.readBigUInt64LE(i + 32));
    const notes = read(Number(ph.readBigUInt64LE(i + 8)), Math.min(size, MAX_NOTE));
    for (let o = 0; o + 12 <= notes.length;) {
      const namesz = notes.readUInt32LE(o);
      const descsz = notes.readUInt32LE(o + 4);
      const type = notes.readUInt32LE(o + 8);
      const descAt = o + 12 + Math.ceil(namesz / 4) * 4;
      if (descAt + descsz > notes.length) break;
      if (type === NT_GNU_BUILD_ID && notes.toString('latin1', o + 12, o + 12 + namesz) === 'GNU\0') return notes.toString('hex', descAt, descAt + descsz);
      o = descAt + Math.ceil(descsz / 4) * 4;
    }
  }
  return undefined;
}

/** The build-id of the file at `path`; undefined if it has none or cannot be read. */
export function fileBuildId(path: string): string | undefined {
  let fd: number;
  try {
    fd = fs.openSync(path, 'r');
  } catch {
    return undefined;
  }
  try {
    return buildIdOf((offset, len) => {
      const b = Buffer.alloc(len);
      return b.subarray(0, fs.readSync(fd, b, 0, len, offset));
    });
  } catch {
    return undefined;
  } finally {
    fs.closeSync(fd);
  }
}
