// The DAP session: each request handler is a thin translation into calls on the Debugger
// facade (src/debugger); inspection requests are in inspection.ts, data breakpoints in
// dataBreakpoints.ts, memory and disassembly in memory.ts, the Debug Console's commands in
// repl.ts. Engine calls run one at a time (a queue); pause, cancel, threads and disconnect are
// answered while the program runs.
import * as fs from 'fs';
import * as path from 'path';
import { DebugSession, ExitedEvent, InitializedEvent, OutputEvent, StoppedEvent, TerminatedEvent } from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { Debugger } from '../src/debugger/Debugger';
import type { ResumeResult, Stop } from '../src/debugger/events';
import type { CommandLineFactory } from '../src/debugger/commandLine';
import { watchpointStopLines } from '../src/debugger/watchText';
import { CrashDumps, crashDumpText } from '../src/debugger/crashDumps';
import { DapBreakpoints, expandLogMessage } from './breakpoints';
import { ProgramOutput } from './programOutput';
import { Inspection } from './inspection';
import { customRequests } from './custom';
import { DapDataBreakpoints } from './dataBreakpoints';
import { disassemble, readMemory } from './memory';
import { Repl } from './repl';
import { RunProgress } from './progress';
import { openCore } from './postMortem';

/** A request the adapter refuses, with the message the client shows. */
export class RequestError extends Error {}

/** launch's arguments (the extension's launch schema mirrors them). */
export interface LaunchArguments extends DebugProtocol.LaunchRequestArguments {
  /** The program to debug (built with -g). */
  program: string;
  args?: string[];
  /** Its working directory (default: the adapter's). */
  cwd?: string;
  /** Variables added to (or, with null, removed from) the adapter's environment. */
  env?: Record<string, string | null>;
  /** Stop at main's first line. */
  stopOnEntry?: boolean;
  /** A core file to open post-mortem instead of running the program (then `program` is
   * optional: by default the one the core names). */
  coreFile?: string;
  /** A directory: a stop at a crash writes a super core dump there (as `rdb --dump-on-crash`). */
  dumpOnCrash?: string;
}

type Direction = 'forward' | 'reverse';

export class RdbSession extends DebugSession {
  readonly dbg = new Debugger();
  private readonly bps = new DapBreakpoints(this.dbg);
  private readonly output = new ProgramOutput((category, text) => this.sendEvent(new OutputEvent(text, category)));
  private readonly inspection = new Inspection(this.dbg, () => this.requireStopped());
  private readonly dataBps = new DapDataBreakpoints(this.dbg, (frame, fn) => this.inspection.inFrame(frame, fn));
  private readonly progress = new RunProgress((ev) => this.sendEvent(ev), () => this.dbg.interrupt());
  private readonly repl: Repl;
  private queue: Promise<unknown> = Promise.resolve();
  private loaded = false;
  private running = false;
  /** The launch's dumpOnCrash, if any. */
  private crashDumps?: CrashDumps;
  /** A pause asked while running: a run that had not started yet starts interrupted. */
  private pauseWanted = false;
  private ended = false;
  private disposed = false;
  private configured?: () => void;
  private entryBreakpoint?: number;

  /** `commandLine`: the CLI's interpreter, for the Debug Console's commands. */
  constructor(commandLine?: CommandLineFactory) {
    super();
    this.repl = new Repl(this.dbg, commandLine);
    this.setDebuggerLinesStartAt1(true);
    this.setDebuggerColumnsStartAt1(true);
    this.dbg.notify = (line) => this.sendEvent(new OutputEvent(`${line}\n`, 'console'));
    this.dbg.notifyError = (line) => this.sendEvent(new OutputEvent(`${line}\n`, 'stderr'));
  }

  // ---- plumbing ----

  /** Runs `fn` after the engine calls before it; its result or error becomes the response. */
  private serve<R extends DebugProtocol.Response>(response: R, fn: () => Promise<R['body'] | void> | R['body'] | void, queued = true): void {
    const run = async (): Promise<void> => {
      try {
        const body = await fn();
        if (body !== undefined) response.body = body;
        this.sendResponse(response);
      } catch (e) {
        this.fail(response, e);
      }
    };
    // Engine calls wait for the one before; none may start while the program runs.
    if (queued && this.running) this.fail(response, new RequestError('The program is running: pause it first.'));
    else if (queued) {
      const cancelled = this.progress.wait(response.request_seq);
      this.queue = this.queue.then(() => (cancelled() ? this.cancelled(response) : run()));
    } else void run();
  }

  /** A request cancelled before its turn came. */
  private cancelled(response: DebugProtocol.Response): void {
    response.success = false;
    response.message = 'cancelled';
    this.sendResponse(response);
  }

  private fail(response: DebugProtocol.Response, e: unknown): void {
    const message = e instanceof Error ? e.message : String(e);
    response.success = false;
    response.message = message;
    response.body = { error: { id: 1, format: message.replace(/[{}]/g, (c) => (c === '{' ? '(' : ')')), showUser: true } };
    this.sendResponse(response);
  }

  private requireLoaded(): void {
    if (!this.loaded) throw new RequestError('No program is being debugged: send a launch request first.');
  }

  private requireStopped(): void {
    this.requireLoaded();
    if (this.running) throw new RequestError('The program is running: pause it first.');
    if (this.ended || !this.dbg.thread()) throw new RequestError('The program is not being run.');
  }

  /** A resuming request: answered at once, the run's end reported as events. */
  private resume(response: DebugProtocol.Response, threadId: unknown, op: () => Promise<ResumeResult>, reason = 'step', check?: () => void, search?: string): void {
    this.serve(response, () => {
      this.requireStopped();
      // A super core dump with recorded history goes back (a search: `search` names it) by replaying it.
      if (this.dbg.isPostMortem() && !(search && this.dbg.hasImageHistory())) throw new RequestError('The program is not being run.');
      check?.(); // its error is the response's
      if (typeof threadId === 'number' && threadId !== this.dbg.thread()?.id) {
        if (!this.dbg.threads().some((t) => t.id === threadId)) throw new RequestError(`There is no thread ${threadId}.`);
        this.dbg.selectThread(threadId);
      }
      this.running = true;
      this.inspection.reset();
      this.output.streaming(true);
      // The response goes out before the run starts; the run's end is reported as events.
      this.queue = this.queue.then(() => this.finishRun(op, reason, response.request_seq, search));
      return { allThreadsContinued: true } as never;
    });
  }

  /** Runs `op` and reports its end; `search`, the title of its progress (a search going back). */
  private async finishRun(op: () => Promise<ResumeResult>, reason: string, requestId = 0, search?: string): Promise<void> {
    let result: ResumeResult | undefined;
    let error: unknown;
    let cancelled = false;
    this.progress.start(requestId, search);
    try {
      result = await this.dbg.command(() => {
        if (this.pauseWanted || this.disposed) this.dbg.interrupt();
        return op();
      });
    } catch (e) {
      error = e;
    } finally {
      this.pauseWanted = false;
      this.running = false;
      cancelled = this.progress.end();
      this.output.streaming(false);
      this.output.drain();
      this.flushWarnings();
    }
    if (this.disposed) return;
    if (result) { this.report(result, reason); return; }
    // The command could not run (say, no history to go back to), or a cancelled search ended
    // early (its replay cut short): the program stays where it was.
    const message = cancelled ? 'Cancelled: the program stays where it was.' : error instanceof Error ? error.message : String(error);
    this.sendEvent(new OutputEvent(`${message}\n`, 'stderr'));
    if (this.dbg.thread() && !this.ended) {
      const ev = new StoppedEvent(cancelled ? 'pause' : 'step', this.dbg.thread()!.id) as DebugProtocol.StoppedEvent;
      ev.body.description = message;
      ev.body.allThreadsStopped = true;
      this.sendEvent(ev);
    } else {
      this.sendEvent(new TerminatedEvent());
    }
  }

  private flushWarnings(): void {
    for (const w of this.dbg.warnings.splice(0)) this.sendEvent(new OutputEvent(`${w}\n`, 'stderr'));
  }

  private report(r: ResumeResult, reason: string): void {
    if (r.kind === 'exited') {
      this.ended = true;
      const x = r.exit;
      this.sendEvent(new OutputEvent(x.kind === 'exited' ? `[Inferior 1 (process ${x.pid}) exited with code ${x.code}]\n`
        : `Program terminated with signal ${x.signal}, ${x.description}.\n`, 'console'));
      this.sendEvent(new ExitedEvent(x.kind === 'exited' ? x.code : 128));
      this.sendEvent(new TerminatedEvent());
      return;
    }
    // The Debug Console's `list` and `info line` start where the program stopped, as in the CLI.
    this.dbg.noteSourcePosition(r.stop.frame.path, r.stop.frame.line);
    const dumped = this.crashDumps?.after(r);
    if (dumped) this.sendEvent(new OutputEvent(`${crashDumpText(dumped)}\n`, 'file' in dumped ? 'console' : 'stderr'));
    const { why: found, description, text, hits } = stopReason(r.stop, reason, this.entryBreakpoint);
    // A restarted frame is reported as restarted, also where a breakpoint is at its first line.
    const why = reason === 'restart' && (found === 'breakpoint' || found === 'step') ? 'restart' : found;
    const ev = new StoppedEvent(why, r.stop.thread?.id ?? this.dbg.thread()?.id ?? 1, text) as DebugProtocol.StoppedEvent;
    ev.body.description = description;
    ev.body.allThreadsStopped = true;
    if (hits) ev.body.hitBreakpointIds = hits;
    this.sendEvent(ev);
  }

  /** Continues in `direction` past logpoints (logging their messages going forward). */
  private async continueOver(direction: Direction): Promise<ResumeResult> {
    for (;;) {
      const r = direction === 'forward' ? await this.dbg.cont() : await this.dbg.reverseContinue();
      const log = r.kind === 'stopped' && r.stop.reason.kind === 'breakpoint' ? this.bps.logMessage(r.stop.reason.number) : undefined;
      if (log === undefined) return r;
      if (direction === 'forward') {
        const line = expandLogMessage(log, (t) => this.dbg.evaluateText(t));
        this.output.drain();
        this.sendEvent(new OutputEvent(`${line}\n`, 'console'));
      }
    }
  }

  // ---- session ----

  protected override initializeRequest(response: DebugProtocol.InitializeResponse, args: DebugProtocol.InitializeRequestArguments): void {
    this.progress.enabled = args?.supportsProgressReporting === true;
    response.body = {
      supportsConfigurationDoneRequest: true,
      supportsStepBack: true,
      supportsFunctionBreakpoints: true,
      supportsConditionalBreakpoints: true,
      supportsHitConditionalBreakpoints: true,
      supportsLogPoints: true,
      supportsEvaluateForHovers: true,
      supportsSetVariable: true,
      supportsSteppingGranularity: true,
      supportsTerminateRequest: true,
      supportsValueFormattingOptions: true,
      supportsRestartFrame: true,
      supportsDataBreakpoints: true,
      supportsReadMemoryRequest: true,
      supportsDisassembleRequest: true,
      supportsCancelRequest: true,
    };
    this.sendResponse(response);
  }

  protected override launchRequest(response: DebugProtocol.LaunchResponse, args: LaunchArguments): void {
    this.serve(response, async () => {
      if (this.loaded) throw new RequestError('A program is already being debugged in this session.');
      if (args?.coreFile !== undefined) return this.launchCore(args);
      if (!args || typeof args.program !== 'string' || args.program === '') throw new RequestError('launch needs "program": the path of the executable to debug.');
      if (args.args !== undefined && (!Array.isArray(args.args) || args.args.some((a) => typeof a !== 'string'))) throw new RequestError('"args" must be an array of strings.');
      const cwd = launchCwd(args);
      const program = path.resolve(cwd, args.program);
      if (!fs.existsSync(program)) throw new RequestError(`The program ${program} does not exist.`);
      if (!fs.statSync(program).isFile()) throw new RequestError(`The program ${program} is not a file.`);
      if (args.dumpOnCrash !== undefined && typeof args.dumpOnCrash !== 'string') throw new RequestError('"dumpOnCrash" must be the path of a directory.');
      this.crashDumps = args.dumpOnCrash === undefined ? undefined : CrashDumps.into(this.dbg, path.resolve(cwd, args.dumpOnCrash), 'dumpOnCrash');
      this.dbg.setSetting('startup-with-shell', 'off');
      const warning = this.dbg.load(program, args.args ?? []);
      if (warning) this.sendEvent(new OutputEvent(`${warning}\n`, 'console'));
      const env: NodeJS.ProcessEnv = { ...process.env };
      for (const [k, v] of Object.entries(args.env ?? {})) {
        if (v === null) delete env[k];
        else env[k] = String(v);
      }
      this.dbg.launch = { cwd, env, stdio: this.output.open() };
      // Breakpoints come between initialized and configurationDone; then the program starts.
      void this.initialized().then(() => this.startProgram(args.stopOnEntry === true));
    }, !this.loaded); // a second launch is refused at once, even while the program runs
  }

  /** The session is loaded: `initialized` goes out, and configurationDone resolves this. */
  private initialized(): Promise<void> {
    this.loaded = true;
    const configured = new Promise<void>((resolve) => { this.configured = resolve; });
    this.sendEvent(new InitializedEvent());
    return configured;
  }

  /** A post-mortem launch (postMortem.ts): the core stands as the stopped program, shown at
   * configurationDone; the resuming requests are refused. */
  private async launchCore(args: LaunchArguments): Promise<void> {
    const core = await openCore(this.dbg, { coreFile: args.coreFile, program: args.program, cwd: launchCwd(args) }, (m) => new RequestError(m));
    for (const line of core.banner) this.sendEvent(new OutputEvent(`${line}\n`, 'console'));
    void this.initialized().then(() => {
      const ev = new StoppedEvent(core.reason, this.dbg.thread()?.id ?? 1, core.signal) as DebugProtocol.StoppedEvent;
      ev.body.description = core.description;
      ev.body.allThreadsStopped = true;
      this.sendEvent(ev);
    });
  }

  private startProgram(stopOnEntry: boolean): void {
    this.running = true;
    this.output.streaming(true);
    this.queue = this.queue.then(() => this.finishRun(async () => {
      if (stopOnEntry) this.entryBreakpoint = this.dbg.setBreakpoint('main', true).number;
      try {
        return await this.continueAfterStart(await this.dbg.run());
      } finally {
        this.output.started();
      }
    }, 'step'));
  }

  /** The first stop may be a logpoint's. */
  private async continueAfterStart(r: ResumeResult): Promise<ResumeResult> {
    const log = r.kind === 'stopped' && r.stop.reason.kind === 'breakpoint' ? this.bps.logMessage(r.stop.reason.number) : undefined;
    if (log === undefined) return r;
    this.output.drain();
    this.sendEvent(new OutputEvent(`${expandLogMessage(log, (t) => this.dbg.evaluateText(t))}\n`, 'console'));
    return this.continueOver('forward');
  }

  protected override configurationDoneRequest(response: DebugProtocol.ConfigurationDoneResponse): void {
    this.serve(response, () => {
      this.requireLoaded();
      if (!this.configured) throw new RequestError('configurationDone was already received.');
      const go = this.configured;
      this.configured = undefined;
      go();
    });
  }

  protected override setBreakPointsRequest(response: DebugProtocol.SetBreakpointsResponse, args: DebugProtocol.SetBreakpointsArguments): void {
    this.serve(response, () => {
      this.requireLoaded();
      const file = args?.source?.path;
      if (typeof file !== 'string') throw new RequestError('setBreakpoints needs source.path.');
      const wanted = args.breakpoints ?? (args.lines ?? []).map((line) => ({ line }));
      if (!Array.isArray(wanted) || wanted.some((b) => typeof b?.line !== 'number')) throw new RequestError('setBreakpoints needs breakpoints with line numbers.');
      return { breakpoints: this.bps.setSource(file, wanted) };
    });
  }

  protected override setFunctionBreakPointsRequest(response: DebugProtocol.SetFunctionBreakpointsResponse, args: DebugProtocol.SetFunctionBreakpointsArguments): void {
    this.serve(response, () => {
      this.requireLoaded();
      if (!Array.isArray(args?.breakpoints) || args.breakpoints.some((b) => typeof b?.name !== 'string')) throw new RequestError('setFunctionBreakpoints needs breakpoints with names.');
      return { breakpoints: this.bps.setFunctions(args.breakpoints) };
    });
  }

  protected override setExceptionBreakPointsRequest(response: DebugProtocol.SetExceptionBreakpointsResponse): void {
    this.sendResponse(response); // signals always stop (gdb's handle table decides)
  }

  // ---- running ----

  protected override continueRequest(response: DebugProtocol.ContinueResponse, args: DebugProtocol.ContinueArguments): void {
    this.resume(response, args?.threadId, () => this.continueOver('forward'));
  }

  protected override reverseContinueRequest(response: DebugProtocol.ReverseContinueResponse, args: DebugProtocol.ReverseContinueArguments): void {
    this.resume(response, args?.threadId, () => this.continueOver('reverse'), 'step', undefined, 'Reverse continue');
  }

  protected override nextRequest(response: DebugProtocol.NextResponse, args: DebugProtocol.NextArguments): void {
    this.resume(response, args?.threadId, () => this.dbg.step(args?.granularity === 'instruction' ? 'nexti' : 'next', 1));
  }

  protected override stepInRequest(response: DebugProtocol.StepInResponse, args: DebugProtocol.StepInArguments): void {
    this.resume(response, args?.threadId, () => this.dbg.step(args?.granularity === 'instruction' ? 'stepi' : 'step', 1));
  }

  protected override stepOutRequest(response: DebugProtocol.StepOutResponse, args: DebugProtocol.StepOutArguments): void {
    this.resume(response, args?.threadId, () => this.dbg.finish());
  }

  protected override stepBackRequest(response: DebugProtocol.StepBackResponse, args: DebugProtocol.StepBackArguments): void {
    this.resume(response, args?.threadId, () => (args?.granularity === 'instruction' ? this.dbg.reverseStepInstruction('stepi', 1) : this.dbg.reverseStep('next', 1)),
      'step', undefined, 'Step back');
  }

  /** Back to the entry of the frame's function: reverse-finish until the stack is as deep as
   * the frame's caller (breakpoints on the way stop a reverse-finish early: it goes on), which
   * is at the call, then step into the call: its first line after the prologue, where its
   * arguments have their values. */
  protected override restartFrameRequest(response: DebugProtocol.RestartFrameResponse, args: DebugProtocol.RestartFrameArguments): void {
    let frame: { thread: number; level: number };
    try {
      frame = this.inspection.frameOf(args?.frameId);
    } catch (e) {
      this.fail(response, e);
      return;
    }
    const level = frame.level;
    this.resume(response, frame.thread, async () => {
      const depth = this.dbg.backtrace().length - level - 1;
      while (this.dbg.backtrace().length > depth) {
        const r = await this.dbg.reverseFinish();
        if (r.kind !== 'stopped' || r.stop.reason.kind === 'history-start') return r;
      }
      return this.dbg.step('step', 1);
    }, 'restart', undefined, 'Restart frame');
  }

  protected override pauseRequest(response: DebugProtocol.PauseResponse): void {
    this.serve(response, () => {
      this.requireLoaded();
      if (!this.running) throw new RequestError('The program is not running.');
      // The run may still wait its turn in the queue: it starts interrupted then.
      this.pauseWanted = true;
      this.dbg.interrupt();
    }, false);
  }

  // ---- inspection ----

  protected override threadsRequest(response: DebugProtocol.ThreadsResponse): void {
    this.serve(response, () => { this.requireLoaded(); return { threads: this.inspection.threads(this.running) }; }, !this.running);
  }

  protected override stackTraceRequest(response: DebugProtocol.StackTraceResponse, args: DebugProtocol.StackTraceArguments): void {
    this.serve(response, () => this.inspection.stackTrace(args));
  }

  protected override scopesRequest(response: DebugProtocol.ScopesResponse, args: DebugProtocol.ScopesArguments): void {
    this.serve(response, () => this.inspection.scopes(args));
  }

  protected override variablesRequest(response: DebugProtocol.VariablesResponse, args: DebugProtocol.VariablesArguments): void {
    this.serve(response, () => this.inspection.variables(args));
  }

  protected override evaluateRequest(response: DebugProtocol.EvaluateResponse, args: DebugProtocol.EvaluateArguments): void {
    this.serve(response, async () => {
      this.requireLoaded();
      if (args?.context !== 'repl') return this.inspection.evaluate(args, this.running);
      // `-exec LINE` is always a command (`kill`, say, also names a function of libc).
      const forced = typeof args.expression === 'string' ? /^\s*-exec\s+/.exec(args.expression) : null;
      if (forced && !this.running) return { result: await this.replCommand(args.expression.slice(forced[0].length)), variablesReference: 0 };
      try {
        return await this.inspection.evaluate(args, this.running);
      } catch (e) {
        // Not an expression: a line of one of rdb's commands runs as the CLI runs it.
        if (this.running || !this.repl.command(args.expression)) throw e;
      }
      return { result: await this.replCommand(args.expression), variablesReference: 0 };
    });
  }

  /** Runs a Debug Console line as rdb's CLI does; a command that moved the program (`next`,
   * `restart 1`) is reported as a stop there, one that ended it as the session's end. */
  private async replCommand(line: string): Promise<string> {
    const before = this.place();
    this.running = true; // pause interrupts a command that runs the program
    this.output.streaming(true);
    try {
      return await this.repl.run(line);
    } finally {
      this.pauseWanted = false;
      this.running = false;
      this.output.streaming(false);
      this.output.drain();
      this.flushWarnings();
      if (this.place() !== before) this.moved(line);
    }
  }

  /** Where the program stands (thread, pc, position in history), to see that it moved. */
  private place(): string {
    const thread = this.dbg.thread();
    if (!thread || this.ended) return 'none';
    let position = '';
    try {
      position = String(this.dbg.timeline().positions.find((p) => p.current)?.id);
    } catch {
      // no history kept
    }
    return `${thread.id}:${this.dbg.backtrace(1)[0]?.pc}:${position}`;
  }

  private moved(line: string): void {
    this.inspection.reset();
    const thread = this.dbg.thread();
    if (!thread) {
      this.ended = true;
      this.sendEvent(new TerminatedEvent());
      return;
    }
    const ev = new StoppedEvent('step', thread.id) as DebugProtocol.StoppedEvent;
    ev.body.description = `After "${line.trim()}"`;
    ev.body.allThreadsStopped = true;
    this.sendEvent(ev);
  }

  // ---- data breakpoints, memory, disassembly ----

  protected override dataBreakpointInfoRequest(response: DebugProtocol.DataBreakpointInfoResponse, args: DebugProtocol.DataBreakpointInfoArguments): void {
    this.serve(response, () => {
      const { expression, frame } = this.inspection.locate(args);
      return this.dataBps.info(expression, frame);
    });
  }

  protected override setDataBreakpointsRequest(response: DebugProtocol.SetDataBreakpointsResponse, args: DebugProtocol.SetDataBreakpointsArguments): void {
    this.serve(response, async () => {
      this.requireLoaded();
      if (!Array.isArray(args?.breakpoints) || args.breakpoints.some((b) => typeof b?.dataId !== 'string')) {
        throw new RequestError('setDataBreakpoints needs "breakpoints", each with the dataId dataBreakpointInfo gave.');
      }
      if (args.breakpoints.length > 0) this.requireStopped(); // a watched expression is read where the program is
      return { breakpoints: await this.dataBps.set(args.breakpoints) };
    });
  }

  protected override readMemoryRequest(response: DebugProtocol.ReadMemoryResponse, args: DebugProtocol.ReadMemoryArguments): void {
    this.serve(response, () => { this.requireStopped(); return readMemory(this.dbg, args); });
  }

  protected override disassembleRequest(response: DebugProtocol.DisassembleResponse, args: DebugProtocol.DisassembleArguments): void {
    this.serve(response, () => { this.requireStopped(); return disassemble(this.dbg, args); });
  }

  protected override cancelRequest(response: DebugProtocol.CancelResponse, args: DebugProtocol.CancelArguments): void {
    this.serve(response, () => { this.progress.cancel(args); }, false);
  }

  protected override setVariableRequest(response: DebugProtocol.SetVariableResponse, args: DebugProtocol.SetVariableArguments): void {
    this.serve(response, () => this.inspection.setVariable(args));
  }

  // ---- the end ----

  /** Kills the program and every checkpoint (waiting for a running command to stop). */
  private async end(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    // The run going on (and any still queued) stops: the engine holds the interrupt until the
    // run's command ends.
    if (this.running) this.dbg.interrupt();
    this.configured?.();
    await this.queue.catch(() => undefined);
    await this.dbg.dispose();
    this.output.close();
  }

  protected override terminateRequest(response: DebugProtocol.TerminateResponse): void {
    this.serve(response, async () => {
      const wasRunning = this.loaded && !this.ended;
      await this.end();
      if (wasRunning) this.sendEvent(new TerminatedEvent());
    }, false);
  }

  protected override disconnectRequest(response: DebugProtocol.DisconnectResponse): void {
    void this.end().then(() => {
      this.sendResponse(response);
      this.shutdown();
    });
  }

  override shutdown(): void {
    void this.end().then(() => super.shutdown());
  }

  private readonly custom = customRequests({ dbg: this.dbg, reverseContinue: () => this.continueOver('reverse'), progress: (title) => this.progress.oneOff(title) });

  protected override customRequest(command: string, response: DebugProtocol.Response, args: unknown): void {
    const request = this.custom.get(command);
    if (!request) { this.fail(response, new RequestError(`rdb's adapter does not know the request "${command}".`)); return; }
    const a = (typeof args === 'object' && args !== null ? args : {}) as Record<string, unknown>;
    if (request.kind === 'query') { this.serve(response, () => { this.requireStopped(); return request.run(a) as never; }); return; }
    let op: (() => Promise<ResumeResult>) | undefined;
    this.resume(response, undefined, () => op!(), request.reason, () => { op = request.prepare(a); }, 'Travel in time');
  }
}

/** launch's working directory: "cwd" (which must be a folder), else the adapter's. */
function launchCwd(args: LaunchArguments): string {
  const cwd = args.cwd === undefined ? process.cwd() : path.resolve(String(args.cwd));
  if (!fs.existsSync(cwd) || !fs.statSync(cwd).isDirectory()) throw new RequestError(`"cwd" ${cwd} is not a directory.`);
  return cwd;
}

/** A stop's DAP reason, description and text. */
function stopReason(stop: Stop, fallback: string, entry?: number): { why: string; description?: string; text?: string; hits?: number[] } {
  const r = stop.reason;
  switch (r.kind) {
    case 'breakpoint':
      if (r.number === entry && r.temporary) return { why: 'entry', description: 'Stopped at the start of main' };
      return { why: 'breakpoint', description: `Breakpoint ${r.number}`, hits: [r.number] };
    case 'signal': return { why: 'exception', description: `Program received signal ${r.name}, ${r.description}.`, text: r.name };
    case 'interrupted': return { why: 'pause', description: 'Paused' };
    case 'history-start': return { why: 'step', description: 'No more reverse-execution history: the start of the recording.' };
    case 'history-end': return { why: 'step', description: 'No more reverse-execution history: the present.' };
    case 'watchpoint': return { why: 'data breakpoint', description: watchpointStopLines(r).join('\n'), hits: [r.number] };
    case 'watchpoint-scope':
      return { why: 'data breakpoint', description: `Watchpoint ${r.number} deleted because the program has left the block in which its expression is valid.` };
    default: return { why: fallback };
  }
}
