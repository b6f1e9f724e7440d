# One helper per target kind. Every target gets the project's warnings and,
# under the `debug` preset, the sanitizers.

function(_parfumerie_common target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wno-missing-field-initializers)
  if(PARFUMERIE_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
  if(PARFUMERIE_SANITIZE)
    target_compile_options(${target} PRIVATE -fsanitize=address,undefined -fno-omit-frame-pointer
                                             -fno-sanitize-recover=undefined)
    target_link_options(${target} PRIVATE -fsanitize=address,undefined)
  endif()
endfunction()

# parfumerie_library(NAME SOURCES ... [PUBLIC_DEPS ...] [PRIVATE_DEPS ...])
# Public headers live under src/ and are included as "<module>/<file>.h".
function(parfumerie_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;PUBLIC_DEPS;PRIVATE_DEPS" ${ARGN})
  add_library(${name} STATIC ${ARG_SOURCES})
  target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(${name} PUBLIC ${ARG_PUBLIC_DEPS} PRIVATE ${ARG_PRIVATE_DEPS})
  _parfumerie_common(${name})
endfunction()

function(_parfumerie_test name label)
  cmake_parse_arguments(ARG "" "TIMEOUT" "SOURCES;DEPS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gmock GTest::gtest_main)
  _parfumerie_common(${name})
  if(NOT ARG_TIMEOUT)
    set(ARG_TIMEOUT 120)
  endif()
  add_test(NAME ${name} COMMAND ${name})
  set_tests_properties(${name} PROPERTIES LABELS ${label} TIMEOUT ${ARG_TIMEOUT}
    ENVIRONMENT "PARFUMERIE_BINARY=$<TARGET_FILE_DIR:parfumerie>/parfumerie;PARFUMERIE_SOURCE_DIR=${PROJECT_SOURCE_DIR}")
endfunction()

# Unit tests: no network, no files outside a temp dir, fast. Suffix `_test`.
# The `unit-tests` target builds them all (the sanitizer pass builds only these).
function(parfumerie_unit_test name)
  _parfumerie_test(${name} unit ${ARGN})
  set_property(GLOBAL APPEND PROPERTY PARFUMERIE_UNIT_TESTS ${name})
endfunction()

# Integration tests: real SQLite files, real sockets on port 0, real servers.
function(parfumerie_integration_test name)
  _parfumerie_test(${name} integration ${ARGN})
endfunction()

# End-to-end tests: drive the built `parfumerie` binary as a user would.
function(parfumerie_e2e_test name)
  _parfumerie_test(${name} e2e ${ARGN})
  add_dependencies(${name} parfumerie)
endfunction()

# Benchmarks: Google Benchmark binaries, never run as tests.
function(parfumerie_benchmark name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} benchmark::benchmark)
  _parfumerie_common(${name})
endfunction()

# Fuzz targets: one libFuzzer entry point (LLVMFuzzerTestOneInput) per parser.
# Every build replays the corpus in fuzz/corpus/<name>/ as a unit test, so each
# crash found once stays a regression test; with -DPARFUMERIE_FUZZ=ON and clang
# the real fuzzer binary `<name>` is built as well.
function(parfumerie_fuzz name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_executable(${name}_corpus_test ${ARG_SOURCES} ${PROJECT_SOURCE_DIR}/fuzz/replay_main.cc)
  target_link_libraries(${name}_corpus_test PRIVATE ${ARG_DEPS})
  _parfumerie_common(${name}_corpus_test)
  add_test(NAME ${name}_corpus_test
           COMMAND ${name}_corpus_test ${PROJECT_SOURCE_DIR}/fuzz/corpus/${name})
  set_tests_properties(${name}_corpus_test PROPERTIES LABELS unit TIMEOUT 120)
  set_property(GLOBAL APPEND PROPERTY PARFUMERIE_UNIT_TESTS ${name}_corpus_test)
  if(PARFUMERIE_FUZZ)
    add_executable(${name} ${ARG_SOURCES})
    target_link_libraries(${name} PRIVATE ${ARG_DEPS})
    target_compile_options(${name} PRIVATE -fsanitize=fuzzer,address,undefined)
    target_link_options(${name} PRIVATE -fsanitize=fuzzer,address,undefined)
  endif()
endfunction()

# parfumerie_proto_library(NAME ROOT dir): compiles every .proto under ROOT
# (imports relative to ROOT) with protoc and the gRPC plugin into one library.
function(parfumerie_proto_library name)
  cmake_parse_arguments(ARG "" "ROOT" "" ${ARGN})
  file(GLOB_RECURSE protos CONFIGURE_DEPENDS "${ARG_ROOT}/*.proto")
  set(out_dir "${CMAKE_CURRENT_BINARY_DIR}/${name}_gen")
  file(MAKE_DIRECTORY "${out_dir}")
  set(srcs)
  foreach(proto ${protos})
    file(RELATIVE_PATH rel "${ARG_ROOT}" "${proto}")
    string(REGEX REPLACE "\\.proto$" "" base "${rel}")
    set(outs "${out_dir}/${base}.pb.cc" "${out_dir}/${base}.pb.h"
             "${out_dir}/${base}.grpc.pb.cc" "${out_dir}/${base}.grpc.pb.h")
    add_custom_command(
      OUTPUT ${outs}
      COMMAND protobuf::protoc --proto_path=${ARG_ROOT} --cpp_out=${out_dir} --grpc_out=${out_dir}
              --plugin=protoc-gen-grpc=${GRPC_CPP_PLUGIN} ${rel}
      WORKING_DIRECTORY ${ARG_ROOT}
      DEPENDS ${proto} ${protos}
      COMMENT "protoc ${rel}")
    list(APPEND srcs "${out_dir}/${base}.pb.cc" "${out_dir}/${base}.grpc.pb.cc")
  endforeach()
  add_library(${name} STATIC ${srcs})
  target_include_directories(${name} PUBLIC "${out_dir}")
  target_link_libraries(${name} PUBLIC protobuf::libprotobuf gRPC::grpc++)
  target_compile_options(${name} PRIVATE -w)  # generated code is not ours to lint
endfunction()
