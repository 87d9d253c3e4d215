// SPDX-License-Identifier: Apache-2.0
// File: onhand/core/assert.hpp
//
// ONHAND_ASSERT checks programmer errors: broken invariants and violated
// preconditions. It is never used for bad input, which gets a typed error
// (see error.hpp). An assertion that fails prints where and why, then aborts.
// It is on unless NDEBUG is defined (Debug and the sanitizer presets keep it).
#pragma once

namespace onhand::detail {
[[noreturn]] void assertion_failed(const char* expression, const char* message, const char* file,
                                   int line) noexcept;
}  // namespace onhand::detail

#if defined(NDEBUG) && !defined(ONHAND_ENABLE_ASSERTS)
#define ONHAND_ASSERT(condition, message) static_cast<void>(0)
#else
#define ONHAND_ASSERT(condition, message) \
  ((condition) ? static_cast<void>(0)     \
               : ::onhand::detail::assertion_failed(#condition, message, __FILE__, __LINE__))
#endif

// ONHAND_CHECK is always on: it guards against states that would silently
// corrupt numbers (an operator overflow in a caller's arithmetic, say).
#define ONHAND_CHECK(condition, message) \
  ((condition) ? static_cast<void>(0)    \
               : ::onhand::detail::assertion_failed(#condition, message, __FILE__, __LINE__))
