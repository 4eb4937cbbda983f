// ElfHandle: one opened ELF file (libelf + libdw handles) exposed to JavaScript, and the decoders it uses.
#pragma once

#include <napi.h>
#include <elfutils/libdw.h>
#include <gelf.h>
#include <libelf.h>

#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

// Throws a JavaScript Error built from libdw's last error, prefixed by what was attempted.
[[noreturn]] void ThrowDwarfError(Napi::Env env, const std::string& what);

// js_values.cc: conversions shared by the decoders.
Napi::BigInt ToBigInt(Napi::Env env, uint64_t v);
Napi::Value ToNumberOrBigInt(Napi::Env env, uint64_t v);
// [low, high) address pairs of a DIE (low/high pc or DW_AT_ranges), via dwarf_ranges.
Napi::Array RangesToJs(Napi::Env env, Dwarf_Die* die);
// Converts libdw operations; `attr` (may be null) resolves DW_OP_implicit_value, entry values, addrx.
Napi::Array OpsToJs(Napi::Env env, Dwarf_Attribute* attr, const Dwarf_Op* ops, size_t n);

// elf_info.cc
Napi::Object ElfInfoToJs(Napi::Env env, Elf* elf, bool hasDebugInfo, const std::string& debugFile);
// Symbols of elf, then those of `extra` (a debug file's full .symtab) not already seen.
Napi::Array ElfSymbolsToJs(Napi::Env env, Elf* elf, Elf* extra);

Napi::Array ElfSectionsToJs(Napi::Env env, Elf* elf);
// Entries of every SHT_RELA section with their symbol's name ("" for none).
Napi::Array ElfRelocationsToJs(Napi::Env env, Elf* elf);

// line_units.cc
Napi::Array CompileUnitsToJs(Napi::Env env, Dwarf* dwarf);
Napi::Array LineTableToJs(Napi::Env env, Dwarf* dwarf, Dwarf_Off cuOffset);

// die_tree.cc
Napi::Object DieTreeToJs(Napi::Env env, Dwarf* dwarf, Dwarf_Off cuOffset);

// function_index.cc: concrete functions by name, as (CU offset, DIE offset) pairs.
using FunctionIndex = std::unordered_map<std::string, std::vector<std::pair<Dwarf_Off, Dwarf_Off>>>;
void BuildFunctionIndex(Dwarf* dwarf, FunctionIndex* index);
// File-level variable definitions by name, as (CU offset, DIE offset) pairs, and those at a fixed
// address by that address (the first of several).
using VariableAddresses = std::unordered_map<uint64_t, std::pair<Dwarf_Off, Dwarf_Off>>;
void BuildVariableIndex(Dwarf* dwarf, FunctionIndex* index, VariableAddresses* addresses);
Napi::Array FunctionIndexEntriesToJs(Napi::Env env, const FunctionIndex& index, const std::string& name);

// cfi_frame.cc: null when no CFI covers pc.
Napi::Value FrameToJs(Napi::Env env, Dwarf_CFI* cfi, Dwarf_Addr pc);

// A separate debug file (found by build-id or .gnu_debuglink) holding the DWARF of a stripped file.
struct DebugFile {
  int fd = -1;
  Elf* elf = nullptr;
  Dwarf* dwarf = nullptr;
  std::string path;
};

class ElfHandle : public Napi::ObjectWrap<ElfHandle> {
 public:
  static Napi::Function Define(Napi::Env env);
  // Creates a handle for an opened file; the handle owns fd, elf, dwarf and the debug file.
  static Napi::Object Create(Napi::Env env, int fd, Elf* elf, Dwarf* dwarf, const DebugFile& debug);

  explicit ElfHandle(const Napi::CallbackInfo& info);
  ~ElfHandle() override;

 private:
  Napi::Value Info(const Napi::CallbackInfo& info);
  Napi::Value Symbols(const Napi::CallbackInfo& info);
  Napi::Value Sections(const Napi::CallbackInfo& info);
  Napi::Value Relocations(const Napi::CallbackInfo& info);
  Napi::Value CompileUnits(const Napi::CallbackInfo& info);
  Napi::Value LineTable(const Napi::CallbackInfo& info);
  Napi::Value DieTree(const Napi::CallbackInfo& info);
  Napi::Value FrameAt(const Napi::CallbackInfo& info);
  Napi::Value FunctionsNamed(const Napi::CallbackInfo& info);
  Napi::Value VariablesNamed(const Napi::CallbackInfo& info);
  Napi::Value VariableAt(const Napi::CallbackInfo& info);
  void RequireVariableIndex();
  Napi::Value Close(const Napi::CallbackInfo& info);

  void Release();
  void RequireOpen(Napi::Env env) const;
  Dwarf* RequireDwarf(Napi::Env env) const;
  Dwarf_Off CuOffsetArg(const Napi::CallbackInfo& info) const;

  int fd_ = -1;
  Elf* elf_ = nullptr;
  // The DWARF in use: the file's own, or the separate debug file's (debug_.dwarf).
  Dwarf* dwarf_ = nullptr;
  DebugFile debug_;
  // Created on first frameAt; owned by dwarf_ (debug_frame) and by us (eh_frame).
  Dwarf_CFI* debugFrame_ = nullptr;
  Dwarf_CFI* ehFrame_ = nullptr;
  bool cfiLoaded_ = false;
  // Built on first functionsNamed.
  FunctionIndex functionIndex_;
  bool functionIndexBuilt_ = false;
  // Built on first variablesNamed.
  FunctionIndex variableIndex_;
  VariableAddresses variableAddresses_;
  bool variableIndexBuilt_ = false;
};
