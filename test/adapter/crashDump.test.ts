// Super core dumps from VS Code: Save Super Core Dump (rdb/gcore) of a large process shows a
// progress; the launch option "dumpOnCrash": a stop at a crash writes a super core dump to the directory
// (said on the Debug Console), once; a post-mortem launch of it shows the crash's frames; a
// directory that is not there refuses the launch with the reason, and a launch after it runs.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { compileFixture, fixturesDir } from '../helpers/compile';
import { scratchDir } from '../helpers/processes';
import { collectOutput, launchWithBreakpoints, resumeTo, startClient, topFrame } from './dapHelpers';

describe('DAP: super core dumps (progress, dumpOnCrash)', function () {
  this.timeout(300000);
  const dir = scratchDir('rdb-dapdump-');
  let dc: DebugClient;
  let program: string;

  before(() => { program = compileFixture('crash'); });
  beforeEach(async () => { dc = await startClient(); });
  afterEach(async () => { await dc.stop(); });

  it('writes an image at the crash, once, which a coreFile launch opens at the crash', async () => {
    const console = collectOutput(dc, 'console');
    const source = path.join(fixturesDir, 'crash.c');
    // Mode 3 divides by zero; the breakpoint in main comes first.
    const first = await launchWithBreakpoints(dc, program, source, [{ line: lineOf(source, 'case 3: printf') }],
      { args: ['3'], dumpOnCrash: path.relative(fixturesDir, dir), cwd: fixturesDir });
    assert.strictEqual(first.body.reason, 'breakpoint');
    assert.deepStrictEqual(fs.readdirSync(dir), [], 'no image before the crash');
    const crash = await resumeTo(dc, () => dc.continueRequest({ threadId: first.body.threadId! }));
    assert.strictEqual(crash.body.reason, 'exception');
    const images = fs.readdirSync(dir);
    assert.strictEqual(images.length, 1, images.join(' '));
    const image = path.join(dir, images[0]);
    assert.match(images[0], new RegExp(`^core\\.${path.basename(program)}\\.\\d+$`));
    assert.ok(console.text().includes(`Saved super core dump ${image}; open it with: rdb --core ${image}`), console.text());
    // Back and forth to the crash again: replay shows it, no second image.
    await resumeTo(dc, () => dc.stepBackRequest({ threadId: crash.body.threadId! }));
    const again = await resumeTo(dc, () => dc.continueRequest({ threadId: crash.body.threadId! }));
    assert.strictEqual(again.body.reason, 'exception');
    assert.deepStrictEqual(fs.readdirSync(dir), images);
    const live = await topFrame(dc, crash.body.threadId!);
    await dc.stop();

    dc = await startClient();
    const stopped = dc.waitForEvent('stopped');
    await Promise.all([dc.waitForEvent('initialized').then(() => dc.configurationDoneRequest()), dc.launch({ coreFile: image } as DebugProtocol.LaunchRequestArguments)]);
    const ev = (await stopped) as DebugProtocol.StoppedEvent;
    assert.strictEqual(ev.body.text, 'SIGFPE');
    const top = await topFrame(dc, ev.body.threadId!);
    assert.deepStrictEqual([top.name, top.line], [live.name, live.line]);
  });

  it('rdb/gcore of a large process shows a progress up to 100% and ends it; the file is written', async () => {
    const big = compileFixture('bigheap');
    const stopped = dc.waitForEvent('stopped');
    await dc.initializeRequest({ adapterID: 'rdb', linesStartAt1: true, columnsStartAt1: true, pathFormat: 'path', supportsProgressReporting: true });
    await Promise.all([
      dc.waitForEvent('initialized').then(async () => {
        await dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'ready' }] });
        await dc.configurationDoneRequest();
      }),
      dc.launchRequest({ program: big } as DebugProtocol.LaunchRequestArguments),
    ]);
    assert.strictEqual(((await stopped) as DebugProtocol.StoppedEvent).body.reason, 'breakpoint');
    const events: DebugProtocol.Event[] = [];
    for (const e of ['progressStart', 'progressUpdate', 'progressEnd']) dc.on(e, (ev: DebugProtocol.Event) => events.push(ev));
    const file = path.join(dir, 'big.core');
    const ended = dc.waitForEvent('progressEnd');
    await dc.customRequest('rdb/gcore', { path: file });
    await ended;
    assert.strictEqual(events[0].event, 'progressStart', JSON.stringify(events));
    assert.strictEqual(events[0].body.title, 'Saving a super core dump');
    const ids = new Set(events.map((e) => e.body.progressId));
    assert.strictEqual(ids.size, 1);
    const percents = events.filter((e) => e.event !== 'progressEnd').map((e) => e.body.percentage as number);
    assert.ok(percents.length >= 5 && percents.every((p, i) => i === 0 || p > percents[i - 1]), JSON.stringify(percents));
    assert.strictEqual(percents[percents.length - 1], 100);
    assert.strictEqual(events[events.length - 1].event, 'progressEnd');
    assert.ok(fs.statSync(file).size > 96 << 20);
    fs.unlinkSync(file);
  });

  it('a directory that is not there refuses the launch, saying so; a launch after it runs', async () => {
    await dc.initializeRequest();
    const missing = path.join(dir, 'absent');
    await assert.rejects(dc.launchRequest({ program, dumpOnCrash: missing } as DebugProtocol.LaunchRequestArguments),
      new RegExp(`dumpOnCrash: ${missing}: No such directory\\.`));
    await assert.rejects(dc.launchRequest({ program, dumpOnCrash: 7 } as DebugProtocol.LaunchRequestArguments), /"dumpOnCrash" must be the path of a directory\./);
    // Nothing was loaded: a launch with a directory that is there runs.
    const stopped = dc.waitForEvent('stopped');
    await dc.launchRequest({ program, args: ['3'], dumpOnCrash: dir, stopOnEntry: true } as DebugProtocol.LaunchRequestArguments);
    await dc.configurationDoneRequest();
    assert.strictEqual(((await stopped) as DebugProtocol.StoppedEvent).body.reason, 'entry');
  });
});

function lineOf(file: string, text: string): number {
  return fs.readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes(text)) + 1;
}
