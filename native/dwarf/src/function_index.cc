// Name indexes of a module: its functions (concrete DW_TAG_subprogram DIEs at CU level and inlined
// copies anywhere) and its file-level variables, built once per handle, so that a large library's
// DWARF (libc's) is searched by name without loading every compile unit.
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

// Calls `visit` with the DIE of each compile (or partial) unit.
template <typename Visit>
void ForEachUnit(Dwarf* dwarf, Visit visit) {
  Dwarf_CU* cu = nullptr;
  Dwarf_CU* next;
  Dwarf_Die cudie;
  uint8_t unitType;
  Dwarf_Half version;
  while (dwarf_get_units(dwarf, cu, &next, &version, &unitType, &cudie, nullptr) == 0) {
    cu = next;
    int tag = dwarf_tag(&cudie);
    if (tag == DW_TAG_compile_unit || tag == DW_TAG_partial_unit) visit(&cudie);
  }
}

// A file-level variable definition: by name, and by address when it has a fixed one.
void AddVariable(Dwarf_Die* cudie, Dwarf_Die* die, FunctionIndex* index, VariableAddresses* addresses) {
  if (dwarf_tag(die) != DW_TAG_variable || dwarf_hasattr(die, DW_AT_declaration)) return;
  if (!dwarf_hasattr(die, DW_AT_location) && !dwarf_hasattr(die, DW_AT_const_value)) return;
  // A definition may take its name from the declaration it completes (DW_AT_specification).
  Dwarf_Attribute attr;
  const char* name = dwarf_formstring(dwarf_attr_integrate(die, DW_AT_name, &attr));
  if (name != nullptr) (*index)[name].push_back({dwarf_dieoffset(cudie), dwarf_dieoffset(die)});
  // At a fixed address (DW_OP_addr alone): found by address too, for its ELF aliases.
  Dwarf_Op* ops;
  size_t n;
  if (dwarf_attr(die, DW_AT_location, &attr) != nullptr && dwarf_getlocation(&attr, &ops, &n) == 0 && n == 1 &&
      ops[0].atom == DW_OP_addr) {
    addresses->emplace(ops[0].number, std::make_pair(dwarf_dieoffset(cudie), dwarf_dieoffset(die)));
  }
}

}  // namespace

void BuildFunctionIndex(Dwarf* dwarf, FunctionIndex* index) {
  ForEachUnit(dwarf, [index](Dwarf_Die* cudie) {
    IndexBuilder b{index, dwarf_dieoffset(cudie)};
    dwarf_getfuncs(cudie, AddFunction, &b, 0);
    AddInlinedCopies(cudie, &b);
  });
}

void BuildVariableIndex(Dwarf* dwarf, FunctionIndex* index, VariableAddresses* addresses) {
  ForEachUnit(dwarf, [index, addresses](Dwarf_Die* cudie) {
    Dwarf_Die child;
    if (dwarf_child(cudie, &child) != 0) return;
    do {
      AddVariable(cudie, &child, index, addresses);
    } while (dwarf_siblingof(&child, &child) == 0);
  });
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
