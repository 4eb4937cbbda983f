// Operations on one tracee; each runs on the tracer thread and throws SysError on failure.
#pragma once

#include <sys/types.h>
#include <sys/user.h>

#include <cstdint>
#include <string>
#include <vector>

#include "tracer_thread.h"

namespace rdb {

struct SpawnRequest {
  std::string file;
  std::vector<std::string> argv;
  std::vector<std::string> env;
  std::string cwd;  // empty: inherit
  bool disable_aslr = false;
  int stdio[3] = {0, 1, 2};
  /** `file` is a shell that execs the program: run it to that second exec (gdb's
   * startup-with-shell); the pid is then stopped after the program's exec. */
  bool through_shell = false;
  /** The pid the program must have (a restored image's), by clone3's set_tid; 0: any. */
  pid_t pid = 0;
};

/** fork + PTRACE_TRACEME + execve; returns the pid stopped after exec, options set. */
pid_t spawn_tracee(const SpawnRequest& req);

struct SigInfoData {
  int signo = 0, err = 0, code = 0, pid = 0;
  uint64_t addr = 0;
  /** The whole siginfo_t as the kernel gave it (gdb's $_siginfo). */
  std::vector<uint8_t> raw;
};

/** PTRACE_GET_SYSCALL_INFO at a syscall stop. */
struct SyscallInfoData {
  int op = 0;  // 0 none, 1 entry, 2 exit, 3 seccomp
  uint64_t nr = 0;
  uint64_t args[6] = {0, 0, 0, 0, 0, 0};
  int64_t rval = 0;
  bool is_error = false;
};

/** What a wait status means, decoded (with siginfo or event message fetched). */
struct StopEventData {
  enum Kind { signal, syscall, ptrace_event, exited, killed } kind = signal;
  pid_t pid = 0;
  int signo = 0;        // signal: the signal; killed: the killing signal
  int status = 0;       // exited: exit code
  bool core = false;    // killed: a core was dumped
  SigInfoData siginfo;  // signal
  SyscallInfoData syscall_info;  // syscall
  std::string event;    // event: 'exec' | 'fork' | ...
  uint64_t msg = 0;     // event: PTRACE_GETEVENTMSG
};

/** Decodes a waitpid status of `pid` (fetching siginfo/event message from the stopped tracee). */
StopEventData decode_status(pid_t pid, int status);

/** Issues the ptrace request that resumes `pid` in `mode` ('cont', 'step', ...). */
void resume_request(pid_t pid, const std::string& mode, int signo);

/** SIGKILL. */
void kill_tracee(pid_t pid);

user_regs_struct get_regs(pid_t pid);
void set_regs(pid_t pid, const user_regs_struct& regs);
std::vector<uint8_t> get_xstate(pid_t pid);
void set_xstate(pid_t pid, std::vector<uint8_t> data);
uint64_t get_debug_reg(pid_t pid, int index);
void set_debug_reg(pid_t pid, int index, uint64_t value);
/** The blocked-signal mask of a stopped tracee (PTRACE_GETSIGMASK / PTRACE_SETSIGMASK). */
uint64_t get_sigmask(pid_t pid);
void set_sigmask(pid_t pid, uint64_t mask);
SigInfoData get_siginfo(pid_t pid);

/** What an injected system call returned, and the pid of a child it forked (0 if none). */
struct InjectResult {
  int64_t ret = 0;
  pid_t child = 0;
};

/** Runs system call `nr` with `args` in the stopped tracee and restores it exactly (registers,
 * the code bytes at its pc, its signal mask). A forked child is adopted, stopped, and restored
 * to the same state. */
InjectResult inject_syscall(pid_t pid, long nr, const uint64_t args[6]);

/** Forks the stopped tracee by an injected clone(CLONE_PARENT): the copy is ours, traced and
 * stopped, in exactly the tracee's state. Returns its pid. */
pid_t fork_tracee(pid_t pid);

std::vector<uint8_t> read_memory(pid_t pid, uint64_t addr, size_t len);
/** Reads up to `len` bytes into `out` (fewer only where memory ends); throws if none. */
size_t read_memory_into(pid_t pid, uint64_t addr, uint8_t* out, size_t len);
void write_memory(pid_t pid, uint64_t addr, const std::vector<uint8_t>& data);
/** Forgets cached /proc/pid/mem descriptors of `pid` (after exec or exit). */
void forget_memory(pid_t pid);

/** A perf event counting `pid`'s executions of `addr` (perf.cc); with `period`, the tracee is
 * sent `signal` at the period-th one. Returns its descriptor. Not a ptrace call. */
int perf_exec_counter(pid_t pid, uint64_t addr, uint64_t period, int signal);
uint64_t perf_read(int fd);
void perf_close(int fd);

}  // namespace rdb
