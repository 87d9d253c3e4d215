# SPDX-License-Identifier: Apache-2.0
"""Recall trace and expiry risk, on histories whose answers are worked out by hand."""
import datetime
from decimal import Decimal

import pytest

import onhand

UTC = datetime.timezone.utc


def at(day, hour=9):
    return datetime.datetime(2026, 11, day, hour, tzinfo=UTC)


@pytest.fixture
def inv():
    """SERUM lot L1 received from two suppliers, moved between two 3PLs through
    transit, shipped to three customers, one return, one scrap, and one document
    shipping from both 3PLs; another lot and another item move in between."""
    inv = onhand.open(backdate_limit=None)
    for code in ("3PL-EAST", "3PL-WEST"):
        inv.define_location(code)
    inv.define_location("TRANSIT", kind="transit")
    inv.define_location("VENDOR-A", kind="supplier")
    inv.define_location("VENDOR-B", kind="supplier")
    for code in ("ACME", "BOLT", "CRUX"):
        inv.define_location(code, kind="customer")
    inv.define_item("SERUM", lot_tracked=True)
    inv.define_item("SOAP")
    inv.define_lot("SERUM", "L1", expiry="2027-06-30")
    inv.define_lot("SERUM", "L2", expiry="2027-01-31")
    inv.receive("SERUM", 100, to="3PL-EAST", source="VENDOR-A", lot="L1", key="po-1",
                reference="PO-1", effective=at(1))                                        # 0
    inv.receive("SERUM", 60, to="3PL-WEST", source="VENDOR-B", lot="L1", key="po-2",
                reference="PO-2", effective=at(2))                                        # 1
    inv.receive("SERUM", 7, to="3PL-EAST", source="VENDOR-A", lot="L2", key="po-3",
                effective=at(2, 10))                                                      # 2
    inv.transfer("SERUM", 30, source="3PL-EAST", to="TRANSIT", lot="L1", key="tr-1",
                 effective=at(3))                                                         # 3
    inv.transfer("SERUM", 30, source="TRANSIT", to="3PL-WEST", lot="L1", key="tr-2",
                 effective=at(4))                                                         # 4
    inv.receive("SOAP", 9, to="3PL-EAST", key="po-soap", effective=at(4, 10))             # 5
    inv.ship("SERUM", 40, source="3PL-EAST", to="ACME", lot="L1", key="so-10",
             reference="SO-10", external_line="1", effective=at(5))                       # 6
    inv.ship("SERUM", 50, source="3PL-WEST", to="BOLT", lot="L1", key="so-11",
             reference="SO-11", effective=at(6))                                          # 7
    inv.ship("SERUM", 25, source="3PL-WEST", to="CRUX", lot="L1", key="so-12",
             reference="SO-12", effective=at(7))                                          # 8
    inv.post([{"item": "SERUM", "quantity": 10, "source": "BOLT", "to": "3PL-WEST",
               "lot": "L1"}], key="rma-5", reason="return", reference="RMA-5",
             effective=at(8))                                                             # 9
    inv.scrap("SERUM", 5, source="3PL-WEST", lot="L1", key="scrap-1", effective=at(9))    # 10
    inv.post([{"item": "SERUM", "quantity": 10, "source": "3PL-EAST", "to": "ACME", "lot": "L1"},
              {"item": "SERUM", "quantity": 2, "source": "3PL-EAST", "to": "ACME", "lot": "L2"},
              {"item": "SERUM", "quantity": 5, "source": "3PL-WEST", "to": "CRUX", "lot": "L1"}],
             key="so-13", reason="shipment", reference="SO-13", effective=at(10))         # 11
    return inv


def test_movements_in_log_order(inv):
    m = inv.recall_trace("SERUM", "L1").movements
    assert list(m.columns) == ["document", "key", "reason", "effective", "from", "to", "quantity",
                               "reverses", "paired_by_amount"]
    assert list(zip(m.document, m["from"], m.to, m.quantity)) == [
        (0, "VENDOR-A", "3PL-EAST", 100), (1, "VENDOR-B", "3PL-WEST", 60),
        (3, "3PL-EAST", "TRANSIT", 30), (4, "TRANSIT", "3PL-WEST", 30),
        (6, "3PL-EAST", "ACME", 40), (7, "3PL-WEST", "BOLT", 50), (8, "3PL-WEST", "CRUX", 25),
        (9, "BOLT", "3PL-WEST", 10), (10, "3PL-WEST", "SCRAP", 5),
        (11, "3PL-EAST", "ACME", 10), (11, "3PL-WEST", "CRUX", 5)]
    assert m.reason[7] == "return" and m.reason[8] == "scrap"
    assert m.effective[0] == at(1)
    # Two sources and two destinations in document 11: paired by amount, flagged.
    assert list(m.paired_by_amount) == [False] * 9 + [True, True]


def test_where_it_is_now(inv):
    loc = inv.recall_trace("SERUM", "L1", exact=True).locations
    # East: 100 - 30 - 40 - 10 = 20; west: 60 + 30 - 50 - 25 + 10 - 5 - 5 = 15; transit 0.
    assert list(zip(loc.location, loc.kind, loc.quantity)) == [
        ("3PL-EAST", "internal", Decimal(20)), ("3PL-WEST", "internal", Decimal(15))]
    # A second method: the ledger's own balances.
    assert inv.balance("SERUM", "3PL-EAST", lot="L1") == 20
    assert inv.balance("SERUM", "3PL-WEST", lot="L1") == 15


def test_forward_customers_with_orders(inv):
    t = inv.recall_trace("SERUM", "L1")
    c = t.customers
    assert list(zip(c.customer, c.shipped, c.returned, c.net)) == [
        ("ACME", 50, 0, 50), ("BOLT", 50, 10, 40), ("CRUX", 30, 0, 30)]
    d = t.customer_documents
    assert list(zip(d.location, d.key, d.reference, d.quantity)) == [
        ("ACME", "so-10", "SO-10", 40), ("BOLT", "so-11", "SO-11", 50),
        ("CRUX", "so-12", "SO-12", 25), ("BOLT", "rma-5", "RMA-5", -10),
        ("ACME", "so-13", "SO-13", 10), ("CRUX", "so-13", "SO-13", 5)]
    assert d.reference_line[0] == "1"
    o = t.other_destinations
    assert list(zip(o.location, o.kind, o.key, o.quantity)) == [("SCRAP", "scrap", "scrap-1", 5)]


def test_backward_to_receipts(inv):
    s = inv.recall_trace("SERUM", "L1").sources
    assert list(zip(s.location, s.kind, s.key, s.reference, s.effective, s.quantity)) == [
        ("VENDOR-A", "supplier", "po-1", "PO-1", at(1), 100),
        ("VENDOR-B", "supplier", "po-2", "PO-2", at(2), 60)]


def test_conservation_over_the_trace(inv):
    t = inv.recall_trace("SERUM", "L1", exact=True)
    received = sum(t.sources.quantity)
    assert received == 160
    assert received == (sum(t.locations.quantity) + sum(t.customers.net)
                        + sum(t.other_destinations.quantity))


def test_other_lot_is_separate(inv):
    t = inv.recall_trace("SERUM", "L2")
    assert list(t.movements.key) == ["po-3", "so-13"]
    assert not t.movements.paired_by_amount.any()
    assert list(zip(t.customers.customer, t.customers.net)) == [("ACME", 2)]
    assert list(zip(t.locations.location, t.locations.quantity)) == [("3PL-EAST", 5)]


def test_lot_that_never_moved_has_empty_frames(inv):
    inv.define_lot("SERUM", "L9", expiry="2027-06-30")
    t = inv.recall_trace("SERUM", "L9")
    for name in ("movements", "locations", "customers", "customer_documents",
                 "other_destinations", "sources"):
        assert len(getattr(t, name)) == 0, name
    assert "L9" in repr(t)


def test_reversal_is_traced(inv):
    inv.reverse("scrap-1", new_key="scrap-1-undo")
    t = inv.recall_trace("SERUM", "L1")
    last = t.movements.iloc[-1]
    assert (last.key, last["from"], last.to, last.reverses) == (
        "scrap-1-undo", "SCRAP", "3PL-WEST", "scrap-1")
    o = t.other_destinations
    assert list(zip(o.key, o.quantity)) == [("scrap-1", 5), ("scrap-1-undo", -5)]


@pytest.mark.parametrize("item, lot, field", [
    ("NOPE", "L1", "item"), ("SERUM", "NOPE", "lot"), ("SOAP", "L1", "lot")])
def test_trace_unknown_item_or_lot(inv, item, lot, field):
    before = inv.log_position
    with pytest.raises(onhand.Error) as raised:
        inv.recall_trace(item, lot)
    assert raised.value.field == field
    assert inv.log_position == before


@pytest.fixture
def expiring():
    """SERUM lots received on 2026-11-27 (see the table in each test)."""
    inv = onhand.open(backdate_limit=None)
    for code in ("3PL-EAST", "3PL-WEST"):
        inv.define_location(code)
    inv.define_location("EAST/A-01", parent="3PL-EAST")
    inv.define_location("TRANSIT", kind="transit")
    inv.define_item("SERUM", lot_tracked=True)
    inv.define_item("BALM", unit="kg", decimals=3, lot_tracked=True)
    inv.define_item("SOAP")
    lots = {"L-PAST": "2026-12-01", "L-OLD": "2026-12-15", "L-HELD": "2026-12-20",
            "L-EDGE": "2027-01-09", "L-OUT": "2027-01-10", "L-NONE": None}
    for code, expiry in lots.items():
        inv.define_lot("SERUM", code, expiry=expiry)
    inv.define_lot("BALM", "B-1", expiry="2026-12-12")
    when = datetime.datetime(2026, 11, 27, 9, tzinfo=UTC)
    for n, (lot, location, quantity) in enumerate([
            ("L-PAST", "3PL-WEST", 3), ("L-OLD", "3PL-EAST", 10), ("L-OLD", "EAST/A-01", 4),
            ("L-HELD", "3PL-WEST", 2), ("L-EDGE", "TRANSIT", 6), ("L-OUT", "3PL-WEST", 8),
            ("L-NONE", "3PL-WEST", 9)]):
        inv.receive("SERUM", quantity, to=location, lot=lot, key=f"r{n}", effective=when)
    inv.receive("BALM", "1.5", to="3PL-WEST", lot="B-1", key="rb", effective=when)
    inv.receive("SOAP", 12, to="3PL-EAST", key="rs", effective=when)
    inv.set_lot_status("SERUM", "L-HELD", "on_hold")
    return inv


def rows(frame):
    return list(zip(frame.item, frame.lot, frame.location, frame.quantity, frame.days_to_expiry))


def test_expiry_risk_within_thirty_days(expiring):
    # On 2026-12-10 + 30 days = 2027-01-09: L-EDGE in (30 days), L-OUT out (31);
    # L-PAST expired 9 days before; L-NONE has no expiry; SOAP has no lots.
    r = expiring.expiry_risk(30, on="2026-12-10")
    assert list(r.columns) == ["item", "location", "lot", "expiry", "days_to_expiry", "expired",
                               "status", "quantity", "value"]
    assert rows(r) == [
        ("SERUM", "L-PAST", "3PL-WEST", 3, -9), ("BALM", "B-1", "3PL-WEST", 1.5, 2),
        ("SERUM", "L-OLD", "3PL-EAST", 10, 5), ("SERUM", "L-OLD", "EAST/A-01", 4, 5),
        ("SERUM", "L-HELD", "3PL-WEST", 2, 10), ("SERUM", "L-EDGE", "TRANSIT", 6, 30)]
    assert list(r.expired) == [True, False, False, False, False, False]
    assert r.status[4] == "on_hold"
    assert r.expiry[0] == datetime.date(2026, 12, 1)
    assert r.expiry.is_monotonic_increasing
    assert r.value.isna().all()


def test_expiry_risk_expiry_day_is_not_expired(expiring):
    r = expiring.expiry_risk(within_days=0, on=datetime.date(2026, 12, 15))
    assert rows(r) == [("SERUM", "L-PAST", "3PL-WEST", 3, -14),
                       ("BALM", "B-1", "3PL-WEST", 1.5, -3),
                       ("SERUM", "L-OLD", "3PL-EAST", 10, 0),
                       ("SERUM", "L-OLD", "EAST/A-01", 4, 0)]
    assert list(r.expired) == [True, True, False, False]


def test_expiry_risk_location_subtree(expiring):
    r = expiring.expiry_risk(30, on="2026-12-10", location="3PL-EAST")
    assert [(x[1], x[2]) for x in rows(r)] == [("L-OLD", "3PL-EAST"), ("L-OLD", "EAST/A-01")]
    assert len(expiring.expiry_risk(30, on="2026-12-10", location="EAST/A-01")) == 1


def test_expiry_risk_values_with_unit_costs(expiring):
    r = expiring.expiry_risk(30, on="2026-12-10", unit_costs={"SERUM": Decimal("2.35")},
                             exact=True)
    # 3, 10, 4, 2 and 6 units of SERUM at 2.35; BALM has no cost.
    assert list(r.value) == [Decimal("7.05"), None, Decimal("23.5"), Decimal("9.4"),
                             Decimal("4.7"), Decimal("14.1")]
    assert r.quantity[1] == Decimal("1.5")
    pandas = pytest.importorskip("pandas")
    costs = pandas.Series({"BALM": "4", "SERUM": 1})
    r = expiring.expiry_risk(30, on="2026-12-10", unit_costs=costs)
    assert list(r.value) == [3, 6, 10, 4, 2, 6]


def test_expiry_risk_as_of_the_date(expiring):
    # Everything arrived on 2026-11-27: on the day before nothing was held.
    assert len(expiring.expiry_risk(400, on="2026-11-26")) == 0


@pytest.mark.parametrize("kwargs, field", [
    ({"within_days": -1}, "within_days"),
    ({"within_days": 2.5}, "within_days"),
    ({"within_days": True}, "within_days"),
    ({"within_days": 10**12}, "within_days"),
    ({"location": "NOWHERE"}, "location"),
    ({"on": "2026-13-01"}, "on"),
    ({"unit_costs": {"NOPE": 1}}, "unit_costs"),
    ({"unit_costs": {"SERUM": 1.5}}, "unit_costs"),
    ({"unit_costs": [1, 2]}, "unit_costs"),
])
def test_expiry_risk_bad_input(expiring, kwargs, field):
    before = expiring.log_position
    with pytest.raises(onhand.Error) as raised:
        expiring.expiry_risk(**{"on": "2026-12-10", **kwargs})
    assert raised.value.field == field
    assert expiring.log_position == before


def test_the_worked_example_prints_what_the_page_says(capsys):
    import pathlib
    import re
    page = pathlib.Path(__file__).resolve().parents[2] / "docs" / "concepts" / "recall.md"
    (block,) = re.findall(r"```python\n(.*?)```", page.read_text(), flags=re.S)
    namespace = {}
    exec(compile(block, "recall.md", "exec"), namespace)  # noqa: S102
    expected = [line[3:] for line in block.splitlines() if line.startswith("#  ")]
    assert capsys.readouterr().out.splitlines() == expected
    trace = namespace["trace"]
    assert sum(trace.sources.quantity) == 120


def test_a_customer_that_sent_everything_back_stays_listed(inv):
    inv.post([{"item": "SERUM", "quantity": 2, "source": "ACME", "to": "3PL-EAST", "lot": "L2"}],
             key="rma-6", reason="return")
    c = inv.recall_trace("SERUM", "L2").customers
    assert list(zip(c.customer, c.shipped, c.returned, c.net)) == [("ACME", 2, 2, 0)]


def test_expiry_risk_agrees_with_the_lot_view(expiring):
    # A second method: lots() lists every lot with stock; those with an
    # expiry within the window are the expiry risk, with the same days left.
    on = datetime.date(2026, 12, 10)
    lots = expiring.lots(day=on, exact=True)
    dated = lots[lots.days_to_expiry.notna() & (lots.days_to_expiry <= 45)]
    expected = sorted(zip(dated.item, dated.location, dated.lot, dated.quantity,
                          dated.days_to_expiry.astype(int)))
    risk = expiring.expiry_risk(45, on=on, exact=True)
    assert sorted(zip(risk.item, risk.location, risk.lot, risk.quantity,
                      risk.days_to_expiry)) == expected
    assert len(expected) == 7
