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
#include <initializer_list>

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

/// Readies columns of `count` doubles each, just allocated and about to be
/// written in full, so that writing them costs little more than writing
/// reused memory. Only a hint, like prefer_huge_pages, and only for columns
/// of several megabytes.
///
/// Measured on the 1M-row reorder point (four 8 MB columns, docs/benchmarks.md):
/// faulting 4 KiB pages in one at a time cost more than the arithmetic, and
/// prefer_huge_pages alone leaves about a third of each column in small
/// pages, because the allocator has already written its bookkeeping into the
/// 2 MiB windows at the columns' ends. So each column's windows, rounded
/// outwards, are marked for huge pages (a window shared with a neighbour
/// allocation is at most 2 MiB on each side), windows that already hold
/// small pages are collapsed into a huge page (contents kept; Linux 6.1+),
/// and the whole column is populated in one call (Linux 5.14+) instead of a
/// fault per page. Each step that the kernel refuses is skipped.
inline void prepare_result_columns(std::initializer_list<double*> columns, std::size_t count) {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  constexpr std::uintptr_t huge = std::uintptr_t{1} << 21;
  constexpr std::uintptr_t page = std::uintptr_t{1} << 12;
  constexpr int collapse = 25;        // MADV_COLLAPSE, when the headers predate it
  constexpr int populate_write = 23;  // MADV_POPULATE_WRITE
  const auto bytes = static_cast<std::uintptr_t>(count) * sizeof(double);
  if (bytes < 2 * huge) return;
  for (double* data : columns) {
    const auto begin = reinterpret_cast<std::uintptr_t>(data);
    const std::uintptr_t first = begin & ~(huge - 1);
    const std::uintptr_t last = (begin + bytes + huge - 1) & ~(huge - 1);
    madvise(reinterpret_cast<void*>(first), last - first, MADV_HUGEPAGE);
    madvise(reinterpret_cast<void*>(first), last - first, collapse);
  }
  for (double* data : columns) {
    const auto begin = reinterpret_cast<std::uintptr_t>(data);
    const std::uintptr_t first = begin & ~(page - 1);
    const std::uintptr_t last = (begin + bytes + page - 1) & ~(page - 1);
    madvise(reinterpret_cast<void*>(first), last - first, populate_write);
  }
#else
  static_cast<void>(columns);
  static_cast<void>(count);
#endif
}

}  // namespace onhand::planning::detail
