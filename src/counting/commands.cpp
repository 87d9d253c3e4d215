// SPDX-License-Identifier: Apache-2.0
#include "counting/commands.hpp"

#include "onhand/catalog/catalog.hpp"
#include "onhand/detail/int128.hpp"
#include "onhand/ledger/queries.hpp"

#include "engine/checks.hpp"

namespace onhand::detail {
namespace {

constexpr std::size_t abc_class_length_max = 16;

auto abs(quantity q) -> quantity { return q.is_negative() ? -q : q; }

// The place a task counts: an item, an internal location, the lot the item's
// tracking asks for, and an inventory-loss location for the differences.
auto check_place(const state& s, const count_task_started& e) -> result<void> {
  if (e.item.index() >= s.catalog.item_count()) {
    return make_error(errc::unknown_code, "unknown item id", error_context{.field = "item"});
  }
  const auto& item = s.catalog.item(e.item);
  if (e.location.index() >= s.catalog.location_count()) {
    return make_error(errc::unknown_code, "unknown location id",
                      error_context{.item = item.code, .field = "location"});
  }
  if (e.loss_location.index() >= s.catalog.location_count()) {
    return make_error(errc::unknown_code, "unknown loss location id",
                      error_context{.item = item.code, .field = "loss_location"});
  }
  if (s.catalog.location(e.location).kind != location_kind::internal) {
    return make_error(
        errc::invalid_location,
        "location '" + location_code(s, e.location) +
            "' is not an internal location: only internal stock is counted",
        error_context{
            .item = item.code, .location = location_code(s, e.location), .field = "location"});
  }
  if (s.catalog.location(e.loss_location).kind != location_kind::inventory_loss) {
    return make_error(
        errc::invalid_location,
        "location '" + location_code(s, e.loss_location) + "' is not an inventory_loss location",
        error_context{.item = item.code,
                      .location = location_code(s, e.loss_location),
                      .field = "loss_location"});
  }
  const bool tracked = item.lot_tracked || item.serial_tracked;
  if (tracked && e.lot.is_none()) {
    return make_error(errc::tracking_mismatch,
                      "item '" + item.code + "' is tracked: a count task names its lot",
                      error_context{.item = item.code, .field = "lot"});
  }
  if (!tracked && !e.lot.is_none()) {
    return make_error(errc::tracking_mismatch,
                      "item '" + item.code + "' is not tracked: a count task names no lot",
                      error_context{.item = item.code, .field = "lot"});
  }
  if (tracked &&
      (e.lot.index() >= s.catalog.lot_count() || s.catalog.lot(e.lot).item != item.code)) {
    return make_error(errc::unknown_code, "the lot is not a lot of item '" + item.code + "'",
                      error_context{.item = item.code, .field = "lot"});
  }
  return {};
}

auto check_tolerance(const state& s, const count_task_started& e) -> result<void> {
  const auto fault = [&](std::string message, std::string field) {
    return make_error(errc::invalid_parameter, std::move(message),
                      error_context{.item = item_code(s, e.item), .field = std::move(field)});
  };
  const auto& t = e.tolerance;
  if (t.quantity_max && t.quantity_max->is_negative()) {
    return fault("a quantity tolerance must not be negative", "tolerance.quantity_max");
  }
  if (t.percent_max && t.percent_max->is_negative()) {
    return fault("a percent tolerance must not be negative", "tolerance.percent_max");
  }
  if (t.value_max && t.value_max->is_negative()) {
    return fault("a value tolerance must not be negative", "tolerance.value_max");
  }
  if (e.unit_cost && e.unit_cost->is_negative()) {
    return fault("a unit cost must not be negative", "unit_cost");
  }
  if (t.value_max && !e.unit_cost) {
    return fault("a value tolerance needs the task's unit cost", "unit_cost");
  }
  return {};
}

// The rules of a task's start, for the command and for replay alike.
auto check_start(const state& s, const count_task_started& e) -> result<void> {
  if (auto ok = validate_code(e.key, "key"); !ok) return ok;
  if (!e.abc_class.empty()) {
    if (auto ok = validate_code(e.abc_class, "abc_class"); !ok) return ok;
    if (e.abc_class.size() > abc_class_length_max) {
      return make_error(errc::malformed_input, "abc_class is longer than 16 bytes",
                        error_context{.field = "abc_class"});
    }
  }
  if (auto ok = check_place(s, e); !ok) return ok;
  if (auto ok = check_tolerance(s, e); !ok) return ok;
  if (const auto open = s.counts.open_task(e.item, e.location, e.lot)) {
    const auto& other = s.counts.at(*open);
    return make_error(errc::count_in_progress,
                      "task '" + other.key + "' is counting '" + item_code(s, e.item) + "' at '" +
                          location_code(s, e.location) + "' already",
                      error_context{.item = item_code(s, e.item),
                                    .location = location_code(s, e.location),
                                    .document = other.key});
  }
  return {};
}

auto task_context(const state& s, const count_task& t) -> error_context {
  return error_context{
      .item = item_code(s, t.item), .location = location_code(s, t.location), .document = t.key};
}

auto check_status(const state& s, count_task_id id, count_status wanted) -> result<void> {
  const auto& t = s.counts.at(id);
  if (t.status != wanted) {
    return make_error(errc::wrong_count_status,
                      "task '" + t.key + "' is " + std::string(name_of(t.status)) + ", not " +
                          std::string(name_of(wanted)),
                      task_context(s, t));
  }
  return {};
}

auto check_known_task(const state& s, count_task_id id) -> result<void> {
  if (id.index() >= s.counts.size()) {
    return make_error(errc::store_failure, "a count event names an unknown task id");
  }
  return {};
}

// The rules of a count, for the command and for replay alike (the expected
// quantity and the verdict are the command's to compute, replay's to check).
auto check_count(const state& s, const count_submitted& e) -> result<void> {
  if (auto ok = validate_code(e.key, "key"); !ok) return ok;
  if (auto ok = check_status(s, e.task, count_status::counting); !ok) return ok;
  const auto& t = s.counts.at(e.task);
  if (auto ok = s.catalog.item(t.item).units.check_precision(e.counted); !ok) {
    auto err = std::move(ok).error();
    err.context = task_context(s, t);
    err.context.field = "counted";
    return err;
  }
  if (e.counted.is_negative()) {
    auto context = task_context(s, t);
    context.field = "counted";
    return make_error(errc::invalid_quantity,
                      "a count must not be negative, not " + e.counted.to_string(), context);
  }
  if (e.counted_at < t.started || e.counted_at > e.recorded) {
    auto context = task_context(s, t);
    context.field = "counted_at";
    return make_error(errc::invalid_parameter,
                      "the counted time " + format(e.counted_at) +
                          " is not between the task's start (" + format(t.started) + ") and now (" +
                          format(e.recorded) + ")",
                      context);
  }
  // The key of the adjustment it may post must be a valid key too.
  return validate_code(adjustment_key(e.key), "key");
}

auto book_at(const state& s, const count_task& t, timestamp at) -> quantity {
  return balance_as_of(s, t.item, t.location, t.lot, at).from_zero();
}

template <class Decision>
auto decision_event(const state& s, const count_decision& request, timestamp recorded)
    -> result<Decision> {
  auto id = find_task(s, request.task);
  if (!id) return id.error();
  Decision e;
  e.key = request.key;
  e.task = *id;
  e.recorded = recorded;
  if (auto ok = validate_code(e.key, "key"); !ok) return ok.error();
  if (auto ok = check_status(s, e.task, count_status::awaiting_approval); !ok) return ok.error();
  return e;
}

template <class Decision>
auto check_logged_decision(const Decision& e, const state& s) -> result<void> {
  if (auto ok = check_new_key(s, e.key); !ok) return ok;
  if (auto ok = check_known_task(s, e.task); !ok) return ok;
  if (auto ok = validate_code(e.key, "key"); !ok) return ok;
  return check_status(s, e.task, count_status::awaiting_approval);
}

}  // namespace

auto is_within_tolerance(const count_tolerance& tolerance, const std::optional<money>& unit_cost,
                         quantity expected, quantity variance) -> bool {
  const auto size = abs(variance);
  if (!tolerance.quantity_max && !tolerance.percent_max && !tolerance.value_max) {
    return size.is_zero();
  }
  if (tolerance.quantity_max && size > *tolerance.quantity_max) return false;
  if (tolerance.percent_max && !size.is_zero()) {
    // |variance| / |expected| × 100 ≤ percent, without dividing: both sides
    // carry quantity's scale once, so the products are exact in 128 bits.
    const auto base = abs(expected);
    if (base.is_zero()) return false;
    const int128 lhs = static_cast<int128>(size.raw()) * 100 * quantity::scale;
    const int128 rhs = static_cast<int128>(tolerance.percent_max->raw()) * base.raw();
    if (lhs > rhs) return false;
  }
  if (tolerance.value_max) {
    if (!unit_cost) return false;
    auto value = extend(size, *unit_cost);
    if (!value || *tolerance.value_max < *value) return false;
  }
  return true;
}

auto find_task(const state& s, std::string_view key) -> result<count_task_id> {
  const auto id = s.counts.find(key);
  if (!id) {
    return make_error(errc::unknown_count_task,
                      "no count task was started under key '" + std::string(key) + "'",
                      error_context{.document = std::string(key), .field = "task"});
  }
  return *id;
}

auto start_event(const state& s, const count_request& request, timestamp recorded)
    -> result<count_task_started> {
  count_task_started e{.key = request.key,
                       .item = request.item,
                       .location = request.location,
                       .lot = request.lot,
                       .loss_location = request.loss_location,
                       .abc_class = request.abc_class,
                       .blind = request.blind,
                       .tolerance = request.tolerance,
                       .unit_cost = request.unit_cost,
                       .snapshot = {},
                       .recorded = recorded};
  if (auto ok = check_start(s, e); !ok) return ok.error();
  e.snapshot = balance_as_of(s, e.item, e.location, e.lot, recorded).from_zero();
  return e;
}

auto same_start(const event& stored, const count_request& request) -> bool {
  const auto* e = std::get_if<count_task_started>(&stored);
  return e != nullptr && e->item == request.item && e->location == request.location &&
         e->lot == request.lot && e->loss_location == request.loss_location &&
         e->abc_class == request.abc_class && e->blind == request.blind &&
         e->tolerance == request.tolerance && e->unit_cost == request.unit_cost;
}

auto submission_event(const state& s, const count_submission& request, timestamp recorded)
    -> result<count_submitted> {
  auto id = find_task(s, request.task);
  if (!id) return id.error();
  const auto& t = s.counts.at(*id);
  count_submitted e{.key = request.key,
                    .task = *id,
                    .counted = request.counted,
                    .counted_at = request.counted_at.value_or(recorded),
                    .expected = {},
                    .within_tolerance = false,
                    .recorded = recorded};
  if (auto ok = check_count(s, e); !ok) return ok.error();
  e.expected = book_at(s, t, e.counted_at);
  e.within_tolerance =
      is_within_tolerance(t.tolerance, t.unit_cost, e.expected, e.counted - e.expected);
  return e;
}

auto same_submission(const event& stored, const state& s, const count_submission& request) -> bool {
  const auto* e = std::get_if<count_submitted>(&stored);
  const auto id = s.counts.find(request.task);
  return e != nullptr && id && e->task == *id && e->counted == request.counted &&
         (!request.counted_at || e->counted_at == *request.counted_at);
}

auto approval_event(const state& s, const count_decision& request, timestamp recorded)
    -> result<count_approved> {
  auto e = decision_event<count_approved>(s, request, recorded);
  if (!e) return e;
  const auto& t = s.counts.at(e->task);
  e->adjustment = t.counted - book_at(s, t, t.counted_at);
  if (auto ok = validate_code(adjustment_key(e->key), "key"); !ok) return ok.error();
  return e;
}

auto validate_rejection(const state& s, const count_decision& request, timestamp recorded)
    -> result<intent> {
  auto e = decision_event<count_rejected>(s, request, recorded);
  if (!e) return e.error();
  return intent::of(event{*std::move(e)});
}

auto validate_recount(const state& s, const count_decision& request, timestamp recorded)
    -> result<intent> {
  auto e = decision_event<recount_requested>(s, request, recorded);
  if (!e) return e.error();
  return intent::of(event{*std::move(e)});
}

auto adjustment_key(std::string_view key) -> std::string {
  return std::string(key) + "/adjustment";
}

auto adjustment_of(const count_submitted& e) -> std::optional<count_adjustment> {
  const auto amount = e.counted - e.expected;
  if (!e.within_tolerance || amount.is_zero()) return std::nullopt;
  return count_adjustment{e.task, amount, adjustment_key(e.key), e.counted_at};
}

auto adjustment_of(const count_approved& e, const state& s) -> std::optional<count_adjustment> {
  if (e.adjustment.is_zero() || e.task.index() >= s.counts.size()) return std::nullopt;
  return count_adjustment{e.task, e.adjustment, adjustment_key(e.key),
                          s.counts.at(e.task).counted_at};
}

auto adjustment_document(const state& s, const count_adjustment& adjustment) -> movement_document {
  const auto& t = s.counts.at(adjustment.task);
  const bool gain = adjustment.amount.is_positive();
  return movement_document{
      .key = adjustment.key,
      .reason = movement_reason::count,
      .effective = adjustment.effective,
      .reference = {.external_document = t.key, .external_line = {}, .note = {}},
      .lines = {{.item = t.item,
                 .lot = t.lot,
                 .from = gain ? t.loss_location : t.location,
                 .to = gain ? t.location : t.loss_location,
                 .amount = abs(adjustment.amount)}}};
}

auto check_adjustment(const state& s, const count_adjustment& adjustment,
                      const movement_document& document) -> result<void> {
  if (document != adjustment_document(s, adjustment)) {
    return make_error(errc::store_failure,
                      "a count's document is not the adjustment the count asks for");
  }
  return {};
}

auto check_logged(const count_task_started& e, const state& s) -> result<void> {
  if (auto ok = check_new_key(s, e.key); !ok) return ok;
  if (auto ok = check_start(s, e); !ok) return ok;
  if (e.snapshot != balance_as_of(s, e.item, e.location, e.lot, e.recorded).from_zero()) {
    return make_error(errc::store_failure, "a count task's snapshot is not the book it started on");
  }
  return {};
}

auto check_logged(const count_submitted& e, const state& s) -> result<void> {
  if (auto ok = check_new_key(s, e.key); !ok) return ok;
  if (auto ok = check_known_task(s, e.task); !ok) return ok;
  if (auto ok = check_count(s, e); !ok) return ok;
  const auto& t = s.counts.at(e.task);
  if (e.expected != book_at(s, t, e.counted_at)) {
    return make_error(errc::store_failure, "a count's expected quantity is not the book");
  }
  if (e.within_tolerance !=
      is_within_tolerance(t.tolerance, t.unit_cost, e.expected, e.counted - e.expected)) {
    return make_error(errc::store_failure, "a count's tolerance verdict is not the task's rule");
  }
  return {};
}

auto check_logged(const count_approved& e, const state& s) -> result<void> {
  if (auto ok = check_logged_decision(e, s); !ok) return ok;
  if (auto ok = validate_code(adjustment_key(e.key), "key"); !ok) return ok;
  const auto& t = s.counts.at(e.task);
  if (e.adjustment != t.counted - book_at(s, t, t.counted_at)) {
    return make_error(errc::store_failure, "an approval's adjustment is not count − book");
  }
  return {};
}

auto check_logged(const count_rejected& e, const state& s) -> result<void> {
  return check_logged_decision(e, s);
}

auto check_logged(const recount_requested& e, const state& s) -> result<void> {
  return check_logged_decision(e, s);
}

}  // namespace onhand::detail
