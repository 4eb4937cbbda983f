// Standard input redirected from a file is part of the image: the restored process reads on
// from where it was in that file (stdout and stderr are the restoring rdb's, as for `run`).
import { strict as assert } from 'assert';
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { compileFixture } from '../helpers/compile';
import { rdbEnv } from '../helpers/gdb';
import { scratchDir, tracedProcesses } from '../helpers/processes';

const rdbBin = path.join(__dirname, '../../../bin/rdb.js');

describe('rdb --restore: standard input from a file', function () {
  this.timeout(120000);

  it('goes on from the offset it had, whatever the restoring rdb reads', () => {
    const dir = scratchDir('rdb-restore-stdin-');
    const exe = compileFixture('stdinsum');
    const input = path.join(dir, 'in.txt');
    fs.writeFileSync(input, Array.from({ length: 20000 }, (_, i) => `${i * 7} line ${i}\n`).join(''));
    const uninterrupted = execFileSync('sh', ['-c', `"${exe}" < "${input}"`], { encoding: 'utf8' });
    const image = path.join(dir, 'stdin.img');
    const env = { ...rdbEnv(), LC_ALL: 'C' };
    const d = spawnSync(process.execPath, [rdbBin, '-batch', '-ex', 'break checkpoint_here', '-ex', `run < ${input}`, '-ex', `dump ${image}`, '-ex', 'kill', exe],
      { encoding: 'utf8', env, cwd: dir, timeout: 120000 });
    assert.match(d.stdout, /Saved super core dump/, d.stdout + d.stderr);
    // The lines before the dump were printed to a pipe and stayed in stdio's buffer: the
    // restored process prints them (the killed one never flushed).
    const r = spawnSync(process.execPath, [rdbBin, '-batch', '--restore', image, '-ex', 'continue'],
      { encoding: 'utf8', env, cwd: dir, timeout: 120000, input: 'not the file\n' });
    const printed = r.stdout.split('\n').filter((l) => /^(\d+ \d+|lines \d+ sum \d+)$/.test(l)).join('\n');
    assert.equal(printed, uninterrupted.trimEnd(), r.stdout + r.stderr);
    assert.deepEqual(tracedProcesses().filter((p) => p.comm.startsWith('stdinsum')), []);
  });
});
