// gdb's $_siginfo: the signal information of the stop, typed as gdb's Linux `struct siginfo`
// (x86-64 layout: three ints, then the union _sifields at offset 16; 128 bytes in all).
import type { Member, Type } from '../symbols/types';
import type { Value } from '../expr/context';

const int: Type = { kind: 'base', name: 'int', size: 4, encoding: 'signed' };
const uint: Type = { kind: 'base', name: 'unsigned int', size: 4, encoding: 'unsigned' };
const long: Type = { kind: 'base', name: 'long', size: 8, encoding: 'signed' };
const short: Type = { kind: 'base', name: 'short', size: 2, encoding: 'signed' };
const voidPtr: Type = { kind: 'pointer', size: 8, target: { kind: 'void' } };
const pid: Type = { kind: 'typedef', name: '__pid_t', target: int };
const uid: Type = { kind: 'typedef', name: '__uid_t', target: uint };
const clock: Type = { kind: 'typedef', name: '__clock_t', target: long };
const sigval: Type = {
  kind: 'union', name: 'sigval_t', size: 8,
  members: [{ name: 'sival_int', type: int, offset: 0 }, { name: 'sival_ptr', type: voidPtr, offset: 0 }],
};

function struct(size: number, fields: Array<[string, Type, number]>, name?: string): Type {
  const members: Member[] = fields.map(([n, type, offset]) => ({ name: n, type, offset }));
  return { kind: 'struct', name, size, members };
}

const sifields: Type = {
  kind: 'union', size: 112,
  members: [
    { name: '_pad', type: { kind: 'array', element: int, count: 28, vector: true }, offset: 0 },
    { name: '_kill', type: struct(8, [['si_pid', pid, 0], ['si_uid', uid, 4]]), offset: 0 },
    { name: '_timer', type: struct(16, [['si_tid', int, 0], ['si_overrun', int, 4], ['si_sigval', sigval, 8]]), offset: 0 },
    { name: '_rt', type: struct(16, [['si_pid', pid, 0], ['si_uid', uid, 4], ['si_sigval', sigval, 8]]), offset: 0 },
    { name: '_sigchld', type: struct(32, [['si_pid', pid, 0], ['si_uid', uid, 4], ['si_status', int, 8], ['si_utime', clock, 16], ['si_stime', clock, 24]]), offset: 0 },
    { name: '_sigfault', type: struct(32, [['si_addr', voidPtr, 0], ['_addr_lsb', short, 8], ['_addr_bnd', struct(16, [['_lower', voidPtr, 0], ['_upper', voidPtr, 8]]), 16]]), offset: 0 },
    { name: '_sigpoll', type: struct(16, [['si_band', long, 0], ['si_fd', int, 8]]), offset: 0 },
    { name: '_sigsys', type: struct(16, [['_call_addr', voidPtr, 0], ['_syscall', int, 8], ['_arch', uint, 12]]), offset: 0 },
  ],
};

export const siginfoType: Type = struct(128, [['si_signo', int, 0], ['si_errno', int, 4], ['si_code', int, 8], ['_sifields', sifields, 16]], 'siginfo');

/** $_siginfo from the raw siginfo_t of a stop (void without one). */
export function siginfoValue(raw: Buffer | undefined): Value {
  if (!raw || raw.length < 128) return { type: { kind: 'void' }, lval: null, bytes: Buffer.alloc(0) };
  return { type: siginfoType, lval: null, bytes: Buffer.from(raw.subarray(0, 128)) };
}

/** The siginfo_t of a SIGTRAP the kernel sends for a breakpoint, a step or a debug register. */
export function trapSiginfo(code: number, addr: bigint): Buffer {
  const raw = Buffer.alloc(128);
  raw.writeInt32LE(5, 0); // SIGTRAP
  raw.writeInt32LE(code, 8);
  raw.writeBigUInt64LE(addr, 16);
  return raw;
}
