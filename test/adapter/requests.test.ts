// The DAP server's edges through the built adapter: malformed and out-of-order requests get
// error responses with readable messages and the adapter keeps serving; launch's args, cwd
// and env; pause; terminate; `rdb dap --port`. No process is left behind.
import * as assert from 'assert';
import * as os from 'os';
import { spawn } from 'child_process';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { compileFixture } from '../helpers/compile';
import { tracedProcesses, waitUntil } from '../helpers/processes';
import { collectOutput, rdbBin, resumeTo, startClient, topFrame } from './dapHelpers';

const spinning = () => tracedProcesses().filter((p) => p.comm.startsWith('dapspin'));

async function launchPlain(dc: DebugClient, args: Record<string, unknown>): Promise<void> {
  await Promise.all([dc.waitForEvent('initialized').then(() => dc.configurationDoneRequest()), dc.launch(args)]);
}

describe('DAP requests: errors, launch options, pause, terminate, --port', function () {
  this.timeout(300000);
  let dc: DebugClient;
  let stopped = false; // set when a test stops its client itself
  let spin: string;
  before(() => { spin = compileFixture('dapspin'); });
  beforeEach(async () => { dc = await startClient(); });
  afterEach(async () => { if (!stopped) await dc.stop(); stopped = false; });

  it('answers malformed and out-of-order requests with errors and keeps serving', async () => {
    await dc.initializeRequest();
    await assert.rejects(dc.customRequest('frobnicate'), /does not know the request "frobnicate"/);
    await assert.rejects(dc.threadsRequest(), /send a launch request first/);
    await assert.rejects(dc.stackTraceRequest({ threadId: 1 }), /send a launch request first/);
    await assert.rejects(dc.continueRequest({ threadId: 1 }), /send a launch request first/);
    await assert.rejects(dc.setBreakpointsRequest({ source: { path: '/x.c' }, breakpoints: [{ line: 3 }] }), /send a launch request first/);
    await assert.rejects(dc.dataBreakpointInfoRequest({ name: 'rounds' }), /send a launch request first/);
    await assert.rejects(dc.setDataBreakpointsRequest({ breakpoints: [] }), /send a launch request first/);
    await assert.rejects(dc.customRequest('readMemory', { memoryReference: '0x1000', count: 4 }), /send a launch request first/);
    await assert.rejects(dc.disassembleRequest({ memoryReference: '0x1000', instructionCount: 4 }), /send a launch request first/);
    await assert.rejects(dc.evaluateRequest({ expression: 'info breakpoints', context: 'repl' }), /send a launch request first/);
    await dc.customRequest('cancel', { requestId: 12345 }); // nothing to cancel: no error
    await assert.rejects(dc.launchRequest({} as DebugProtocol.LaunchRequestArguments), /launch needs "program"/);
    await assert.rejects(dc.launchRequest({ program: '/no/such/program' } as DebugProtocol.LaunchRequestArguments), /\/no\/such\/program does not exist/);
    await assert.rejects(dc.launchRequest({ program: spin, args: 'notalist' } as DebugProtocol.LaunchRequestArguments), /"args" must be an array/);
    // Still serving: a real launch works after all that.
    const out = collectOutput(dc, 'stdout');
    const seen = dc.waitForEvent('output');
    await launchPlain(dc, { program: spin });
    await seen;
    await assert.rejects(dc.launchRequest({ program: spin } as DebugProtocol.LaunchRequestArguments), /already being debugged/);
    await assert.rejects(dc.stackTraceRequest({ threadId: 1 }), /running: pause it first/);
    await assert.rejects(dc.customRequest('readMemory', { memoryReference: '0x1000', count: 4 }), /running: pause it first/);
    await assert.rejects(dc.evaluateRequest({ expression: 'info breakpoints', context: 'repl' }), /running: pause it first/);
    const [ev] = await Promise.all([dc.waitForEvent('stopped'), dc.pauseRequest({ threadId: 1 })]);
    const thread = (ev as DebugProtocol.StoppedEvent).body.threadId!;
    await assert.rejects(dc.stackTraceRequest({} as DebugProtocol.StackTraceArguments), /needs a threadId/);
    await assert.rejects(dc.scopesRequest({ frameId: 12345 }), /no frame 12345/);
    await assert.rejects(dc.variablesRequest({ variablesReference: 999 }), /no variables reference 999/);
    await assert.rejects(dc.setBreakpointsRequest({ breakpoints: [{ line: 1 }] } as unknown as DebugProtocol.SetBreakpointsArguments), /needs source.path/);
    await assert.rejects(dc.evaluateRequest({ expression: '' }), /needs an expression/);
    await assert.rejects(dc.pauseRequest({ threadId: thread }), /not running/);
    await assert.rejects(dc.evaluateRequest({ expression: '1 +', context: 'repl' }), /.+/);
    const r = await dc.evaluateRequest({ expression: 'rounds > 0', context: 'repl' });
    assert.strictEqual(r.body.result, '1');
    assert.match(out.text(), /greeting/);
  });

  it('launches with args, cwd and env; stdout and stderr arrive as output; pause stops with reason pause', async () => {
    const out = collectOutput(dc, 'stdout');
    const err = collectOutput(dc, 'stderr');
    const cwd = os.tmpdir();
    const greeted = new Promise<void>((resolve) => dc.on('output', (e: DebugProtocol.OutputEvent) => { if (e.body.category === 'stderr') resolve(); }));
    await launchPlain(dc, { program: spin, args: ['one', 'two words'], cwd, env: { RDB_DAP_GREETING: 'hello' } });
    await greeted;
    assert.ok(out.text().startsWith(`arg one\narg two words\ngreeting hello\ncwd ${cwd}\n`), out.text());
    assert.match(err.text(), /on stderr\n/);
    const [ev] = await Promise.all([dc.waitForEvent('stopped'), dc.pauseRequest({ threadId: 1 })]);
    const stopped = ev as DebugProtocol.StoppedEvent;
    assert.strictEqual(stopped.body.reason, 'pause');
    const f = await topFrame(dc, stopped.body.threadId!);
    assert.ok(f.name === 'main' || f.name.includes('getuid'), f.name);
    // Continue, pause again: the spinning goes on between.
    const first = (await dc.evaluateRequest({ expression: 'rounds', context: 'watch' })).body.result;
    const ticked = new Promise<void>((resolve) => dc.on('output', (e: DebugProtocol.OutputEvent) => { if (/tick/.test(e.body.output)) resolve(); }));
    await dc.continueRequest({ threadId: stopped.body.threadId! });
    await ticked; // it ran on
    await resumeTo(dc, () => dc.pauseRequest({ threadId: 1 }));
    const second = (await dc.evaluateRequest({ expression: 'rounds', context: 'watch' })).body.result;
    assert.ok(Number(second) > Number(first), `${second} > ${first}`);
  });

  it('terminate kills the running program and its checkpoints', async () => {
    await launchPlain(dc, { program: spin });
    await waitUntil(() => spinning().length > 0, 60000);
    const terminated = dc.waitForEvent('terminated');
    await dc.terminateRequest();
    await terminated;
    await waitUntil(() => spinning().length === 0);
  });

  it('rdb dap --port listens on 127.0.0.1 and serves a session', async () => {
    await dc.stop(); // this test uses its own server
    stopped = true;
    const server = spawn(process.execPath, [rdbBin, 'dap', '--port', '0'], { stdio: ['ignore', 'ignore', 'pipe'] });
    try {
      const port = await new Promise<number>((resolve, reject) => {
        let text = '';
        server.stderr.on('data', (d: Buffer) => {
          text += d.toString();
          const m = /listening on 127\.0\.0\.1:(\d+)/.exec(text);
          if (m) resolve(Number(m[1]));
        });
        server.on('exit', (code) => reject(new Error(`server exited (${code}): ${text}`)));
      });
      const client = new DebugClient(process.execPath, rdbBin, 'rdb');
      await client.start(port);
      dc = client;
      await launchPlain(dc, { program: spin });
      const [ev] = await Promise.all([dc.waitForEvent('stopped'), dc.pauseRequest({ threadId: 1 })]);
      assert.strictEqual((ev as DebugProtocol.StoppedEvent).body.reason, 'pause');
      await dc.disconnectRequest({ terminateDebuggee: true });
      await waitUntil(() => spinning().length === 0);
      await dc.stop();
    } finally {
      server.kill();
    }
  });
});
