// Parsing of /proc/PID/maps.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import { mappingAt, parseMaps, readMaps } from '../../src/target/maps';

describe('target/maps', () => {
  it('parses file, anonymous, pseudo and deleted mappings', () => {
    const maps = parseMaps([
      '555555554000-555555555000 r--p 00000000 fd:01 1234                       /tmp/a b/prog',
      '555555555000-555555556000 r-xp 00001000 fd:01 1234                       /tmp/a b/prog',
      '7ffff7fc1000-7ffff7fc5000 rw-s 00000000 00:00 0 ',
      '7ffffffde000-7ffffffff000 rw-p 00000000 00:00 0                          [stack]',
      '7ffff7dd0000-7ffff7dd1000 r--p 00002000 fd:01 99                         /usr/lib/x.so (deleted)',
      '',
    ].join('\n'));
    assert.equal(maps.length, 5);
    assert.deepEqual(
      { start: maps[1].start, end: maps[1].end, perms: maps[1].perms, offset: maps[1].offset, path: maps[1].path, x: maps[1].executable },
      { start: 0x555555555000n, end: 0x555555556000n, perms: 'r-xp', offset: 0x1000n, path: '/tmp/a b/prog', x: true });
    assert.equal(maps[2].path, undefined);
    assert.equal(maps[2].private, false);
    assert.equal(maps[3].path, '[stack]');
    assert.equal(maps[4].deleted, true);
    assert.equal(maps[4].path, '/usr/lib/x.so');
    assert.equal(mappingAt(maps, 0x555555555fffn), maps[1]);
    assert.equal(mappingAt(maps, 0x555555556000n), undefined);
  });

  it('rejects a malformed line', () => {
    assert.throws(() => parseMaps('not a mapping\n'), /unexpected line/);
  });

  it('reads our own maps', () => {
    const maps = readMaps(process.pid);
    assert.ok(maps.some((m) => m.path === '[stack]'));
    assert.ok(maps.some((m) => m.executable && m.path === fs.realpathSync(process.execPath)));
  });
});
