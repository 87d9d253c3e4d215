// SPDX-License-Identifier: Apache-2.0
// File: onhand/ledger/events.hpp
//
// The ledger's event: a posted movement document with what posting added to
// it (its resolved times and the document it reverses). Its encoding lives
// in src/ledger/codec.cpp under the ledger's tag range (see onhand/events.hpp).
//
// `posting_ref` is how a posting reaches the projections: the document by
// reference, so that a command posts the caller's document without copying
// it, and replay posts the decoded one the same way.
#pragma once

#include <cstddef>
#include <span>

#include "onhand/core/date.hpp"
#include "onhand/core/ids.hpp"
#include "onhand/ledger/movement.hpp"

namespace onhand {

/// What posting adds to a requested document: its resolved times and the
/// document it reverses, if any.
struct posting_stamp {
  timestamp effective;  ///< Resolved effective time.
  timestamp recorded;
  document_id reverses = document_id::none();  ///< The document it reverses, if a reversal.
  friend auto operator==(const posting_stamp&, const posting_stamp&) -> bool = default;
};

struct document_posted {
  movement_document document;  ///< As requested (effective as given).
  posting_stamp stamp;
  friend auto operator==(const document_posted&, const document_posted&) -> bool = default;
};

/// A posted document as the projections apply it: borrowed, never copied.
/// `slots`, when a command validated the document just before, holds the
/// stock ledger's index slot of every line's source and destination account
/// (2 per line, in order), so that apply looks no key up twice; replay
/// leaves it empty.
struct posting_ref {
  const movement_document* document = nullptr;  ///< Never null.
  const posting_stamp* stamp = nullptr;         ///< Never null.
  std::span<const std::size_t> slots = {};
};

/// The form in which projections receive a decoded posting.
[[nodiscard]] inline auto applied(const document_posted& e) -> posting_ref {
  return {&e.document, &e.stamp};
}

}  // namespace onhand
