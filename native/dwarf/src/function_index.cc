// A name index of a module's functions: concrete DW_TAG_subprogram DIEs at CU level and inlined
// copies anywhere, built once per handle, for looking up functions that have no ELF symbol.
#include "elf_handle.h"

#include <dwarf.h>

namespace {

struct IndexBuilder {
  FunctionIndex* index;
  Dwarf_Off cuOffset;
};

int AddFunction(Dwarf_Die* die, void* arg) {
  auto* b = static_cast<IndexBuilder*>(arg);
  Dwarf_Attribute attr;
  bool declaration = dwarf_attr(die, DW_AT_declaration, &attr) != nullptr;
  bool hasCode = dwarf_hasattr(die, DW_AT_low_pc) || dwarf_hasattr(die, DW_AT_ranges);
  const char* name = dwarf_diename(die);
  if (!declaration && hasCode && name != nullptr) {
    (*b->index)[name].push_back({b->cuOffset, dwarf_dieoffset(die)});
  }
  return DWARF_CB_OK;
}

// Inlined copies (DW_TAG_inlined_subroutine) anywhere below a DIE, by their origin's name.
void AddInlinedCopies(Dwarf_Die* parent, IndexBuilder* b) {
  Dwarf_Die child;
  if (dwarf_child(parent, &child) != 0) return;
  do {
    int tag = dwarf_tag(&child);
    if (tag == DW_TAG_inlined_subroutine) {
      const char* name = dwarf_diename(&child);
      if (name != nullptr) (*b->index)[name].push_back({b->cuOffset, dwarf_dieoffset(&child)});
    }
    if (dwarf_haschildren(&child)) AddInlinedCopies(&child, b);
  } while (dwarf_siblingof(&child, &child) == 0);
}

}  // namespace

void BuildFunctionIndex(Dwarf* dwarf, FunctionIndex* index) {
  Dwarf_CU* cu = nullptr;
  Dwarf_CU* next;
  Dwarf_Die cudie;
  uint8_t unitType;
  Dwarf_Half version;
  while (dwarf_get_units(dwarf, cu, &next, &version, &unitType, &cudie, nullptr) == 0) {
    cu = next;
    int tag = dwarf_tag(&cudie);
    if (tag != DW_TAG_compile_unit && tag != DW_TAG_partial_unit) continue;
    IndexBuilder b{index, dwarf_dieoffset(&cudie)};
    dwarf_getfuncs(&cudie, AddFunction, &b, 0);
    AddInlinedCopies(&cudie, &b);
  }
}

Napi::Array FunctionIndexEntriesToJs(Napi::Env env, const FunctionIndex& index, const std::string& name) {
  Napi::Array out = Napi::Array::New(env);
  auto it = index.find(name);
  if (it == index.end()) return out;
  for (const auto& [cuOffset, dieOffset] : it->second) {
    Napi::Object o = Napi::Object::New(env);
    o.Set("cuOffset", Napi::Number::New(env, static_cast<double>(cuOffset)));
    o.Set("dieOffset", Napi::Number::New(env, static_cast<double>(dieOffset)));
    out.Set(out.Length(), o);
  }
  return out;
}
