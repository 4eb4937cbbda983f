// Ctrl-C while rdb -batch runs its commands: the running program or search is interrupted (a
// search ends with gdb's `Quit`, the program where it was), the next commands run, nothing is left.
import { strict as assert } from 'assert';
import { spawn } from 'child_process';
import * as path from 'path';
import { compileFixture } from '../helpers/compile';
import { rdbEnv } from '../helpers/gdb';
import { tracedProcesses, waitUntil } from '../helpers/processes';

const rdbBin = path.join(__dirname, '../../../bin/rdb.js');

describe('cli: Ctrl-C in batch mode', function () {
  this.timeout(120000);

  it('interrupts a search and then the program, and goes on with the next commands', async () => {
    const exe = compileFixture('longspin');
    // Back from write() to started(): a search that replays the long loop between them.
    const commands = ['break started', 'run', 'delete', 'break write', 'continue', 'delete', 'print $pc', 'break started',
      'echo searching\\n', 'reverse-continue', 'print 2', 'print $pc', 'delete', 'continue', 'print work > 0'];
    const child = spawn(process.execPath, [rdbBin, '-batch', ...commands.flatMap((c) => ['-ex', c]), exe],
      { cwd: path.dirname(exe), env: { ...rdbEnv(), LC_ALL: 'C' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const sent = { ready: false, searching: false };
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      // Each interrupt is sent when the output shows what it is to interrupt running.
      for (const word of ['ready', 'searching'] as const) {
        if (!sent[word] && out.includes(`${word}\n`)) { sent[word] = true; child.kill('SIGINT'); }
      }
    });
    child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    assert.equal(code, 0, `${out}\n--- stderr:\n${err}`);
    assert.match(err, /^Quit$/m, err);
    assert.match(out, /searching\n[^]*^\$2 = 2$/m, out);
    // The search moved nothing: the program is still in write(), where it stopped.
    const pcs = [...out.matchAll(/^\$[13] = \(void \(\*\)\(\)\) (0x[0-9a-f]+)/gm)].map((m) => m[1]);
    assert.equal(pcs.length, 2, out);
    assert.equal(pcs[0], pcs[1], out);
    assert.match(out, /ready\n[^]*Program received signal SIGINT, Interrupt\.\n[^]*^\$4 = 1$/m, out);
    await waitUntil(() => !tracedProcesses().some((p) => p.comm === path.basename(exe).slice(0, 15)));
  });
});
