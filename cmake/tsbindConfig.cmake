# tsbind CMake package: find_package(tsbind CONFIG) then tsbind_add_module().
#
# Node-API headers come from the `node-api-headers` npm package, so a build
# needs no download and no Node source tree. The type-independent runtime (the
# "core": dispatcher, error formatting, registries) is compiled once per CMake
# project as the static library `tsbind_core` and linked into every module, as
# nanobind does with libnanobind.
#
# Options (cache variables, all set by `tsbind build`):
#   TSBIND_NODE_API_HEADERS_DIR  folder of the node-api-headers package
#   TSBIND_SANITIZE              "address", "undefined", "address,undefined", "thread" or
#                                "thread,undefined" (thread never with address)
#   TSBIND_NAPI_VERSION          lowest Node-API version modules target (8)

cmake_minimum_required(VERSION 3.19)
include_guard(GLOBAL)

get_filename_component(TSBIND_ROOT "${CMAKE_CURRENT_LIST_DIR}/.." ABSOLUTE)
set(TSBIND_INCLUDE_DIR "${TSBIND_ROOT}/include")

set(TSBIND_NAPI_VERSION 8 CACHE STRING "Lowest Node-API version tsbind modules target")
set(TSBIND_SANITIZE "" CACHE STRING "Sanitizers to build with: address, thread, undefined, comma-separated (thread not with address)")
if(TSBIND_SANITIZE MATCHES "thread" AND TSBIND_SANITIZE MATCHES "address")
  message(FATAL_ERROR "tsbind: TSBIND_SANITIZE=${TSBIND_SANITIZE}: thread cannot be combined with address "
                      "(each needs its own runtime); build them into separate folders")
endif()
if(TSBIND_SANITIZE MATCHES "thread" AND MSVC)
  message(FATAL_ERROR "tsbind: TSBIND_SANITIZE=thread: MSVC has no ThreadSanitizer")
endif()

# Node-API headers: from the node-api-headers package that sits beside tsbind
# in node_modules (resolved by Node itself, so hoisting and workspaces work).
if(NOT TSBIND_NODE_API_HEADERS_DIR)
  find_program(TSBIND_NODE_EXECUTABLE NAMES node nodejs)
  if(NOT TSBIND_NODE_EXECUTABLE)
    message(FATAL_ERROR "tsbind: cannot find `node` on PATH; it is needed to locate the node-api-headers package. "
                        "Set TSBIND_NODE_API_HEADERS_DIR to the package's folder instead.")
  endif()
  execute_process(
    COMMAND "${TSBIND_NODE_EXECUTABLE}" -p "require('path').dirname(require.resolve('node-api-headers/package.json'))"
    WORKING_DIRECTORY "${TSBIND_ROOT}"
    OUTPUT_VARIABLE _tsbind_headers_dir
    ERROR_VARIABLE _tsbind_headers_err
    RESULT_VARIABLE _tsbind_headers_rc
    OUTPUT_STRIP_TRAILING_WHITESPACE)
  if(NOT _tsbind_headers_rc EQUAL 0)
    message(FATAL_ERROR "tsbind: the npm package `node-api-headers` was not found from ${TSBIND_ROOT}. "
                        "Run `npm install` in your project (tsbind depends on it).\n${_tsbind_headers_err}")
  endif()
  set(TSBIND_NODE_API_HEADERS_DIR "${_tsbind_headers_dir}" CACHE PATH "Folder of the node-api-headers npm package")
endif()
set(TSBIND_NODE_API_INCLUDE_DIR "${TSBIND_NODE_API_HEADERS_DIR}/include")
if(NOT EXISTS "${TSBIND_NODE_API_INCLUDE_DIR}/node_api.h")
  message(FATAL_ERROR "tsbind: ${TSBIND_NODE_API_INCLUDE_DIR}/node_api.h does not exist; "
                      "TSBIND_NODE_API_HEADERS_DIR must point at the node-api-headers package")
endif()

# Windows links modules against node.exe through an import library made from
# the .def file that node-api-headers ships.
function(_tsbind_windows_import_lib out_var)
  set(_lib "${CMAKE_BINARY_DIR}/tsbind_node_api.lib")
  if(NOT TARGET tsbind_node_api_implib)
    add_custom_command(
      OUTPUT "${_lib}"
      COMMAND "${CMAKE_AR}" /def:${TSBIND_NODE_API_HEADERS_DIR}/def/node_api.def /out:${_lib} ${CMAKE_STATIC_LINKER_FLAGS}
      DEPENDS "${TSBIND_NODE_API_HEADERS_DIR}/def/node_api.def"
      VERBATIM)
    add_custom_target(tsbind_node_api_implib DEPENDS "${_lib}")
  endif()
  set(${out_var} "${_lib}" PARENT_SCOPE)
endfunction()

# Compile and link flags every tsbind target gets: C++17, hidden symbols, the
# Node-API version, and the sanitizers when asked for.
function(_tsbind_configure_target target visibility)
  target_compile_features(${target} ${visibility} cxx_std_17)
  target_include_directories(${target} ${visibility} "${TSBIND_INCLUDE_DIR}" "${TSBIND_NODE_API_INCLUDE_DIR}")
  target_compile_definitions(${target} ${visibility} NAPI_VERSION=${TSBIND_NAPI_VERSION})
  set_target_properties(${target} PROPERTIES
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON
    POSITION_INDEPENDENT_CODE ON)
  if(TSBIND_SANITIZE)
    if(MSVC)
      target_compile_options(${target} PRIVATE /fsanitize=address)
    else()
      string(REPLACE " " "" _san "${TSBIND_SANITIZE}")
      target_compile_options(${target} PRIVATE -fsanitize=${_san} -fno-omit-frame-pointer -fno-sanitize-recover=all)
      target_link_options(${target} PRIVATE -fsanitize=${_san})
    endif()
  endif()
endfunction()

function(_tsbind_add_core)
  if(TARGET tsbind_core)
    return()
  endif()
  file(GLOB _core_sources CONFIGURE_DEPENDS "${TSBIND_ROOT}/src/core/*.cpp")
  add_library(tsbind_core STATIC ${_core_sources})
  _tsbind_configure_target(tsbind_core PUBLIC)
  if(NOT MSVC)
    target_compile_options(tsbind_core PRIVATE -ffunction-sections -fdata-sections)
  endif()
  # Code that runs only on failure paths, on calls that need defaults or
  # overload resolution, or once at load is built for size; the dispatcher's
  # fast path and the class layer (every call) keep the build's -O level.
  if(NOT MSVC AND NOT CMAKE_BUILD_TYPE STREQUAL "Debug")
    set_source_files_properties(
      "${TSBIND_ROOT}/src/core/messages.cpp"
      "${TSBIND_ROOT}/src/core/errors.cpp"
      "${TSBIND_ROOT}/src/core/module.cpp"
      "${TSBIND_ROOT}/src/core/napi.cpp"
      "${TSBIND_ROOT}/src/core/describe.cpp"
      "${TSBIND_ROOT}/src/core/overloads.cpp"
      "${TSBIND_ROOT}/src/core/js_layer.cpp"
      "${TSBIND_ROOT}/src/core/js_helpers.cpp"
      TARGET_DIRECTORY tsbind_core
      PROPERTIES COMPILE_OPTIONS "-Os")
  endif()
endfunction()

# tsbind_add_module(<name> SOURCES <file>... [NAPI_VERSION <n>])
# Builds <name>.node into the build folder, ready for the tsbind loader.
function(tsbind_add_module name)
  cmake_parse_arguments(ARG "" "" "SOURCES" ${ARGN})
  if(NOT ARG_SOURCES)
    message(FATAL_ERROR "tsbind_add_module(${name}): no SOURCES given")
  endif()
  _tsbind_add_core()
  add_library(${name} MODULE ${ARG_SOURCES})
  _tsbind_configure_target(${name} PRIVATE)
  target_link_libraries(${name} PRIVATE tsbind_core)
  set_target_properties(${name} PROPERTIES
    PREFIX ""
    SUFFIX ".node"
    LIBRARY_OUTPUT_DIRECTORY "${CMAKE_BINARY_DIR}"
    LIBRARY_OUTPUT_DIRECTORY_DEBUG "${CMAKE_BINARY_DIR}"
    LIBRARY_OUTPUT_DIRECTORY_RELEASE "${CMAKE_BINARY_DIR}")
  if(NOT MSVC)
    # Each function in its own section, so the linker drops the parts of the
    # core (and of user code) that this module never calls.
    target_compile_options(${name} PRIVATE -ffunction-sections -fdata-sections)
  endif()
  if(APPLE)
    # Node-API symbols are resolved against the node binary when it loads us.
    target_link_options(${name} PRIVATE -undefined dynamic_lookup -Wl,-dead_strip)
  elseif(WIN32)
    _tsbind_windows_import_lib(_implib)
    add_dependencies(${name} tsbind_node_api_implib)
    target_link_libraries(${name} PRIVATE "${_implib}")
  else()
    target_link_options(${name} PRIVATE -Wl,--gc-sections)
  endif()
endfunction()
