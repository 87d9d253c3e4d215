// SPDX-License-Identifier: Apache-2.0
// The reference scenario: a consumer-goods brand with SKUs in three 3PL
// warehouses, kept in one SQLite file (the first argument; by default
// onhand-example.db in the current directory). A second run finds the first
// run's inventory in the file and says so: every command of the scenario is
// then a retry under its key, and nothing is doubled.
//
// It receives purchase orders (dated lots for the serum),
// rebalances stock between warehouses through transit, ships direct and
// wholesale orders, books a cycle-count adjustment, tries an order that would
// oversell (refused, nothing changes), retries a posting safely, and prints
// the consolidated stock position per SKU and per location. Wholesale gets a
// ring-fenced quota of soap at 3PL-WEST; direct and wholesale orders reserve
// stock and ship against their reservations, and a direct order that would
// take wholesale's stock is refused. Then it checks
// reorder points (safety stock from demand and supplier lead-time
// variability, orders rounded to case packs and MOQ), and ends with
// verify(), which re-derives every balance from the event log.
#include <cstdio>
#include <map>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include "onhand/inventory.hpp"
#include "onhand/planning/order_rounding.hpp"
#include "onhand/planning/safety_stock.hpp"
#include "onhand/storage/sqlite_store.hpp"

namespace {

using onhand::location_kind;
using onhand::movement_reason;
using onhand::quantity;

auto fail(const onhand::error& e) -> int {
  std::fprintf(stderr, "error %s: %s\n", std::string(onhand::name_of(e.code)).c_str(),
               e.message.c_str());
  return 1;
}

}  // namespace

auto main(int argc, char** argv) -> int {
  const std::string path = argc > 1 ? argv[1] : "onhand-example.db";
  auto file = onhand::sqlite_store::open(path);
  if (!file) return fail(file.error());
  auto opened = onhand::inventory::open(std::move(*file));
  if (!opened) return fail(opened.error());
  auto& inv = *opened;
  if (const auto found = inv.log_position(); found > 0) {
    std::printf(
        "Opened %s: %llu events from an earlier run. Every command below is a retry\n"
        "under its key: the originals are returned and nothing is doubled.\n\n",
        path.c_str(), static_cast<unsigned long long>(found));
  } else {
    std::printf("Created %s: the inventory lives in this file (run again to reopen it).\n\n",
                path.c_str());
  }

  // Locations: three 3PLs (EAST has a zone with bins), transit, and the
  // virtual counter-sides of double entry.
  const std::vector<onhand::location_definition> locations = {
      {.code = "SUPPLIER", .kind = location_kind::supplier},
      {.code = "CUSTOMER-DTC",
       .description = "direct to consumer",
       .kind = location_kind::customer},
      {.code = "CUSTOMER-WHOLESALE", .kind = location_kind::customer},
      {.code = "INVENTORY-LOSS", .kind = location_kind::inventory_loss},
      {.code = "TRANSIT", .kind = location_kind::transit},
      {.code = "3PL-EAST", .description = "Newark, NJ"},
      {.code = "EAST/PICK", .parent = "3PL-EAST"},
      {.code = "EAST/RESERVE", .parent = "3PL-EAST"},
      {.code = "3PL-WEST", .description = "Reno, NV"},
      {.code = "3PL-SOUTH", .description = "Dallas, TX"},
  };
  for (const auto& l : locations) {
    if (auto r = inv.define_location(l); !r) return fail(r.error());
  }

  // Items: each-counted with cases, a lot-tracked serum with a shelf life,
  // and a bulk item counted in kg to three decimals.
  onhand::unit_set each{{"each", 0}};
  if (auto r = each.add_alternate("case", onhand::unit_factor{12, 1}, "each"); !r)
    return fail(r.error());
  const std::vector<onhand::item_definition> items = {
      {.code = "SOAP-BAR", .description = "Olive soap bar", .units = each},
      {.code = "SERUM-30ML",
       .description = "Vitamin C serum",
       .units = each,
       .lot_tracked = true,
       .shelf_life_days = 540},
      {.code = "CANDLE-L", .description = "Large candle", .units = each},
      {.code = "BATH-SALT", .description = "Bath salt, bulk", .units = onhand::unit_set{{"kg", 3}}},
  };
  for (const auto& i : items) {
    if (auto r = inv.define_item(i); !r) return fail(r.error());
  }
  for (auto [lot, expiry] : {std::pair{"L2611", "2028-05-31"}, std::pair{"L2702", "2028-09-30"}}) {
    if (auto r = inv.define_lot(
            {.item = "SERUM-30ML", .code = lot, .expiry = onhand::parse_date(expiry).value()});
        !r) {
      return fail(r.error());
    }
  }

  // Documents are written with codes and units, as an ERP would send them.
  struct line {
    const char* item;
    const char* amount;
    const char* unit;
    const char* from;
    const char* to;
    const char* lot;
  };
  auto post = [&](const char* key, movement_reason reason, std::vector<line> lines,
                  const char* reference) -> onhand::result<onhand::posting> {
    onhand::movement_document doc{.key = key, .reason = reason, .reference = {reference, "", ""}};
    for (const auto& l : lines) {
      auto resolved = inv.resolve({.item = l.item,
                                   .amount = quantity::parse(l.amount).value(),
                                   .unit = l.unit,
                                   .from = l.from,
                                   .to = l.to,
                                   .lot = l.lot});
      if (!resolved) return resolved.error();
      doc.lines.push_back(*resolved);
    }
    return inv.post(doc);
  };

  const std::vector<std::pair<const char*, onhand::result<onhand::posting>>> steps = {
      {"receive PO-88 at 3PL-EAST",
       post("po-88", movement_reason::receipt,
            {{"SOAP-BAR", "50", "case", "SUPPLIER", "EAST/RESERVE", ""},
             {"SERUM-30ML", "240", "", "SUPPLIER", "EAST/PICK", "L2611"},
             {"CANDLE-L", "120", "", "SUPPLIER", "EAST/PICK", ""}},
            "PO-88")},
      {"receive PO-89 at 3PL-WEST",
       post("po-89", movement_reason::receipt,
            {{"SOAP-BAR", "20", "case", "SUPPLIER", "3PL-WEST", ""},
             {"SERUM-30ML", "180", "", "SUPPLIER", "3PL-WEST", "L2702"},
             {"BATH-SALT", "250.5", "", "SUPPLIER", "3PL-WEST", ""}},
            "PO-89")},
      {"receive PO-90 at 3PL-SOUTH", post("po-90", movement_reason::receipt,
                                          {{"CANDLE-L", "60", "", "SUPPLIER", "3PL-SOUTH", ""},
                                           {"BATH-SALT", "100", "", "SUPPLIER", "3PL-SOUTH", ""}},
                                          "PO-90")},
      {"replenish the pick face",
       post("mv-1", movement_reason::transfer,
            {{"SOAP-BAR", "10", "case", "EAST/RESERVE", "EAST/PICK", ""}}, "")},
      {"rebalance EAST -> SOUTH (ship)",
       post("tr-7/out", movement_reason::transfer,
            {{"SERUM-30ML", "60", "", "EAST/PICK", "TRANSIT", "L2611"}}, "TR-7")},
      {"rebalance EAST -> SOUTH (arrive)",
       post("tr-7/in", movement_reason::transfer,
            {{"SERUM-30ML", "60", "", "TRANSIT", "3PL-SOUTH", "L2611"}}, "TR-7")},
      {"ship DTC order SO-1001",
       post("so-1001", movement_reason::shipment,
            {{"SERUM-30ML", "2", "", "EAST/PICK", "CUSTOMER-DTC", "L2611"},
             {"SOAP-BAR", "3", "", "EAST/PICK", "CUSTOMER-DTC", ""}},
            "SO-1001")},
      {"ship wholesale order SO-2001",
       post("so-2001", movement_reason::shipment,
            {{"SOAP-BAR", "15", "case", "3PL-WEST", "CUSTOMER-WHOLESALE", ""},
             {"BATH-SALT", "80.25", "", "3PL-WEST", "CUSTOMER-WHOLESALE", ""}},
            "SO-2001")},
      {"cycle count: 2 candles missing at SOUTH",
       post("cc-14", movement_reason::count,
            {{"CANDLE-L", "2", "", "3PL-SOUTH", "INVENTORY-LOSS", ""}}, "CC-14")},
      {"retry of SO-1001 (network timeout)",
       post("so-1001", movement_reason::shipment,
            {{"SERUM-30ML", "2", "", "EAST/PICK", "CUSTOMER-DTC", "L2611"},
             {"SOAP-BAR", "3", "", "EAST/PICK", "CUSTOMER-DTC", ""}},
            "SO-1001")},
      {"oversell attempt SO-2002",
       post("so-2002", movement_reason::shipment,
            {{"CANDLE-L", "500", "", "3PL-SOUTH", "CUSTOMER-WHOLESALE", ""}}, "SO-2002")},
  };
  std::printf("Postings\n");
  for (const auto& [what, r] : steps) {
    if (r) {
      std::printf("  %-40s document %u%s\n", what, r->document.value,
                  r->replayed ? " (retry: original returned, nothing doubled)" : "");
    } else {
      std::printf("  %-40s refused: %s: %s\n", what,
                  std::string(onhand::name_of(r.error().code)).c_str(), r.error().message.c_str());
    }
  }

  // Channels: wholesale's standing quota of 2 cases of soap at 3PL-WEST is
  // fenced from direct-to-consumer orders, which reserve and ship against
  // their reservations; one that would take wholesale's stock is refused.
  const auto soap = inv.item_by_code("SOAP-BAR").value();
  const auto west = inv.location_by_code("3PL-WEST").value();
  const auto dtc = inv.location_by_code("CUSTOMER-DTC").value();
  if (auto r = inv.set_channel_quota(
          {.item = soap, .location = west, .channel = "wholesale", .value = quantity::units(24)});
      !r) {
    return fail(r.error());
  }
  auto reserve = [&](const char* key, const char* channel, int units) {
    return inv.reserve({.key = key,
                        .item = soap,
                        .location = west,
                        .amount = quantity::units(units),
                        .channel = channel});
  };
  std::printf("\nReservations of SOAP-BAR at 3PL-WEST (%s on hand, wholesale quota 24)\n",
              inv.on_hand(soap, west).to_string().c_str());
  std::printf(
      "  available to promise: direct %s, wholesale %s\n",
      inv.available_to_promise(soap, west, "dtc").value().available.to_string().c_str(),
      inv.available_to_promise(soap, west, "wholesale").value().available.to_string().c_str());
  for (const auto& [key, channel, units] :
       {std::tuple{"cart-5001", "dtc", 36}, std::tuple{"so-2003", "wholesale", 24},
        std::tuple{"cart-5002", "dtc", 12}}) {
    const bool retry = inv.reservation_by_key(key).has_value();
    auto r = reserve(key, channel, units);
    if (r) {
      std::printf("  %-10s %-10s reserved %3d%s\n", key, channel, units,
                  retry ? " (retry: the original reservation)" : "");
    } else {
      std::printf("  %-10s %-10s refused: %s: %s\n", key, channel,
                  std::string(onhand::name_of(r.error().code)).c_str(), r.error().message.c_str());
    }
  }
  auto shipped = inv.commit_reservation(
      {.reservation = "so-2003",
       .document = {.key = "so-2003/ship",
                    .reason = movement_reason::shipment,
                    .reference = {"SO-2003", "", ""},
                    .lines = {{.item = soap,
                               .from = west,
                               .to = inv.location_by_code("CUSTOMER-WHOLESALE").value(),
                               .amount = quantity::units(24)}}}});
  if (!shipped) return fail(shipped.error());
  std::printf("  so-2003 shipped against its reservation%s\n",
              shipped->replayed ? " (retry: original returned)" : "");
  auto taken =
      inv.post({.key = "so-1002",
                .reason = movement_reason::shipment,
                .lines = {{.item = soap, .from = west, .to = dtc, .amount = quantity::units(1)}}});
  std::printf("  so-1002, a direct shipment without a reservation: %s\n",
              taken ? "shipped" : ("refused: " + taken.error().message).c_str());

  const auto today = onhand::today();  // the postings above are recorded now
  const std::vector<const char*> sites = {"3PL-EAST", "3PL-WEST", "3PL-SOUTH", "TRANSIT"};
  std::printf("\nConsolidated stock position (on hand; 3PL-EAST includes its bins)\n");
  std::printf("  %-12s", "SKU");
  for (const auto* site : sites) std::printf(" %12s", site);
  std::printf(" %12s\n", "TOTAL");
  for (const auto& item : items) {
    const auto id = inv.item_by_code(item.code).value();
    std::printf("  %-12s", item.code.c_str());
    for (const auto* site : sites) {
      const auto where = inv.location_by_code(site).value();
      std::printf(" %12s", inv.on_hand_within(id, where).to_string().c_str());
    }
    std::printf(" %12s %s\n", inv.totals(id).owned.to_string().c_str(),
                item.units.base().name.c_str());
  }

  std::printf("\nPer location (every internal and transit location, with lots)\n");
  for (const auto& item : items) {
    const auto id = inv.item_by_code(item.code).value();
    for (const auto& p : inv.positions(id, today)) {
      const auto& code = inv.read([&](const onhand::state& s) {
        const auto& c = s.catalog;
        return c.location(p.location).code;
      });
      std::printf("  %-12s %-14s on hand %10s  available %10s\n", item.code.c_str(), code.c_str(),
                  p.on_hand.to_string().c_str(), p.available.to_string().c_str());
    }
  }

  // Reorder check, one call for all SKUs: daily demand and its standard
  // deviation (from the forecasts), supplier lead time and its variability
  // (from receipts), 98% cycle service level.
  Eigen::ArrayXd demand_mean(4), demand_std(4), lead_time(4), lead_time_std(4);
  demand_mean << 40, 9, 6, 11.5;
  demand_std << 12, 4, 2.5, 3;
  lead_time << 14, 21, 10, 7;
  lead_time_std << 3, 5, 2, 1;
  auto rop = onhand::planning::reorder_point({.demand_mean = demand_mean,
                                              .demand_std = demand_std,
                                              .lead_time = lead_time,
                                              .service_level = 0.98,
                                              .lead_time_std = lead_time_std});
  if (!rop) return fail(rop.error());
  std::printf("\nReorder check (98%% cycle service; order = 30 days of demand + shortfall)\n");
  std::printf("  %-12s %10s %10s %10s %10s\n", "SKU", "on hand", "safety", "reorder at", "order");
  for (std::size_t i = 0; i < items.size(); ++i) {
    const auto id = inv.item_by_code(items[i].code).value();
    // On hand and in transit: what reorder logic counts as stock.
    const auto on_hand = static_cast<double>(inv.totals(id).owned.from_zero().raw()) /
                         static_cast<double>(quantity::scale);
    const auto row = static_cast<Eigen::Index>(i);
    const double suggested = on_hand <= rop->reorder_point(row)
                                 ? rop->reorder_point(row) - on_hand + 30 * demand_mean(row)
                                 : 0.0;
    const onhand::planning::order_rule rule =
        items[i].code == "BATH-SALT"
            ? onhand::planning::order_rule{.minimum_order = quantity::units(100)}
            : onhand::planning::order_rule{.pack_size = quantity::units(12),
                                           .minimum_order = quantity::units(48)};
    auto order = onhand::planning::round_order(suggested, rule);
    if (!order) return fail(order.error());
    std::printf("  %-12s %10.2f %10.1f %10.1f %10s\n", items[i].code.c_str(), on_hand,
                rop->safety_stock(row), rop->reorder_point(row),
                order->is_zero() ? "-" : order->to_string().c_str());
  }

  if (auto verified = inv.verify(); !verified) return fail(verified.error());
  std::printf("\nverify(): every balance re-derived from the %llu-event log matches.\n",
              static_cast<unsigned long long>(inv.log_position()));
  return 0;
}
