// The tracer thread's loop: runs queued jobs, waits for tracee state changes, and wakes on new jobs.
//
// Waiting: while some tracee is running the thread blocks in waitpid(-1, __WALL | __WNOTHREAD).
// __WNOTHREAD limits it to this thread's own children and tracees, so it never reaps a child that
// libuv spawned from the main thread. A new job interrupts that waitpid with a private real-time
// signal (no SA_RESTART). The signal is blocked on this thread except around that waitpid; the
// short window between unblocking and entering waitpid is closed by the poster, which re-sends
// the signal until the thread reports the job taken.
#include "tracer_thread.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>

#include <atomic>
#include <chrono>

namespace rdb {

namespace {

std::atomic<bool> g_woken{false};

int wake_signal() { return SIGRTMAX - 4; }

void on_wake_signal(int) { g_woken.store(true); }

}  // namespace

void throw_errno(const char* syscall, const std::string& what) {
  int err = errno;
  throw SysError{err, syscall, what + ": " + strerror(err)};
}

TracerThread& TracerThread::get() {
  // Leaked on purpose: the thread must outlive static destructors at exit.
  static TracerThread* instance = new TracerThread();
  return *instance;
}

TracerThread::TracerThread() {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_wake_signal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = 0;  // no SA_RESTART: the signal must interrupt waitpid
  sigaction(wake_signal(), &sa, nullptr);
  // The new thread inherits this mask: block the wake signal around its creation.
  sigset_t set, old;
  sigemptyset(&set);
  sigaddset(&set, wake_signal());
  pthread_sigmask(SIG_BLOCK, &set, &old);
  thread_ = std::thread([this] { loop(); });
  pthread_sigmask(SIG_SETMASK, &old, nullptr);
  tid_ = thread_.native_handle();
  thread_.detach();
}

void TracerThread::post(std::function<void()> job) {
  std::unique_lock<std::mutex> lock(mu_);
  jobs_.push_back(std::move(job));
  uint64_t mine = ++posted_;
  jobs_cv_.notify_one();
  while (taken_ < mine && mode_ == Mode::waiting_children) {
    pthread_kill(tid_, wake_signal());
    taken_cv_.wait_for(lock, std::chrono::milliseconds(1));
  }
}

void TracerThread::loop() {
  for (;;) {
    std::deque<std::function<void()>> batch;
    {
      std::unique_lock<std::mutex> lock(mu_);
      bool children = !stop_waiters_.empty() || !reap_waiters_.empty() || any_waiter_ != nullptr;
      if (jobs_.empty() && !children) {
        // Another command usually follows at once: spin a little before sleeping.
        lock.unlock();
        spin_until([this] { return posted_.load(std::memory_order_acquire) != taken_; });
        lock.lock();
        mode_ = Mode::idle;
        jobs_cv_.wait(lock, [this] { return !jobs_.empty(); });
      }
      if (jobs_.empty()) {
        mode_ = Mode::waiting_children;
      } else {
        mode_ = Mode::busy;
        batch.swap(jobs_);
        taken_ = posted_;
        taken_cv_.notify_all();
      }
    }
    if (batch.empty()) {
      wait_children();
      continue;
    }
    for (auto& job : batch) job();
  }
}

void TracerThread::wait_children() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, wake_signal());
  g_woken.store(false);
  pthread_sigmask(SIG_UNBLOCK, &set, nullptr);
  int status = 0;
  pid_t pid = -1;
  int err = EINTR;
  // A tracee often stops again within microseconds (breakpoints in a loop, single-steps).
  spin_until([&] {
    if (g_woken.load()) return true;
    pid = waitpid(-1, &status, __WALL | __WNOTHREAD | WNOHANG);
    err = pid < 0 ? errno : 0;
    return pid != 0;
  }, std::chrono::microseconds(50));
  if (pid == 0 && !g_woken.load()) {
    pid = waitpid(-1, &status, __WALL | __WNOTHREAD);
    err = pid < 0 ? errno : 0;
  } else if (pid == 0) {
    pid = -1;
    err = EINTR;
  }
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  {
    std::lock_guard<std::mutex> lock(mu_);
    mode_ = Mode::busy;
  }
  if (pid > 0) {
    dispatch(pid, status);
  } else if (err == ECHILD) {
    fail_waiters(ECHILD);
  }
}

bool TracerThread::take_stop(pid_t pid, int* status) {
  auto it = collected_.find(pid);
  if (it == collected_.end() || it->second.empty()) return false;
  *status = it->second.front();
  it->second.pop_front();
  if (it->second.empty()) collected_.erase(it);
  return true;
}

void TracerThread::forget(pid_t pid) {
  known_.erase(pid);
  collected_.erase(pid);
}

void TracerThread::adopt(pid_t pid) {
  known_.insert(pid);
  dead_.erase(pid);
  collected_.erase(pid);
}

void TracerThread::dispatch(pid_t pid, int status) {
  bool gone = WIFEXITED(status) || WIFSIGNALED(status);
  if (!gone) known_.insert(pid);
  auto waiter = stop_waiters_.find(pid);
  if (waiter != stop_waiters_.end()) {
    StatusCallback cb = std::move(waiter->second);
    stop_waiters_.erase(waiter);
    cb(status, 0);
  } else if (any_waiter_ && any_pids_.count(pid)) {
    auto cb = std::move(any_waiter_);
    any_waiter_ = nullptr;
    any_pids_.clear();
    cb(pid, status, 0);
  } else if (gone) {
    collected_[pid] = std::deque<int>{status};
  } else {
    collected_[pid].push_back(status);
  }
  if (!gone) return;
  known_.erase(pid);
  dead_.insert(pid);
  for (auto& hook : reap_hooks_) hook(pid);
  auto reapers = reap_waiters_.find(pid);
  if (reapers != reap_waiters_.end()) {
    std::vector<StatusCallback> cbs = std::move(reapers->second);
    reap_waiters_.erase(reapers);
    for (auto& cb : cbs) cb(status, 0);
  }
}

void TracerThread::fail_waiters(int err) {
  auto stops = std::move(stop_waiters_);
  auto reaps = std::move(reap_waiters_);
  auto any = std::move(any_waiter_);
  stop_waiters_.clear();
  reap_waiters_.clear();
  any_waiter_ = nullptr;
  any_pids_.clear();
  for (auto& [pid, cb] : stops) cb(0, err);
  if (any) any(0, 0, err);
  for (auto& [pid, cbs] : reaps)
    for (auto& cb : cbs) cb(0, err);
}

void TracerThread::await_status(pid_t pid, StatusCallback cb) {
  auto it = collected_.find(pid);
  if (it != collected_.end() && !it->second.empty()) {
    int status = it->second.front();
    it->second.pop_front();
    if (it->second.empty()) collected_.erase(it);
    cb(status, 0);
    return;
  }
  if (dead_.count(pid) || !known_.count(pid)) {
    cb(0, ECHILD);
    return;
  }
  stop_waiters_[pid] = std::move(cb);
}

void TracerThread::await_any(std::vector<pid_t> pids, std::function<void(pid_t, int, int)> cb) {
  bool alive = false;
  for (pid_t pid : pids) {
    auto it = collected_.find(pid);
    if (it != collected_.end() && !it->second.empty()) {
      int status = it->second.front();
      it->second.pop_front();
      if (it->second.empty()) collected_.erase(it);
      cb(pid, status, 0);
      return;
    }
    if (known_.count(pid) && !dead_.count(pid)) alive = true;
  }
  if (!alive) {
    cb(0, 0, ECHILD);
    return;
  }
  any_pids_ = std::set<pid_t>(pids.begin(), pids.end());
  any_waiter_ = std::move(cb);
}

void TracerThread::await_reap(pid_t pid, StatusCallback cb) {
  if (dead_.count(pid)) {
    auto it = collected_.find(pid);
    int status = (it != collected_.end() && !it->second.empty()) ? it->second.back() : 0;
    cb(status, 0);
    return;
  }
  if (!known_.count(pid)) {
    cb(0, ECHILD);
    return;
  }
  reap_waiters_[pid].push_back(std::move(cb));
}

bool TracerThread::take_final_status(pid_t pid, int* status) {
  auto it = collected_.find(pid);
  if (it == collected_.end()) return false;
  for (int s : it->second) {
    if (WIFEXITED(s) || WIFSIGNALED(s)) {
      *status = s;
      collected_.erase(it);
      return true;
    }
  }
  collected_.erase(it);
  return false;
}

}  // namespace rdb
