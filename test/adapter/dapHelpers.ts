// Shared set-up of the DAP tests: a DebugClient driving the built adapter (`node bin/rdb.js dap`)
// as its own process, and small waits on its events.
import * as assert from 'assert';
import * as path from 'path';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { compileFixture, repoRoot } from '../helpers/compile';

export const rdbBin = path.join(repoRoot, 'bin/rdb.js');

/** Starts an adapter process; `stop()` it after. */
export async function startClient(): Promise<DebugClient> {
  // DebugClient runs `node FILE` without arguments: the launcher adds `dap`.
  const dc = new DebugClient(process.execPath, path.join(__dirname, 'dapLauncher.js'), 'rdb');
  dc.defaultTimeout = 60000;
  await dc.start();
  return dc;
}

/** Launches `program` with breakpoints `bps` in `source` (set between initialized and
 * configurationDone); resolves to the first stopped event. */
export async function launchWithBreakpoints(dc: DebugClient, program: string, source: string, bps: DebugProtocol.SourceBreakpoint[],
  extra: Record<string, unknown> = {}): Promise<DebugProtocol.StoppedEvent> {
  const stopped = dc.waitForEvent('stopped');
  await Promise.all([
    dc.waitForEvent('initialized').then(async () => {
      const r = await dc.setBreakpointsRequest({ source: { path: source }, breakpoints: bps });
      assert.strictEqual(r.body.breakpoints.length, bps.length);
      for (const b of r.body.breakpoints) assert.ok(b.verified, `breakpoint verified: ${b.message ?? ''}`);
      await dc.configurationDoneRequest();
    }),
    dc.launch({ program, ...extra }),
  ]);
  return (await stopped) as DebugProtocol.StoppedEvent;
}

/** Sends a resuming request and returns the stopped event that ends it. */
export async function resumeTo(dc: DebugClient, send: () => Promise<unknown>): Promise<DebugProtocol.StoppedEvent> {
  const [ev] = await Promise.all([dc.waitForEvent('stopped'), send()]);
  return ev as DebugProtocol.StoppedEvent;
}

/** The innermost frame of thread `thread`. */
export async function topFrame(dc: DebugClient, thread: number): Promise<DebugProtocol.StackFrame> {
  const st = await dc.stackTraceRequest({ threadId: thread });
  assert.ok(st.body.stackFrames.length > 0, 'a stack');
  return st.body.stackFrames[0];
}

/** The variables of a frame's scope `name` (Locals, Arguments, Registers). */
export async function scopeVariables(dc: DebugClient, frameId: number, name: string): Promise<DebugProtocol.Variable[]> {
  const scopes = await dc.scopesRequest({ frameId });
  const scope = scopes.body.scopes.find((s) => s.name === name);
  assert.ok(scope, `scope ${name}`);
  return (await dc.variablesRequest({ variablesReference: scope.variablesReference })).body.variables;
}

export function valueOf(vars: DebugProtocol.Variable[], name: string): string {
  const v = vars.find((x) => x.name === name);
  assert.ok(v, `variable ${name} among ${vars.map((x) => x.name).join(', ')}`);
  return v.value;
}

/** Collects the output events of category `category` as one text. */
export function collectOutput(dc: DebugClient, category: string): { text: () => string } {
  let text = '';
  dc.on('output', (e: DebugProtocol.OutputEvent) => { if ((e.body.category ?? 'console') === category) text += e.body.output; });
  return { text: () => text };
}

/** Mocha hooks of a suite on one fixture: compiled once, an adapter started for each test and
 * stopped after it. Read `client.dc` and `client.program` inside the tests. */
export function clientPerTest(fixture: string): { dc: DebugClient; program: string } {
  const client = {} as { dc: DebugClient; program: string };
  before(() => { client.program = compileFixture(fixture); });
  beforeEach(async () => { client.dc = await startClient(); });
  afterEach(async () => { await client.dc.stop(); });
  return client;
}
