// rdb's VS Code extension: the "rdb" debug type, run by rdb's adapter (`rdb dap`) as its own
// process, and commands on the adapter's custom requests: reverse run to the cursor, take a
// checkpoint, the timeline view (travel to a stop or checkpoint), save a core dump.
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { adapterCommand, builtFrom } from './adapterCommand';
import { rdbSession, TimelineProvider, type TimelineEntry } from './timelineView';

class AdapterFactory implements vscode.DebugAdapterDescriptorFactory {
  createDebugAdapterDescriptor(session: vscode.DebugSession): vscode.DebugAdapterDescriptor {
    const settings = vscode.workspace.getConfiguration('rdb', session.workspaceFolder);
    const { command, args } = adapterCommand(settings.get<string>('path', ''), settings.get<string>('node', 'node'), builtFrom(__dirname));
    const cwd = session.workspaceFolder?.uri.fsPath;
    return new vscode.DebugAdapterExecutable(command, args, cwd ? { cwd } : undefined);
  }
}

class ConfigurationProvider implements vscode.DebugConfigurationProvider {
  /** F5 without a launch.json: debug the program built from the C file in the editor (its
   * name without the extension, or with .out instead), stopping at main. */
  resolveDebugConfiguration(_folder: vscode.WorkspaceFolder | undefined, config: vscode.DebugConfiguration): vscode.DebugConfiguration | undefined {
    if (!config.type && !config.request && !config.name) {
      const doc = vscode.window.activeTextEditor?.document;
      if (doc && (doc.languageId === 'c' || doc.languageId === 'cpp')) {
        const base = doc.uri.fsPath.slice(0, -path.extname(doc.uri.fsPath).length);
        const program = [base, `${base}.out`].find((p) => fs.existsSync(p)) ?? base;
        Object.assign(config, { type: 'rdb', request: 'launch', name: 'rdb: this file\'s program', program, stopOnEntry: true });
      }
    }
    if (!config.program && !config.coreFile) {
      void vscode.window.showErrorMessage('rdb: the launch configuration needs "program", the executable to debug (or "coreFile", a core file to open).');
      return undefined;
    }
    return config;
  }
}

/** Runs `fn` on the active rdb session; errors become messages. */
async function withSession(fn: (s: vscode.DebugSession) => Thenable<unknown>): Promise<void> {
  const session = rdbSession();
  if (!session) {
    void vscode.window.showWarningMessage('rdb: no rdb debug session is active.');
    return;
  }
  try {
    await fn(session);
  } catch (e) {
    void vscode.window.showErrorMessage(`rdb: ${e instanceof Error ? e.message : String(e)}`);
  }
}

export function activate(context: vscode.ExtensionContext): void {
  const timeline = new TimelineProvider();
  const view = vscode.window.createTreeView('rdb.timeline', { treeDataProvider: timeline });
  const sub = context.subscriptions;
  sub.push(view);
  sub.push(vscode.debug.registerDebugAdapterDescriptorFactory('rdb', new AdapterFactory()));
  sub.push(vscode.debug.registerDebugConfigurationProvider('rdb', new ConfigurationProvider()));
  // The timeline changes at every stop.
  sub.push(vscode.debug.registerDebugAdapterTrackerFactory('rdb', {
    createDebugAdapterTracker: () => ({
      onDidSendMessage: (m: { type?: string; event?: string }) => { if (m.type === 'event' && (m.event === 'stopped' || m.event === 'terminated')) timeline.refresh(); },
    }),
  }));
  sub.push(vscode.debug.onDidChangeActiveDebugSession(() => timeline.refresh()));

  sub.push(vscode.commands.registerCommand('rdb.reverseRunToCursor', () => withSession(async (s) => {
    const editor = vscode.window.activeTextEditor;
    if (!editor) throw new Error('no editor: put the cursor on the line to run back to.');
    await s.customRequest('rdb/reverseRunToCursor', { source: { path: editor.document.uri.fsPath }, line: editor.selection.active.line + 1 });
  })));
  sub.push(vscode.commands.registerCommand('rdb.takeCheckpoint', () => withSession(async (s) => {
    const r = (await s.customRequest('rdb/checkpoint')) as { checkpoint: number; pid: number };
    timeline.refresh();
    void vscode.window.showInformationMessage(`rdb: checkpoint ${r.checkpoint} taken (process ${r.pid}).`);
  })));
  sub.push(vscode.commands.registerCommand('rdb.showTimeline', async () => {
    timeline.refresh();
    await vscode.commands.executeCommand('rdb.timeline.focus');
  }));
  sub.push(vscode.commands.registerCommand('rdb.refreshTimeline', () => timeline.refresh()));
  sub.push(vscode.commands.registerCommand('rdb.travel', (e: TimelineEntry) => withSession((s) => s.customRequest('rdb/travel', { id: e.id }))));
  sub.push(vscode.commands.registerCommand('rdb.saveCoreDump', () => withSession(async (s) => {
    const folder = s.workspaceFolder?.uri ?? vscode.workspace.workspaceFolders?.[0]?.uri;
    const target = await vscode.window.showSaveDialog({ title: 'Save a super core dump of the program as it stands', saveLabel: 'Save Super Core Dump',
      defaultUri: folder && vscode.Uri.joinPath(folder, 'core') });
    if (!target) return;
    const r = (await s.customRequest('rdb/gcore', { path: target.fsPath })) as { path: string };
    void vscode.window.showInformationMessage(`rdb: saved ${r.path} (rdb --core and gdb open it, rdb --restore brings it back).`);
  })));
}

export function deactivate(): void {}
