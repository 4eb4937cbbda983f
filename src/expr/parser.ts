// The C expression parser (chevrotain, embedded actions) with gdb's precedences, including
// its `@` operator, and gdb's syntax error messages. Whether a name is a type comes from outside.
import { EmbeddedActionsParser, type IToken } from 'chevrotain';
import type { BinaryOp, Node, TypeOp, TypeSpec, UnaryOp } from './ast';
import { gdbBaseName } from '../symbols/typeNames';
import {
  allTokens, baseTypeWords, CharLit, cLexer, compoundAssign, decodeEscapes, decodeInt, Dollar, FloatLit,
  Identifier, IntLit, invalidInt, KW, P, QuotedName, StringLit, typeKeywords, type Punct,
} from './lexer';

/** Binary operators from the loosest to the tightest binding, as gdb's c-exp.y orders them:
 * `@` sits between the shifts and the additive operators. */
export const binaryLevels: BinaryOp[][] = [
  ['||'], ['&&'], ['|'], ['^'], ['&'], ['==', '!='], ['<', '>', '<=', '>='], ['<<', '>>'], ['@'], ['+', '-'],
  ['*', '/', '%'],
];

class CParser extends EmbeddedActionsParser {
  isTypeName: (name: string) => boolean = () => false;
  /** The token after the first type name that had qualifiers only. */
  missingBase: IToken | undefined;

  constructor() {
    super(allTokens, { maxLookahead: 3 });
    this.performSelfAnalysis();
  }

  /** Whether `t` can begin a type name. */
  startsType(t: IToken): boolean {
    if (typeKeywords.has(t.tokenType)) return true;
    return t.tokenType === Identifier && this.isTypeName(t.image);
  }

  readonly expression = this.RULE('expression', (): Node => {
    let left = this.SUBRULE(this.assignment);
    this.MANY(() => {
      this.CONSUME(P[',']);
      const right = this.SUBRULE2(this.assignment);
      left = { kind: 'comma', left, right };
    });
    return left;
  });

  readonly assignment: () => Node = this.RULE('assignment', (): Node => {
    const left = this.SUBRULE(this.ternary);
    return this.OPTION(() => {
      const opTok = this.OR(compoundAssign.map((p) => ({ ALT: () => this.CONSUME(P[p]) })));
      const right = this.SUBRULE(this.assignment);
      return this.ACTION(() => {
        const op = opTok.image === '=' ? '=' : opTok.image.slice(0, -1) as BinaryOp;
        return { kind: 'assign', op, left, right } as Node;
      });
    }) ?? left;
  });

  readonly ternary: () => Node = this.RULE('ternary', (): Node => {
    const cond = this.SUBRULE(this.binary0);
    return this.OPTION(() => {
      this.CONSUME(P['?']);
      const then = this.SUBRULE(this.expression);
      this.CONSUME(P[':']);
      const otherwise = this.SUBRULE(this.ternary);
      return { kind: 'ternary', cond, then, else: otherwise } as Node;
    }) ?? cond;
  });

  private readonly levels: Array<() => Node> = [];
  private readonly binary0: () => Node = this.makeLevels();

  private makeLevels(): () => Node {
    for (let i = binaryLevels.length - 1; i >= 0; i--) {
      const ops = binaryLevels[i];
      const next = i === binaryLevels.length - 1 ? () => this.SUBRULE(this.unary) : undefined;
      const inner = this.levels[0];
      const rule = this.RULE(`binary${i}`, (): Node => {
        let left = next ? next() : this.SUBRULE(inner);
        this.MANY(() => {
          const tok = this.OR(ops.map((op) => ({ ALT: () => this.CONSUME(P[op as Punct]) })));
          const right = next ? this.SUBRULE2(this.unary) : this.SUBRULE2(inner);
          left = { kind: 'binary', op: tok.image as BinaryOp, left, right };
        });
        return left;
      });
      this.levels.unshift(rule);
    }
    return this.levels[0];
  }

  readonly unary: () => Node = this.RULE('unary', (): Node => this.OR({ IGNORE_AMBIGUITIES: true, DEF: [
    {
      ALT: () => {
        const tok = this.OR2(['-', '+', '!', '~', '*', '&', '++', '--'].map((p) => ({ ALT: () => this.CONSUME(P[p as Punct]) })));
        const operand = this.SUBRULE(this.unary);
        return { kind: 'unary', op: tok.image as UnaryOp, operand } as Node;
      },
    },
    {
      ALT: () => {
        this.CONSUME(KW.sizeof);
        return this.OR3([
          {
            GATE: () => this.LA(1).tokenType === P['('] && this.startsType(this.LA(2)),
            ALT: () => {
              this.CONSUME(P['(']);
              const type = this.SUBRULE(this.typeName);
              this.CONSUME(P[')']);
              return { kind: 'sizeofType', type } as Node;
            },
          },
          { ALT: () => ({ kind: 'sizeofExpr', operand: this.SUBRULE2(this.unary) } as Node) },
        ]);
      },
    },
    {
      GATE: () => this.LA(1).tokenType === P['('] && this.startsType(this.LA(2)),
      ALT: () => {
        this.CONSUME2(P['(']);
        const type = this.SUBRULE2(this.typeName);
        this.CONSUME2(P[')']);
        const operand = this.SUBRULE3(this.unary);
        return { kind: 'cast', type, operand } as Node;
      },
    },
    {
      // gdb's `{TYPE} ADDR`: the object of that type at the address.
      ALT: () => {
        this.CONSUME(P['{']);
        const type = this.SUBRULE3(this.typeName);
        this.CONSUME(P['}']);
        const operand = this.SUBRULE4(this.unary);
        return this.ACTION(() => {
          const pointer: TypeSpec = { ...type, ops: [...type.ops, { op: 'ptr', isConst: false }] };
          return { kind: 'unary', op: '*', operand: { kind: 'cast', type: pointer, operand } } as Node;
        });
      },
    },
    { ALT: () => this.SUBRULE(this.postfix) },
  ] }));

  readonly postfix: () => Node = this.RULE('postfix', (): Node => {
    let node = this.SUBRULE(this.primary);
    this.MANY(() => this.OR([
      {
        ALT: () => {
          this.CONSUME(P['[']);
          const index = this.SUBRULE(this.expression);
          this.CONSUME(P[']']);
          node = { kind: 'index', object: node, index };
        },
      },
      {
        ALT: () => {
          this.CONSUME(P['(']);
          const args: Node[] = [];
          this.MANY_SEP({ SEP: P[','], DEF: () => args.push(this.SUBRULE(this.assignment)) });
          this.CONSUME(P[')']);
          node = { kind: 'call', fn: node, args };
        },
      },
      { ALT: () => { this.CONSUME(P['.']); node = { kind: 'member', object: node, name: this.CONSUME(Identifier).image, arrow: false }; } },
      { ALT: () => { this.CONSUME(P['->']); node = { kind: 'member', object: node, name: this.CONSUME2(Identifier).image, arrow: true }; } },
      { ALT: () => { this.CONSUME(P['++']); node = { kind: 'postfix', op: '++', operand: node }; } },
      { ALT: () => { this.CONSUME(P['--']); node = { kind: 'postfix', op: '--', operand: node }; } },
    ]));
    return node;
  });

  readonly primary: () => Node = this.RULE('primary', (): Node => this.OR([
    { ALT: () => { const t = this.CONSUME(IntLit); return this.ACTION(() => ({ kind: 'int', ...decodeInt(t.image) } as Node)); } },
    {
      ALT: () => {
        const t = this.CONSUME(FloatLit);
        return this.ACTION(() => {
          const single = /[fF]$/.test(t.image);
          const digits = t.image.replace(/[fFlL]$/, '');
          return { kind: 'float', value: parseFloat(digits), single, ...(/[lL]$/.test(t.image) ? { long: digits } : {}) } as Node;
        });
      },
    },
    {
      ALT: () => {
        const t = this.CONSUME(CharLit);
        return this.ACTION(() => ({ kind: 'char', value: decodeEscapes(t.image.slice(1, -1))[0] ?? 0 } as Node));
      },
    },
    {
      ALT: () => {
        const parts: number[] = [];
        this.AT_LEAST_ONE(() => {
          const t = this.CONSUME(StringLit);
          this.ACTION(() => parts.push(...decodeEscapes(t.image.slice(1, -1))));
        });
        return { kind: 'string', bytes: Buffer.from(parts) } as Node;
      },
    },
    {
      ALT: () => {
        const first = this.OR2([{ ALT: () => this.CONSUME2(Identifier) }, { ALT: () => this.CONSUME(QuotedName) }]);
        const scoped = this.OPTION(() => {
          this.CONSUME(P['::']);
          return this.CONSUME3(Identifier);
        });
        return this.ACTION(() => {
          const name = first.tokenType === QuotedName ? first.image.slice(1, -1) : first.image;
          return (scoped ? { kind: 'scoped', scope: name, name: scoped.image } : { kind: 'ident', name }) as Node;
        });
      },
    },
    { ALT: () => ({ kind: 'dollar', name: this.CONSUME(Dollar).image.slice(1) } as Node) },
    {
      ALT: () => {
        this.CONSUME(P['(']);
        const e = this.SUBRULE(this.expression);
        this.CONSUME(P[')']);
        return e;
      },
    },
  ]));

  /** A type name: qualifiers, specifiers, then an abstract declarator. */
  readonly typeName: () => TypeSpec = this.RULE('typeName', (): TypeSpec => {
    let constBase = false;
    let volatileBase = false;
    const words: string[] = [];
    let base = '';
    this.AT_LEAST_ONE(() => this.OR([
      { ALT: () => { this.CONSUME(KW.const); constBase = true; } },
      { ALT: () => { this.CONSUME(KW.volatile); volatileBase = true; } },
      {
        ALT: () => {
          const kw = this.OR2([
            { ALT: () => this.CONSUME(KW.struct) }, { ALT: () => this.CONSUME(KW.union) }, { ALT: () => this.CONSUME(KW.enum) },
          ]);
          base = `${kw.image} ${this.CONSUME(Identifier).image}`;
        },
      },
      {
        ALT: () => {
          const t = this.OR3([...baseTypeWords].map((w) => ({ ALT: () => this.CONSUME(KW[w as keyof typeof KW]) })));
          words.push(t.image);
        },
      },
      {
        GATE: () => base === '' && words.length === 0 && this.isTypeName(this.LA(1).image),
        ALT: () => { base = this.CONSUME2(Identifier).image; },
      },
    ]));
    // Qualifiers alone (`const *`) name no type: gdb's syntax error is at what follows them.
    this.ACTION(() => { if (!base && words.length === 0) this.missingBase ??= this.LA(1); });
    const ops = this.SUBRULE(this.abstractDeclarator);
    return { base: base || gdbBaseName(words), constBase, ...(volatileBase ? { volatileBase } : {}), ops };
  });

  readonly abstractDeclarator: () => TypeOp[] = this.RULE('abstractDeclarator', (): TypeOp[] => {
    const leading: TypeOp[] = [];
    let inner: TypeOp[] = [];
    const suffixes: TypeOp[] = [];
    this.MANY(() => {
      this.CONSUME(P['*']);
      const op: TypeOp = { op: 'ptr', isConst: false };
      this.MANY2(() => this.OR([
        { ALT: () => { this.CONSUME(KW.const); op.isConst = true; } }, { ALT: () => { this.CONSUME(KW.volatile); op.isVolatile = true; } },
      ]));
      leading.push(op);
    });
    this.OPTION({
      GATE: () => this.LA(2).tokenType === P['*'],
      DEF: () => {
      this.CONSUME(P['(']);
      const got = this.SUBRULE(this.abstractDeclarator);
      this.ACTION(() => { inner = got; });
      this.CONSUME(P[')']);
      },
    });
    this.MANY3(() => this.OR2([
      {
        ALT: () => {
          this.CONSUME(P['[']);
          const n = this.OPTION2(() => this.CONSUME(IntLit));
          this.CONSUME(P[']']);
          this.ACTION(() => suffixes.push({ op: 'array', count: n ? Number(decodeInt(n.image).value) : null }));
        },
      },
      {
        ALT: () => {
          this.CONSUME2(P['(']);
          const params: TypeSpec[] = [];
          let varargs = false;
          this.OPTION3(() => {
            params.push(this.SUBRULE(this.typeName));
            this.MANY4(() => {
              this.CONSUME(P[',']);
              this.OR3([
                { ALT: () => { this.CONSUME(P['...']); varargs = true; } },
                { ALT: () => { params.push(this.SUBRULE2(this.typeName)); } },
              ]);
            });
          });
          this.CONSUME2(P[')']);
          this.ACTION(() => {
            const isVoid = params.length === 1 && params[0].base === 'void' && params[0].ops.length === 0;
            suffixes.push({ op: 'func', params: isVoid ? [] : params, varargs, ...(params.length === 0 ? { prototyped: false } : {}) });
          });
        },
      },
    ]));
    return this.ACTION(() => [...leading, ...suffixes.reverse(), ...inner]);
  });
}

let shared: CParser | undefined;

export interface ParseResult {
  ast: Node | undefined;
  errors: string[];
  /** For a syntax error: the identifiers before the point of error that name variables (not
   * members, tags or types), which gdb would already have looked up when it stopped. */
  namesBeforeError?: string[];
}

/** Parses `text`; never throws on user input: problems come back as gdb's messages. */
export function parse(text: string, isTypeName: (name: string) => boolean): ParseResult {
  const lexed = cLexer.tokenize(text);
  if (lexed.errors.length) {
    const e = lexed.errors[0];
    return { ast: undefined, errors: [`Invalid character '${text[e.offset]}' in expression.`] };
  }
  const badInt = lexed.tokens.map((t) => (t.tokenType === IntLit ? invalidInt(t.image) : undefined)).find((e) => e !== undefined);
  if (badInt) return { ast: undefined, errors: [badInt] };
  shared ??= new CParser();
  const parser = shared;
  parser.isTypeName = isTypeName;
  parser.input = lexed.tokens;
  parser.missingBase = undefined;
  // gdb's grammar takes a whole input that is a type name as one (`whatis char (*)[4]`).
  const first = lexed.tokens[0];
  const ast = first && parser.startsType(first)
    ? { kind: 'type' as const, type: parser.typeName() }
    : parser.expression();
  if (parser.errors.length || parser.missingBase) {
    const tok = parser.missingBase ?? parser.errors[0].token;
    const err = parser.missingBase ? { name: 'MissingBase' } : parser.errors[0];
    if (err.name === 'NotAllInputParsedException' && tok.image === ')') {
      return { ast: undefined, errors: ['Junk after end of expression.'] };
    }
    const offset = tok.tokenType.name === 'EOF' || Number.isNaN(tok.startOffset) ? text.length : tok.startOffset;
    const namesBeforeError: string[] = [];
    lexed.tokens.forEach((t, i) => {
      const prev = lexed.tokens[i - 1]?.tokenType;
      // A name right after `{` is read by gdb as an element of an array literal `{a, b}`.
      const beforeError = t.startOffset < offset || (t.startOffset === offset && prev === P['{']);
      if (!beforeError || t.tokenType !== Identifier || isTypeName(t.image)) return;
      if (prev === P['.'] || prev === P['->'] || prev === KW.struct || prev === KW.union || prev === KW.enum) return;
      namesBeforeError.push(t.image);
    });
    return { ast: undefined, errors: [`A syntax error in expression, near \`${text.slice(offset)}'.`], namesBeforeError };
  }
  if (lexed.tokens.length === 0) return { ast: undefined, errors: ['A syntax error in expression, near `\'.'] };
  return { ast, errors: [] };
}

