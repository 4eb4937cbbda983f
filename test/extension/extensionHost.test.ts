// The extension's code (vscode-extension/out, built by `npm run package`) run against a small
// stand-in for the `vscode` API whose debug session is a real `rdb dap` (DebugClient): its
// commands and timeline view send the adapter's custom requests and the program moves.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import { compileFixture, fixturesDir, repoRoot } from '../helpers/compile';
import { launchWithBreakpoints, resumeTo, startClient, topFrame } from '../adapter/dapHelpers';

const out = path.join(repoRoot, 'vscode-extension/out');
const source = path.join(fixturesDir, 'dapdemo.c');
const LINE_SCALE = 11;
const LINE_PRINT = 29;

type Fn = (...args: any[]) => any;

/** What the extension registered and showed, through the stand-in. */
interface Host {
  commands: Map<string, Fn>;
  tree?: { getChildren: Fn; getTreeItem: Fn };
  factory?: { createDebugAdapterDescriptor: Fn };
  provider?: { resolveDebugConfiguration: Fn };
  messages: string[];
  refreshed: number;
  editor?: { document: { uri: { fsPath: string }; languageId: string }; selection: { active: { line: number } } };
  session?: { type: string; customRequest: Fn };
  /** What the save dialog answers. */
  savePath?: string;
}

function standIn(host: Host): unknown {
  const disposable = { dispose: () => undefined };
  return {
    debug: {
      get activeDebugSession() { return host.session; },
      registerDebugAdapterDescriptorFactory: (_t: string, f: Host['factory']) => { host.factory = f; return disposable; },
      registerDebugConfigurationProvider: (_t: string, p: Host['provider']) => { host.provider = p; return disposable; },
      registerDebugAdapterTrackerFactory: () => disposable,
      onDidChangeActiveDebugSession: () => disposable,
    },
    window: {
      get activeTextEditor() { return host.editor; },
      createTreeView: (_id: string, o: { treeDataProvider: Host['tree'] }) => { host.tree = o.treeDataProvider; return disposable; },
      showInformationMessage: (m: string) => { host.messages.push(m); },
      showWarningMessage: (m: string) => { host.messages.push(m); },
      showErrorMessage: (m: string) => { host.messages.push(m); },
      showSaveDialog: async () => (host.savePath ? { fsPath: host.savePath } : undefined),
    },
    commands: { registerCommand: (id: string, fn: Fn) => { host.commands.set(id, fn); return disposable; }, executeCommand: async () => undefined },
    workspace: { getConfiguration: () => ({ get: (_k: string, d: unknown) => d }), workspaceFolders: undefined },
    EventEmitter: class { event = () => disposable; fire() { host.refreshed++; } },
    TreeItem: class { constructor(readonly label: string) {} },
    ThemeIcon: class { constructor(readonly id: string) {} },
    DebugAdapterExecutable: class { constructor(readonly command: string, readonly args: string[], readonly options?: unknown) {} },
    Uri: { joinPath: (u: { fsPath: string }, p: string) => ({ fsPath: path.join(u.fsPath, p) }) },
  };
}

/** Loads the built extension with `vscode` resolved to the stand-in and activates it. */
function activate(host: Host): void {
  const Module = require('module') as { _load: Fn };
  const load = Module._load;
  const vscode = standIn(host);
  Module._load = function (this: unknown, request: string, ...rest: unknown[]) { return request === 'vscode' ? vscode : load.call(this, request, ...rest); };
  try {
    for (const f of fs.readdirSync(out)) delete require.cache[path.join(out, f)];
      require(path.join(out, 'extension.js')).activate({ subscriptions: [] });
  } finally {
    Module._load = load;
  }
}

describe('VS Code extension on a real adapter', function () {
  this.timeout(300000);
  let dc: DebugClient;
  let program: string;
  let host: Host;
  before(function () {
    if (!fs.existsSync(path.join(out, 'extension.js'))) this.skip(); // built by extension.test (npm run package)
    program = compileFixture('dapdemo');
  });
  beforeEach(async () => {
    dc = await startClient();
    host = { commands: new Map(), messages: [], refreshed: 0 };
    host.session = { type: 'rdb', customRequest: async (command: string, args?: unknown) => (await dc.customRequest(command, args)).body };
    activate(host);
  });
  afterEach(async () => { await dc.stop(); });

  it('runs the adapter of this clone and resolves F5 without a launch.json to the C file\'s program', () => {
    const d = host.factory!.createDebugAdapterDescriptor(host.session);
    assert.deepStrictEqual([d.command, d.args], ['node', [path.join(repoRoot, 'bin/rdb.js'), 'dap']]);
    host.editor = { document: { uri: { fsPath: source }, languageId: 'c' }, selection: { active: { line: 0 } } };
    const config = host.provider!.resolveDebugConfiguration(undefined, {});
    assert.deepStrictEqual([config.type, config.request, config.program, config.stopOnEntry], ['rdb', 'launch', source.slice(0, -2), true]);
    assert.strictEqual(host.provider!.resolveDebugConfiguration(undefined, { type: 'rdb', request: 'launch', name: 'x' }), undefined);
    assert.match(host.messages.join('\n'), /needs "program".*or "coreFile"/);
    const post = { type: 'rdb', request: 'launch', name: 'core', coreFile: '/tmp/core' };
    assert.strictEqual(host.provider!.resolveDebugConfiguration(undefined, post), post);
  });

  it('takes a checkpoint, lists the timeline, travels by a click, runs back to the cursor', async () => {
    const ev = await launchWithBreakpoints(dc, program, source, [{ line: LINE_SCALE }]);
    const thread = ev.body.threadId!;
    await host.commands.get('rdb.takeCheckpoint')!();
    assert.match(host.messages.join('\n'), /checkpoint 1 taken \(process \d+\)/);
    await resumeTo(dc, () => dc.continueRequest({ threadId: thread }));
    await resumeTo(dc, () => dc.continueRequest({ threadId: thread }));
    // The view: the stops, then the checkpoints (0, the present, and 1 at scale's first call).
    const entries = await host.tree!.getChildren();
    const items = entries.map((e: unknown) => host.tree!.getTreeItem(e));
    const labels = items.map((i: { label: string; description: string }) => `${i.label} ${i.description}`);
    assert.ok(labels.includes('▶ #' + entries.find((e: { current: boolean; kind: string }) => e.current && e.kind === 'stop').id.split(':')[1] + ` scale dapdemo.c:${LINE_SCALE}`), labels.join('\n'));
    const cp = items.find((i: { label: string }) => i.label === 'checkpoint 1');
    assert.ok(cp, labels.join('\n'));
    assert.strictEqual(cp.description, `scale dapdemo.c:${LINE_SCALE}`);
    // A click on the checkpoint: the program is at scale's first call again (v = 0).
    assert.strictEqual(cp.command.command, 'rdb.travel');
    await resumeTo(dc, () => host.commands.get(cp.command.command)!(...cp.command.arguments));
    let f = await topFrame(dc, thread);
    assert.strictEqual(f.line, LINE_SCALE);
    const v = await dc.evaluateRequest({ expression: 'v', frameId: f.id, context: 'watch' });
    assert.strictEqual(v.body.result, '0');
    // On to the third call, then Reverse Run to Cursor at line 29: round 1's print (i = 1).
    await resumeTo(dc, () => dc.continueRequest({ threadId: thread }));
    await resumeTo(dc, () => dc.continueRequest({ threadId: thread }));
    host.editor = { document: { uri: { fsPath: source }, languageId: 'c' }, selection: { active: { line: LINE_PRINT - 1 } } };
    await resumeTo(dc, () => host.commands.get('rdb.reverseRunToCursor')!());
    f = await topFrame(dc, thread);
    assert.strictEqual(f.line, LINE_PRINT);
    assert.strictEqual((await dc.evaluateRequest({ expression: 'i', frameId: f.id, context: 'watch' })).body.result, '1');
    // Save Super Core Dump: the file the dialog names.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rdb-extcore-'));
    try {
      host.savePath = path.join(dir, 'core');
      await host.commands.get('rdb.saveCoreDump')!();
      assert.ok(fs.statSync(host.savePath).size > 0, 'a core file');
      assert.match(host.messages[host.messages.length - 1], /saved .*core/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
