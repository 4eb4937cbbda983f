// Call sites (DW_TAG_call_site, and GCC's DW_TAG_GNU_call_site before DWARF 5): what a caller
// passed in each argument register at one call, from which the debugger recovers a parameter's
// value at function entry (DW_OP_entry_value, gdb's `param@entry=`).
import type { Die, Op } from './native';
import { AT, TAG } from './dwarfConstants';

const CALL_SITE = [0x48, 0x4109];
const CALL_SITE_PARAMETER = [0x49, 0x410a];
const AT_CALL_RETURN_PC = 0x7d;
const AT_CALL_VALUE = [0x7e, 0x2111];
const AT_CALL_ORIGIN = [0x7f, 0x31];
const AT_CALL_TARGET = [0x83, 0x2113];
const AT_CALL_TAIL_CALL = [0x82, 0x2115];

export interface CallSite {
  /** File address of the instruction after the call. */
  returnPc: bigint;
  /** The called function's DIE (direct calls). */
  origin?: number;
  /** An expression computing the called address in the caller's frame (indirect calls). */
  target?: Op[];
  /** DWARF register number → expression computing its value at the call, in the caller's frame. */
  params: Map<number, Op[]>;
  /** A tail call (a jump): the caller's frame is gone when the callee runs. */
  tail: boolean;
}

function exprOf(d: Die, names: number[]): Op[] | undefined {
  for (const at of names) {
    const v = d.attrs[at];
    if (v && typeof v === 'object' && 'loc' in v && v.loc.length) return v.loc[0].ops;
  }
  return undefined;
}

/** The DWARF register an expression names when it is just DW_OP_regN / DW_OP_regx. */
export function registerOf(ops: Op[] | undefined): number | undefined {
  if (!ops || ops.length !== 1) return undefined;
  const a = ops[0].atom;
  if (a >= 0x50 && a <= 0x6f) return a - 0x50;
  if (a === 0x90) return Number(ops[0].number);
  return undefined;
}

/** All call sites of a compile unit, by return address. */
export function indexCallSites(cuTree: Die): Map<bigint, CallSite> {
  const sites = new Map<bigint, CallSite>();
  const walk = (d: Die): void => {
    if (CALL_SITE.includes(d.tag)) {
      const ret = d.attrs[AT_CALL_RETURN_PC] ?? (d.tag === 0x4109 ? d.attrs[AT.low_pc] : undefined);
      if (typeof ret === 'bigint') {
        const params = new Map<number, Op[]>();
        for (const c of d.children) {
          if (!CALL_SITE_PARAMETER.includes(c.tag)) continue;
          const regno = registerOf(exprOf(c, [AT.location]));
          const value = exprOf(c, AT_CALL_VALUE);
          if (regno !== undefined && value) params.set(regno, value);
        }
        const originAttr = AT_CALL_ORIGIN.map((at) => d.attrs[at]).find((v) => v && typeof v === 'object' && 'ref' in v);
        const origin = originAttr && typeof originAttr === 'object' && 'ref' in originAttr ? originAttr.ref : undefined;
        const tail = AT_CALL_TAIL_CALL.some((at) => Boolean(d.attrs[at]));
        sites.set(ret, { returnPc: ret, origin, target: exprOf(d, AT_CALL_TARGET), params, tail });
      }
    }
    if (d.tag !== TAG.enumeration_type) for (const c of d.children) walk(c);
  };
  walk(cuTree);
  return sites;
}
