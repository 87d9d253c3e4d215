// SPDX-License-Identifier: Apache-2.0
#include "onhand/core/error.hpp"

namespace onhand {

// Values are persisted and exposed to Python: pin them.
static_assert(static_cast<int>(errc::malformed_input) == 1);
static_assert(static_cast<int>(errc::insufficient_stock) == 17);
static_assert(static_cast<int>(errc::store_failure) == 19);
static_assert(static_cast<int>(errc::unknown_application_identifier) == 30);
static_assert(static_cast<int>(errc::lot_expiry_mismatch) == 42);

auto kind_of(errc code) noexcept -> error_kind {
  switch (code) {
    case errc::malformed_input:
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
    case errc::lot_expiry_mismatch:
    case errc::invalid_parameter:
    case errc::unit_mismatch:
    case errc::precision_exceeded:
    case errc::invalid_quantity:
    case errc::tracking_mismatch:
    case errc::invalid_location:
    case errc::backdate_not_allowed:
      return error_kind::invalid_argument;
    case errc::unknown_code:
    case errc::unknown_gtin:
      return error_kind::not_found;
    case errc::idempotency_conflict:
    case errc::definition_conflict:
      return error_kind::already_exists;
    case errc::lot_expired:
    case errc::lot_quarantined:
    case errc::already_reversed:
    case errc::insufficient_stock:
      return error_kind::failed_precondition;
    case errc::concurrency_conflict:
      return error_kind::aborted;
    case errc::overflow:
      return error_kind::out_of_range;
    case errc::store_unavailable:
      return error_kind::unavailable;
    case errc::store_failure:
      return error_kind::internal;
  }
  return error_kind::internal;
}

auto name_of(errc code) noexcept -> std::string_view {
  switch (code) {
    case errc::malformed_input:
      return "malformed_input";
    case errc::unknown_application_identifier:
      return "unknown_application_identifier";
    case errc::bad_character:
      return "bad_character";
    case errc::bad_length:
      return "bad_length";
    case errc::bad_check_digit:
      return "bad_check_digit";
    case errc::bad_date:
      return "bad_date";
    case errc::conflicting_repeat:
      return "conflicting_repeat";
    case errc::exclusive_identifiers:
      return "exclusive_identifiers";
    case errc::unmet_association:
      return "unmet_association";
    case errc::unsupported_epc_scheme:
      return "unsupported_epc_scheme";
    case errc::invalid_partition:
      return "invalid_partition";
    case errc::epc_value_out_of_range:
      return "epc_value_out_of_range";
    case errc::unknown_gtin:
      return "unknown_gtin";
    case errc::lot_expiry_mismatch:
      return "lot_expiry_mismatch";
    case errc::invalid_parameter:
      return "invalid_parameter";
    case errc::idempotency_conflict:
      return "idempotency_conflict";
    case errc::concurrency_conflict:
      return "concurrency_conflict";
    case errc::unknown_code:
      return "unknown_code";
    case errc::definition_conflict:
      return "definition_conflict";
    case errc::unit_mismatch:
      return "unit_mismatch";
    case errc::precision_exceeded:
      return "precision_exceeded";
    case errc::overflow:
      return "overflow";
    case errc::invalid_quantity:
      return "invalid_quantity";
    case errc::tracking_mismatch:
      return "tracking_mismatch";
    case errc::invalid_location:
      return "invalid_location";
    case errc::backdate_not_allowed:
      return "backdate_not_allowed";
    case errc::lot_expired:
      return "lot_expired";
    case errc::lot_quarantined:
      return "lot_quarantined";
    case errc::already_reversed:
      return "already_reversed";
    case errc::insufficient_stock:
      return "insufficient_stock";
    case errc::store_unavailable:
      return "store_unavailable";
    case errc::store_failure:
      return "store_failure";
  }
  return "unknown";
}

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

}  // namespace onhand
