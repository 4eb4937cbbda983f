// A post-mortem launch through the built adapter: "coreFile" (with or without "program") opens a
// core rdb's gcore wrote at a crash; the stop is the crash's signal, and stackTrace, scopes,
// variables and evaluate show the program as it died; running it forward is refused, going back
// replays the history rdb's image holds (a core without one refuses that too).
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { compileFixture, fixturesDir } from '../helpers/compile';
import { collectOutput, rdbBin, scopeVariables, startClient, topFrame, valueOf } from './dapHelpers';

const source = path.join(fixturesDir, 'crash.c');
const lineOf = (text: string): number => fs.readFileSync(source, 'utf8').split('\n').findIndex((l) => l.includes(text)) + 1;

/** Launches the core; resolves to the stopped event configurationDone brings. */
async function launchCore(dc: DebugClient, args: Record<string, unknown>): Promise<DebugProtocol.StoppedEvent> {
  const stopped = dc.waitForEvent('stopped');
  await Promise.all([dc.waitForEvent('initialized').then(() => dc.configurationDoneRequest()), dc.launch(args)]);
  return (await stopped) as DebugProtocol.StoppedEvent;
}

describe('DAP post-mortem launch (coreFile)', function () {
  this.timeout(300000);
  let dc: DebugClient;
  let program: string;
  let dir: string;
  let core: string;

  before(() => {
    program = compileFixture('crash');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rdb-dapcore-'));
    core = path.join(dir, 'crash.core');
    // Mode 3 divides by zero in divide(); rdb's gcore saves it where it faulted.
    execFileSync(process.execPath, [rdbBin, '-batch', '-ex', 'run', '-ex', `gcore ${core}`, '--args', program, '3'], { stdio: 'pipe', cwd: dir });
    assert.ok(fs.existsSync(core), 'gcore wrote the core');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  beforeEach(async () => { dc = await startClient(); });
  afterEach(async () => { await dc.stop(); });

  it('stops with the crash\'s signal; frames, scopes, variables and evaluate show the program as it died', async () => {
    const console = collectOutput(dc, 'console');
    const ev = await launchCore(dc, { coreFile: core, program });
    assert.strictEqual(ev.body.reason, 'exception');
    assert.strictEqual(ev.body.text, 'SIGFPE');
    assert.strictEqual(ev.body.description, 'Program terminated with signal SIGFPE, Arithmetic exception.');
    assert.match(console.text(), /Program terminated with signal SIGFPE, Arithmetic exception\./);
    const thread = ev.body.threadId!;
    const st = await dc.stackTraceRequest({ threadId: thread });
    const [top, caller] = st.body.stackFrames;
    assert.strictEqual(top.name, 'divide');
    assert.strictEqual(top.line, lineOf('return a / b;'));
    assert.strictEqual(top.source?.path, source);
    assert.strictEqual(caller.name, 'main');
    assert.strictEqual(caller.line, lineOf('case 3: printf'));
    const args = await scopeVariables(dc, top.id, 'Arguments');
    assert.deepStrictEqual([valueOf(args, 'a'), valueOf(args, 'b')], ['3', '0']);
    const locals = await scopeVariables(dc, caller.id, 'Locals');
    assert.strictEqual(valueOf(locals, 'mode'), '3');
    assert.strictEqual(valueOf(locals, 'zero'), '0');
    // solo is a struct: its children expand.
    const solo = locals.find((v) => v.name === 'solo')!;
    assert.ok(solo.variablesReference > 0, 'solo expands');
    const fields = (await dc.variablesRequest({ variablesReference: solo.variablesReference })).body.variables;
    assert.strictEqual(valueOf(fields, 'id'), '7');
    assert.strictEqual(valueOf(fields, 'peer'), '0x0');
    assert.strictEqual((await dc.evaluateRequest({ expression: 'a * 10 + b', frameId: top.id, context: 'watch' })).body.result, '30');
    assert.strictEqual((await dc.evaluateRequest({ expression: 'solo.name', frameId: caller.id, context: 'hover' })).body.result, '"solo", \'\\000\' <repeats 11 times>');
    // The Debug Console's commands read the core too.
    assert.match((await dc.evaluateRequest({ expression: 'bt', frameId: top.id, context: 'repl' })).body.result, /#1 {2}0x[0-9a-f]+ in main \(argc=2, argv=0x[0-9a-f]+\) at .*crash\.c:\d+/);
  });

  it('without "program" opens the program the core names', async () => {
    const ev = await launchCore(dc, { coreFile: core });
    assert.strictEqual(ev.body.reason, 'exception');
    assert.strictEqual((await topFrame(dc, ev.body.threadId!)).name, 'divide');
  });

  it('refuses to run the core forward: every forward request says the program is not being run', async () => {
    const ev = await launchCore(dc, { coreFile: core, program });
    const threadId = ev.body.threadId!;
    const refusals: Array<[string, Promise<unknown>]> = [
      ['continue', dc.continueRequest({ threadId })], ['next', dc.nextRequest({ threadId })], ['stepIn', dc.stepInRequest({ threadId })],
      ['stepOut', dc.stepOutRequest({ threadId })],
      ['travel', dc.customRequest('rdb/travel', { id: 'stop:1' })],
    ];
    for (const [name, p] of refusals) await assert.rejects(p, /^Error: The program is not being run\.$/, name);
    await assert.rejects(dc.pauseRequest({ threadId }), /not running/);
    // Still there and still serving.
    assert.strictEqual((await topFrame(dc, threadId)).name, 'divide');
  });

  it("goes back through the recorded history of rdb's image: Step Back, Reverse Continue, Continue to the crash again", async () => {
    const ev = await launchCore(dc, { coreFile: core, program });
    const threadId = ev.body.threadId!;
    const stoppedAfter = async (req: () => Promise<unknown>): Promise<DebugProtocol.StoppedEvent> => {
      const stopped = dc.waitForEvent('stopped');
      await req();
      return (await stopped) as DebugProtocol.StoppedEvent;
    };
    const back = await stoppedAfter(() => dc.stepBackRequest({ threadId }));
    assert.strictEqual(back.body.reason, 'step');
    let top = await topFrame(dc, threadId);
    assert.strictEqual(top.name, 'divide');
    assert.strictEqual(top.line, lineOf('return a / b;'));
    const args = await scopeVariables(dc, top.id, 'Arguments');
    assert.deepStrictEqual([valueOf(args, 'a'), valueOf(args, 'b')], ['3', '0']);
    await stoppedAfter(() => dc.stepBackRequest({ threadId }));
    top = await topFrame(dc, threadId);
    assert.strictEqual(top.name, 'main', 'back out of divide to its call');
    assert.strictEqual(top.line, lineOf('case 3: printf'));
    await stoppedAfter(() => dc.reverseContinueRequest({ threadId }));
    const fromStart = await stoppedAfter(() => dc.continueRequest({ threadId }));
    assert.strictEqual(fromStart.body.reason, 'exception');
    assert.strictEqual(fromStart.body.text, 'SIGFPE');
    assert.strictEqual((await topFrame(dc, threadId)).name, 'divide');
  });

  it("a core without recorded history (gdb's gcore) refuses Step Back and Reverse Continue", async () => {
    const gdbCore = path.join(dir, 'gdb.core');
    execFileSync('gdb', ['-nx', '-batch', '-ex', 'run', '-ex', `gcore ${gdbCore}`, '--args', program, '3'], { stdio: 'pipe', cwd: dir });
    const ev = await launchCore(dc, { coreFile: gdbCore, program });
    const threadId = ev.body.threadId!;
    await assert.rejects(dc.stepBackRequest({ threadId }), /^Error: The program is not being run\.$/);
    await assert.rejects(dc.reverseContinueRequest({ threadId }), /^Error: The program is not being run\.$/);
    const top = await topFrame(dc, threadId);
    await assert.rejects(dc.customRequest('restartFrame', { frameId: top.id }), /^Error: The program is not being run\.$/);
    assert.strictEqual(top.name, 'divide');
  });

  it('a missing core, a file that is no core, or a bad coreFile gets an error, and the adapter keeps serving', async () => {
    await dc.initializeRequest();
    const launch = (args: Record<string, unknown>): Promise<unknown> => dc.launchRequest(args as DebugProtocol.LaunchRequestArguments);
    await assert.rejects(launch({ coreFile: path.join(dir, 'nothing.core') }), /The core file .*nothing\.core does not exist\./);
    await assert.rejects(launch({ coreFile: 42 }), /"coreFile" must be the path of a core file\./);
    await assert.rejects(launch({ coreFile: source }), /crash\.c" is not a core dump/);
    await assert.rejects(launch({ coreFile: core, program: path.join(dir, 'noprog') }), /The program .*noprog does not exist\./);
    const ev = await launchCore(dc, { coreFile: core, program });
    assert.strictEqual(ev.body.reason, 'exception');
  });
});
