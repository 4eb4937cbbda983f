// The CLI's own parsing: command lookup, command-line flags, location specs, echo escapes.
import * as assert from 'assert';
import { CommandTable } from '../../src/cli/commandTable';
import { parseArgs } from '../../src/cli/main';
import { unescapeEcho } from '../../src/cli/dataCommands';
import { parseLocationSpec, parseNumberList, splitCondition } from '../../src/debugger/breakpoints';
import { formatExit, backtraceLine } from '../../src/cli/format';

describe('command lookup', () => {
  const table = new CommandTable<null>();
  for (const name of ['continue', 'condition', 'next', 'nexti', 'display', 'disable', 'delete']) {
    table.add({ name, aliases: name === 'continue' ? ['c'] : name === 'next' ? ['n'] : undefined, run: () => undefined });
  }
  it('finds names, aliases and unique prefixes', () => {
    assert.strictEqual(table.lookup('c').name, 'continue');
    assert.strictEqual(table.lookup('cont').name, 'continue');
    assert.strictEqual(table.lookup('cond').name, 'condition');
    assert.strictEqual(table.lookup('n').name, 'next');
    assert.strictEqual(table.lookup('nexti').name, 'nexti');
    assert.strictEqual(table.lookup('disp').name, 'display');
  });
  it('reports ambiguous and unknown words like gdb', () => {
    assert.throws(() => table.lookup('di'), /Ambiguous command "di": disable, display\.$/);
    assert.throws(() => table.lookup('frobnicate'), /Undefined command: "frobnicate"\.  Try "help"\./);
  });
  it('splits a format modifier from the command word', () => {
    assert.deepStrictEqual(CommandTable.split('p/x foo + 1'), { word: 'p', modifier: '/x', args: 'foo + 1' });
    assert.deepStrictEqual(CommandTable.split('x/4xw &counter'), { word: 'x', modifier: '/4xw', args: '&counter' });
    assert.deepStrictEqual(CommandTable.split('  next  3 '), { word: 'next', modifier: '', args: '3' });
  });
});

describe('command-line flags', () => {
  it('keeps -ex and -x in order and passes --args through', () => {
    const inv = parseArgs(['-batch', '-ex', 'break main', '-x', 'cmds', '--ex=run', '--args', './prog', '-v', 'x']);
    assert.strictEqual(inv.batch, true);
    assert.deepStrictEqual(inv.actions, [{ kind: 'ex', text: 'break main' }, { kind: 'file', text: 'cmds' }, { kind: 'ex', text: 'run' }]);
    assert.strictEqual(inv.program, './prog');
    assert.deepStrictEqual(inv.args, ['-v', 'x']);
  });
  it('rejects unknown options and a missing argument', () => {
    assert.throws(() => parseArgs(['--frob']), /unrecognized option '--frob'/);
    assert.throws(() => parseArgs(['-ex']), /requires an argument/);
  });
});

describe('location specs and conditions', () => {
  const cases: Array<[string, unknown]> = [
    ['12', { kind: 'line', line: 12 }],
    ['loops.c:24', { kind: 'line', file: 'loops.c', line: 24 }],
    ['square', { kind: 'function', name: 'square' }],
    ['loops.c:square', { kind: 'function', file: 'loops.c', name: 'square' }],
    ['*0x401136', { kind: 'address', expression: '0x401136' }],
    ['', { kind: 'here' }],
  ];
  for (const [text, want] of cases) {
    it(`parses "${text}"`, () => assert.deepStrictEqual(parseLocationSpec(text), want));
  }
  it('splits `if`', () => {
    assert.deepStrictEqual(splitCondition('square if v == 2'), { spec: 'square', condition: 'v == 2' });
    assert.deepStrictEqual(splitCondition('diff.c:3'), { spec: 'diff.c:3' });
    assert.deepStrictEqual(splitCondition('if x'), { spec: '', condition: 'x' });
    assert.throws(() => splitCondition('f if '), /Argument required/);
  });
  it('parses breakpoint number lists', () => {
    assert.deepStrictEqual(parseNumberList('1 3-5'), [1, 3, 4, 5]);
    assert.throws(() => parseNumberList('x'), /Args must be numbers/);
  });
});

describe('output shapes', () => {
  it('unescapes echo text', () => {
    assert.strictEqual(unescapeEcho('hi\\n'), 'hi\n');
    assert.strictEqual(unescapeEcho('a\\tb\\101\\\\'), 'a\tbA\\');
  });
  it('prints exits like gdb (octal exit codes)', () => {
    assert.deepStrictEqual(formatExit({ kind: 'exited', pid: 7, code: 0 }), ['[Inferior 1 (process 7) exited normally]']);
    assert.deepStrictEqual(formatExit({ kind: 'exited', pid: 7, code: 10 }), ['[Inferior 1 (process 7) exited with code 012]']);
    assert.deepStrictEqual(formatExit({ kind: 'exited', pid: 7, code: 135 }), ['[Inferior 1 (process 7) exited with code 0207]']);
  });
  it('prints backtrace lines with padded addresses for outer frames', () => {
    assert.strictEqual(backtraceLine({ level: 1, pc: 0x555555555192n, function: 'main', args: [{ name: 'argc', value: '1' }], file: 'loops.c', line: 23, atLineStart: false }),
      '#1  0x0000555555555192 in main (argc=1) at loops.c:23');
    assert.strictEqual(backtraceLine({ level: 0, pc: 0x1140n, function: 'square', args: [{ name: 'v', value: '0' }], file: 'loops.c', line: 8, atLineStart: true }),
      '#0  square (v=0) at loops.c:8');
    assert.strictEqual(backtraceLine({ level: 0, pc: 0x55555555513dn, function: 'square', atLineStart: false }),
      '#0  0x000055555555513d in square ()');
  });
});
