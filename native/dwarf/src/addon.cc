// Entry of the rdb_dwarf addon: open(path) validates the file and returns an ElfHandle.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include <elfutils/libdwelf.h>

#include "elf_handle.h"

void ThrowDwarfError(Napi::Env env, const std::string& what) {
  const char* msg = dwarf_errmsg(-1);
  throw Napi::Error::New(env, what + ": " + (msg ? msg : "unknown libdw error"));
}

static bool HasUnits(Dwarf* dwarf) {
  if (dwarf == nullptr) return false;
  Dwarf_CU* cu = nullptr;
  Dwarf_Die cudie;
  return dwarf_get_units(dwarf, nullptr, &cu, nullptr, nullptr, &cudie, nullptr) == 0;
}

// Candidate paths of a separate debug file, gdb's order: build-id, then .gnu_debuglink.
static std::vector<std::string> DebugFileCandidates(Elf* elf, const std::string& path) {
  std::vector<std::string> out;
  const void* id = nullptr;
  ssize_t n = dwelf_elf_gnu_build_id(elf, &id);
  if (n > 1) {
    static const char hex[] = "0123456789abcdef";
    const auto* b = static_cast<const uint8_t*>(id);
    std::string h;
    for (ssize_t i = 0; i < n; i++) {
      h += hex[b[i] >> 4];
      h += hex[b[i] & 15];
    }
    out.push_back("/usr/lib/debug/.build-id/" + h.substr(0, 2) + "/" + h.substr(2) + ".debug");
  }
  GElf_Word crc;
  const char* link = dwelf_elf_gnu_debuglink(elf, &crc);
  if (link != nullptr) {
    std::string dir = path.substr(0, path.rfind('/') + 1);
    out.push_back(dir + link);
    out.push_back(dir + ".debug/" + link);
    out.push_back("/usr/lib/debug" + dir + link);
  }
  return out;
}

// Opens the first candidate that is an ELF file with DWARF units; fills fd/elf/dwarf.
static bool OpenDebugFile(Elf* elf, const std::string& path, DebugFile* debug) {
  for (const std::string& candidate : DebugFileCandidates(elf, path)) {
    if (candidate == path) continue;
    int fd = open(candidate.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) continue;
    Elf* delf = elf_begin(fd, ELF_C_READ_MMAP, nullptr);
    Dwarf* d = delf != nullptr && elf_kind(delf) == ELF_K_ELF ? dwarf_begin_elf(delf, DWARF_C_READ, nullptr) : nullptr;
    if (HasUnits(d)) {
      *debug = DebugFile{fd, delf, d, candidate};
      return true;
    }
    if (d) dwarf_end(d);
    if (delf) elf_end(delf);
    close(fd);
  }
  return false;
}

static Napi::Value Open(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 1 || !info[0].IsString()) throw Napi::TypeError::New(env, "open(path): path must be a string");
  std::string path = info[0].As<Napi::String>();
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    int err = errno;
    Napi::Error e = Napi::Error::New(env, path + ": " + strerror(err));
    e.Set("code", Napi::String::New(env, err == ENOENT ? "ENOENT" : err == EACCES ? "EACCES" : "EIO"));
    e.Set("syscall", Napi::String::New(env, "open"));
    throw e;
  }
  Elf* elf = elf_begin(fd, ELF_C_READ_MMAP, nullptr);
  if (elf == nullptr || elf_kind(elf) != ELF_K_ELF) {
    if (elf) elf_end(elf);
    close(fd);
    throw Napi::Error::New(env, path + ": not an ELF file");
  }
  GElf_Ehdr ehdr;
  if (gelf_getehdr(elf, &ehdr) == nullptr) {
    elf_end(elf);
    close(fd);
    throw Napi::Error::New(env, path + ": unreadable ELF header (" + elf_errmsg(-1) + ")");
  }
  // No DWARF is not an error: symbols and .eh_frame still work.
  Dwarf* dwarf = dwarf_begin_elf(elf, DWARF_C_READ, nullptr);
  DebugFile debug;
  if (!HasUnits(dwarf) && OpenDebugFile(elf, path, &debug)) {
    if (dwarf) dwarf_end(dwarf);
    dwarf = nullptr;
  }
  return ElfHandle::Create(env, fd, elf, dwarf, debug);
}

static Napi::Object Init(Napi::Env env, Napi::Object exports) {
  elf_version(EV_CURRENT);
  ElfHandle::Define(env);
  exports.Set("open", Napi::Function::New(env, Open, "open"));
  return exports;
}

NODE_API_MODULE(rdb_dwarf, Init)
