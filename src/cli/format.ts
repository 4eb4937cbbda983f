// Formats the Debugger's stops, frames and exits in gdb's exact output shapes (`addresses`:
// gdb's `set print address`, off leaves code addresses out of frames and breakpoints).
import type { Breakpoint } from '../debugger/breakpoints';
import type { ExitInfo, FrameDescription, Stop } from '../debugger/events';
import { watchpointStopLines } from '../debugger/watchText';

/** `0x0000555555555192`: gdb pads code addresses in frames to 16 hex digits. */
export function paddedAddress(a: bigint): string {
  return '0x' + a.toString(16).padStart(16, '0');
}

export function hex(a: bigint): string {
  return '0x' + a.toString(16);
}

function argList(f: FrameDescription): string {
  return (f.args ?? []).map((a) => `${a.name}=${a.value}`).join(', ');
}

/** `f (a=1) at f.c:12`, `0x... in f (a=1) at f.c:12`, `0x... in f ()`, `0x... in ?? ()`. */
export function frameLocation(f: FrameDescription, withAddress: boolean): string {
  if (f.sigtramp) return '<signal handler called>';
  if (f.dummy) return '<function called from gdb>';
  const addr = withAddress ? `${paddedAddress(f.pc)} in ` : '';
  const name = f.function ?? '??';
  let s = `${addr}${name} (${argList(f)})`;
  if (f.file !== undefined && f.line !== undefined) s += ` at ${f.file}:${f.line}`;
  else if (f.library !== undefined && f.function === undefined) s += ` from ${f.library}`;
  else if (f.library !== undefined) s += ` from ${f.library}`;
  return s;
}

/** `#N` as gdb writes it: the level left-aligned in two columns, then a space. */
export function frameLevel(level: number): string { return `#${String(level).padEnd(2)} `; }

/** A backtrace line: `#1  0x0000555555555192 in main (argc=1) at loops.c:23`. */
export function backtraceLine(f: FrameDescription, addresses = true): string {
  const withAddress = addresses && (!f.atLineStart || f.line === undefined);
  return `${frameLevel(f.level)}${frameLocation(f, withAddress)}`;
}

/** A line of output; errors (gdb writes them to stderr) are marked. */
export type OutputLine = string | { error: string };

export type SourceText = string | { missing: true; report: boolean };

/** The source line as gdb prints it after a stop: `23\t    acc += square(i);`, or for a file it
 * cannot read `23\tin FILE` after the first report of the error. */
export function sourceLine(line: number, text: SourceText, file: string): OutputLine {
  if (typeof text === 'string') return `${line}\t${text}`;
  return text.report ? { error: `${line}\t${file}: No such file or directory.` } : `${line}\tin ${file}`;
}

export type SourceReader = (file: string, line: number) => SourceText | { text: string; warning: string };

/** The location part of a stop report (after any `Breakpoint N, ` prefix). */
export function stopLocation(stop: Stop, readSource: SourceReader, addresses = true): OutputLine[] {
  const f = stop.frame;
  if (f.sigtramp || f.dummy) return [frameLocation(f, false)];
  const hasLine = f.file !== undefined && f.line !== undefined;
  const read = hasLine ? readSource(f.path ?? f.file!, f.line!) : undefined;
  // A warning about the file (gdb's "more recent than executable") comes before its line.
  const warned = typeof read === 'object' && 'warning' in read ? read : undefined;
  const warning: OutputLine[] = warned ? [{ error: warned.warning }] : [];
  const text: SourceText | undefined = warned ? warned.text : read as SourceText | undefined;
  const src = text !== undefined ? sourceLine(f.line!, text, f.file!) : undefined;
  // gdb's SRC_LINE: the address goes in front when the pc is not at the start of a row.
  if (stop.style === 'source-line' && src !== undefined) {
    return [...warning, f.atLineStart || !addresses || typeof src !== 'string' ? src : `${paddedAddress(f.pc)}\t${src}`];
  }
  const loc = frameLocation(f, addresses && (!f.atLineStart || !hasLine));
  return src !== undefined ? [loc, ...warning, src] : [loc];
}

/** `finish`'s last line, printed after the auto-displays as gdb does. */
export function finishValue(stop: Stop): string | undefined {
  const r = stop.reason;
  return r.kind === 'finish' && r.returnValue ? `Value returned is $${r.returnValue.history} = ${r.returnValue.text}` : undefined;
}

/** The full report of a stop, as lines. */
export function formatStop(stop: Stop, readSource: SourceReader, addresses = true): OutputLine[] {
  const lines = stopLines(stop, readSource, addresses);
  return stop.switchedTo ? [`[Switching to ${stop.switchedTo}]`, ...lines] : lines;
}

function stopLines(stop: Stop, readSource: SourceReader, addresses: boolean): OutputLine[] {
  const r = stop.reason;
  const loc = stopLocation(stop, readSource, addresses);
  // Once the program has had several threads, gdb says which one stopped.
  const t = stop.thread;
  const hit = t ? `Thread ${t.id} "${t.name}" hit ` : '';
  const received = t ? `Thread ${t.id} "${t.name}" received` : 'Program received';
  switch (r.kind) {
    case 'breakpoint': {
      const head = `${hit}${r.temporary ? 'Temporary breakpoint' : 'Breakpoint'} ${r.number}${r.location ? `.${r.location}` : ''}, `;
      return ['', head + loc[0], ...loc.slice(1)];
    }
    case 'watchpoint':
      return ['', ...watchpointStopLines(r, hit), ...loc];
    case 'watchpoint-scope':
      return ['', `Watchpoint ${r.number} deleted because the program has left the block in`,
        'which its expression is valid.', ...loc];
    case 'signal':
      return ['', `${received} signal ${r.name}, ${r.description}.`, ...loc];
    case 'interrupted':
      return ['', `${received} signal SIGINT, Interrupt.`, ...loc];
    case 'finish':
      return loc; // the value follows the auto-displays: see finishValue

    case 'history-start':
      return ['', 'No more reverse-execution history.', ...loc];
    case 'history-end':
      return ['', 'No more reverse-execution history.', ...loc];
    case 'started':
      return ['', 'Program stopped.', ...loc];
    case 'step':
      return loc;
    case 'call-return':
      return [];
  }
}

/** `[Inferior 1 (process N) exited normally]` and friends. */
export function formatExit(e: ExitInfo): string[] {
  if (e.kind === 'exited') {
    if (e.code === 0) return [`[Inferior 1 (process ${e.pid}) exited normally]`];
    // gdb's format is "0%o": a leading zero, then as many octal digits as it takes.
    return [`[Inferior 1 (process ${e.pid}) exited with code 0${e.code.toString(8)}]`];
  }
  return ['', `Program terminated with signal ${e.signal}, ${e.description}.`, 'The program no longer exists.'];
}

/** `Breakpoint 1 at 0x1140: file loops.c, line 8.` (without addresses, `Breakpoint 1: file ...`
 * unless there is no line to name). */
export function breakpointSetMessage(bp: Breakpoint, addresses = true): string {
  const kind = bp.temporary ? 'Temporary breakpoint' : 'Breakpoint';
  if (bp.locations.length === 0) return `${kind} ${bp.number} (${bp.spec}) pending.`;
  const l = bp.locations[0];
  const hasLine = l.file !== undefined && l.line !== undefined;
  const at = addresses || !hasLine ? ` at ${hex(l.address)}` : '';
  if (bp.locations.length > 1) return `${kind} ${bp.number}${at}: ${bp.spec}. (${bp.locations.length} locations)`;
  if (hasLine) return `${kind} ${bp.number}${at}: file ${l.file}, line ${l.line}.`;
  return `${kind} ${bp.number}${at}`;
}

/** The What column of one breakpoint location. */
function locationWhat(b: Breakpoint, l: Breakpoint['locations'][number] | undefined): string {
  // An address with neither line nor symbol shows nothing; a pending breakpoint its spec.
  if (!l) return b.spec;
  return l.file !== undefined ? `in ${l.function ?? '??'} at ${l.file}:${l.line}` : l.symbol ? `<${l.symbol}>` : '';
}

/** The `info breakpoints` table. */
export function breakpointTable(bps: Breakpoint[], commands: (n: number) => string[] | undefined = () => undefined, live = true, addresses = true): string[] {
  if (bps.length === 0) return ['No breakpoints or watchpoints.'];
  // The Address column is as wide as a 64-bit address if a row has one: a breakpoint's
  // location, or a watchpoint's while the program runs; else gdb keeps it 10 wide.
  const wide = bps.some((b) => (b.type === 'watchpoint' ? live : b.locations.length > 0));
  const blank = ' '.repeat(wide ? 18 : 10);
  // Without addresses the column goes (column and its separating space).
  const column = (text: string): string => (addresses ? `${text} ` : '');
  const typeName = (b: Breakpoint): string => b.type !== 'watchpoint' ? 'breakpoint'
    : b.watchKind === 'read' ? 'read watchpoint' : b.watchKind === 'access' ? 'acc watchpoint' : 'hw watchpoint';
  // gdb widens the Type column to its longest entry.
  const width = Math.max(14, ...bps.map((b) => typeName(b).length)) + 1;
  const out = [`Num     ${'Type'.padEnd(width)}Disp Enb ${column('Address'.padEnd(blank.length))}What`];
  for (const b of bps) {
    const disp = b.temporary ? 'del ' : b.disableAfter ? 'dis ' : 'keep';
    const enb = b.enabled ? 'y' : 'n';
    if (b.type === 'watchpoint') {
      out.push(`${String(b.number).padEnd(8)}${typeName(b).padEnd(width)}${disp} ${enb}   ${column(blank)}${b.spec}`);
    } else {
      const multiple = b.locations.length > 1;
      const l = b.locations[0];
      const addr = multiple ? '<MULTIPLE>'.padEnd(blank.length) : l ? paddedAddress(l.address) : '<PENDING>'.padEnd(blank.length);
      out.push(`${String(b.number).padEnd(8)}${typeName(b).padEnd(width)}${disp} ${enb}   ${column(addr)}${multiple ? '' : locationWhat(b, l)}`);
    }
    if (b.condition) out.push(`\tstop only if ${b.condition}`);
    if (b.hitCount > 0) out.push(`\tbreakpoint already hit ${b.hitCount} time${b.hitCount === 1 ? '' : 's'}`);
    if (b.ignoreCount > 0) out.push(`\tignore next ${b.ignoreCount} hits`);
    if (b.disableAfter && b.disableAfter.stops > 1) out.push(`\tdisable after next ${b.disableAfter.stops} hits`);
    for (const l of commands(b.number) ?? []) out.push(`        ${l}`);
    if (b.type === 'breakpoint' && b.locations.length > 1) {
      b.locations.forEach((loc, i) => {
        const enabled = loc.conditionInvalid ? 'N*' : loc.disabled ? 'n ' : !b.enabled ? 'y-' : 'y ';
        out.push(`${`${b.number}.${i + 1}`.padEnd(8 + width + 5)}${enabled}  ${column(paddedAddress(loc.address))}${locationWhat(b, loc)}`);
      });
    }
  }
  if (bps.some((b) => b.locations.some((loc) => loc.conditionInvalid))) out.push('(*): Breakpoint condition is invalid at this location.');
  return out;
}
