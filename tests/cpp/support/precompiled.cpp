// SPDX-License-Identifier: Apache-2.0
// The host of the tests' shared precompiled header (tests/cpp/CMakeLists.txt):
// CMake builds the header from this target's flags and the test programs
// reuse it. The file itself has nothing to compile.
