// SPDX-License-Identifier: Apache-2.0
#include "valuation/codec.hpp"

#include "engine/codec_values.hpp"

namespace onhand::detail {

void event_codec<costing_method_set>::write(writer& w, const costing_method_set& e) {
  w.integer(e.item.value);
  w.enumeration(e.method);
  write_money(w, e.standard_cost);
  w.time(e.effective);
}

auto event_codec<costing_method_set>::read(reader& r) -> costing_method_set {
  costing_method_set e;
  e.item = item_id{r.integer<std::uint32_t>()};
  e.method = r.enumeration<costing_method>();
  e.standard_cost = read_money(r);
  e.effective = r.time();
  return e;
}

void event_codec<receipt_costed>::write(writer& w, const receipt_costed& e) {
  w.text(e.document);
  w.integer(static_cast<std::uint32_t>(e.unit_costs.size()));
  for (const auto& cost : e.unit_costs) write_money(w, cost);
}

auto event_codec<receipt_costed>::read(reader& r) -> receipt_costed {
  receipt_costed e;
  e.document = r.text();
  const auto n = r.count(sizeof(std::int64_t), SIZE_MAX);
  e.unit_costs.reserve(n);
  for (std::size_t i = 0; i < n; ++i) e.unit_costs.push_back(read_money(r));
  return e;
}

}  // namespace onhand::detail
