# SPDX-License-Identifier: Apache-2.0
"""Transfers between sites from Python: the lifecycle (open, ship and receive
in parts, close), a discrepancy written off or found, what each refusal
leaves unchanged, retries, the in-transit table and scheduled receipts fed to
time-phased ATP. Expected values are worked out by hand (the same cases as the
C++ transfer tests); a seeded random run checks conservation and in-transit =
shipped - received - written off against plain counts."""
import dataclasses
import datetime as dt
import decimal
import random

import pytest

import onhand
from onhand import allocation

D = decimal.Decimal


def at(text):
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


@pytest.fixture
def inv():
    """3PL-EAST, 3PL-WEST, the transit location TRUCK; SOAP and lot-tracked SERUM."""
    inv = onhand.open(clock=lambda: at("2026-11-27T09:00:00Z"))
    inv.define_location("3PL-EAST")
    inv.define_location("3PL-WEST")
    inv.define_location("TRUCK", kind="transit")
    inv.define_item("SOAP")
    inv.define_item("SERUM", lot_tracked=True)
    inv.define_lot("SERUM", "L1", expiry="2027-06-30")
    return inv


def refused(inv, error, call, *args, **kwargs):
    """Calls and expects `error`, with the log position unchanged; returns the error."""
    before = inv.log_position
    with pytest.raises(error) as raised:
        call(*args, **kwargs)
    assert inv.log_position == before
    return raised.value


def open_soap(inv, key="TO-1", quantity=40, eta="2026-12-01T00:00:00Z"):
    return inv.open_transfer(key, "3PL-EAST", "3PL-WEST", transit="TRUCK", eta=at(eta),
                             lines=[("SOAP", quantity)])


def test_ships_and_receives_in_parts_then_closes(inv):
    inv.receive("SOAP", 100, to="3PL-EAST", key="r1")
    t = open_soap(inv)
    assert dataclasses.is_dataclass(t)
    assert (t.key, t.source, t.destination, t.transit, t.status) == (
        "TO-1", "3PL-EAST", "3PL-WEST", "TRUCK", "open")
    assert t.lines[0].quantity == D(40) and t.lines[0].unshipped == D(40)

    posted = inv.ship_transfer("TO-1", [(0, 30)], key="s1", eta=at("2026-11-30T00:00:00Z"))
    assert posted["replayed"] is False
    inv.ship_transfer("TO-1", key="s2")
    assert inv.balance("SOAP", "3PL-EAST") == D(60)
    assert inv.totals("SOAP")["in_transit"] == D(40)
    inv.receive_transfer("TO-1", [(0, D(25))], key="v1")
    assert inv.balance("SOAP", "3PL-WEST") == D(25)

    table = inv.in_transit(exact=True)
    assert list(table.columns) == ["item", "destination", "eta", "quantity"]
    assert [(r.item, r.destination, r.quantity) for r in table.itertuples()] == [
        ("SOAP", "3PL-WEST", D(5)), ("SOAP", "3PL-WEST", D(10))]
    assert list(table["eta"]) == [at("2026-11-30T00:00:00Z"), at("2026-12-01T00:00:00Z")]

    inv.receive_transfer("TO-1", key="v2")
    assert inv.transfer_order("TO-1").status == "received"
    assert inv.close_transfer("TO-1", key="c1") is None
    t = inv.transfer_order("TO-1")
    assert t.status == "closed" and t.lines[0].received == D(40)
    assert len(inv.transfer_orders(open_only=True)) == 0
    inv.verify()


def test_close_writes_off_with_a_reason_or_posts_what_was_found(inv):
    inv.receive("SOAP", 50, to="3PL-EAST", key="r1")
    open_soap(inv)
    inv.ship_transfer("TO-1", key="s1")
    inv.receive_transfer("TO-1", [(0, 37)], key="v1")
    posted = inv.close_transfer("TO-1", key="c1", reason="3 crushed in the truck")
    assert posted is not None
    assert inv.balance("SOAP", "TRUCK") == D(0)
    assert inv.balance("SOAP", "INVENTORY-LOSS") == D(3)
    t = inv.transfer_order("TO-1")
    assert (t.close_reason, t.loss, t.lines[0].written_off) == (
        "3 crushed in the truck", "INVENTORY-LOSS", D(3))

    open_soap(inv, "TO-2", 10)
    inv.ship_transfer("TO-2", key="s2")
    inv.receive_transfer("TO-2", key="v2")
    inv.close_transfer("TO-2", key="c2", reason="2 extra on the pallet", found=[(0, 2)])
    assert inv.balance("SOAP", "3PL-WEST") == D(37 + 10 + 2)
    assert inv.balance("SOAP", "INVENTORY-LOSS") == D(1)
    # Conservation: 50 from the supplier = east + transit + west + loss.
    assert sum(inv.balance("SOAP", where) for where in
               ("3PL-EAST", "TRUCK", "3PL-WEST", "INVENTORY-LOSS")) == D(50)
    lines = inv.transfer_orders(exact=True)
    assert list(lines["transfer"]) == ["TO-1", "TO-2"]
    assert list(lines["found"]) == [D(0), D(2)]
    inv.verify()


def test_refusals_are_typed_and_change_nothing(inv):
    inv.receive("SOAP", 10, to="3PL-EAST", key="r1")
    open_soap(inv, quantity=8)
    inv.ship_transfer("TO-1", [(0, 5)], key="s1")
    e = refused(inv, onhand.ExceedsTransferError, inv.receive_transfer, "TO-1", [(0, 6)], key="v1")
    assert (e.requested, e.available, e.line) == (D(6), D(5), 0)
    refused(inv, onhand.ExceedsTransferError, inv.ship_transfer, "TO-1", [(0, 4)], key="s2")
    refused(inv, onhand.UnknownTransferError, inv.ship_transfer, "TO-9", key="s2")
    with pytest.raises(LookupError):
        inv.transfer_order("TO-9")
    refused(inv, onhand.InvalidParameterError, inv.ship_transfer, "TO-1", [(3, 1)], key="s2")
    refused(inv, onhand.MalformedInputError, inv.ship_transfer, "TO-1", [1], key="s2")
    refused(inv, onhand.MalformedInputError, inv.ship_transfer, "TO-1", [(0, 1.5)], key="s2")
    refused(inv, onhand.InvalidLocationError, inv.open_transfer, "TO-2", "3PL-EAST", "3PL-WEST",
            transit="3PL-WEST", eta=at("2026-12-01T00:00:00Z"), lines=[("SOAP", 1)])
    refused(inv, onhand.TrackingMismatchError, inv.open_transfer, "TO-2", "3PL-EAST",
            "3PL-WEST", transit="TRUCK", eta=at("2026-12-01T00:00:00Z"), lines=[("SERUM", 1)])
    refused(inv, onhand.InvalidLocationError, inv.close_transfer, "TO-1", key="c1",
            reason="lost", loss="SCRAP")
    e = refused(inv, onhand.InvalidParameterError, inv.close_transfer, "TO-1", key="c1")
    assert e.field == "reason"
    assert inv.balance("SOAP", "TRUCK") == D(5)
    inv.close_transfer("TO-1", key="c1", reason="lost")
    refused(inv, onhand.TransferAlreadyClosedError, inv.close_transfer, "TO-1", key="c2",
            reason="again")
    refused(inv, onhand.TransferAlreadyClosedError, inv.ship_transfer, "TO-1", key="s3")
    inv.verify()


def test_retries_return_the_original_outcome(inv):
    inv.receive("SERUM", 20, to="3PL-EAST", key="r1", lot="L1")
    t = inv.open_transfer("TO-1", "3PL-EAST", "3PL-WEST", transit="TRUCK",
                          eta=at("2026-12-01T00:00:00Z"), lines=[("SERUM", 20, "L1")])
    assert t.lines[0].lot == "L1"
    assert inv.open_transfer("TO-1", "3PL-EAST", "3PL-WEST", transit="TRUCK",
                             eta=at("2026-12-01T00:00:00Z"), lines=[("SERUM", 20, "L1")]) == t
    first = inv.ship_transfer("TO-1", [(0, 12)], key="s1")
    position = inv.log_position
    again = inv.ship_transfer("TO-1", [(0, 12)], key="s1")
    assert again["replayed"] is True and again["document"] == first["document"]
    assert inv.log_position == position
    refused(inv, onhand.IdempotencyConflictError, inv.receive_transfer, "TO-1", key="s1")
    assert inv.balance("SERUM", "TRUCK", lot="L1") == D(12)


def test_scheduled_receipts_feed_time_phased_atp(inv):
    inv.receive("SOAP", 100, to="3PL-EAST", key="r1")
    inv.receive("SOAP", 5, to="3PL-WEST", key="r2")
    open_soap(inv, quantity=50, eta="2026-12-03T15:00:00Z")
    inv.ship_transfer("TO-1", [(0, 30)], key="s1", eta=at("2026-11-29T10:00:00Z"))
    receipts = inv.scheduled_receipts("SOAP", "3PL-WEST")
    assert receipts == [(dt.date(2026, 11, 29), D(30))]
    assert inv.scheduled_receipts("SOAP", "3PL-WEST", include_unshipped=True) == [
        (dt.date(2026, 11, 29), D(30)), (dt.date(2026, 12, 3), D(20))]
    # By hand: S = 5, 5, 35, 35, 35; D = 0, 20, 20, 32, 32; S - D = 5, -15, 15, 3, 3.
    table = allocation.time_phased_atp(5, receipts, [("2026-11-28", 20), ("2026-11-30", 12)],
                                       start="2026-11-27", days=5, exact=True)
    assert list(table["atp"]) == [D(0), D(0), D(3), D(3), D(3)]


def test_scheduled_receipts_sum_purchase_orders_and_transfers(inv):
    """One input: an open order line and a shipment landing on the same day add up."""
    inv.receive("SOAP", 100, to="3PL-EAST", key="r1")
    open_soap(inv, quantity=50, eta="2026-12-03T15:00:00Z")
    inv.ship_transfer("TO-1", [(0, 30)], key="s1", eta=at("2026-11-29T10:00:00Z"))
    inv.define_supplier("ACME")
    inv.create_purchase_order("PO-1", "ACME", [
        {"item": "SOAP", "quantity": 12, "price": "1", "expected": "2026-11-29", "to": "3PL-WEST"},
        {"item": "SOAP", "quantity": 7, "price": "1", "expected": "2026-12-05", "to": "3PL-WEST"},
        {"item": "SOAP", "quantity": 9, "price": "1", "expected": "2026-12-05", "to": "3PL-EAST"},
    ], currency="EUR")
    # A draft schedules nothing.
    assert inv.scheduled_receipts("SOAP", "3PL-WEST") == [(dt.date(2026, 11, 29), D(30))]
    inv.send_purchase_order("PO-1")
    # By hand: 30 in transit + 12 ordered on 11-29; 7 ordered on 12-05; the 9 go east.
    assert inv.scheduled_receipts("SOAP", "3PL-WEST") == [
        (dt.date(2026, 11, 29), D(42)), (dt.date(2026, 12, 5), D(7))]
    assert inv.scheduled_receipts("SOAP", "3PL-WEST", include_unshipped=True) == [
        (dt.date(2026, 11, 29), D(42)), (dt.date(2026, 12, 3), D(20)), (dt.date(2026, 12, 5), D(7))]
    assert inv.scheduled_receipts("SOAP", "3PL-EAST") == [(dt.date(2026, 12, 5), D(9))]


def test_random_transfers_conserve_stock(inv):
    """Plain counts as the model: in transit = shipped - received - written off;
    supplier total = east + transit + west + loss, after every step."""
    rng = random.Random(20261205)
    sites = ["3PL-EAST", "3PL-WEST"]
    stock = {s: 0 for s in sites}
    transfers = []  # [source, destination, ordered, shipped, received, written_off, closed]
    supplied = 0
    for step in range(120):
        key = f"k{step}"
        op = rng.randrange(6)
        if op == 0 or not transfers:
            site, n = rng.choice(sites), rng.randint(1, 20)
            inv.receive("SOAP", n, to=site, key=key)
            stock[site] += n
            supplied += n
        elif op == 1:
            source = rng.choice(sites)
            destination = sites[1 - sites.index(source)]
            n = rng.randint(1, 15)
            inv.open_transfer(f"T{len(transfers)}", source, destination, transit="TRUCK",
                              eta=at("2026-12-01T00:00:00Z"), lines=[("SOAP", n)])
            transfers.append([source, destination, n, 0, 0, 0, False])
        else:
            i = rng.randrange(len(transfers))
            t = transfers[i]
            n = rng.randint(1, 10)
            if op in (2, 3):
                ok = not t[6] and n <= t[2] - t[3] and n <= stock[t[0]]
                try:
                    inv.ship_transfer(f"T{i}", [(0, n)], key=key)
                    assert ok
                    t[3] += n
                    stock[t[0]] -= n
                except onhand.Error:
                    assert not ok
            elif op == 4:
                ok = not t[6] and n <= t[3] - t[4] - t[5]
                try:
                    inv.receive_transfer(f"T{i}", [(0, n)], key=key)
                    assert ok
                    t[4] += n
                    stock[t[1]] += n
                except onhand.Error:
                    assert not ok
            elif not t[6]:
                inv.close_transfer(f"T{i}", key=key, reason="counted")
                t[5] = t[3] - t[4]
                t[6] = True
        in_transit = sum(t[3] - t[4] - t[5] for t in transfers)
        loss = sum(t[5] for t in transfers)
        assert inv.balance("SOAP", "TRUCK") == D(in_transit)
        assert inv.balance("SOAP", "INVENTORY-LOSS") == D(loss)
        for site in sites:
            assert inv.balance("SOAP", site) == D(stock[site])
        assert stock["3PL-EAST"] + stock["3PL-WEST"] + in_transit + loss == supplied
    inv.verify()


def test_how_to_python_example_runs():
    import pathlib
    import re
    page = pathlib.Path(__file__).resolve().parents[2] / "docs" / "how_to" / "transfer_between_sites.md"
    (block,) = re.findall(r"```python\n(.*?)```", page.read_text(), flags=re.S)
    namespace = {}
    exec(compile(block, "transfer_between_sites.md", "exec"), namespace)  # noqa: S102
    inv = namespace["inv"]
    assert inv.transfer_order("TO-7").lines[0].written_off == D(2)
    assert inv.balance("SOAP", "3PL-WEST") == D(38)
