// Commands that move the program out of a frame or to a place: finish, until/advance LOCATION,
// return (pop a frame) and jump, in gdb's semantics, on top of the forward debugger's resume.
import { UserError, type FrameDescription, type ResumeResult } from './events';
import { returnRegisters } from './frames';
import { ImageCommands } from './imageCommands';

export abstract class FrameCommands extends ImageCommands {
  /** The frame `finish` would leave (checked the way gdb checks it). */
  finishFrame(): FrameDescription {
    this.requireRunner();
    const frames = this.stack();
    const sel = this.selectedLevel();
    if (sel + 1 >= frames.length || frames[sel].cfa === undefined) throw new UserError('"finish" not meaningful in the outermost frame.');
    return this.describeFrame(frames[sel]);
  }

  /** gdb's `return [EXPR]`: the selected frame (and those it called) is popped without running
   * the rest of it; an integer or pointer value goes to rax, where the caller reads it. */
  popFrame(valueText: string): FrameDescription {
    this.requireRunner();
    const frame = this.stack()[this.selectedLevel()];
    const value = valueText.trim() === '' ? undefined : () => this.evaluateAddress(valueText);
    this.proc!.setRegs(returnRegisters(this.program!, this.proc!, frame, value));
    this.poppedFrame();
    return this.describeFrame(this.stack()[0]);
  }

  /** gdb's `jump SPEC`: resumes the program at another place. */
  async jump(spec: string): Promise<ResumeResult> {
    this.requireRunner();
    const locations = this.resolveSpec(spec, this.requireProgram(), false);
    if (locations.length !== 1) throw new UserError(`Unreasonable jump request`);
    const regs = this.proc!.regs();
    this.proc!.setRegs({ ...regs, rip: locations[0].address });
    this.poppedFrame();
    return this.resume((r) => r.cont());
  }

  /** The debugger changed the program's state (a frame popped, the pc moved): what ran before
   * cannot be replayed into what follows, so history starts again here. */
  private poppedFrame(): void {
    this.frames = undefined;
    this.selectFrameLevel(0);
    if (this.history?.current && this.proc!.state === 'stopped') this.enterPosition();
  }

  async finish(): Promise<ResumeResult> {
    const from = this.finishFrame();
    const frames = this.stack();
    const sel = this.selectedLevel();
    const inlined = frames[sel];
    if (inlined.inline && inlined.fn) {
      // An inlined call has no return to wait for: step until its code is left (gdb).
      const ranges = inlined.fn.ranges;
      return this.resume((r) => r.stepOut(ranges));
    }
    const frame = frames[sel];
    const caller = frames[sel + 1];
    const fn = frame.fn;
    // Out of a function the debugger called, finish ends as the call returns (and shows it).
    let called: { history: number; text: string } | undefined;
    const result = await this.resume((r) => r.runTo(caller.pc, frame.cfa! - 8n), undefined,
      () => { if (caller.dummy && fn) called = this.returnValue(fn); });
    const kind = result.kind === 'stopped' ? result.stop.reason.kind : undefined;
    if (result.kind === 'stopped' && (kind === 'step' || (kind === 'call-return' && caller.dummy))) {
      const returnValue = kind === 'call-return' ? called : fn ? this.returnValue(fn) : undefined;
      result.stop.reason = { kind: 'finish', from, returnValue };
      result.stop.style = 'source-and-location';
    }
    return result;
  }

  /** `until LOCATION` / `advance LOCATION`: run to the location or until the frame returns. */
  async runTo(spec: string, _kind: 'until' | 'advance'): Promise<ResumeResult> {
    this.requireRunner();
    const locations = this.resolveSpec(spec, this.requireProgram(), false);
    const frames = this.stack();
    const frame = frames[this.selectedLevel()];
    const callerFrame = frames[this.selectedLevel() + 1];
    // Also stop where the frame returns, even past main (where backtraces end).
    const callerPc = frames[this.selectedLevel() + 1]?.pc
      ?? this.program!.unwind(frame.regs.dwarf, (a, n) => this.proc!.readMemory(a, n), frame.isCaller)?.regs.get(16);
    const caller = callerPc !== undefined ? { pc: callerPc } : undefined;
    const targets = new Set(locations.map((l) => l.address));
    if (caller && frame.cfa !== undefined) targets.add(caller.pc);
    const proc = this.proc!;
    // The breakpoints belong to the command, so that a replay of it has them too.
    const result = await this.resume(async (r) => {
      for (const t of targets) proc.insertBreakpoint(t);
      try {
        return await r.cont((pc) => targets.has(pc) && (pc !== caller?.pc || frame.cfa === undefined || proc.regs().rsp >= frame.cfa));
      } finally {
        if (proc.state === 'stopped') for (const t of targets) proc.removeBreakpoint(t);
      }
    }, { startFunction: undefined });
    // Returning into a function the debugger called is where the command stops: gdb shows it.
    if (result.kind === 'stopped' && result.stop.reason.kind === 'call-return' && callerFrame?.dummy) result.stop.reason = { kind: 'step' };
    return result;
  }
}
