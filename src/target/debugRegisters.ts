// x86 debug register encoding: DR7 enable/type/length fields and DR6 status bits for slots 0-3.

export type HwKind = 'write' | 'readwrite' | 'exec';
export type HwLength = 1 | 2 | 4 | 8;

/** DR6 bit of the single-step trap. */
export const DR6_SINGLE_STEP = 1n << 14n;

const RW_BITS: Record<HwKind, bigint> = { exec: 0b00n, write: 0b01n, readwrite: 0b11n };
const LEN_BITS: Record<HwLength, bigint> = { 1: 0b00n, 2: 0b01n, 4: 0b11n, 8: 0b10n };

/** Why a hardware watchpoint cannot be set at `addr`, or undefined if it can. */
export function hwWatchpointProblem(addr: bigint, len: number, kind: HwKind): string | undefined {
  if (kind !== 'write' && kind !== 'readwrite' && kind !== 'exec') return `unknown watchpoint kind '${String(kind)}'`;
  if (len !== 1 && len !== 2 && len !== 4 && len !== 8) return `a hardware watchpoint covers 1, 2, 4 or 8 bytes, not ${len}`;
  if (kind === 'exec' && len !== 1) return 'a hardware breakpoint (exec) must have length 1';
  if (addr % BigInt(len) !== 0n) return `address 0x${addr.toString(16)} is not aligned to the watched length ${len}`;
  if (addr >= 1n << 47n) return `address 0x${addr.toString(16)} is not a user-space address`;
  return undefined;
}

/** DR7 with slot `slot` enabled (local enable) for `kind` over `len` bytes. */
export function dr7Enable(dr7: bigint, slot: number, len: HwLength, kind: HwKind): bigint {
  const s = BigInt(slot);
  const field = (RW_BITS[kind] | (LEN_BITS[len] << 2n)) << (16n + 4n * s);
  return (dr7Disable(dr7, slot) | field | (1n << (2n * s)));
}

/** DR7 with slot `slot` disabled and its type/length field cleared. */
export function dr7Disable(dr7: bigint, slot: number): bigint {
  const s = BigInt(slot);
  const mask = (0b11n << (2n * s)) | (0b1111n << (16n + 4n * s));
  return dr7 & ~mask;
}

/** The slots whose hit bits (B0-B3) are set in DR6. */
export function dr6HitSlots(dr6: bigint): number[] {
  const out: number[] = [];
  for (let i = 0; i < 4; i++) if (dr6 & (1n << BigInt(i))) out.push(i);
  return out;
}
