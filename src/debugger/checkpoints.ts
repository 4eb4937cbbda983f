// gdb's checkpoint commands on rdb's fork checkpoints: numbered copies of the program to return
// to. Number 0 is the present (the live process); returning to a checkpoint runs a fresh copy of
// it, so the checkpoint stays as it was and can be returned to again.
import { UserError } from './events';
import type { Checkpoint, Inferior } from '../timeline/Inferior';
import type { Position } from './history';

export interface CheckpointInfo {
  id: number;
  /** The process holding it (for 0, the live program). */
  pid: number;
  /** Whether the program shown now is this checkpoint (or a copy of it). */
  current: boolean;
  pc: bigint;
}

/** `at`: the position of history it was taken at, to go on from when it is restarted. */
interface Entry { cp: Checkpoint; pc: bigint; at?: Position }

export class Checkpoints {
  private readonly entries = new Map<number, Entry>();
  private next = 1;
  private currentId = 0;

  /** `now`: the position of history shown, and the present's (the live process's). */
  constructor(private readonly inferior: Inferior, private readonly now: () => { shown?: Position; present?: Position } = () => ({})) {}

  /** Takes a checkpoint of the program as it is now. */
  take(): { id: number; pid: number } {
    if (this.inferior.state !== 'stopped') throw new UserError('The program is not being run.');
    const pc = this.inferior.regs().rip;
    const cp = this.inferior.checkpoint();
    const id = this.next++;
    this.entries.set(id, { cp, pc, at: this.now().shown });
    return { id, pid: cp.proc.pid };
  }

  list(): CheckpointInfo[] {
    const present = this.inferior.live;
    const out: CheckpointInfo[] = [];
    if (this.inferior.presentAlive) out.push({ id: 0, pid: present.pid, current: this.currentId === 0, pc: present.regs().rip });
    for (const [id, e] of this.entries) out.push({ id, pid: e.cp.proc.pid, current: this.currentId === id, pc: e.pc });
    return out;
  }

  /** Makes checkpoint `id` (0: the present) what the debugger shows and runs; returns its pid
   * and the position of history it stands at. */
  restore(id: number): { pid: number; at?: Position } {
    if (id === 0) {
      if (!this.inferior.presentAlive) throw new UserError('The program is not being run.');
      this.inferior.returnToLive();
      this.currentId = 0;
      return { pid: this.inferior.live.pid, at: this.now().present };
    }
    const e = this.entries.get(id);
    if (!e) throw new UserError(`Not found: checkpoint id ${id}`);
    this.inferior.restore(e.cp);
    this.currentId = id;
    return { pid: this.inferior.currentPid, at: e.at };
  }

  /** Deletes checkpoint `id`; returns the pid of the process that held it. */
  async delete(id: number): Promise<number> {
    const e = this.entries.get(id);
    if (!e) throw new UserError(`No such checkpoint id, ${id}`);
    this.entries.delete(id);
    await this.inferior.drop(e.cp);
    return e.cp.proc.pid;
  }
}
