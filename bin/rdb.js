#!/usr/bin/env node
// Entry point of the `rdb` command: `rdb dap ...` runs the DAP server, anything else the CLI.
const argv = process.argv.slice(2);
if (argv[0] === 'dap') {
  // The adapter's Debug Console runs the CLI's commands: its interpreter is handed over here,
  // above both (the adapter imports only the debugger's facade).
  const { Cli } = require('../dist/src/cli/Cli.js');
  const commandLine = (dbg, out) => new Cli(dbg, { batch: true, fromTty: false, interactiveInput: false, ...out });
  require('../dist/adapter/main.js').main(argv.slice(1), commandLine);
} else require('../dist/src/cli/main.js').main(argv);
