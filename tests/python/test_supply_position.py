# SPDX-License-Identifier: Apache-2.0
"""Inventory.supply_position(): the stock position in one query, per item and
site, with what is reserved, on order and in transit. The expected figures
are worked out by hand from what the fixture posts (the rules of
docs/concepts/stock_position.md)."""
import datetime as dt
import decimal

import pandas as pd
import pytest

import onhand

D = decimal.Decimal


@pytest.fixture
def inv():
    now = dt.datetime(2026, 12, 6, 9, tzinfo=dt.timezone.utc)
    inv = onhand.open(clock=lambda: now)
    inv.define_location("3PL-EAST")
    inv.define_location("EAST/A-01", parent="3PL-EAST")
    inv.define_location("EAST/QC", parent="3PL-EAST", hold=True)
    inv.define_location("3PL-WEST")
    inv.define_location("TRUCK", kind="transit")
    inv.define_item("SOAP")
    inv.define_item("IDLE")
    inv.define_supplier("ACME")
    # 100 in an EAST bin, 20 held apart, 50 at WEST.
    inv.receive("SOAP", 100, to="EAST/A-01", key="r1")
    inv.receive("SOAP", 20, to="EAST/QC", key="r2")
    inv.receive("SOAP", 50, to="3PL-WEST", key="r3")
    inv.reserve("cart-1", "SOAP", "3PL-EAST", 30)
    inv.reserve("cart-2", "SOAP", "3PL-WEST", 10)
    line = {"item": "SOAP", "price": "2", "expected": "2026-12-20"}
    inv.create_purchase_order("PO-1", "ACME", [dict(line, quantity=40, to="EAST/A-01")],
                              currency="EUR")
    inv.send_purchase_order("PO-1")
    inv.create_purchase_order("PO-2", "ACME", [dict(line, quantity=25, to="3PL-WEST")],
                              currency="EUR")  # a draft: not on order yet
    inv.open_transfer("TO-1", "3PL-WEST", "3PL-EAST", transit="TRUCK",
                      eta=dt.datetime(2026, 12, 9, 8, tzinfo=dt.timezone.utc),
                      lines=[("SOAP", 15)])
    inv.ship_transfer("TO-1", key="TO-1/ship")
    yield inv
    inv.verify()


def test_one_row_per_item_and_site_with_every_quantity(inv):
    frame = inv.supply_position(exact=True)
    assert list(frame.columns) == [
        "item", "location", "on_hand", "quarantined", "usable", "reserved", "allocated",
        "available", "on_order", "in_transit", "backordered", "inventory_position"]
    rows = {(r.item, r.location): r for r in frame.itertuples()}
    assert set(rows) == {("SOAP", "3PL-EAST"), ("SOAP", "3PL-WEST")}  # IDLE has nothing
    east = rows["SOAP", "3PL-EAST"]
    # 120 on hand, 20 held apart; 30 reserved; 40 on order; 15 on the way;
    # position 100 + 40 + 15 - 30.
    assert (east.on_hand, east.quarantined, east.usable, east.reserved, east.available) == (
        D(120), D(20), D(100), D(30), D(70))
    assert (east.on_order, east.in_transit, east.inventory_position) == (D(40), D(15), D(125))
    west = rows["SOAP", "3PL-WEST"]
    assert (west.on_hand, west.reserved, west.available, west.on_order,
            west.inventory_position) == (D(35), D(10), D(25), D(0), D(25))


def test_float_columns_by_default_and_a_subtree_on_request(inv):
    frame = inv.supply_position(["SOAP"], ["EAST/A-01"])
    assert frame["on_hand"].dtype == "float64"
    assert frame.to_dict("records") == [{
        "item": "SOAP", "location": "EAST/A-01", "on_hand": 100.0, "quarantined": 0.0,
        "usable": 100.0, "reserved": 0.0, "allocated": 0.0, "available": 100.0,
        "on_order": 40.0, "in_transit": 0.0, "backordered": 0.0, "inventory_position": 140.0}]


def test_sites_add_up_to_the_item_totals(inv):
    frame = inv.supply_position(exact=True)
    totals = inv.totals("SOAP")
    assert sum(frame["on_hand"]) == D(str(totals["on_hand"]))
    assert sum(frame["in_transit"]) == D(str(totals["in_transit"]))


def test_unknown_codes_are_refused(inv):
    with pytest.raises(onhand.UnknownCodeError):
        inv.supply_position(["NOPE"])
    with pytest.raises(onhand.UnknownCodeError):
        inv.supply_position(None, ["NOWHERE"])
    empty = inv.supply_position([])
    assert isinstance(empty, pd.DataFrame) and empty.empty and "inventory_position" in empty
