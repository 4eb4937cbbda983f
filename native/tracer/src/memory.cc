// Tracee memory: process_vm_readv/writev in one call, /proc/PID/mem for what they cannot reach
// (unreadable guard pages, and read-only text where breakpoints go).
#include <errno.h>
#include <fcntl.h>
#include <sys/uio.h>
#include <unistd.h>

#include <map>

#include "ptrace_ops.h"

namespace rdb {

namespace {

/** Cached /proc/PID/mem descriptors; tracer thread only. Dropped on exec (new mm) and exit. */
std::map<pid_t, int>& mem_fds() {
  static auto* fds = new std::map<pid_t, int>();
  return *fds;
}

int mem_fd(pid_t pid) {
  auto it = mem_fds().find(pid);
  if (it != mem_fds().end()) return it->second;
  static bool hooked = false;
  if (!hooked) {
    hooked = true;
    TracerThread::get().on_reap(forget_memory);
  }
  std::string path = "/proc/" + std::to_string(pid) + "/mem";
  int fd = open(path.c_str(), O_RDWR | O_CLOEXEC);
  if (fd < 0) throw_errno("open", "cannot open " + path);
  mem_fds()[pid] = fd;
  return fd;
}

std::string hex(uint64_t v) {
  char buf[24];
  snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(v));
  return buf;
}

}  // namespace

void forget_memory(pid_t pid) {
  auto it = mem_fds().find(pid);
  if (it == mem_fds().end()) return;
  close(it->second);
  mem_fds().erase(it);
}

size_t read_memory_into(pid_t pid, uint64_t addr, uint8_t* out, size_t len) {
  if (len == 0) return 0;
  iovec local{out, len};
  iovec remote{reinterpret_cast<void*>(addr), len};
  ssize_t n = process_vm_readv(pid, &local, 1, &remote, 1, 0);
  size_t done = n > 0 ? static_cast<size_t>(n) : 0;
  int vm_err = n < 0 ? errno : 0;
  if (done < len) {
    int fd = mem_fd(pid);
    errno = 0;
    while (done < len) {
      ssize_t m = pread(fd, out + done, len - done, static_cast<off_t>(addr + done));
      if (m < 0 && errno == EINTR) continue;
      if (m <= 0) break;
      done += static_cast<size_t>(m);
    }
    if (done == 0) {
      if (vm_err == ESRCH) errno = ESRCH;
      else if (errno == 0) errno = EIO;
      throw_errno("process_vm_readv", "cannot read memory at " + hex(addr));
    }
  }
  return done;
}

std::vector<uint8_t> read_memory(pid_t pid, uint64_t addr, size_t len) {
  std::vector<uint8_t> buf(len);
  buf.resize(read_memory_into(pid, addr, buf.data(), len));
  return buf;
}

void write_memory(pid_t pid, uint64_t addr, const std::vector<uint8_t>& data) {
  size_t len = data.size();
  if (len == 0) return;
  iovec local{const_cast<uint8_t*>(data.data()), len};
  iovec remote{reinterpret_cast<void*>(addr), len};
  ssize_t n = process_vm_writev(pid, &local, 1, &remote, 1, 0);
  size_t done = n > 0 ? static_cast<size_t>(n) : 0;
  if (n < 0 && errno == ESRCH) throw_errno("process_vm_writev", "cannot write memory at " + hex(addr));
  if (done == len) return;
  int fd = mem_fd(pid);
  while (done < len) {
    ssize_t m = pwrite(fd, data.data() + done, len - done, static_cast<off_t>(addr + done));
    if (m < 0 && errno == EINTR) continue;
    if (m <= 0) {
      if (m == 0) errno = EIO;
      throw_errno("pwrite", "cannot write memory at " + hex(addr + done));
    }
    done += static_cast<size_t>(m);
  }
}

}  // namespace rdb
