// SPDX-License-Identifier: Apache-2.0
// Lots on onhand._core.Inventory: the lot-level view (the stock of every lot
// at every internal and transit location, with its expiry and status on a
// day; onhand/__init__.py makes a DataFrame of the rows, Inventory.lots), and
// the expiry a receipt gives a new lot from its item's shelf life.
#include <algorithm>
#include <chrono>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include <pybind11/stl.h>

#include "onhand/inventory.hpp"

#include "bindings.hpp"

namespace onhand::python {
namespace {

struct lot_row {
  item_id item;
  location_id location;
  lot_id lot;
  quantity amount;
  std::string status;  // read with the amount: a lot's status changes
};

// "expired" for a usable lot whose expiry is before `day` (as is_quarantined
// judges it); otherwise the lot's own status.
auto status_on(const lot_definition& lot, date day) -> std::string {
  if (lot.status == lot_status::available && is_quarantined(lot, day)) return "expired";
  return std::string(name_of(lot.status));
}

}  // namespace

void define_lot_by_shelf_life(inventory& self, const std::string& item, const std::string& lot,
                              const py::object& effective) {
  std::optional<int> shelf_life_days;
  self.read([&](const state& s) {
    const auto id = s.catalog.find_item(item);
    if (!id || s.catalog.find_lot(*id, lot)) return;  // the posting reports an unknown item
    const auto& definition = s.catalog.item(*id);
    if (definition.lot_tracked || definition.serial_tracked) {
      shelf_life_days = definition.shelf_life_days;
    }
  });
  if (!shelf_life_days) return;
  const date received =
      effective.is_none() ? today() : date_of(to_timestamp(effective, "effective"));
  const date expiry{std::chrono::sys_days{received} + std::chrono::days{*shelf_life_days}};
  const lot_definition definition{.item = item, .code = lot, .expiry = expiry};
  unwrap(without_gil([&] { return self.define_lot(definition); }));
}

void bind_lots(inventory_class& cls) {
  cls.def(
      "_lots",
      [](const inventory& self, const std::optional<std::string>& item,
         const std::optional<std::string>& location, const py::object& day) {
        const date on = day.is_none() ? today() : to_date(day, "day");
        std::optional<item_id> only_item;
        if (item) only_item = unwrap(self.item_by_code(*item));
        std::optional<location_id> only_location;
        if (location) only_location = unwrap(self.location_by_code(*location));
        // The lots are found and ordered, with their amounts and statuses,
        // without the GIL; the rows are made after, under a second reader
        // lock for the codes and expiries, which never change.
        const auto lots = without_gil([&] {
          return self.read([&](const state& s) {
            const auto& c = s.catalog;
            std::vector<lot_row> rows;
            const auto collect = [&](item_id id) {
              for (auto index : s.ledger.accounts_of(id)) {
                const auto& account = s.ledger.account_at(index);
                const auto& key = account.key;
                if (key.lot.is_none() || !s.physical(key.location)) continue;
                if (only_location && key.location != *only_location) continue;
                const auto amount = account.on_hand.from_zero();
                if (amount.is_zero()) continue;
                rows.push_back({id, key.location, key.lot, amount, status_on(c.lot(key.lot), on)});
              }
            };
            if (only_item) {
              collect(*only_item);
            } else {
              for (std::uint32_t i = 0; i < c.item_count(); ++i) collect(item_id{i});
            }
            // Items and locations in definition order; within them, first to
            // expire first (FEFO), lots without an expiry last.
            const auto order = [&](const lot_row& r) {
              const auto& lot = c.lot(r.lot);
              return std::tuple(r.item.value, r.location.value, !lot.expiry.has_value(),
                                lot.expiry.value_or(date{}), std::string_view(lot.code));
            };
            std::sort(rows.begin(), rows.end(),
                      [&](const lot_row& a, const lot_row& b) { return order(a) < order(b); });
            return rows;
          });
        });
        py::list out;
        self.read([&](const state& s) {
          const auto& c = s.catalog;
          for (const auto& r : lots) {
            const auto& lot = c.lot(r.lot);
            py::object expiry = py::none();
            py::object days_left = py::none();
            if (lot.expiry) {
              expiry = to_python(*lot.expiry);
              days_left = py::int_(
                  (std::chrono::sys_days{*lot.expiry} - std::chrono::sys_days{on}).count());
            }
            out.append(py::make_tuple(c.item(r.item).code, c.location(r.location).code, lot.code,
                                      to_decimal(r.amount), expiry, r.status, days_left));
          }
        });
        return out;
      },
      py::arg("item") = py::none(), py::arg("location") = py::none(), py::arg("day") = py::none());
}

}  // namespace onhand::python
