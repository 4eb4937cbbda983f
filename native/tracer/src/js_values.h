// Conversions between the tracer's C++ values and the JS shapes declared in src/target/native.ts.
#pragma once

#include <napi.h>

#include "ptrace_ops.h"

namespace rdb {

Napi::Error make_error(Napi::Env env, const SysError& e);
Napi::Object regs_to_js(Napi::Env env, const user_regs_struct& r);
user_regs_struct regs_from_js(Napi::Env env, Napi::Value v);
Napi::Object siginfo_to_js(Napi::Env env, const SigInfoData& si);
Napi::Object stop_event_to_js(Napi::Env env, const StopEventData& ev);

// Argument checks that throw TypeError with the argument's name.
pid_t arg_pid(const Napi::CallbackInfo& info, size_t i);
int arg_int(const Napi::CallbackInfo& info, size_t i, const char* name);
uint64_t arg_u64(const Napi::CallbackInfo& info, size_t i, const char* name);
std::string arg_string(const Napi::CallbackInfo& info, size_t i, const char* name);
std::vector<std::string> arg_strings(const Napi::CallbackInfo& info, size_t i, const char* name);
std::vector<uint8_t> arg_bytes(const Napi::CallbackInfo& info, size_t i, const char* name);

}  // namespace rdb
