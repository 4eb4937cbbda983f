#!/usr/bin/env node
// Entry point of the `rdb` command: runs the compiled CLI.
require('../dist/src/cli/main.js').main(process.argv.slice(2));
