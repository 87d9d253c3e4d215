// SPDX-License-Identifier: Apache-2.0
#include "catalog/commands.hpp"

namespace onhand::detail {
namespace {

// An intent of `Event{definition}` if the catalog finds the definition new,
// an empty one if it is already defined identically, else the conflict.
template <class Event, class Definition>
auto define(const state& s, const Definition& definition) -> result<intent> {
  auto checked = s.catalog.validate(definition);
  if (!checked) return std::move(checked).error();
  if (checked->has_value()) return intent{};
  return intent::of(event{Event{definition}});
}

// A definition from the log must be new and valid where it stands.
template <class Definition>
auto check_new(const state& s, const Definition& definition, std::string_view what)
    -> result<void> {
  auto checked = s.catalog.validate(definition);
  if (!checked || checked->has_value()) {
    return make_error(errc::store_failure,
                      std::string(what) + " '" + definition.code + "' is invalid or defined twice");
  }
  return {};
}

}  // namespace

auto validate(const state& s, const item_definition& item) -> result<intent> {
  return define<item_defined>(s, item);
}
auto validate(const state& s, const location_definition& location) -> result<intent> {
  // A flag that cannot apply to the kind is not stored: a virtual location
  // always may go negative, with or without allow_negative, and holds no
  // stock to hold apart.
  if ((location.allow_negative || location.hold) && !holds_stock(location.kind)) {
    auto stored = location;
    stored.allow_negative = false;
    stored.hold = false;
    return define<location_defined>(s, stored);
  }
  return define<location_defined>(s, location);
}
auto validate(const state& s, const lot_definition& lot) -> result<intent> {
  return define<lot_defined>(s, lot);
}

auto validate_lot_status(const state& s, lot_id lot, lot_status status) -> result<intent> {
  if (lot.index() >= s.catalog.lot_count()) {
    return make_error(errc::unknown_code, "unknown lot id", error_context{.field = "lot"});
  }
  if (s.catalog.lot(lot).status == status) return intent{};
  return intent::of(event{lot_status_set{lot, status}});
}

auto defined_id(const state& s, const item_definition& item) -> item_id {
  return *s.catalog.find_item(item.code);
}
auto defined_id(const state& s, const location_definition& location) -> location_id {
  return *s.catalog.find_location(location.code);
}
auto defined_id(const state& s, const lot_definition& lot) -> lot_id {
  return *s.catalog.find_lot(*s.catalog.find_item(lot.item), lot.code);
}

auto check_logged(const item_defined& e, const state& s) -> result<void> {
  return check_new(s, e.item, "item");
}
auto check_logged(const location_defined& e, const state& s) -> result<void> {
  return check_new(s, e.location, "location");
}
auto check_logged(const lot_defined& e, const state& s) -> result<void> {
  return check_new(s, e.lot, "lot");
}
auto check_logged(const lot_status_set& e, const state& s) -> result<void> {
  if (e.lot.index() >= s.catalog.lot_count()) {
    return make_error(errc::store_failure, "a status names an unknown lot id");
  }
  return {};
}

}  // namespace onhand::detail
