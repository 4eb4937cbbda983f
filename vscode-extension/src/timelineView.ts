// The "rdb Timeline" view: the stops visited and the checkpoints taken in the active rdb
// session (the adapter's rdb/timeline request); clicking one travels there (rdb/travel).
import * as path from 'path';
import * as vscode from 'vscode';

/** An entry of rdb/timeline's answer (adapter/custom.ts's TimelineEntry). */
export interface TimelineEntry {
  id: string;
  kind: 'stop' | 'checkpoint';
  pc: string;
  file?: string;
  line?: number;
  function?: string;
  current: boolean;
  checkpoint: boolean;
}

export function rdbSession(): vscode.DebugSession | undefined {
  const s = vscode.debug.activeDebugSession;
  return s?.type === 'rdb' ? s : undefined;
}

export class TimelineProvider implements vscode.TreeDataProvider<TimelineEntry> {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;

  refresh(): void { this.changed.fire(); }

  async getChildren(parent?: TimelineEntry): Promise<TimelineEntry[]> {
    const session = rdbSession();
    if (parent || !session) return [];
    try {
      return ((await session.customRequest('rdb/timeline')) as { entries: TimelineEntry[] }).entries;
    } catch {
      return []; // running, or not started yet: the view fills in at the next stop
    }
  }

  getTreeItem(e: TimelineEntry): vscode.TreeItem {
    const where = e.file ? `${path.basename(e.file)}:${e.line}` : e.pc;
    const [kind, n] = e.id.split(':');
    const label = kind === 'stop' ? `#${n} ${e.function ?? '??'}` : n === '0' ? 'present (checkpoint 0)' : `checkpoint ${n}`;
    const item = new vscode.TreeItem(`${e.current ? '▶ ' : ''}${label}`);
    item.description = kind === 'checkpoint' && e.function ? `${e.function} ${where}` : where;
    item.tooltip = `${e.pc}${e.file ? ` ${e.file}:${e.line}` : ''}${e.checkpoint ? ' (a copy of the program is kept here)' : ' (reached by replay)'}`;
    item.iconPath = new vscode.ThemeIcon(kind === 'checkpoint' ? 'bookmark' : e.current ? 'debug-stackframe' : 'circle-small');
    item.command = { command: 'rdb.travel', title: 'Travel Here', arguments: [e] };
    return item;
  }
}
