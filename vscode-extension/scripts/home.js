// Records the rdb clone this extension is built from (out/home.json), where the extension
// finds bin/rdb.js when the rdb.path setting is empty.
const fs = require('fs');
const path = require('path');

const out = path.join(__dirname, '..', 'out');
fs.mkdirSync(out, { recursive: true });
fs.writeFileSync(path.join(out, 'home.json'), `${JSON.stringify({ root: path.resolve(__dirname, '..', '..') })}\n`);
