# SPDX-License-Identifier: Apache-2.0
# cmake -P script behind the CTest test onhand.tests.package (see
# CMakeLists.txt beside it for the variables it receives).
#
# Steps: install BUILD_DIR into WORK_DIR/prefix; then for each consumer
# (CONSUMER_DIR: every component; CORE_CONSUMER_DIR: COMPONENTS core only)
# configure it with only that prefix (plus the user's CMAKE_PREFIX_PATH for
# Boost and Eigen); check find_package found onhand in the prefix, not the
# build tree; build; run it and compare its output with the expected text.
cmake_minimum_required(VERSION 3.25)

foreach(var BUILD_DIR CONSUMER_DIR CORE_CONSUMER_DIR WORK_DIR GENERATOR CXX_COMPILER)
  if(NOT DEFINED ${var} OR "${${var}}" STREQUAL "")
    message(FATAL_ERROR "run_package_test.cmake needs -D${var}=...")
  endif()
endforeach()

# run(<step> <command...>): runs a command, failing the test with its output.
function(run step)
  execute_process(COMMAND ${ARGN}
    RESULT_VARIABLE status
    OUTPUT_VARIABLE out
    ERROR_VARIABLE err)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "package test: ${step} failed (${status}):\n${out}\n${err}")
  endif()
  set(run_output "${out}" PARENT_SCOPE)
endfunction()

set(prefix "${WORK_DIR}/prefix")
# A fresh prefix every time, so a file the install rules forgot cannot be
# masked by one left over from an earlier run.
file(REMOVE_RECURSE "${WORK_DIR}")

set(config_args "")
if(NOT "${CONFIG}" STREQUAL "")
  set(config_args --config "${CONFIG}")
endif()
run("cmake --install" "${CMAKE_COMMAND}" --install "${BUILD_DIR}" --prefix "${prefix}" ${config_args})

string(REPLACE "|" ";" user_prefix_path "${PREFIX_PATH}")
set(search_path "${prefix}" ${user_prefix_path})

# consume(<name> <source dir> <expected output>): configures, builds and runs
# one consumer project against the installed prefix.
function(consume name source_dir expected)
  set(consumer_build "${WORK_DIR}/${name}-build")
  run("configuring ${name}" "${CMAKE_COMMAND}"
    -S "${source_dir}" -B "${consumer_build}" -G "${GENERATOR}"
    "-DCMAKE_BUILD_TYPE=${CONFIG}"
    "-DCMAKE_CXX_COMPILER=${CXX_COMPILER}"
    # The same flags as the library: a sanitizer build links the sanitizer
    # runtime into the consumer too.
    "-DCMAKE_CXX_FLAGS=${CXX_FLAGS}"
    "-DCMAKE_EXE_LINKER_FLAGS=${EXE_LINKER_FLAGS}"
    "-DCMAKE_PREFIX_PATH=${search_path}"
    -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF)

  file(STRINGS "${consumer_build}/CMakeCache.txt" onhand_dir_line REGEX "^onhand_DIR:")
  string(REGEX REPLACE "^onhand_DIR:[A-Z]+=" "" onhand_dir "${onhand_dir_line}")
  cmake_path(IS_PREFIX prefix "${onhand_dir}" NORMALIZE found_in_prefix)
  if(NOT found_in_prefix)
    message(FATAL_ERROR
      "package test: ${name}: find_package(onhand) used '${onhand_dir}', not the installed "
      "prefix '${prefix}'")
  endif()

  run("building ${name}" "${CMAKE_COMMAND}" --build "${consumer_build}" ${config_args})
  run("running ${name}" "${consumer_build}/onhand_package_${name}")
  if(NOT run_output STREQUAL expected)
    message(FATAL_ERROR
      "package test: ${name} printed\n${run_output}\nexpected\n${expected}")
  endif()
  message(STATUS "package test: ${name} found onhand at ${onhand_dir}; output as expected")
endfunction()

# The README's route: find_package(onhand) and onhand::onhand, every component.
consume(consumer "${CONSUMER_DIR}"
  "parsed 12.5 + 0.25 = 12.75\nparse(\"0.0000001\") failed: precision_exceeded\nsafety stock 8.224\n")
# A ledger-only user: COMPONENTS core and onhand::core, no Eigen.
consume(core_consumer "${CORE_CONSUMER_DIR}"
  "core only: document 0, on hand 3, gtin 04006381333931\n")
