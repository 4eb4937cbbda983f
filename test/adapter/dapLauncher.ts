// Runs `rdb dap` (bin/rdb.js) for DebugClient, which starts `node FILE` without arguments.
import * as path from 'path';

process.argv.splice(2, process.argv.length - 2, 'dap');
require(path.resolve(__dirname, '../../../bin/rdb.js'));
