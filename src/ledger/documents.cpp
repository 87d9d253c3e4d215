// SPDX-License-Identifier: Apache-2.0
#include "onhand/ledger/documents.hpp"

#include <cstdint>

namespace onhand {
namespace {

auto one_line(std::string key, movement_reason reason, const stock_spec& stock, std::string from,
              std::string to) -> document_spec {
  document_spec out{.key = std::move(key), .reason = reason};
  out.lines.push_back(line_spec{.item = stock.item,
                                .amount = stock.amount,
                                .unit = stock.unit,
                                .from = std::move(from),
                                .to = std::move(to),
                                .lot = stock.lot});
  return out;
}

}  // namespace

auto standard_locations::definitions() -> std::vector<location_definition> {
  return {{.code = std::string(supplier), .kind = location_kind::supplier},
          {.code = std::string(customer), .kind = location_kind::customer},
          {.code = std::string(inventory_loss), .kind = location_kind::inventory_loss},
          {.code = std::string(scrap), .kind = location_kind::scrap}};
}

auto receipt(std::string key, const stock_spec& stock, std::string to, std::string from)
    -> document_spec {
  return one_line(std::move(key), movement_reason::receipt, stock, std::move(from), std::move(to));
}

auto shipment(std::string key, const stock_spec& stock, std::string from, std::string to)
    -> document_spec {
  return one_line(std::move(key), movement_reason::shipment, stock, std::move(from), std::move(to));
}

auto transfer(std::string key, const stock_spec& stock, std::string from, std::string to)
    -> document_spec {
  return one_line(std::move(key), movement_reason::transfer, stock, std::move(from), std::move(to));
}

auto adjustment(std::string key, const stock_spec& stock, std::string location,
                movement_reason reason) -> document_spec {
  std::string loss{standard_locations::inventory_loss};
  // A negative amount whose negation does not fit stays as given, and
  // posting refuses it as any line that does not move a positive amount.
  if (stock.amount.is_negative() && stock.amount != quantity::from_raw(INT64_MIN)) {
    auto removed = stock;
    removed.amount = -stock.amount;
    return one_line(std::move(key), reason, removed, std::move(location), std::move(loss));
  }
  return one_line(std::move(key), reason, stock, std::move(loss), std::move(location));
}

auto scrap(std::string key, const stock_spec& stock, std::string from) -> document_spec {
  return one_line(std::move(key), movement_reason::scrap, stock, std::move(from),
                  std::string(standard_locations::scrap));
}

}  // namespace onhand
