// Thread-local storage: where a module's block of thread-local variables is for one thread.
import type { ReadMemory } from './location';
import type { LoadedModule } from './Program';

const PT_TLS = 7;
/** glibc's TLS_DTV_UNALLOCATED: a dtv slot whose block is not allocated yet. */
const UNALLOCATED = (1n << 64n) - 1n;

/** Module `lm`'s block in the thread whose thread pointer (fs_base) is `tp`: glibc's dtv (at
 * tp + 8) holds one block per module with a PT_TLS segment, numbered from 1 in load order. */
export function tlsBlock(loaded: readonly LoadedModule[], lm: LoadedModule, tp: bigint | undefined, read: ReadMemory | undefined): bigint | undefined {
  if (tp === undefined || !read) return undefined;
  const modid = loaded.filter((m) => m.module.info.segments.some((s) => s.type === PT_TLS)).indexOf(lm) + 1;
  if (modid === 0) return undefined;
  const dtv = read(tp + 8n, 8).readBigUInt64LE(0);
  const block = read(dtv + 16n * BigInt(modid), 8).readBigUInt64LE(0);
  return block === 0n || block === UNALLOCATED ? undefined : block;
}
