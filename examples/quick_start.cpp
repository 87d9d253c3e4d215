// SPDX-License-Identifier: Apache-2.0
// Quick start: define an item and two locations, receive, ship, read the
// balance, and see a typed error leave the ledger unchanged; then a document
// given by codes, and many lookups under one lock.
// Rendered in docs/getting_started.md.
#include <cstdio>
#include <memory>

#include "onhand/onhand.hpp"

auto main() -> int {
  auto inv = onhand::inventory::open(std::make_unique<onhand::memory_store>()).value();
  const auto soap =
      inv.define_item({.code = "SOAP", .units = onhand::unit_set{{"each", 0}}}).value();
  const auto vendor =
      inv.define_location({.code = "VENDOR", .kind = onhand::location_kind::supplier}).value();
  const auto buyer =
      inv.define_location({.code = "CUSTOMER", .kind = onhand::location_kind::customer}).value();
  const auto east = inv.define_location({.code = "3PL-EAST"}).value();

  auto line = [&](onhand::location_id from, onhand::location_id to, int amount) {
    return onhand::movement_line{
        .item = soap, .from = from, .to = to, .amount = onhand::quantity::units(amount)};
  };
  auto received = inv.post({.key = "po-1/1",
                            .reason = onhand::movement_reason::receipt,
                            .lines = {line(vendor, east, 100)}});
  auto shipped = inv.post({.key = "so-9/1",
                           .reason = onhand::movement_reason::shipment,
                           .lines = {line(east, buyer, 30)}});
  if (!received || !shipped) return 1;
  std::printf("on hand at 3PL-EAST: %s\n", inv.on_hand(soap, east).to_string().c_str());

  // 80 more than there is: refused, with the numbers, and nothing changes.
  auto refused = inv.post({.key = "so-10/1",
                           .reason = onhand::movement_reason::shipment,
                           .lines = {line(east, buyer, 150)}});
  if (refused) return 1;
  std::printf("refused: %s (%s)\n", refused.error().message.c_str(),
              std::string(onhand::name_of(refused.error().code)).c_str());
  std::printf("on hand at 3PL-EAST: %s\n", inv.on_hand(soap, east).to_string().c_str());
  if (inv.on_hand(soap, east) != onhand::stock_level::at(onhand::quantity::units(70))) return 1;

  // A document given by codes, resolved and posted under one lock.
  const auto west = inv.define_location({.code = "3PL-WEST"}).value();
  auto spec = onhand::transfer("tr-1/1", {.item = "SOAP", .amount = onhand::quantity::units(20)},
                               "3PL-EAST", "3PL-WEST");
  spec.reference.external_document = "TR-1";
  auto moved = inv.post(spec);  // an unknown code names its line; nothing changes
  if (!moved) return 1;

  // Many lookups at the cost of one lock.
  auto total = inv.read([&](const onhand::state& s) {
    return onhand::on_hand(s, soap, east).from_zero() + onhand::on_hand(s, soap, west).from_zero();
  });
  std::printf("on hand at 3PL-EAST and 3PL-WEST: %s\n", total.to_string().c_str());
  return total == onhand::quantity::units(70) ? 0 : 1;
}
