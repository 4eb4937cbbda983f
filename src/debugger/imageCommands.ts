// Super core dumps in a session: writing one (gcore, dump), opening one post-mortem, bringing its
// recorded history back for the reverse commands, and restoring one as a live process.
import { UserError } from './events';
import { ForwardDebugger } from './forwardDebugger';
import { CoreTracee } from './postMortem';
import { historyBase, historyOf, openHistory, restoreNotices } from './imageHistory';
import { restoreImage } from '../target/restorer';

export abstract class ImageCommands extends ForwardDebugger {
  /** gdb's `gcore FILE`: an ELF core of the program as it stands (at a past position, as it was
   * then), with the signal it last stopped with; `progress` is told the bytes written. */
  saveCore(file: string, progress?: (done: bigint, total: bigint) => void): void {
    if (!this.proc || this.proc.state !== 'stopped') throw new UserError('The program is not being run.');
    const siginfo = this.stopSiginfo();
    const inf = this.inferior();
    inf.writeCore(file, siginfo && siginfo.length >= 4 ? siginfo.readInt32LE(0) : 0, siginfo, progress, historyBase(this.history, inf));
  }

  /** `rdb --core FILE [PROG]`: the core stands as the stopped program (postMortem.ts), its own
   * executable loaded unless one is. Returns gdb's banner (then `frame` shows #0). */
  async openCore(file: string): Promise<string[]> {
    const core = CoreTracee.open(file);
    core.guard(() => { if (!this.program) this.load(core.requireExecutable()); });
    await this.proc?.kill(); // a program running: it, and its past, are gone (gdb asks first)
    this.afterExit();
    [this.proc, this.threadList, this.selected, this.history, this.checkpointSet] = [core, core.threadList(), 0, undefined, undefined];
    this.refreshModules();
    if (core.signal() > 0) this.store.setInt('_exitsignal', core.signal());
    return core.banner(this.program!.main.path);
  }

  /** Whether the program shown is a super core dump's that holds recorded history: the reverse
   * commands replay it (the image and its base copy restored, see imageHistory.ts). */
  hasImageHistory(): boolean { return this.proc instanceof CoreTracee && this.proc.state === 'stopped' && this.proc.info.rdb?.history !== undefined; }

  /** Whether the program shown is a core file's (it cannot run). */
  isPostMortem(): boolean { return this.proc instanceof CoreTracee && this.proc.state === 'stopped'; }

  /** The recorded history of the image open post-mortem, brought back: the image restored as
   * the present and its base copy as the start of history (imageHistory.ts). Returns what the
   * user should know. */
  protected async replayImage(core: CoreTracee): Promise<string[]> {
    const { present, base, history } = await openHistory(core, this.launch.stdio);
    await core.kill();
    this.afterExit();
    this.adopt(present.proc, { base, history });
    const calls = history.log.length;
    return restoreNotices(present, [`[The image's recorded history is replayed: ${calls} system call${calls === 1 ? '' : 's'} since its base checkpoint]`]);
  }

  /** `rdb --restore FILE`: the process of an image rdb wrote, live again and stopped where it was
   * written (target/restorer.ts), its program loaded unless one is. Returns what the user should
   * know: the descriptors closed at their request, a pid that could not be kept. */
  async restore(file: string, closeLostFds: boolean): Promise<string[]> {
    await this.proc?.kill();
    this.afterExit();
    const restored = await restoreImage(file, { closeLostFds, stdio: this.launch.stdio });
    const { proc, exe, history, pendingSignal } = restored;
    try {
      if (!this.program) this.load(exe);
    } catch (e) {
      await proc.kill();
      throw e;
    }
    // With the image's recorded history, going back replays it; without, history starts here.
    const warnings: string[] = [];
    const past = history && await historyOf(file, history, this.launch.stdio).catch((e: Error) => {
      warnings.push(`warning: ${e.message}: going back stops where the image was written`);
      return undefined;
    });
    this.adopt(proc, past);
    // The signal the image stopped with reaches the program as it runs on (as after that stop).
    if (pendingSignal) this.runner!.pendingSignal = pendingSignal;
    return restoreNotices(restored, warnings);
  }
}
