// The public entry of the C expression language: parse, evaluate, format, name types.
export { EvalError, type EvalContext, type LValue, type Value } from './context';
export type { Node, TypeSpec } from './ast';
export { parse, type ParseResult } from './parser';
export { evaluate, evaluateNode, typeOfText, resolveTypeSpec, memberOf, dereference } from './evaluate';
export { decay, fetch, isTrue, toAddress, toBigInt, toNumber, makeInt, makeFloat, convert, builtinType, pointerTo } from './values';
export { checkPrintFormat, formatValue, type FormatOptions } from './format';
export { formatChar, formatCString, formatCharArray, escapeChar, setHostUtf8, localeIsUtf8, type StringLimits } from './formatChars';
export { formatDouble, formatFloat, formatScalarAs, formatFloatBytes, type ScalarBits } from './formatNumbers';
export { typeName, typeDefinition, declaration } from './typeName';
export { typeLayout } from './typeOffsets';
export { unparse, typeSpecText } from './unparse';
export { binaryLevels } from './parser';
export { childrenOf, childExpression, hasChildren, type Child } from './children';
export { textSymbolValue, dataSymbolValue } from './nodebug';
export { parsePrintf, formatPrintf, PrintfError, type FormatPiece } from './printf';
