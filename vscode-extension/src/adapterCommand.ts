// Which command runs rdb's debug adapter (`rdb dap`), from the extension's settings; no
// `vscode` here, so that it is testable outside VS Code.
import * as fs from 'fs';
import * as path from 'path';

export interface AdapterCommand { command: string; args: string[] }

/**
 * `rdbPath`: the rdb.path setting: a bin/rdb.js (run with `node`, the rdb.node setting) or an
 * executable; empty, the bin/rdb.js of the clone this extension was built from (`home`), if it
 * is there, else `rdb` found on the PATH.
 */
export function adapterCommand(rdbPath: string, node: string, home?: string): AdapterCommand {
  const bundled = home && path.join(home, 'bin', 'rdb.js');
  const rdb = rdbPath.trim() || (bundled && fs.existsSync(bundled) ? bundled : 'rdb');
  if (rdb.endsWith('.js')) return { command: node.trim() || 'node', args: [rdb, 'dap'] };
  return { command: rdb, args: ['dap'] };
}

/** The clone recorded at build time (scripts/home.js), if any. */
export function builtFrom(outDir: string): string | undefined {
  try {
    return (JSON.parse(fs.readFileSync(path.join(outDir, 'home.json'), 'utf8')) as { root?: string }).root;
  } catch {
    return undefined;
  }
}
