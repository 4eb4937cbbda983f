// PLT stubs as functions ("printf@plt", as gdb and objdump name them): each stub's
// `jmp *disp(%rip)` names a GOT slot, and the relocation patching that slot names the import.
import type { ElfRelocation, ElfSection } from './native';
import type { FunctionDef } from './model';

const PLT_SECTIONS = new Set(['.plt', '.plt.sec', '.plt.got']);

/** Stubs of the PLT sections; `read` reads the file image at file addresses. */
export function pltStubs(sections: ElfSection[], relocations: ElfRelocation[], read: (addr: bigint, len: number) => Buffer): FunctionDef[] {
  const slots = new Map<bigint, string>();
  for (const r of relocations) if (r.symbol) slots.set(r.offset, r.symbol);
  const out: FunctionDef[] = [];
  for (const s of sections) {
    if (!PLT_SECTIONS.has(s.name) || s.size === 0n) continue;
    const entry = BigInt(s.entsize > 0 ? s.entsize : 16);
    let code: Buffer;
    try {
      code = read(s.addr, Number(s.size));
    } catch {
      continue;
    }
    for (let start = 0n; start + entry <= s.size; start += entry) {
      const name = jumpSlotName(code, Number(start), Number(entry), s.addr, slots);
      if (name) {
        const low = s.addr + start;
        out.push({ name: `${name}@plt`, low, high: low + entry, ranges: [[low, low + entry]], fromDebugInfo: false, external: false, trampoline: true });
      }
    }
  }
  return out;
}

/** The import a stub jumps through: the first `ff 25 disp32` in the entry. */
function jumpSlotName(code: Buffer, start: number, size: number, base: bigint, slots: Map<bigint, string>): string | undefined {
  for (let p = start; p + 6 <= start + size && p + 6 <= code.length; p++) {
    if (code[p] !== 0xff || code[p + 1] !== 0x25) continue;
    const slot = base + BigInt(p + 6) + BigInt(code.readInt32LE(p + 2));
    const name = slots.get(slot);
    if (name) return name;
  }
  return undefined;
}
