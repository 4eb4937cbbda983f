// Values of symbols known only from the ELF symbol table (gdb's minimal symbols): their types
// carry gdb's names, and a data symbol's value can be used only through a cast or its address.
import type { Value } from './context';
import type { BaseType, FunctionType, Type } from '../symbols/types';

/** gdb's return type of a function without debug info: a call must cast it. */
export const unknownReturnType: BaseType = { kind: 'base', name: '<unknown return type>', size: 4, encoding: 'signed' };

const textType: Type = {
  kind: 'typedef', name: '<text variable, no debug info>',
  target: { kind: 'function', returnType: unknownReturnType, params: [], varargs: false, prototyped: false } satisfies FunctionType,
};

const dataType: BaseType = { kind: 'base', name: '<data variable, no debug info>', size: 4, encoding: 'signed' };

const ifuncType: FunctionType = { kind: 'function', returnType: unknownReturnType, params: [], varargs: false, prototyped: false, ifunc: true };

/** A GNU indirect function: gdb calls its resolver, then the implementation it returns, typed by
 * that one's debug info (or by a cast). */
export function ifuncValue(address: bigint): Value {
  return { type: { kind: 'typedef', name: '<text gnu-indirect-function variable, no debug info>', target: ifuncType }, lval: { kind: 'memory', address }, bytes: Buffer.alloc(1) };
}

/** A function known only by its ELF symbol: prints `{<text variable, no debug info>} 0x... <f>`. */
export function textSymbolValue(address: bigint): Value {
  return { type: textType, lval: { kind: 'memory', address }, bytes: Buffer.alloc(1) };
}

/** A data object known only by its ELF symbol: reading it is an error until it is cast. */
export function dataSymbolValue(name: string, address: bigint): Value {
  return { type: dataType, lval: { kind: 'memory', address }, lazy: true, unknownType: name };
}

/** gdb's error for using such a data object's value. */
export function unknownTypeMessage(name: string): string {
  return `'${name}' has unknown type; cast it to its declared type`;
}
