// Entry of the rdb_tracer addon: validates JS arguments, hands work to the tracer thread, and
// settles Promises through one ThreadSafeFunction per JS environment.
#include <napi.h>
#include <signal.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <functional>
#include <memory>

#include "js_values.h"
#include "ptrace_ops.h"
#include "tracer_thread.h"

namespace rdb {

namespace {

/** One pending asynchronous call: the Promise and, once done, how to settle it. */
struct Completion {
  Napi::Promise::Deferred deferred;
  std::function<Napi::Value(Napi::Env)> value;  // set on success
  SysError error{};
  bool failed = false;
};

struct AddonData;
void settle(Napi::Env env, Napi::Function, AddonData* data, Completion* c);
using Settler = Napi::TypedThreadSafeFunction<AddonData, Completion, settle>;

struct AddonData {
  Settler tsfn;
  /** Pending async calls; the TSFN keeps the event loop alive only while there are some. */
  int pending = 0;
};

void settle(Napi::Env env, Napi::Function, AddonData* data, Completion* c) {
  std::unique_ptr<Completion> owned(c);
  if (env == nullptr) return;  // the environment is shutting down
  Napi::HandleScope scope(env);
  if (--data->pending == 0) data->tsfn.Unref(env);
  if (c->failed) {
    c->deferred.Reject(make_error(env, c->error).Value());
  } else {
    try {
      c->deferred.Resolve(c->value(env));
    } catch (const Napi::Error& e) {
      c->deferred.Reject(e.Value());
    }
  }
}

/** Starts an async call on the JS thread; `work` runs on the tracer thread and must finish
 * the Completion exactly once through `done`. */
using Done = std::function<void(Completion*)>;

Napi::Value start_async(const Napi::CallbackInfo& info, std::function<void(Completion*, Done)> work) {
  Napi::Env env = info.Env();
  auto* data = env.GetInstanceData<AddonData>();
  auto* c = new Completion{Napi::Promise::Deferred::New(env), nullptr};
  Napi::Promise promise = c->deferred.Promise();
  if (data->pending++ == 0) data->tsfn.Ref(env);
  Settler tsfn = data->tsfn;
  Done done = [tsfn](Completion* finished) mutable {
    if (tsfn.BlockingCall(finished) != napi_ok) delete finished;
  };
  TracerThread::get().post([c, work, done] {
    try {
      work(c, done);
    } catch (const SysError& e) {
      c->failed = true;
      c->error = e;
      done(c);
    }
  });
  return promise;
}

void fail(Completion* c, const Done& done, SysError e) {
  c->failed = true;
  c->error = std::move(e);
  done(c);
}

/** Runs `fn` on the tracer thread, turning SysError into a thrown JS Error. */
template <class F>
auto sync(Napi::Env env, F fn) -> decltype(fn()) {
  try {
    return TracerThread::get().call(fn);
  } catch (const SysError& e) {
    throw make_error(env, e);
  }
}

Napi::Value Spawn(const Napi::CallbackInfo& info) {
  SpawnRequest req;
  req.file = arg_string(info, 0, "file");
  req.argv = arg_strings(info, 1, "argv");
  req.env = arg_strings(info, 2, "env");
  if (info[3].IsObject()) {
    Napi::Object opts = info[3].As<Napi::Object>();
    if (opts.Get("cwd").IsString()) req.cwd = opts.Get("cwd").As<Napi::String>().Utf8Value();
    req.disable_aslr = opts.Get("disableAslr").ToBoolean();
    req.through_shell = opts.Get("throughShell").ToBoolean();
    if (opts.Get("pid").IsNumber()) req.pid = opts.Get("pid").As<Napi::Number>().Int32Value();
    Napi::Value stdio = opts.Get("stdio");
    if (stdio.IsArray()) {
      Napi::Array a = stdio.As<Napi::Array>();
      if (a.Length() != 3) throw Napi::TypeError::New(info.Env(), "stdio must hold three file descriptors");
      for (uint32_t i = 0; i < 3; i++) {
        if (!a.Get(i).IsNumber()) throw Napi::TypeError::New(info.Env(), "stdio must hold three file descriptors");
        req.stdio[i] = a.Get(i).As<Napi::Number>().Int32Value();
      }
    }
  }
  return start_async(info, [req](Completion* c, Done done) {
    pid_t pid = spawn_tracee(req);
    c->value = [pid](Napi::Env env) -> Napi::Value { return Napi::Number::New(env, pid); };
    done(c);
  });
}

Napi::Value Resume(const Napi::CallbackInfo& info) {
  pid_t pid = arg_pid(info, 0);
  std::string mode = arg_string(info, 1, "mode");
  int signo = arg_int(info, 2, "signal");
  return start_async(info, [pid, mode, signo](Completion* c, Done done) {
    TracerThread& t = TracerThread::get();
    auto report = [pid, c, done](int status, int err) {
      if (err) return fail(c, done, SysError{err, "waitpid", "cannot wait for process " + std::to_string(pid)});
      StopEventData ev = decode_status(pid, status);
      c->value = [ev](Napi::Env env) -> Napi::Value { return stop_event_to_js(env, ev); };
      done(c);
    };
    if (t.is_waited(pid)) return fail(c, done, SysError{EBUSY, "ptrace", "process " + std::to_string(pid) + " is already running"});
    int status;
    if (t.take_final_status(pid, &status)) return report(status, 0);
    if (!t.knows(pid)) return fail(c, done, SysError{ESRCH, "ptrace", "process " + std::to_string(pid) + " is not traced by rdb"});
    try {
      resume_request(pid, mode, signo);
    } catch (const SysError& e) {
      // ESRCH: it died (killed from outside) while stopped; its final status will follow.
      if (e.err != ESRCH) throw;
    }
    t.await_status(pid, report);
  });
}

std::vector<pid_t> arg_pids(const Napi::CallbackInfo& info, size_t i, const char* name) {
  if (!info[i].IsArray()) throw Napi::TypeError::New(info.Env(), std::string(name) + " must be an array of thread ids");
  Napi::Array a = info[i].As<Napi::Array>();
  std::vector<pid_t> out;
  for (uint32_t k = 0; k < a.Length(); k++) {
    if (!a.Get(k).IsNumber()) throw Napi::TypeError::New(info.Env(), std::string(name) + " must be an array of thread ids");
    out.push_back(a.Get(k).As<Napi::Number>().Int32Value());
  }
  return out;
}

struct ThreadRun {
  pid_t tid;
  std::string mode;
  int signo;
};

// Resumes several threads of one process, each its own way, then waits for whichever of
// `waitFor` reports first (all-stop: the caller then stops the others); with none to wait for,
// resolves at once.
Napi::Value ResumeThreads(const Napi::CallbackInfo& info) {
  if (!info[0].IsArray()) throw Napi::TypeError::New(info.Env(), "runs must be an array of [tid, mode, signal]");
  Napi::Array a = info[0].As<Napi::Array>();
  std::vector<ThreadRun> runs;
  for (uint32_t k = 0; k < a.Length(); k++) {
    Napi::Value v = a.Get(k);
    if (!v.IsArray() || v.As<Napi::Array>().Length() != 3) throw Napi::TypeError::New(info.Env(), "runs must be an array of [tid, mode, signal]");
    Napi::Array r = v.As<Napi::Array>();
    runs.push_back({r.Get(0u).ToNumber().Int32Value(), r.Get(1u).ToString().Utf8Value(), r.Get(2u).ToNumber().Int32Value()});
  }
  std::vector<pid_t> wait_for = arg_pids(info, 1, "waitFor");
  return start_async(info, [runs, wait_for](Completion* c, Done done) {
    TracerThread& t = TracerThread::get();
    for (const ThreadRun& r : runs) {
      try {
        resume_request(r.tid, r.mode, r.signo);
      } catch (const SysError& e) {
        if (e.err != ESRCH) throw;  // gone while stopped: its exit status follows
      }
    }
    if (wait_for.empty()) {
      c->value = [](Napi::Env env) -> Napi::Value { return env.Undefined(); };
      return done(c);
    }
    t.await_any(wait_for, [c, done](pid_t pid, int status, int err) {
      if (err) return fail(c, done, SysError{err, "waitpid", "cannot wait for the program's threads"});
      StopEventData ev = decode_status(pid, status);
      c->value = [ev](Napi::Env env) -> Napi::Value { return stop_event_to_js(env, ev); };
      done(c);
    });
  });
}

// Stops running threads of process `pid` (tgkill SIGSTOP) and reports each one's next stop,
// which is that SIGSTOP or something that came first (the SIGSTOP then stays pending).
Napi::Value StopThreads(const Napi::CallbackInfo& info) {
  pid_t pid = arg_pid(info, 0);
  std::vector<pid_t> tids = arg_pids(info, 1, "tids");
  return start_async(info, [pid, tids](Completion* c, Done done) {
    for (pid_t tid : tids) {
      if (syscall(SYS_tgkill, pid, tid, SIGSTOP) < 0 && errno != ESRCH)
        throw_errno("tgkill", "cannot stop thread " + std::to_string(tid));
    }
    auto events = std::make_shared<std::vector<StopEventData>>();
    auto next = std::make_shared<std::function<void(size_t)>>();
    *next = [c, done, tids, events, next](size_t k) {
      if (k == tids.size()) {
        auto out = *events;
        c->value = [out](Napi::Env env) -> Napi::Value {
          Napi::Array arr = Napi::Array::New(env, out.size());
          for (size_t i = 0; i < out.size(); i++) arr.Set(static_cast<uint32_t>(i), stop_event_to_js(env, out[i]));
          return arr;
        };
        *next = nullptr;  // break the cycle
        return done(c);
      }
      pid_t tid = tids[k];
      TracerThread::get().await_status(tid, [tid, k, events, next](int status, int err) {
        StopEventData ev;
        if (err) {
          ev.pid = tid;
          ev.kind = StopEventData::exited;  // not ours any more: reaped already
          ev.status = 0;
        } else {
          ev = decode_status(tid, status);
        }
        events->push_back(ev);
        auto step = *next;
        step(k + 1);
      });
    };
    auto first = *next;
    first(0);
  });
}

Napi::Value Kill(const Napi::CallbackInfo& info) {
  pid_t pid = arg_pid(info, 0);
  return start_async(info, [pid](Completion* c, Done done) {
    TracerThread& t = TracerThread::get();
    c->value = [](Napi::Env env) -> Napi::Value { return env.Undefined(); };
    if (t.is_dead(pid)) return done(c);
    if (!t.knows(pid)) return fail(c, done, SysError{ESRCH, "kill", "process " + std::to_string(pid) + " is not traced by rdb"});
    kill_tracee(pid);
    t.await_reap(pid, [c, done](int, int) { done(c); });
  });
}

Napi::Value Interrupt(const Napi::CallbackInfo& info) {
  pid_t pid = arg_pid(info, 0);
  if (kill(pid, SIGSTOP) < 0) {
    try {
      throw_errno("kill", "cannot interrupt process " + std::to_string(pid));
    } catch (const SysError& e) {
      throw make_error(info.Env(), e);
    }
  }
  return info.Env().Undefined();
}

Napi::Value GetRegs(const Napi::CallbackInfo& info) {
  pid_t pid = arg_pid(info, 0);
  return regs_to_js(info.Env(), sync(info.Env(), [pid] { return get_regs(pid); }));
}

Napi::Value SetRegs(const Napi::CallbackInfo& info) {
  pid_t pid = arg_pid(info, 0);
  user_regs_struct regs = regs_from_js(info.Env(), info[1]);
  sync(info.Env(), [pid, regs] { set_regs(pid, regs); });
  return info.Env().Undefined();
}

Napi::Value GetXState(const Napi::CallbackInfo& info) {
  pid_t pid = arg_pid(info, 0);
  std::vector<uint8_t> x = sync(info.Env(), [pid] { return get_xstate(pid); });
  return Napi::Buffer<uint8_t>::Copy(info.Env(), x.data(), x.size());
}

Napi::Value SetXState(const Napi::CallbackInfo& info) {
  pid_t pid = arg_pid(info, 0);
  std::vector<uint8_t> x = arg_bytes(info, 1, "xsave");
  sync(info.Env(), [pid, x] { set_xstate(pid, x); });
  return info.Env().Undefined();
}

Napi::Value ReadMemory(const Napi::CallbackInfo& info) {
  pid_t pid = arg_pid(info, 0);
  uint64_t addr = arg_u64(info, 1, "addr");
  int len = arg_int(info, 2, "len");
  if (len < 0) throw Napi::TypeError::New(info.Env(), "len must not be negative");
  std::vector<uint8_t> b = sync(info.Env(), [pid, addr, len] { return read_memory(pid, addr, static_cast<size_t>(len)); });
  return Napi::Buffer<uint8_t>::Copy(info.Env(), b.data(), b.size());
}

/** readMemoryInto(pid, addr, buffer): fills the buffer (no copy made); returns the bytes read. */
Napi::Value ReadMemoryInto(const Napi::CallbackInfo& info) {
  pid_t pid = arg_pid(info, 0);
  uint64_t addr = arg_u64(info, 1, "addr");
  if (!info[2].IsBuffer()) throw Napi::TypeError::New(info.Env(), "buffer must be a Buffer");
  auto b = info[2].As<Napi::Buffer<uint8_t>>();
  uint8_t* data = b.Data();
  size_t len = b.Length();
  // (The call waits for the tracer thread: the buffer stays alive and unmoved meanwhile.)
  size_t n = sync(info.Env(), [pid, addr, data, len] { return read_memory_into(pid, addr, data, len); });
  return Napi::Number::New(info.Env(), static_cast<double>(n));
}

Napi::Value WriteMemory(const Napi::CallbackInfo& info) {
  pid_t pid = arg_pid(info, 0);
  uint64_t addr = arg_u64(info, 1, "addr");
  std::vector<uint8_t> b = arg_bytes(info, 2, "data");
  sync(info.Env(), [pid, addr, &b] { write_memory(pid, addr, b); });
  return info.Env().Undefined();
}

Napi::Value GetDebugReg(const Napi::CallbackInfo& info) {
  pid_t pid = arg_pid(info, 0);
  int index = arg_int(info, 1, "index");
  return Napi::BigInt::New(info.Env(), sync(info.Env(), [pid, index] { return get_debug_reg(pid, index); }));
}

Napi::Value SetDebugReg(const Napi::CallbackInfo& info) {
  pid_t pid = arg_pid(info, 0);
  int index = arg_int(info, 1, "index");
  uint64_t value = arg_u64(info, 2, "value");
  sync(info.Env(), [pid, index, value] { set_debug_reg(pid, index, value); });
  return info.Env().Undefined();
}

Napi::Value GetSigMask(const Napi::CallbackInfo& info) {
  pid_t pid = arg_pid(info, 0);
  return Napi::BigInt::New(info.Env(), sync(info.Env(), [pid] { return get_sigmask(pid); }));
}

Napi::Value SetSigMask(const Napi::CallbackInfo& info) {
  pid_t pid = arg_pid(info, 0);
  uint64_t mask = arg_u64(info, 1, "mask");
  sync(info.Env(), [pid, mask] { set_sigmask(pid, mask); });
  return info.Env().Undefined();
}

// A child the tracee forked starts traced and stopped: wait for that first stop.
Napi::Value WaitForkChild(const Napi::CallbackInfo& info) {
  pid_t pid = arg_pid(info, 0);
  sync(info.Env(), [pid] {
    TracerThread& t = TracerThread::get();
    int status = 0;
    if (!t.take_stop(pid, &status)) {
      while (waitpid(pid, &status, __WALL) < 0) {
        if (errno != EINTR) throw_errno("waitpid", "cannot wait for forked process " + std::to_string(pid));
      }
    }
    t.adopt(pid);
  });
  return info.Env().Undefined();
}

// Lets a stopped tracee go, untraced.
Napi::Value Detach(const Napi::CallbackInfo& info) {
  pid_t pid = arg_pid(info, 0);
  sync(info.Env(), [pid] {
    if (ptrace(PTRACE_DETACH, pid, nullptr, nullptr) < 0) throw_errno("ptrace", "cannot detach from process " + std::to_string(pid));
    forget_memory(pid);
    TracerThread::get().forget(pid);
  });
  return info.Env().Undefined();
}

// Forks a stopped tracee (a checkpoint, or a copy of one): returns the stopped copy's pid.
Napi::Value Fork(const Napi::CallbackInfo& info) {
  pid_t pid = arg_pid(info, 0);
  return Napi::Number::New(info.Env(), sync(info.Env(), [pid] { return fork_tracee(pid); }));
}

// Runs one system call in a stopped tracee, which is then restored exactly; returns its result.
Napi::Value InjectSyscall(const Napi::CallbackInfo& info) {
  pid_t pid = arg_pid(info, 0);
  int nr = arg_int(info, 1, "nr");
  uint64_t args[6] = {0, 0, 0, 0, 0, 0};
  if (!info[2].IsArray()) throw Napi::TypeError::New(info.Env(), "args must be an array of at most 6 bigints");
  Napi::Array a = info[2].As<Napi::Array>();
  if (a.Length() > 6) throw Napi::TypeError::New(info.Env(), "args must be an array of at most 6 bigints");
  for (uint32_t i = 0; i < a.Length(); i++) {
    if (!a.Get(i).IsBigInt()) throw Napi::TypeError::New(info.Env(), "args must be an array of at most 6 bigints");
    bool lossless = true;
    args[i] = a.Get(i).As<Napi::BigInt>().Uint64Value(&lossless);
  }
  InjectResult r = sync(info.Env(), [pid, nr, &args] { return inject_syscall(pid, nr, args); });
  return Napi::BigInt::New(info.Env(), r.ret);
}

// Counts executions of an address by a process (see perf.cc): returns the descriptor.
Napi::Value PerfExecCounter(const Napi::CallbackInfo& info) {
  pid_t pid = arg_pid(info, 0);
  uint64_t addr = arg_u64(info, 1, "addr");
  uint64_t period = arg_u64(info, 2, "period");
  int signal = arg_int(info, 3, "signal");
  try {
    return Napi::Number::New(info.Env(), perf_exec_counter(pid, addr, period, signal));
  } catch (const SysError& e) {
    throw make_error(info.Env(), e);
  }
}

Napi::Value PerfRead(const Napi::CallbackInfo& info) {
  int fd = arg_int(info, 0, "fd");
  try {
    return Napi::BigInt::New(info.Env(), perf_read(fd));
  } catch (const SysError& e) {
    throw make_error(info.Env(), e);
  }
}

Napi::Value PerfClose(const Napi::CallbackInfo& info) {
  perf_close(arg_int(info, 0, "fd"));
  return info.Env().Undefined();
}

Napi::Value GetSigInfo(const Napi::CallbackInfo& info) {
  pid_t pid = arg_pid(info, 0);
  return siginfo_to_js(info.Env(), sync(info.Env(), [pid] { return get_siginfo(pid); }));
}

}  // namespace

}  // namespace rdb

using namespace rdb;

static Napi::Object Init(Napi::Env env, Napi::Object exports) {
  auto* data = new AddonData();
  data->tsfn = Settler::New(env, "rdb_tracer", 0, 1, data);
  data->tsfn.Unref(env);
  env.SetInstanceData<AddonData>(data);
  TracerThread::get();
  const std::pair<const char*, Napi::Function::Callback> functions[] = {
      {"spawn", Spawn},         {"resume", Resume},         {"kill", Kill},
      {"interrupt", Interrupt}, {"getRegs", GetRegs},       {"setRegs", SetRegs},
      {"getXState", GetXState}, {"setXState", SetXState},   {"readMemory", ReadMemory}, {"readMemoryInto", ReadMemoryInto},
      {"writeMemory", WriteMemory}, {"getDebugReg", GetDebugReg}, {"setDebugReg", SetDebugReg},
      {"getSigMask", GetSigMask}, {"setSigMask", SetSigMask},
      {"getSigInfo", GetSigInfo}, {"waitForkChild", WaitForkChild}, {"detach", Detach},
      {"fork", Fork}, {"injectSyscall", InjectSyscall},
      {"resumeThreads", ResumeThreads}, {"stopThreads", StopThreads},
      {"perfExecCounter", PerfExecCounter}, {"perfRead", PerfRead}, {"perfClose", PerfClose},
  };
  for (const auto& [name, fn] : functions) exports.Set(name, Napi::Function::New(env, fn, name));
  return exports;
}

NODE_API_MODULE(rdb_tracer, Init)
