// SPDX-License-Identifier: Apache-2.0
// File: onhand/core/uom.hpp
//
// Units of measure. Each item counts stock in one base unit with a precision
// (each: 0 decimals, kg: 3). Alternate units convert to the base by an exact
// rational factor (case = 12 each, pallet = 40 case = 480 each, lb =
// 0.45359237 kg). A conversion whose result has more decimals than the base
// unit allows is an error, never a rounding: 1 lb of a kg item kept to 3
// decimals is 0.45359237 kg, which does not fit, so it is refused.
//
// Example:
//
//   onhand::unit_set units{onhand::base_unit{"each", 0}};
//   units.add_alternate("case", onhand::unit_factor::parse("12").value(), "each");
//   units.add_alternate("pallet", onhand::unit_factor::parse("40").value(), "case");
//   auto base = units.to_base(onhand::quantity::units(2), "pallet");   // 960
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "onhand/core/quantity.hpp"
#include "onhand/core/result.hpp"

namespace onhand {

/// An item's base unit: its name and how many decimals a stock figure may have.
struct base_unit {
  std::string name;
  int decimals = 0;  ///< 0..6

  friend auto operator==(const base_unit&, const base_unit&) -> bool = default;
};

/// An exact positive rational: how many base units one alternate unit holds.
struct unit_factor {
  std::int64_t numerator = 1;
  std::int64_t denominator = 1;  ///< > 0; kept in lowest terms

  /// From a positive decimal text ("12", "0.45359237"); up to 18 significant digits.
  [[nodiscard]] static auto parse(std::string_view text) -> result<unit_factor>;
  /// From a positive fraction, reduced to lowest terms.
  [[nodiscard]] static auto ratio(std::int64_t numerator, std::int64_t denominator)
      -> result<unit_factor>;
  [[nodiscard]] auto to_string() const -> std::string;  ///< "12", "45359237/100000000"

  friend auto operator==(const unit_factor&, const unit_factor&) -> bool = default;
};

/// An alternate unit with its factor to the base unit.
struct alternate_unit {
  std::string name;
  unit_factor to_base;

  friend auto operator==(const alternate_unit&, const alternate_unit&) -> bool = default;
};

/// The units of one item: its base unit and its alternates.
class unit_set {
 public:
  /// Unit names are 1 to this many bytes of UTF-8 without control characters.
  static constexpr std::size_t name_length_max = 64;

  unit_set() = default;
  explicit unit_set(base_unit base) : base_(std::move(base)) {}

  /// Validates a base unit: a non-empty name and 0..6 decimals.
  [[nodiscard]] static auto make(base_unit base) -> result<unit_set>;

  /// Adds `name` = `factor` × `relative_to` (the base or an earlier alternate).
  /// Errors: malformed_input (empty name), definition_conflict (name taken),
  /// unit_mismatch (unknown `relative_to`), overflow.
  auto add_alternate(std::string name, unit_factor factor, std::string_view relative_to)
      -> result<void>;

  [[nodiscard]] auto base() const noexcept -> const base_unit& { return base_; }
  [[nodiscard]] auto alternates() const noexcept -> const std::vector<alternate_unit>& {
    return alternates_;
  }
  /// The factor of `unit` to the base (1 for the base itself), or unit_mismatch.
  [[nodiscard]] auto factor(std::string_view unit) const -> result<unit_factor>;

  /// `amount` of `unit` in base units. Errors: unit_mismatch, precision_exceeded
  /// (the result has more decimals than the base unit), overflow.
  [[nodiscard]] auto to_base(quantity amount, std::string_view unit) const -> result<quantity>;
  /// A base amount expressed in `unit`; precision_exceeded when not exact at 6 decimals.
  [[nodiscard]] auto from_base(quantity amount, std::string_view unit) const -> result<quantity>;
  /// Whether `amount` fits the base unit's precision; precision_exceeded if not.
  [[nodiscard]] auto check_precision(quantity amount) const -> result<void>;

  friend auto operator==(const unit_set&, const unit_set&) -> bool = default;

 private:
  base_unit base_{"each", 0};
  std::vector<alternate_unit> alternates_;
};

}  // namespace onhand
