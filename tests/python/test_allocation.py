# SPDX-License-Identifier: Apache-2.0
"""Reservations and available-to-promise from Python: the lifecycle (reserve,
commit, release, lapse), channel quotas, the promise rule, and what each
refusal leaves unchanged. Expected values are worked out by hand from the
rules of docs/concepts/atp.md (the same cases as the C++ reservation tests).
The pure algorithms of onhand.allocation are checked against the rules
computed directly (suffix minimum, sorted greedy fill, day-by-day simulation)."""
import dataclasses
import datetime as dt
import decimal
import random

import pandas as pd
import pytest

import onhand
from onhand import allocation

D = decimal.Decimal
UTC = dt.timezone.utc


def at(text):
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


class Clock:
    def __init__(self):
        self.now = at("2026-11-27T09:00:00Z")

    def __call__(self):
        return self.now


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def inv(clock):
    """3PL-EAST > EAST/A > EAST/A-01, 3PL-WEST; SOAP (each, case of 12) and
    SERUM (lots L-FRESH expiring 2027-06-30 and L-OLD expiring 2026-12-15)."""
    inv = onhand.open(clock=clock)
    inv.define_location("3PL-EAST")
    inv.define_location("EAST/A", parent="3PL-EAST")
    inv.define_location("EAST/A-01", parent="EAST/A")
    inv.define_location("3PL-WEST")
    inv.define_item("SOAP", alternates={"case": 12})
    inv.define_item("SERUM", lot_tracked=True, shelf_life_days=540)
    inv.define_lot("SERUM", "L-FRESH", expiry="2027-06-30")
    inv.define_lot("SERUM", "L-OLD", expiry="2026-12-15")
    return inv


def receive(inv, key, item, to, quantity, lot=None):
    return inv.receive(item, quantity, to=to, key=key, lot=lot)


def atp(inv, item="SOAP", location="3PL-EAST", channel=None):
    return inv.available_to_promise(item, location, channel).available


def held(inv, key):
    return inv.reservation(key).remaining


def refused(inv, error, call, *args, **kwargs):
    """Calls and expects `error`, with the log position unchanged; returns the error."""
    before = inv.log_position
    with pytest.raises(error) as raised:
        call(*args, **kwargs)
    assert inv.log_position == before
    return raised.value


def test_reserves_what_is_available_and_refuses_more(inv, clock):
    receive(inv, "r1", "SOAP", "3PL-EAST", 10)
    r = inv.reserve("cart-1", "SOAP", "3PL-EAST", 6, channel="web", customer="ACME",
                    expires=at("2026-11-28T00:00:00Z"))
    assert dataclasses.is_dataclass(r)
    assert (r.key, r.item, r.location, r.quantity, r.remaining, r.status) == (
        "cart-1", "SOAP", "3PL-EAST", D(6), D(6), "open")
    assert (r.committed, r.released, r.lapsed) == (D(0), D(0), D(0))
    assert (r.channel, r.customer) == ("web", "ACME")
    assert r.expires == at("2026-11-28T00:00:00Z") and r.expires.tzinfo is not None
    assert r.recorded == clock.now
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.quantity = D(1)
    assert atp(inv) == D(4)

    error = refused(inv, onhand.InsufficientStockError, inv.reserve, "cart-2", "SOAP",
                    "3PL-EAST", 5)
    assert (error.requested, error.available) == (D(5), D(4))
    with pytest.raises(onhand.UnknownReservationError):
        inv.reservation("cart-2")
    inv.reserve("cart-2", "SOAP", "3PL-EAST", 4)
    assert atp(inv) == D(0)
    inv.verify()


def test_a_position_shows_each_quantity(inv):
    receive(inv, "r1", "SOAP", "EAST/A-01", 7)
    receive(inv, "r2", "SOAP", "3PL-EAST", 3)
    inv.reserve("c1", "SOAP", "3PL-EAST", 4)
    p = inv.available_to_promise("SOAP", "3PL-EAST")
    assert p == onhand._allocation.AvailableToPromise(
        item="SOAP", location="3PL-EAST", channel=None, on_hand=D(10), quarantined=D(0),
        usable=D(10), reserved=D(4), fenced=D(0), available=D(6))
    assert all(isinstance(getattr(p, name), D) for name in
               ("on_hand", "quarantined", "usable", "reserved", "fenced", "available"))


def test_a_reservation_above_a_location_limits_what_is_promised_below_it(inv):
    # 10 in the bin; 8 held anywhere in 3PL-EAST may all have to come from the bin.
    receive(inv, "r1", "SOAP", "EAST/A-01", 10)
    inv.reserve("site", "SOAP", "3PL-EAST", 8)
    assert atp(inv, location="EAST/A-01") == D(2)
    refused(inv, onhand.InsufficientStockError, inv.reserve, "bin", "SOAP", "EAST/A-01", 3)
    inv.reserve("bin", "SOAP", "EAST/A-01", 2)
    assert atp(inv) == D(0)
    receive(inv, "r2", "SOAP", "3PL-WEST", 5)
    assert atp(inv) == D(0)
    assert atp(inv, location="3PL-WEST") == D(5)


@pytest.mark.parametrize("args, kwargs, error, field", [
    (("a", "SOAP", onhand.CUSTOMER, 1), {}, onhand.InvalidLocationError, None),
    (("b", "SOAP", "3PL-EAST", 0), {}, onhand.InvalidQuantityError, None),
    (("c", "SOAP", "3PL-EAST", -1), {}, onhand.InvalidQuantityError, None),
    (("d", "SOAP", "3PL-EAST", "0.5"), {}, onhand.PrecisionExceededError, None),
    (("e", "NOPE", "3PL-EAST", 1), {}, onhand.UnknownCodeError, None),
    (("f", "SOAP", "NOPE", 1), {}, onhand.UnknownCodeError, None),
    (("", "SOAP", "3PL-EAST", 1), {}, onhand.MalformedInputError, None),
    (("g", "SOAP", "3PL-EAST", 1), {"channel": "bad\nchannel"}, onhand.MalformedInputError, None),
    (("h", "SOAP", "3PL-EAST", 1.5), {}, onhand.MalformedInputError, "quantity"),
    (("i", "SOAP", "3PL-EAST", 1), {"expires": dt.datetime(2027, 1, 1)},
     onhand.MalformedInputError, "expires"),
    (("j", "SOAP", "3PL-EAST", 1), {"unit": "pallet"}, onhand.Error, "unit"),
    (("k", "SOAP", "3PL-EAST", 1), {"channel": b"web"}, onhand.MalformedInputError, "channel"),
    (("l", "SOAP", "3PL-EAST", 1), {"chanel": "web"}, onhand.MalformedInputError, "chanel"),
])
def test_bad_reservations_are_typed_errors_and_change_nothing(inv, args, kwargs, error, field):
    receive(inv, "r1", "SOAP", "3PL-EAST", 10)
    raised = refused(inv, error, inv.reserve, *args, **kwargs)
    if field is not None:
        assert raised.field == field
    assert atp(inv) == D(10)
    assert len(inv.reservations()) == 0
    with pytest.raises(onhand.UnknownCodeError):
        inv.available_to_promise("SOAP", "NOPE")


def test_a_reservation_in_another_unit_holds_base_units(inv):
    receive(inv, "r1", "SOAP", "3PL-EAST", 30)
    r = inv.reserve("case-1", "SOAP", "3PL-EAST", 2, unit="case")
    assert r.quantity == D(24)
    assert atp(inv) == D(6)


def test_a_reservation_retried_under_its_key_is_the_same_reservation(inv):
    receive(inv, "r1", "SOAP", "3PL-EAST", 10)
    first = inv.reserve("cart-1", "SOAP", "3PL-EAST", 6)
    position = inv.log_position
    assert inv.reserve("cart-1", "SOAP", "3PL-EAST", 6) == first
    assert inv.log_position == position
    refused(inv, onhand.IdempotencyConflictError, inv.reserve, "cart-1", "SOAP", "3PL-EAST", 5)
    # One key space: a document's key is not a reservation's.
    refused(inv, onhand.IdempotencyConflictError, inv.reserve, "r1", "SOAP", "3PL-EAST", 1)
    assert held(inv, "cart-1") == D(6)


def test_commits_ship_in_parts_and_never_twice(inv):
    receive(inv, "r1", "SOAP", "3PL-EAST", 10)
    inv.reserve("so-1", "SOAP", "3PL-EAST", 6)
    posted = inv.commit_reservation("so-1", 4, key="ship-1", reference="SO-1")
    assert set(posted) == {"document", "log_position", "effective", "recorded", "replayed"}
    assert posted["replayed"] is False
    assert inv.balance("SOAP", "3PL-EAST") == D(6)
    assert inv.balance("SOAP", onhand.CUSTOMER) == D(4)
    assert held(inv, "so-1") == D(2)
    assert inv.reservation("so-1").status == "open"
    assert inv.reservation("so-1").committed == D(4)
    assert atp(inv) == D(4)  # 6 on hand, 2 still held
    history = inv.history("SOAP", "3PL-EAST")
    assert list(history["reason"]) == ["receipt", "shipment"]

    error = refused(inv, onhand.ExceedsReservationError, inv.commit_reservation, "so-1", 3,
                    key="ship-2")
    assert error.available == D(2)
    assert inv.balance("SOAP", "3PL-EAST") == D(6)

    inv.commit_reservation("so-1", 2, key="ship-2")
    assert inv.reservation("so-1").status == "committed"
    refused(inv, onhand.AlreadyResolvedError, inv.commit_reservation, "so-1", 1, key="ship-3")
    assert atp(inv) == D(4)
    inv.verify()


def test_a_commit_retried_under_its_key_ships_once(inv):
    receive(inv, "r1", "SOAP", "3PL-EAST", 10)
    inv.reserve("so-1", "SOAP", "3PL-EAST", 6)
    inv.reserve("so-2", "SOAP", "3PL-EAST", 2)
    first = inv.commit_reservation("so-1", 4, key="ship-1")
    position = inv.log_position
    retry = inv.commit_reservation("so-1", 4, key="ship-1")
    assert retry["replayed"] is True
    assert retry["document"] == first["document"]
    assert inv.log_position == position
    assert inv.balance("SOAP", "3PL-EAST") == D(6)
    assert held(inv, "so-1") == D(2)
    # The same document under the key, for another reservation: a conflict.
    refused(inv, onhand.IdempotencyConflictError, inv.commit_reservation, "so-2", 4,
            key="ship-1", source="3PL-EAST")


def test_a_commit_must_move_the_item_out_of_the_reserved_location(inv):
    receive(inv, "r1", "SOAP", "EAST/A-01", 10)
    receive(inv, "r2", "SOAP", "3PL-WEST", 10)
    inv.reserve("so-1", "SOAP", "3PL-EAST", 6)
    refused(inv, onhand.InvalidLocationError, inv.commit_reservation, "so-1", 1, key="s1",
            source="3PL-WEST")
    refused(inv, onhand.InvalidLocationError, inv.commit_reservation, "so-1", key="s3",
            lines=[{"item": "SOAP", "quantity": 1, "source": "EAST/A-01", "to": "3PL-EAST"}],
            reason="transfer")
    refused(inv, onhand.UnknownReservationError, inv.commit_reservation, "nope", 1, key="s4")
    # The document's own fault outranks the reservation's.
    refused(inv, onhand.MalformedInputError, inv.commit_reservation, "nope", 1, key="")
    # From the bin to another site: it leaves 3PL-EAST, so it commits.
    inv.commit_reservation("so-1", 1, key="s5", source="EAST/A-01", to="3PL-WEST",
                           reason="transfer")
    assert held(inv, "so-1") == D(5)
    assert inv.balance("SOAP", "3PL-WEST") == D(11)


def test_a_commit_may_not_take_what_another_reservation_holds(inv):
    receive(inv, "r1", "SOAP", "EAST/A-01", 5)
    receive(inv, "r2", "SOAP", "3PL-EAST", 5)
    inv.reserve("bin", "SOAP", "EAST/A-01", 5)
    inv.reserve("site", "SOAP", "3PL-EAST", 5)
    refused(inv, onhand.InsufficientStockError, inv.commit_reservation, "site", 5, key="s1",
            source="EAST/A-01")
    assert held(inv, "site") == D(5)
    inv.commit_reservation("site", 5, key="s1")
    inv.commit_reservation("bin", 5, key="s2")  # from the bin, where "bin" is held
    assert inv.balance("SOAP", "3PL-EAST", within=True) == D(0)
    inv.verify()


def test_a_commit_from_several_lots_is_one_document(inv):
    receive(inv, "r1", "SERUM", "3PL-EAST", 5, lot="L-FRESH")
    receive(inv, "r2", "SERUM", "3PL-EAST", 3, lot="L-OLD")
    inv.reserve("so-9", "SERUM", "3PL-EAST", 6)
    posted = inv.commit_reservation("so-9", key="ship-9", lines=[
        {"item": "SERUM", "quantity": 3, "source": "3PL-EAST", "to": onhand.CUSTOMER,
         "lot": "L-OLD"},
        {"item": "SERUM", "quantity": 2, "source": "3PL-EAST", "to": onhand.CUSTOMER,
         "lot": "L-FRESH"}])
    assert inv.reservation("so-9").committed == D(5)
    assert held(inv, "so-9") == D(1)
    assert inv.balance("SERUM", "3PL-EAST", lot="L-FRESH") == D(3)
    assert inv.balance("SERUM", "3PL-EAST", lot="L-OLD") == D(0)
    documents = set(inv.history("SERUM", onhand.CUSTOMER)["document"])
    assert documents == {posted["document"]}
    # One lot by lot=: the common single-lot case.
    inv.commit_reservation("so-9", 1, key="ship-10", lot="L-FRESH")
    assert inv.reservation("so-9").status == "committed"


@pytest.mark.parametrize("kwargs, error, field, line", [
    ({}, onhand.MalformedInputError, "quantity", None),  # neither quantity nor lines
    ({"quantity": 1, "lines": []}, onhand.MalformedInputError, "quantity", None),
    ({"lines": [{"item": "SOAP", "quantity": 1, "source": "3PL-EAST", "to": "CUSTOMER"}],
      "lot": "L1"}, onhand.MalformedInputError, "lines", None),
    ({"lines": [{"item": "SOAP", "quantity": 1, "source": "3PL-EAST", "to": "CUSTOMER"},
                {"item": "SOAP", "quantity": 1, "source": "3PL-EAST", "to": "NOWHERE"}]},
     onhand.UnknownCodeError, None, 1),
    ({"lines": [{"item": "SOAP", "qty": 1}]}, onhand.MalformedInputError, "qty", 0),
    ({"lines": "SOAP"}, onhand.MalformedInputError, "lines", None),
    ({"quantity": "1.5"}, onhand.PrecisionExceededError, None, None),
    ({"quantity": 1, "unit": "pallet"}, onhand.Error, "unit", 0),
    ({"quantity": 1, "lot": "L-OLD"}, onhand.TrackingMismatchError, "lot", 0),
    ({"quantity": 1, "reason": "teleport"}, onhand.MalformedInputError, "reason", None),
    ({"quantity": 1, "effective": "2026-11-27T09:00:00"}, onhand.MalformedInputError,
     "effective", None),
    ({"quantity": 1, "sourse": "3PL-EAST"}, onhand.MalformedInputError, "sourse", None),
])
def test_bad_commits_are_typed_errors_and_change_nothing(inv, kwargs, error, field, line):
    receive(inv, "r1", "SOAP", "3PL-EAST", 10)
    inv.reserve("so-1", "SOAP", "3PL-EAST", 6)
    before = inv.reservation("so-1")
    raised = refused(inv, error, inv.commit_reservation, "so-1", key="ship-1", **kwargs)
    if field is not None:
        assert raised.field == field
    if line is not None:
        assert raised.line == line
    assert inv.reservation("so-1") == before
    assert inv.balance("SOAP", "3PL-EAST") == D(10)


def test_a_posting_may_not_take_reserved_stock(inv):
    receive(inv, "r1", "SOAP", "3PL-EAST", 10)
    inv.reserve("so-1", "SOAP", "3PL-EAST", 6)
    error = refused(inv, onhand.InsufficientStockError, inv.ship, "SOAP", 5, source="3PL-EAST",
                    key="d1")
    assert (error.requested, error.available) == (D(5), D(4))
    # Moving reserved stock out of the reserved location is taking it too.
    refused(inv, onhand.InsufficientStockError, inv.transfer, "SOAP", 5, source="3PL-EAST",
            to="3PL-WEST", key="d2")
    # Within the location it stays promised; the unreserved part may go.
    inv.transfer("SOAP", 10, source="3PL-EAST", to="EAST/A-01", key="d3")
    inv.ship("SOAP", 4, source="EAST/A-01", key="d4")
    assert atp(inv) == D(0)
    # A receipt in the same document makes room.
    inv.post([{"item": "SOAP", "quantity": 2, "source": onhand.SUPPLIER, "to": "3PL-EAST"},
              {"item": "SOAP", "quantity": 2, "source": "EAST/A-01", "to": onhand.CUSTOMER}],
             key="d5", reason="shipment")
    inv.verify()


def test_a_batch_sees_what_its_earlier_documents_take(inv):
    receive(inv, "r1", "SOAP", "3PL-EAST", 10)
    inv.reserve("so-1", "SOAP", "3PL-EAST", 6)
    result = inv.post_batch({"key": ["b1", "b2", "b3"], "item": ["SOAP"] * 3,
                             "source": ["3PL-EAST"] * 3, "to": [onhand.CUSTOMER] * 3,
                             "quantity": [3, 3, 1], "reason": ["shipment"] * 3})
    assert result.posted == 2
    assert list(result.errors["key"]) == ["b2"]
    assert list(result.errors["code"]) == ["insufficient_stock"]
    assert inv.balance("SOAP", "3PL-EAST") == D(6)
    assert atp(inv) == D(0)
    inv.verify()


def test_releases_give_back_in_parts_and_never_twice(inv):
    receive(inv, "r1", "SOAP", "3PL-EAST", 10)
    inv.reserve("q-1", "SOAP", "3PL-EAST", 6)
    assert inv.release_reservation("q-1", 2, key="rel-1") is None
    assert held(inv, "q-1") == D(4)
    assert inv.reservation("q-1").released == D(2)
    assert atp(inv) == D(6)
    position = inv.log_position
    inv.release_reservation("q-1", 2, key="rel-1")  # a retry changes nothing
    assert inv.log_position == position
    assert held(inv, "q-1") == D(4)
    refused(inv, onhand.ExceedsReservationError, inv.release_reservation, "q-1", 5, key="rel-2")
    refused(inv, onhand.InvalidQuantityError, inv.release_reservation, "q-1", 0, key="rel-2")
    refused(inv, onhand.UnknownReservationError, inv.release_reservation, "q-9", key="rel-2")
    refused(inv, onhand.MalformedInputError, inv.release_reservation, "q-1", key="")
    refused(inv, onhand.MalformedInputError, inv.release_reservation, "q-1", 1.0, key="rel-2")
    refused(inv, onhand.MalformedInputError, inv.release_reservation, "q-1")  # no key
    inv.release_reservation("q-1", key="rel-2")
    assert inv.reservation("q-1").status == "released"
    refused(inv, onhand.AlreadyResolvedError, inv.release_reservation, "q-1", key="rel-3")
    assert atp(inv) == D(10)
    inv.verify()


def test_reservations_lapse_when_the_clock_passes_their_expiry(inv):
    receive(inv, "r1", "SOAP", "3PL-EAST", 10)
    inv.reserve("cart-1", "SOAP", "3PL-EAST", 3, expires=at("2026-11-27T09:30:00Z"))
    inv.reserve("cart-2", "SOAP", "3PL-EAST", 4, expires="2026-11-27T10:00:00Z")
    inv.reserve("order", "SOAP", "3PL-EAST", 2)
    assert inv.advance_reservation_clock(at("2026-11-27T09:29:59Z")) == 0
    assert atp(inv) == D(1)
    # The expiry time itself lapses it.
    assert inv.advance_reservation_clock(at("2026-11-27T09:30:00Z")) == 1
    assert inv.reservation("cart-1").status == "lapsed"
    assert inv.reservation("cart-1").lapsed == D(3)
    assert atp(inv) == D(4)
    refused(inv, onhand.AlreadyResolvedError, inv.commit_reservation, "cart-1", 1, key="s1")

    refused(inv, onhand.ClockRegressionError, inv.advance_reservation_clock,
            at("2026-11-27T09:00:00Z"))
    refused(inv, onhand.MalformedInputError, inv.advance_reservation_clock,
            dt.datetime(2026, 11, 28))  # naive: no time zone
    before = inv.log_position
    assert inv.advance_reservation_clock(at("2026-11-27T09:30:00Z")) == 0
    assert inv.log_position == before
    refused(inv, onhand.InvalidParameterError, inv.reserve, "cart-3", "SOAP", "3PL-EAST", 1,
            expires=at("2026-11-27T09:30:00Z"))

    # Another offset, the same instant as 2026-11-28T00:00Z.
    eastern = dt.timezone(dt.timedelta(hours=-5))
    assert inv.advance_reservation_clock(dt.datetime(2026, 11, 27, 19, tzinfo=eastern)) == 1
    assert atp(inv) == D(8)
    assert held(inv, "order") == D(2)
    inv.verify()


def test_held_and_expired_lots_are_not_promised(inv, clock):
    receive(inv, "r1", "SERUM", "3PL-EAST", 5, lot="L-FRESH")
    receive(inv, "r2", "SERUM", "3PL-EAST", 3, lot="L-OLD")
    assert atp(inv, "SERUM") == D(8)
    inv.set_lot_status("SERUM", "L-FRESH", "on_hold")
    p = inv.available_to_promise("SERUM", "3PL-EAST")
    assert (p.on_hand, p.quarantined, p.available) == (D(8), D(5), D(3))
    # L-OLD expires 2026-12-15: usable on that day, not the day after.
    clock.now = at("2026-12-15T23:00:00Z")
    assert atp(inv, "SERUM") == D(3)
    clock.now = at("2026-12-16T00:00:00Z")
    assert atp(inv, "SERUM") == D(0)
    refused(inv, onhand.InsufficientStockError, inv.reserve, "x", "SERUM", "3PL-EAST", 1)


def test_a_channel_never_takes_another_channels_remaining_quota(inv):
    receive(inv, "r1", "SOAP", "3PL-EAST", 10)
    inv.set_channel_quota("SOAP", "3PL-EAST", "wholesale", 6)
    # web: 10 usable − 6 fenced for wholesale; wholesale: everything.
    assert atp(inv, channel="web") == D(4)
    assert inv.available_to_promise("SOAP", "3PL-EAST", "web").fenced == D(6)
    assert atp(inv) == D(4)
    assert atp(inv, channel="wholesale") == D(10)
    refused(inv, onhand.InsufficientStockError, inv.reserve, "web-1", "SOAP", "3PL-EAST", 5,
            channel="web")
    inv.reserve("ws-1", "SOAP", "3PL-EAST", 4, channel="wholesale")
    # remaining_wholesale = 6 − 4 = 2; web: 10 − 4 − 2.
    assert atp(inv, channel="web") == D(4)
    inv.reserve("web-1", "SOAP", "3PL-EAST", 3, channel="web")
    assert atp(inv, channel="wholesale") == D(3)  # 10 − 7, no other quota
    assert atp(inv, channel="web") == D(1)
    # Shipping wholesale's reservation restores its quota: a standing level.
    inv.commit_reservation("ws-1", 4, key="ship-ws")
    assert atp(inv, channel="web") == D(0)  # 6 usable, 3 reserved, 6 fenced
    assert atp(inv, channel="wholesale") == D(3)
    inv.verify()


def test_a_share_quota_follows_usable_stock_rounded_down_to_the_unit(inv):
    receive(inv, "r1", "SOAP", "3PL-EAST", 10)
    inv.set_channel_quota("SOAP", "3PL-EAST", "wholesale", share=D("0.25"))
    # 0.25 × 10 = 2.5, rounded down to whole units: 2 fenced.
    assert atp(inv, channel="web") == D(8)
    receive(inv, "r2", "SOAP", "3PL-EAST", 2)
    assert atp(inv, channel="web") == D(9)  # 0.25 × 12 = 3 fenced
    refused(inv, onhand.InvalidParameterError, inv.set_channel_quota, "SOAP", "3PL-EAST",
            "wholesale", share="1.5")
    refused(inv, onhand.InvalidParameterError, inv.set_channel_quota, "SOAP", "EAST/A-01",
            "wholesale", 1)
    refused(inv, onhand.MalformedInputError, inv.set_channel_quota, "SOAP", "3PL-EAST", "", 1)
    refused(inv, onhand.InvalidQuantityError, inv.set_channel_quota, "SOAP", "3PL-WEST", "web",
            -1)
    for both in ({}, {"quantity": 1, "share": "0.5"}):
        error = refused(inv, onhand.MalformedInputError, inv.set_channel_quota, "SOAP",
                        "3PL-WEST", "web", **both)
        assert error.field == "quantity"
    refused(inv, onhand.MalformedInputError, inv.set_channel_quota, "SOAP", "3PL-WEST", "web",
            share=float("nan"))
    refused(inv, onhand.UnknownCodeError, inv.set_channel_quota, "NOPE", "3PL-WEST", "web", 1)
    # The same quota again changes nothing; a float share reads as its digits.
    before = inv.log_position
    inv.set_channel_quota("SOAP", "3PL-EAST", "wholesale", share=0.25)
    assert inv.log_position == before
    # Zero removes it.
    inv.set_channel_quota("SOAP", "3PL-EAST", "wholesale", 0)
    assert atp(inv, channel="web") == D(12)


def test_reservations_frame_lists_every_reservation_in_order(inv):
    receive(inv, "r1", "SOAP", "3PL-EAST", 10)
    receive(inv, "r2", "SERUM", "3PL-EAST", 5, lot="L-FRESH")
    inv.reserve("a", "SOAP", "3PL-EAST", 4, channel="web")
    inv.reserve("b", "SERUM", "3PL-EAST", 2, customer="ACME")
    inv.reserve("c", "SOAP", "3PL-EAST", 1)
    inv.commit_reservation("a", D("1"), key="s-a")
    inv.release_reservation("c", key="rel-c")
    table = inv.reservations()
    assert list(table.columns) == ["key", "item", "location", "quantity", "committed",
                                   "released", "lapsed", "remaining", "channel", "customer",
                                   "expires", "recorded", "status"]
    assert list(table["key"]) == ["a", "b", "c"]
    assert list(table["status"]) == ["open", "open", "released"]
    assert list(table["remaining"]) == [3.0, 2.0, 0.0]
    assert table["remaining"].dtype == "float64"
    exact = inv.reservations(item="SOAP", exact=True)
    assert list(exact["key"]) == ["a", "c"]
    assert list(exact["committed"]) == [D(1), D(0)]
    assert list(inv.reservations(status="released")["key"]) == ["c"]
    assert inv.reservations(item="SOAP", status="lapsed").empty
    refused(inv, onhand.MalformedInputError, inv.reservations, status="closed")
    refused(inv, onhand.UnknownCodeError, inv.reservations, item="NOPE")
    refused(inv, onhand.MalformedInputError, inv.reservations, exact="yes")


def test_atp_frame_covers_items_and_locations(inv):
    receive(inv, "r1", "SOAP", "EAST/A-01", 7)
    receive(inv, "r2", "SOAP", "3PL-WEST", 5)
    receive(inv, "r3", "SERUM", "3PL-EAST", 4, lot="L-FRESH")
    inv.reserve("a", "SOAP", "3PL-EAST", 3)
    inv.set_channel_quota("SOAP", "3PL-WEST", "b2b", 2)

    table = inv.atp()
    assert list(table.columns) == ["item", "location", "channel", "on_hand", "quarantined",
                                   "usable", "reserved", "fenced", "available"]
    # Every item × each internal location holding stock of it.
    rows = {(r.item, r.location): r for r in table.itertuples()}
    assert set(rows) == {("SOAP", "EAST/A-01"), ("SOAP", "3PL-WEST"), ("SERUM", "3PL-EAST")}
    # The bin: 7 usable, but 3 held at 3PL-EAST may come from it.
    assert rows["SOAP", "EAST/A-01"].available == 4.0
    assert rows["SOAP", "3PL-WEST"].fenced == 2.0
    assert rows["SOAP", "3PL-WEST"].available == 3.0
    assert table["available"].dtype == "float64"

    exact = inv.atp(items=["SOAP"], locations=["3PL-EAST", "3PL-WEST"], channel="b2b",
                    exact=True)
    assert list(zip(exact["location"], exact["available"], exact["channel"])) == [
        ("3PL-EAST", D(4), "b2b"), ("3PL-WEST", D(5), "b2b")]
    # The frame agrees with available_to_promise, row by row.
    for row in exact.itertuples():
        one = inv.available_to_promise(row.item, row.location, "b2b")
        assert (row.on_hand, row.reserved, row.fenced, row.available) == (
            one.on_hand, one.reserved, one.fenced, one.available)
    assert len(inv.atp(items=[], locations=["3PL-EAST"])) == 0
    assert list(inv.atp(locations=["3PL-WEST"])["item"]) == ["SOAP", "SERUM"]
    refused(inv, onhand.UnknownCodeError, inv.atp, items=["NOPE"])
    refused(inv, onhand.UnknownCodeError, inv.atp, locations=["NOPE"])
    refused(inv, onhand.MalformedInputError, inv.atp, items="SOAP")
    refused(inv, onhand.MalformedInputError, inv.atp, items=[b"SOAP"])


def test_reservations_survive_as_events(inv):
    receive(inv, "r1", "SOAP", "EAST/A-01", 10)
    inv.set_channel_quota("SOAP", "3PL-EAST", "b2b", 3)
    inv.reserve("a", "SOAP", "3PL-EAST", 4, channel="web", expires=at("2026-11-28T00:00:00Z"))
    inv.reserve("b", "SOAP", "EAST/A-01", 2, channel="b2b")
    inv.commit_reservation("b", 1, key="s-b")
    inv.release_reservation("b", key="rel")
    assert inv.advance_reservation_clock(at("2026-11-29T00:00:00Z")) == 1
    inv.verify()
    assert inv.reservation("a").status == "lapsed"
    assert inv.reservation("b").committed == D(1)
    assert inv.reservation("b").released == D(1)
    assert inv.reservation("b").status == "released"


# --- onhand.allocation: the pure algorithms -------------------------------
def _days(start, n):
    first = dt.date.fromisoformat(start)
    return [first + dt.timedelta(days=i) for i in range(n)]


def _atp_by_definition(on_hand, receipts, demands, start, n):
    """S(d), D(d) and ATP(d) = max(0, min over d' >= d of S(d') − D(d')), as
    the rule in docs/concepts/atp.md states it; early entries count on day 0."""
    days = _days(start, n)
    supply = [on_hand + sum(q for d, q in receipts if d <= day) for day in days]
    demand = [sum(q for d, q in demands if d <= day) for day in days]
    atp = [max(0, min(s - d for s, d in zip(supply[i:], demand[i:]))) for i in range(n)]
    return days, supply, demand, atp


def test_time_phased_atp_matches_the_definition_on_random_schedules():
    rng = random.Random(17)
    start = "2026-01-01"
    for _ in range(200):
        n = rng.randint(1, 20)
        window = _days("2025-12-29", n + 6)  # some before the start, some after the horizon
        receipts = [(rng.choice(window), rng.randint(0, 30)) for _ in range(rng.randint(0, 4))]
        demands = [(rng.choice(window), rng.randint(0, 30)) for _ in range(rng.randint(0, 4))]
        on_hand = rng.randint(0, 40)
        table = allocation.time_phased_atp(on_hand, receipts, demands, start=start, days=n,
                                           exact=True)
        days, supply, demand, atp = _atp_by_definition(on_hand, receipts, demands, start, n)
        assert list(table["day"]) == days
        assert list(table["supply"]) == supply
        assert list(table["demand"]) == demand
        assert list(table["atp"]) == atp
        wanted = rng.randint(1, 40)
        expected = next((day for day, value in zip(days, atp) if value >= wanted), None)
        assert allocation.promise_date(wanted, on_hand, receipts, demands, start=start,
                                       days=n) == expected


def test_time_phased_atp_takes_tables_in_every_form():
    # 40 on hand, 50 arriving on the 4th; 20 owed on the 2nd, 60 on the 5th: the 60
    # takes all but 10 of what arrives, so 10 can be promised on every day.
    forms = [
        ([("2026-01-04", 50)], [("2026-01-02", 20), ("2026-01-05", 60)]),
        ({"2026-01-04": 50}, {dt.date(2026, 1, 2): 20, dt.date(2026, 1, 5): "60"}),
        (pd.DataFrame({"day": ["2026-01-04"], "quantity": [50]}),
         {"day": ["2026-01-02", "2026-01-05"], "quantity": [D(20), D(60)]}),
    ]
    for receipts, demands in forms:
        table = allocation.time_phased_atp(40, receipts, demands, start="2026-01-01", days=7)
        assert list(table["atp"]) == [10.0] * 7
        assert table["atp"].dtype == "float64"
        assert allocation.promise_date(10, 40, receipts, demands, start="2026-01-01",
                                       days=7) == dt.date(2026, 1, 1)
        assert allocation.promise_date(11, 40, receipts, demands, start="2026-01-01",
                                       days=7) is None


@pytest.mark.parametrize("call, error, field", [
    (lambda: allocation.time_phased_atp(-1, start="2026-01-01", days=3),
     onhand.InvalidQuantityError, None),
    (lambda: allocation.time_phased_atp(1, [("2026-01-01", -2)], start="2026-01-01", days=3),
     onhand.InvalidQuantityError, None),
    (lambda: allocation.time_phased_atp(1, start="2026-01-01", days=0),
     onhand.InvalidParameterError, None),
    (lambda: allocation.time_phased_atp(1, start="2026-01-01", days=10**6),
     onhand.InvalidParameterError, None),
    (lambda: allocation.time_phased_atp(1, start="2026-01-01", days=2**40),
     onhand.InvalidParameterError, "days"),
    (lambda: allocation.time_phased_atp(1.5, start="2026-01-01", days=3),
     onhand.MalformedInputError, "on_hand"),
    (lambda: allocation.time_phased_atp(1, [("2026-13-01", 1)], start="2026-01-01", days=3),
     onhand.MalformedInputError, "receipts"),
    (lambda: allocation.time_phased_atp(1, [("2026-01-01",)], start="2026-01-01", days=3),
     onhand.MalformedInputError, "receipts"),
    (lambda: allocation.time_phased_atp(1, start="2026-01-01", days=3, horizon=3),
     onhand.MalformedInputError, "horizon"),
    (lambda: allocation.promise_date(0, 1, start="2026-01-01", days=3),
     onhand.InvalidQuantityError, "quantity"),
    (lambda: allocation.promise_date(1, 1, start="2026-01-01"),
     onhand.MalformedInputError, "days"),
])
def test_time_phased_atp_refuses_bad_input(call, error, field):
    with pytest.raises(error) as raised:
        call()
    if field is not None:
        assert raised.value.field == field


def _csr(per_item):
    """Per-item lists of (day, quantity) as CSR numpy columns."""
    import numpy as np
    offsets = np.cumsum([0] + [len(entries) for entries in per_item]).astype(np.int64)
    flat = [entry for entries in per_item for entry in entries]
    days = np.array([day for day, _ in flat], dtype="datetime64[D]")
    quantities = np.array([quantity for _, quantity in flat], dtype=object)
    return offsets, days, quantities


def test_time_phased_atp_columns_match_the_definition_item_by_item():
    import numpy as np
    rng = random.Random(23)
    start, n = "2026-01-01", 12
    window = _days("2025-12-27", n + 8)  # some before the start, some after the horizon
    for _ in range(20):
        items = rng.randint(1, 12)
        on_hand = [D(rng.randint(0, 4000)) / 100 for _ in range(items)]
        receipts = [[(rng.choice(window), D(rng.randint(0, 3000)) / 100)
                     for _ in range(rng.randint(0, 4))] for _ in range(items)]
        demands = [[(rng.choice(window), D(rng.randint(0, 3000)) / 100)
                    for _ in range(rng.randint(0, 5))] for _ in range(items)]
        columns = (*_csr(receipts), *_csr(demands))
        exact = allocation.time_phased_atp_columns(np.array(on_hand, dtype=object), *columns,
                                                   start=start, days=n, exact=True)
        floats = allocation.time_phased_atp_columns(np.array(on_hand, dtype=object), *columns,
                                                    start=start, days=n)
        assert exact.shape == floats.shape == (items, n)
        assert floats.dtype == np.float64
        for i in range(items):
            _, _, _, atp = _atp_by_definition(on_hand[i], receipts[i], demands[i], start, n)
            assert list(exact[i]) == atp
            assert list(floats[i]) == [float(value) for value in atp]


def test_time_phased_atp_columns_take_integers_dates_and_no_schedule():
    import numpy as np
    # The case of test_time_phased_atp_takes_tables_in_every_form for item 0; item 1
    # has nothing scheduled: its on hand on every day.
    atp = allocation.time_phased_atp_columns(
        np.array([40, 5]), [0, 1, 1], [dt.date(2026, 1, 4)], [50], [0, 2, 2],
        ["2026-01-02", "2026-01-05"], [20, 60], start="2026-01-01", days=7)
    assert atp.tolist() == [[10.0] * 7, [5.0] * 7]
    alone = allocation.time_phased_atp_columns([3, 0], start="2026-01-01", days=2, exact=True)
    assert alone.tolist() == [[D(3), D(3)], [D(0), D(0)]]


@pytest.mark.parametrize("arguments, error, field", [
    (([1.5], None, None, None, None, None, None), onhand.MalformedInputError, "on_hand"),
    (([1], [0, 1], ["2026-01-02"], [2.5], None, None, None), onhand.MalformedInputError,
     "receipts"),
    (([1], [0, 2], ["2026-01-02"], [2], None, None, None), onhand.InvalidParameterError, None),
    (([1], [0, -1], ["2026-01-02"], [2], None, None, None), onhand.InvalidParameterError,
     "receipt_offsets"),
    (([1], [0, 1], ["2026-01-02"], [-2], None, None, None), onhand.InvalidQuantityError, None),
    (([1], [0, 1], ["2026-01-02"], None, None, None, None), onhand.MalformedInputError,
     "receipts"),
    (([1], None, None, None, [0, 1], ["2026-13-02"], [1]), onhand.MalformedInputError,
     "demands"),
    (([1], None, None, None, [0, 1], ["2026-01-02"], [1, 2]), onhand.MalformedInputError,
     "demands"),
    (([[1]], None, None, None, None, None, None), onhand.MalformedInputError, "on_hand"),
])
def test_time_phased_atp_columns_refuse_bad_input(arguments, error, field):
    with pytest.raises(error) as raised:
        allocation.time_phased_atp_columns(*arguments, start="2026-01-01", days=3)
    if field is not None:
        assert raised.value.field == field


STOCK = pd.DataFrame({
    "location": ["EAST", "EAST", "EAST", "WEST", "WEST"],
    "lot": ["A", "B", "C", "D", "E"],
    "quantity": [10, 10, 10, 10, 10],
    "expiry": ["2027-03-01", "2027-02-01", None, "2027-01-20", "2027-02-15"],
    "received": [at("2026-10-01T00:00:00Z"), at("2026-11-01T00:00:00Z"),
                 at("2026-09-01T00:00:00Z"), at("2026-10-15T00:00:00Z"),
                 at("2026-08-01T00:00:00Z")],
    "site_rank": [0, 0, 0, 1, 1],
})


def _lines(plan):
    return [(r.location, r.lot, r.quantity) for r in plan.lines.itertuples()]


def test_the_columns_of_lots_are_a_stock_table_as_they_are():
    inv = onhand.open(clock=lambda: at("2027-01-15T09:00:00Z"))
    inv.define_location("EAST")
    inv.define_item("SERUM", lot_tracked=True)
    inv.define_lot("SERUM", "OLD", expiry="2027-01-10")
    inv.define_lot("SERUM", "NEW", expiry="2027-03-01")
    inv.define_lot("SERUM", "HELD", expiry="2027-02-01")
    for lot in ("OLD", "NEW", "HELD"):
        inv.receive("SERUM", 10, to="EAST", lot=lot, key=f"r-{lot}")
    inv.set_lot_status("SERUM", "HELD", "on_hold")
    lots = inv.lots("SERUM", day=dt.date(2027, 1, 15), exact=True)
    assert dict(zip(lots["lot"], lots["status"])) == {
        "OLD": "expired", "HELD": "on_hold", "NEW": "available"}
    # OLD expired on Jan 10 and HELD is on hold: only NEW may be picked.
    stock = lots[["location", "lot", "quantity", "expiry", "status"]]
    plan = allocation.plan_picks(stock, 12, on="2027-01-15", partial=True, exact=True)
    assert _lines(plan) == [("EAST", "NEW", D(10))]
    assert plan.backordered == D(2)


def test_fefo_fills_the_closest_site_first_first_expiring_first():
    # EAST first (rank 0): B (Feb 1), A (Mar 1), then undated C; WEST after.
    plan = allocation.plan_picks(STOCK, 25, on="2027-01-15", exact=True)
    assert _lines(plan) == [("EAST", "B", D(10)), ("EAST", "A", D(10)), ("EAST", "C", D(5))]
    assert (plan.allocated, plan.backordered) == (D(25), D(0))
    # Across sites: D (Jan 20), B (Feb 1), E (Feb 15).
    plan = allocation.plan_picks(STOCK, 25, on="2027-01-15", fill="across_sites", exact=True)
    assert _lines(plan) == [("WEST", "D", D(10)), ("EAST", "B", D(10)), ("WEST", "E", D(5))]
    # FIFO by first receipt: E (Aug), C (Sep) ... across sites; LIFO the reverse.
    plan = allocation.plan_picks(STOCK, 15, on="2027-01-15", strategy="fifo",
                                 fill="across_sites", exact=True)
    assert _lines(plan) == [("WEST", "E", D(10)), ("EAST", "C", D(5))]
    plan = allocation.plan_picks(STOCK, 15, on="2027-01-15", strategy="lifo",
                                 fill="across_sites", exact=True)
    assert _lines(plan) == [("EAST", "B", D(10)), ("WEST", "D", D(5))]
    # One site: EAST has 30, so 30 comes from EAST alone; 31 fits no single site.
    plan = allocation.plan_picks(STOCK, 30, on="2027-01-15", fill="one_site")
    assert set(plan.lines["location"]) == {"EAST"}
    with pytest.raises(onhand.InsufficientStockError):
        allocation.plan_picks(STOCK, 31, on="2027-01-15", fill="one_site")


def test_expired_held_and_short_lived_stock_is_not_picked():
    # On 2027-02-02, B (Feb 1) has expired; D (Jan 20) too.
    plan = allocation.plan_picks(STOCK, 50, on="2027-02-02", partial=True, exact=True)
    assert _lines(plan) == [("EAST", "A", D(10)), ("EAST", "C", D(10)), ("WEST", "E", D(10))]
    assert (plan.allocated, plan.backordered) == (D(30), D(20))
    with pytest.raises(onhand.InsufficientStockError) as raised:
        allocation.plan_picks(STOCK, 50, on="2027-02-02")
    assert (raised.value.requested, raised.value.available) == (D(50), D(30))
    # The expiry day itself is usable: B on 2027-02-01.
    plan = allocation.plan_picks(STOCK, 5, on="2027-02-01", exact=True)
    assert _lines(plan) == [("EAST", "B", D(5))]
    # At least 30 days left on 2027-01-15: A (45 days) and undated C; B (17) not.
    plan = allocation.plan_picks(STOCK, 15, on="2027-01-15", min_days=30, exact=True)
    assert _lines(plan) == [("EAST", "A", D(10)), ("EAST", "C", D(5))]
    # A share: 45/90 = 0.5 of the shelf life left for A, 17/90 for B.
    plan = allocation.plan_picks(STOCK, 5, on="2027-01-15", min_share=0.5, shelf_life_days=90,
                                 exact=True)
    assert _lines(plan) == [("EAST", "A", D(5))]
    held = STOCK.assign(status=["on_hold", "available", "available", "available", "recalled"])
    plan = allocation.plan_picks(held, 25, on="2027-01-15", fill="across_sites", exact=True)
    assert _lines(plan) == [("WEST", "D", D(10)), ("EAST", "B", D(10)), ("EAST", "C", D(5))]


def test_a_lot_specific_request_is_honoured_or_refused_with_the_reason():
    plan = allocation.plan_picks(STOCK, 4, on="2027-01-15", lot="E", exact=True)
    assert _lines(plan) == [("WEST", "E", D(4))]
    with pytest.raises(onhand.LotExpiredError):
        allocation.plan_picks(STOCK, 4, on="2027-02-02", lot="B")
    with pytest.raises(onhand.InsufficientShelfLifeError):
        allocation.plan_picks(STOCK, 4, on="2027-01-15", lot="B", min_days=30)
    with pytest.raises(onhand.InsufficientStockError):
        allocation.plan_picks(STOCK, 11, on="2027-01-15", lot="E")


def test_plan_picks_matches_a_sorted_greedy_fill_on_random_stock():
    """One site, FEFO: the plan is the stock sorted by (expiry, undated last;
    first receipt; lot code), taken greedily, usable lots only."""
    rng = random.Random(5)
    on = dt.date(2027, 1, 15)
    for _ in range(200):
        rows = []
        for index in range(rng.randint(1, 8)):
            expiry = rng.choice([None, on + dt.timedelta(days=rng.randint(-5, 30))])
            rows.append({"location": "EAST", "lot": f"L{index}", "quantity": rng.randint(0, 9),
                         "expiry": expiry,
                         "received": at("2026-10-01T00:00:00Z")
                         + dt.timedelta(days=rng.randint(0, 3))})
        usable = [r for r in rows if r["expiry"] is None or r["expiry"] >= on]
        order = sorted(usable, key=lambda r: (r["expiry"] is None, r["expiry"] or on,
                                              r["received"], r["lot"]))
        total = sum(r["quantity"] for r in usable)
        wanted = rng.randint(1, 30)
        expected, left = [], wanted
        for r in order:
            take = min(left, r["quantity"])
            if take > 0:
                expected.append(("EAST", r["lot"], D(take)))
            left -= take
        plan = allocation.plan_picks(rows, wanted, on=on, partial=True, exact=True)
        assert _lines(plan) == expected
        assert plan.allocated == min(wanted, total)
        assert plan.backordered == wanted - min(wanted, total)


@pytest.mark.parametrize("stock, kwargs, error, field", [
    (STOCK, {"quantity": 0}, onhand.InvalidQuantityError, None),
    (STOCK, {"quantity": 1.5}, onhand.MalformedInputError, "quantity"),
    (STOCK, {"strategy": "random"}, onhand.MalformedInputError, "strategy"),
    (STOCK, {"fill": "nearest"}, onhand.MalformedInputError, "fill"),
    (STOCK, {"min_days": -1}, onhand.InvalidParameterError, None),
    (STOCK, {"min_share": 0.5}, onhand.InvalidParameterError, None),  # no shelf life
    (STOCK, {"min_share": float("nan"), "shelf_life_days": 90}, onhand.InvalidParameterError,
     "min_share"),
    (STOCK, {"min_days": 2**40}, onhand.InvalidParameterError, "min_days"),
    (STOCK.assign(status=["gone"] * 5), {}, onhand.MalformedInputError, "status"),
    (STOCK.assign(quantity=[1, 1, -1, 1, 1]), {}, onhand.InvalidQuantityError, None),
    (STOCK.assign(site_rank=[0, 0, -1, 1, 1]), {}, onhand.InvalidParameterError, "site_rank"),
    (STOCK.rename(columns={"lot": "batch"}), {}, onhand.MalformedInputError, "batch"),
    (STOCK.drop(columns=["location"]), {}, onhand.MalformedInputError, "location"),
    ("EAST", {}, onhand.MalformedInputError, "stock"),
    (STOCK, {"on": "2027-02-30"}, onhand.MalformedInputError, "on"),
    (STOCK, {"strategy": "fefo", "removal": 3}, onhand.MalformedInputError, "removal"),
])
def test_plan_picks_refuses_bad_input(stock, kwargs, error, field):
    arguments = {"quantity": 5, "on": "2027-01-15", **kwargs}
    with pytest.raises(error) as raised:
        allocation.plan_picks(stock, **arguments)
    if field is not None:
        assert raised.value.field == field


def _waste_by_simulation(lots, rate, start):
    """Day by day: each day takes `rate` (an int) from the earliest-expiring
    lot that has stock and has not expired; what a lot holds after its expiry
    day is waste."""
    left = [q for _, q in lots]
    consumed = [0] * len(lots)
    last = max(e for e, _ in lots)
    day = start
    while day <= last:
        want = rate
        for index in sorted(range(len(lots)), key=lambda i: (lots[i][0], i)):
            if lots[index][0] >= day and want:
                take = min(want, left[index])
                left[index] -= take
                consumed[index] += take
                want -= take
        day += dt.timedelta(days=1)
    return consumed, left


def test_expiry_waste_matches_a_day_by_day_simulation():
    rng = random.Random(11)
    start = dt.date(2026, 1, 1)
    for _ in range(200):
        lots = [(start + dt.timedelta(days=rng.randint(-3, 20)), rng.randint(0, 40))
                for _ in range(rng.randint(1, 6))]
        rate = rng.randint(1, 9)
        table = {"expiry": [e for e, _ in lots], "quantity": [q for _, q in lots]}
        result = allocation.project_expiry_waste(table, rate, start=start, exact=True)
        consumed, waste = _waste_by_simulation(lots, rate, start)
        assert list(result.lots["consumed"]) == consumed
        assert list(result.lots["waste"]) == waste
        assert result.total_waste == sum(waste)


def test_expiry_waste_worked_example_and_refusals():
    # 10 expiring on day 2 and 40 on day 9 at 4 a day: days 0-2 take 12 > 10, so
    # the first lot is used up; the second gives 2 + 4 × 7 = 30 and wastes 10.
    lots = [{"expiry": "2026-01-03", "quantity": 10}, {"expiry": "2026-01-10", "quantity": 40}]
    result = allocation.project_expiry_waste(lots, 4.0, start="2026-01-01")
    assert list(result.lots["waste"]) == [0.0, 10.0]
    assert list(result.lots["consumed"]) == [10.0, 30.0]
    assert result.total_waste == D(10)
    for rate in (0, -1.0, float("inf"), float("nan")):
        with pytest.raises(onhand.InvalidParameterError) as raised:
            allocation.project_expiry_waste(lots, rate, start="2026-01-01")
        assert raised.value.field == "rate_per_day"
    with pytest.raises(onhand.InvalidQuantityError) as raised:
        allocation.project_expiry_waste([{"expiry": "2026-01-03", "quantity": -1}], 1,
                                        start="2026-01-01")
    with pytest.raises(onhand.MalformedInputError) as raised:
        allocation.project_expiry_waste(lots, "4", start="2026-01-01")
    assert raised.value.field == "rate_per_day"


def test_reservations_survive_reopening_the_file(tmp_path):
    path = tmp_path / "stock.db"
    inv = onhand.open(path)
    inv.define_location("3PL-EAST")
    inv.define_item("SOAP")
    inv.receive("SOAP", 10, to="3PL-EAST", key="r1")
    inv.set_channel_quota("SOAP", "3PL-EAST", "wholesale", 3)
    first = inv.reserve("so-1", "SOAP", "3PL-EAST", 6, channel="web")
    inv.commit_reservation("so-1", 2, key="ship-1")
    position = inv.log_position
    del inv

    again = onhand.open(path)
    again.verify()
    assert again.log_position == position
    assert again.reservation("so-1").remaining == D(4)
    # Every call a retry: the same outcomes, nothing appended.
    assert again.reserve("so-1", "SOAP", "3PL-EAST", 6, channel="web") == dataclasses.replace(
        first, committed=D(2), remaining=D(4))
    assert again.commit_reservation("so-1", 2, key="ship-1")["replayed"] is True
    assert again.log_position == position
    # 8 on hand, 4 held, 3 fenced for wholesale.
    assert again.available_to_promise("SOAP", "3PL-EAST", "web").available == D(1)
