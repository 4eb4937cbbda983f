// How tests start gdb, the oracle: with a preloaded helper (gdbxstate.c) so that gdb 13 can write
// registers back on CPUs with AMX, whose XSAVE area is larger than gdb's buffer; the helper is
// kept out of the debugged program's environment.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { repoRoot } from './compile';

let shim: string | undefined;

function shimPath(): string {
  if (!shim) {
    const src = path.join(repoRoot, 'test/helpers/gdbxstate.c');
    const dir = path.join(repoRoot, 'test/.build');
    const out = path.join(dir, 'gdbxstate.so');
    fs.mkdirSync(dir, { recursive: true });
    if (!fs.existsSync(out) || fs.statSync(out).mtimeMs < fs.statSync(src).mtimeMs) {
      const tmp = `${out}.tmp${process.pid}`;
      execFileSync('gcc', ['-shared', '-fPIC', '-O2', '-o', tmp, src, '-ldl'], { stdio: 'pipe' });
      fs.renameSync(tmp, out);
    }
    shim = out;
  }
  return shim;
}

/** gdb's argv prefix and environment for a test run (env: the base environment to extend). */
export function gdbLaunch(env: NodeJS.ProcessEnv = process.env): { args: string[]; env: NodeJS.ProcessEnv } {
  const preload = [shimPath(), env.LD_PRELOAD].filter((p) => p).join(':');
  const restore = env.LD_PRELOAD ? ['-iex', `set environment LD_PRELOAD ${env.LD_PRELOAD}`] : ['-iex', 'unset environment LD_PRELOAD'];
  // A shell sets `_` to the command it runs: gdb's path for gdb (rdb gets node's, see rdbEnv).
  return { args: restore, env: { ...notFromNpx(env), LD_PRELOAD: preload, _: gdbPath() } };
}

let gdbFile: string | undefined;

function gdbPath(): string {
  gdbFile ??= execFileSync('sh', ['-c', 'command -v gdb'], { encoding: 'utf8' }).trim();
  return gdbFile;
}

/** rdb's environment for a run compared with gdbLaunch's: as a shell running `node rdb.js` sets it. */
export function rdbEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return { ...notFromNpx(env), _: process.execPath };
}

/** The environment without npm's mark of `npx`: rdb started under it gives the program the
 * environment from before npm, gdb would not. */
function notFromNpx(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { npm_command: _npm, ...rest } = env;
  return rest;
}
