// The adapter's custom requests (what the VS Code extension sends) through the built adapter:
// rdb/timeline, rdb/travel, rdb/checkpoint, rdb/gcore (read by gdb) and rdb/reverseRunToCursor,
// on test/fixtures/dapdemo.c. Round i of its loop calls scale(i, 2); total after it is i * (i + 1).
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import { compileFixture, fixturesDir } from '../helpers/compile';
import { gdbLaunch } from '../helpers/gdb';
import { launchWithBreakpoints, resumeTo, scopeVariables, startClient, topFrame, valueOf } from './dapHelpers';

const source = path.join(fixturesDir, 'dapdemo.c');
const LINE_SCALE = 11;
const LINE_LOOP = 28;
const LINE_PRINT = 29;

interface Entry { id: string; kind: string; pc: string; file?: string; line?: number; function?: string; current: boolean; checkpoint: boolean }

async function timeline(dc: DebugClient): Promise<Entry[]> {
  return (await dc.customRequest('rdb/timeline')).body.entries as Entry[];
}

describe('DAP custom requests (rdb dap)', function () {
  this.timeout(300000);
  let dc: DebugClient;
  let program: string;
  before(() => { program = compileFixture('dapdemo'); });
  beforeEach(async () => { dc = await startClient(); });
  afterEach(async () => { await dc.stop(); });

  it('lists the stops visited, travels back to one, and on to the present', async () => {
    const ev = await launchWithBreakpoints(dc, program, source, [{ line: LINE_LOOP, hitCondition: '2' }]);
    const thread = ev.body.threadId!;
    await resumeTo(dc, () => dc.nextRequest({ threadId: thread }));
    await resumeTo(dc, () => dc.nextRequest({ threadId: thread }));
    await resumeTo(dc, () => dc.nextRequest({ threadId: thread }));
    const entries = await timeline(dc);
    const stops = entries.filter((e) => e.kind === 'stop');
    // Stops: the program's start, the breakpoint at 28, then lines 29, 30 and 27 (the loop's head).
    const lines = stops.map((s) => s.line);
    assert.deepStrictEqual(lines.slice(-4), [LINE_LOOP, LINE_PRINT, LINE_PRINT + 1, LINE_LOOP - 1], JSON.stringify(stops));
    assert.deepStrictEqual(stops.filter((s) => s.current).map((s) => s.line), [LINE_LOOP - 1]);
    const atBreak = stops[stops.length - 4];
    assert.strictEqual(atBreak.file, source);
    assert.strictEqual(atBreak.function, 'main');
    assert.match(atBreak.pc, /^0x[0-9a-f]+$/);
    assert.strictEqual(atBreak.checkpoint, true);
    const present = stops[stops.length - 1];
    // Back to the breakpoint's stop: round 1, before scale(1, 2) was called (total 0).
    const back = await resumeTo(dc, () => dc.customRequest('rdb/travel', { id: atBreak.id }));
    assert.strictEqual(back.body.threadId, thread);
    let f = await topFrame(dc, thread);
    assert.strictEqual(f.line, LINE_LOOP);
    assert.strictEqual(valueOf(await scopeVariables(dc, f.id, 'Locals'), 'total'), '0');
    assert.deepStrictEqual((await timeline(dc)).filter((e) => e.current && e.kind === 'stop').map((e) => e.id), [atBreak.id]);
    // And to the present again, after round 1: total 0 + scale(1, 2) = 2.
    await resumeTo(dc, () => dc.customRequest('rdb/travel', { id: present.id }));
    f = await topFrame(dc, thread);
    assert.strictEqual(f.line, LINE_LOOP - 1);
    assert.strictEqual(valueOf(await scopeVariables(dc, f.id, 'Locals'), 'total'), '2');
    await assert.rejects(dc.customRequest('rdb/travel', { id: 'stop:99999' }), /no stop 99999/);
    await assert.rejects(dc.customRequest('rdb/travel', { id: 'nowhere' }), /not a timeline entry/);
    await assert.rejects(dc.customRequest('rdb/travel', { id: 'checkpoint:7' }), /no checkpoint 7/);
    await assert.rejects(dc.customRequest('rdb/travel', {}), /needs "id"/);
  });

  it('takes a checkpoint, which the timeline lists and rdb/travel returns to', async () => {
    const ev = await launchWithBreakpoints(dc, program, source, [{ line: LINE_SCALE }]);
    const thread = ev.body.threadId!;
    const before = (await timeline(dc)).filter((e) => e.kind === 'checkpoint' && e.id !== 'checkpoint:0');
    assert.deepStrictEqual(before, []);
    const taken = (await dc.customRequest('rdb/checkpoint')).body;
    assert.ok(taken.pid > 0, 'the checkpoint is a process');
    const after = (await timeline(dc)).filter((e) => e.kind === 'checkpoint');
    const mine = after.find((e) => e.id === taken.id);
    assert.ok(mine, `checkpoint ${taken.id} among ${JSON.stringify(after)}`);
    assert.strictEqual(mine.line, LINE_SCALE);
    assert.strictEqual(mine.function, 'scale');
    // On to the second call (v = 1), then back to the checkpoint (v = 0).
    await resumeTo(dc, () => dc.continueRequest({ threadId: thread }));
    let f = await topFrame(dc, thread);
    assert.strictEqual(valueOf(await scopeVariables(dc, f.id, 'Arguments'), 'v'), '1');
    await resumeTo(dc, () => dc.customRequest('rdb/travel', { id: taken.id }));
    f = await topFrame(dc, thread);
    assert.strictEqual(f.line, LINE_SCALE);
    assert.strictEqual(valueOf(await scopeVariables(dc, f.id, 'Arguments'), 'v'), '0');
  });

  it('writes a core file gdb reads with the same top frame', async () => {
    const ev = await launchWithBreakpoints(dc, program, source, [{ line: LINE_SCALE, hitCondition: '3' }]);
    const thread = ev.body.threadId!;
    const top = await topFrame(dc, thread);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rdb-dapcore-'));
    try {
      const core = path.join(dir, 'dapdemo.core');
      const r = await dc.customRequest('rdb/gcore', { path: core });
      assert.strictEqual(r.body.path, core);
      assert.ok(fs.statSync(core).size > 0, 'a core file');
      const g = gdbLaunch();
      const out = spawnSync('gdb', ['-nx', ...g.args, '-batch', '-ex', 'bt', program, core], { encoding: 'utf8', env: g.env }).stdout;
      const frame0 = /^#0\s+(?:0x[0-9a-f]+ in )?(\w+) \(([^)]*)\) at [^\n]*:(\d+)$/m.exec(out);
      assert.ok(frame0, `gdb's bt of the core:\n${out}`);
      assert.deepStrictEqual([frame0[1], frame0[2], Number(frame0[3])], [top.name, 'v=2, k=2', top.line]);
      await assert.rejects(dc.customRequest('rdb/gcore', {}), /needs "path"/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('runs back to the cursor\'s line, leaving no breakpoint behind', async () => {
    const ev = await launchWithBreakpoints(dc, program, source, [{ line: LINE_SCALE, hitCondition: '3' }]);
    const thread = ev.body.threadId!;
    // At the third call (i = 2): back to line 29 of round 1 (total 2 * (0 + 1) = 2).
    const back = await resumeTo(dc, () => dc.customRequest('rdb/reverseRunToCursor', { source: { path: source }, line: LINE_PRINT }));
    assert.strictEqual(back.body.reason, 'goto');
    assert.strictEqual(back.body.hitBreakpointIds, undefined);
    const f = await topFrame(dc, thread);
    assert.strictEqual(f.line, LINE_PRINT);
    const locals = await scopeVariables(dc, f.id, 'Locals');
    assert.deepStrictEqual([valueOf(locals, 'i'), valueOf(locals, 'total')], ['1', '2']);
    // The temporary breakpoint is gone: going on stops at scale's breakpoint, not at line 29.
    await resumeTo(dc, () => dc.continueRequest({ threadId: thread }));
    const g = await topFrame(dc, thread);
    assert.strictEqual(g.line, LINE_SCALE);
    await assert.rejects(dc.customRequest('rdb/reverseRunToCursor', { line: 3 }), /needs "source"/);
    await assert.rejects(dc.customRequest('rdb/reverseRunToCursor', { source: { path: source }, line: 9999 }), /9999/);
    // Still serving, where it was.
    assert.strictEqual((await topFrame(dc, thread)).line, LINE_SCALE);
  });

  it('refuses custom requests before launch and unknown ones', async () => {
    await dc.initializeRequest();
    await assert.rejects(dc.customRequest('rdb/timeline'), /No program is being debugged/);
    await assert.rejects(dc.customRequest('rdb/nosuch'), /does not know the request "rdb\/nosuch"/);
  });
});
