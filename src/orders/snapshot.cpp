// SPDX-License-Identifier: Apache-2.0
// The transfer book in a snapshot: every transfer order with what shipped,
// arrived and was written off, and the set of open ones. The lookup by key
// is rebuilt on load.
#include "onhand/orders/transfers.hpp"

#include "engine/snapshot_io.hpp"

namespace onhand {

template <class Archive>
static void io(Archive& a, transfer_line& l) {
  a(l.item, l.lot, l.amount);
}
template <class Archive>
static void io(Archive& a, transfer_shipment_record& s) {
  a(s.eta, s.amounts);
}
template <class Archive>
static void io(Archive& a, transfer_order& t) {
  a(t.key, t.source, t.destination, t.transit, t.eta, t.lines, t.recorded, t.shipped, t.received,
    t.written_off, t.found, t.shipments, t.loss, t.close_reason);
  a.enumeration(t.status, transfer_status::closed);
}

void transfer_book::save(detail::snapshot_writer& out) const { out(transfers_, open_); }

void transfer_book::load(detail::snapshot_reader& in) {
  *this = transfer_book{};
  in(transfers_, open_);
  if (!in.ok()) return;
  for (std::size_t i = 0; i < transfers_.size(); ++i) {
    const auto& t = transfers_[i];
    const auto lines = t.lines.size();
    for (const auto* per_line : {&t.shipped, &t.received, &t.written_off, &t.found}) {
      if (per_line->size() != lines) return in.fail();
    }
    if (!by_key_.emplace(t.key, static_cast<std::uint32_t>(i)).second) return in.fail();
  }
  for (const auto id : open_) {
    if (id >= transfers_.size()) return in.fail();
  }
}

}  // namespace onhand
