// A code-server for the end-to-end run: a temporary workspace holding the bundled example built
// with -g -O0 and a launch.json of type rdb, the extension packaged to a .vsix and installed, the
// server on a free port of 127.0.0.1, and its stop, which must leave no process behind.
import { execFileSync, spawn, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { repoRoot } from '../helpers/compile';
import type { Tools } from './install';

export interface Workspace {
  /** The temporary folder: the opened folder, user data, extensions, screenshots. */
  root: string;
  folder: string;
  source: string;
  program: string;
}

/** The folder VS Code opens: examples/inventory.c, built, and a launch.json debugging it. */
export function makeWorkspace(launch: Record<string, unknown>): Workspace {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'rdb-e2e-'));
  const folder = path.join(root, 'inventory');
  fs.mkdirSync(path.join(folder, '.vscode'), { recursive: true });
  const source = path.join(folder, 'inventory.c');
  fs.copyFileSync(path.join(repoRoot, 'examples', 'inventory.c'), source);
  const program = path.join(folder, 'inventory.out');
  execFileSync('gcc', ['-g', '-O0', '-o', program, source], { stdio: 'pipe' });
  const config = { type: 'rdb', request: 'launch', name: 'rdb: inventory', program: '${workspaceFolder}/inventory.out', cwd: '${workspaceFolder}', ...launch };
  fs.writeFileSync(path.join(folder, '.vscode', 'launch.json'), `${JSON.stringify({ version: '0.2.0', configurations: [config] }, null, 2)}\n`);
  // A quiet workbench: no welcome page, chat, tips, updates or workspace-trust prompt.
  const user = path.join(root, 'user', 'User');
  fs.mkdirSync(user, { recursive: true });
  fs.writeFileSync(path.join(user, 'settings.json'), `${JSON.stringify({
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'chat.disableAIFeatures': true,
    'security.workspace.trust.enabled': false,
    'extensions.autoUpdate': false,
    'extensions.autoCheckUpdates': false,
    'update.mode': 'none',
    'telemetry.telemetryLevel': 'off',
    'editor.minimap.enabled': false,
    'debug.toolBarLocation': 'floating',
  }, null, 2)}\n`);
  return { root, folder, source, program };
}

/** Packages vscode-extension/ to a .vsix (offline, with @vscode/vsce) and returns its path. */
export function packageExtension(): string {
  const dir = path.join(repoRoot, 'vscode-extension');
  if (!fs.existsSync(path.join(dir, 'node_modules', '@vscode', 'vsce'))) {
    throw new Error('e2e set-up: vscode-extension has no dependencies: run `npm ci --prefix vscode-extension` (the root `npm ci` does it).');
  }
  execFileSync('npm', ['run', '--silent', 'package'], { cwd: dir, stdio: 'pipe' });
  const vsix = fs.readdirSync(dir).filter((f) => f.endsWith('.vsix')).map((f) => path.join(dir, f))
    .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs)[0];
  if (!vsix) throw new Error('e2e set-up: `npm run package` in vscode-extension made no .vsix.');
  return vsix;
}

export class CodeServer {
  private constructor(private readonly child: ChildProcess, readonly url: string, private readonly exited: Promise<void>, readonly log: () => string) {}

  /** The server's common arguments: everything in the workspace's temporary folder. */
  private static args(ws: Workspace): string[] {
    const config = path.join(ws.root, 'config.yaml');
    if (!fs.existsSync(config)) fs.writeFileSync(config, 'auth: none\n');
    return ['--config', config, '--user-data-dir', path.join(ws.root, 'user'), '--extensions-dir', path.join(ws.root, 'extensions')];
  }

  /** The environment code-server runs in: `node` on its PATH is the Node that runs these tests
   * (the one rdb's native addon is built for), not code-server's Node 24. */
  private static env(): NodeJS.ProcessEnv {
    return { ...process.env, PATH: `${path.dirname(process.execPath)}:${process.env.PATH}` };
  }

  static installExtension(tools: Tools, ws: Workspace, vsix: string): void {
    const out = execFileSync(tools.node24, [tools.codeServer, ...CodeServer.args(ws), '--install-extension', vsix], { env: CodeServer.env(), stdio: 'pipe' }).toString();
    if (!/successfully installed/.test(out)) throw new Error(`e2e set-up: code-server did not install ${vsix}:\n${out}`);
  }

  /** Starts the server on a port the kernel picks (it says which), in its own process group. */
  static async start(tools: Tools, ws: Workspace, timeoutMs = 60000): Promise<CodeServer> {
    const child = spawn(tools.node24, [tools.codeServer, ...CodeServer.args(ws), '--auth', 'none', '--bind-addr', '127.0.0.1:0',
      '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override', ws.folder],
    { env: CodeServer.env(), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`code-server did not say where it listens within ${timeoutMs} ms:\n${text}`)), timeoutMs);
      const onData = (b: Buffer): void => {
        text += b.toString();
        const m = /HTTP server listening on (http:\/\/127\.0\.0\.1:\d+)\//.exec(text);
        if (m) { clearTimeout(timer); resolve(m[1]); }
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      child.once('exit', (code, signal) => { clearTimeout(timer); reject(new Error(`code-server exited (${code ?? signal}) before listening:\n${text}`)); });
    });
    return new CodeServer(child, url, exited, () => text);
  }

  get pid(): number { return this.child.pid!; }

  /** Stops the server and all it started; returns the processes that outlived it (a bug). */
  async stop(): Promise<string[]> {
    const tree = descendants(this.pid);
    if (this.child.exitCode === null && this.child.signalCode === null) {
      try { process.kill(-this.pid, 'SIGTERM'); } catch { /* already gone */ }
      const timeout = new Promise<'timeout'>((resolve) => { const t = setTimeout(() => resolve('timeout'), 10000); t.unref(); });
      if (await Promise.race([this.exited, timeout]) === 'timeout') process.kill(-this.pid, 'SIGKILL');
      await this.exited;
    }
    // What it started ends on its own (the adapter kills the program and its checkpoints on
    // SIGTERM, or when its stdin closes); what still runs after 15 s is reported, then killed.
    await settle(() => !tree.some(alive), 15000);
    const left = tree.filter(alive);
    for (const p of left) { try { process.kill(p.pid, 'SIGKILL'); } catch { /* gone */ } }
    await settle(() => !left.some(alive), 5000);
    return left.map((p) => `${p.pid} ${p.cmd}`);
  }
}

/** Polls a state only the kernel knows (a process gone from /proc) every 50 ms, up to `ms`:
 * there is no event for the end of a process that is not our child. */
export async function settle(cond: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
  return true;
}

interface Proc { pid: number; ppid: number; cmd: string; start: string }

function readProc(pid: number): Proc | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields[0] === 'Z') return undefined;
    const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
    return { pid, ppid: Number(fields[1]), cmd, start: fields[19] };
  } catch {
    return undefined;
  }
}

function allProcs(): Proc[] {
  return fs.readdirSync('/proc').filter((n) => /^\d+$/.test(n)).map((n) => readProc(Number(n))).filter((p): p is Proc => !!p);
}

/** The live processes under `pid`, at this moment. */
export function descendants(pid: number): Proc[] {
  const procs = allProcs();
  const out: Proc[] = [];
  const parents = new Set([pid]);
  for (let grew = true; grew;) {
    grew = false;
    for (const p of procs) {
      if (parents.has(p.ppid) && !parents.has(p.pid)) { parents.add(p.pid); out.push(p); grew = true; }
    }
  }
  return out;
}

/** Still running (the same process: a reused pid has another start time). */
function alive(p: Proc): boolean {
  const now = readProc(p.pid);
  return !!now && now.start === p.start;
}

/** The live processes running `program` (the debugged program and its checkpoints). */
export function processesOf(program: string): number[] {
  return fs.readdirSync('/proc').filter((n) => /^\d+$/.test(n)).filter((n) => {
    try {
      return fs.readlinkSync(`/proc/${n}/exe`) === program && readProc(Number(n)) !== undefined;
    } catch {
      return false;
    }
  }).map(Number);
}
