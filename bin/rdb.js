#!/usr/bin/env node
// Entry point of the `rdb` command: `rdb dap ...` runs the DAP server, anything else the CLI.
const argv = process.argv.slice(2);
if (argv[0] === 'dap') require('../dist/adapter/main.js').main(argv.slice(1));
else require('../dist/src/cli/main.js').main(argv);
