{
  "targets": [
    {
      "target_name": "rdb_tracer",
      "sources": [
        "src/addon.cc", "src/js_values.cc", "src/tracer_thread.cc", "src/spawn.cc",
        "src/stop_event.cc", "src/registers.cc", "src/memory.cc", "src/inject.cc", "src/perf.cc"
      ],
      "include_dirs": [ "<!(node -p \"require('node-addon-api').include_dir\")" ],
      "defines": [ "NAPI_VERSION=8", "NAPI_CPP_EXCEPTIONS" ],
      "cflags!": [ "-fno-exceptions" ],
      "cflags_cc!": [ "-fno-exceptions" ],
      "cflags_cc": [ "-std=c++17", "-Wall", "-Wextra", "-Wno-unused-parameter" ],
      "libraries": [ "-lpthread" ]
    }
  ]
}
