// The program file as gdb loads it (with gdb's messages for what it refuses), and the code map
// the stepping engine reads from its symbols.
import * as fs from 'fs';
import * as path from 'path';
import { Program } from '../symbols/Program';
import { UserError } from './events';
import type { CodeMap } from './execution';
import { inlineStarts } from './frames';

const EM_X86_64 = 62;

/** glibc's non-local jumps out of calls (aliases share an entry). */
const LONGJUMPS = new Set(['longjmp', '_longjmp', 'siglongjmp', '__libc_siglongjmp', '__libc_longjmp', '__longjmp_chk']);
const PT_LOAD = 1;

/** Opens `file` (relative to the working directory) as an x86-64 program; `resolved` is the path
 * in gdb's absolute form for messages (the working directory joined as is, not normalised). */
export function openProgram(file: string): { program: Program; resolved: string } {
  const resolved = path.isAbsolute(file) ? file : `${process.cwd()}/${file}`;
  if (!fs.existsSync(resolved)) throw new UserError(`${file}: No such file or directory.`);
  if (fs.statSync(resolved).isDirectory()) throw new UserError(`${file}: Is a directory.`);
  let program: Program;
  try {
    program = Program.open(resolved);
  } catch {
    throw new UserError(`"${resolved}": not in executable format: file format not recognized`);
  }
  // A file cut short (segments past its end) is not an executable gdb would load either.
  const size = fs.statSync(resolved).size;
  if (program.main.module.info.segments.some((seg) => seg.type === PT_LOAD && seg.offset + seg.filesz > BigInt(size))) {
    program.close();
    throw new UserError(`"${resolved}": not in executable format: file format not recognized`);
  }
  const machine = program.machine;
  if (machine !== EM_X86_64) {
    program.close();
    throw new UserError(`"${resolved}": not in executable format: not an x86-64 program (ELF machine ${machine}); rdb debugs x86-64 Linux programs`);
  }
  return { program, resolved };
}

/** What the stepping algorithms read of `program`; `postPrologue` gives where `step` into a
 * function stops (gdb's post-prologue address). */
export function codeMapOf(program: Program, postPrologue: (low: bigint) => bigint | undefined): CodeMap {
  return {
    rowAt: (pc) => program.rowAt(pc),
    functionAt: (pc) => {
      const f = program.functionAt(pc);
      if (!f) return undefined;
      // PLT stubs, and the dynamic linker's lazy-binding entry they lead through on a first call.
      const trampoline = f.def.trampoline === true || f.name.startsWith('_dl_runtime_resolve');
      return { name: f.name, low: f.low, high: f.high, hasLines: program.rowAt(f.low) !== undefined, trampoline };
    },
    stepTarget: (fn) => postPrologue(fn.low) ?? fn.low,
    inlineChain: (pc) => program.inlinedAt(pc).map((c) => ({ name: c.fn.name, low: c.fn.low, starts: inlineStarts(c.fn), callFile: c.callFile, callLine: c.callLine })),
    longjumps: () => [...new Set(program.modules().flatMap((lm) => lm.module.elfFunctions()
      .filter((f) => LONGJUMPS.has(f.name) && !f.trampoline).map((f) => f.low + lm.bias)))],
  };
}
