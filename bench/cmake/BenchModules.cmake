# Builds the non-tsbind benchmark modules (raw C, node-addon-api, koffi's C library).
#
# They must not depend on the tsbind library, so they get their own small
# helper, with the flags tsbind_add_module() gives tsbind modules (hidden
# symbols, PIC, NAPI_VERSION 8), so that every row is built the same way.
# Header folders come from the npm packages, resolved by Node itself.

include_guard(GLOBAL)

find_program(BENCH_NODE_EXECUTABLE NAMES node nodejs REQUIRED)
get_filename_component(BENCH_REPO_DIR "${CMAKE_CURRENT_LIST_DIR}/../.." ABSOLUTE)

# Sets <out_var> to the folder of npm package <package>, resolved from the repo root.
function(bench_resolve_package out_var package)
  execute_process(
    COMMAND "${BENCH_NODE_EXECUTABLE}" -p "require('path').dirname(require.resolve('${package}/package.json'))"
    WORKING_DIRECTORY "${BENCH_REPO_DIR}"
    OUTPUT_VARIABLE _dir
    ERROR_VARIABLE _err
    RESULT_VARIABLE _rc
    OUTPUT_STRIP_TRAILING_WHITESPACE)
  if(NOT _rc EQUAL 0)
    message(FATAL_ERROR "bench: npm package `${package}` not found; run `npm install` at the repo root.\n${_err}")
  endif()
  set(${out_var} "${_dir}" PARENT_SCOPE)
endfunction()

bench_resolve_package(BENCH_NODE_API_HEADERS_DIR node-api-headers)
bench_resolve_package(BENCH_NODE_ADDON_API_DIR node-addon-api)

# bench_add_module(<name> [ADDON_API] SOURCES <file>...): <name>.node in the binary dir.
# ADDON_API adds node-addon-api's headers, with C++ exceptions on.
function(bench_add_module name)
  cmake_parse_arguments(ARG "ADDON_API" "" "SOURCES" ${ARGN})
  add_library(${name} MODULE ${ARG_SOURCES})
  target_include_directories(${name} PRIVATE "${BENCH_NODE_API_HEADERS_DIR}/include")
  target_compile_definitions(${name} PRIVATE NAPI_VERSION=8)
  if(ARG_ADDON_API)
    target_include_directories(${name} PRIVATE "${BENCH_NODE_ADDON_API_DIR}")
    target_compile_definitions(${name} PRIVATE NODE_ADDON_API_CPP_EXCEPTIONS)
    target_compile_features(${name} PRIVATE cxx_std_17)
  endif()
  set_target_properties(${name} PROPERTIES
    PREFIX ""
    SUFFIX ".node"
    C_VISIBILITY_PRESET hidden
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON
    POSITION_INDEPENDENT_CODE ON
    LIBRARY_OUTPUT_DIRECTORY "${CMAKE_BINARY_DIR}")
  if(APPLE)
    target_link_options(${name} PRIVATE -undefined dynamic_lookup)
  endif()
endfunction()

# tsbind's own CMake package, from this repo's cmake/ folder.
macro(bench_find_tsbind)
  find_package(tsbind CONFIG REQUIRED PATHS "${BENCH_REPO_DIR}/cmake" NO_DEFAULT_PATH)
endmacro()
