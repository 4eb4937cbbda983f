// What gdb lists of the process as a whole: its one thread (`info threads`, `thread`) and the
// shared libraries the dynamic linker loaded (`info sharedlibrary`).
import * as fs from 'fs';
import * as path from 'path';
import type { Program } from '../symbols/Program';
import { linkMapName } from './linkMap';

/** The thread as gdb's thread list names it: `Thread 0x7ffff7dd2740 (LWP 14498)` and its name. */
export interface ThreadInfo { id: number; targetId: string; name: string }

/** The program's thread: libthread_db's pthread_t is the thread pointer (fs_base). */
export function mainThread(pid: number, fsBase: bigint): ThreadInfo {
  let name = '';
  try {
    name = fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    name = '';
  }
  return { id: 1, targetId: `Thread 0x${fsBase.toString(16)} (LWP ${pid})`, name };
}

export interface SharedLibrary { from: bigint; to: bigint; debugInfo: boolean; name: string }

/** The loaded libraries with their .text bounds, the dynamic linker first (gdb knows it from
 * the start), then in the link map's order. */
export function sharedLibraries(program: Program, read: (address: bigint, length: number) => Buffer): SharedLibrary[] {
  const out: SharedLibrary[] = [];
  for (const lm of program.modules()) {
    if (lm === program.main) continue;
    const text = lm.module.sectionRange('.text');
    const name = linkMapName(program, lm.bias, read);
    if (!text || !name) continue; // the vDSO: no file of its own
    out.push({ from: lm.bias + text[0], to: lm.bias + text[1], debugInfo: lm.module.info.hasDebugInfo, name });
  }
  const ld = out.findIndex((l) => path.basename(l.name).startsWith('ld-linux'));
  if (ld > 0) out.unshift(...out.splice(ld, 1));
  return out;
}
