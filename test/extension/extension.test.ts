// The VS Code extension (vscode-extension/) without VS Code: its package.json contributes the
// rdb debug type, schema, commands and view the extension's code registers; its custom requests
// are the adapter's; it packages to a .vsix offline and finds the adapter as the settings say.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { customRequests } from '../../adapter/custom';
import { Debugger } from '../../src/debugger/Debugger';
import { repoRoot } from '../helpers/compile';

const extDir = path.join(repoRoot, 'vscode-extension');
const manifest = JSON.parse(fs.readFileSync(path.join(extDir, 'package.json'), 'utf8'));
const sources = fs.readdirSync(path.join(extDir, 'src')).map((f) => fs.readFileSync(path.join(extDir, 'src', f), 'utf8')).join('\n');

/** The .ts files of `dir` (recursively), without node_modules. */
function tsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : tsFiles(p);
    return e.name.endsWith('.ts') ? [p] : [];
  });
}

describe('VS Code extension', function () {
  this.timeout(120000);

  it('contributes the rdb debug type with a documented launch schema, configurations and snippets', () => {
    const [dbg, ...others] = manifest.contributes.debuggers;
    assert.strictEqual(others.length, 0);
    assert.strictEqual(dbg.type, 'rdb');
    assert.strictEqual(dbg.label, 'rdb (reversible)');
    assert.deepStrictEqual(dbg.languages, ['c', 'cpp']);
    assert.deepStrictEqual(manifest.contributes.breakpoints.map((b: { language: string }) => b.language), ['c', 'cpp']);
    const launch = dbg.configurationAttributes.launch;
    // "program" or "coreFile" (a post-mortem launch): the extension checks for one of them.
    assert.strictEqual(launch.required, undefined);
    // The adapter's LaunchArguments (adapter/session.ts), no more.
    assert.deepStrictEqual(Object.keys(launch.properties).sort(), ['args', 'coreFile', 'cwd', 'dumpOnCrash', 'env', 'program', 'stopOnEntry']);
    for (const [name, p] of Object.entries(launch.properties) as Array<[string, { description?: string; type?: unknown }]>) {
      assert.ok(p.description && p.description.length > 10, `${name} is documented`);
      assert.ok(p.type, `${name} has a type`);
    }
    assert.strictEqual(launch.properties.args.items.type, 'string');
    const configs = [...dbg.initialConfigurations, ...dbg.configurationSnippets.map((s: { body: unknown }) => s.body)];
    assert.ok(configs.length >= 3);
    assert.ok(configs.some((c) => /workspaceFolder/.test(c.coreFile ?? '')), 'a snippet opens a core file');
    for (const c of configs) {
      assert.strictEqual(c.type, 'rdb');
      assert.strictEqual(c.request, 'launch');
      assert.match(c.program, /workspaceFolder/);
    }
    assert.ok(manifest.activationEvents.includes('onDebugResolve:rdb'));
    assert.strictEqual(manifest.main, './out/extension.js');
  });

  it('contributes the commands, the timeline view and the settings its code registers', () => {
    const contributed = manifest.contributes.commands.map((c: { command: string }) => c.command).sort();
    for (const c of ['rdb.reverseRunToCursor', 'rdb.takeCheckpoint', 'rdb.showTimeline', 'rdb.saveCoreDump']) assert.ok(contributed.includes(c), c);
    const registered = [...sources.matchAll(/registerCommand\('([\w.]+)'/g)].map((m) => m[1]).sort();
    assert.deepStrictEqual(registered, contributed);
    const titles = manifest.contributes.commands.map((c: { category: string; title: string }) => `${c.category}: ${c.title}`);
    for (const t of ['rdb: Reverse Run to Cursor', 'rdb: Take Checkpoint', 'rdb: Show Timeline', 'rdb: Save Super Core Dump']) assert.ok(titles.includes(t), t);
    assert.deepStrictEqual(manifest.contributes.views.debug.map((v: { id: string }) => v.id), ['rdb.timeline']);
    assert.match(sources, /createTreeView\('rdb\.timeline'/);
    assert.strictEqual(manifest.contributes.configuration.properties['rdb.path'].type, 'string');
    assert.match(sources, /getConfiguration\('rdb'/);
  });

  it('sends only custom requests the adapter serves', () => {
    const used = [...new Set([...sources.matchAll(/customRequest\('([\w/]+)'/g)].map((m) => m[1]))].sort();
    assert.deepStrictEqual(used, ['rdb/checkpoint', 'rdb/gcore', 'rdb/reverseRunToCursor', 'rdb/timeline', 'rdb/travel']);
    const served = customRequests({ dbg: new Debugger(), reverseContinue: () => Promise.reject(new Error('unused')) });
    for (const r of used) assert.ok(served.has(r), r);
  });

  it('stays apart: only vscode-extension/ imports vscode, and the root build leaves it out', () => {
    const tsconfig = JSON.parse(fs.readFileSync(path.join(repoRoot, 'tsconfig.json'), 'utf8'));
    assert.ok(tsconfig.include.every((p: string) => !p.startsWith('vscode-extension')), 'root tsconfig');
    const importsVscode = /from '(vscode)'|require\('(vscode)'\)/;
    const outside = ['src', 'adapter', 'test', 'bench'].flatMap((d) => tsFiles(path.join(repoRoot, d))).filter((f) => importsVscode.test(fs.readFileSync(f, 'utf8')));
    assert.deepStrictEqual(outside, []);
    assert.ok(importsVscode.test(sources), 'the extension itself does');
  });

  it('packages to a .vsix without network, which finds the adapter as the settings say', function () {
    if (!fs.existsSync(path.join(extDir, 'node_modules/.bin/vsce'))) this.skip(); // `npm install` in vscode-extension/ first
    const vsix = path.join(extDir, 'rdb-0.1.0.vsix');
    fs.rmSync(vsix, { force: true });
    // unshare -n: a network namespace with nothing in it.
    execFileSync('unshare', ['-n', 'npm', 'run', 'package'], { cwd: extDir, stdio: 'pipe' });
    const listing = execFileSync('unzip', ['-l', vsix], { encoding: 'utf8' });
    for (const f of ['extension/package.json', 'extension/out/extension.js', 'extension/out/timelineView.js', 'extension/out/home.json']) assert.match(listing, new RegExp(` ${f}\n`), f);
    assert.doesNotMatch(listing, /extension\/src\/|node_modules/);
    const out = path.join(extDir, 'out');
    const { adapterCommand, builtFrom } = require(path.join(out, 'adapterCommand.js'));
    assert.strictEqual(builtFrom(out), repoRoot);
    assert.deepStrictEqual(adapterCommand('', 'node', repoRoot), { command: 'node', args: [path.join(repoRoot, 'bin/rdb.js'), 'dap'] });
    assert.deepStrictEqual(adapterCommand('', 'node', '/nonexistent'), { command: 'rdb', args: ['dap'] });
    assert.deepStrictEqual(adapterCommand('/opt/rdb/bin/rdb.js', '/usr/local/bin/node', repoRoot), { command: '/usr/local/bin/node', args: ['/opt/rdb/bin/rdb.js', 'dap'] });
    assert.deepStrictEqual(adapterCommand('/usr/local/bin/rdb', 'node', repoRoot), { command: '/usr/local/bin/rdb', args: ['dap'] });
  });
});
