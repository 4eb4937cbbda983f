// Entry of the rdb_dwarf addon (placeholder until its first real export).
#include <napi.h>

static Napi::Object Init(Napi::Env env, Napi::Object exports) { return exports; }

NODE_API_MODULE(rdb_dwarf, Init)
