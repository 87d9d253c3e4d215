// SPDX-License-Identifier: Apache-2.0
// The valuation book in a snapshot: per item, the valued movements and
// costing changes, the current valuation (cost layers and journal) and the
// checkpoints that back-dated entries and valuations as of a past time
// restart from; and a receipt's costs waiting for their document.
#include "onhand/valuation/cost_layers.hpp"

#include "engine/snapshot_io.hpp"
#include "valuation/codec.hpp"

namespace onhand {

template <class Archive>
static void io(Archive& a, cost_layer& l) {
  a(l.amount, l.value, l.received);
}
template <class Archive>
static void io(Archive& a, value_change& c) {
  a(c.effective, c.log_position, c.item, c.location);
  a.enumeration(c.kind, value_change_kind::purchase_price_variance);
  a(c.reason, c.amount, c.value);
}
template <class Archive>
static void io(Archive& a, valued_movement& m) {
  a(m.effective, m.log_position, m.line, m.from, m.to, m.amount, m.reason, m.unit_cost,
    m.from_physical, m.to_physical);
}
template <class Archive>
static void io(Archive& a, costing_change& c) {
  a(c.effective, c.log_position, c.method, c.standard_cost);
}
template <class Archive>
static void io(Archive& a, location_layers& l) {
  a(l.location, l.layers);
}
template <class Archive>
static void io(Archive& a, item_valuation& v) {
  a(v.method, v.standard_cost, v.last_cost, v.locations, v.journal);
}
template <class Archive>
static void io(Archive& a, item_history& h) {
  a(h.movements, h.costing);
}

namespace detail {
template <class Archive>
static void io(Archive& a, valuation_checkpoint& cp) {
  a(cp.effective, cp.log_position, cp.line, cp.movements, cp.costing, cp.journal, cp.state);
}
}  // namespace detail

template <class Archive>
void valuation_book::io(Archive& a) {
  a.each(items_, [&](item_slot& slot) { a(slot.history, slot.current, slot.checkpoints); });
  a(pending_);
}

void valuation_book::save(detail::snapshot_writer& out) const {
  const_cast<valuation_book*>(this)->io(out);  // io only reads when writing
}

void valuation_book::load(detail::snapshot_reader& in) {
  *this = valuation_book{};
  io(in);
  if (!in.ok()) return;
  for (const auto& slot : items_) {
    for (const auto& cp : slot.checkpoints) {
      if (cp.movements > slot.history.movements.size() ||
          cp.costing > slot.history.costing.size()) {
        return in.fail();
      }
    }
  }
}

}  // namespace onhand
