// SPDX-License-Identifier: Apache-2.0
// File: onhand/ledger/documents.hpp
//
// The everyday movements, by codes: receipts, shipments, transfers,
// adjustments and scrap, each a document_spec that inventory::post resolves
// (codes to ids, units to the base unit) and posts under one writer lock.
// Their counter-sides are the standard virtual locations, which an inventory
// opened with inventory_options::standard_locations defines.
//
// Example:
//
//   auto receipt = onhand::receipt("po-88/1", {.item = "SERUM-30ML", .amount = q("10"),
//                                              .unit = "case", .lot = "L2611"}, "3PL-EAST");
//   receipt.reference.external_document = "PO-88";
//   auto posted = inv.post(receipt);
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "onhand/catalog/location.hpp"
#include "onhand/core/date.hpp"
#include "onhand/core/quantity.hpp"
#include "onhand/ledger/movement.hpp"

namespace onhand {

/// The standard virtual locations: where receipts come from and shipments,
/// losses and scrap go by default.
struct standard_locations {
  static constexpr std::string_view supplier = "SUPPLIER";
  static constexpr std::string_view customer = "CUSTOMER";
  static constexpr std::string_view inventory_loss = "INVENTORY-LOSS";
  static constexpr std::string_view scrap = "SCRAP";

  /// Their definitions (kinds supplier, customer, inventory_loss, scrap).
  [[nodiscard]] static auto definitions() -> std::vector<location_definition>;
};

/// A document given by codes and units, as people and other systems name
/// things; inventory::post resolves it.
struct document_spec {
  std::string key;  ///< Idempotency key, 1..128 bytes, chosen by the caller.
  movement_reason reason = movement_reason::transfer;
  std::optional<timestamp> effective;
  document_reference reference;
  std::vector<line_spec> lines;
};

/// What moves, by codes: `amount` of `item` in `unit` (empty: the base
/// unit), of `lot` (empty for untracked items).
struct stock_spec {
  std::string item;
  quantity amount;
  std::string unit;
  std::string lot;
};

/// Stock arriving at `to` from a supplier (by default the standard one).
[[nodiscard]] auto receipt(std::string key, const stock_spec& stock, std::string to,
                           std::string from = std::string(standard_locations::supplier))
    -> document_spec;
/// Stock leaving `from` for a customer (by default the standard one).
[[nodiscard]] auto shipment(std::string key, const stock_spec& stock, std::string from,
                            std::string to = std::string(standard_locations::customer))
    -> document_spec;
/// Stock moving between two locations.
[[nodiscard]] auto transfer(std::string key, const stock_spec& stock, std::string from,
                            std::string to) -> document_spec;
/// A correction at `location` against inventory loss/gain: a positive
/// amount adds stock, a negative one removes it (zero is refused when
/// posted, as any zero line is). `reason` is adjustment or count.
[[nodiscard]] auto adjustment(std::string key, const stock_spec& stock, std::string location,
                              movement_reason reason = movement_reason::adjustment)
    -> document_spec;
/// Stock written off from `from` to the standard scrap location.
[[nodiscard]] auto scrap(std::string key, const stock_spec& stock, std::string from)
    -> document_spec;

}  // namespace onhand
