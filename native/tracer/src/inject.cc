// Runs one system call of ours inside a stopped tracee and puts the tracee back exactly as it
// was; with clone(CLONE_PARENT) this makes fork checkpoints and restores them.
//
// The call borrows the two bytes at the tracee's pc (replaced by `syscall`), its registers and,
// while it runs, its signal mask (all blocked, so no asynchronous signal is delivered or lost in
// between); all three are given back before this returns, also on failure. A child that the call
// forks is a copy of the tracee taken in the middle of this borrowing: it gets the same bytes,
// registers and mask back, so it too looks exactly like the tracee did before the call.
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "ptrace_ops.h"

namespace rdb {

namespace {

int wait_for(pid_t pid) {
  int status = 0;
  if (TracerThread::get().take_stop(pid, &status)) return status;
  while (waitpid(pid, &status, __WALL) < 0) {
    if (errno != EINTR) throw_errno("waitpid", "cannot wait for process " + std::to_string(pid));
  }
  return status;
}

/** The tracee as it was before the call: what put_back restores. */
struct Borrowed {
  user_regs_struct regs;
  std::vector<uint8_t> code;
  uint64_t sigmask;
};

void put_back(pid_t pid, const Borrowed& b) {
  set_regs(pid, b.regs);
  write_memory(pid, b.regs.rip, b.code);
  set_sigmask(pid, b.sigmask);
}

bool is_fork_event(int status) {
  int event = status >> 16;
  return WIFSTOPPED(status) && WSTOPSIG(status) == SIGTRAP &&
         (event == PTRACE_EVENT_FORK || event == PTRACE_EVENT_VFORK || event == PTRACE_EVENT_CLONE);
}

/** Takes over a child the injected call forked: waits for its first stop and restores it. */
void settle_child(pid_t child, const Borrowed& b) {
  int status = wait_for(child);
  if (!WIFSTOPPED(status)) throw SysError{ECHILD, "clone", "the forked copy of the process died at once"};
  TracerThread::get().adopt(child);
  put_back(child, b);
}

}  // namespace

uint64_t get_sigmask(pid_t pid) {
  uint64_t mask = 0;
  if (ptrace(PTRACE_GETSIGMASK, pid, sizeof mask, &mask) < 0) throw_errno("ptrace", "cannot read the signal mask");
  return mask;
}

void set_sigmask(pid_t pid, uint64_t mask) {
  if (ptrace(PTRACE_SETSIGMASK, pid, sizeof mask, &mask) < 0) throw_errno("ptrace", "cannot write the signal mask");
}

InjectResult inject_syscall(pid_t pid, long nr, const uint64_t args[6]) {
  Borrowed b;
  b.regs = get_regs(pid);
  b.code = read_memory(pid, b.regs.rip, 2);
  b.sigmask = get_sigmask(pid);
  if (b.code.size() != 2) throw SysError{EFAULT, "ptrace", "no room for a system call at the program counter"};
  InjectResult out;
  try {
    set_sigmask(pid, ~0ull);
    write_memory(pid, b.regs.rip, {0x0f, 0x05});
    user_regs_struct r = b.regs;
    r.rax = static_cast<uint64_t>(nr);
    r.orig_rax = ~0ull;  // not inside a system call: nothing for the kernel to restart
    r.rdi = args[0];
    r.rsi = args[1];
    r.rdx = args[2];
    r.r10 = args[3];
    r.r8 = args[4];
    r.r9 = args[5];
    set_regs(pid, r);
    for (;;) {
      if (ptrace(PTRACE_SINGLESTEP, pid, nullptr, nullptr) < 0) throw_errno("ptrace", "cannot run an injected system call");
      int status = wait_for(pid);
      if (WIFEXITED(status) || WIFSIGNALED(status)) {
        // Its end stays collected for whoever waits on it next.
        TracerThread::get().deliver(pid, status);
        throw SysError{ESRCH, "ptrace", "process " + std::to_string(pid) + " ended during an injected system call"};
      }
      if (is_fork_event(status)) {
        unsigned long msg = 0;
        if (ptrace(PTRACE_GETEVENTMSG, pid, nullptr, &msg) < 0) throw_errno("ptrace", "cannot read the forked pid");
        out.child = static_cast<pid_t>(msg);
        continue;
      }
      if (WIFSTOPPED(status) && WSTOPSIG(status) == SIGTRAP) break;
      // Any other stop (SIGKILL aside, every signal is blocked): keep stepping.
    }
    out.ret = static_cast<int64_t>(get_regs(pid).rax);
    put_back(pid, b);
  } catch (...) {
    try {
      put_back(pid, b);
    } catch (...) {
    }
    if (out.child > 0) kill_tracee(out.child);
    throw;
  }
  if (out.child > 0) {
    try {
      settle_child(out.child, b);
    } catch (...) {
      kill_tracee(out.child);
      throw;
    }
  }
  return out;
}

pid_t fork_tracee(pid_t pid) {
  // CLONE_PARENT: the copy is our child, not the program's, so the program's wait() never
  // sees it; the exit signal SIGCHLD makes the kernel report it as a fork event.
  const uint64_t args[6] = {CLONE_PARENT | SIGCHLD, 0, 0, 0, 0, 0};
  InjectResult r = inject_syscall(pid, SYS_clone, args);
  if (r.ret < 0) {
    throw SysError{static_cast<int>(-r.ret), "clone", "cannot fork process " + std::to_string(pid)};
  }
  if (r.child <= 0) throw SysError{ECHILD, "clone", "the forked copy of process " + std::to_string(pid) + " was not reported"};
  return r.child;
}

}  // namespace rdb
