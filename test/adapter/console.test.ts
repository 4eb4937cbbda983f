// The Debug Console and long runs through the built adapter: evaluate with context 'repl' runs
// rdb's CLI commands (their output compared with `rdb -batch`'s), commands that move the program
// are reported as stops; a long search going back shows a cancellable progress, and cancel
// stops it with the program where it was.
import * as assert from 'assert';
import * as path from 'path';
import { spawnSync } from 'child_process';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { compileFixture, fixturesDir } from '../helpers/compile';
import { tracedProcesses, waitUntil } from '../helpers/processes';
import { clientPerTest, launchWithBreakpoints, rdbBin, resumeTo, startClient, topFrame } from './dapHelpers';

const LINE_LOOP = 28;

async function repl(dc: DebugClient, line: string): Promise<string> {
  return (await dc.evaluateRequest({ expression: line, context: 'repl' })).body.result;
}

/** What `rdb -batch` prints for `commands` run at the first stop at dapdemo.c:28. */
function cliOutput(program: string, commands: string[]): string[] {
  const r = spawnSync(process.execPath, [rdbBin, '-batch', '-ex', `break dapdemo.c:${LINE_LOOP}`, '-ex', 'run', ...commands.flatMap((c) => ['-ex', `echo @@\\n`, '-ex', c]), program],
    { encoding: 'utf8' });
  return r.stdout.split('@@\n').slice(1).map((t) => t.replace(/\n$/, ''));
}

describe('DAP Debug Console: rdb commands', function () {
  this.timeout(300000);
  const client = clientPerTest('dapdemo');
  let dc: DebugClient;
  let program: string;
  beforeEach(() => { ({ dc, program } = client); });

  it('prints CLI commands as rdb does; expressions still evaluate; refused and unknown lines fail readably', async () => {
    const source = path.join(fixturesDir, 'dapdemo.c');
    await dc.initializeRequest();
    // Before launch too, a command needs the program.
    await assert.rejects(dc.evaluateRequest({ expression: 'info breakpoints', context: 'repl' }), /send a launch request first/);
    const ev = await launchWithBreakpoints(dc, program, source, [{ line: LINE_LOOP }]);
    const thread = ev.body.threadId!;
    const commands = ['bt', 'x/3dw &s.sides', 'info registers rip', 'print s.corner', 'info line', 'info breakpoints', 'checkpoint', 'info checkpoints'];
    const want = cliOutput(program, commands);
    assert.strictEqual(want.length, commands.length);
    // Process ids differ from run to run.
    const pids = (t: string): string => t.replace(/\b(pid|process) \d+/g, '$1 N');
    for (const [k, c] of commands.entries()) assert.strictEqual(pids(await repl(dc, c)), pids(want[k]), c);
    assert.match(want[0], /^#0  main \(argc=1, argv=0x[0-9a-f]+\) at .*dapdemo\.c:28$/);
    assert.match(want[1], /^0x[0-9a-f]+( <[^>]+>)?:\t10\t20\t30$/);
    assert.match(want[3], /^\$1 = \{x = 3, y = 4\}$/);
    // The session's own breakpoint is in the CLI's table; the checkpoint taken is listed.
    assert.match(want[5], /^Num +Type +Disp Enb Address +What\n1 +breakpoint +keep y +0x[0-9a-f]+ in main at .*dapdemo\.c:28\n\tbreakpoint already hit 1 time$/);
    assert.match(want[7], /\n +1 .*line 28/);
    // An expression is an expression, also one whose first word is a command's prefix.
    assert.strictEqual(await repl(dc, 'total + 1'), '1');
    assert.strictEqual(await repl(dc, 's.sides[2] / 3'), '10');
    await assert.rejects(dc.evaluateRequest({ expression: 'info frobnicate', context: 'repl' }), /Undefined info command: "frobnicate"/);
    await assert.rejects(dc.evaluateRequest({ expression: 'frobnicate 3', context: 'repl' }), /No symbol "frobnicate" in current context/);
    await assert.rejects(dc.evaluateRequest({ expression: 'run', context: 'repl' }), /"run" is not available in the Debug Console/);
    // `kill` alone is libc's function; `-exec` makes any line a command.
    assert.match(await repl(dc, 'kill'), /^\{.*\} 0x[0-9a-f]+ <[_A-Za-z]*kill>$/);
    await assert.rejects(dc.evaluateRequest({ expression: '-exec kill', context: 'repl' }), /"kill" is not available/);
    assert.strictEqual(pids(await repl(dc, '-exec info checkpoints')), pids(want[7]));
    await assert.rejects(dc.evaluateRequest({ expression: '-exec total', context: 'repl' }), /"total" is no command of rdb's/);
    // Not in the REPL: CLI commands are not run from hovers and watches.
    await assert.rejects(dc.evaluateRequest({ expression: 'bt', context: 'watch' }), /No symbol "bt"/);
    // A command that moves the program is reported as a stop there.
    const moved = await resumeTo(dc, () => repl(dc, 'next'));
    assert.strictEqual(moved.body.description, 'After "next"');
    assert.strictEqual((await topFrame(dc, thread)).line, LINE_LOOP + 1);
    const back = await resumeTo(dc, () => repl(dc, 'reverse-next'));
    assert.strictEqual(back.body.description, 'After "reverse-next"');
    assert.strictEqual((await topFrame(dc, thread)).line, LINE_LOOP);
    assert.strictEqual(await repl(dc, 'print total'), '$2 = 0');
    // One that ends it ends the session.
    await Promise.all([dc.waitForEvent('terminated'), repl(dc, 'continue 99')]);
  });
});

describe('DAP progress and cancel of a long search going back', function () {
  this.timeout(300000);
  let dc: DebugClient;
  let program: string;
  const source = path.join(fixturesDir, 'dapcancel.c');
  before(() => { program = compileFixture('dapcancel'); });
  beforeEach(async () => { dc = await startClient(); });
  afterEach(async () => { await dc.stop(); });

  /** Launches with progress reporting, stopped at the loop's end; then a breakpoint in the
   * loop whose condition never holds makes going back a long search. */
  async function atLoopEnd(): Promise<number> {
    const stopped = dc.waitForEvent('stopped');
    await dc.initializeRequest({ adapterID: 'rdb', linesStartAt1: true, columnsStartAt1: true, pathFormat: 'path', supportsProgressReporting: true });
    await Promise.all([
      dc.waitForEvent('initialized').then(async () => {
        await dc.setBreakpointsRequest({ source: { path: source }, breakpoints: [{ line: 12 }] });
        await dc.configurationDoneRequest();
      }),
      dc.launchRequest({ program } as DebugProtocol.LaunchRequestArguments),
    ]);
    const thread = ((await stopped) as DebugProtocol.StoppedEvent).body.threadId!;
    const r = await dc.setBreakpointsRequest({ source: { path: source }, breakpoints: [{ line: 12 }, { line: 11, condition: 'i < 0' }] });
    assert.ok(r.body.breakpoints.every((b) => b.verified));
    return thread;
  }

  async function expectStillAtEnd(thread: number): Promise<void> {
    assert.strictEqual((await topFrame(dc, thread)).line, 12);
    assert.strictEqual((await dc.evaluateRequest({ expression: 'i', context: 'watch' })).body.result, '300000');
    assert.strictEqual((await dc.evaluateRequest({ expression: 'acc', context: 'watch' })).body.result, '899997');
  }

  it('shows a cancellable progress; cancel by its id stops the search where the program was', async () => {
    const thread = await atLoopEnd();
    const started = dc.waitForEvent('progressStart');
    const rc = await dc.reverseContinueRequest({ threadId: thread });
    const start = (await started) as DebugProtocol.ProgressStartEvent;
    assert.strictEqual(start.body.cancellable, true);
    assert.strictEqual(start.body.requestId, rc.request_seq);
    assert.strictEqual(start.body.title, 'Reverse continue');
    const update = (await dc.waitForEvent('progressUpdate')) as DebugProtocol.ProgressUpdateEvent;
    assert.strictEqual(update.body.progressId, start.body.progressId);
    const ended = dc.waitForEvent('progressEnd');
    const [stop] = await Promise.all([dc.waitForEvent('stopped'), dc.customRequest('cancel', { progressId: start.body.progressId })]);
    const stopped = stop as DebugProtocol.StoppedEvent;
    assert.strictEqual(stopped.body.reason, 'pause');
    assert.strictEqual(stopped.body.description, 'Cancelled: the program stays where it was.');
    assert.strictEqual(((await ended) as DebugProtocol.ProgressEndEvent).body.message, 'cancelled');
    await expectStillAtEnd(thread);
    // Cancelled by the request's id too; then the program runs on to its end from there.
    const again = dc.waitForEvent('progressStart');
    const rc2 = await dc.reverseContinueRequest({ threadId: thread });
    await again;
    const [stop2] = await Promise.all([dc.waitForEvent('stopped'), dc.customRequest('cancel', { requestId: rc2.request_seq })]);
    assert.strictEqual((stop2 as DebugProtocol.StoppedEvent).body.reason, 'pause');
    await expectStillAtEnd(thread);
    await dc.setBreakpointsRequest({ source: { path: source }, breakpoints: [] });
    const [exited] = await Promise.all([dc.waitForEvent('exited'), dc.continueRequest({ threadId: thread })]);
    assert.strictEqual((exited as DebugProtocol.ExitedEvent).body.exitCode, 0);
    // Nothing left behind by the cut-short replays.
    await dc.disconnectRequest({ terminateDebuggee: true });
    await waitUntil(() => !tracedProcesses().some((p) => p.comm.startsWith('dapcancel')), 10000);
  });

  it('disconnect during a long search ends it and leaves no process behind', async () => {
    const thread = await atLoopEnd();
    const started = dc.waitForEvent('progressStart');
    await dc.reverseContinueRequest({ threadId: thread });
    await started;
    await dc.disconnectRequest({ terminateDebuggee: true });
    await waitUntil(() => !tracedProcesses().some((p) => p.comm.startsWith('dapcancel')), 10000);
  });

  it('sends no progress to a client that did not ask for it', async () => {
    const other = await startClient();
    try {
      let progress = 0;
      other.on('progressStart', () => { progress++; });
      const demo = compileFixture('dapdemo');
      const ev = await launchWithBreakpoints(other, demo, path.join(fixturesDir, 'dapdemo.c'), [{ line: LINE_LOOP, hitCondition: '3' }]);
      await resumeTo(other, () => other.reverseContinueRequest({ threadId: ev.body.threadId! }));
      assert.strictEqual((await topFrame(other, ev.body.threadId!)).line, LINE_LOOP);
      assert.strictEqual((await other.evaluateRequest({ expression: 'i', context: 'watch' })).body.result, '1');
      assert.strictEqual(progress, 0);
    } finally {
      await other.stop();
    }
  });
});
