// Resuming a tracee and decoding what waitpid then reports: signal, syscall and event stops, exits.
#include <errno.h>
#include <signal.h>
#include <sys/ptrace.h>
#include <sys/wait.h>

#include "ptrace_ops.h"

namespace rdb {

namespace {

const char* event_name(int event) {
  switch (event) {
    case PTRACE_EVENT_FORK: return "fork";
    case PTRACE_EVENT_VFORK: return "vfork";
    case PTRACE_EVENT_CLONE: return "clone";
    case PTRACE_EVENT_EXEC: return "exec";
    case PTRACE_EVENT_EXIT: return "exit";
    case PTRACE_EVENT_STOP: return "stop";
    case PTRACE_EVENT_VFORK_DONE: return "vfork_done";
    case PTRACE_EVENT_SECCOMP: return "seccomp";
    default: return "unknown";
  }
}

/** struct ptrace_syscall_info of <linux/ptrace.h>, which clashes with <sys/ptrace.h>. */
struct RawSyscallInfo {
  uint8_t op;
  uint8_t pad[3];
  uint32_t arch;
  uint64_t instruction_pointer;
  uint64_t stack_pointer;
  union {
    struct {
      uint64_t nr;
      uint64_t args[6];
    } entry;
    struct {
      int64_t rval;
      uint8_t is_error;
    } exit;
    struct {
      uint64_t nr;
      uint64_t args[6];
      uint32_t ret_data;
    } seccomp;
  };
};

SyscallInfoData syscall_info(pid_t pid) {
  SyscallInfoData out;
  RawSyscallInfo raw{};
  if (ptrace(static_cast<__ptrace_request>(0x420e /* PTRACE_GET_SYSCALL_INFO */), pid,
             reinterpret_cast<void*>(sizeof raw), &raw) <= 0)
    return out;
  out.op = raw.op;
  if (raw.op == 1 || raw.op == 3) {
    out.nr = raw.entry.nr;
    for (int i = 0; i < 6; i++) out.args[i] = raw.entry.args[i];
  } else if (raw.op == 2) {
    out.rval = raw.exit.rval;
    out.is_error = raw.exit.is_error != 0;
  }
  return out;
}

bool has_fault_address(int signo) {
  return signo == SIGSEGV || signo == SIGBUS || signo == SIGILL || signo == SIGFPE || signo == SIGTRAP;
}

}  // namespace

SigInfoData get_siginfo(pid_t pid) {
  siginfo_t si;
  if (ptrace(PTRACE_GETSIGINFO, pid, nullptr, &si) < 0) throw_errno("ptrace", "cannot read the signal information");
  SigInfoData out;
  out.signo = si.si_signo;
  out.err = si.si_errno;
  out.code = si.si_code;
  out.raw.assign(reinterpret_cast<const uint8_t*>(&si), reinterpret_cast<const uint8_t*>(&si) + sizeof si);
  if (has_fault_address(si.si_signo) && si.si_code > 0) {
    out.addr = reinterpret_cast<uint64_t>(si.si_addr);
  } else if (si.si_code <= 0 || si.si_signo == SIGCHLD) {
    out.pid = si.si_pid;  // sent by kill/tgkill/sigqueue, or a child's state change
  }
  return out;
}

StopEventData decode_status(pid_t pid, int status) {
  StopEventData ev;
  ev.pid = pid;
  if (WIFEXITED(status)) {
    ev.kind = StopEventData::exited;
    ev.status = WEXITSTATUS(status);
    return ev;
  }
  if (WIFSIGNALED(status)) {
    ev.kind = StopEventData::killed;
    ev.signo = WTERMSIG(status);
    ev.core = WCOREDUMP(status);
    return ev;
  }
  int sig = WSTOPSIG(status);
  int event = (status >> 16) & 0xff;
  if (sig == (SIGTRAP | 0x80)) {
    ev.kind = StopEventData::syscall;
    ev.syscall_info = syscall_info(pid);
    return ev;
  }
  if (event != 0) {
    ev.kind = StopEventData::ptrace_event;
    ev.event = event_name(event);
    unsigned long msg = 0;
    if (ptrace(PTRACE_GETEVENTMSG, pid, nullptr, &msg) == 0) ev.msg = msg;
    if (event == PTRACE_EVENT_EXEC) forget_memory(pid);
    return ev;
  }
  ev.kind = StopEventData::signal;
  ev.signo = sig;
  try {
    ev.siginfo = get_siginfo(pid);
  } catch (const SysError&) {
    ev.siginfo.signo = sig;  // a group-stop has no siginfo
  }
  return ev;
}

void resume_request(pid_t pid, const std::string& mode, int signo) {
  __ptrace_request req;
  if (mode == "cont") req = PTRACE_CONT;
  else if (mode == "step") req = PTRACE_SINGLESTEP;
  else if (mode == "syscall") req = PTRACE_SYSCALL;
  else if (mode == "sysemu") req = PTRACE_SYSEMU;
  else if (mode == "sysemu_step") req = PTRACE_SYSEMU_SINGLESTEP;
  else throw SysError{EINVAL, "ptrace", "unknown resume mode '" + mode + "'"};
  if (ptrace(req, pid, nullptr, reinterpret_cast<void*>(static_cast<long>(signo))) < 0)
    throw_errno("ptrace", "cannot resume process " + std::to_string(pid));
}

void kill_tracee(pid_t pid) {
  if (kill(pid, SIGKILL) < 0 && errno != ESRCH) throw_errno("kill", "cannot kill process " + std::to_string(pid));
}

}  // namespace rdb
