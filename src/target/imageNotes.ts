// rdb's own notes in the images it writes (vendor name "RDB", which gdb and eu-stack skip): what
// a restart needs beyond an ordinary core. Each note is JSON (addresses as hex strings) except
// the saved content of a file, which is a binary fd number and bytes. Decoding checks every field
// and bounds every string and array by the note that holds it: a hostile image is refused.

export const RDB_NOTE = 'RDB';
export const NT_RDB_PROCESS = 1;
export const NT_RDB_FDS = 2;
export const NT_RDB_BINARIES = 3;
export const NT_RDB_CPU = 4;
export const NT_RDB_FILEDATA = 5;
/** Where an image's recorded history lies in its file: the core of its base copy and the log. */
export const NT_RDB_HISTORY = 6;
const HISTORY_NOTE_SIZE = 40;

/** A mapping as /proc/PID/maps showed it when the image was written. */
export interface ImageMapping { start: bigint; end: bigint; perms: string; offset: bigint; path?: string; deleted: boolean }

/** A signal's disposition (the kernel's struct sigaction for rt_sigaction). */
export interface SignalAction { signal: number; handler: bigint; flags: bigint; restorer: bigint; mask: bigint }

/** An interval timer (setitimer: 0 real, 1 virtual, 2 profiling) left running, in microseconds. */
export interface ImageTimer { which: number; interval: bigint; value: bigint }

/** The process's memory-map fields (/proc/PID/stat) and its current program break. */
export interface ImageMm {
  startCode: bigint; endCode: bigint; startData: bigint; endData: bigint; startBrk: bigint; brk: bigint;
  startStack: bigint; argStart: bigint; argEnd: bigint; envStart: bigint; envEnd: bigint;
}

export interface ImageProcess {
  cwd: string;
  /** The executable (/proc/PID/exe). */
  exe: string;
  threads: number;
  /** The process's own child processes (not rdb's checkpoints) when the image was written. */
  children: number[];
  fsBase: bigint;
  gsBase: bigint;
  /** The blocked signals of the thread the image stops in. */
  sigmask: bigint;
  /** Every signal whose disposition is not the default one. */
  actions: SignalAction[];
  timers: ImageTimer[];
  mm: ImageMm;
  maps: ImageMapping[];
  /** What each thread has of its own beyond its registers (every thread, the main one too). */
  threadFacts?: ImageThread[];
  /** Signals pending for the whole process (sent by kill and not yet taken), if written. */
  pendingShared?: bigint;
}

/** A thread's own kernel state: its blocked signals, the address the kernel clears (and wakes)
 * when it ends (set_tid_address; glibc's pthread_join waits on it), its robust futex list and
 * its alternate signal stack. */
export interface ImageThread {
  tid: number; sigmask: bigint; clearTid: bigint; robustList: bigint; robustLen: bigint;
  altStack: { sp: bigint; flags: number; size: bigint };
  /** Signals pending for this thread alone (raise, tgkill), if written. */
  pending?: bigint;
}

export type FdKind = 'file' | 'dir' | 'device' | 'pipe' | 'socket' | 'other';

export interface ImageFd {
  fd: number;
  kind: FdKind;
  /** What /proc/PID/fd/N links to: a path, or e.g. 'pipe:[1234]'. */
  target: string;
  /** The open flags (fdinfo's, O_CLOEXEC included) and the file offset. */
  flags: number;
  pos: bigint;
  /** The file was removed while open. */
  deleted: boolean;
  size: bigint;
  /** Its content is in an NT_RDB_FILEDATA note (a deleted file, or a small temporary one). */
  saved: boolean;
}

/** A file the process maps, with what identifies its content. */
export interface ImageBinary { path: string; size: bigint; buildId?: string }

export interface ImageCpu {
  /** /proc/cpuinfo's flags. */
  flags: string[];
  /** The XSAVE features enabled (XCR0, as the kernel reports it in the XSAVE area) and the area's size. */
  xcr0: bigint;
  xstateSize: number;
}

export interface ImageNotes {
  process?: ImageProcess;
  fds?: ImageFd[];
  binaries?: ImageBinary[];
  cpu?: ImageCpu;
  /** Saved file contents by descriptor. */
  fileData: Map<number, Buffer>;
  history?: ImageHistoryPlace;
}

/** Where the image's file holds the core of its base copy and the recorded history (bytes). */
export interface ImageHistoryPlace { baseAt: number; baseSize: number; dataAt: number; dataSize: number }

/** The desc of the NT_RDB_HISTORY note (its size is the same whatever the numbers). */
export function historyNote(baseAt: bigint, baseSize: bigint, dataAt: bigint, dataSize: bigint): Buffer {
  const b = Buffer.alloc(HISTORY_NOTE_SIZE);
  b.writeUInt32LE(1, 0);
  [baseAt, baseSize, dataAt, dataSize].forEach((v, i) => b.writeBigUInt64LE(v, 8 + i * 8));
  return b;
}

function historyPlace(desc: Buffer, bad: Bad): ImageHistoryPlace {
  if (desc.length !== HISTORY_NOTE_SIZE) bad(`an RDB history note of ${desc.length} bytes, not ${HISTORY_NOTE_SIZE}`);
  if (desc.readUInt32LE(0) !== 1) bad(`an RDB history note of version ${desc.readUInt32LE(0)}`);
  const [baseAt, baseSize, dataAt, dataSize] = [0, 1, 2, 3].map((i) => {
    const v = desc.readBigUInt64LE(8 + i * 8);
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) bad('an RDB history note places its parts beyond any file');
    return Number(v);
  });
  return { baseAt, baseSize, dataAt, dataSize };
}

const MAX_STRING = 4096;
const MAX_FD = 1 << 20;

function json(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? `0x${v.toString(16)}` : v)));
}

/** The descs of the notes for `n`, each with its type. */
export function encodeImageNotes(n: ImageNotes): Array<{ type: number; desc: Buffer }> {
  const out: Array<{ type: number; desc: Buffer }> = [];
  if (n.process) out.push({ type: NT_RDB_PROCESS, desc: json(n.process) });
  if (n.fds) out.push({ type: NT_RDB_FDS, desc: json(n.fds) });
  if (n.binaries) out.push({ type: NT_RDB_BINARIES, desc: json(n.binaries) });
  if (n.cpu) out.push({ type: NT_RDB_CPU, desc: json(n.cpu) });
  for (const [fd, data] of n.fileData) {
    const head = Buffer.alloc(8);
    head.writeUInt32LE(fd, 0);
    out.push({ type: NT_RDB_FILEDATA, desc: Buffer.concat([head, data]) });
  }
  return out;
}

type Bad = (reason: string) => never;

/** Field readers that refuse what is not of the expected shape. */
class Fields {
  constructor(private readonly what: string, private readonly bad: Bad) {}

  object(v: unknown, where: string): Record<string, unknown> {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) this.bad(`the ${this.what} note's ${where} is not an object`);
    return v as Record<string, unknown>;
  }

  array(v: unknown, where: string): unknown[] {
    if (!Array.isArray(v)) this.bad(`the ${this.what} note's ${where} is not a list`);
    return v as unknown[];
  }

  string(v: unknown, where: string): string {
    if (typeof v !== 'string' || v.length > MAX_STRING || v.includes('\0')) this.bad(`the ${this.what} note's ${where} is not a valid string`);
    return v as string;
  }

  hex(v: unknown, where: string): bigint {
    if (typeof v !== 'string' || !/^0x[0-9a-f]{1,16}$/.test(v)) this.bad(`the ${this.what} note's ${where} is not a 64-bit number`);
    return BigInt(v as string);
  }

  int(v: unknown, where: string, min: number, max: number): number {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) this.bad(`the ${this.what} note's ${where} is not a number from ${min} to ${max}`);
    return v as number;
  }

  bool(v: unknown, where: string): boolean {
    if (typeof v !== 'boolean') this.bad(`the ${this.what} note's ${where} is not true or false`);
    return v as boolean;
  }
}

function parseJson(desc: Buffer, what: string, bad: Bad): unknown {
  try {
    return JSON.parse(desc.toString('utf8'));
  } catch {
    return bad(`the ${what} note is not valid JSON`);
  }
}

function mm(f: Fields, o: Record<string, unknown>): ImageMm {
  const keys: Array<keyof ImageMm> = ['startCode', 'endCode', 'startData', 'endData', 'startBrk', 'brk', 'startStack', 'argStart', 'argEnd', 'envStart', 'envEnd'];
  const out = {} as ImageMm;
  for (const k of keys) out[k] = f.hex(o[k], `mm.${k}`);
  return out;
}

function processNote(desc: Buffer, bad: Bad): ImageProcess {
  const f = new Fields('RDB process', bad);
  const o = f.object(parseJson(desc, 'RDB process', bad), 'top');
  const maps = f.array(o.maps, 'maps').map((x, i) => {
    const m = f.object(x, `maps[${i}]`);
    const perms = f.string(m.perms, `maps[${i}].perms`);
    if (!/^[r-][w-][x-][ps]$/.test(perms)) bad(`the RDB process note's maps[${i}].perms "${perms}" are not permissions`);
    const start = f.hex(m.start, `maps[${i}].start`);
    const end = f.hex(m.end, `maps[${i}].end`);
    if (end <= start) bad(`the RDB process note's maps[${i}] ends before it starts`);
    return { start, end, perms, offset: f.hex(m.offset, `maps[${i}].offset`), path: m.path === undefined ? undefined : f.string(m.path, `maps[${i}].path`),
      deleted: f.bool(m.deleted, `maps[${i}].deleted`) };
  });
  const actions = f.array(o.actions, 'actions').map((x, i) => {
    const a = f.object(x, `actions[${i}]`);
    return { signal: f.int(a.signal, `actions[${i}].signal`, 1, 64), handler: f.hex(a.handler, `actions[${i}].handler`), flags: f.hex(a.flags, `actions[${i}].flags`),
      restorer: f.hex(a.restorer, `actions[${i}].restorer`), mask: f.hex(a.mask, `actions[${i}].mask`) };
  });
  const timers = f.array(o.timers, 'timers').map((x, i) => {
    const t = f.object(x, `timers[${i}]`);
    return { which: f.int(t.which, `timers[${i}].which`, 0, 2), interval: f.hex(t.interval, `timers[${i}].interval`), value: f.hex(t.value, `timers[${i}].value`) };
  });
  const threadFacts = o.threadFacts === undefined ? undefined : f.array(o.threadFacts, 'threadFacts').map((x, i) => {
    const t = f.object(x, `threadFacts[${i}]`);
    const alt = f.object(t.altStack, `threadFacts[${i}].altStack`);
    return { tid: f.int(t.tid, `threadFacts[${i}].tid`, 1, 1 << 22), sigmask: f.hex(t.sigmask, `threadFacts[${i}].sigmask`), clearTid: f.hex(t.clearTid, `threadFacts[${i}].clearTid`),
      robustList: f.hex(t.robustList, `threadFacts[${i}].robustList`), robustLen: f.hex(t.robustLen, `threadFacts[${i}].robustLen`),
      altStack: { sp: f.hex(alt.sp, `threadFacts[${i}].altStack.sp`), flags: f.int(alt.flags, `threadFacts[${i}].altStack.flags`, 0, 0x7fffffff), size: f.hex(alt.size, `threadFacts[${i}].altStack.size`) },
      pending: t.pending === undefined ? undefined : f.hex(t.pending, `threadFacts[${i}].pending`) };
  });
  return {
    threadFacts,
    cwd: f.string(o.cwd, 'cwd'), exe: f.string(o.exe, 'exe'), threads: f.int(o.threads, 'threads', 1, 1 << 22),
    children: o.children === undefined ? [] : f.array(o.children, 'children').map((c, i) => f.int(c, `children[${i}]`, 1, 1 << 22)),
    fsBase: f.hex(o.fsBase, 'fsBase'), gsBase: f.hex(o.gsBase, 'gsBase'), sigmask: f.hex(o.sigmask, 'sigmask'), actions, timers,
    mm: mm(f, f.object(o.mm, 'mm')), maps,
    pendingShared: o.pendingShared === undefined ? undefined : f.hex(o.pendingShared, 'pendingShared'),
  };
}

const FD_KINDS: FdKind[] = ['file', 'dir', 'device', 'pipe', 'socket', 'other'];

function fdsNote(desc: Buffer, bad: Bad): ImageFd[] {
  const f = new Fields('RDB descriptors', bad);
  return f.array(parseJson(desc, 'RDB descriptors', bad), 'top').map((x, i) => {
    const o = f.object(x, `[${i}]`);
    const kind = f.string(o.kind, `[${i}].kind`) as FdKind;
    if (!FD_KINDS.includes(kind)) bad(`the RDB descriptors note's [${i}].kind "${kind}" is unknown`);
    return { fd: f.int(o.fd, `[${i}].fd`, 0, MAX_FD), kind, target: f.string(o.target, `[${i}].target`), flags: f.int(o.flags, `[${i}].flags`, 0, 0x7fffffff),
      pos: f.hex(o.pos, `[${i}].pos`), deleted: f.bool(o.deleted, `[${i}].deleted`), size: f.hex(o.size, `[${i}].size`), saved: f.bool(o.saved, `[${i}].saved`) };
  });
}

function binariesNote(desc: Buffer, bad: Bad): ImageBinary[] {
  const f = new Fields('RDB binaries', bad);
  return f.array(parseJson(desc, 'RDB binaries', bad), 'top').map((x, i) => {
    const o = f.object(x, `[${i}]`);
    const buildId = o.buildId === undefined ? undefined : f.string(o.buildId, `[${i}].buildId`);
    if (buildId !== undefined && !/^[0-9a-f]{2,128}$/.test(buildId)) bad(`the RDB binaries note's [${i}].buildId is not hexadecimal`);
    return { path: f.string(o.path, `[${i}].path`), size: f.hex(o.size, `[${i}].size`), buildId };
  });
}

function cpuNote(desc: Buffer, bad: Bad): ImageCpu {
  const f = new Fields('RDB cpu', bad);
  const o = f.object(parseJson(desc, 'RDB cpu', bad), 'top');
  return { flags: f.array(o.flags, 'flags').map((x, i) => f.string(x, `flags[${i}]`)), xcr0: f.hex(o.xcr0, 'xcr0'),
    xstateSize: f.int(o.xstateSize, 'xstateSize', 0, 1 << 20) };
}

/** Adds one RDB note to `into` (made if undefined); a note of a type this rdb does not know is
 * skipped, as readers skip notes they do not know. */
export function addImageNote(into: ImageNotes | undefined, type: number, desc: Buffer, bad: Bad): ImageNotes {
  const n = into ?? { fileData: new Map<number, Buffer>() };
  switch (type) {
    case NT_RDB_PROCESS: n.process = processNote(desc, bad); break;
    case NT_RDB_FDS: n.fds = fdsNote(desc, bad); break;
    case NT_RDB_BINARIES: n.binaries = binariesNote(desc, bad); break;
    case NT_RDB_CPU: n.cpu = cpuNote(desc, bad); break;
    case NT_RDB_FILEDATA: {
      if (desc.length < 8) bad(`an RDB file-content note of ${desc.length} bytes`);
      const fd = desc.readUInt32LE(0);
      if (fd > MAX_FD) bad(`an RDB file-content note for descriptor ${fd}`);
      n.fileData.set(fd, Buffer.from(desc.subarray(8)));
      break;
    }
    case NT_RDB_HISTORY: n.history = historyPlace(desc, bad); break;
    default: break;
  }
  return n;
}
