// Process events besides breakpoints: syscall stops with their arguments, the program's own
// SIGTRAPs, exec, and redirected standard output.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { inspect } from 'util';
import { Process, TargetEvent } from '../../src/target/Process';
import { fixture, symbolAddress } from './targetHelpers';

const SIGTRAP = 5;
const SYS_WRITE = 1;

describe('target/Process events', function () {
  let p: Process | undefined;

  afterEach(async () => {
    await p?.kill();
    p = undefined;
  });

  it('reports syscalls, foreign SIGTRAPs and exec, with stdout redirected', async () => {
    const exe = fixture('trap_and_exec');
    const out = path.join(os.tmpdir(), `rdb-events-${process.pid}.txt`);
    const fd = fs.openSync(out, 'w');
    try {
      p = await Process.spawn(exe, [], { stdio: [0, fd, 2] });
    } finally {
      fs.closeSync(fd);
    }
    let ev: TargetEvent;
    do {
      ev = await p.syscall();
      assert.equal(ev.kind, 'syscall');
    } while (ev.kind === 'syscall' && !(ev.info.op === 'entry' && ev.info.nr === SYS_WRITE));
    assert.ok(ev.kind === 'syscall');
    assert.equal(ev.info.args[0], 1n, 'write to fd 1');
    assert.equal(ev.info.args[2], 6n, 'six bytes');
    const exit = await p.syscall();
    assert.ok(exit.kind === 'syscall' && exit.info.op === 'exit');
    assert.equal(exit.info.rval, 6n);
    assert.equal(exit.info.isError, false);

    const raised = await p.cont();
    assert.ok(raised.kind === 'signal', `raise(SIGTRAP) is a signal, not ${raised.kind}`);
    assert.equal(raised.signal, SIGTRAP);
    assert.equal(raised.siginfo.pid, p.pid, 'sent by the program itself');
    const int3 = await p.cont();
    assert.ok(int3.kind === 'signal' && int3.signal === SIGTRAP, 'an int3 that is not a breakpoint of ours is a signal');
    const main = symbolAddress(p.pid, exe, 'main');
    p.insertBreakpoint(main);

    const exec = await p.cont();
    assert.ok(exec.kind === 'event' && exec.event === 'exec', `exec event, not ${inspect(exec)}`);
    assert.deepEqual(p.breakpointAddresses(), [], 'exec replaced the image and its breakpoints');
    assert.deepEqual(await p.cont(), { kind: 'exited', code: 0 });
    assert.equal(fs.readFileSync(out, 'utf8'), 'hello\n');
    fs.unlinkSync(out);
  });

  it('delivers a signal passed to cont', async () => {
    p = await Process.spawn(fixture('trap_and_exec'), [], { stdio: [0, fs.openSync('/dev/null', 'w'), 2] });
    const raised = await p.cont();
    assert.ok(raised.kind === 'signal');
    assert.deepEqual(await p.cont(raised.signal), { kind: 'killed', signal: SIGTRAP });
  });
});
