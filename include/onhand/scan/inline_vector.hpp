// SPDX-License-Identifier: Apache-2.0
// File: onhand/scan/inline_vector.hpp
//
// A vector whose first N elements live inside the object itself, for the
// lists of a parsed scan (gs1_message::elements, ::measures). A scan holds a
// handful of elements, so a new message holds them without allocating: the
// allocation and release of a heap block per list cost more than the rest of
// building the list. Past N elements the storage moves to the heap, as a
// std::vector's would, and nothing else changes.
//
// It offers the part of std::vector's interface that a reader of a message
// uses (iteration, size, indexing, comparison) and that a builder uses
// (push_back, emplace_back, reserve, clear). Iterators are pointers; they are
// invalidated as a std::vector's are, and also by moving the container while
// it holds its elements inline.
//
// Example:
//
//   onhand::scan::inline_vector<std::string, 4> lots;
//   lots.push_back("L1");   // inline: no allocation
//   for (const auto& lot : lots) use(lot);
#pragma once

#include <algorithm>
#include <cstddef>
#include <memory>
#include <new>
#include <type_traits>
#include <utility>

namespace onhand::scan {

template <class T, std::size_t N>
class inline_vector {
  static_assert(N > 0, "an inline_vector holds at least one element inline");

 public:
  using value_type = T;
  using size_type = std::size_t;
  using difference_type = std::ptrdiff_t;
  using reference = T&;
  using const_reference = const T&;
  using pointer = T*;
  using const_pointer = const T*;
  using iterator = T*;
  using const_iterator = const T*;

  // Provided rather than defaulted: the inline storage is left uninitialized
  // (a defaulted constructor of an object that holds one is zeroed whole by a
  // value-initialization such as `gs1_message{}`).
  inline_vector() noexcept {}  // NOLINT(modernize-use-equals-default)

  inline_vector(const inline_vector& other) : inline_vector() {
    reserve(other.size_);
    std::uninitialized_copy(other.begin(), other.end(), data_);
    size_ = other.size_;
  }

  inline_vector(inline_vector&& other) noexcept(std::is_nothrow_move_constructible_v<T>)
      : inline_vector() {
    take(std::move(other));
  }

  auto operator=(const inline_vector& other) -> inline_vector& {
    if (this != &other) {
      clear();
      reserve(other.size_);
      std::uninitialized_copy(other.begin(), other.end(), data_);
      size_ = other.size_;
    }
    return *this;
  }

  auto operator=(inline_vector&& other) noexcept(std::is_nothrow_move_constructible_v<T>)
      -> inline_vector& {
    if (this != &other) {
      clear();
      release();
      take(std::move(other));
    }
    return *this;
  }

  ~inline_vector() {
    clear();
    release();
  }

  [[nodiscard]] auto begin() noexcept -> iterator { return data_; }
  [[nodiscard]] auto end() noexcept -> iterator { return data_ + size_; }
  [[nodiscard]] auto begin() const noexcept -> const_iterator { return data_; }
  [[nodiscard]] auto end() const noexcept -> const_iterator { return data_ + size_; }
  [[nodiscard]] auto cbegin() const noexcept -> const_iterator { return data_; }
  [[nodiscard]] auto cend() const noexcept -> const_iterator { return data_ + size_; }

  [[nodiscard]] auto size() const noexcept -> size_type { return size_; }
  [[nodiscard]] auto empty() const noexcept -> bool { return size_ == 0; }
  [[nodiscard]] auto capacity() const noexcept -> size_type { return capacity_; }
  /// The number of elements held without allocating.
  [[nodiscard]] static constexpr auto inline_capacity() noexcept -> size_type { return N; }
  [[nodiscard]] auto data() noexcept -> T* { return data_; }
  [[nodiscard]] auto data() const noexcept -> const T* { return data_; }

  [[nodiscard]] auto operator[](size_type i) noexcept -> T& { return data_[i]; }
  [[nodiscard]] auto operator[](size_type i) const noexcept -> const T& { return data_[i]; }
  [[nodiscard]] auto front() noexcept -> T& { return data_[0]; }
  [[nodiscard]] auto front() const noexcept -> const T& { return data_[0]; }
  [[nodiscard]] auto back() noexcept -> T& { return data_[size_ - 1]; }
  [[nodiscard]] auto back() const noexcept -> const T& { return data_[size_ - 1]; }

  void reserve(size_type wanted) {
    if (wanted > capacity_) grow(wanted);
  }

  template <class... Args>
  auto emplace_back(Args&&... args) -> T& {
    if (size_ == capacity_) {
      // Built before the storage moves: an argument may refer to an element.
      T value(std::forward<Args>(args)...);
      grow(capacity_ * 2);
      return *std::construct_at(data_ + size_++, std::move(value));
    }
    return *std::construct_at(data_ + size_++, std::forward<Args>(args)...);
  }

  /// Appends the element that `make()` returns, built in place from it (a
  /// prvalue initializes the new element directly: nothing is moved or
  /// copied, which for an element of short strings saves copying each twice).
  /// `make` must not refer to this container's elements.
  template <class Make>
  auto emplace_back_from(Make&& make) -> T& {
    if (size_ == capacity_) grow(capacity_ * 2);
    T* slot = data_ + size_;
    ::new (static_cast<void*>(slot)) T(std::forward<Make>(make)());
    ++size_;
    return *slot;
  }

  void push_back(const T& value) { emplace_back(value); }
  void push_back(T&& value) { emplace_back(std::move(value)); }

  void pop_back() noexcept { std::destroy_at(data_ + --size_); }

  /// Destroys the elements and keeps the capacity (inline or allocated).
  void clear() noexcept {
    std::destroy(data_, data_ + size_);
    size_ = 0;
  }

  friend auto operator==(const inline_vector& a, const inline_vector& b) -> bool {
    return std::equal(a.begin(), a.end(), b.begin(), b.end());
  }

 private:
  [[nodiscard]] auto inline_data() noexcept -> T* {
    return std::launder(reinterpret_cast<T*>(inline_));
  }
  [[nodiscard]] auto on_heap() const noexcept -> bool {
    return data_ != reinterpret_cast<const T*>(inline_);
  }

  // Moves the elements into heap storage for `wanted` elements.
  void grow(size_type wanted) {
    T* fresh = std::allocator<T>{}.allocate(wanted);
    std::uninitialized_move(data_, data_ + size_, fresh);
    std::destroy(data_, data_ + size_);
    release();
    data_ = fresh;
    capacity_ = wanted;
  }

  // Frees heap storage (whose elements are already destroyed) and returns to
  // the inline storage.
  void release() noexcept {
    if (on_heap()) std::allocator<T>{}.deallocate(data_, capacity_);
    data_ = inline_data();
    capacity_ = N;
  }

  // Takes `other`'s elements into this empty container on its inline
  // storage; `other` is left empty.
  void take(inline_vector&& other) noexcept(std::is_nothrow_move_constructible_v<T>) {
    if (other.on_heap()) {
      data_ = other.data_;
      capacity_ = other.capacity_;
      size_ = other.size_;
      other.data_ = other.inline_data();
      other.capacity_ = N;
      other.size_ = 0;
      return;
    }
    std::uninitialized_move(other.begin(), other.end(), data_);
    size_ = other.size_;
    other.clear();
  }

  T* data_ = inline_data();
  size_type size_ = 0;
  size_type capacity_ = N;
  alignas(T) std::byte inline_[N * sizeof(T)];
};

}  // namespace onhand::scan
