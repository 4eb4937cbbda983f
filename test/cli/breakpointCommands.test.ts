// gdb's breakpoint command lists (`commands N` ... `end` in a command file): run at each stop of
// their breakpoints, `silent` first hides the stop, a command that resumes ends the list.
import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { compileFixture } from '../helpers/compile';
import { normalize, rdbBin } from '../helpers/oracle';

/** Runs a command file under gdb and under rdb (batch), stdout and stderr merged. */
function both(program: string, script: string[]): { gdb: string; rdb: string } {
  const file = path.join(os.tmpdir(), `rdb-cmds-${process.pid}-${Math.random().toString(36).slice(2)}.gdb`);
  fs.writeFileSync(file, script.join('\n') + '\n');
  try {
    const run = (cmd: string, argv: string[]): string => {
      const out = `${file}.out`;
      const fd = fs.openSync(out, 'w+');
      try {
        const r = spawnSync(cmd, argv, { cwd: path.dirname(program), stdio: ['ignore', fd, fd], timeout: 60000, env: { ...process.env, LC_ALL: 'C' } });
        if (r.error) throw r.error;
        return normalize(fs.readFileSync(out, 'utf8'));
      } finally {
        fs.closeSync(fd);
        fs.unlinkSync(out);
      }
    };
    return {
      gdb: run('gdb', ['-nx', '-batch', '-x', file, program]),
      rdb: run(process.execPath, [rdbBin, '-batch', '-x', file, program]),
    };
  } finally {
    fs.unlinkSync(file);
  }
}

describe('cli: breakpoint command lists', function () {
  this.timeout(120000);
  let exe: string;
  before(() => { exe = compileFixture('loops'); });

  it('silent lists that print and continue, a list that stops, info breakpoints shows them (compared with gdb)', () => {
    const { gdb, rdb } = both(exe, ['break square', 'commands', 'silent', 'print v', 'continue', 'end',
      'break bump', 'commands 2', 'print by', 'end', 'run', 'info breakpoints', 'continue', 'delete 2', 'continue']);
    assert.match(rdb, /^\$1 = 0\n\nBreakpoint 2, bump \(by=0\)/m, "the lists ran");
    assert.equal(rdb, gdb);
  });

  it('a list for several breakpoints, and bad numbers refused', () => {
    const { gdb, rdb } = both(exe, ['break square', 'break bump', 'commands 1-2', 'bt 1', 'end', 'commands 7', 'run', 'continue']);
    assert.match(rdb, /^No breakpoint number 7\.$/m);
    assert.equal(rdb, gdb);
  });

  it('an error in a command file ends that file, naming its line (compared with gdb)', () => {
    const { gdb, rdb } = both(exe, ['print 1', 'break square', 'print nosuch', 'run', 'print 2']);
    assert.match(rdb, /^\/\S*rdb-cmds-[^:]+\.gdb:3: Error in sourced command file:\nNo symbol "nosuch" in current context\.$/m);
    assert.equal(rdb, gdb);
  });
});
