// The x86-64 system calls replay knows: how each is reproduced and which memory it writes.
//
// 'emulate': replay skips the call and gives back the recorded result and memory (results that
// come from outside: files, time, pids; and side effects that must not happen twice: output,
// unlink, kill of another process). 'reexec': replay runs the call for real because it shapes
// the process itself (mappings, signal state) and must give the recorded result again.

/** Reads the tracee's memory (for calls whose output is described by memory, like readv). */
export type MemReader = (addr: bigint, len: number) => Buffer;

export type WriteRanges = Array<[bigint, number]>;

export interface SyscallSpec {
  name: string;
  replay: 'emulate' | 'reexec';
  /** The memory the call wrote, known at its exit from its arguments and result. */
  writes?: (a: bigint[], ret: bigint, read: MemReader) => WriteRanges;
}

const none: WriteRanges = [];

/** `ret` bytes at argument `i` (read, getrandom, getdents ...). */
const retBytes = (i: number) => (a: bigint[], ret: bigint): WriteRanges =>
  ret > 0n && a[i] !== 0n ? [[a[i], Number(ret)]] : none;

/** A fixed-size struct at argument `i` when the call succeeded. */
const struct = (i: number, size: number) => (a: bigint[], ret: bigint): WriteRanges =>
  ret >= 0n && a[i] !== 0n ? [[a[i], size]] : none;

/** Several fixed-size outputs. */
const structs = (...outs: Array<[number, number]>) => (a: bigint[], ret: bigint): WriteRanges =>
  outs.flatMap(([i, size]) => struct(i, size)(a, ret));

/** `ret` bytes scattered over the iovec array at argument `i` with `a[n]` entries. */
const iovecs = (i: number, n: number) => (a: bigint[], ret: bigint, read: MemReader): WriteRanges => {
  const out: WriteRanges = [];
  let left = ret > 0n ? ret : 0n;
  const count = Number(a[n] > 1024n ? 1024n : a[n]);
  if (left === 0n || count === 0) return out;
  const vec = read(a[i], count * 16);
  for (let k = 0; k < count && left > 0n; k++) {
    const base = vec.readBigUInt64LE(k * 16);
    const len = vec.readBigUInt64LE(k * 16 + 8);
    const take = len < left ? len : left;
    if (take > 0n) out.push([base, Number(take)]);
    left -= take;
  }
  return out;
};

/** select/pselect6: the three fd sets of `nfds` bits, and the timeout. */
const fdSets = (a: bigint[], ret: bigint): WriteRanges => {
  if (ret < 0n) return none;
  const bytes = Math.ceil(Number(a[0]) / 64) * 8;
  return ([[a[1], bytes], [a[2], bytes], [a[3], bytes], [a[4], 16]] as WriteRanges).filter(([p]) => p !== 0n);
};

const STAT = 144;
const TIMESPEC = 16;
const RUSAGE = 144;
/** struct itimerval and struct itimerspec: two 16-byte times. */
const ITIMERVAL = 32;

/** ioctl requests whose output size is known; others are refused in replay. */
const IOCTL_OUT: Record<string, number> = {
  '21505': 36, // TCGETS: struct termios
  '21523': 8, // TIOCGWINSZ: struct winsize
  '21531': 4, // FIONREAD
  '21519': 4, // TIOCGPGRP
};

const ioctlWrites = (a: bigint[], ret: bigint): WriteRanges => {
  const size = IOCTL_OUT[String(a[1] & 0xffffffffn)];
  return size !== undefined && ret >= 0n && a[2] !== 0n ? [[a[2], size]] : none;
};

/** Whether replay knows what this ioctl writes. */
export function ioctlKnown(request: bigint): boolean {
  const r = request & 0xffffffffn;
  return IOCTL_OUT[String(r)] !== undefined || r === 0x5402n /* TCSETS */ || r === 0x5403n || r === 0x5404n;
}

const E = (name: string, writes?: SyscallSpec['writes']): SyscallSpec => ({ name, replay: 'emulate', writes });
const R = (name: string): SyscallSpec => ({ name, replay: 'reexec' });

export const SYSCALLS: Record<number, SyscallSpec> = {
  0: E('read', retBytes(1)),
  1: E('write'),
  2: E('open'),
  3: E('close'),
  4: E('stat', struct(1, STAT)),
  5: E('fstat', struct(1, STAT)),
  6: E('lstat', struct(1, STAT)),
  7: E('poll', (a, ret) => (ret >= 0n && a[1] > 0n ? [[a[0], Number(a[1]) * 8]] : none)),
  8: E('lseek'),
  9: R('mmap'),
  10: R('mprotect'),
  11: R('munmap'),
  12: R('brk'),
  13: R('rt_sigaction'),
  14: R('rt_sigprocmask'),
  15: R('rt_sigreturn'),
  16: E('ioctl', ioctlWrites),
  17: E('pread64', retBytes(1)),
  18: E('pwrite64'),
  19: E('readv', iovecs(1, 2)),
  20: E('writev'),
  21: E('access'),
  22: E('pipe', struct(0, 8)),
  23: E('select', fdSets),
  24: E('sched_yield'),
  25: R('mremap'),
  26: E('msync'),
  28: R('madvise'),
  32: E('dup'),
  33: E('dup2'),
  34: E('pause'),
  35: E('nanosleep', struct(1, TIMESPEC)),
  36: E('getitimer', struct(1, ITIMERVAL)),
  37: E('alarm'),
  38: E('setitimer', struct(2, ITIMERVAL)),
  39: E('getpid'),
  40: E('sendfile', struct(2, 8)),
  41: E('socket'),
  42: E('connect'),
  44: E('sendto'),
  45: E('recvfrom', (a, ret, read) => {
    if (ret < 0n) return none;
    const out: WriteRanges = ret > 0n ? [[a[1], Number(ret)]] : [];
    if (a[4] !== 0n && a[5] !== 0n) out.push([a[5], 4], [a[4], read(a[5], 4).readUInt32LE(0)]);
    return out;
  }),
  48: E('shutdown'),
  49: E('bind'),
  50: E('listen'),
  51: E('getsockname', (a, ret, read) => (ret === 0n ? [[a[2], 4], [a[1], read(a[2], 4).readUInt32LE(0)]] : none)),
  52: E('getpeername', (a, ret, read) => (ret === 0n ? [[a[2], 4], [a[1], read(a[2], 4).readUInt32LE(0)]] : none)),
  53: E('socketpair', struct(3, 8)),
  54: E('setsockopt'),
  56: E('clone'),
  57: E('fork'),
  58: E('vfork'),
  60: R('exit'),
  61: E('wait4', structs([1, 4], [3, RUSAGE])),
  62: E('kill'),
  63: E('uname', struct(0, 390)),
  72: E('fcntl', (a, ret) => (ret >= 0n && a[1] === 5n /* F_GETLK */ ? [[a[2], 32]] : none)),
  73: E('flock'),
  74: E('fsync'),
  75: E('fdatasync'),
  76: E('truncate'),
  77: E('ftruncate'),
  78: E('getdents', retBytes(1)),
  79: E('getcwd', retBytes(0)),
  80: E('chdir'),
  81: E('fchdir'),
  82: E('rename'),
  83: E('mkdir'),
  84: E('rmdir'),
  85: E('creat'),
  86: E('link'),
  87: E('unlink'),
  88: E('symlink'),
  89: E('readlink', retBytes(1)),
  90: E('chmod'),
  91: E('fchmod'),
  92: E('chown'),
  93: E('fchown'),
  95: E('umask'),
  96: E('gettimeofday', structs([0, 16], [1, 8])),
  97: E('getrlimit', struct(1, 16)),
  98: E('getrusage', struct(1, RUSAGE)),
  99: E('sysinfo', struct(0, 112)),
  100: E('times', struct(0, 32)),
  102: E('getuid'),
  104: E('getgid'),
  107: E('geteuid'),
  108: E('getegid'),
  109: E('setpgid'),
  110: E('getppid'),
  111: E('getpgrp'),
  112: E('setsid'),
  115: E('getgroups', (a, ret) => (ret > 0n && a[0] > 0n ? [[a[1], Number(ret) * 4]] : none)),
  121: E('getpgid'),
  124: E('getsid'),
  127: E('rt_sigpending', struct(0, 8)),
  128: E('rt_sigtimedwait', struct(1, 128)),
  130: E('rt_sigsuspend'),
  131: R('sigaltstack'),
  137: E('statfs', struct(1, 120)),
  138: E('fstatfs', struct(1, 120)),
  140: E('getpriority'),
  158: R('arch_prctl'),
  160: E('setrlimit'),
  186: E('gettid'),
  200: E('tkill'),
  201: E('time', struct(0, 8)),
  202: E('futex'),
  204: E('sched_getaffinity', retBytes(2)),
  217: E('getdents64', retBytes(1)),
  218: R('set_tid_address'),
  219: E('restart_syscall'),
  222: E('timer_create', struct(2, 4)),
  223: E('timer_settime', struct(3, ITIMERVAL)),
  224: E('timer_gettime', struct(1, ITIMERVAL)),
  225: E('timer_getoverrun'),
  226: E('timer_delete'),
  228: E('clock_gettime', struct(1, TIMESPEC)),
  229: E('clock_getres', struct(1, TIMESPEC)),
  230: E('clock_nanosleep', struct(3, TIMESPEC)),
  231: R('exit_group'),
  232: E('epoll_wait', (a, ret) => (ret > 0n ? [[a[1], Number(ret) * 12]] : none)),
  233: E('epoll_ctl'),
  234: E('tgkill'),
  257: E('openat'),
  258: E('mkdirat'),
  262: E('newfstatat', struct(2, STAT)),
  263: E('unlinkat'),
  264: E('renameat'),
  267: E('readlinkat', retBytes(2)),
  268: E('fchmodat'),
  269: E('faccessat'),
  270: E('pselect6', fdSets),
  271: E('ppoll', (a, ret) => (ret >= 0n && a[1] > 0n ? [[a[0], Number(a[1]) * 8]] : none)),
  273: R('set_robust_list'),
  280: E('utimensat'),
  281: E('epoll_pwait', (a, ret) => (ret > 0n ? [[a[1], Number(ret) * 12]] : none)),
  284: E('eventfd'),
  285: E('fallocate'),
  290: E('eventfd2'),
  291: E('epoll_create1'),
  292: E('dup3'),
  293: E('pipe2', struct(0, 8)),
  295: E('preadv', iovecs(1, 2)),
  296: E('pwritev'),
  302: E('prlimit64', struct(3, 16)),
  316: E('renameat2'),
  318: E('getrandom', retBytes(0)),
  324: E('membarrier'),
  332: E('statx', struct(4, 256)),
  334: R('rseq'),
  435: E('clone3'),
  439: E('faccessat2'),
};

export const SYS_rt_sigsuspend = 130;

/**
 * The signal mask a call waits with instead of the program's (rt_sigsuspend, and ppoll,
 * pselect6 and epoll_pwait given one): where it lies, or undefined. A signal that ended such a
 * wait came through that mask, which replay must put in place to give it again.
 */
export function waitMask(nr: number, a: bigint[], read: MemReader): bigint | undefined {
  const at = (p: bigint): bigint | undefined => (p === 0n ? undefined : p);
  switch (nr) {
    case SYS_rt_sigsuspend: return at(a[0]);
    case 271: return at(a[3]); // ppoll
    case 281: case 441: return at(a[4]); // epoll_pwait, epoll_pwait2
    case 270: return a[5] === 0n ? undefined : at(read(a[5], 8).readBigUInt64LE(0)); // pselect6
    default: return undefined;
  }
}

/** The name of system call `nr`, or `syscall NNN`. */
export function syscallName(nr: number): string {
  return SYSCALLS[nr]?.name ?? `syscall ${nr}`;
}
