#!/usr/bin/env node
// Builds the native addons with node-gyp, skipping an addon already built from its current
// sources (`npx rdb` installs the project into npm's cache and runs this again: it must not
// rebuild, and so remove, the addon that another rdb may be loading).
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const addons = [['tracer', 'rdb_tracer'], ['dwarf', 'rdb_dwarf']];

function newestSource(dir) {
  let t = fs.statSync(path.join(dir, 'binding.gyp')).mtimeMs;
  for (const f of fs.readdirSync(path.join(dir, 'src'))) t = Math.max(t, fs.statSync(path.join(dir, 'src', f)).mtimeMs);
  return t;
}

function upToDate(dir, name) {
  try {
    return fs.statSync(path.join(dir, 'build', 'Release', `${name}.node`)).mtimeMs >= newestSource(dir);
  } catch {
    return false;
  }
}

const force = process.argv.includes('--force');
for (const [sub, name] of addons) {
  const dir = path.join(__dirname, sub);
  if (!force && upToDate(dir, name)) continue;
  const r = spawnSync('node-gyp', ['rebuild', '-C', dir], { stdio: 'inherit' });
  if (r.error) {
    console.error(`rdb: cannot run node-gyp: ${r.error.message}`);
    process.exit(1);
  }
  if (r.status !== 0) process.exit(r.status ?? 1);
}
