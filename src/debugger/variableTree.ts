// Variables as a tree for front ends with a variables view (DAP): a frame's locals and
// arguments, an expression's value, each node with its formatted value, type, the C text that
// names it and, for structs, arrays and pointers, a way to list its children.
import type { Value } from '../expr/context';
import * as expr from '../expr';
import type { FrameContext } from './evalContext';
import type { Frame } from './frames';
import type { Program } from '../symbols/Program';
import type { PrintSettings } from './printSettings';
import { UserError } from './events';
import { resolve } from '../symbols/types';

/** One row of a variables view. Nodes are valid while the program stays where it is. */
export interface VariableNode {
  name: string;
  value: string;
  type: string;
  /** C text that evaluates to this node in its frame (undefined for anonymous members). */
  evaluateName?: string;
  /** How many children it has (array elements; 1 for a pointer); 0 for a leaf. */
  childCount: number;
  /** Lists children `start` .. `start + count - 1` (all by default). */
  children(start?: number, count?: number): VariableNode[];
}

/** What the tree needs of the Debugger (its protected inspection state). */
export interface TreeHost {
  program: Program;
  stack(): Frame[];
  context(frame: Frame): FrameContext;
  printing: PrintSettings;
}

/** `hex`: values formatted as gdb's `/x` (DAP's valueFormat). */
export class VariableTree {
  constructor(private readonly host: TreeHost, private readonly hex = false) {}

  private frameAt(level: number): Frame {
    const frame = this.host.stack()[level];
    if (!frame) throw new UserError(`No frame at level ${level}.`);
    return frame;
  }

  /** The frame's locals (`which` = 'locals') or parameters, innermost scope first. */
  variables(level: number, which: 'locals' | 'args'): VariableNode[] {
    const frame = this.frameAt(level);
    if (!frame.fn?.def.fromDebugInfo) return [];
    const program = this.host.program;
    const ctx = this.host.context(frame);
    const list = which === 'args' ? program.parametersOf(frame.fn) : program.variablesAt(frame.lookupPc, frame.fn).filter((v) => !v.isParameter);
    return list.map((v) => {
      try {
        return this.node(v.name, v.name, ctx.variableValue(v), ctx);
      } catch (e) {
        return leaf(v.name, `<error reading variable ${v.name} (${(e as Error).message})>`, '');
      }
    });
  }

  /** An expression's value in frame `level`, as a node (evaluation errors are thrown). */
  evaluate(level: number, text: string): VariableNode {
    const frame = this.host.stack()[level];
    if (!frame) throw new UserError('No frame selected.');
    const ctx = this.host.context(frame);
    return this.node(text, text, expr.evaluate(text, ctx), ctx);
  }

  private format(v: Value, ctx: FrameContext): string {
    return expr.formatValue(v, ctx, this.host.printing.options({ topLevel: false, format: this.hex ? 'x' : undefined }));
  }

  private node(name: string, evaluateName: string | undefined, raw: Value, ctx: FrameContext): VariableNode {
    let v: Value;
    let value: string;
    try {
      v = expr.fetch(raw, ctx);
      value = this.format(v, ctx);
    } catch (e) {
      return leaf(name, `<error: ${(e as Error).message}>`, expr.typeName(raw.type));
    }
    const expandable = expr.hasChildren(v);
    const count = expandable ? countOf(v) : 0;
    const isType = (n: string): boolean => this.host.program.lookupType(n) !== undefined;
    return {
      name, value, type: expr.typeName(v.type), evaluateName, childCount: count,
      children: (start = 0, n = Infinity) => {
        if (!expandable) return [];
        let kids: expr.Child[];
        try {
          kids = expr.childrenOf(v, ctx, start, n);
        } catch (e) {
          return [leaf('*', `<error: ${(e as Error).message}>`, '')];
        }
        return kids.map((c) => {
          const childName = evaluateName === undefined ? undefined : expr.childExpression(evaluateName, c, isType);
          const shown = c.name === '*' ? `*${name}` : c.name;
          return this.node(shown, childName, c.value, ctx);
        });
      },
    };
  }
}

function leaf(name: string, value: string, type: string): VariableNode {
  return { name, value, type, childCount: 0, children: () => [] };
}

function countOf(v: Value): number {
  const r = resolve(v.type);
  if (r.kind === 'array') return r.count ?? 0;
  if (r.kind === 'pointer') return 1;
  return -1; // members: counted when listed
}
