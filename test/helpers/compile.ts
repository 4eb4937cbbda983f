// Compiles C fixtures at test time with the system gcc, cached by source content under test/.build.
import { execFileSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

/** The repository root (this file runs from dist/test/helpers). */
export const repoRoot = path.resolve(__dirname, '../../..');
export const fixturesDir = path.join(repoRoot, 'test/fixtures');
const buildDir = path.join(repoRoot, 'test/.build');

/**
 * Compiles test/fixtures/<name>.c (or NAME.cc, with g++; or an absolute path) and returns the executable's path.
 * Default flags are gdb's usual test flags, `-g -O0`; pass others (e.g. ['-O2'], or [] without -g)
 * to get a differently built binary, cached separately; `relative` compiles it by a relative path;
 * `extra` names more fixture files (e.g. 'util.c') linked into the same program.
 */
export function compileFixture(name: string, flags: string[] = ['-g', '-O0'], relative = false, extra: string[] = []): string {
  const src = path.isAbsolute(name) ? name : path.join(fixturesDir, /\.(c|cc)$/.test(name) ? name : `${name}.c`);
  const cxx = src.endsWith('.cc');
  const text = fs.readFileSync(src);
  const hash = crypto.createHash('sha1').update(text).update(flags.join(' ')).update(relative ? 'rel' : '');
  for (const e of extra) hash.update(e).update(fs.readFileSync(path.join(path.dirname(src), e)));
  const key = hash.digest('hex').slice(0, 10);
  fs.mkdirSync(buildDir, { recursive: true });
  const out = path.join(buildDir, `${path.basename(src, cxx ? '.cc' : '.c')}-${key}`);
  if (!fs.existsSync(out)) {
    const tmp = `${out}.tmp${process.pid}`;
    // `relative`: compiled as `gcc ./name.c` from the source's folder, as users usually do.
    const source = relative ? `./${path.basename(src)}` : src;
    const others = extra.map((e) => (relative ? `./${e}` : path.join(path.dirname(src), e)));
    execFileSync(cxx ? 'g++' : 'gcc', [...flags, '-o', tmp, source, ...others, '-lm'], { stdio: 'pipe', cwd: path.dirname(src) });
    fs.renameSync(tmp, out);
  }
  return out;
}
