// SPDX-License-Identifier: Apache-2.0
// Private to src/planning: a hint for large result columns and matrices.
//
// A result of a million rows is megabytes written once; with 4 KiB pages,
// faulting them in can cost more than the arithmetic. Where Linux offers
// transparent huge pages on request (as numpy asks for its arrays), ask for
// them. Only a hint: nothing changes if it is refused.
#pragma once

#include <cstddef>
#include <cstdint>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace onhand::planning::detail {

inline void prefer_huge_pages(double* data, std::size_t count) {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  constexpr std::uintptr_t huge = std::uintptr_t{1} << 21;
  const auto bytes = static_cast<std::uintptr_t>(count) * sizeof(double);
  if (bytes < 2 * huge) return;
  const auto begin = reinterpret_cast<std::uintptr_t>(data);
  const std::uintptr_t first = (begin + huge - 1) & ~(huge - 1);
  const std::uintptr_t last = (begin + bytes) & ~(huge - 1);
  if (last > first) madvise(reinterpret_cast<void*>(first), last - first, MADV_HUGEPAGE);
#else
  static_cast<void>(data);
  static_cast<void>(count);
#endif
}

}  // namespace onhand::planning::detail
