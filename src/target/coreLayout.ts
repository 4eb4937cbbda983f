// The x86-64 Linux ELF core layout that rdb's core writer and reader share: note and segment
// types, and the order of the general registers in NT_PRSTATUS.
import type { Regs } from './native';

export const NT_PRSTATUS = 1;
export const NT_FPREGSET = 2;
export const NT_PRPSINFO = 3;
export const NT_AUXV = 6;
export const NT_X86_XSTATE = 0x202;
export const NT_SIGINFO = 0x53494749;
export const NT_FILE = 0x46494c45;
export const PT_LOAD = 1;
export const PT_NOTE = 4;
/** struct elf_prstatus and struct elf_prpsinfo, and where pr_reg starts in the former. */
export const PRSTATUS_SIZE = 336;
export const PRPSINFO_SIZE = 136;
export const PR_REG = 112;

/** pr_reg: struct user_regs_struct's order. */
export const GREG_ORDER: Array<keyof Regs> = ['r15', 'r14', 'r13', 'r12', 'rbp', 'rbx', 'r11', 'r10', 'r9', 'r8', 'rax', 'rcx', 'rdx', 'rsi',
  'rdi', 'orig_rax', 'rip', 'cs', 'eflags', 'rsp', 'ss', 'fs_base', 'gs_base', 'ds', 'es', 'fs', 'gs'];
