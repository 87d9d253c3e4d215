// SPDX-License-Identifier: Apache-2.0
#include "onhand/ledger/movement.hpp"

namespace onhand {

auto name_of(movement_reason reason) noexcept -> std::string_view {
  switch (reason) {
    case movement_reason::receipt:
      return "receipt";
    case movement_reason::shipment:
      return "shipment";
    case movement_reason::transfer:
      return "transfer";
    case movement_reason::adjustment:
      return "adjustment";
    case movement_reason::scrap:
      return "scrap";
    case movement_reason::returned:
      return "return";
    case movement_reason::count:
      return "count";
  }
  return "transfer";
}

auto parse_movement_reason(std::string_view name) -> std::optional<movement_reason> {
  for (auto reason : {movement_reason::receipt, movement_reason::shipment,
                      movement_reason::transfer, movement_reason::adjustment,
                      movement_reason::scrap, movement_reason::returned, movement_reason::count}) {
    if (name_of(reason) == name) return reason;
  }
  return std::nullopt;
}

}  // namespace onhand
