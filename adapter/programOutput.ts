// The debugged program's stdout and stderr for a DAP session: each goes to a pipe (a FIFO made
// and unlinked at once) that the adapter drains into output events, so the program never writes
// into the protocol stream. Draining is synchronous (non-blocking reads), so everything the
// program wrote before a stop is sent before the stop's event.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { execFileSync } from 'child_process';
import { StringDecoder } from 'string_decoder';

export type OutputSink = (category: 'stdout' | 'stderr', text: string) => void;

interface Pipe { category: 'stdout' | 'stderr'; read: number; write: number; text: StringDecoder }

export class ProgramOutput {
  private pipes: Pipe[] = [];
  private stdin = -1;
  private timer?: NodeJS.Timeout;
  private readonly buf = Buffer.alloc(65536);

  constructor(private readonly sink: OutputSink) {}

  /** Opens the pipes; returns the descriptors the program gets as 0, 1 and 2. */
  open(): [number, number, number] {
    this.close();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rdb-dap-'));
    try {
      for (const category of ['stdout', 'stderr'] as const) {
        const fifo = path.join(dir, category);
        execFileSync('mkfifo', ['-m', '600', fifo]);
        // Read end first, non-blocking, so opening the write end does not wait for a reader.
        const read = fs.openSync(fifo, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
        const write = fs.openSync(fifo, fs.constants.O_WRONLY);
        this.pipes.push({ category, read, write, text: new StringDecoder('utf8') });
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    this.stdin = fs.openSync('/dev/null', 'r');
    return [this.stdin, this.pipes[0].write, this.pipes[1].write];
  }

  /** The program has its copies: the adapter keeps only the read ends. */
  started(): void {
    for (const p of this.pipes) {
      if (p.write >= 0) fs.closeSync(p.write);
      p.write = -1;
    }
    if (this.stdin >= 0) fs.closeSync(this.stdin);
    this.stdin = -1;
  }

  /** Sends what the program has written so far. */
  drain(): void {
    for (const p of this.pipes) {
      for (;;) {
        let n: number;
        try {
          n = fs.readSync(p.read, this.buf, 0, this.buf.length, null);
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code === 'EAGAIN') break;
          throw e;
        }
        if (n <= 0) break;
        const text = p.text.write(this.buf.subarray(0, n));
        if (text) this.sink(p.category, text);
      }
    }
  }

  /** While the program runs, its output is sent as it comes (every `ms`). */
  streaming(on: boolean, ms = 30): void {
    if (on && !this.timer) this.timer = setInterval(() => this.drain(), ms);
    if (!on && this.timer) { clearInterval(this.timer); this.timer = undefined; }
  }

  close(): void {
    this.streaming(false);
    if (this.pipes.length) this.drain();
    for (const p of this.pipes) {
      fs.closeSync(p.read);
      if (p.write >= 0) fs.closeSync(p.write);
    }
    if (this.stdin >= 0) fs.closeSync(this.stdin);
    this.stdin = -1;
    this.pipes = [];
  }
}
