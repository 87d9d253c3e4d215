// SPDX-License-Identifier: Apache-2.0
// File: onhand/planning/column_block.hpp
//
// The memory behind the planning math's result columns. A result over a
// million SKU-locations is megabytes written once, and with the system's
// allocator much of its cost is the kernel handing out fresh 4 KiB pages one
// fault at a time. A column_block places that memory itself: blocks of
// several megabytes are their own mapping, aligned to 2 MiB, with transparent
// huge pages requested before the first write (a million-row column then
// takes a handful of page faults instead of thousands), and are returned to
// the system when the block goes. Smaller blocks, and any refusal by the
// system, come from operator new, aligned to a cache line.
//
// Result types hold one block and show it as Eigen column views
// (Eigen::Map), so a caller reads and writes them as Eigen arrays; each
// result owns its block, independently of every other result.
#pragma once

#include <cstddef>
#include <utility>

namespace onhand::planning {

/// A move-only owner of `count` uninitialized doubles, aligned to 64 bytes.
class column_block {
 public:
  column_block() noexcept = default;
  /// Room for `count` doubles, uninitialized; throws std::bad_alloc when the
  /// memory cannot be had.
  explicit column_block(std::size_t count);
  column_block(column_block&& other) noexcept
      : data_(std::exchange(other.data_, nullptr)),
        bytes_(std::exchange(other.bytes_, 0)),
        mapped_(std::exchange(other.mapped_, false)) {}
  auto operator=(column_block&& other) noexcept -> column_block& {
    column_block old(std::move(*this));
    data_ = std::exchange(other.data_, nullptr);
    bytes_ = std::exchange(other.bytes_, 0);
    mapped_ = std::exchange(other.mapped_, false);
    return *this;
  }
  column_block(const column_block&) = delete;
  auto operator=(const column_block&) -> column_block& = delete;
  ~column_block();

  /// The first double (nullptr for an empty block).
  [[nodiscard]] auto data() const noexcept -> double* { return data_; }
  /// True when the block is its own mapping (several megabytes, on Linux).
  [[nodiscard]] auto mapped() const noexcept -> bool { return mapped_; }

 private:
  double* data_{nullptr};
  std::size_t bytes_{0};
  bool mapped_{false};
};

}  // namespace onhand::planning
