// SPDX-License-Identifier: Apache-2.0
// The purchasing book in a snapshot: suppliers and their item terms (each
// written by its event's codec), purchase orders with each line's progress,
// the receipts, what is on order and the inspection settings. The lookups
// by supplier code and order key are rebuilt on load.
#include "onhand/purchasing/purchasing_book.hpp"

#include "engine/snapshot_io.hpp"
#include "purchasing/codec.hpp"

namespace onhand {

template <class Archive>
static void io(Archive& a, supplier& s) {
  a(s.terms);
}
template <class Archive>
static void io(Archive& a, supplier_item& s) {
  a(s.terms, s.prices);
}
template <class Archive>
static void io(Archive& a, purchase_order_line& l) {
  a(l.item, l.amount, l.price, l.expected, l.destination);
}
template <class Archive>
static void io(Archive& a, purchase_order_line_state& l) {
  a(l.line, l.received, l.complete, l.completed, l.last_receipt, l.in_inspection, l.rejected,
    l.inspected_at);
}
template <class Archive>
static void io(Archive& a, purchase_order& o) {
  a(o.key, o.supplier, o.currency, o.lines);
  a.enumeration(o.status, purchase_order_status::cancelled);
  a(o.created, o.sent, o.ended);
}

void purchasing_book::save(detail::snapshot_writer& out) const {
  out(suppliers_, items_, orders_, receipts_, on_order_, inspections_);
}

void purchasing_book::load(detail::snapshot_reader& in) {
  *this = purchasing_book{};
  in(suppliers_, items_, orders_, receipts_, on_order_, inspections_);
  if (!in.ok()) return;
  for (std::size_t i = 0; i < suppliers_.size(); ++i) {
    if (!supplier_by_code_.emplace(suppliers_[i].terms.code, static_cast<std::uint32_t>(i))
             .second) {
      return in.fail();
    }
  }
  for (std::size_t i = 0; i < orders_.size(); ++i) {
    const auto& o = orders_[i];
    if (o.supplier.index() >= suppliers_.size() ||
        !order_by_key_.emplace(o.key, static_cast<std::uint32_t>(i)).second) {
      return in.fail();
    }
  }
}

}  // namespace onhand
