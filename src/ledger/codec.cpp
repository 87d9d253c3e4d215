// SPDX-License-Identifier: Apache-2.0
// The ledger's event, format version 1: the document's fields, the stamp's,
// then the lines (docs/reference/events.md). encode_posting_into is the
// posting hot path: one buffer sized up front and reused, memcpy writes.
#include "ledger/codec.hpp"

#include <cstdint>
#include <string>

#include "onhand/events.hpp"

namespace onhand {
namespace detail {
namespace {

constexpr std::size_t decoded_document_lines_max = 100'000;  // a bound on what decode accepts
constexpr std::size_t document_line_bytes = 24;  // item, lot, from, to (u32 each), amount (i64)

auto posting_size(const movement_document& d) -> std::size_t {
  // 64 covers the header, the fixed-size fields and the length prefixes.
  return 64 + d.key.size() + d.reference.external_document.size() +
         d.reference.external_line.size() + d.reference.note.size() +
         document_line_bytes * d.lines.size();
}

// Inlined into both callers: in encode_posting_into the writer then lives in
// registers, as the posting hot path wants.
[[gnu::always_inline]] inline void write_posting(writer& w, const movement_document& doc,
                                                 const posting_stamp& stamp) {
  w.text(doc.key);
  w.enumeration(doc.reason);
  w.optional(doc.effective, [&](timestamp t) { w.time(t); });
  w.text(doc.reference.external_document);
  w.text(doc.reference.external_line);
  w.text(doc.reference.note);
  w.time(stamp.effective);
  w.time(stamp.recorded);
  w.integer(stamp.reverses.value);
  w.integer(static_cast<std::uint32_t>(doc.lines.size()));
  for (const auto& line : doc.lines) {
    w.integer(line.item.value);
    w.integer(line.lot.value);
    w.integer(line.from.value);
    w.integer(line.to.value);
    w.integer(line.amount.raw());
  }
}

}  // namespace

auto event_codec<document_posted>::size_hint(const document_posted& e) -> std::size_t {
  return posting_size(e.document);
}

void event_codec<document_posted>::write(writer& w, const document_posted& e) {
  write_posting(w, e.document, e.stamp);
}

auto event_codec<document_posted>::read(reader& r) -> document_posted {
  document_posted posted;
  auto& doc = posted.document;
  doc.key = r.text();
  doc.reason = r.enumeration<movement_reason>();
  doc.effective = r.optional<timestamp>([&] { return r.time(); });
  doc.reference.external_document = r.text();
  doc.reference.external_line = r.text();
  doc.reference.note = r.text();
  posted.stamp.effective = r.time();
  posted.stamp.recorded = r.time();
  posted.stamp.reverses = document_id{r.integer<std::uint32_t>()};
  const auto n = r.count(document_line_bytes, decoded_document_lines_max);
  doc.lines.reserve(n);
  for (std::size_t i = 0; i < n && r.ok(); ++i) {
    movement_line line;
    line.item = item_id{r.integer<std::uint32_t>()};
    line.lot = lot_id{r.integer<std::uint32_t>()};
    line.from = location_id{r.integer<std::uint32_t>()};
    line.to = location_id{r.integer<std::uint32_t>()};
    line.amount = quantity::from_raw(r.integer<std::int64_t>());
    doc.lines.push_back(line);
  }
  return posted;
}

}  // namespace detail

void encode_posting_into(std::string& out, const movement_document& d, const posting_stamp& stamp) {
  using codec = detail::event_codec<document_posted>;
  detail::writer w{std::move(out), detail::posting_size(d)};
  w.integer(detail::format_version);
  w.integer(codec::tag);
  detail::write_posting(w, d, stamp);
  out = w.take();
}

}  // namespace onhand
