// SPDX-License-Identifier: Apache-2.0
#include "onhand/planning/column_block.hpp"

#include <cstdint>
#include <new>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace onhand::planning {
namespace {

constexpr std::align_val_t line{64};

#if defined(__linux__) && defined(MADV_HUGEPAGE)
constexpr std::uintptr_t huge = std::uintptr_t{1} << 21;

// `length` bytes (a multiple of 2 MiB) of their own mapping starting on a
// 2 MiB boundary, with huge pages requested before anything is written;
// nullptr when the system refuses.
auto map_aligned(std::size_t length) -> void* {
  // Over-map by one huge page and trim both ends.
  void* mapped =
      mmap(nullptr, length + huge, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (mapped == MAP_FAILED) return nullptr;
  const auto raw = reinterpret_cast<std::uintptr_t>(mapped);
  const std::uintptr_t begin = (raw + huge - 1) & ~(huge - 1);
  if (begin > raw) munmap(mapped, begin - raw);
  const std::uintptr_t end = raw + length + huge;
  if (end > begin + length) munmap(reinterpret_cast<void*>(begin + length), end - begin - length);
  madvise(reinterpret_cast<void*>(begin), length, MADV_HUGEPAGE);
  return reinterpret_cast<void*>(begin);
}
#endif

}  // namespace

column_block::column_block(std::size_t count) {
  if (count == 0) return;
  const std::size_t bytes = count * sizeof(double);
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  // From two huge pages up: below that, the allocator's heap is as cheap.
  if (bytes >= 2 * huge) {
    const std::size_t length = (bytes + huge - 1) & ~(huge - 1);
    if (void* mapped = map_aligned(length)) {
      data_ = static_cast<double*>(mapped);
      bytes_ = length;
      mapped_ = true;
      return;
    }
  }
#endif
  data_ = static_cast<double*>(::operator new(bytes, line));
  bytes_ = bytes;
}

column_block::~column_block() {
  if (data_ == nullptr) return;
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  if (mapped_) {
    munmap(data_, bytes_);
    return;
  }
#endif
  ::operator delete(data_, line);
}

}  // namespace onhand::planning
