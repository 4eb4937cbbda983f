// Register access on a stopped tracee: general registers, the XSAVE area and debug registers.
#include <elf.h>
#include <errno.h>
#include <stddef.h>
#include <sys/ptrace.h>
#include <sys/uio.h>

#include "ptrace_ops.h"

namespace rdb {

namespace {

/** Large enough for any XSAVE layout the kernel exposes (AMX tiles make it ~11 KiB). */
constexpr size_t kMaxXState = 64 * 1024;

void check_debug_index(int index) {
  if (index < 0 || index > 7 || index == 4 || index == 5)
    throw SysError{EINVAL, "ptrace", "debug register index " + std::to_string(index) + " is not DR0-3, DR6 or DR7"};
}

long debug_offset(int index) {
  return static_cast<long>(offsetof(struct user, u_debugreg) + index * sizeof(unsigned long));
}

}  // namespace

user_regs_struct get_regs(pid_t pid) {
  user_regs_struct regs;
  if (ptrace(PTRACE_GETREGS, pid, nullptr, &regs) < 0) throw_errno("ptrace", "cannot read registers");
  return regs;
}

void set_regs(pid_t pid, const user_regs_struct& regs) {
  if (ptrace(PTRACE_SETREGS, pid, nullptr, &regs) < 0) throw_errno("ptrace", "cannot write registers");
}

std::vector<uint8_t> get_xstate(pid_t pid) {
  std::vector<uint8_t> buf(kMaxXState);
  iovec iov{buf.data(), buf.size()};
  if (ptrace(PTRACE_GETREGSET, pid, reinterpret_cast<void*>(NT_X86_XSTATE), &iov) < 0)
    throw_errno("ptrace", "cannot read the XSAVE area");
  buf.resize(iov.iov_len);
  return buf;
}

void set_xstate(pid_t pid, std::vector<uint8_t> data) {
  iovec iov{data.data(), data.size()};
  if (ptrace(PTRACE_SETREGSET, pid, reinterpret_cast<void*>(NT_X86_XSTATE), &iov) < 0)
    throw_errno("ptrace", "cannot write the XSAVE area (it must be exactly the size getXState returns)");
}

uint64_t get_debug_reg(pid_t pid, int index) {
  check_debug_index(index);
  errno = 0;
  long v = ptrace(PTRACE_PEEKUSER, pid, reinterpret_cast<void*>(debug_offset(index)), nullptr);
  if (v == -1 && errno != 0) throw_errno("ptrace", "cannot read DR" + std::to_string(index));
  return static_cast<uint64_t>(v);
}

void set_debug_reg(pid_t pid, int index, uint64_t value) {
  check_debug_index(index);
  if (ptrace(PTRACE_POKEUSER, pid, reinterpret_cast<void*>(debug_offset(index)), reinterpret_cast<void*>(value)) < 0)
    throw_errno("ptrace", "cannot write DR" + std::to_string(index));
}

}  // namespace rdb
