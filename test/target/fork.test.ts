// Forked children are let go untraced, with our breakpoints taken out of their copy of the code.
import { strict as assert } from 'assert';
import { fixture, spawner, symbolAddress } from './targetHelpers';

describe('target/Process: fork', function () {
  const spawn = spawner({});

  it('detaches a forked child, which runs through a breakpoint address untouched', async () => {
    const exe = fixture('forker');
    const p = await spawn(exe);
    const forked: number[] = [];
    p.onFork = (child) => forked.push(child);
    const shared = symbolAddress(p.pid, exe, 'shared');
    p.insertBreakpoint(shared);
    let hits = 0;
    let signal = 0;
    for (;;) {
      const ev = await p.cont(signal);
      signal = 0;
      if (ev.kind === 'breakpoint') { hits++; continue; }
      if (ev.kind === 'event') continue;
      if (ev.kind === 'signal') { signal = ev.signal; continue; } // SIGCHLD from the child's exit
      // The child exits with shared(3) = 6 (a trap would kill it), the parent adds shared(1).
      assert.deepEqual(ev, { kind: 'exited', code: 8 });
      break;
    }
    assert.equal(forked.length, 1, 'one fork was reported');
    assert.equal(hits, 1, 'only the parent stops at the breakpoint');
  });
});
