// SPDX-License-Identifier: Apache-2.0
// The allocation domain's commands. Each validates against the state and
// returns an intent (the events to append) or an error. The same rules
// judge an event read back from the log (check_logged), so replay and
// verify() accept exactly what the commands could have written.
#pragma once

#include "onhand/allocation/commands.hpp"
#include "onhand/allocation/reservations.hpp"
#include "onhand/state.hpp"

#include "engine/intent.hpp"

namespace onhand::detail {

// The allocation domain's events and the keys they carry.
constexpr auto domain_of(const reservation_made&) -> domain { return domain::allocation; }
constexpr auto domain_of(const reservation_committed&) -> domain { return domain::allocation; }
constexpr auto domain_of(const reservation_released&) -> domain { return domain::allocation; }
constexpr auto domain_of(const reservation_clock_set&) -> domain { return domain::allocation; }
constexpr auto domain_of(const channel_quota_set&) -> domain { return domain::allocation; }
inline auto key_of_applied(const reservation_made& e) -> std::string_view { return e.key; }
inline auto key_of_applied(const reservation_released& e) -> std::string_view { return e.key; }

/// The reservation, as its event (recorded at `recorded`).
[[nodiscard]] auto reservation_event(const reservation_request& request, timestamp recorded)
    -> reservation_made;
/// Whether a stored event is the reservation `request` asks for.
[[nodiscard]] auto same_reservation(const event& stored, const reservation_request& request)
    -> bool;
[[nodiscard]] auto validate_reserve(const state& s, const reservation_request& request,
                                    timestamp recorded) -> result<intent>;

/// The reservation a commit or release names, open.
[[nodiscard]] auto open_reservation(const state& s, std::string_view key) -> result<reservation_id>;
/// What `document` takes of reservation `id`: the sum of its lines, each of
/// which must move the reservation's item from within its location to
/// outside it.
[[nodiscard]] auto committed_amount(const state& s, reservation_id id,
                                    const movement_document& document) -> result<quantity>;
/// The same, without judging whether the reservation still holds it: what
/// replay checks of the document that follows a reservation_committed.
[[nodiscard]] auto commit_lines_amount(const state& s, reservation_id id,
                                       const movement_document& document) -> result<quantity>;

/// A reservation's hold given back by the command being judged: a commit's.
struct freed_hold {
  reservation_id reservation;
  quantity amount;
};

/// Stock moved by documents accepted earlier in a batch (not yet in the
/// state): the lines of items that have open reservations.
using pending_lines = std::vector<movement_line>;

/// The promise rule every document is judged by, posting and replay alike:
/// it may not leave any location holding less usable stock of an item than
/// open reservations hold within it. Only items with open reservations are
/// looked at; `freed` is what the command itself resolves, `earlier` what
/// earlier documents of a batch move. insufficient_stock names the first
/// location short.
[[nodiscard]] auto check_promises(const state& s, const movement_document& document, timestamp now,
                                  const std::optional<freed_hold>& freed = {},
                                  const pending_lines* earlier = nullptr) -> result<void>;
/// Whether any line of `document` is of an item with open reservations.
[[nodiscard]] auto touches_promises(const state& s, const movement_document& document) -> bool;

[[nodiscard]] auto release_event(const state& s, const reservation_release& request)
    -> result<reservation_released>;
[[nodiscard]] auto same_release(const event& stored, const state& s,
                                const reservation_release& request) -> bool;
[[nodiscard]] auto validate_release(const state& s, const reservation_release& request)
    -> result<intent>;

[[nodiscard]] auto validate_clock(const state& s, timestamp at) -> result<intent>;
[[nodiscard]] auto validate_quota(const state& s, const quota_request& request) -> result<intent>;

// What replay must trust about an allocation event from the log.
[[nodiscard]] auto check_logged(const reservation_made& e, const state& s) -> result<void>;
[[nodiscard]] auto check_logged(const reservation_committed& e, const state& s) -> result<void>;
[[nodiscard]] auto check_logged(const reservation_released& e, const state& s) -> result<void>;
[[nodiscard]] auto check_logged(const reservation_clock_set& e, const state& s) -> result<void>;
[[nodiscard]] auto check_logged(const channel_quota_set& e, const state& s) -> result<void>;

}  // namespace onhand::detail
