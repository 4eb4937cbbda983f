// End to end in a real VS Code (code-server in chromium): the packaged extension debugs the
// bundled example; F5, breakpoints, steps forward, and the toolbar's Step Back and Reverse
// buttons move the editor's highlighted line and the Variables view as the program ran.
// Run with `npm run test:e2e` (not part of `npm test`: it installs code-server on first use).
import * as assert from 'assert';
import * as fs from 'fs';
import { CodeServer, makeWorkspace, packageExtension, processesOf, settle, type Workspace } from './codeServer';
import { ensureTools, type Tools } from './install';
import { Workbench } from './workbench';

/** The 1-based line of `source` holding `text` (found, so that editing the example keeps the test right). */
function lineOf(source: string, text: string): number {
  const i = fs.readFileSync(source, 'utf8').split('\n').findIndex((l) => l.includes(text));
  assert.ok(i >= 0, `no line of ${source} holds ${text}`);
  return i + 1;
}

describe('VS Code end to end (code-server)', function () {
  this.timeout(120000);
  this.bail(true);
  const log = (s: string): void => { process.stdout.write(`      [e2e] ${s}\n`); };
  let tools: Tools;
  let ws: Workspace;
  let server: CodeServer | undefined;
  let wb: Workbench | undefined;
  let failed = false;
  let entry = 0;
  let body = 0;
  let loop = 0;

  before(async function () {
    this.timeout(30 * 60000);
    failed = true; // until the set-up is through: a failed one keeps the workspace too
    tools = ensureTools(log);
    ws = makeWorkspace({ stopOnEntry: true });
    entry = lineOf(ws.source, 'double total = 0;');
    body = lineOf(ws.source, 'total += item_value');
    loop = lineOf(ws.source, 'for (i = 0;');
    log(`workspace ${ws.folder}`);
    CodeServer.installExtension(tools, ws, packageExtension());
    server = await CodeServer.start(tools, ws);
    log(`code-server ${server.url} (pid ${server.pid})`);
    wb = await Workbench.open(tools.playwright, server.url, ws.folder, ws.root);
    failed = false;
  });

  afterEach(function () { if (this.currentTest?.state === 'failed') failed = true; });

  after(async function () {
    this.timeout(60000);
    await wb?.close();
    const left = (await server?.stop()) ?? [];
    const programs = ws ? processesOf(ws.program) : [];
    if (ws && !failed && left.length === 0 && programs.length === 0) fs.rmSync(ws.root, { recursive: true, force: true });
    else if (ws) log(`kept ${ws.root} (screenshots, workspace)`);
    assert.deepStrictEqual(left, [], 'processes outlived code-server');
    assert.deepStrictEqual(programs, [], 'the debugged program (or a checkpoint of it) outlived code-server');
  });

  it('opens the example and sets a breakpoint from the keyboard', async () => {
    await wb!.openFile('inventory.c');
    await wb!.toggleBreakpoint(body);
    await wb!.showRunAndDebug();
  });

  it('F5 starts the launch.json configuration and stops at main (stopOnEntry)', async () => {
    await wb!.press('F5');
    // Its locals are not set yet: only their names are known.
    const s = await wb!.expectStop('entry', entry, {}, ['total', 'i']);
    assert.strictEqual(s.file, 'inventory.c');
  });

  it('Continue stops at the breakpoint, twice', async () => {
    await wb!.press('F5');
    await wb!.expectStop('continue to the breakpoint', body, { i: '0', total: '0' });
    await wb!.press('F5');
    await wb!.expectStop('continue to the breakpoint again', body, { i: '1', total: '30' });
  });

  it('Step Over goes forward line by line', async () => {
    await wb!.press('F10');
    await wb!.expectStop('step over to the loop', loop, { i: '1', total: '60' });
    await wb!.press('F10');
    await wb!.expectStop('step over into the body', body, { i: '2', total: '60' });
    await wb!.press('F10');
    await wb!.expectStop('step over to the loop again', loop, { i: '2', total: '63.75' });
  });

  it('the toolbar\'s Step Back goes back a line at a time', async () => {
    await wb!.toolbar('Step Back');
    await wb!.expectStop('step back into the body', body, { i: '2', total: '60' });
    await wb!.toolbar('Step Back');
    await wb!.expectStop('step back to the loop', loop, { i: '1', total: '60' });
  });

  it('the toolbar\'s Reverse (continue) goes back to the breakpoint\'s earlier hits', async () => {
    await wb!.toolbar('Reverse');
    await wb!.expectStop('reverse continue to the breakpoint', body, { i: '1', total: '30' });
    await wb!.toolbar('Reverse');
    await wb!.expectStop('reverse continue to its first hit', body, { i: '0', total: '0' });
  });

  it('Continue from the past replays to the next hit', async () => {
    await wb!.toolbar('Continue');
    await wb!.expectStop('continue from the past', body, { i: '1', total: '30' });
  });

  it('Stop (Shift+F5) ends the session and leaves no program or checkpoint behind', async () => {
    assert.ok(processesOf(ws.program).length > 0, 'the program runs while debugged');
    await wb!.press('Shift+F5');
    await wb!.waitForToolbar(false);
    if (!(await settle(() => processesOf(ws.program).length === 0, 15000))) {
      throw new Error(`15 s after Stop, processes of ${ws.program} remain: ${processesOf(ws.program).join(' ')}`);
    }
  });
});
