// Threads against gdb: new threads and their notices, breakpoints and watchpoints hit in other
// threads, a crash in a thread, info threads, thread N, thread apply; time travel refused with
// its reason once the program has started a thread; no thread or process left behind.
import * as assert from 'assert';
import { execFileSync, spawnSync } from 'child_process';
import { compileFixture } from '../helpers/compile';
import { describeOracle, rdbBin, type Scenario } from '../helpers/oracle';
import { rdbEnv } from '../helpers/gdb';

// The main thread is given time to reach pthread_join before another thread's frames are
// shown: right after pthread_create both debuggers may find it anywhere on the way. When a
// thread exits as the next one starts, gdb tells the two in either order (so does rdb): the
// exit notices are left out, and so are thread ids in values (futex arguments).
const rewrite: Array<[RegExp, string]> = [[/^\[Thread 0x[0-9a-f]+ \(LWP N\) exited\]\n/gm, ''], [/expected=\d+/g, 'expected=TID']];

const scenarios: Scenario[] = [
  { name: 'threads started one after another: a breakpoint in the thread function, stepping in it, finish, a watchpoint hit there, the next thread, info threads, thread N, thread apply', fixture: 'jobs', relative: true,
    commands: ['break run_job', 'run', 'bt', 'p *j', 'next', 'step', 'bt', 'finish', 'next', 'p total', 'info threads', 'watch total', 'c', 'c', 'next', 'next', 'thread 1', 'bt', 'up 4', 'info locals', 'thread apply all bt 1', 'thread apply 1 3 p $_thread', 'p $_thread', 'thread', 'delete', 'tbreak work', 'c', 'finish', 'info threads', 'thread 3', 'c'], rewrite },
  { name: 'a thread writes a watched global and then faults: the watchpoint and the signal name the thread; its frames and main\'s in join', fixture: 'threadcrash', relative: true,
    commands: ['break main', 'run', 'watch counter', 'c', 'c', 'c', 'bt', 'info threads', 'thread 1', 'bt', 'p $_thread', 'thread 2', 'p p', 'p counter', 'kill', 'info threads'], rewrite },
  { name: 'thread commands before the program runs and with bad arguments', fixture: 'jobs', relative: true,
    commands: ['info threads', 'thread', 'thread 1', 'break work', 'run', 'thread 9', 'thread abc', 'thread apply', 'thread apply all', 'thread apply 1', 'thread apply 7 p 1', 'info threads 5', 'next', 'next', 'info threads 1', 'c'], rewrite },
  { name: 'next over a line that spins until another thread sets a flag: the other threads run during the steps', fixture: 'spinwait', relative: true,
    commands: ['break 21', 'run', 'next', 'next', 'p got', 'info threads', 'next', 'c'], rewrite },
  { name: 'another thread hits a breakpoint during a next: the stop is in that thread, and stepping goes on there', fixture: 'spinwait', relative: true,
    commands: ['break 21', 'break 12', 'run', 'next', 'bt', 'next', 'p value', 'delete', 'c'], rewrite },
  { name: 'the main thread ends with pthread_exit while another runs on: its exit, the other thread\'s stops, steps and finish, the process\'s end', fixture: 'leaderexit', relative: true,
    commands: ['break 12', 'run', 'bt', 'p rounds', 'info threads', 'delete', 'next', 'next', 'next', 'p rounds', 'finish', 'c'], rewrite },
];

describeOracle('rdb matches gdb on threaded programs', scenarios);

describe('threads and time travel', function () {
  this.timeout(120000);

  it('starts threads while interval checkpoints are taken every millisecond (the main thread runs on as the new one is adopted)', () => {
    const prog = compileFixture('jobs', undefined, true);
    for (let i = 0; i < 4; i++) {
      const r = spawnSync(process.execPath, [rdbBin, '-batch', '-ex', 'set checkpoint-interval 1', '-ex', 'break work', '-ex', 'run', '-ex', 'info threads', prog],
        { encoding: 'utf8', env: rdbEnv(), timeout: 60000 });
      assert.match(r.stdout + r.stderr, /Thread 2 "[^"]+" hit Breakpoint 1, work \(id=1, n=10\)/, `run ${i}: ${r.stdout}${r.stderr}`);
    }
  });

  it('refuses to go back once the program has started a thread, with the reason, and leaves no process behind', () => {
    const prog = compileFixture('jobs', undefined, true);
    const r = spawnSync(process.execPath, [rdbBin, '-batch', '-ex', 'break work', '-ex', 'run', '-ex', 'next', '-ex', 'reverse-next', '-ex', 'checkpoint', '-ex', 'next', '-ex', 'p s', prog],
      { encoding: 'utf8', env: rdbEnv(), timeout: 60000 });
    const out = r.stdout + r.stderr;
    assert.match(out, /cannot go back past this point: the program started a thread, and rdb records and replays single-threaded programs only/);
    assert.match(out, /cannot take a checkpoint: the program started a thread/);
    // Forward commands still work after the refusals.
    assert.match(out, /\n14\t {4}s \+= \(long\)i \* id;\n\$1 = 0\n/);
    const left = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' }).split('\n').filter((l) => l.startsWith(prog));
    assert.deepStrictEqual(left, []);
  });
});
