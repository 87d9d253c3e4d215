// SPDX-License-Identifier: Apache-2.0
// The stock ledger in a snapshot: its accounts with their entries, the
// item × location roll-ups, the document headers and references, and the
// serials in stock. The hash indexes are rebuilt from the lists on load
// (they are a function of them), and every index one list holds into
// another is checked, so damaged bytes cannot point outside a list.
#include "onhand/ledger/stock_ledger.hpp"

#include "engine/snapshot_io.hpp"

namespace onhand {

template <class Archive>
static void io(Archive& a, balance_key& k) {
  a(k.item, k.location, k.lot);
}
template <class Archive>
static void io(Archive& a, ledger_entry& e) {
  a(e.document, e.delta);
}
template <class Archive>
static void io(Archive& a, account& x) {
  a(x.key, x.on_hand, x.entries, x.item_location, x.latest_effective_us);
}
template <class Archive>
static void io(Archive& a, document_header& d) {
  a(d.effective_us, d.recorded_us, d.log_position, d.reverses, d.reversed_by, d.line_count,
    d.reason);
}
template <class Archive>
static void io(Archive& a, onhand::document_reference& r) {
  a(r.external_document, r.external_line, r.note);
}

template <class Archive>
void stock_ledger::io(Archive& a) {
  a(accounts_);
  a.each(item_locations_, [&](item_location& x) { a(x.key, x.total, x.accounts); });
  a(item_accounts_, documents_, references_, serial_in_stock_);
}

void stock_ledger::save(detail::snapshot_writer& out) const {
  const_cast<stock_ledger*>(this)->io(out);  // io only reads when writing
}

void stock_ledger::load(detail::snapshot_reader& in) {
  *this = stock_ledger{};
  io(in);
  if (!in.ok()) return;
  const auto accounts = accounts_.size();
  const auto roll_ups = item_locations_.size();
  const auto documents = documents_.size();
  auto in_range = [](std::uint32_t index, std::size_t size) { return index < size; };
  accounts_index_.reserve(accounts);
  for (std::size_t i = 0; i < accounts; ++i) {
    const auto& x = accounts_[i];
    if (!in_range(x.item_location, roll_ups) || accounts_index_.find(x.key) != none) {
      return in.fail();
    }
    for (const auto& entry : x.entries) {
      if (!in_range(entry.document, documents)) return in.fail();
    }
    accounts_index_.insert(x.key, static_cast<std::uint32_t>(i), x.on_hand);
  }
  item_locations_index_.reserve(roll_ups);
  for (std::size_t i = 0; i < roll_ups; ++i) {
    const auto& x = item_locations_[i];
    const detail::item_location_key packed{(std::uint64_t{x.key.item.value} << 32) |
                                           x.key.location.value};
    if (item_locations_index_.find(packed) != none) return in.fail();
    for (const auto index : x.accounts) {
      if (!in_range(index, accounts)) return in.fail();
    }
    item_locations_index_.insert(packed, static_cast<std::uint32_t>(i));
  }
  for (const auto& list : item_accounts_) {
    for (const auto index : list) {
      if (!in_range(index, accounts)) return in.fail();
    }
  }
  for (const auto& [document, reference] : references_) {
    if (!in_range(document, documents)) return in.fail();
  }
}

}  // namespace onhand
