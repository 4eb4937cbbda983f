// Counting executions of one code address with a hardware-breakpoint perf event
// (PERF_TYPE_BREAKPOINT, HW_BREAKPOINT_X): the debug registers count without a ptrace stop per
// execution, and with a sample period the kernel signals the tracee at exactly the N-th one (it
// stops there before executing it, reported to us as that signal). No PMU is needed. These are
// not ptrace calls, so they run on the calling thread.
#include <errno.h>
#include <fcntl.h>
#include <linux/hw_breakpoint.h>
#include <linux/perf_event.h>
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "ptrace_ops.h"

namespace rdb {

int perf_exec_counter(pid_t pid, uint64_t addr, uint64_t period, int signal) {
  perf_event_attr a;
  memset(&a, 0, sizeof a);
  a.type = PERF_TYPE_BREAKPOINT;
  a.size = sizeof a;
  a.bp_type = HW_BREAKPOINT_X;
  a.bp_addr = addr;
  a.bp_len = sizeof(long);
  a.exclude_kernel = 1;
  a.exclude_hv = 1;
  if (period > 0) {
    a.sample_period = period;
    a.wakeup_events = 1;
  }
  int fd = static_cast<int>(syscall(SYS_perf_event_open, &a, pid, -1, -1, PERF_FLAG_FD_CLOEXEC));
  if (fd < 0) throw_errno("perf_event_open", "cannot count executions of an address in process " + std::to_string(pid));
  if (period > 0) {
    f_owner_ex owner = {F_OWNER_TID, pid};
    if (fcntl(fd, F_SETOWN_EX, &owner) < 0 || fcntl(fd, F_SETFL, O_ASYNC) < 0 || fcntl(fd, F_SETSIG, signal) < 0) {
      int e = errno;
      close(fd);
      errno = e;
      throw_errno("fcntl", "cannot direct a perf event's signal to process " + std::to_string(pid));
    }
  }
  return fd;
}

uint64_t perf_read(int fd) {
  uint64_t count = 0;
  if (read(fd, &count, sizeof count) != static_cast<ssize_t>(sizeof count)) throw_errno("read", "cannot read a perf counter");
  return count;
}

void perf_close(int fd) {
  // Stopped first, so that no signal of its comes after this.
  ioctl(fd, PERF_EVENT_IOC_DISABLE, 0);
  close(fd);
}

}  // namespace rdb
