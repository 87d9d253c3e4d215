# SPDX-License-Identifier: Apache-2.0
# onhand_target_warnings(<target>): strict warnings on onhand's own targets,
# never on consumers (PRIVATE). Warnings become errors only through the dev
# preset's CMAKE_COMPILE_WARNING_AS_ERROR, so a newer compiler never breaks a
# user's build.
function(onhand_target_warnings target)
  if(NOT ONHAND_DEV_WARNINGS)
    return()
  endif()
  target_compile_options(${target} PRIVATE
    -Wall
    -Wextra
    -Wpedantic
    -Wshadow                # a local hiding a member is how balances get lost
    -Wconversion            # narrowing of quantities and counts must be explicit
    -Wold-style-cast
    -Wnon-virtual-dtor      # the store interface is used through base pointers
    -Woverloaded-virtual
    -Wimplicit-fallthrough
    -Wcast-qual
    -Wformat=2
    -Wundef
    # Designated initializers (error_context{.item = ...}) rely on member
    # defaults by design; GCC 12 would flag every one.
    -Wno-missing-field-initializers)
  # -Wsign-conversion is left out: Eigen's signed Index and std's unsigned
  # sizes meet in every planning loop, and the casts would hide real bugs.
endfunction()
