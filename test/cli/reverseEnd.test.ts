// Reverse execution from the program's end: after `[Inferior 1 (process N) exited ...]` the
// program is kept at its exit_group call, so reverse-continue, reverse-step and watchpoints go
// back from there; forward commands say the program is not being run, going forward again from
// the past stops at the end as gdb's record does, and nothing is left running afterwards.
import { strict as assert } from 'assert';
import { compileFixture } from '../helpers/compile';
import { runGdb, runRdb } from '../helpers/oracle';
import { tracedProcesses } from '../helpers/processes';

/** gdb's record stops at the exit_group call (answering its own query) where rdb reports the
 * exit as gdb without record does; and the first line shown of a file without source reads
 * differently after that. The rest must be the same. */
function sameEnd(out: string): string {
  return out
    .replace(/The next instruction is syscall exit_group\.[^\n]*\nProcess record: inferior program stopped\.\n(?:\nProgram stopped\.\n[^\n]*\n[^\n]*\n)?/g, '[Inferior 1 (process N) exited]\n')
    .replace(/\[Inferior 1 \(process N\) exited [^\]]*\]/g, '[Inferior 1 (process N) exited]')
    .replace(/^(\d+)\t(?:in )?(\S+?)(?:: No such file or directory\.)?$/gm, '$1\t(no source) $2');
}

describe('cli: reverse execution from the program\'s end', function () {
  this.timeout(120000);
  let exe: string;
  before(() => { exe = compileFixture('ending'); });

  it('after the exit: forward commands refuse, reverse-continue finds the last hit, watch finds the last write', () => {
    const out = runRdb(exe, ['break bump', 'run', 'continue 5', 'continue', 'bt', 'print $_exitcode', 'continue', 'next', 'finish', 'kill',
      'info checkpoints', 'reverse-continue', 'print g', 'print h', 'bt', 'watch g', 'reverse-continue', 'print g', 'reverse-continue', 'print k',
      'delete', 'continue', 'print g', 'bt 1', 'continue', 'continue', 'reverse-step', 'print g']);
    const lines = out.split('\n');
    const exit = lines.indexOf('[Inferior 1 (process N) exited with code 03]');
    assert.ok(exit > 0, out);
    assert.deepEqual(lines.slice(exit + 1, exit + 8), ['No stack.', '$1 = 3', 'The program is not being run.', 'The program is not being run.',
      'The program is not being run.', 'The program is not being run.', 'No checkpoints.'], out);
    const back = lines.slice(exit + 8).join('\n');
    assert.match(back, /^\nBreakpoint 1, bump \(k=5\) at .*ending\.c:7\n7\t  g \+= k;\n\$2 = 10\n\$3 = \{10, 1, 3, 6\}\n#0  bump \(k=5\) at .*ending\.c:7\n#1  0x[0-9a-f]+ in main \(\) at .*ending\.c:13\n/, out);
    // Watching g from bump(5): back to its last write before (g += 4); the value before the write is shown as the new one.
    assert.match(back, /Hardware watchpoint 2: g\n\nHardware watchpoint 2: g\n\nOld value = 10\nNew value = 6\n0x[0-9a-f]+ in bump \(k=4\) at .*ending\.c:7\n7\t  g \+= k;\n\$4 = 6\n/, out);
    assert.match(back, /\$4 = 6\n\nBreakpoint 1, bump \(k=4\) at .*ending\.c:7\n7\t  g \+= k;\n\$5 = 4\n/, out);
    // Forward again without breakpoints: the end, as gdb's record shows it; then the exit again.
    assert.match(back, /\$5 = 4\n\nNo more reverse-execution history\.\n0x[0-9a-f]+ in (?:__GI_)?_exit \([^\n]*\n[^\n]*\n\$6 = 30\n#0  0x[0-9a-f]+ in (?:__GI_)?_exit [^\n]*\n\[Inferior 1 \(process N\) exited with code 03\]\nThe program is not being run\.\n/, out);
    assert.doesNotMatch(back, /Internal error|Cannot/, out);
  });

  it('from the end, reverse-continue, reverse-next and reverse-step in main and its callee match gdb record full', () => {
    const commands = ['break main', 'run', 'break 15', 'continue', 'continue', 'reverse-continue', 'print g', 'break bump', 'reverse-continue', 'print k',
      'reverse-next', 'reverse-step', 'bt', 'reverse-step', 'reverse-step', 'print i', 'print h', 'step', 'step', 'reverse-finish', 'print i',
      'continue', 'continue', 'next', 'print g', 'next', 'info breakpoints', 'delete', 'continue', 'continue'];
    const gdb = [...commands.slice(0, 2), 'record', ...commands.slice(2)];
    const rdb = runRdb(exe, commands);
    assert.equal(sameEnd(rdb), sameEnd(runGdb(exe, gdb)));
    assert.match(rdb, /exited with code 03\]\n\nBreakpoint 2, main \(\) at .*ending\.c:15/, rdb);
  });

  it('from the end, reverse-step and reverse-next through _exit\'s non-statement rows and out of libc, reverse-finish past main as gdb record full', () => {
    for (const commands of [
      ['break main', 'run', 'continue', 'reverse-step', 'reverse-step', 'reverse-step', 'bt', 'reverse-step', 'reverse-finish', 'bt', 'reverse-finish', 'bt', 'reverse-step'],
      ['break main', 'run', 'continue', 'reverse-next', 'reverse-next', 'reverse-next', 'reverse-next', 'reverse-next', 'reverse-next', 'reverse-next',
        'reverse-next', 'reverse-next', 'reverse-next', 'reverse-next', 'bt'],
    ]) {
      const gdb = [...commands.slice(0, 2), 'record', ...commands.slice(2)];
      assert.equal(sameEnd(runRdb(exe, commands)), sameEnd(runGdb(exe, gdb)));
    }
  });

  it('run, kill and quit after the end leave no process behind', () => {
    const mine = (): number[] => tracedProcesses().filter((p) => p.comm.startsWith('ending')).map((p) => p.pid);
    const before = new Set(mine());
    const out = runRdb(exe, ['break bump', 'run', 'delete', 'continue', 'reverse-step', 'run', 'info breakpoints', 'continue', 'reverse-continue', 'continue', 'kill', 'reverse-continue']);
    assert.equal(out.split('\n').filter((l) => /^\[Inferior 1 \(process N\) exited with code 03\]$/.test(l)).length, 2, out);
    assert.match(out, /No more reverse-execution history\.\n0x[0-9a-f]+ in _start \(\)[^]*No more reverse-execution history\.\n0x[0-9a-f]+ in (?:__GI_)?_exit /, out);
    // Without a process the reverse commands refuse as gdb does.
    assert.match(out, /\[Inferior 1 \(process N\) killed\]\nTarget exec does not support this command\.\n$/, out);
    assert.deepEqual(mine().filter((p) => !before.has(p)), []);
  });
});
