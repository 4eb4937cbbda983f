// What gdb lists of the process as a whole: the shared libraries the dynamic linker loaded
// (`info sharedlibrary`).
import * as path from 'path';
import type { Program } from '../symbols/Program';
import { linkMapName } from './linkMap';

export interface SharedLibrary { from: bigint; to: bigint; debugInfo: boolean; name: string }

/** The loaded libraries with their .text bounds in the link map's order; for a live process the
 * dynamic linker first (gdb knows it from the start), not for a core (`linkMapOrder`). */
export function sharedLibraries(program: Program, read: (address: bigint, length: number) => Buffer, linkMapOrder = false): SharedLibrary[] {
  const out: SharedLibrary[] = [];
  for (const lm of program.modules()) {
    if (lm === program.main) continue;
    const text = lm.module.sectionRange('.text');
    const name = linkMapName(program, lm.bias, read);
    if (!text || !name) continue; // the vDSO: no file of its own
    out.push({ from: lm.bias + text[0], to: lm.bias + text[1], debugInfo: lm.module.info.hasDebugInfo, name });
  }
  const ld = out.findIndex((l) => path.basename(l.name).startsWith('ld-linux'));
  if (ld > 0 && !linkMapOrder) out.unshift(...out.splice(ld, 1));
  return out;
}
