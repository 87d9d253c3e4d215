# SPDX-License-Identifier: Apache-2.0
"""Sales orders from Python: create, allocate partially, top up after a
receipt, a short pick that releases the rest, cancel, customer returns to
stock and to a held location; the supply position's allocated and
backordered columns; typed errors that change nothing.
Expected values are worked out by hand (the C++ sales-order tests work the
same brand)."""
import datetime as dt
import decimal
import pathlib
import re

import pytest

import onhand

D = decimal.Decimal


@pytest.fixture
def inv():
    """East (30 SOAP in a bin, a web cart of 5, a wholesale quota of 10),
    West (20), Central (empty)."""
    inv = onhand.open(clock=lambda: dt.datetime(2026, 11, 27, 9, tzinfo=dt.timezone.utc))
    for site in ("3PL-EAST", "3PL-WEST", "3PL-CENTRAL"):
        inv.define_location(site)
    inv.define_location("EAST/A-01", parent="3PL-EAST")
    inv.define_item("SOAP")
    inv.receive("SOAP", 30, to="EAST/A-01", key="r1")
    inv.receive("SOAP", 20, to="3PL-WEST", key="r2")
    inv.set_channel_quota("SOAP", "3PL-EAST", "wholesale", 10)
    inv.reserve("cart-1", "SOAP", "3PL-EAST", 5, channel="web")
    yield inv
    inv.verify()


def figures(inv, site):
    row = inv.supply_position(["SOAP"], [site], exact=True).iloc[0]
    return (row.reserved, row.allocated, row.available, row.backordered, row.inventory_position)


def line_of(order):
    line = order.lines[0]
    return (line.ordered, line.allocated, line.shipped, line.cancelled, line.backordered)


def test_the_order_flow_fills_allocated_and_backordered(inv):
    order = inv.create_sales_order("SO-1", customer="SHOP-9", channel="web",
                                   locations=["3PL-EAST", "3PL-WEST", "3PL-CENTRAL"],
                                   lines=[("SOAP", 60, "2026-12-01")])
    assert order.channel == "web" and order.locations == ("3PL-EAST", "3PL-WEST", "3PL-CENTRAL")
    assert line_of(order) == (D(60), D(0), D(0), D(0), D(60))
    # East: 30 − 5 (cart) − 10 (wholesale) = 15 for web; West 20; 25 short.
    order = inv.allocate_sales_order("SO-1")
    assert line_of(order) == (D(60), D(35), D(0), D(0), D(25))
    # East: reserved 5, allocated 15, available 10, backordered 25,
    # position 30 − 5 − 15 − 25 = −15.
    assert figures(inv, "3PL-EAST") == (D(5), D(15), D(10), D(25), D(-15))
    inv.receive("SOAP", 40, to="3PL-CENTRAL", key="r3")
    assert line_of(inv.allocate_sales_order("SO-1")) == (D(60), D(60), D(0), D(0), D(0))
    order = inv.ship_sales_order_line("SO-1", 0, key="SO-1/ship-w", source="3PL-WEST")
    assert line_of(order) == (D(60), D(40), D(20), D(0), D(0))
    order = inv.ship_sales_order_line("SO-1", 0, 10, key="SO-1/ship-e", source="3PL-EAST",
                                      release_rest=True)
    assert line_of(order) == (D(60), D(25), D(30), D(0), D(5))
    # East: 20 on hand, the cart's 5; backordered 5: position 20 − 5 − 5 = 10.
    assert figures(inv, "3PL-EAST") == (D(5), D(0), D(15), D(5), D(10))
    order = inv.cancel_sales_order("SO-1", key="SO-1/cancel")
    assert line_of(order) == (D(60), D(0), D(30), D(30), D(0))
    assert line_of(inv.sales_order("SO-1")) == (D(60), D(0), D(30), D(30), D(0))


def test_bad_input_is_a_typed_error_and_changes_nothing(inv):
    before = inv.log_position
    with pytest.raises(onhand.UnknownSalesOrderError) as raised:
        inv.allocate_sales_order("SO-404")
    assert isinstance(raised.value, LookupError)
    with pytest.raises(onhand.InvalidQuantityError):
        inv.create_sales_order("SO-2", channel="web", locations=["3PL-EAST"],
                               lines=[("SOAP", 0, "2026-12-01")])
    with pytest.raises(onhand.InvalidParameterError):
        inv.create_sales_order("SO-2", channel="web", locations=["3PL-EAST"], lines=[])
    with pytest.raises(onhand.UnknownCodeError):
        inv.create_sales_order("SO-2", channel="web", locations=["3PL-EAST"],
                               lines=[("NOPE", 1, "2026-12-01")])
    assert inv.log_position == before
    inv.create_sales_order("SO-2", channel="web", locations=["3PL-EAST"],
                           lines=[("SOAP", 1, "2026-12-01", 2)])
    after = inv.log_position
    again = inv.create_sales_order("SO-2", channel="web", locations=["3PL-EAST"],
                                   lines=[("SOAP", 1, "2026-12-01", 2)])
    assert again.lines[0].priority == 2 and inv.log_position == after
    with pytest.raises(onhand.IdempotencyConflictError):
        inv.create_sales_order("SO-2", channel="web", locations=["3PL-EAST"],
                               lines=[("SOAP", 2, "2026-12-01")])
    with pytest.raises(onhand.AlreadyResolvedError):
        inv.ship_sales_order_line("SO-2", 0, key="SO-2/ship")  # nothing allocated
    assert inv.log_position == after


def test_a_return_goes_back_to_stock_or_quarantine_by_reason(inv):
    inv.define_location("RETURNS-QC", hold=True)
    inv.create_sales_order("SO-R", locations=["3PL-WEST"], lines=[("SOAP", 8, "2026-12-01")])
    inv.allocate_sales_order("SO-R")
    inv.ship_sales_order_line("SO-R", 0, key="SO-R/ship")
    assert inv.balance("SOAP", "3PL-WEST") == D(12)  # 20 − 8
    posted = inv.return_sales_order_line("SO-R", 0, 3, to="3PL-WEST", reason="resellable",
                                         key="RMA-1")
    assert inv.balance("SOAP", "3PL-WEST") == D(15)  # 12 + 3
    again = inv.return_sales_order_line("SO-R", 0, 3, to="3PL-WEST", reason="resellable",
                                        key="RMA-1")
    assert again["replayed"] and again["document"] == posted["document"]
    inv.return_sales_order_line("SO-R", 0, "1", to="RETURNS-QC", reason="damaged", key="RMA-2")
    assert inv.balance("SOAP", "RETURNS-QC") == D(1)
    assert inv.sales_order("SO-R").lines[0].returned == D(4)
    assert inv.balance("SOAP", "CUSTOMER") == D(4)  # 8 shipped − 4 back
    before = inv.log_position
    with pytest.raises(onhand.ExceedsShipmentError) as raised:  # 8 − 4 = 4 left
        inv.return_sales_order_line("SO-R", 0, 5, to="3PL-WEST", reason="resellable", key="RMA-3")
    assert (raised.value.requested, raised.value.available) == (D(5), D(4))
    with pytest.raises(onhand.InvalidLocationError):  # damaged goods go to a held location
        inv.return_sales_order_line("SO-R", 0, 1, to="3PL-WEST", reason="damaged", key="RMA-3")
    with pytest.raises(onhand.InvalidParameterError):
        inv.return_sales_order_line("SO-R", 0, 1, to="3PL-WEST", reason="broken", key="RMA-3")
    with pytest.raises(onhand.UnknownSalesOrderError):
        inv.return_sales_order_line("SO-X", 0, 1, to="3PL-WEST", reason="resellable", key="RMA-3")
    assert inv.log_position == before
    assert inv.sales_order("SO-R").lines[0].returned == D(4)


def test_a_lot_tracked_return_names_a_lot_the_line_shipped(inv):
    inv.define_item("SERUM", lot_tracked=True)
    inv.receive("SERUM", 5, to="3PL-WEST", key="s1", lot="L1", expiry="2027-06-30")
    inv.define_lot("SERUM", "L2", expiry="2027-09-30")
    inv.create_sales_order("SO-L", locations=["3PL-WEST"], lines=[("SERUM", 4, "2026-12-01")])
    inv.allocate_sales_order("SO-L")
    inv.ship_sales_order_line("SO-L", 0, key="SO-L/ship")  # 4 of L1
    before = inv.log_position
    with pytest.raises(onhand.TrackingMismatchError):  # no lot
        inv.return_sales_order_line("SO-L", 0, 1, to="3PL-WEST", reason="resellable", key="RL")
    with pytest.raises(onhand.ExceedsShipmentError):  # L2 never shipped on this line
        inv.return_sales_order_line("SO-L", 0, 1, to="3PL-WEST", reason="resellable", key="RL",
                                    lot="L2")
    assert inv.log_position == before
    posted = inv.return_sales_order_line("SO-L", 0, 2, to="3PL-WEST", reason="resellable",
                                         key="RL", lot="L1", effective="2026-11-27T08:00:00Z")
    assert posted["effective"] == dt.datetime(2026, 11, 27, 8, tzinfo=dt.timezone.utc)
    assert inv.balance("SERUM", "3PL-WEST", lot="L1") == D(3)  # 5 − 4 + 2
    assert inv.sales_order("SO-L").lines[0].returned == D(2)


def test_the_how_to_runs_as_written():
    page = pathlib.Path(__file__).resolve().parents[2] / "docs" / "how_to" / "fill_sales_orders.md"
    namespace = {}
    for number, block in enumerate(re.findall(r"```python\n(.*?)```", page.read_text(), flags=re.S)):
        exec(compile(block, f"fill_sales_orders.md, block {number + 1}", "exec"), namespace)  # noqa: S102
    namespace["inv"].verify()
    assert namespace["inv"].sales_order("SO-1").lines[0].cancelled == 30
