// Conversions between the tracer's C++ values and JS objects, and argument validation.
#include "js_values.h"

#include <string.h>

namespace rdb {

namespace {

// The field order of struct user_regs_struct.
#define RDB_REGS(X)                                                                                     \
  X(r15) X(r14) X(r13) X(r12) X(rbp) X(rbx) X(r11) X(r10) X(r9) X(r8) X(rax) X(rcx) X(rdx) X(rsi) X(rdi) \
  X(orig_rax) X(rip) X(cs) X(eflags) X(rsp) X(ss) X(fs_base) X(gs_base) X(ds) X(es) X(fs) X(gs)

uint64_t to_u64(Napi::Env env, Napi::Value v, const char* name) {
  if (v.IsBigInt()) {
    bool lossless = true;
    uint64_t out = v.As<Napi::BigInt>().Uint64Value(&lossless);
    if (!lossless) throw Napi::TypeError::New(env, std::string(name) + " does not fit in 64 bits");
    return out;
  }
  if (v.IsNumber()) {
    double d = v.As<Napi::Number>().DoubleValue();
    if (d >= 0 && d <= 9007199254740991.0 && d == static_cast<double>(static_cast<uint64_t>(d)))
      return static_cast<uint64_t>(d);
  }
  throw Napi::TypeError::New(env, std::string(name) + " must be a bigint (or a safe non-negative integer)");
}

}  // namespace

Napi::Error make_error(Napi::Env env, const SysError& e) {
  Napi::Error err = Napi::Error::New(env, e.message);
  const char* name = strerrorname_np(e.err);
  err.Set("code", Napi::String::New(env, name ? name : ("E" + std::to_string(e.err)).c_str()));
  err.Set("errno", Napi::Number::New(env, e.err));
  err.Set("syscall", Napi::String::New(env, e.syscall));
  return err;
}

Napi::Object regs_to_js(Napi::Env env, const user_regs_struct& r) {
  Napi::Object o = Napi::Object::New(env);
#define RDB_SET(f) o.Set(#f, Napi::BigInt::New(env, static_cast<uint64_t>(r.f)));
  RDB_REGS(RDB_SET)
#undef RDB_SET
  return o;
}

user_regs_struct regs_from_js(Napi::Env env, Napi::Value v) {
  if (!v.IsObject()) throw Napi::TypeError::New(env, "regs must be an object");
  Napi::Object o = v.As<Napi::Object>();
  user_regs_struct r;
  memset(&r, 0, sizeof r);
#define RDB_GET(f) r.f = to_u64(env, o.Get(#f), "regs." #f);
  RDB_REGS(RDB_GET)
#undef RDB_GET
  return r;
}

Napi::Object siginfo_to_js(Napi::Env env, const SigInfoData& si) {
  Napi::Object o = Napi::Object::New(env);
  o.Set("signo", si.signo);
  o.Set("errno", si.err);
  o.Set("code", si.code);
  o.Set("addr", Napi::BigInt::New(env, si.addr));
  o.Set("pid", si.pid);
  o.Set("raw", Napi::Buffer<uint8_t>::Copy(env, si.raw.data(), si.raw.size()));
  return o;
}

Napi::Object stop_event_to_js(Napi::Env env, const StopEventData& ev) {
  Napi::Object o = Napi::Object::New(env);
  o.Set("pid", ev.pid);
  switch (ev.kind) {
    case StopEventData::signal:
      o.Set("kind", "signal");
      o.Set("signal", ev.signo);
      o.Set("siginfo", siginfo_to_js(env, ev.siginfo));
      break;
    case StopEventData::syscall: {
      o.Set("kind", "syscall");
      const SyscallInfoData& si = ev.syscall_info;
      static const char* const ops[] = {"none", "entry", "exit", "seccomp"};
      Napi::Object info = Napi::Object::New(env);
      info.Set("op", ops[si.op >= 0 && si.op <= 3 ? si.op : 0]);
      info.Set("nr", Napi::Number::New(env, static_cast<double>(si.nr)));
      Napi::Array args = Napi::Array::New(env, 6);
      for (uint32_t i = 0; i < 6; i++) args.Set(i, Napi::BigInt::New(env, si.args[i]));
      info.Set("args", args);
      info.Set("rval", Napi::BigInt::New(env, si.rval));
      info.Set("isError", Napi::Boolean::New(env, si.is_error));
      o.Set("info", info);
      break;
    }
    case StopEventData::ptrace_event:
      o.Set("kind", "event");
      o.Set("event", ev.event);
      o.Set("msg", Napi::BigInt::New(env, ev.msg));
      break;
    case StopEventData::exited:
      o.Set("kind", "exited");
      o.Set("status", ev.status);
      break;
    case StopEventData::killed:
      o.Set("kind", "killed");
      o.Set("signal", ev.signo);
      o.Set("coreDumped", ev.core);
      break;
  }
  return o;
}

pid_t arg_pid(const Napi::CallbackInfo& info, size_t i) {
  int pid = arg_int(info, i, "pid");
  if (pid <= 0) throw Napi::TypeError::New(info.Env(), "pid must be a positive integer");
  return pid;
}

int arg_int(const Napi::CallbackInfo& info, size_t i, const char* name) {
  Napi::Value v = info[i];
  if (!v.IsNumber()) throw Napi::TypeError::New(info.Env(), std::string(name) + " must be a number");
  double d = v.As<Napi::Number>().DoubleValue();
  if (d != static_cast<double>(static_cast<int>(d)))
    throw Napi::TypeError::New(info.Env(), std::string(name) + " must be a 32-bit integer");
  return static_cast<int>(d);
}

uint64_t arg_u64(const Napi::CallbackInfo& info, size_t i, const char* name) {
  return to_u64(info.Env(), info[i], name);
}

std::string arg_string(const Napi::CallbackInfo& info, size_t i, const char* name) {
  if (!info[i].IsString()) throw Napi::TypeError::New(info.Env(), std::string(name) + " must be a string");
  return info[i].As<Napi::String>().Utf8Value();
}

std::vector<std::string> arg_strings(const Napi::CallbackInfo& info, size_t i, const char* name) {
  if (!info[i].IsArray()) throw Napi::TypeError::New(info.Env(), std::string(name) + " must be an array of strings");
  Napi::Array a = info[i].As<Napi::Array>();
  std::vector<std::string> out;
  for (uint32_t k = 0; k < a.Length(); k++) {
    Napi::Value v = a.Get(k);
    if (!v.IsString()) throw Napi::TypeError::New(info.Env(), std::string(name) + " must be an array of strings");
    std::string s = v.As<Napi::String>().Utf8Value();
    if (s.find('\0') != std::string::npos)
      throw Napi::TypeError::New(info.Env(), std::string(name) + " must not contain NUL characters");
    out.push_back(std::move(s));
  }
  return out;
}

std::vector<uint8_t> arg_bytes(const Napi::CallbackInfo& info, size_t i, const char* name) {
  if (!info[i].IsBuffer()) throw Napi::TypeError::New(info.Env(), std::string(name) + " must be a Buffer");
  auto b = info[i].As<Napi::Buffer<uint8_t>>();
  return std::vector<uint8_t>(b.Data(), b.Data() + b.Length());
}

}  // namespace rdb
