// What the program's end reports: gdb's exit line data, and its $_exitcode / $_exitsignal.
import * as expr from '../expr';
import type { ResumeResult } from './events';
import { signalDescription, signalName } from './signals';
import type { ValueStore } from './ValueStore';

export function exitResult(store: ValueStore, pid: number, halt: { kind: 'exited'; code: number } | { kind: 'killed'; signo: number }): ResumeResult {
  const int = expr.builtinType('int')!;
  if (halt.kind === 'exited') {
    store.setConvenience('_exitcode', expr.makeInt(int, BigInt(halt.code)));
    return { kind: 'exited', exit: { kind: 'exited', pid, code: halt.code } };
  }
  store.setConvenience('_exitsignal', expr.makeInt(int, BigInt(halt.signo)));
  return { kind: 'exited', exit: { kind: 'killed', pid, signal: signalName(halt.signo), description: signalDescription(halt.signo) } };
}
