// Program: modules at load biases computed from real mappings, cross-module lookups.
import { strict as assert } from 'assert';
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { compileFixture } from '../helpers/compile';
import { loadBias, Program, type MappingLike } from '../../src/symbols/Program';

const fixture = path.join(__dirname, '../../../test/symbols/fixtures/symtab.c');

function readMapsOf(pid: number): MappingLike[] {
  return fs.readFileSync(`/proc/${pid}/maps`, 'utf8').trim().split('\n').map((l) => {
    const [range, , offset, , , p] = l.split(/\s+/);
    const [start] = range.split('-');
    return { start: BigInt(`0x${start}`), offset: BigInt(`0x${offset}`), path: p };
  });
}

describe('symbols: program and load biases', () => {
  it('computes a PIE\'s bias from any of its mappings', () => {
    const program = Program.open(compileFixture(fixture));
    try {
      const segs = program.main.module.info.segments;
      const base = 0x555555554000n;
      assert.equal(loadBias(segs, base, 0n), base);
      const text = program.main.module.loadSegments()[1];
      const pageOffset = text.offset & ~0xfffn;
      assert.equal(loadBias(segs, base + (text.vaddr & ~0xfffn), pageOffset), base);
    } finally {
      program.close();
    }
  });

  it('places the executable and its libraries from /proc/PID/maps of a live process', async () => {
    const exe = '/bin/sleep';
    const child = spawn(exe, ['10'], { stdio: 'ignore' });
    try {
      await new Promise((r) => setTimeout(r, 200));
      const program = Program.open(exe);
      try {
        const maps = readMapsOf(child.pid!);
        program.updateModules(maps);
        const libc = program.modules().find((m) => /libc\.so/.test(m.path));
        assert.ok(libc, `libc among ${program.modules().map((m) => m.path)}`);
        assert.ok(program.main.bias !== 0n || program.main.module.info.type === 'exec');
        const mem = fs.openSync(`/proc/${child.pid}/mem`, 'r');
        try {
          for (const name of ['puts', 'malloc', 'nanosleep']) {
            const fn = program.functionsByName(name)[0];
            assert.ok(fn && fn.module === libc, name);
            const live = Buffer.alloc(16);
            fs.readSync(mem, live, 0, 16, Number(fn.low));
            assert.deepEqual(live, program.readFileImage(fn.low, 16), `code of ${name} at its runtime address`);
            assert.equal(program.functionAt(fn.low + 1n)?.name, fn.name);
          }
          const entry = program.main.module.info.entry + program.main.bias;
          const live = Buffer.alloc(16);
          fs.readSync(mem, live, 0, 16, Number(entry));
          assert.deepEqual(live, program.readFileImage(entry, 16), 'the executable\'s entry point');
        } finally {
          fs.closeSync(mem);
        }
        // A library that disappears from the maps is dropped; the executable stays.
        program.updateModules(maps.filter((m) => !/libc\.so/.test(m.path ?? '')));
        assert.equal(program.modules().some((m) => /libc\.so/.test(m.path)), false);
        assert.equal(program.modules()[0], program.main);
      } finally {
        program.close();
      }
    } finally {
      child.kill();
    }
  });

  it('reads the file image before the program runs, with zeros for .bss', () => {
    const program = Program.open(compileFixture(fixture));
    try {
      const main = program.functionByName('main')!;
      assert.equal(program.readFileImage(main.low, 4).length, 4);
      const counter = program.globalVariable('global_counter')!;
      const loc = program.evalLocation(counter, {});
      assert.ok(loc.kind === 'memory');
      assert.equal(loc.kind === 'memory' && program.readFileImage(loc.address, 4).readInt32LE(0), 7);
      const ticks = program.evalLocation(program.globalVariable('ticks')!, {});
      assert.equal(ticks.kind === 'memory' && program.readFileImage(ticks.address, 4).readInt32LE(0), 0);
      assert.throws(() => program.readFileImage(0x7fff0000n, 4), /Cannot access memory at address 0x7fff0000/);
    } finally {
      program.close();
    }
  });
});
