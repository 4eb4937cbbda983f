// Data breakpoints, readMemory and disassemble through the built adapter, on
// test/fixtures/dapdemo.c: hardware watchpoints stopping forward and backward with gdb's
// old/new values, memory references of pointers and arrays, unreadable ranges, and
// instructions around the pc compared with gdb's `x/i`.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { spawnSync } from 'child_process';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { fixturesDir } from '../helpers/compile';
import { tracedProcesses } from '../helpers/processes';
import { clientPerTest, launchWithBreakpoints, resumeTo, topFrame } from './dapHelpers';

const source = path.join(fixturesDir, 'dapdemo.c');
const LINE_LOOP = 28;

async function evaluate(dc: DebugClient, expression: string, frameId?: number): Promise<DebugProtocol.EvaluateResponse['body']> {
  return (await dc.evaluateRequest({ expression, context: 'watch', frameId })).body;
}

/** DebugClient has no helper for readMemory. */
function readMemory(dc: DebugClient, args: DebugProtocol.ReadMemoryArguments): Promise<DebugProtocol.ReadMemoryResponse> {
  return dc.customRequest('readMemory', args) as Promise<DebugProtocol.ReadMemoryResponse>;
}

describe('DAP data breakpoints, readMemory and disassemble', function () {
  this.timeout(300000);
  const client = clientPerTest('dapdemo');
  let dc: DebugClient;
  let program: string;
  beforeEach(() => { ({ dc, program } = client); });

  it('watches a variable of the Variables view: stops forward and back with old and new values', async () => {
    const ev = await launchWithBreakpoints(dc, program, source, [{ line: LINE_LOOP }]);
    const thread = ev.body.threadId!;
    const frame = await topFrame(dc, thread);
    const scopes = await dc.scopesRequest({ frameId: frame.id });
    const locals = scopes.body.scopes.find((s) => s.name === 'Locals')!;
    const info = await dc.dataBreakpointInfoRequest({ variablesReference: locals.variablesReference, name: 'total' });
    assert.ok(info.body.dataId, info.body.description);
    assert.deepStrictEqual(info.body.accessTypes, ['write', 'read', 'readWrite']);
    assert.match(info.body.description, /^total \(4 bytes at 0x[0-9a-f]+\)$/);
    const set = await dc.setDataBreakpointsRequest({ breakpoints: [{ dataId: info.body.dataId!, accessType: 'write' }] });
    assert.strictEqual(set.body.breakpoints.length, 1);
    assert.ok(set.body.breakpoints[0].verified, set.body.breakpoints[0].message);
    const id = set.body.breakpoints[0].id!;
    await dc.setBreakpointsRequest({ source: { path: source }, breakpoints: [] });
    // Round 0 adds 0 (no change, no stop); round 1 makes total 2, round 2 makes it 6.
    let stop = await resumeTo(dc, () => dc.continueRequest({ threadId: thread }));
    assert.strictEqual(stop.body.reason, 'data breakpoint');
    assert.deepStrictEqual(stop.body.hitBreakpointIds, [id]);
    assert.strictEqual(stop.body.description, `Hardware watchpoint ${id}: total\n\nOld value = 0\nNew value = 2`);
    assert.strictEqual((await evaluate(dc, 'total')).result, '2');
    assert.strictEqual((await evaluate(dc, 'i')).result, '1');
    stop = await resumeTo(dc, () => dc.continueRequest({ threadId: thread }));
    assert.strictEqual(stop.body.description, `Hardware watchpoint ${id}: total\n\nOld value = 2\nNew value = 6`);
    const forwardLine = (await topFrame(dc, thread)).line;
    // Back: the write that last changed total (2 -> 6), shown before it, where total is 2.
    stop = await resumeTo(dc, () => dc.reverseContinueRequest({ threadId: thread }));
    assert.strictEqual(stop.body.reason, 'data breakpoint');
    assert.strictEqual(stop.body.description, `Hardware watchpoint ${id}: total\n\nOld value = 6\nNew value = 2`);
    assert.strictEqual((await evaluate(dc, 'total')).result, '2');
    assert.strictEqual((await evaluate(dc, 'i')).result, '2');
    const back = await topFrame(dc, thread);
    assert.strictEqual(back.line, LINE_LOOP);
    assert.ok(forwardLine >= LINE_LOOP, `${forwardLine}`);
    // Back again: the 0 -> 2 write of round 1.
    stop = await resumeTo(dc, () => dc.reverseContinueRequest({ threadId: thread }));
    assert.strictEqual(stop.body.description, `Hardware watchpoint ${id}: total\n\nOld value = 2\nNew value = 0`);
    assert.strictEqual((await evaluate(dc, 'i')).result, '1');
    // An empty set removes it: the program runs to its end.
    await dc.setDataBreakpointsRequest({ breakpoints: [] });
    await Promise.all([dc.waitForEvent('terminated'), dc.continueRequest({ threadId: thread })]);
  });

  it('dataBreakpointInfo for expressions; read and readWrite accesses; malformed ids', async () => {
    const ev = await launchWithBreakpoints(dc, program, source, [{ line: LINE_LOOP }]);
    const thread = ev.body.threadId!;
    const frame = await topFrame(dc, thread);
    const x = await dc.dataBreakpointInfoRequest({ name: 's.corner.x', frameId: frame.id });
    assert.match(x.body.description, /^s\.corner\.x \(4 bytes at 0x[0-9a-f]+\)$/);
    const constant = await dc.dataBreakpointInfoRequest({ name: '1 + 2', frameId: frame.id });
    assert.strictEqual(constant.body.dataId, null);
    assert.match(constant.body.description, /cannot be watched: It is not stored in memory/);
    const struct = await dc.dataBreakpointInfoRequest({ name: 's', frameId: frame.id });
    assert.strictEqual(struct.body.dataId, null);
    assert.match(struct.body.description, /do not fit one hardware watchpoint/);
    const missing = await dc.dataBreakpointInfoRequest({ name: 'nosuchvar', frameId: frame.id });
    assert.strictEqual(missing.body.dataId, null);
    assert.match(missing.body.description, /No symbol "nosuchvar" in current context/);
    await assert.rejects(dc.dataBreakpointInfoRequest({ name: 'total', variablesReference: 4242 }), /no variables reference 4242/);
    const total = await dc.dataBreakpointInfoRequest({ name: 'total', frameId: frame.id });
    const bad = await dc.setDataBreakpointsRequest({ breakpoints: [{ dataId: 'garbage' }, { dataId: total.body.dataId!, accessType: 'sometimes' as 'read' }] });
    assert.deepStrictEqual(bad.body.breakpoints.map((b) => b.verified), [false, false]);
    assert.match(bad.body.breakpoints[0].message!, /not a dataId/);
    assert.match(bad.body.breakpoints[1].message!, /not one of write, read or readWrite/);
    await assert.rejects(dc.setDataBreakpointsRequest({} as DebugProtocol.SetDataBreakpointsArguments), /needs "breakpoints"/);
    // A read: `total += ...` reads total first (round 0: 0).
    const read = await dc.setDataBreakpointsRequest({ breakpoints: [{ dataId: total.body.dataId!, accessType: 'read' }] });
    const rid = read.body.breakpoints[0].id!;
    await dc.setBreakpointsRequest({ source: { path: source }, breakpoints: [] });
    let stop = await resumeTo(dc, () => dc.continueRequest({ threadId: thread }));
    assert.strictEqual(stop.body.reason, 'data breakpoint');
    assert.strictEqual(stop.body.description, `Hardware read watchpoint ${rid}: total\n\nValue = 0`);
    // readWrite on i, with a condition: the first access where i is 3.
    const i = await dc.dataBreakpointInfoRequest({ name: 'i', frameId: (await topFrame(dc, thread)).id });
    const rw = await dc.setDataBreakpointsRequest({ breakpoints: [{ dataId: i.body.dataId!, accessType: 'readWrite', condition: 'i == 3' }] });
    assert.ok(rw.body.breakpoints[0].verified, rw.body.breakpoints[0].message);
    stop = await resumeTo(dc, () => dc.continueRequest({ threadId: thread }));
    assert.match(stop.body.description!, new RegExp(`^Hardware access \\(read/write\\) watchpoint ${rw.body.breakpoints[0].id}: i\\n\\n(Value = 3|Old value = 2\\nNew value = 3)$`));
    assert.strictEqual((await evaluate(dc, 'i')).result, '3');
  });

  it('readMemory at the memory references of arrays and pointers; unreadable bytes', async () => {
    const ev = await launchWithBreakpoints(dc, program, source, [{ line: LINE_LOOP }]);
    const thread = ev.body.threadId!;
    const frame = await topFrame(dc, thread);
    const sides = await evaluate(dc, 's.sides', frame.id);
    assert.match(sides.memoryReference ?? '', /^0x[0-9a-f]+$/);
    const m = await readMemory(dc, { memoryReference: sides.memoryReference!, count: 12 });
    const bytes = Buffer.from(m.body!.data!, 'base64');
    assert.deepStrictEqual([0, 4, 8].map((o) => bytes.readInt32LE(o)), [10, 20, 30]);
    assert.strictEqual(m.body!.address, sides.memoryReference);
    assert.ok(!m.body!.unreadableBytes, 'all readable');
    // With an offset: the second element.
    const second = await readMemory(dc, { memoryReference: sides.memoryReference!, offset: 4, count: 4 });
    assert.strictEqual(Buffer.from(second.body!.data!, 'base64').readInt32LE(0), 20);
    // A pointer's reference is where it points: "tri".
    const name = await evaluate(dc, 's.name', frame.id);
    const text = await readMemory(dc, { memoryReference: name.memoryReference!, count: 4 });
    assert.strictEqual(Buffer.from(text.body!.data!, 'base64').toString('latin1'), 'tri\0');
    // The Variables view's members carry them too.
    const scopes = await dc.scopesRequest({ frameId: frame.id });
    const locals = (await dc.variablesRequest({ variablesReference: scopes.body.scopes[0].variablesReference })).body.variables;
    const s = locals.find((v) => v.name === 's')!;
    const members = (await dc.variablesRequest({ variablesReference: s.variablesReference })).body.variables;
    assert.strictEqual(members.find((v) => v.name === 'sides')?.memoryReference, sides.memoryReference);
    assert.strictEqual(members.find((v) => v.name === 'name')?.memoryReference, name.memoryReference);
    assert.strictEqual(members.find((v) => v.name === 'corner')?.memoryReference, undefined);
    // Unmapped memory: page 0, and the bytes past the end of a mapping.
    const zero = await readMemory(dc, { memoryReference: '0x0', count: 16 });
    assert.strictEqual(zero.body!.data ?? '', '');
    assert.strictEqual(zero.body!.unreadableBytes, 16);
    const end = mappingEnd();
    const edge = await readMemory(dc, { memoryReference: `0x${(end - 8n).toString(16)}`, count: 24 });
    assert.strictEqual(Buffer.from(edge.body!.data!, 'base64').length, 8);
    assert.strictEqual(edge.body!.unreadableBytes, 16);
    await assert.rejects(readMemory(dc, { memoryReference: 'here', count: 4 }), /needs a "memoryReference", an address/);
    await assert.rejects(readMemory(dc, { memoryReference: '0x1000', count: -1 }), /needs a "count"/);
  });

  it('disassembles around the pc with symbols and lines, as gdb shows the instructions', async () => {
    const ev = await launchWithBreakpoints(dc, program, source, [{ line: LINE_LOOP }]);
    const frame = await topFrame(dc, ev.body.threadId!);
    const pc = frame.instructionPointerReference!;
    const r = await dc.disassembleRequest({ memoryReference: pc, instructionOffset: -3, instructionCount: 8, resolveSymbols: true });
    const insns = r.body!.instructions;
    assert.strictEqual(insns.length, 8);
    assert.strictEqual(insns[3].address, pc);
    const addresses = insns.map((i) => BigInt(i.address));
    for (let k = 1; k < addresses.length; k++) assert.ok(addresses[k] > addresses[k - 1], 'increasing addresses');
    for (const i of insns) {
      assert.strictEqual(i.symbol, 'main');
      assert.ok(i.presentationHint !== 'invalid', i.instruction);
    }
    assert.strictEqual(insns[3].line, LINE_LOOP);
    assert.strictEqual(insns[0].location?.path, source);
    // gdb's oracle: the same five instructions from the pc (at the same addresses: neither
    // randomizes the address space).
    const gdb = spawnSync('gdb', ['-nx', '-batch', '-ex', `break dapdemo.c:${LINE_LOOP}`, '-ex', 'run', '-ex', 'x/5i $pc', program], { encoding: 'utf8' });
    const want = gdb.stdout.split('\n').filter((l) => /^(=>)?\s+0x[0-9a-f]+ <main\+\d+>:\t/.test(l))
      .map((l) => { const m = /(0x[0-9a-f]+) <main\+\d+>:\t(.*)$/.exec(l)!; return `${BigInt(m[1]).toString(16)} ${m[2].trim()}`; });
    assert.strictEqual(want.length, 5, gdb.stdout);
    assert.deepStrictEqual(insns.slice(3).map((i) => `${BigInt(i.address).toString(16)} ${i.instruction}`), want);
    // Nothing mapped at 0: placeholders.
    const none = await dc.disassembleRequest({ memoryReference: '0x0', instructionCount: 3 });
    assert.deepStrictEqual(none.body!.instructions.map((i) => i.presentationHint), ['invalid', 'invalid', 'invalid']);
    await assert.rejects(dc.disassembleRequest({ memoryReference: pc } as DebugProtocol.DisassembleArguments), /needs an "instructionCount"/);
  });
});

/** The end of a mapping of the traced program with nothing mapped right after it. */
function mappingEnd(): bigint {
  const proc = tracedProcesses().find((p) => p.comm.startsWith('dapdemo'));
  assert.ok(proc, 'the traced program');
  const maps = fs.readFileSync(`/proc/${proc.pid}/maps`, 'utf8').trim().split('\n').map((l) => {
    const [lo, hi] = l.split(' ')[0].split('-');
    return { lo: BigInt(`0x${lo}`), hi: BigInt(`0x${hi}`), readable: l.split(' ')[1].startsWith('r') };
  });
  const found = maps.find((m, k) => m.readable && maps[k + 1] !== undefined && maps[k + 1].lo > m.hi);
  assert.ok(found, 'a mapping with a gap after it');
  return found.hi;
}
