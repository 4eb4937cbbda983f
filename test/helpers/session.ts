// Drives an interactive rdb (no -batch) through pipes: send commands, wait for output.
import { spawn, type ChildProcess } from 'child_process';
import { rdbBin } from './oracle';

export class RdbSession {
  private readonly child: ChildProcess;
  output = '';
  private waiters: Array<() => void> = [];
  private exited = false;

  constructor(args: string[]) {
    this.child = spawn(process.execPath, [rdbBin, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    const take = (d: Buffer) => { this.output += d.toString(); this.wake(); };
    this.child.stdout!.on('data', take);
    this.child.stderr!.on('data', take);
    this.child.on('exit', () => { this.exited = true; this.wake(); });
  }

  get pid(): number { return this.child.pid!; }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  send(line: string): void { this.child.stdin!.write(line + '\n'); }

  /** Resolves when the output (from `from` on) matches; rejects if rdb exits first. */
  async waitFor(re: RegExp, from = 0): Promise<string> {
    for (;;) {
      const m = re.exec(this.output.slice(from));
      if (m) return m[0];
      if (this.exited) throw new Error(`rdb exited before ${re}; output:\n${this.output}`);
      await new Promise<void>((r) => this.waiters.push(r));
    }
  }

  async kill(signal: NodeJS.Signals): Promise<void> {
    if (this.exited) return;
    const done = new Promise<void>((r) => this.child.on('exit', () => r()));
    this.child.kill(signal);
    await done;
  }

  /** Quits rdb (or kills it if it does not quit). */
  async close(): Promise<void> {
    if (this.exited) return;
    const done = new Promise<void>((r) => this.child.on('exit', () => r()));
    this.child.stdin!.end('quit\n');
    await done;
  }
}
