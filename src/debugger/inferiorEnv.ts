// The environment and executable path an inferior starts with, chosen so that its stack
// layout matches a gdb session on the same machine: gdb execs the program by its absolute
// path with the directories resolved, through a shell that sets PWD, and adds COLUMNS and
// LINES; a bash that started rdb set `_` to node where it would have named gdb. When rdb itself was started through `npx rdb` / `npm exec`, the program gets the
// environment the user gave npm, not the npm_* variables and PATH entries npm added.
import * as fs from 'fs';
import * as path from 'path';
import { UserError } from './events';

/** gdb's form of the program path: real directory, file name kept (a link stays a link). */
export function inferiorExecPath(absolute: string): string {
  try {
    return path.join(fs.realpathSync(path.dirname(absolute)), path.basename(absolute));
  } catch {
    return absolute;
  }
}

/** The environment for the inferior: the user's, plus what gdb adds. */
export function inferiorEnvironment(base: NodeJS.ProcessEnv, throughShell = true): string[] {
  const env: Record<string, string> = {};
  const user = base.npm_command === 'exec' ? environmentBeforeNpm() : undefined;
  for (const [k, v] of Object.entries(user ?? base)) if (v !== undefined) env[k] = v;
  if (throughShell) env.PWD = shellPwd(env.PWD);
  if (env._ !== undefined && startedRdb(env._)) env._ = gdbPath(env.PATH);
  if (env.LINES === undefined) env.LINES = String(process.stdout.isTTY ? process.stdout.rows : 24);
  if (env.COLUMNS === undefined) env.COLUMNS = String(process.stdout.isTTY ? process.stdout.columns : 80);
  return Object.entries(env).map(([k, v]) => `${k}=${v}`);
}

/** Whether `_` (which bash sets to the command it runs) names node or rdb's own script: that is,
 * the user's shell ran rdb where it would have run gdb. */
function startedRdb(underscore: string): boolean {
  const real = (p: string | undefined): string | undefined => {
    try { return p === undefined ? undefined : fs.realpathSync(p); } catch { return undefined; }
  };
  const r = real(underscore);
  return r !== undefined && (r === real(process.execPath) || r === real(process.argv[1]));
}

/** Where bash would have found `gdb` on PATH (its `_` for a gdb session). */
function gdbPath(pathVar: string | undefined): string {
  for (const dir of (pathVar ?? '').split(':')) {
    if (!dir) continue;
    const candidate = path.join(dir, 'gdb');
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch { /* not in this directory */ }
  }
  return '/usr/bin/gdb';
}

/** PWD as the shell gdb starts programs with leaves it: kept if it names the working directory. */
function shellPwd(pwd: string | undefined): string {
  const cwd = process.cwd();
  if (pwd === undefined || !path.isAbsolute(pwd)) return cwd;
  try {
    const a = fs.statSync(pwd);
    const b = fs.statSync(cwd);
    return a.dev === b.dev && a.ino === b.ino ? pwd : cwd;
  } catch {
    return cwd;
  }
}

/** The initial environment of the npm/npx process that started rdb (directly or through a shell). */
function environmentBeforeNpm(): Record<string, string> | undefined {
  let pid = process.ppid;
  for (let depth = 0; depth < 3 && pid > 1; depth++) {
    try {
      const argv = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      if (/^np[mx]( |$)/.test(argv[0]) || argv.some((a) => /np[mx]-cli\.js$/.test(a))) {
        return parseEnviron(fs.readFileSync(`/proc/${pid}/environ`, 'utf8'));
      }
      if (!/(^|\/)(sh|dash|bash)$/.test(argv[0])) return undefined;
      const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
      pid = Number(/^PPid:\s+(\d+)/m.exec(status)?.[1] ?? 0);
    } catch {
      return undefined;
    }
  }
  return undefined;
}

function parseEnviron(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const entry of text.split('\0')) {
    const eq = entry.indexOf('=');
    if (eq > 0) env[entry.slice(0, eq)] = entry.slice(eq + 1);
  }
  return env;
}

/** The program's arguments from gdb's `set args TEXT`: words split as a shell splits them (quotes
 * and backslashes), for a start without a shell (`set startup-with-shell off`) and for showing. */
export function splitArguments(text: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (/\s/.test(ch)) { if (word !== undefined) words.push(word); word = undefined; continue; }
    word ??= '';
    if (ch === '\\' && i + 1 < text.length) word += text[++i];
    else if (ch === "'" || ch === '"') {
      const end = text.indexOf(ch, i + 1);
      if (end < 0) throw new UserError(`Unmatched ${ch} in the program's arguments.`);
      word += text.slice(i + 1, end).replace(ch === '"' ? /\\(["\\$`])/g : /$^/g, '$1');
      i = end;
    } else word += ch;
  }
  if (word !== undefined) words.push(word);
  return words;
}
