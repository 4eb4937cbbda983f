// Drives rdb at a pseudo-terminal (test/helpers/ptyDriver.py): a script of what to send and what
// to wait for, as a user at a terminal types and reads; the transcript without cursor moves.
import { spawnSync } from 'child_process';
import * as path from 'path';
import { rdbEnv } from './gdb';

const rdbBin = path.join(__dirname, '../../../bin/rdb.js');
const driver = path.join(__dirname, '../../../test/helpers/ptyDriver.py');

export type Step = ['expect' | 'send', string];

/** One command at the prompt, waiting for its output (`upTo`) and the next prompt. */
export const command = (line: string, upTo: string): Step[] => [['send', `${line}\n`], ['expect', upTo], ['expect', '(rdb) ']];

/** Runs `rdb args` at a terminal through `script`: its exit status and transcript. */
export function atTerminal(script: Step[], args: string[], cwd: string): { status: number | null; out: string } {
  const r = spawnSync('python3', [driver, JSON.stringify(script), process.execPath, rdbBin, ...args],
    { cwd, env: { ...rdbEnv(), LC_ALL: 'C', TERM: 'dumb' }, encoding: 'utf8', timeout: 170000 });
  return { status: r.status, out: r.stdout.replace(/\r+\n/g, '\n').replace(/\x1b\[[0-9;]*[A-Za-z]/g, '') };
}
