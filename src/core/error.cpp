// SPDX-License-Identifier: Apache-2.0
#include "onhand/core/error.hpp"

#include <cstddef>
#include <cstdint>
#include <ostream>

namespace onhand {

namespace {

// C++20 cannot list an enum's enumerators, so this switch names each once, for
// the completeness check below and nothing else: -Wswitch (an error in the dev
// preset) flags an enumerator missing here.
constexpr auto is_enumerator(errc code) -> bool {
  switch (code) {
    case errc::malformed_input:
    case errc::empty_input:
    case errc::unknown_application_identifier:
    case errc::bad_character:
    case errc::bad_length:
    case errc::bad_check_digit:
    case errc::bad_date:
    case errc::conflicting_repeat:
    case errc::exclusive_identifiers:
    case errc::unmet_association:
    case errc::unsupported_epc_scheme:
    case errc::invalid_partition:
    case errc::epc_value_out_of_range:
    case errc::unknown_gtin:
    case errc::lot_expiry_mismatch:
    case errc::invalid_parameter:
    case errc::idempotency_conflict:
    case errc::concurrency_conflict:
    case errc::unknown_code:
    case errc::definition_conflict:
    case errc::unit_mismatch:
    case errc::precision_exceeded:
    case errc::overflow:
    case errc::invalid_quantity:
    case errc::tracking_mismatch:
    case errc::invalid_location:
    case errc::backdate_not_allowed:
    case errc::lot_expired:
    case errc::lot_quarantined:
    case errc::already_reversed:
    case errc::insufficient_stock:
    case errc::store_unavailable:
    case errc::store_failure:
    case errc::unknown_reservation:
    case errc::already_resolved:
    case errc::exceeds_reservation:
    case errc::insufficient_shelf_life:
    case errc::clock_regression:
    case errc::unknown_transfer:
    case errc::transfer_already_closed:
    case errc::exceeds_transfer:
    case errc::exceeds_shipment:
    case errc::unknown_sales_order:
    case errc::unknown_purchase_order:
    case errc::wrong_purchase_order_status:
    case errc::unexpected_receipt:
    case errc::over_receipt:
    case errc::not_inspected:
    case errc::exceeds_inspection:
    case errc::unknown_count_task:
    case errc::count_in_progress:
    case errc::wrong_count_status:
    case errc::invalid_cost:
    case errc::cost_mismatch:
      return true;
  }
  return false;
}

// Every enumerator has a row in errc_table, and the table has no other rows.
constexpr auto errc_table_is_complete() -> bool {
  std::size_t enumerators = 0;
  for (std::uint32_t value = 0; value <= UINT16_MAX; ++value) {
    const auto code = static_cast<errc>(value);
    if (!is_enumerator(code)) continue;
    ++enumerators;
    if (precedence_of(code) == std::size(errc_table)) return false;
  }
  return enumerators == std::size(errc_table);
}

static_assert(errc_table_is_complete(), "an errc enumerator has no row in errc_table");

}  // namespace

auto name_of(error_kind kind) noexcept -> std::string_view {
  switch (kind) {
    case error_kind::invalid_argument:
      return "invalid_argument";
    case error_kind::not_found:
      return "not_found";
    case error_kind::already_exists:
      return "already_exists";
    case error_kind::failed_precondition:
      return "failed_precondition";
    case error_kind::aborted:
      return "aborted";
    case error_kind::out_of_range:
      return "out_of_range";
    case error_kind::unavailable:
      return "unavailable";
    case error_kind::internal:
      return "internal";
  }
  return "internal";
}

auto make_error(errc code, std::string message, error_context context) -> error {
  return error{code, std::move(context), std::move(message)};
}

auto to_string(const error& e) -> std::string {
  std::string out(name_of(e.code));
  out += ": ";
  for (char c : e.message) out.push_back(c == '\n' || c == '\r' ? ' ' : c);
  // An error with its lines names them in the message already.
  if (e.context.line && e.context.lines.empty()) {
    out += " [line " + std::to_string(*e.context.line) + "]";
  }
  return out;
}

auto operator<<(std::ostream& out, const error& e) -> std::ostream& { return out << to_string(e); }

auto operator<<(std::ostream& out, errc code) -> std::ostream& { return out << name_of(code); }

auto operator<<(std::ostream& out, error_kind kind) -> std::ostream& {
  return out << name_of(kind);
}

}  // namespace onhand
