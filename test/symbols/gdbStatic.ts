// Runs gdb on an executable without starting it (gdb reads the file statically) and returns
// each command's output separately: the oracle for the symbol layer's tests.
import { spawnSync } from 'child_process';

const MARK = '@@rdb-oracle@@';

/** Output of each command, in order. gdb keeps going after a failing command with -ex. */
export function gdbOutputs(program: string, commands: string[]): string[] {
  const argv = ['-nx', '-batch'];
  for (const c of commands) argv.push('-ex', `echo ${MARK}\\n`, '-ex', c);
  argv.push(program);
  const r = spawnSync('gdb', argv, { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' }, maxBuffer: 64 << 20 });
  if (r.error) throw r.error;
  // stderr (error messages) is interleaved by command only through stdout's marks; merge per mark.
  const parts = `${r.stdout}`.split(`${MARK}\n`).slice(1);
  if (parts.length !== commands.length) throw new Error(`gdb oracle: expected ${commands.length} outputs, got ${parts.length}\n${r.stderr}`);
  return parts.map((p) => p.trim());
}

export const hex = (v: bigint): string => `0x${v.toString(16)}`;
