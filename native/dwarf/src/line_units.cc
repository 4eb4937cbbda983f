// Compile units (name, producer, ranges, line-table file names) and each CU's line table.
#include "elf_handle.h"

#include <dwarf.h>

static std::string StrAttr(Dwarf_Die* die, unsigned name) {
  Dwarf_Attribute attr;
  if (dwarf_attr_integrate(die, name, &attr) == nullptr) return "";
  const char* s = dwarf_formstring(&attr);
  return s ? s : "";
}

static Napi::Array CuFiles(Napi::Env env, Dwarf_Die* cudie) {
  Napi::Array out = Napi::Array::New(env);
  Dwarf_Files* files;
  size_t n;
  if (dwarf_getsrcfiles(cudie, &files, &n) != 0) return out;
  for (size_t i = 0; i < n; i++) {
    const char* f = dwarf_filesrc(files, i, nullptr, nullptr);
    out.Set(i, Napi::String::New(env, f ? f : ""));
  }
  return out;
}

Napi::Array CompileUnitsToJs(Napi::Env env, Dwarf* dwarf) {
  Napi::Array out = Napi::Array::New(env);
  Dwarf_CU* cu = nullptr;
  Dwarf_CU* next;
  Dwarf_Die cudie;
  uint8_t unitType;
  Dwarf_Half version;
  int rc;
  while ((rc = dwarf_get_units(dwarf, cu, &next, &version, &unitType, &cudie, nullptr)) == 0) {
    cu = next;
    int tag = dwarf_tag(&cudie);
    if (tag != DW_TAG_compile_unit && tag != DW_TAG_partial_unit) continue;
    Napi::Object o = Napi::Object::New(env);
    o.Set("offset", Napi::Number::New(env, static_cast<double>(dwarf_dieoffset(&cudie))));
    o.Set("version", Napi::Number::New(env, version));
    o.Set("name", Napi::String::New(env, StrAttr(&cudie, DW_AT_name)));
    o.Set("compDir", Napi::String::New(env, StrAttr(&cudie, DW_AT_comp_dir)));
    o.Set("producer", Napi::String::New(env, StrAttr(&cudie, DW_AT_producer)));
    int lang = dwarf_srclang(&cudie);
    o.Set("language", Napi::Number::New(env, lang < 0 ? 0 : lang));
    o.Set("ranges", RangesToJs(env, &cudie));
    o.Set("files", CuFiles(env, &cudie));
    out.Set(out.Length(), o);
  }
  if (rc < 0) ThrowDwarfError(env, "reading compile units");
  return out;
}

Napi::Array LineTableToJs(Napi::Env env, Dwarf* dwarf, Dwarf_Off cuOffset) {
  Dwarf_Die cudie;
  if (dwarf_offdie(dwarf, cuOffset, &cudie) == nullptr) ThrowDwarfError(env, "no compile unit at offset " + std::to_string(cuOffset));
  Napi::Array out = Napi::Array::New(env);
  Dwarf_Lines* lines;
  size_t n;
  // A CU without DW_AT_stmt_list simply has no rows.
  if (dwarf_getsrclines(&cudie, &lines, &n) != 0) return out;
  for (size_t i = 0; i < n; i++) {
    Dwarf_Line* line = dwarf_onesrcline(lines, i);
    if (line == nullptr) continue;
    Dwarf_Addr addr = 0;
    int lineno = 0, col = 0;
    bool stmt = false, endSeq = false, prologueEnd = false, epilogueBegin = false;
    dwarf_lineaddr(line, &addr);
    dwarf_lineno(line, &lineno);
    dwarf_linecol(line, &col);
    dwarf_linebeginstatement(line, &stmt);
    dwarf_lineendsequence(line, &endSeq);
    dwarf_lineprologueend(line, &prologueEnd);
    dwarf_lineepiloguebegin(line, &epilogueBegin);
    unsigned int discriminator = 0;
    dwarf_linediscriminator(line, &discriminator);
    const char* file = dwarf_linesrc(line, nullptr, nullptr);
    Napi::Object r = Napi::Object::New(env);
    r.Set("address", ToBigInt(env, addr));
    r.Set("file", Napi::String::New(env, file ? file : ""));
    r.Set("line", Napi::Number::New(env, lineno));
    r.Set("column", Napi::Number::New(env, col));
    r.Set("isStmt", Napi::Boolean::New(env, stmt));
    r.Set("endSequence", Napi::Boolean::New(env, endSeq));
    r.Set("prologueEnd", Napi::Boolean::New(env, prologueEnd));
    r.Set("epilogueBegin", Napi::Boolean::New(env, epilogueBegin));
    r.Set("discriminator", Napi::Number::New(env, discriminator));
    out.Set(i, r);
  }
  return out;
}
