// Benchmarks of recording and reverse execution, each measured side by side in one run (these
// machines are noisy): ratios and latencies are printed, with the targets they answer to.
// `npm run bench` runs all; `npm run bench -- forward reverse oneline multiline distance gdb memory intervals counters` picks some.
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { Debugger } from '../src/debugger/Debugger';
import type { ResumeResult } from '../src/debugger/events';
import { memoryUse } from '../src/target/maps';

const root = path.resolve(__dirname, '../..');
const buildDir = path.join(root, 'bench/.build');

function compile(name: string): string {
  fs.mkdirSync(buildDir, { recursive: true });
  const out = path.join(buildDir, name);
  execFileSync('gcc', ['-g', '-O0', '-o', out, path.join(root, 'bench/programs', `${name}.c`)]);
  return out;
}

const now = (): number => Number(process.hrtime.bigint()) / 1e6;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x: number): string => `${x.toFixed(1)} ms`;

function nativeMs(exe: string, args: string[]): number {
  const t = now();
  const r = spawnSync(exe, args);
  if (r.error) throw r.error;
  return now() - t;
}

/** A Debugger on `exe`, disposed after `fn`. */
async function session<T>(exe: string, args: string[], fn: (dbg: Debugger) => Promise<T>): Promise<T> {
  const dbg = new Debugger();
  dbg.load(exe, args);
  try {
    return await fn(dbg);
  } finally {
    await dbg.dispose();
  }
}

function stopped(r: ResumeResult): void {
  if (r.kind !== 'stopped') throw new Error(`the program ended where a stop was expected: ${JSON.stringify(r)}`);
}

async function timed(f: () => Promise<unknown>): Promise<number> {
  const t = now();
  await f();
  return now() - t;
}

/** Forward overhead: the program run to its end natively and under rdb (recording on), for a
 * long run and for a run of one iteration (rdb's fixed cost of starting a program: libraries'
 * symbols, the first checkpoint), so the ratio of the difference is the running overhead. */
async function forward(): Promise<void> {
  for (const [name, arg, target] of [['compute', '400000000', 'target <= 1.10'], ['syscalls', '20000', 'reported']] as const) {
    const exe = compile(name);
    const t = { native: [] as number[], native1: [] as number[], rdb: [] as number[], rdb1: [] as number[] };
    for (let round = 0; round < 3; round++) {
      t.native.push(nativeMs(exe, [arg]));
      t.native1.push(nativeMs(exe, ['1']));
      t.rdb.push(await session(exe, [arg], (dbg) => timed(() => dbg.run())));
      t.rdb1.push(await session(exe, ['1'], (dbg) => timed(() => dbg.run())));
    }
    const [n, n1, r, r1] = [median(t.native), median(t.native1), median(t.rdb), median(t.rdb1)];
    console.log(`forward ${name} (${arg}): native ${ms(n)}, rdb ${ms(r)} (whole run ${(r / n).toFixed(2)}x); `
      + `without the start (native ${ms(n1)}, rdb ${ms(r1)}): ${((r - r1) / (n - n1)).toFixed(2)}x (${target})`);
  }
}

/** Latency of reverse-next, reverse-step and reverse-continue in a loop after a history of n
 * iterations of another loop. */
async function reverse(): Promise<void> {
  const exe = compile('history');
  for (const n of ['1000', '100000', '10000000']) {
    await session(exe, [n], async (dbg) => {
      dbg.setBreakpoint('marker', false);
      stopped(await dbg.run());
      stopped(await dbg.finish());
      stopped(await dbg.step('next', 12));
      const rn: number[] = [];
      for (let i = 0; i < 8; i++) rn.push(await timed(async () => stopped(await dbg.reverseStep('next', 1))));
      const rs: number[] = [];
      for (let i = 0; i < 4; i++) rs.push(await timed(async () => stopped(await dbg.reverseStep('step', 1))));
      dbg.setBreakpoint('11', false);
      for (let i = 0; i < 5; i++) stopped(await dbg.cont());
      const rc: number[] = [];
      for (let i = 0; i < 4; i++) rc.push(await timed(async () => stopped(await dbg.reverseContinue())));
      console.log(`reverse after ${n} iterations: reverse-next median ${ms(median(rn))} (target < 50 ms), reverse-step ${ms(median(rs))}, reverse-continue ${ms(median(rc))}`);
    });
  }
}

/** reverse-next and reverse-step from the line after a loop of n rounds on one line back across
 * it (to its first round), each time after `continue` forward again to that line: the step back
 * must not take longer with more rounds (none of them is single-stepped). */
async function oneline(): Promise<void> {
  const exe = compile('oneline');
  const medians: Record<string, number> = {};
  for (const n of ['1000', '100000', '1000000']) {
    await session(exe, [n], async (dbg) => {
      dbg.setBreakpoint('8', false);
      stopped(await dbg.run());
      const rn: number[] = [];
      const rs: number[] = [];
      for (let i = 0; i < 5; i++) {
        rn.push(await timed(async () => stopped(await dbg.reverseStep('next', 1))));
        stopped(await dbg.cont());
        rs.push(await timed(async () => stopped(await dbg.reverseStep('step', 1))));
        stopped(await dbg.cont());
      }
      medians[n] = median(rn);
      console.log(`reverse across a one-line loop of ${n} rounds: reverse-next median ${ms(median(rn))} (target < 50 ms), reverse-step ${ms(median(rs))}`);
    });
  }
  console.log(`reverse-next across 1000000 rounds against 1000: ratio ${(medians['1000000'] / medians['1000']).toFixed(2)} (target: about 1)`);
}

/** reverse-next back into a loop of n rounds whose body spans several lines, all run by one
 * command (to the line after it): each step back is a line of its last rounds. The first step
 * back counts the rows leading to the present from the command's start (anchors.ts: the debug
 * registers' cost grows with the rounds); the next ones count from copies the first left near
 * it, and must not take longer with more rounds. */
async function multiline(): Promise<void> {
  const exe = compile('multiline');
  const medians: Record<string, number> = {};
  for (const n of ['1000', '10000', '100000']) {
    await session(exe, [n], async (dbg) => {
      dbg.setBreakpoint('10', false);
      stopped(await dbg.run());
      const rn: number[] = [];
      for (let i = 0; i < 7; i++) rn.push(await timed(async () => stopped(await dbg.reverseStep('next', 1))));
      medians[n] = median(rn.slice(1));
      console.log(`reverse-next into a ${n}-round loop of several lines: first ${ms(rn[0])}, then median ${ms(medians[n])} (target < 50 ms), each ${rn.map((t) => t.toFixed(0)).join(' ')}`);
    });
  }
  console.log(`reverse-next after the first into 100000 rounds against 1000: ratio ${(medians['100000'] / medians['1000']).toFixed(2)} (target: about 1)`);
}

/** reverse-stepi at the end of one long command (a loop of d iterations run by `advance`):
 * the search replays the whole command, trapping at each line start of the function. */
async function distance(): Promise<void> {
  const exe = compile('history');
  for (const d of ['100', '1000', '3000']) {
    await session(exe, [d], async (dbg) => {
      dbg.setBreakpoint('8', true);
      stopped(await dbg.run());
      stopped(await dbg.runTo('9', 'advance'));
      const t = await timed(async () => stopped(await dbg.reverseStepInstruction('stepi', 1)));
      const t2 = await timed(async () => stopped(await dbg.reverseStepInstruction('stepi', 1)));
      console.log(`reverse-stepi ${d} loop iterations after the last stop: ${ms(t)}; the next one: ${ms(t2)}`);
    });
  }
}

/** gdb `record full` against rdb on the same region: n loop iterations recorded, then one
 * reverse-stepi. */
async function gdb(): Promise<void> {
  const exe = compile('history');
  for (const n of ['1000', '10000']) {
    const t = now();
    const script = ['break 8', 'run', 'record', 'set record full insn-number-max unlimited', 'advance 9', 'reverse-stepi'];
    const r = spawnSync('gdb', ['-nx', '-batch', ...script.flatMap((c) => ['-ex', c]), '--args', exe, n], { timeout: 180000, encoding: 'utf8' });
    const gdbMs = now() - t;
    const gdbText = r.error ? `over ${ms(180000)} (stopped)` : ms(gdbMs);
    const rdbMs = await session(exe, [n], (dbg) => timed(async () => {
      dbg.setBreakpoint('8', true);
      stopped(await dbg.run());
      stopped(await dbg.runTo('9', 'advance'));
      stopped(await dbg.reverseStepInstruction('stepi', 1));
    }));
    console.log(`record ${n} iterations and reverse-stepi: gdb record full ${gdbText}, rdb ${ms(rdbMs)}, ratio ${(gdbMs / rdbMs).toFixed(1)}`);
  }
}

/** Memory of 100 checkpoints of a 100 MB process that dirties 1 MB between them. */
async function memory(): Promise<void> {
  const exe = compile('dirty');
  await session(exe, [], async (dbg) => {
    dbg.setBreakpoint('marker', false);
    stopped(await dbg.run());
    const pids: number[] = [];
    for (let k = 0; k < 100; k++) {
      pids.push(dbg.checkpoints().take().pid);
      if (k < 99) stopped(await dbg.cont());
    }
    const pss = pids.reduce((n, pid) => n + memoryUse(pid).pss, 0);
    const own = pids.reduce((n, pid) => n + memoryUse(pid).privateDirty, 0);
    const mb = (b: number): string => `${(b / 1024 ** 2).toFixed(1)} MB`;
    console.log(`100 checkpoints of a 100 MB process dirtying 1 MB each: Pss ${mb(pss)}, private dirty ${mb(own)} (full copies: 10000 MB)`);
  });
}

/** reverse-continue from the end of one long `continue` back to its last marker call (near
 * its start: most of the command lies after it), with interval checkpoints (every 250 ms of
 * running, at a system call) and without: the search scans the last spans or the command. */
async function intervals(): Promise<void> {
  const exe = compile('longcmd');
  for (const rounds of ['1000', '4000']) {
    let run = 0;
    const t = await perSetting(exe, [rounds], 'checkpoint-interval', ['0', '250'], async (dbg, every) => {
      dbg.setBreakpoint('main', false);
      stopped(await dbg.run());
      dbg.setBreakpoint('exit', false);
      const took = await timed(async () => stopped(await dbg.cont()));
      if (every === '250') run = took;
      dbg.setBreakpoint('marker', false);
      return timed(async () => stopped(await dbg.reverseContinue()));
    });
    console.log(`reverse-continue over a ${ms(run)} continue (${rounds} rounds): with interval checkpoints ${ms(t['250'])}, without ${ms(t['0'])}, ratio ${(t['0'] / t['250']).toFixed(1)}`);
  }
}

/** The time `measure` takes in a session of `exe` for each value of `setting`, side by side. */
async function perSetting(exe: string, args: string[], setting: string, values: string[],
  measure: (dbg: Debugger, value: string) => Promise<number>): Promise<Record<string, number>> {
  const t: Record<string, number> = {};
  for (const v of values) {
    await session(exe, args, async (dbg) => {
      dbg.setSetting(setting, v);
      t[v] = await measure(dbg, v);
    });
  }
  return t;
}

/** reverse-continue from the program's end to the last of n calls of a function: with a
 * breakpoint there, replay either stops at every call (traps) or counts them with the debug
 * registers (`set exec-counters`), then runs to the last one. */
async function counters(): Promise<void> {
  const exe = compile('hot');
  for (const n of ['10000', '100000']) {
    const t = await perSetting(exe, [n], 'exec-counters', ['off', 'on'], async (dbg) => {
      dbg.setBreakpoint('main', false);
      stopped(await dbg.run());
      dbg.setBreakpoint('exit', false);
      stopped(await dbg.cont());
      dbg.setBreakpoint('hot', false);
      return timed(async () => stopped(await dbg.reverseContinue()));
    });
    console.log(`reverse-continue to the last of ${n} calls: counting ${ms(t.on)}, stopping at each ${ms(t.off)}, ratio ${(t.off / t.on).toFixed(1)}`);
  }
}

const all: Record<string, () => Promise<void>> = { forward, reverse, oneline, multiline, distance, gdb, memory, intervals, counters };

async function main(): Promise<void> {
  const picked = process.argv.slice(2);
  for (const name of picked.length ? picked : Object.keys(all)) {
    const run = all[name];
    if (!run) throw new Error(`no benchmark named ${name} (${Object.keys(all).join(', ')})`);
    await run();
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
