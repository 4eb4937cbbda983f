{
  "targets": [
    {
      "target_name": "rdb_dwarf",
      "sources": [ "src/addon.cc", "src/elf_handle.cc", "src/js_values.cc", "src/elf_info.cc", "src/line_units.cc", "src/die_tree.cc", "src/cfi_frame.cc", "src/function_index.cc" ],
      "include_dirs": [ "<!(node -p \"require('node-addon-api').include_dir\")" ],
      "defines": [ "NAPI_VERSION=8", "NAPI_CPP_EXCEPTIONS" ],
      "cflags!": [ "-fno-exceptions" ],
      "cflags_cc!": [ "-fno-exceptions" ],
      "cflags_cc": [ "-std=c++17", "-Wall", "-Wextra", "-Wno-unused-parameter" ],
      "libraries": ["-ldw", "-lelf"]
    }
  ]
}
