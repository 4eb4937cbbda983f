// The one long-lived thread that makes every ptrace and waitpid call, and its command queue.
#pragma once

#include <sys/types.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace rdb {

/** A failed system call: errno, the call's name and a message for a person. */
struct SysError {
  int err;
  std::string syscall;
  std::string message;
};

/** Throws SysError for the current errno. */
[[noreturn]] void throw_errno(const char* syscall, const std::string& what);

/** Called on the tracer thread with a wait status, or with err != 0 if none will come. */
using StatusCallback = std::function<void(int status, int err)>;

/** Busy-waits (briefly) for `cond`: on a VM a cross-thread futex wake-up costs tens of
 * microseconds, more than most ptrace calls take. */
template <class C>
bool spin_until(C cond, std::chrono::microseconds limit = std::chrono::microseconds(200)) {
  auto end = std::chrono::steady_clock::now() + limit;
  for (unsigned i = 0;; i++) {
    if (cond()) return true;
    __builtin_ia32_pause();
    if ((i & 63) == 63 && std::chrono::steady_clock::now() > end) return false;
  }
}

class TracerThread {
 public:
  /** The process-wide tracer thread, started on first use. It never exits: with
   * PTRACE_O_EXITKILL its tracees die exactly when the whole process does. */
  static TracerThread& get();

  /** Runs `fn` on the tracer thread and waits for its result; SysError propagates. */
  template <class F>
  auto call(F fn) -> decltype(fn()) {
    using R = decltype(fn());
    auto done = std::make_shared<std::promise<R>>();
    auto ready = std::make_shared<std::atomic<bool>>(false);
    auto fut = done->get_future();
    post([fn, done, ready]() mutable {
      try {
        if constexpr (std::is_void_v<R>) {
          fn();
          done->set_value();
        } else {
          done->set_value(fn());
        }
      } catch (...) {
        done->set_exception(std::current_exception());
      }
      ready->store(true, std::memory_order_release);
    });
    spin_until([&] { return ready->load(std::memory_order_acquire); });
    return fut.get();
  }

  /** Queues `job` for the tracer thread and returns once the thread has taken it. */
  void post(std::function<void()> job);

  // The rest is for jobs running on the tracer thread.

  /** Records a new tracee of ours (forked here or auto-attached). */
  void adopt(pid_t pid);
  bool knows(pid_t pid) const { return known_.count(pid) != 0; }
  bool is_dead(pid_t pid) const { return dead_.count(pid) != 0; }
  bool is_waited(pid_t pid) const { return stop_waiters_.count(pid) != 0; }
  /** Delivers the next wait status of `pid` (one already collected, or the next one). */
  void await_status(pid_t pid, StatusCallback cb);
  /** Delivers the next wait status of whichever of `pids` (the threads of one process) reports
   * first, with its pid; one such wait at a time. */
  void await_any(std::vector<pid_t> pids, std::function<void(pid_t pid, int status, int err)> cb);
  /** Delivers `pid`'s final (exit or kill) status once it is reaped. */
  void await_reap(pid_t pid, StatusCallback cb);
  /** Takes a collected, undelivered final status of `pid`; drops stale stops. */
  bool take_final_status(pid_t pid, int* status);
  /** Takes `pid`'s first collected stop, if one was collected. */
  bool take_stop(pid_t pid, int* status);
  /** Hands a status collected outside the loop (by a job's own waitpid) to its waiters. */
  void deliver(pid_t pid, int status) { dispatch(pid, status); }
  /** Forgets a tracee we detached from. */
  void forget(pid_t pid);
  /** Called whenever a tracee is reaped (to drop per-process caches). */
  void on_reap(std::function<void(pid_t)> hook) { reap_hooks_.push_back(std::move(hook)); }

 private:
  TracerThread();
  void loop();
  void wait_children();
  void dispatch(pid_t pid, int status);
  void fail_waiters(int err);

  enum class Mode { busy, idle, waiting_children };
  std::thread thread_;
  pthread_t tid_{};
  std::mutex mu_;
  std::condition_variable jobs_cv_;
  std::condition_variable taken_cv_;
  std::deque<std::function<void()>> jobs_;
  std::atomic<uint64_t> posted_{0};
  uint64_t taken_ = 0;
  Mode mode_ = Mode::busy;

  // Tracer-thread-only state.
  std::set<pid_t> known_;
  std::set<pid_t> dead_;
  std::map<pid_t, std::deque<int>> collected_;
  std::map<pid_t, StatusCallback> stop_waiters_;
  std::set<pid_t> any_pids_;
  std::function<void(pid_t, int, int)> any_waiter_;
  std::map<pid_t, std::vector<StatusCallback>> reap_waiters_;
  std::vector<std::function<void(pid_t)>> reap_hooks_;
};

}  // namespace rdb
