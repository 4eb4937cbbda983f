// Conversions from libdw values to JavaScript: bigints, and DWARF operations with their operands resolved.
#include "elf_handle.h"

#include <dwarf.h>

Napi::BigInt ToBigInt(Napi::Env env, uint64_t v) { return Napi::BigInt::New(env, v); }

Napi::Value ToNumberOrBigInt(Napi::Env env, uint64_t v) {
  if (v <= (1ull << 53)) return Napi::Number::New(env, static_cast<double>(v));
  return Napi::BigInt::New(env, v);
}

Napi::Array RangesToJs(Napi::Env env, Dwarf_Die* die) {
  Napi::Array out = Napi::Array::New(env);
  Dwarf_Addr base, start, end;
  ptrdiff_t off = 0;
  while ((off = dwarf_ranges(die, off, &base, &start, &end)) > 0) {
    Napi::Array r = Napi::Array::New(env, 2);
    r.Set(0u, ToBigInt(env, start));
    r.Set(1u, ToBigInt(env, end));
    out.Set(out.Length(), r);
  }
  return out;
}

static Napi::Buffer<uint8_t> BlockToBuffer(Napi::Env env, const Dwarf_Block& b) {
  return Napi::Buffer<uint8_t>::Copy(env, b.data, b.length);
}

Napi::Array OpsToJs(Napi::Env env, Dwarf_Attribute* attr, const Dwarf_Op* ops, size_t n) {
  Napi::Array out = Napi::Array::New(env, n);
  for (size_t i = 0; i < n; i++) {
    const Dwarf_Op& op = ops[i];
    uint8_t atom = op.atom;
    uint64_t number = op.number, number2 = op.number2;
    Napi::Object o = Napi::Object::New(env);
    if (attr != nullptr) {
      Dwarf_Attribute result;
      Dwarf_Block block;
      switch (atom) {
        case DW_OP_implicit_value:
          if (dwarf_getlocation_implicit_value(attr, &op, &block) == 0) o.Set("block", BlockToBuffer(env, block));
          break;
        case DW_OP_entry_value:
        case DW_OP_GNU_entry_value:
          if (dwarf_getlocation_attr(attr, &op, &result) == 0 && dwarf_formblock(&result, &block) == 0)
            o.Set("block", BlockToBuffer(env, block));
          break;
        // Index forms are rewritten to their direct equivalents so consumers need no .debug_addr.
        case DW_OP_addrx:
        case DW_OP_GNU_addr_index: {
          Dwarf_Addr a;
          if (dwarf_getlocation_attr(attr, &op, &result) == 0 && dwarf_formaddr(&result, &a) == 0) {
            atom = DW_OP_addr;
            number = a;
          }
          break;
        }
        case DW_OP_constx:
        case DW_OP_GNU_const_index: {
          Dwarf_Word w;
          if (dwarf_getlocation_attr(attr, &op, &result) == 0 && dwarf_formudata(&result, &w) == 0) {
            atom = DW_OP_constu;
            number = w;
          }
          break;
        }
        default:
          break;
      }
    }
    o.Set("atom", Napi::Number::New(env, atom));
    o.Set("number", ToBigInt(env, number));
    o.Set("number2", ToBigInt(env, number2));
    o.Set("offset", Napi::Number::New(env, static_cast<double>(op.offset)));
    out.Set(i, o);
  }
  return out;
}
