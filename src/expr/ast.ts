// The typed AST of a C expression as gdb's `print` accepts it, produced by parser.ts and
// consumed by evaluate.ts.

/** A type as written in a cast or sizeof: base spelling plus abstract declarator, outermost
 * operator last (`int *[3]` is base 'int', ops [{ptr}, {array 3}]). */
export interface TypeSpec {
  /** Normalised base spelling: 'int', 'unsigned long', 'struct point', 'my_typedef'. */
  base: string;
  constBase: boolean;
  volatileBase?: boolean;
  ops: TypeOp[];
}
export type TypeOp =
  | { op: 'ptr'; isConst: boolean; isVolatile?: boolean }
  | { op: 'array'; count: number | null }
  /** `prototyped` false: `int ()`, where `int (void)` and `int (char)` are. */
  | { op: 'func'; params: TypeSpec[]; varargs: boolean; prototyped?: boolean };

export type BinaryOp =
  | '*' | '/' | '%' | '+' | '-' | '<<' | '>>' | '<' | '>' | '<=' | '>=' | '==' | '!='
  | '&' | '^' | '|' | '&&' | '||' | '@';
export type UnaryOp = '-' | '+' | '!' | '~' | '*' | '&' | '++' | '--';

export type Node =
  | { kind: 'int'; value: bigint; unsigned: boolean; long: boolean; longLong?: boolean }
  | { kind: 'float'; value: number; single: boolean; /** an `L` literal's digits */ long?: string }
  | { kind: 'char'; value: number }
  | { kind: 'string'; bytes: Buffer }
  | { kind: 'ident'; name: string }
  /** `function::name` or `'file.c'::name`. */
  | { kind: 'scoped'; scope: string; name: string }
  /** `$pc`, `$foo`, `$`, `$$`, `$$3`, `$3`: the text after the first `$`. */
  | { kind: 'dollar'; name: string }
  | { kind: 'unary'; op: UnaryOp; operand: Node }
  | { kind: 'postfix'; op: '++' | '--'; operand: Node }
  | { kind: 'sizeofType'; type: TypeSpec }
  | { kind: 'sizeofExpr'; operand: Node }
  | { kind: 'cast'; type: TypeSpec; operand: Node }
  | { kind: 'binary'; op: BinaryOp; left: Node; right: Node }
  /** op '=' or a compound operator's binary part ('+' for `+=`). */
  | { kind: 'assign'; op: '=' | BinaryOp; left: Node; right: Node }
  | { kind: 'ternary'; cond: Node; then: Node; else: Node }
  | { kind: 'comma'; left: Node; right: Node }
  | { kind: 'member'; object: Node; name: string; arrow: boolean }
  | { kind: 'index'; object: Node; index: Node }
  | { kind: 'call'; fn: Node; args: Node[] }
  /** A whole input that is a type name (for whatis, ptype, sizeof). */
  | { kind: 'type'; type: TypeSpec };
