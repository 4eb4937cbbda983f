// An in-memory EvalContext for expression tests: a sparse memory of regions, symbols placed
// in it with types built from the types.ts model, registers, history and convenience variables.
import { EvalError, type EvalContext, type Value } from '../../src/expr/context';
import { sizeOf, type Type } from '../../src/symbols/types';

interface Region { address: bigint; bytes: Buffer }

export class MockContext implements EvalContext {
  private regions: Region[] = [];
  private symbols = new Map<string, { type: Type; address: bigint; optimizedOut?: boolean }>();
  private types = new Map<string, Type>();
  private registers = new Map<string, Value>();
  private history: Value[] = [];
  private convenience = new Map<string, Value>();
  private names: Array<{ address: bigint; size: number; name: string }> = [];
  private next = 0x404000n;

  /** Maps memory at `address` (copying `bytes`). */
  map(address: bigint, bytes: Buffer): void { this.regions.push({ address, bytes: Buffer.from(bytes) }); }

  /** Places a variable in fresh memory; returns its address. */
  variable(name: string, type: Type, bytes?: Buffer, opts: { symbol?: boolean; address?: bigint } = {}): bigint {
    const size = Math.max(sizeOf(type), 1);
    const address = opts.address ?? this.next;
    if (opts.address === undefined) this.next += BigInt((size + 15) & ~15);
    const data = Buffer.alloc(size);
    if (bytes) bytes.copy(data);
    this.map(address, data);
    this.symbols.set(name, { type, address });
    if (opts.symbol) this.names.push({ address, size, name });
    return address;
  }

  optimizedOut(name: string, type: Type): void { this.symbols.set(name, { type, address: 0n, optimizedOut: true }); }

  function(name: string, type: Type, address: bigint, size = 64): void {
    this.symbols.set(name, { type, address });
    this.names.push({ address, size, name });
  }

  type(name: string, type: Type): void { this.types.set(name, type); }
  register(name: string, value: Value): void { this.registers.set(name, value); }
  pushHistory(v: Value): number { this.history.push(v); return this.history.length; }

  lookupSymbol(name: string): Value | undefined {
    const s = this.symbols.get(name);
    if (!s) return this.enumerator(name);
    if (s.optimizedOut) return { type: s.type, lval: null, optimizedOut: true };
    return { type: s.type, lval: { kind: 'memory', address: s.address }, lazy: true };
  }
  /** Enumerators are symbols too, as the debugger's context supplies them. */
  private enumerator(name: string): Value | undefined {
    for (const t of this.types.values()) {
      if (t.kind !== 'enum') continue;
      const e = t.enumerators.find((x) => x.name === name);
      if (e) {
        const b = Buffer.alloc(t.size);
        b.writeUInt32LE(Number(BigInt.asUintN(32, e.value)));
        return { type: t, lval: null, bytes: b };
      }
    }
    return undefined;
  }
  lookupType(name: string): Type | undefined { return this.types.get(name); }

  /** Scopes: a function or file name maps names to variables declared in the world. */
  readonly scopes = new Map<string, Map<string, string>>();
  lookupScoped(scope: string, name: string): Value | undefined {
    const s = this.scopes.get(scope);
    if (!s) throw new EvalError(`No symbol "${scope}" in current context.`);
    const target = s.get(name);
    return target === undefined ? undefined : this.lookupSymbol(target);
  }

  readMemory(address: bigint, length: number): Buffer {
    const out = Buffer.alloc(length);
    for (let i = 0; i < length; i++) {
      const a = address + BigInt(i);
      const r = this.regions.find((x) => a >= x.address && a < x.address + BigInt(x.bytes.length));
      if (!r) throw new EvalError(`Cannot access memory at address 0x${a.toString(16)}`);
      out[i] = r.bytes[Number(a - r.address)];
    }
    return out;
  }
  writeMemory(address: bigint, data: Buffer): void {
    for (let i = 0; i < data.length; i++) {
      const a = address + BigInt(i);
      const r = this.regions.find((x) => a >= x.address && a < x.address + BigInt(x.bytes.length));
      if (!r) throw new EvalError(`Cannot access memory at address 0x${a.toString(16)}`);
      r.bytes[Number(a - r.address)] = data[i];
    }
  }
  readRegister(name: string): Value | undefined { return this.registers.get(name); }
  writeRegister(name: string, value: Value): void {
    const old = this.registers.get(name);
    if (!old) throw new EvalError(`Invalid register \`${name}'`);
    this.registers.set(name, { ...value, lval: old.lval });
  }
  symbolize(address: bigint): string | undefined {
    const n = this.names.find((x) => address >= x.address && address < x.address + BigInt(x.size));
    if (!n) return undefined;
    return address === n.address ? n.name : `${n.name}+${address - n.address}`;
  }
  historyValue(index: number): Value | undefined { return this.history[index - 1]; }
  historyLength(): number { return this.history.length; }
  getConvenience(name: string): Value | undefined { return this.convenience.get(name); }
  setConvenience(name: string, value: Value): void { this.convenience.set(name, value); }
}
