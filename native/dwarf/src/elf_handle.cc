// ElfHandle methods: argument checks and ownership of the libelf/libdw handles; decoding lives elsewhere.
#include "elf_handle.h"

#include <unistd.h>

Napi::Function ElfHandle::Define(Napi::Env env) {
  Napi::Function ctor = DefineClass(env, "ElfHandle", {
      InstanceMethod<&ElfHandle::Info>("info"),
      InstanceMethod<&ElfHandle::Symbols>("symbols"),
      InstanceMethod<&ElfHandle::Sections>("sections"),
      InstanceMethod<&ElfHandle::Relocations>("relocations"),
      InstanceMethod<&ElfHandle::CompileUnits>("compileUnits"),
      InstanceMethod<&ElfHandle::LineTable>("lineTable"),
      InstanceMethod<&ElfHandle::DieTree>("dieTree"),
      InstanceMethod<&ElfHandle::FrameAt>("frameAt"),
      InstanceMethod<&ElfHandle::FunctionsNamed>("functionsNamed"),
      InstanceMethod<&ElfHandle::VariablesNamed>("variablesNamed"),
      InstanceMethod<&ElfHandle::VariableAt>("variableAt"),
      InstanceMethod<&ElfHandle::Close>("close"),
  });
  auto* ref = new Napi::FunctionReference(Napi::Persistent(ctor));
  env.SetInstanceData<Napi::FunctionReference>(ref);
  return ctor;
}

Napi::Object ElfHandle::Create(Napi::Env env, int fd, Elf* elf, Dwarf* dwarf, const DebugFile& debug) {
  Napi::Object obj = env.GetInstanceData<Napi::FunctionReference>()->New({});
  ElfHandle* h = Unwrap(obj);
  h->fd_ = fd;
  h->elf_ = elf;
  h->debug_ = debug;
  h->dwarf_ = debug.dwarf != nullptr ? debug.dwarf : dwarf;
  return obj;
}

ElfHandle::ElfHandle(const Napi::CallbackInfo& info) : Napi::ObjectWrap<ElfHandle>(info) {}

ElfHandle::~ElfHandle() { Release(); }

void ElfHandle::Release() {
  if (ehFrame_) dwarf_cfi_end(ehFrame_);
  ehFrame_ = nullptr;
  debugFrame_ = nullptr;  // owned by dwarf_
  cfiLoaded_ = false;
  if (dwarf_) dwarf_end(dwarf_);
  dwarf_ = nullptr;
  debug_.dwarf = nullptr;  // it was dwarf_ when set
  if (debug_.elf) elf_end(debug_.elf);
  debug_.elf = nullptr;
  if (debug_.fd >= 0) close(debug_.fd);
  debug_.fd = -1;
  if (elf_) elf_end(elf_);
  elf_ = nullptr;
  if (fd_ >= 0) close(fd_);
  fd_ = -1;
}

void ElfHandle::RequireOpen(Napi::Env env) const {
  if (elf_ == nullptr) throw Napi::Error::New(env, "ElfHandle is closed");
}

Dwarf* ElfHandle::RequireDwarf(Napi::Env env) const {
  RequireOpen(env);
  if (dwarf_ == nullptr) throw Napi::Error::New(env, "the file has no DWARF debugging information");
  return dwarf_;
}

Dwarf_Off ElfHandle::CuOffsetArg(const Napi::CallbackInfo& info) const {
  if (info.Length() < 1 || !info[0].IsNumber()) throw Napi::TypeError::New(info.Env(), "cuOffset must be a number");
  double v = info[0].As<Napi::Number>().DoubleValue();
  if (v < 0) throw Napi::TypeError::New(info.Env(), "cuOffset must be non-negative");
  return static_cast<Dwarf_Off>(v);
}

Napi::Value ElfHandle::Info(const Napi::CallbackInfo& info) {
  RequireOpen(info.Env());
  bool hasDebugInfo = false;
  if (dwarf_) {
    Dwarf_CU* cu = nullptr;
    Dwarf_Die cudie;
    hasDebugInfo = dwarf_get_units(dwarf_, nullptr, &cu, nullptr, nullptr, &cudie, nullptr) == 0;
  }
  return ElfInfoToJs(info.Env(), elf_, hasDebugInfo, debug_.path);
}

Napi::Value ElfHandle::Symbols(const Napi::CallbackInfo& info) {
  RequireOpen(info.Env());
  return ElfSymbolsToJs(info.Env(), elf_, debug_.elf);
}

Napi::Value ElfHandle::Sections(const Napi::CallbackInfo& info) {
  RequireOpen(info.Env());
  return ElfSectionsToJs(info.Env(), elf_);
}

Napi::Value ElfHandle::Relocations(const Napi::CallbackInfo& info) {
  RequireOpen(info.Env());
  return ElfRelocationsToJs(info.Env(), elf_);
}

Napi::Value ElfHandle::CompileUnits(const Napi::CallbackInfo& info) {
  RequireOpen(info.Env());
  if (dwarf_ == nullptr) return Napi::Array::New(info.Env());
  return CompileUnitsToJs(info.Env(), dwarf_);
}

Napi::Value ElfHandle::LineTable(const Napi::CallbackInfo& info) {
  Dwarf* d = RequireDwarf(info.Env());
  return LineTableToJs(info.Env(), d, CuOffsetArg(info));
}

Napi::Value ElfHandle::DieTree(const Napi::CallbackInfo& info) {
  Dwarf* d = RequireDwarf(info.Env());
  return DieTreeToJs(info.Env(), d, CuOffsetArg(info));
}

Napi::Value ElfHandle::FunctionsNamed(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  RequireOpen(env);
  if (info.Length() < 1 || !info[0].IsString()) throw Napi::TypeError::New(env, "functionsNamed(name): name must be a string");
  if (dwarf_ == nullptr) return Napi::Array::New(env);
  if (!functionIndexBuilt_) {
    BuildFunctionIndex(dwarf_, &functionIndex_);
    functionIndexBuilt_ = true;
  }
  return FunctionIndexEntriesToJs(env, functionIndex_, info[0].As<Napi::String>().Utf8Value());
}

Napi::Value ElfHandle::VariablesNamed(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  RequireOpen(env);
  if (info.Length() < 1 || !info[0].IsString()) throw Napi::TypeError::New(env, "variablesNamed(name): name must be a string");
  if (dwarf_ == nullptr) return Napi::Array::New(env);
  RequireVariableIndex();
  return FunctionIndexEntriesToJs(env, variableIndex_, info[0].As<Napi::String>().Utf8Value());
}

Napi::Value ElfHandle::VariableAt(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  RequireOpen(env);
  if (info.Length() < 1 || !info[0].IsBigInt()) throw Napi::TypeError::New(env, "variableAt(address): address must be a bigint");
  if (dwarf_ == nullptr) return env.Undefined();
  RequireVariableIndex();
  bool lossless;
  auto it = variableAddresses_.find(info[0].As<Napi::BigInt>().Uint64Value(&lossless));
  if (it == variableAddresses_.end()) return env.Undefined();
  Napi::Object o = Napi::Object::New(env);
  o.Set("cuOffset", Napi::Number::New(env, static_cast<double>(it->second.first)));
  o.Set("dieOffset", Napi::Number::New(env, static_cast<double>(it->second.second)));
  return o;
}

void ElfHandle::RequireVariableIndex() {
  if (variableIndexBuilt_) return;
  BuildVariableIndex(dwarf_, &variableIndex_, &variableAddresses_);
  variableIndexBuilt_ = true;
}

Napi::Value ElfHandle::FrameAt(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  RequireOpen(env);
  if (info.Length() < 1 || !info[0].IsBigInt()) throw Napi::TypeError::New(env, "frameAt(pc): pc must be a bigint");
  bool lossless = true;
  Dwarf_Addr pc = info[0].As<Napi::BigInt>().Uint64Value(&lossless);
  if (!cfiLoaded_) {
    cfiLoaded_ = true;
    if (dwarf_) debugFrame_ = dwarf_getcfi(dwarf_);
    ehFrame_ = dwarf_getcfi_elf(elf_);
  }
  if (debugFrame_) {
    Napi::Value v = FrameToJs(env, debugFrame_, pc);
    if (!v.IsNull()) return v;
  }
  if (ehFrame_) return FrameToJs(env, ehFrame_, pc);
  return env.Null();
}

Napi::Value ElfHandle::Close(const Napi::CallbackInfo& info) {
  Release();
  return info.Env().Undefined();
}
