// What refuses a restart before anything runs: an image without rdb's notes, several threads, a
// binary missing or changed, a CPU feature or XSAVE layout this machine lacks, a directory or
// file gone, a descriptor whose peer (pipe, socket, terminal) cannot come back unless the user
// lets rdb close it (--close-lost-fds). Each refusal says why in words a person can act on.
import * as fs from 'fs';
import * as path from 'path';
import { fileBuildId } from './buildId';
import type { CoreInfo } from './coreReader';
import type { ImageCpu, ImageFd, ImageNotes } from './imageNotes';
import { isTemporary, SMALL_TEMP, XCR0_OFFSET } from './imageFacts';

/** An image that cannot be restored here; the message says why. */
export class RestoreRefused extends Error {
  constructor(file: string, reason: string) {
    super(`cannot restore "${file}": ${reason}`);
    this.name = 'RestoreRefused';
  }
}

/** A refusal only for descriptors whose peer or file is gone (`lost`, each as "descriptor N is
 * ..."): the restart can go on with them closed if the user says so. */
export class LostDescriptors extends RestoreRefused {
  constructor(file: string, readonly lost: string[]) {
    super(file, `${lost.join('; ')}; restore with --close-lost-fds to run on with ${lost.length > 1 ? 'them' : 'it'} closed`);
  }
}

export interface RestoreOptions {
  /** Run on with the descriptors whose peer is gone closed, instead of refusing. */
  closeLostFds?: boolean;
  /** Standard descriptors for the restored process (default: rdb's own). */
  stdio?: [number, number, number];
  /** Restore the image held in these bytes of the file (an image's base copy, see
   * coreFile.writeImage) instead of the file's own. */
  part?: { at: number; size: number };
  /** Not the image's pid, which another restored process may want. */
  anyPid?: boolean;
}

/** What to do with one of the image's descriptors. */
export type FdPlan =
  /** Keep the restored process's own (rdb's standard streams). */
  | { fd: ImageFd; how: 'ours' }
  /** Open `path` (the file, or a copy recreated from the image) and seek. */
  | { fd: ImageFd; how: 'open'; path: string; restoreContent: boolean }
  | { fd: ImageFd; how: 'close'; why: string };

/** Instruction-set extensions code may have been compiled or dispatched (ifuncs) to use. */
const ISA = /^(mmx|sse\d?|ssse3|sse4_[12]|sse4a|avx.*|fma4?|f16c|bmi[12]|adx|aes|vaes|pclmulqdq|vpclmulqdq|gfni|sha_ni|sha512|sm[34]|movbe|popcnt|abm|erms|fsrm|fzrm|fsrs|fsrc|rdrand|rdseed|rdpid|cx8|cx16|cmov|fxsr|xsave|xsaveopt|xsavec|xgetbv1|clflushopt|clwb|clzero|movdiri|movdir64b|serialize|amx.*|rtm|hle|waitpkg|lahf_lm|3dnowprefetch|tbm|xop|lm)$/;

export function notesOf(file: string, info: CoreInfo): Required<Pick<ImageNotes, 'process' | 'fds' | 'binaries' | 'cpu'>> & ImageNotes {
  const n = info.rdb;
  if (!n?.process || !n.fds || !n.binaries || !n.cpu) {
    throw new RestoreRefused(file, 'it holds no rdb notes (only images rdb wrote, with `dump FILE` or `gcore FILE`, can be restored, and rdb writes none where the process cannot run a system call, as at a pc of 0)');
  }
  return n as Required<Pick<ImageNotes, 'process' | 'fds' | 'binaries' | 'cpu'>> & ImageNotes;
}

/** Refuses what this machine's files and the image's own state make impossible. */
export function checkImage(file: string, info: CoreInfo): void {
  const n = notesOf(file, info);
  const refuse = (why: string): never => { throw new RestoreRefused(file, why); };
  // Threads are restored from their own notes (images of older rdbs have none).
  const threads = Math.max(n.process.threads, info.threads.length);
  const known = new Set((n.process.threadFacts ?? []).map((t) => t.tid));
  if (threads > 1 && (n.process.threads !== info.threads.length || info.threads.some((t) => !known.has(t.tid)))) {
    refuse(`the process ran ${threads} threads, and the image does not hold what each one needs to run again`);
  }
  if (threads > 1 && !info.threads.some((t) => t.tid === info.pid)) refuse('the main thread had ended while others ran on (rdb cannot restore a process without it)');
  const kids = n.process.children;
  if (kids.length) refuse(`the process had ${kids.length > 1 ? `${kids.length} child processes` : 'a child process'} (${kids.join(', ')}), which rdb cannot bring back`);
  for (const b of n.binaries) {
    let size: bigint;
    try {
      size = BigInt(fs.statSync(b.path).size);
    } catch {
      return refuse(`${b.path}, which the process mapped, is missing`);
    }
    const id = b.buildId !== undefined ? fileBuildId(b.path) : undefined;
    if (b.buildId !== undefined && id !== b.buildId) refuse(`${b.path} is not the binary the image was written with (build-id ${b.buildId}, now ${id ?? 'none'})`);
    if (b.buildId === undefined && size !== b.size) refuse(`${b.path} has changed since the image was written (${b.size} bytes then, ${size} now)`);
  }
  for (const m of n.process.maps) {
    if (!m.deleted || !m.path?.startsWith('/')) continue;
    const whole = info.loads.find((l) => l.vaddr === m.start && BigInt(l.filesz) === m.end - m.start);
    if (!whole) refuse(`the process mapped ${m.path} at 0x${m.start.toString(16)}, a file deleted since, and the image does not hold that memory`);
  }
  try {
    if (!fs.statSync(n.process.cwd).isDirectory()) refuse(`its working directory ${n.process.cwd} is not a directory`);
  } catch {
    refuse(`its working directory ${n.process.cwd} is gone`);
  }
}

/** Refuses an image whose CPU features or XSAVE layout this machine lacks; `xstate` is a fresh
 * process's XSAVE area here. */
export function checkCpu(file: string, cpu: ImageCpu, here: ImageCpu, xstate: Buffer, imageXState?: Buffer): void {
  const have = new Set(here.flags);
  const missing = cpu.flags.filter((f) => ISA.test(f) && !have.has(f));
  if (missing.length) throw new RestoreRefused(file, `this CPU lacks ${missing.join(', ')}, which the image's CPU had (its code may use them)`);
  const xcr0 = xstate.length >= XCR0_OFFSET + 8 ? xstate.readBigUInt64LE(XCR0_OFFSET) : 0n;
  if ((cpu.xcr0 & ~xcr0) !== 0n) throw new RestoreRefused(file, `the image's extended state (XCR0 0x${cpu.xcr0.toString(16)}) has components this CPU does not enable (0x${xcr0.toString(16)})`);
  if (imageXState && imageXState.length !== xstate.length) {
    throw new RestoreRefused(file, `the image's XSAVE area of ${imageXState.length} bytes does not fit this CPU's (${xstate.length} bytes)`);
  }
}

const TERMINAL = /^\/dev\/(pts\/|tty)/;

/** Whether rdb may put back the content the image holds for `file`: only a small regular file
 * in a temporary directory (the image says which, but a hostile one could name any file). */
function mayRewrite(file: string, content: Buffer | undefined): boolean {
  if (!content || content.length > SMALL_TEMP) return false;
  try {
    const real = fs.realpathSync(path.dirname(file));
    if (!isTemporary(path.join(real, path.basename(file)))) return false;
    return !fs.existsSync(file) || fs.lstatSync(file).isFile();
  } catch {
    return false;
  }
}

/** What becomes of each descriptor; refuses lost ones (all of them named) unless `closeLost`. */
export function planDescriptors(file: string, fds: ImageFd[], saved: Map<number, Buffer>, closeLost: boolean): FdPlan[] {
  const plan = fds.map((fd): FdPlan => {
    // The standard streams are the restoring rdb's, as for a program rdb runs.
    // (Standard input read from a file goes on from where the program was in that file.)
    if (fd.fd <= 2 && !(fd.fd === 0 && fd.kind === 'file' && !fd.deleted && fs.existsSync(fd.target))) return { fd, how: 'ours' };
    let lost: string | undefined;
    if (fd.kind === 'pipe' || fd.kind === 'socket') lost = `a ${fd.kind} (${fd.target}) whose other end is gone`;
    else if (fd.kind === 'other') lost = `${fd.target}, which rdb cannot recreate`;
    else if (fd.kind === 'device' && TERMINAL.test(fd.target)) lost = `the terminal ${fd.target}`;
    else if (!fd.saved && !fs.existsSync(fd.target)) lost = `${fd.target}, a file that no longer exists`;
    else if (fd.saved && !fd.deleted && !fs.existsSync(path.dirname(fd.target))) lost = `${fd.target}, in a directory that no longer exists`;
    else if (fd.deleted && !saved.has(fd.fd)) lost = `${fd.target}, a deleted file too large for the image to hold`;
    if (lost === undefined) return { fd, how: 'open', path: fd.target, restoreContent: fd.saved && (fd.deleted || mayRewrite(fd.target, saved.get(fd.fd))) };
    return { fd, how: 'close', why: lost };
  });
  const lost = plan.flatMap((p) => (p.how === 'close' ? [`descriptor ${p.fd.fd} is ${p.why}`] : []));
  if (lost.length && !closeLost) throw new LostDescriptors(file, lost);
  return plan;
}
