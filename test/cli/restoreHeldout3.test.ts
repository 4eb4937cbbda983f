// Held-out restore cases: a program that chdir()s and writes through relative paths, a "w" and an
// "a" FILE*, a descriptor opened relative to a directory descriptor and dup2()ed high, MAP_SHARED
// and MAP_PRIVATE file mappings, with argv and an environment variable printed after the restore.
import { strict as assert } from 'assert';
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { compileFixture } from '../helpers/compile';
import { rdbEnv } from '../helpers/gdb';
import { rdbBin } from '../helpers/oracle';
import { processesRunning, scratchDir } from '../helpers/processes';

const ex = (commands: string[]): string[] => commands.flatMap((c) => ['-ex', c]);
const programLines = (out: string): string[] => out.split('\n').filter((l) => /^(out: |r0 )/.test(l));
const FILES = ['report.txt', 'journal.txt', 'via-dirfd.txt', 'shared.bin', 'private.bin'];

describe('rdb --restore: held-out programs (files, paths, mappings)', function () {
  this.timeout(180000);
  const dir = scratchDir('rdb-heldout3-');

  it('hofiles: dumped mid-run, killed and restored, prints and writes what an uninterrupted run does', () => {
    const prog = compileFixture('hofiles');
    const ref = path.join(dir, 'ref');
    const run = path.join(dir, 'run');
    fs.mkdirSync(ref);
    fs.mkdirSync(run);
    const want = execFileSync(prog, [ref, 'two words', 'x'], { encoding: 'utf8', env: { ...process.env, HO_TAG: 'blue' } });
    const image = path.join(dir, 'hofiles.img');
    const live = spawnSync(process.execPath, [rdbBin, '-batch', ...ex(['break checkpoint_here if round == 3', 'run', `dump ${image}`, 'kill']), '--args', prog, run, 'two words', 'x'],
      { encoding: 'utf8', env: { ...rdbEnv(), LC_ALL: 'C', HO_TAG: 'blue' }, cwd: dir, timeout: 120000 });
    assert.ok(fs.existsSync(image), live.stdout + live.stderr);
    const r = spawnSync(process.execPath, [rdbBin, '-batch', '--restore', image, '--close-lost-fds', '-ex', 'continue'],
      { encoding: 'utf8', env: { ...rdbEnv(), LC_ALL: 'C' }, cwd: '/', timeout: 120000 });
    assert.match(r.stdout, /exited normally/, r.stdout + r.stderr);
    assert.deepEqual(programLines(r.stdout), programLines(want), r.stdout + r.stderr);
    assert.match(r.stdout, /^out: tag blue$/m);
    for (const f of FILES) assert.ok(fs.readFileSync(path.join(run, f)).equals(fs.readFileSync(path.join(ref, f))), f);
    assert.deepEqual(processesRunning(prog), []);
  });

  it('pendsig: signals pending while blocked at the dump (one the process was sent, one the thread was) are taken after the restore', () => {
    const prog = compileFixture('pendsig');
    const want = execFileSync(prog, [], { encoding: 'utf8' });
    assert.match(want, /^out: got 1 10 cpu 1$/m);
    const image = path.join(dir, 'pendsig.img');
    const live = spawnSync(process.execPath, [rdbBin, '-batch', ...ex(['break checkpoint_here', 'run', `dump ${image}`, 'kill']), prog],
      { encoding: 'utf8', env: { ...rdbEnv(), LC_ALL: 'C' }, cwd: dir, timeout: 120000 });
    assert.ok(fs.existsSync(image), live.stdout + live.stderr);
    const r = spawnSync(process.execPath, [rdbBin, '-batch', '--restore', image, '--close-lost-fds', ...ex(['handle SIGUSR1 nostop noprint', 'handle SIGUSR2 nostop noprint', 'continue'])],
      { encoding: 'utf8', env: { ...rdbEnv(), LC_ALL: 'C' }, cwd: dir, timeout: 120000 });
    assert.match(r.stdout, /exited normally/, r.stdout + r.stderr);
    assert.deepEqual(programLines(r.stdout), programLines(want), r.stdout + r.stderr);
    assert.deepEqual(processesRunning(prog), []);
  });
});
