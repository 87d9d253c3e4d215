// SPDX-License-Identifier: Apache-2.0
// File: onhand/core/result.hpp
//
// `result<T>` holds either a T or an onhand::error. It carries the member
// names of std::expected (has_value, value, error, value_or, and_then,
// transform) so code reads the same when onhand moves to C++23, but it is one
// type in every translation unit, whatever the language mode.
//
// Reading value() of an error throws bad_result_access: that is a programmer
// error at a boundary, not a way to report failures.
//
// Example:
//
//   auto parsed = onhand::quantity::parse(text);
//   if (!parsed) return parsed.error();        // propagate
//   use(*parsed);
#pragma once

#include <exception>
#include <optional>
#include <type_traits>
#include <utility>
#include <variant>

#include "onhand/core/error.hpp"

namespace onhand {

/// Thrown by result<T>::value() when the result holds an error.
class bad_result_access : public std::exception {
 public:
  explicit bad_result_access(onhand::error err) : error_(std::move(err)) {}
  [[nodiscard]] auto what() const noexcept -> const char* override {
    return error_.message.c_str();
  }
  [[nodiscard]] auto error() const noexcept -> const onhand::error& { return error_; }

 private:
  onhand::error error_;
};

template <class T>
class [[nodiscard]] result {
  static_assert(!std::is_same_v<std::remove_cv_t<T>, onhand::error>, "result<error> is ambiguous");

 public:
  using value_type = T;

  result() requires std::is_default_constructible_v<T> : storage_(std::in_place_index<0>) {}
  result(const T& value) : storage_(std::in_place_index<0>, value) {}        // NOLINT: implicit
  result(T&& value) : storage_(std::in_place_index<0>, std::move(value)) {}  // NOLINT
  result(onhand::error err) : storage_(std::in_place_index<1>, std::move(err)) {}  // NOLINT
  template <class... Args>
  explicit result(std::in_place_t, Args&&... args)
      : storage_(std::in_place_index<0>, std::forward<Args>(args)...) {}

  [[nodiscard]] auto has_value() const noexcept -> bool { return storage_.index() == 0; }
  explicit operator bool() const noexcept { return has_value(); }

  auto value() & -> T& { return check(), *std::get_if<0>(&storage_); }
  auto value() const& -> const T& { return check(), *std::get_if<0>(&storage_); }
  auto value() && -> T&& { return check(), std::move(*std::get_if<0>(&storage_)); }

  auto operator*() & noexcept -> T& { return assume_value(); }
  auto operator*() const& noexcept -> const T& {
    ONHAND_ASSERT(has_value(), "result holds an error");
    return *std::get_if<0>(&storage_);
  }
  auto operator*() && noexcept -> T&& { return std::move(assume_value()); }
  auto operator->() noexcept -> T* { return &assume_value(); }
  auto operator->() const noexcept -> const T* { return &**this; }

  auto error() const& noexcept -> const onhand::error& {
    ONHAND_ASSERT(!has_value(), "result holds a value");
    return *std::get_if<1>(&storage_);
  }
  auto error() && noexcept -> onhand::error&& {
    ONHAND_ASSERT(!has_value(), "result holds a value");
    return std::move(*std::get_if<1>(&storage_));
  }

  template <class U>
  auto value_or(U&& fallback) const& -> T {
    return has_value() ? **this : static_cast<T>(std::forward<U>(fallback));
  }

  /// f(T) -> result<U>; errors pass through.
  template <class F>
  auto and_then(F&& f) const& {
    using out = std::invoke_result_t<F, const T&>;
    return has_value() ? std::forward<F>(f)(**this) : out(error());
  }
  /// f(T) -> U; wraps the value, errors pass through.
  template <class F>
  auto transform(F&& f) const& {
    using out = result<std::remove_cvref_t<std::invoke_result_t<F, const T&>>>;
    return has_value() ? out(std::forward<F>(f)(**this)) : out(error());
  }

 private:
  void check() const {
    if (!has_value()) throw bad_result_access(*std::get_if<1>(&storage_));
  }
  auto assume_value() noexcept -> T& {
    ONHAND_ASSERT(has_value(), "result holds an error");
    return *std::get_if<0>(&storage_);
  }
  std::variant<T, onhand::error> storage_;
};

/// A result with no value: success, or an error.
template <>
class [[nodiscard]] result<void> {
 public:
  result() noexcept = default;
  result(onhand::error err) : error_(std::move(err)) {}  // NOLINT: implicit, as for result<T>

  [[nodiscard]] auto has_value() const noexcept -> bool { return !error_.has_value(); }
  explicit operator bool() const noexcept { return has_value(); }
  void value() const {
    if (error_) throw bad_result_access(*error_);
  }
  auto error() const& noexcept -> const onhand::error& {
    ONHAND_ASSERT(!has_value(), "result holds a value");
    return *error_;
  }
  auto error() && noexcept -> onhand::error&& {
    ONHAND_ASSERT(!has_value(), "result holds a value");
    return std::move(*error_);
  }

 private:
  std::optional<onhand::error> error_;
};

}  // namespace onhand
