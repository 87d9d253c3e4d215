// SPDX-License-Identifier: Apache-2.0
#include "onhand/ledger/trace.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <vector>

namespace onhand {
namespace {

// One ledger entry of the lot: which account it is in and what it moved.
struct lot_entry {
  std::uint32_t document = 0;
  location_id location;
  quantity delta;
};

// The document header fields every row of the trace repeats.
template <class Row>
void describe(const state& s, document_id number, Row& row) {
  const auto& header = s.ledger.document(number);
  row.document = number;
  row.key = std::string(s.keys.key_at(header.log_position));
  row.reason = header.reason;
  row.effective = header.effective();
}

auto movement_of(const state& s, document_id number, location_id from, location_id to,
                 quantity amount, bool paired_by_amount) -> trace_movement {
  trace_movement m;
  describe(s, number, m);
  m.from = from;
  m.to = to;
  m.amount = amount;
  m.reverses = s.ledger.document(number).reverses;
  m.paired_by_amount = paired_by_amount;
  return m;
}

// Rebuilds the lines of one document from its entries of the lot (in line
// order within each account). Exact when there is one source and one
// destination location; otherwise entries of equal amounts pair first, the
// rest in order.
void pair_lines(const state& s, std::span<const lot_entry> entries,
                std::vector<trace_movement>& out) {
  struct side {
    location_id location;
    quantity left;
  };
  std::vector<side> sources;
  std::vector<side> destinations;
  for (const auto& e : entries) {
    if (e.delta.is_negative()) {
      sources.push_back({e.location, -e.delta});
    } else if (!e.delta.is_zero()) {
      destinations.push_back({e.location, e.delta});
    }
  }
  const document_id number{entries.front().document};
  const auto one_place = [](const std::vector<side>& sides) {
    return std::all_of(sides.begin(), sides.end(),
                       [&](const side& x) { return x.location == sides.front().location; });
  };
  const bool exact = one_place(sources) && one_place(destinations);
  if (exact) {
    // The k-th source entry and the k-th destination entry are line k.
    for (std::size_t k = 0; k < sources.size() && k < destinations.size(); ++k) {
      out.push_back(movement_of(s, number, sources[k].location, destinations[k].location,
                                sources[k].left, false));
    }
    return;
  }
  const auto take = [&](side& from, side& to, quantity amount) {
    out.push_back(movement_of(s, number, from.location, to.location, amount, true));
    from.left -= amount;
    to.left -= amount;
  };
  for (auto& from : sources) {
    for (auto& to : destinations) {
      if (to.left == from.left && to.location != from.location) {
        take(from, to, from.left);
        break;
      }
    }
  }
  for (auto& from : sources) {
    for (auto& to : destinations) {
      if (from.left.is_zero()) break;
      if (to.left.is_zero() || to.location == from.location) continue;
      take(from, to, std::min(from.left, to.left));
    }
  }
  // What may remain pairs a location with itself (the amounts left are
  // equal on both sides, so all at one place): it changes no location's
  // net, and no line runs from a place to itself, so it is no row.
}

}  // namespace

auto trace_lot(const state& s, item_id item, lot_id lot) -> result<lot_trace> {
  const auto& c = s.catalog;
  if (item.is_none() || item.index() >= c.item_count()) {
    return make_error(errc::unknown_code,
                      "trace: item id " + std::to_string(item.value) + " is not defined",
                      error_context{.field = "item"});
  }
  if (lot.is_none() || lot.index() >= c.lot_count() || c.lot_item(lot) != item) {
    return make_error(errc::unknown_code,
                      "trace: lot id " + std::to_string(lot.value) + " is not a lot of item '" +
                          c.item(item).code + "'",
                      error_context{.item = c.item(item).code, .field = "lot"});
  }

  lot_trace out;
  out.item = item;
  out.lot = lot;
  std::vector<lot_entry> entries;
  for (auto index : s.ledger.accounts_of(item)) {
    const auto& a = s.ledger.account_at(index);
    if (a.key.lot != lot) continue;
    const auto kind = c.location(a.key.location).kind;
    for (const auto& e : a.entries) entries.push_back({e.document, a.key.location, e.delta});
    if (holds_stock(kind)) {
      if (!a.on_hand.from_zero().is_zero()) out.holdings.push_back({a.key.location, a.on_hand});
      continue;
    }
    // A virtual location: one row per document (a document's entries in
    // an account are adjacent), signed as the list says.
    const bool inbound_side = kind == location_kind::supplier;
    auto& rows = kind == location_kind::customer ? out.customer_documents
                 : inbound_side                  ? out.sources
                                                 : out.other_destinations;
    trace_customer totals{a.key.location, {}, {}, {}};
    for (std::size_t i = 0; i < a.entries.size();) {
      const auto document = a.entries[i].document;
      quantity net;
      for (; i < a.entries.size() && a.entries[i].document == document; ++i) {
        net += a.entries[i].delta;
      }
      if (net.is_zero()) continue;
      trace_document row;
      describe(s, document_id{document}, row);
      row.location = a.key.location;
      row.reference = s.ledger.document_reference(document_id{document});
      row.amount = inbound_side ? -net : net;
      rows.push_back(std::move(row));
      if (net.is_negative()) {
        totals.returned -= net;
      } else {
        totals.shipped += net;
      }
    }
    if (kind == location_kind::customer &&
        !(totals.shipped.is_zero() && totals.returned.is_zero())) {
      totals.net = totals.shipped - totals.returned;
      out.customers.push_back(totals);
    }
  }

  // Log order: by document number, each document's entries kept in the
  // order gathered (line order within an account).
  std::stable_sort(entries.begin(), entries.end(),
                   [](const lot_entry& x, const lot_entry& y) { return x.document < y.document; });
  for (std::size_t i = 0; i < entries.size();) {
    auto j = i;
    while (j < entries.size() && entries[j].document == entries[i].document) ++j;
    pair_lines(s, std::span<const lot_entry>(entries).subspan(i, j - i), out.movements);
    i = j;
  }

  const auto by_location = [](const auto& x, const auto& y) { return x.location < y.location; };
  std::sort(out.holdings.begin(), out.holdings.end(), by_location);
  std::sort(out.customers.begin(), out.customers.end(), by_location);
  const auto by_document = [](const trace_document& x, const trace_document& y) {
    return std::pair{x.document, x.location} < std::pair{y.document, y.location};
  };
  std::sort(out.customer_documents.begin(), out.customer_documents.end(), by_document);
  std::sort(out.other_destinations.begin(), out.other_destinations.end(), by_document);
  std::sort(out.sources.begin(), out.sources.end(), by_document);
  return out;
}

}  // namespace onhand
