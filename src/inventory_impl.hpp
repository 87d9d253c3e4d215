// SPDX-License-Identifier: Apache-2.0
// The inventory facade's state: the engine, the options, the posting
// validator's scratch and the lock. Each domain's part of the facade
// (src/inventory.cpp for the catalog and the ledger, src/<domain>/facade.cpp
// for the others) takes the lock and dispatches to its domain through it.
#pragma once

#include <chrono>
#include <shared_mutex>

#include "onhand/inventory.hpp"

#include "allocation/commands.hpp"
#include "engine/engine.hpp"
#include "ledger/commands.hpp"

namespace onhand {

namespace detail {
inline auto system_now() -> timestamp {
  return std::chrono::time_point_cast<std::chrono::microseconds>(std::chrono::system_clock::now());
}
}  // namespace detail

struct inventory::impl {
  explicit impl(std::unique_ptr<store> log, inventory_options opts)
      : engine(std::move(log)), options(std::move(opts)) {}

  detail::engine engine;
  inventory_options options;
  detail::posting_validator validator;
  opening_report opening;
  mutable std::shared_mutex mutex;

  [[nodiscard]] auto now() const -> timestamp {
    return options.clock ? options.clock() : detail::system_now();
  }

  // Defines a catalog entry: new, a no-op if identical, else the conflict.
  template <class Definition>
  auto define(const Definition& definition) {
    using id_type = decltype(detail::defined_id(std::declval<const state&>(), definition));
    auto committed = engine.commit([&] { return detail::validate(engine.view(), definition); });
    if (!committed) return result<id_type>{std::move(committed).error()};
    return result<id_type>{detail::defined_id(engine.view(), definition)};
  }

  // A document by the ledger's rules, then by the promise rule.
  auto validate_posting(const movement_document& doc, document_id reverses, timestamp recorded)
      -> result<detail::intent> {
    auto made = validator.validate(engine.view(), doc, reverses, recorded, options.policy);
    if (!made) return made;
    if (auto kept = detail::check_promises(engine.view(), doc, recorded); !kept) {
      return std::move(kept).error();
    }
    return made;
  }

  auto post(const movement_document& doc, document_id reverses, timestamp recorded)
      -> result<posting> {
    auto committed = engine.commit_keyed(
        {doc.key, domain::ledger, "document"},
        [&](const event& stored) { return detail::same_posting(stored, doc, reverses); },
        [&] { return validate_posting(doc, reverses, recorded); });
    if (!committed) return std::move(committed).error();
    return detail::posting_at(engine.view(), committed->log_position, committed->replayed);
  }
};

}  // namespace onhand
