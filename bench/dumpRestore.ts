// Super core dumps of a large process: dump throughput (MB/s of resident memory) and restore
// time, side by side with gdb's gcore on the same program at the same stop. The restored
// process runs to its end and must print the checksum of an uninterrupted run.
// `node dist/bench/dumpRestore.js [MB]` (default 1024).
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Debugger } from '../src/debugger/Debugger';

const root = path.resolve(__dirname, '../..');
const now = (): number => Number(process.hrtime.bigint()) / 1e6;

function compile(): string {
  const dir = path.join(root, 'bench/.build');
  fs.mkdirSync(dir, { recursive: true });
  const out = path.join(dir, 'bigmem');
  execFileSync('gcc', ['-g', '-O0', '-o', out, path.join(root, 'bench/programs/bigmem.c')]);
  return out;
}

function residentMb(pid: number): number {
  const m = /^VmRSS:\s*(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(m?.[1] ?? 0) / 1024;
}

/** gdb's gcore of the same stop, timed between two `shell` commands around it. */
function gdbGcore(exe: string, mb: number, file: string): number {
  const r = spawnSync('gdb', ['-nx', '-batch', '-ex', 'break ready', '-ex', 'run', '-ex', 'shell date +%s%N', '-ex', `gcore ${file}`, '-ex', 'shell date +%s%N', '-ex', 'kill',
    '--args', exe, String(mb)], { encoding: 'utf8', maxBuffer: 1 << 24 });
  const stamps = r.stdout.split('\n').filter((l) => /^\d{16,}$/.test(l)).map(Number);
  if (stamps.length !== 2) throw new Error(`gdb's gcore did not run: ${r.stdout}${r.stderr}`);
  return (stamps[1] - stamps[0]) / 1e6;
}

async function main(): Promise<void> {
  const mb = Number(process.argv[2] ?? 1024);
  const exe = compile();
  const expected = execFileSync(exe, [String(mb)], { encoding: 'utf8' }).trim();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rdb-bench-dump-'));
  const image = path.join(dir, 'big.img');
  try {
    // gdb first, its core removed, and the page cache written back before each measurement:
    // on these machines a write behind another's dirty pages is several times slower.
    const gdbCore = path.join(dir, 'gdb.core');
    const sync = (): void => { spawnSync('sync'); };
    sync();
    const gcoreMs = gdbGcore(exe, mb, gdbCore);
    const gcoreMb = fs.statSync(gdbCore).size / (1 << 20);
    fs.rmSync(gdbCore);
    const dbg = new Debugger();
    let lines: string[] = [];
    try {
      dbg.load(exe, [String(mb)]);
      dbg.setBreakpoint('ready', false);
      await dbg.run();
      const rss = residentMb(dbg.pid()!);
      sync(); // dirty pages of the files before are written back first, as for gdb's
      let t = now();
      dbg.saveCore(image);
      const dumpMs = now() - t;
      const size = fs.statSync(image).size / (1 << 20);
      await dbg.kill();
      sync();
      t = now();
      await dbg.restore(image, true);
      const restoreMs = now() - t;
      const restoredRss = residentMb(dbg.pid()!);
      lines = [
        `resident ${rss.toFixed(0)} MB, image ${size.toFixed(0)} MB`,
        `rdb dump:    ${dumpMs.toFixed(0)} ms, ${(rss / (dumpMs / 1000)).toFixed(0)} MB/s of resident memory`,
        `rdb restore: ${restoreMs.toFixed(0)} ms (${(size / (restoreMs / 1000)).toFixed(0)} MB/s of image), ${restoredRss.toFixed(0)} MB resident after`,
      ];
      process.stdout.write(`restored process runs on, expecting "${expected}":\n`);
      await dbg.cont();
    } finally {
      await dbg.dispose();
    }
    lines.push(`gdb gcore:   ${gcoreMs.toFixed(0)} ms, ${(gcoreMb / (gcoreMs / 1000)).toFixed(0)} MB/s of its core (${gcoreMb.toFixed(0)} MB)`);
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => { process.stderr.write(`${(e as Error).stack}\n`); process.exit(1); });
