// ELF-level decoding: header, program headers, build-id note, and the .symtab/.dynsym symbols.
#include "elf_handle.h"

#include <cstring>
#include <set>
#include <utility>

static const char* FileType(unsigned t) {
  switch (t) {
    case ET_EXEC: return "exec";
    case ET_DYN: return "dyn";
    case ET_REL: return "rel";
    case ET_CORE: return "core";
    default: return "other";
  }
}

static std::string BuildId(Elf* elf) {
  static const char hex[] = "0123456789abcdef";
  Elf_Scn* scn = nullptr;
  while ((scn = elf_nextscn(elf, scn)) != nullptr) {
    GElf_Shdr shdr;
    if (gelf_getshdr(scn, &shdr) == nullptr || shdr.sh_type != SHT_NOTE) continue;
    Elf_Data* data = elf_getdata(scn, nullptr);
    if (data == nullptr) continue;
    size_t off = 0, nameOff, descOff;
    GElf_Nhdr nhdr;
    while ((off = gelf_getnote(data, off, &nhdr, &nameOff, &descOff)) > 0) {
      const char* name = static_cast<const char*>(data->d_buf) + nameOff;
      if (nhdr.n_type == NT_GNU_BUILD_ID && nhdr.n_namesz == 4 && memcmp(name, "GNU", 4) == 0) {
        const uint8_t* desc = static_cast<const uint8_t*>(data->d_buf) + descOff;
        std::string s;
        for (size_t i = 0; i < nhdr.n_descsz; i++) {
          s += hex[desc[i] >> 4];
          s += hex[desc[i] & 15];
        }
        return s;
      }
    }
  }
  return "";
}

Napi::Object ElfInfoToJs(Napi::Env env, Elf* elf, bool hasDebugInfo, const std::string& debugFile) {
  GElf_Ehdr ehdr;
  gelf_getehdr(elf, &ehdr);
  Napi::Object o = Napi::Object::New(env);
  o.Set("machine", Napi::Number::New(env, ehdr.e_machine));
  o.Set("elfClass", Napi::Number::New(env, gelf_getclass(elf) == ELFCLASS32 ? 32 : 64));
  o.Set("type", Napi::String::New(env, FileType(ehdr.e_type)));
  o.Set("entry", ToBigInt(env, ehdr.e_entry));
  std::string id = BuildId(elf);
  if (!id.empty()) o.Set("buildId", Napi::String::New(env, id));
  o.Set("hasDebugInfo", Napi::Boolean::New(env, hasDebugInfo));
  if (!debugFile.empty()) o.Set("debugFile", Napi::String::New(env, debugFile));
  Napi::Array segs = Napi::Array::New(env);
  size_t phnum = 0;
  elf_getphdrnum(elf, &phnum);
  for (size_t i = 0; i < phnum; i++) {
    GElf_Phdr ph;
    if (gelf_getphdr(elf, static_cast<int>(i), &ph) == nullptr) continue;
    Napi::Object s = Napi::Object::New(env);
    s.Set("type", Napi::Number::New(env, ph.p_type));
    s.Set("flags", Napi::Number::New(env, ph.p_flags));
    s.Set("offset", ToBigInt(env, ph.p_offset));
    s.Set("vaddr", ToBigInt(env, ph.p_vaddr));
    s.Set("filesz", ToBigInt(env, ph.p_filesz));
    s.Set("memsz", ToBigInt(env, ph.p_memsz));
    segs.Set(segs.Length(), s);
  }
  o.Set("segments", segs);
  return o;
}

static const char* SymType(unsigned t) {
  switch (t) {
    case STT_FUNC: return "func";
    case STT_OBJECT: return "object";
    case STT_NOTYPE: return "notype";
    case STT_GNU_IFUNC: return "ifunc";
    case STT_SECTION: return "section";
    case STT_FILE: return "file";
    case STT_TLS: return "tls";
    default: return "other";
  }
}

static const char* SymBind(unsigned b) {
  switch (b) {
    case STB_LOCAL: return "local";
    case STB_GLOBAL: return "global";
    case STB_WEAK: return "weak";
    default: return "other";
  }
}

static void AddSymbols(Napi::Env env, Elf* elf, Napi::Array out, std::set<std::pair<std::string, GElf_Addr>>& seen) {
  // .symtab first: its entries are a superset of .dynsym's for the same file.
  for (unsigned wanted : {SHT_SYMTAB, SHT_DYNSYM}) {
    Elf_Scn* scn = nullptr;
    while ((scn = elf_nextscn(elf, scn)) != nullptr) {
      GElf_Shdr shdr;
      if (gelf_getshdr(scn, &shdr) == nullptr || shdr.sh_type != wanted || shdr.sh_entsize == 0) continue;
      Elf_Data* data = elf_getdata(scn, nullptr);
      if (data == nullptr) continue;
      size_t count = shdr.sh_size / shdr.sh_entsize;
      for (size_t i = 1; i < count; i++) {
        GElf_Sym sym;
        if (gelf_getsym(data, static_cast<int>(i), &sym) == nullptr) continue;
        const char* name = elf_strptr(elf, shdr.sh_link, sym.st_name);
        if (name == nullptr || *name == '\0') continue;
        // Versioned dynamic names keep their plain spelling (.symtab writes "puts@GLIBC_2.2.5" for imports).
        if (!seen.insert({name, sym.st_value}).second) continue;
        Napi::Object s = Napi::Object::New(env);
        s.Set("name", Napi::String::New(env, name));
        s.Set("value", ToBigInt(env, sym.st_value));
        s.Set("size", Napi::Number::New(env, static_cast<double>(sym.st_size)));
        s.Set("type", Napi::String::New(env, SymType(GELF_ST_TYPE(sym.st_info))));
        s.Set("bind", Napi::String::New(env, SymBind(GELF_ST_BIND(sym.st_info))));
        s.Set("shndx", Napi::Number::New(env, sym.st_shndx));
        out.Set(out.Length(), s);
      }
    }
  }
}

Napi::Array ElfSymbolsToJs(Napi::Env env, Elf* elf, Elf* extra) {
  Napi::Array out = Napi::Array::New(env);
  std::set<std::pair<std::string, GElf_Addr>> seen;
  AddSymbols(env, elf, out, seen);
  if (extra != nullptr) AddSymbols(env, extra, out, seen);
  return out;
}

Napi::Array ElfSectionsToJs(Napi::Env env, Elf* elf) {
  Napi::Array out = Napi::Array::New(env);
  size_t shstrndx = 0;
  if (elf_getshdrstrndx(elf, &shstrndx) != 0) return out;
  Elf_Scn* scn = nullptr;
  while ((scn = elf_nextscn(elf, scn)) != nullptr) {
    GElf_Shdr shdr;
    if (gelf_getshdr(scn, &shdr) == nullptr) continue;
    const char* name = elf_strptr(elf, shstrndx, shdr.sh_name);
    Napi::Object s = Napi::Object::New(env);
    s.Set("name", Napi::String::New(env, name ? name : ""));
    s.Set("type", Napi::Number::New(env, shdr.sh_type));
    s.Set("flags", ToBigInt(env, shdr.sh_flags));
    s.Set("addr", ToBigInt(env, shdr.sh_addr));
    s.Set("offset", ToBigInt(env, shdr.sh_offset));
    s.Set("size", ToBigInt(env, shdr.sh_size));
    s.Set("entsize", Napi::Number::New(env, static_cast<double>(shdr.sh_entsize)));
    out.Set(out.Length(), s);
  }
  return out;
}

Napi::Array ElfRelocationsToJs(Napi::Env env, Elf* elf) {
  Napi::Array out = Napi::Array::New(env);
  Elf_Scn* scn = nullptr;
  while ((scn = elf_nextscn(elf, scn)) != nullptr) {
    GElf_Shdr shdr;
    if (gelf_getshdr(scn, &shdr) == nullptr || shdr.sh_type != SHT_RELA || shdr.sh_entsize == 0) continue;
    Elf_Data* data = elf_getdata(scn, nullptr);
    Elf_Scn* symScn = elf_getscn(elf, shdr.sh_link);
    GElf_Shdr symShdr;
    Elf_Data* syms = symScn ? elf_getdata(symScn, nullptr) : nullptr;
    if (data == nullptr || syms == nullptr || gelf_getshdr(symScn, &symShdr) == nullptr) continue;
    size_t count = shdr.sh_size / shdr.sh_entsize;
    for (size_t i = 0; i < count; i++) {
      GElf_Rela rela;
      if (gelf_getrela(data, static_cast<int>(i), &rela) == nullptr) continue;
      size_t symIndex = GELF_R_SYM(rela.r_info);
      GElf_Sym sym;
      const char* name = nullptr;
      if (symIndex != 0 && gelf_getsym(syms, static_cast<int>(symIndex), &sym) != nullptr) {
        name = elf_strptr(elf, symShdr.sh_link, sym.st_name);
      }
      Napi::Object r = Napi::Object::New(env);
      r.Set("offset", ToBigInt(env, rela.r_offset));
      r.Set("type", Napi::Number::New(env, GELF_R_TYPE(rela.r_info)));
      r.Set("symbol", Napi::String::New(env, name ? name : ""));
      out.Set(out.Length(), r);
    }
  }
  return out;
}
