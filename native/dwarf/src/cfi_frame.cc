// The CFI row for one address (libdw's Dwarf_Frame): CFA expression and register rules for DWARF regs 0..16.
#include "elf_handle.h"

#include <cstdlib>

static const int kRegisterCount = 17;  // rax..r15 and the return address column (rip)

Napi::Value FrameToJs(Napi::Env env, Dwarf_CFI* cfi, Dwarf_Addr pc) {
  Dwarf_Frame* frame = nullptr;
  if (dwarf_cfi_addrframe(cfi, pc, &frame) != 0 || frame == nullptr) return env.Null();
  Napi::Object o = Napi::Object::New(env);
  Dwarf_Addr start = 0, end = 0;
  bool signal = false;
  int ra = dwarf_frame_info(frame, &start, &end, &signal);
  o.Set("start", ToBigInt(env, start));
  o.Set("end", ToBigInt(env, end));
  o.Set("raReg", Napi::Number::New(env, ra));
  o.Set("signalFrame", Napi::Boolean::New(env, signal));
  Dwarf_Op* ops = nullptr;
  size_t nops = 0;
  if (dwarf_frame_cfa(frame, &ops, &nops) == 0) {
    o.Set("cfa", OpsToJs(env, nullptr, ops, nops));
  } else {
    o.Set("cfa", Napi::Array::New(env));
  }
  Napi::Object regs = Napi::Object::New(env);
  for (int r = 0; r < kRegisterCount; r++) {
    Dwarf_Op mem[3];
    if (dwarf_frame_register(frame, r, mem, &ops, &nops) != 0) continue;
    Napi::Object rule = Napi::Object::New(env);
    if (nops == 0) {
      rule.Set("kind", Napi::String::New(env, ops == nullptr ? "same" : "undefined"));
    } else {
      rule.Set("kind", Napi::String::New(env, "expr"));
      rule.Set("ops", OpsToJs(env, nullptr, ops, nops));
    }
    regs.Set(Napi::Number::New(env, r), rule);
  }
  o.Set("regs", regs);
  free(frame);
  return o;
}
