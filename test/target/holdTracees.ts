// Child script for the "tracees die with node" tests: spawns a running and a stopped tracee of
// argv[2] and prints their pids as JSON. Then, by mode (argv[3]): 'hold' waits on the running one
// forever; 'exit' calls process.exit(0); 'return' interrupts the running one and lets node's event
// loop run dry with both tracees stopped.
import { Process } from '../../src/target/Process';

async function main(): Promise<void> {
  const [exe, mode] = process.argv.slice(2);
  const running = await Process.spawn(exe, []);
  const stopped = await Process.spawn(exe, []);
  const pending = running.cont();
  process.stdout.write(`${JSON.stringify({ running: running.pid, stopped: stopped.pid })}\n`);
  if (mode === 'hold') await pending;
  if (mode === 'exit') process.exit(0);
  if (mode === 'return') {
    running.interrupt();
    await pending;
  }
}

main().catch((e) => {
  process.stderr.write(`${String(e)}\n`);
  process.exit(1);
});
