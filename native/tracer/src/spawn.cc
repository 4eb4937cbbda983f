// Starting a tracee: fork on the tracer thread, PTRACE_TRACEME and execve in the child (of the
// program, or of a shell that execs it, as gdb starts programs).
// Between fork and execve the child makes only async-signal-safe calls; an exec failure's
// errno comes back through a close-on-exec pipe, so a successful exec closes it unread.
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/personality.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ptrace_ops.h"

namespace rdb {

namespace {

/** What the child reports when it fails before or at execve. */
struct ChildFailure {
  int stage;  // 0 chdir, 1 dup2, 2 ptrace, 3 execve
  int err;
};

const char* const kStageCalls[] = {"chdir", "dup2", "ptrace", "execve"};

[[noreturn]] void child_fail(int fd, int stage) {
  ChildFailure f{stage, errno};
  ssize_t ignored = write(fd, &f, sizeof f);
  (void)ignored;
  _exit(127);
}

[[noreturn]] void run_child(const SpawnRequest& req, char* const* argv, char* const* envp, int report) {
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  // The debugger's dispositions (node ignores SIGPIPE) must not leak into the program.
  for (int sig = 1; sig < NSIG; sig++) {
    if (sig == SIGKILL || sig == SIGSTOP) continue;
    signal(sig, SIG_DFL);
  }
  if (req.disable_aslr) {
    int cur = personality(0xffffffff);
    if (cur != -1) personality(static_cast<unsigned long>(cur) | ADDR_NO_RANDOMIZE);
  }
  if (!req.cwd.empty() && chdir(req.cwd.c_str()) < 0) child_fail(report, 0);
  // Move sources out of 0..2 first so that permutations such as [1, 0, 2] work.
  int moved[3];
  for (int i = 0; i < 3; i++) {
    moved[i] = req.stdio[i];
    if (req.stdio[i] != i) {
      moved[i] = fcntl(req.stdio[i], F_DUPFD_CLOEXEC, 3);
      if (moved[i] < 0) child_fail(report, 1);
    }
  }
  for (int i = 0; i < 3; i++) {
    if (moved[i] != i) {
      if (dup2(moved[i], i) < 0) child_fail(report, 1);
    } else {
      fcntl(i, F_SETFD, 0);  // our own 0..2 may be close-on-exec
    }
  }
  if (ptrace(PTRACE_TRACEME, 0, nullptr, nullptr) < 0) child_fail(report, 2);
  execve(req.file.c_str(), argv, envp);
  child_fail(report, 3);
}

std::vector<char*> c_strings(const std::vector<std::string>& v) {
  std::vector<char*> out;
  for (const auto& s : v) out.push_back(const_cast<char*>(s.c_str()));
  out.push_back(nullptr);
  return out;
}

/** Reaps a child that failed before exec; it exits at once. */
void reap(pid_t pid) {
  int status;
  while (waitpid(pid, &status, __WALL) < 0 && errno == EINTR) {
  }
}

/** Thrown when the shell ends before it execs the program (gdb: "During startup program
 * exited ..."); the message names how it ended. */
[[noreturn]] void shell_ended(int status) {
  std::string how = WIFEXITED(status) ? "exited with code " + std::to_string(WEXITSTATUS(status))
                                      : "terminated with signal " + std::to_string(WTERMSIG(status));
  throw SysError{ECHILD, "execve", "During startup program " + how + "."};
}

/** Runs the shell (stopped after its own exec) until it execs the program; signals it gets on
 * the way are delivered to it. */
void run_shell_to_exec(pid_t pid) {
  int deliver = 0;
  for (;;) {
    if (ptrace(PTRACE_CONT, pid, nullptr, reinterpret_cast<void*>(static_cast<long>(deliver))) < 0) {
      int err = errno;
      kill(pid, SIGKILL);
      reap(pid);
      errno = err;
      throw_errno("ptrace", "cannot run the shell that starts the program");
    }
    int status = 0;
    while (waitpid(pid, &status, __WALL) < 0) {
      if (errno != EINTR) throw_errno("waitpid", "cannot wait for the shell that starts the program");
    }
    if (WIFEXITED(status) || WIFSIGNALED(status)) shell_ended(status);
    if (!WIFSTOPPED(status)) continue;
    if (status >> 8 == (SIGTRAP | (PTRACE_EVENT_EXEC << 8))) break;
    deliver = WSTOPSIG(status) == SIGTRAP || (status >> 16) != 0 ? 0 : WSTOPSIG(status);
  }
  // The exec event stops it inside execve; a single-step leaves the call and traps on the way
  // out, before the program's first instruction, as a direct start's post-exec SIGTRAP does (an
  // injected system call needs a stop outside a system call).
  if (ptrace(PTRACE_SINGLESTEP, pid, nullptr, nullptr) < 0) throw_errno("ptrace", "cannot leave execve");
  int status = 0;
  while (waitpid(pid, &status, __WALL) < 0) {
    if (errno != EINTR) throw_errno("waitpid", "cannot wait for the program's start");
  }
  if (WIFEXITED(status) || WIFSIGNALED(status)) shell_ended(status);
  if (!WIFSTOPPED(status) || WSTOPSIG(status) != SIGTRAP) {
    kill(pid, SIGKILL);
    reap(pid);
    throw SysError{ECHILD, "execve", "the program did not stop after exec (wait status " + std::to_string(status) + ")"};
  }
}

/** fork() with the child's pid chosen (clone3 with set_tid; root only): -1 and errno EEXIST
 * when that pid is taken. The child makes only raw calls before execve, so glibc's fork
 * bookkeeping is not needed. */
pid_t fork_with_pid(pid_t want) {
  struct {
    uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls, set_tid, set_tid_size, cgroup;
  } args{};
  pid_t tid = want;
  args.exit_signal = SIGCHLD;
  args.set_tid = reinterpret_cast<uint64_t>(&tid);
  args.set_tid_size = 1;
  return static_cast<pid_t>(syscall(SYS_clone3, &args, sizeof args));
}

}  // namespace

pid_t spawn_tracee(const SpawnRequest& req) {
  std::vector<char*> argv = c_strings(req.argv);
  std::vector<char*> envp = c_strings(req.env);
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) < 0) throw_errno("pipe2", "cannot create a pipe");
  pid_t pid = req.pid > 0 ? fork_with_pid(req.pid) : fork();
  if (pid < 0) {
    int err = errno;
    close(fds[0]);
    close(fds[1]);
    errno = err;
    throw_errno("fork", "cannot fork");
  }
  if (pid == 0) {
    close(fds[0]);
    run_child(req, argv.data(), envp.data(), fds[1]);
  }
  close(fds[1]);
  ChildFailure failure{};
  ssize_t got;
  do {
    got = read(fds[0], &failure, sizeof failure);
  } while (got < 0 && errno == EINTR);
  close(fds[0]);
  if (got == static_cast<ssize_t>(sizeof failure)) {
    reap(pid);
    errno = failure.err;
    const char* call = kStageCalls[failure.stage < 0 || failure.stage > 3 ? 3 : failure.stage];
    std::string what = failure.stage == 0 ? "cannot change to directory '" + req.cwd + "'"
                                          : "cannot execute '" + req.file + "'";
    throw_errno(call, what);
  }
  int status = 0;
  if (waitpid(pid, &status, __WALL) < 0) throw_errno("waitpid", "cannot wait for the new process");
  if (!WIFSTOPPED(status) || WSTOPSIG(status) != SIGTRAP) {
    if (WIFSTOPPED(status)) kill(pid, SIGKILL), reap(pid);
    throw SysError{ECHILD, "execve", "'" + req.file + "' did not stop after exec (wait status " +
                                         std::to_string(status) + ")"};
  }
  if (req.through_shell) {
    if (ptrace(PTRACE_SETOPTIONS, pid, nullptr, reinterpret_cast<void*>(PTRACE_O_EXITKILL | PTRACE_O_TRACEEXEC)) < 0) {
      int err = errno;
      kill(pid, SIGKILL);
      reap(pid);
      errno = err;
      throw_errno("ptrace", "cannot set ptrace options");
    }
    run_shell_to_exec(pid);
  }
  // Forks are traced only so that the child can be detached cleanly (breakpoints removed first);
  // clones (threads) so that every thread of the program is traced.
  long opts = PTRACE_O_EXITKILL | PTRACE_O_TRACESYSGOOD | PTRACE_O_TRACEEXEC | PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK | PTRACE_O_TRACEVFORKDONE |
              PTRACE_O_TRACECLONE;
  if (ptrace(PTRACE_SETOPTIONS, pid, nullptr, reinterpret_cast<void*>(opts)) < 0) {
    int err = errno;
    kill(pid, SIGKILL);
    reap(pid);
    errno = err;
    throw_errno("ptrace", "cannot set ptrace options");
  }
  TracerThread::get().adopt(pid);
  return pid;
}

}  // namespace rdb
