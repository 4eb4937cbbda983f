// gdb's tail-call frames: the functions a call went through by jumping to their callee, found
// from the DWARF call sites marked as tail calls (DW_AT_call_tail_call).
import { AT } from './dwarfConstants';
import type { CallSite } from './callSites';
import type { LoadedModule, Program } from './Program';

/** The entry address of the function a call site calls directly (by its DW_AT_call_origin). */
function directTarget(program: Program, lm: LoadedModule, site: CallSite): bigint | undefined {
  if (site.origin === undefined) return undefined;
  const die = lm.module.dies.get(site.origin)?.die;
  if (!die) return undefined;
  const low = lm.module.dies.attr(die, AT.low_pc);
  if (typeof low === 'bigint') return low + lm.bias;
  const name = lm.module.dies.attr(die, AT.name);
  return typeof name === 'string' ? program.functionsByName(name)[0]?.low : undefined;
}

/** When the call returning to `returnPc` did not call the function holding `calleePc` directly
 * but reached it through functions that jumped to their callee, the return pcs of those tail
 * call sites, innermost first. Empty when the call was direct, or when the chain is unknown or
 * ambiguous (gdb then shows no such frames either). */
export function tailCallChain(program: Program, returnPc: bigint, calleePc: bigint): bigint[] {
  const lm = program.moduleAt(returnPc);
  const site = lm?.module.callSiteAt(returnPc - lm.bias);
  const callee = program.functionAt(calleePc);
  if (!lm || !site || !callee || site.tail) return [];
  const first = directTarget(program, lm, site);
  if (first === undefined || first === callee.low) return [];
  const chains: bigint[][] = [];
  const search = (fnLow: bigint, path: bigint[]): void => {
    if (path.length > 4 || chains.length > 1) return;
    const fm = program.moduleAt(fnLow);
    const fn = program.functionAt(fnLow);
    if (!fm || !fn) return;
    for (const s of fm.module.callSitesIn(fn.low - fm.bias, fn.high - fm.bias)) {
      if (!s.tail) continue;
      const t = directTarget(program, fm, s);
      const here = [s.returnPc + fm.bias, ...path];
      if (t === callee.low) chains.push(here);
      else if (t !== undefined && !path.length) search(t, here);
    }
  };
  search(first, []);
  return chains.length === 1 ? chains[0] : [];
}
