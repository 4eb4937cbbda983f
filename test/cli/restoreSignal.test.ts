// rdb --restore of a program with buffered output, an O_APPEND file, an alternate signal stack
// and a handled signal: dumped where it stopped for the signal (which it has yet to receive) or
// at a breakpoint, killed and restored, it ends with the output and files of an uninterrupted run.
import { strict as assert } from 'assert';
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { compileFixture } from '../helpers/compile';
import { rdbEnv } from '../helpers/gdb';
import { rdbBin } from '../helpers/oracle';
import { processesRunning, scratchDir } from '../helpers/processes';

function rdb(args: string[], cwd: string): string {
  const r = spawnSync(process.execPath, [rdbBin, ...args], { encoding: 'utf8', env: { ...rdbEnv(), LC_ALL: 'C' }, timeout: 120000, cwd });
  return `${r.stdout}${r.stderr}`;
}

const ex = (commands: string[]): string[] => commands.flatMap((c) => ['-ex', c]);
const programLines = (out: string): string[] => out.split('\n').filter((l) => /partial|^home /.test(l));

describe('rdb --restore: a signal the image stopped with, buffered output, O_APPEND', function () {
  this.timeout(180000);
  const dir = scratchDir('rdb-restore-signal-');
  const scenarios: Array<[string, string[]]> = [
    ['stopped for the SIGUSR1 it has yet to receive', ['run']],
    ['at a breakpoint, the signal passed silently', ['handle SIGUSR1 nostop noprint pass', 'break mark if i == 3', 'run']],
  ];
  for (const [name, commands] of scenarios) {
    it(name, () => {
      const prog = compileFixture('restoremix');
      const tag = name.split(' ')[0];
      const ref = [path.join(dir, `${tag}-ref.txt`), path.join(dir, `${tag}-ref.log`)];
      const want = execFileSync(prog, ref, { encoding: 'utf8', env: { ...process.env, HOME: '/home/rdb-test' } });
      const files = [path.join(dir, `${tag}.txt`), path.join(dir, `${tag}.log`)];
      const image = path.join(dir, `${tag}.img`);
      const live = spawnSync(process.execPath, [rdbBin, '-batch', ...ex([...commands, `dump ${image}`, 'kill']), '--args', prog, ...files],
        { encoding: 'utf8', env: { ...rdbEnv(), HOME: '/home/rdb-test' }, cwd: dir, timeout: 120000 });
      assert.ok(fs.existsSync(image), `${live.stdout}${live.stderr}`);
      const out = rdb(['-batch', '--restore', image, '--close-lost-fds', ...ex(['handle SIGUSR1 nostop noprint pass', 'continue'])], dir);
      assert.match(out, /exited normally/, out);
      // (Standard output is a pipe, fully buffered: the lines the image held come out at the end.)
      assert.deepEqual(programLines(out), programLines(want), out);
      assert.match(out, /^home \/home\/rdb-test got 6$/m, out);
      assert.equal(fs.readFileSync(files[0], 'utf8'), fs.readFileSync(ref[0], 'utf8'));
      assert.equal(fs.readFileSync(files[1], 'utf8'), fs.readFileSync(ref[1], 'utf8'));
      assert.deepEqual(processesRunning(prog), []);
    });
  }
});
