// Opening a core file post-mortem, from the command line (`--core FILE`) or with gdb's
// `core-file FILE`: gdb's banner, the innermost frame, the current thread when there are several.
import type { Cli } from './Cli';

/** Opens `file` and says what gdb says; `announceProgram` also names the program the core led to
 * (gdb's "Reading symbols from", when none was given). Throws if the core cannot be opened. */
export async function openCoreFile(cli: Cli, file: string, announceProgram: boolean): Promise<void> {
  const dbg = cli.dbg;
  const loaded = dbg.programPath() !== undefined;
  const banner = await dbg.openCore(file);
  if (!loaded && announceProgram) cli.print(`Reading symbols from ${dbg.programPath()}...`);
  cli.print(...banner);
  await cli.execute('frame');
  const current = dbg.thread();
  if (current && dbg.threads().length > 1) cli.print(`[Current thread is ${current.id} (${current.targetId})]`);
}

export function registerCoreCommands(cli: Cli): void {
  cli.commands.add({ name: 'core-file', aliases: ['core'], run: async (cli, args, modifier) => {
    // An absolute path reads like a format modifier (`core /tmp/core`): it is the file's name.
    const file = [modifier, args.trim()].filter(Boolean).join(' ');
    if (file === '') {
      // Without a file, gdb lets go of the core it has open.
      if (cli.dbg.isPostMortem()) await cli.dbg.kill();
      return;
    }
    await openCoreFile(cli, file, cli.opts.fromTty);
  } });
}
