// A full DAP session on test/fixtures/dapdemo.c through the built adapter (a separate process
// driven by DebugClient): breakpoints, stack, variables, stepping both ways, output, the end.
// Expected values follow from the fixture's logic: total after round i is 2 * (0 + ... + i).
import * as assert from 'assert';
import * as path from 'path';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { compileFixture, fixturesDir } from '../helpers/compile';
import { tracedProcesses, waitUntil } from '../helpers/processes';
import { collectOutput, launchWithBreakpoints, resumeTo, scopeVariables, startClient, topFrame, valueOf } from './dapHelpers';

const source = path.join(fixturesDir, 'dapdemo.c');
const LINE_SCALE = 11;
const LINE_LOOP = 28;
const LINE_CRASH = 34;
const LINE_DONE = 36;

/** Launches the fixture with breakpoints at `bps` in its source. */
function launchWith(dc: DebugClient, program: string, bps: DebugProtocol.SourceBreakpoint[], extra: Record<string, unknown> = {}) {
  return launchWithBreakpoints(dc, program, source, bps, extra);
}

describe('DAP session (rdb dap)', function () {
  this.timeout(300000);
  let dc: DebugClient;
  let program: string;
  before(() => { program = compileFixture('dapdemo'); });
  beforeEach(async () => { dc = await startClient(); });
  afterEach(async () => { await dc.stop(); });

  it('advertises the capabilities it implements', async () => {
    const r = await dc.initializeRequest();
    const caps = r.body!;
    for (const c of ['supportsConfigurationDoneRequest', 'supportsStepBack', 'supportsFunctionBreakpoints', 'supportsConditionalBreakpoints',
      'supportsHitConditionalBreakpoints', 'supportsLogPoints', 'supportsEvaluateForHovers', 'supportsSetVariable', 'supportsSteppingGranularity',
      'supportsTerminateRequest', 'supportsValueFormattingOptions', 'supportsRestartFrame', 'supportsDataBreakpoints', 'supportsReadMemoryRequest',
      'supportsDisassembleRequest', 'supportsCancelRequest'] as const) assert.strictEqual(caps[c], true, c);
  });

  it('stops at a breakpoint, shows the stack, scopes, a struct expanded, and evaluates', async () => {
    const ev = await launchWith(dc, program, [{ line: LINE_SCALE }]);
    assert.strictEqual(ev.body.reason, 'breakpoint');
    const thread = ev.body.threadId!;
    const threads = await dc.threadsRequest();
    assert.deepStrictEqual(threads.body.threads.map((t) => t.id), [thread]);
    const st = await dc.stackTraceRequest({ threadId: thread });
    const names = st.body.stackFrames.map((f) => f.name);
    assert.deepStrictEqual(names.slice(0, 2), ['scale', 'main']);
    assert.strictEqual(st.body.stackFrames[0].line, LINE_SCALE);
    assert.strictEqual(st.body.stackFrames[0].source?.path, source);
    assert.strictEqual(st.body.stackFrames[1].line, LINE_LOOP);
    // First call: scale(0, 2).
    const args = await scopeVariables(dc, st.body.stackFrames[0].id, 'Arguments');
    assert.deepStrictEqual(args.map((a) => [a.name, a.value]), [['v', '0'], ['k', '2']]);
    const regs = await scopeVariables(dc, st.body.stackFrames[0].id, 'Registers');
    assert.ok(regs.some((r) => r.name === 'rip' && /^0x[0-9a-f]+/.test(r.value)), 'rip among the registers');
    // main's locals: the struct expands into members, the nested struct and the array too.
    const locals = await scopeVariables(dc, st.body.stackFrames[1].id, 'Locals');
    assert.strictEqual(valueOf(locals, 'total'), '0');
    const s = locals.find((v) => v.name === 's')!;
    assert.ok(s.variablesReference > 0, 's is expandable');
    const members = (await dc.variablesRequest({ variablesReference: s.variablesReference })).body.variables;
    assert.deepStrictEqual(members.map((m) => m.name), ['name', 'corner', 'sides']);
    assert.match(valueOf(members, 'name'), /"tri"/);
    const corner = members.find((m) => m.name === 'corner')!;
    assert.strictEqual(corner.evaluateName, 's.corner');
    const xy = (await dc.variablesRequest({ variablesReference: corner.variablesReference })).body.variables;
    assert.deepStrictEqual(xy.map((m) => [m.name, m.value, m.evaluateName]), [['x', '3', 's.corner.x'], ['y', '4', 's.corner.y']]);
    // A pointer expands into what it points to: main's argv into *argv, the program's path.
    const mainArgs = await scopeVariables(dc, st.body.stackFrames[1].id, 'Arguments');
    assert.strictEqual(valueOf(mainArgs, 'argc'), '1');
    const argv = mainArgs.find((v) => v.name === 'argv')!;
    assert.ok(argv.variablesReference > 0, 'argv is expandable');
    const pointee = (await dc.variablesRequest({ variablesReference: argv.variablesReference })).body.variables;
    assert.deepStrictEqual(pointee.map((p) => [p.name, p.evaluateName]), [['*argv', '*argv']]);
    assert.ok(pointee[0].value.includes(`"${program}"`), pointee[0].value);
    const sides = members.find((m) => m.name === 'sides')!;
    const elems = (await dc.variablesRequest({ variablesReference: sides.variablesReference })).body.variables;
    assert.deepStrictEqual(elems.map((m) => m.value), ['10', '20', '30']);
    // evaluate in a frame, in hex, and an error with a readable message.
    const e1 = await dc.evaluateRequest({ expression: 's.corner.x * s.corner.y + total', frameId: st.body.stackFrames[1].id, context: 'watch' });
    assert.strictEqual(e1.body.result, '12');
    const e2 = await dc.evaluateRequest({ expression: 's.sides[2]', frameId: st.body.stackFrames[1].id, context: 'hover', format: { hex: true } });
    assert.strictEqual(e2.body.result, '0x1e');
    const e3 = await dc.evaluateRequest({ expression: 's', frameId: st.body.stackFrames[1].id, context: 'repl' });
    assert.ok(e3.body.variablesReference > 0, 'a struct result is expandable');
    await assert.rejects(dc.evaluateRequest({ expression: 'nosuch + 1', frameId: st.body.stackFrames[1].id, context: 'repl' }), /No symbol "nosuch" in current context/);
  });

  it('steps over, in and out, then back with stepBack and reverseContinue to a breakpoint', async () => {
    const ev = await launchWith(dc, program, [{ line: LINE_LOOP }]);
    const thread = ev.body.threadId!;
    assert.strictEqual((await topFrame(dc, thread)).line, LINE_LOOP);
    let s = await resumeTo(dc, () => dc.nextRequest({ threadId: thread }));
    assert.strictEqual(s.body.reason, 'step');
    assert.strictEqual((await topFrame(dc, thread)).line, LINE_LOOP + 1);
    await resumeTo(dc, () => dc.continueRequest({ threadId: thread })); // round 1
    const f1 = await topFrame(dc, thread);
    assert.strictEqual(f1.line, LINE_LOOP);
    assert.strictEqual(valueOf(await scopeVariables(dc, f1.id, 'Locals'), 'i'), '1');
    await resumeTo(dc, () => dc.stepInRequest({ threadId: thread }));
    const inner = await topFrame(dc, thread);
    assert.strictEqual(inner.name, 'scale');
    assert.strictEqual(inner.line, LINE_SCALE);
    await resumeTo(dc, () => dc.stepOutRequest({ threadId: thread }));
    assert.strictEqual((await topFrame(dc, thread)).name, 'main');
    // Back: one line back is the call's line in main; reverse-continue reaches round 0's stop.
    s = await resumeTo(dc, () => dc.stepBackRequest({ threadId: thread }));
    // (the line's start holds the breakpoint: reported as reaching it)
    assert.ok(['step', 'breakpoint'].includes(s.body.reason), s.body.reason);
    const back = await topFrame(dc, thread);
    assert.strictEqual(back.name, 'main');
    assert.strictEqual(back.line, LINE_LOOP);
    s = await resumeTo(dc, () => dc.reverseContinueRequest({ threadId: thread }));
    assert.strictEqual(s.body.reason, 'breakpoint');
    const past = await topFrame(dc, thread);
    assert.strictEqual(past.line, LINE_LOOP);
    // Variables at that past position: round 0, total 0.
    const locals = await scopeVariables(dc, past.id, 'Locals');
    assert.strictEqual(valueOf(locals, 'i'), '0');
    assert.strictEqual(valueOf(locals, 'total'), '0');
    // Changing the past is refused with a reason; the value stays.
    const scopes = await dc.scopesRequest({ frameId: past.id });
    const ref = scopes.body.scopes.find((x) => x.name === 'Locals')!.variablesReference;
    await assert.rejects(dc.setVariableRequest({ variablesReference: ref, name: 'total', value: '99' }), /in the past/);
    assert.strictEqual(valueOf(await scopeVariables(dc, past.id, 'Locals'), 'total'), '0');
    // Instruction granularity both ways returns to the same pc.
    const pc0 = past.instructionPointerReference;
    await resumeTo(dc, () => dc.nextRequest({ threadId: thread, granularity: 'instruction' }));
    assert.notStrictEqual((await topFrame(dc, thread)).instructionPointerReference, pc0);
    await resumeTo(dc, () => dc.stepBackRequest({ threadId: thread, granularity: 'instruction' }));
    assert.strictEqual((await topFrame(dc, thread)).instructionPointerReference, pc0);
  });

  it('honours conditions, hit counts and logpoints; the program output arrives in order', async () => {
    const out = collectOutput(dc, 'stdout');
    const consoleOut = collectOutput(dc, 'console');
    const ev = await launchWith(dc, program, [{ line: LINE_SCALE, condition: 'v == 3' }, { line: LINE_LOOP, logMessage: 'i={i} total={total}' }]);
    const thread = ev.body.threadId!;
    const f = await topFrame(dc, thread);
    assert.strictEqual(f.name, 'scale');
    assert.strictEqual(valueOf(await scopeVariables(dc, f.id, 'Arguments'), 'v'), '3');
    assert.strictEqual(out.text(), 'start tri\nround 0 total 0\nround 1 total 2\nround 2 total 6\n');
    assert.match(consoleOut.text(), /i=0 total=0\ni=1 total=0\ni=2 total=2\ni=3 total=6\n/);
    // Replace the set: a hit count of 2 counts from now, and only scale(4, 2) is left, so the
    // program ends.
    await dc.setBreakpointsRequest({ source: { path: source }, breakpoints: [{ line: LINE_SCALE, hitCondition: '2' }] });
    const ended = dc.waitForEvent('terminated');
    const exited = dc.waitForEvent('exited');
    await dc.continueRequest({ threadId: thread });
    assert.strictEqual((await exited).body.exitCode, 0);
    await ended;
    assert.strictEqual(out.text(), 'start tri\nround 0 total 0\nround 1 total 2\nround 2 total 6\nround 3 total 12\nround 4 total 20\ndone 20\n');
  });

  it('a hit count stops at the N-th hit; function breakpoints and stopOnEntry', async () => {
    const ev = await launchWith(dc, program, [{ line: LINE_SCALE, hitCondition: '3' }], { stopOnEntry: true });
    assert.strictEqual(ev.body.reason, 'entry');
    const thread = ev.body.threadId!;
    assert.strictEqual((await topFrame(dc, thread)).name, 'main');
    let s = await resumeTo(dc, () => dc.continueRequest({ threadId: thread }));
    assert.strictEqual(s.body.reason, 'breakpoint');
    const f = await topFrame(dc, thread);
    assert.strictEqual(valueOf(await scopeVariables(dc, f.id, 'Arguments'), 'v'), '2');
    await dc.setBreakpointsRequest({ source: { path: source }, breakpoints: [] });
    const fb = await dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'scale', condition: 'v == 4' }, { name: 'nosuchfunction' }] });
    assert.strictEqual(fb.body.breakpoints[0].verified, true);
    assert.strictEqual(fb.body.breakpoints[1].verified, false);
    assert.match(fb.body.breakpoints[1].message ?? '', /nosuchfunction/);
    s = await resumeTo(dc, () => dc.continueRequest({ threadId: thread }));
    assert.strictEqual(s.body.reason, 'breakpoint');
    const g = await topFrame(dc, thread);
    assert.strictEqual(g.name, 'scale');
    assert.strictEqual(valueOf(await scopeVariables(dc, g.id, 'Arguments'), 'v'), '4');
    // At the present a variable can be set: r = v * k is computed after, from v.
    const scopes = await dc.scopesRequest({ frameId: g.id });
    const ref = scopes.body.scopes.find((x) => x.name === 'Arguments')!.variablesReference;
    const set = await dc.setVariableRequest({ variablesReference: ref, name: 'v', value: '7' });
    assert.strictEqual(set.body.value, '7');
    await resumeTo(dc, () => dc.stepOutRequest({ threadId: thread }));
    await resumeTo(dc, () => dc.nextRequest({ threadId: thread })); // the rest of `total += ...`
    const m = await topFrame(dc, thread);
    assert.strictEqual(m.line, LINE_LOOP + 1);
    const total = valueOf(await scopeVariables(dc, m.id, 'Locals'), 'total');
    assert.strictEqual(total, String(12 + 14), 'scale returned 7 * 2');
  });

  it('restartFrame goes back to the entry of the selected frame', async () => {
    const ev = await launchWith(dc, program, [{ line: LINE_SCALE, hitCondition: '2' }]);
    const thread = ev.body.threadId!;
    // scale(1, 2): step to its return, then restart it, and restart main's caller frame's callee.
    await resumeTo(dc, () => dc.nextRequest({ threadId: thread }));
    let f = await topFrame(dc, thread);
    assert.strictEqual(f.line, LINE_SCALE + 1);
    assert.strictEqual(valueOf(await scopeVariables(dc, f.id, 'Locals'), 'r'), '2');
    const s = await resumeTo(dc, () => dc.restartFrameRequest({ frameId: f.id }));
    assert.strictEqual(s.body.reason, 'restart');
    f = await topFrame(dc, thread);
    assert.strictEqual(f.name, 'scale');
    assert.strictEqual(f.line, LINE_SCALE);
    const args = await scopeVariables(dc, f.id, 'Arguments');
    assert.deepStrictEqual(args.map((a) => [a.name, a.value]), [['v', '1'], ['k', '2']]);
    // Forward again from the restarted frame: the same round, total 0 before, 2 after.
    await resumeTo(dc, () => dc.stepOutRequest({ threadId: thread }));
    await resumeTo(dc, () => dc.nextRequest({ threadId: thread }));
    const m = await topFrame(dc, thread);
    assert.strictEqual(valueOf(await scopeVariables(dc, m.id, 'Locals'), 'total'), '2');
    await assert.rejects(dc.restartFrameRequest({ frameId: 424242 }), /no frame 424242/);
  });

  it('a crash stops with reason exception, and the end leaves no process', async () => {
    const ev = await launchWith(dc, program, [{ line: LINE_DONE }], { args: ['crash'] });
    assert.strictEqual(ev.body.reason, 'exception');
    assert.match(ev.body.description ?? '', /SIGSEGV/);
    assert.strictEqual(ev.body.text, 'SIGSEGV');
    const thread = ev.body.threadId!;
    assert.strictEqual((await topFrame(dc, thread)).line, LINE_CRASH);
    // Back from the crash: to the start of its line, then the line before.
    await resumeTo(dc, () => dc.stepBackRequest({ threadId: thread }));
    assert.strictEqual((await topFrame(dc, thread)).line, LINE_CRASH);
    await resumeTo(dc, () => dc.stepBackRequest({ threadId: thread }));
    assert.strictEqual((await topFrame(dc, thread)).line, LINE_CRASH - 1);
    const mine = () => tracedProcesses().filter((p) => p.comm.startsWith('dapdemo'));
    assert.ok(mine().length > 0, 'the program and its checkpoints are traced');
    await dc.disconnectRequest({ terminateDebuggee: true });
    await waitUntil(() => mine().length === 0);
  });
});
