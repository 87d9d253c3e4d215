// SPDX-License-Identifier: Apache-2.0
// The orders domain's commands: transfers between sites. Each validates
// against the state and returns the domain's event or an error; the facade
// (src/orders/facade.cpp) appends it with the ledger document that moves
// the stock. The same rules judge an event read back from the log
// (check_logged), and transfer_document_lines says what the document that
// follows it must move, so replay and verify() accept exactly what the
// commands could have written.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "onhand/ledger/movement.hpp"
#include "onhand/orders/commands.hpp"
#include "onhand/orders/transfers.hpp"
#include "onhand/state.hpp"

#include "engine/intent.hpp"

namespace onhand::detail {

// The orders domain's events and the keys they carry.
constexpr auto domain_of(const transfer_opened&) -> domain { return domain::orders; }
constexpr auto domain_of(const transfer_shipped&) -> domain { return domain::orders; }
constexpr auto domain_of(const transfer_received&) -> domain { return domain::orders; }
constexpr auto domain_of(const transfer_closed&) -> domain { return domain::orders; }
inline auto key_of_applied(const transfer_opened& e) -> std::string_view { return e.key; }
inline auto key_of_applied(const transfer_closed& e) -> std::string_view { return e.key; }

/// The transfer order, as its event (recorded at `recorded`).
[[nodiscard]] auto opened_event(const transfer_request& request, timestamp recorded)
    -> transfer_opened;
/// Whether a stored event is the transfer `request` asks for.
[[nodiscard]] auto same_transfer(const event& stored, const transfer_request& request) -> bool;
[[nodiscard]] auto validate_open(const state& s, const transfer_request& request,
                                 timestamp recorded) -> result<intent>;

/// The transfer opened under `key`. Errors: unknown_transfer.
[[nodiscard]] auto find_transfer(const state& s, std::string_view key) -> result<transfer_id>;

/// The shipment a request asks for, judged. Errors: unknown_transfer,
/// transfer_already_closed, invalid_parameter (a line index), invalid_quantity,
/// precision_exceeded, exceeds_transfer.
[[nodiscard]] auto shipment_event(const state& s, const transfer_shipment& request)
    -> result<transfer_shipped>;
/// The receipt a request asks for, judged (the same errors).
[[nodiscard]] auto receipt_event(const state& s, const transfer_receipt& request)
    -> result<transfer_received>;
/// The close a request asks for, judged: also invalid_location (loss) and
/// invalid_parameter (reason).
[[nodiscard]] auto close_event(const state& s, const transfer_close& request)
    -> result<transfer_closed>;

/// The lines of the document that moves what a transfer event says, in
/// line order; empty when nothing moves (a close without discrepancy).
[[nodiscard]] auto transfer_document_lines(const transfer_shipped& e, const state& s)
    -> std::vector<movement_line>;
[[nodiscard]] auto transfer_document_lines(const transfer_received& e, const state& s)
    -> std::vector<movement_line>;
[[nodiscard]] auto transfer_document_lines(const transfer_closed& e, const state& s)
    -> std::vector<movement_line>;
/// The document itself, under `key`.
template <class E>
[[nodiscard]] auto transfer_document(const E& e, const state& s, std::string key)
    -> movement_document;

// What replay must trust about an orders event from the log.
[[nodiscard]] auto check_logged(const transfer_opened& e, const state& s) -> result<void>;
[[nodiscard]] auto check_logged(const transfer_shipped& e, const state& s) -> result<void>;
[[nodiscard]] auto check_logged(const transfer_received& e, const state& s) -> result<void>;
[[nodiscard]] auto check_logged(const transfer_closed& e, const state& s) -> result<void>;

}  // namespace onhand::detail
