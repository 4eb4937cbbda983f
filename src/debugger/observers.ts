// What searches of the past count: the user's breakpoints and watchpoints as they stand, and the
// line starts of a function (for reverse-stepi's anchors).
import type { Program } from '../symbols/Program';
import type { BreakpointTable } from './breakpoints';
import type { Observer } from './history';

/** The user's breakpoints and watchpoints as a search counts them: breakpoints whose condition
 * holds (`holds`: those of a table at a pc), watchpoints whose value changed (or, for rwatch, was
 * read), read through `read` in the replica searched. */
export function stopObserver(bps: BreakpointTable, read: (address: bigint, length: number) => Buffer,
  holds: (table: BreakpointTable, pc: bigint) => number[]): Observer {
  // A copy: positions found keep this observer, and later edits must not change what it counts.
  const table = bps.clone();
  const watched = table.watchpoints().filter((bp) => bp.watch !== undefined);
  const value = (i: number): Buffer => read(watched[i].watch!.address, watched[i].watch!.length);
  let last: Buffer[] = [];
  const addresses = table.addresses();
  return {
    addresses,
    accepts: (pc) => holds(table, pc).length > 0,
    everyHit: [...addresses].every((a) => table.at(a).every((bp) => !bp.condition)),
    key: watched.length === 0 ? table.searchKey() : undefined,
    data: watched.length === 0 ? undefined : {
      watches: watched.map((bp) => ({ address: bp.watch!.address, length: bp.watch!.length, kind: bp.watchKind === 'write' ? 'write' : 'readwrite' })),
      reset: () => { last = watched.map((_, i) => value(i)); },
      counts: (i) => {
        const now = value(i);
        const changed = !now.equals(last[i]);
        last[i] = now;
        return watched[i].watchKind === 'read' ? !changed : watched[i].watchKind === 'access' || changed;
      },
    },
  };
}

/** Where the line-table rows in [low, high) start, and low. */
export function rowStarts(program: Program, low: bigint, high: bigint): Set<bigint> {
  const addresses = new Set<bigint>([low]);
  for (let a = low; a < high;) {
    const row = program.rowAt(a);
    if (!row) { a++; continue; }
    if (row.start >= low) addresses.add(row.start);
    a = row.end > a ? row.end : a + 1n;
  }
  return addresses;
}

/** The start of every line-table row of the function holding the pc of `proc` (and its entry);
 * at a function's entry, where the instruction before is its caller's call, its caller's too. */
export function lineStartObserver(program: Program, proc: { regs(): { rip: bigint; rsp: bigint }; readMemory(a: bigint, n: number): Buffer }): Observer {
  const regs = proc.regs();
  const fn = program.functionAt(regs.rip);
  const addresses = fn ? rowStarts(program, fn.low, fn.high) : new Set<bigint>();
  if (fn && regs.rip === fn.low) {
    const caller = program.functionAt(proc.readMemory(regs.rsp, 8).readBigUInt64LE(0) - 1n);
    if (caller) for (const a of rowStarts(program, caller.low, caller.high)) addresses.add(a);
  }
  return { addresses, accepts: () => true };
}
