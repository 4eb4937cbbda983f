// The program starts as under gdb: same argv[0], PWD and stack layout, also when rdb itself is
// started through `npx rdb` (npm's variables for its child must not reach the program).
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { compileFixture, repoRoot } from '../helpers/compile';
import { runGdb, runRdb } from '../helpers/oracle';

function programLines(out: string): string[] {
  return out.split('\n').filter((l) => /^(argv|PWD)=/.test(l));
}

describe('the environment a program starts with', function () {
  this.timeout(120000);
  const prog = compileFixture('environ');

  it('matches gdb: argv[0] with directories resolved, PWD, argv address', () => {
    const expected = programLines(runGdb(prog, ['run']));
    assert.strictEqual(expected.length, 2, 'gdb ran the program');
    assert.deepStrictEqual(programLines(runRdb(prog, ['run'])), expected);
  });

  it('a relative path with ./ and .. runs as gdb runs it', () => {
    const dir = path.dirname(prog);
    const rel = `./../${path.basename(dir)}/${path.basename(prog)}`;
    const run = (cmd: string, argv: string[]): string[] => programLines(spawnSync(cmd, argv, { cwd: dir, encoding: 'utf8' }).stdout);
    const expected = run('gdb', ['-nx', '-batch', '-ex', 'run', rel]);
    assert.match(expected[0] ?? '', new RegExp(`argv0=${prog.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} `));
    assert.deepStrictEqual(run(process.execPath, [path.join(repoRoot, 'bin/rdb.js'), '-batch', '-ex', 'run', rel]), expected);
  });

  it('started by a shell that set `_` to node, the program sees the `_` a gdb session would have', () => {
    const gdbPath = spawnSync('sh', ['-c', 'command -v gdb'], { encoding: 'utf8' }).stdout.trim();
    const env = { ...process.env, _: gdbPath };
    const expected = programLines(spawnSync('gdb', ['-nx', '-batch', '-ex', 'run', prog], { encoding: 'utf8', env }).stdout);
    const viaNode = spawnSync(process.execPath, [path.join(repoRoot, 'bin/rdb.js'), '-batch', '-ex', 'run', prog],
      { encoding: 'utf8', env: { ...process.env, _: process.execPath } });
    assert.deepStrictEqual(programLines(viaNode.stdout), expected);
  });

  it('under npx, the program gets the environment npx was given', () => {
    const npx = path.join(path.dirname(process.execPath), 'npx');
    assert.ok(fs.existsSync(npx), 'npx is installed beside node');
    const env: NodeJS.ProcessEnv = { LC_ALL: 'C' };
    for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('npm_')) env[k] = v;
    const viaNpx = spawnSync(npx, ['--no', '--', 'rdb', '-batch', '-ex', 'run', prog], { cwd: repoRoot, encoding: 'utf8', env });
    const lines = programLines(viaNpx.stdout);
    assert.strictEqual(lines.length, 2, viaNpx.stderr);
    assert.match(lines[1], / npm_vars=0$/);
  });
});
