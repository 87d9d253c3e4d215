# SPDX-License-Identifier: Apache-2.0
"""Purchasing from Python: suppliers, purchase orders, receipts against a
line within tolerance, what each refusal leaves unchanged, on order,
scheduled receipts as time-phased ATP input, and supplier performance with
expected values worked out by hand from docs/concepts/purchasing.md (the
same case as the C++ tests). The how-to's Python block runs as written."""
import datetime as dt
import decimal
import math
import pathlib
import re

import pytest

import onhand
from onhand import allocation

D = decimal.Decimal
DOCS = pathlib.Path(__file__).resolve().parents[2] / "docs"


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
    inv = onhand.open(clock=clock)
    inv.define_location("3PL-EAST")
    inv.define_location("3PL-WEST")
    inv.define_item("SOAP")
    inv.define_item("FLOUR", unit="kg", decimals=3)
    inv.define_supplier("ACME", over_tolerance="0.1", under_tolerance="0.05")
    return inv


def line(item, quantity, expected, to="3PL-EAST", price="2.50"):
    return {"item": item, "quantity": quantity, "price": price, "expected": expected, "to": to}


def refused(inv, error, call, *args, **kwargs):
    """Calls and expects `error`, with the log position unchanged; returns the error."""
    before = inv.log_position
    with pytest.raises(error) as raised:
        call(*args, **kwargs)
    assert inv.log_position == before
    inv.verify()
    return raised.value


def test_receives_a_line_in_parts_until_it_is_complete(inv):
    inv.create_purchase_order("PO-1", "ACME", [line("SOAP", 100, "2026-12-10")], currency="EUR")
    inv.send_purchase_order("PO-1")
    inv.receive_purchase("PO-1", 0, 60, key="GRN-1")
    assert inv.on_order("SOAP", "3PL-EAST") == 40
    lines = inv.purchase_lines(exact=True)
    assert list(lines["remaining"]) == [D(40)]
    assert list(lines["status"]) == ["partially_received"]
    inv.receive_purchase("PO-1", 0, 35, key="GRN-2")  # 95 of 100: within 5 % under
    assert inv.on_order("SOAP", "3PL-EAST") == 0
    assert inv.balance("SOAP", "3PL-EAST") == 95
    assert len(inv.purchase_lines()) == 0
    inv.verify()


def test_refusals_are_typed_and_change_nothing(inv):
    inv.create_purchase_order("PO-1", "ACME", [line("SOAP", 100, "2026-12-10")], currency="EUR")
    refused(inv, onhand.WrongPurchaseOrderStatusError, inv.receive_purchase, "PO-1", 0, 1,
            key="G1")
    refused(inv, onhand.UnknownPurchaseOrderError, inv.receive_purchase, "PO-9", 0, 1, key="G1")
    inv.send_purchase_order("PO-1")
    error = refused(inv, onhand.OverReceiptError, inv.receive_purchase, "PO-1", 0, 111,
                    key="G1")
    assert error.requested == 110 + 1 and error.available == 110
    assert isinstance(error, onhand.Error)
    error = refused(inv, onhand.InvalidQuantityError, inv.create_purchase_order, "PO-2", "ACME",
                    [line("SOAP", 0, "2026-12-10")], currency="EUR")
    assert error.field == "amount" and error.line == 0
    error = refused(inv, onhand.UnknownCodeError, inv.create_purchase_order, "PO-2", "NOBODY",
                    [line("SOAP", 1, "2026-12-10")], currency="EUR")
    assert error.field == "supplier"
    refused(inv, onhand.UnexpectedReceiptError, inv.receive_purchase, "", 0, 1, key="G1",
            supplier="ACME", item="SOAP", to="3PL-EAST")
    refused(inv, onhand.MalformedInputError, inv.create_purchase_order, "PO-2", "ACME",
            "not a list", currency="EUR")
    inv.receive_purchase("PO-1", 0, 10, key="G1")
    refused(inv, onhand.WrongPurchaseOrderStatusError, inv.cancel_purchase_order, "PO-1")
    refused(inv, onhand.InvalidQuantityError, inv.change_purchase_order_line, "PO-1", 0, 9,
            expected="2026-12-10", key="C1")


def test_scheduled_receipts_feed_time_phased_atp(inv):
    inv.create_purchase_order("PO-1", "ACME", [line("SOAP", 50, "2026-12-03")], currency="EUR")
    inv.create_purchase_order("PO-2", "ACME", [line("SOAP", 30, "2026-12-01")], currency="EUR")
    inv.create_purchase_order("PO-3", "ACME", [line("SOAP", 99, "2026-12-02")], currency="EUR")
    inv.send_purchase_order("PO-1")
    inv.send_purchase_order("PO-2")
    inv.receive_purchase("PO-2", 0, 10, key="G1")
    receipts = inv.purchase_receipts("SOAP", "3PL-EAST", exact=True)
    assert list(receipts["source"]) == ["PO-2/0", "PO-1/0"]
    # The one input of scheduled receipts: the same days and amounts.
    assert inv.scheduled_receipts("SOAP", "3PL-EAST") == [
        (dt.date(2026, 12, 1), D(20)), (dt.date(2026, 12, 3), D(50))]
    assert list(receipts["quantity"]) == [D(20), D(50)]
    assert inv.on_order("SOAP", "3PL-EAST") == 169  # the draft is on order, not scheduled
    # On hand 10, receipts 20 (day 1) and 50 (day 3), demand 60 on day 2: ATP 0 0 0 20.
    supply = list(zip(receipts["day"], receipts["quantity"]))
    buckets = allocation.time_phased_atp(10, supply, {"2026-12-02": 60}, start="2026-11-30",
                                         days=4, exact=True)
    assert list(buckets["atp"]) == [D(0), D(0), D(0), D(20)]


def test_supplier_performance_matches_hand_computed_values(inv, clock):
    inv.define_supplier("ACME")
    inv.set_supplier_item("ACME", "SOAP", price="1.90", currency="EUR", valid_from="2026-10-01")
    clock.now = at("2026-11-01T00:00:00Z")
    inv.create_purchase_order("PO-A", "ACME", [line("SOAP", 10, "2026-11-10", price="2.00"),
                                               line("FLOUR", 5, "2026-11-05", price="1.00")],
                              currency="EUR")
    inv.send_purchase_order("PO-A")
    clock.now = at("2026-11-02T00:00:00Z")
    inv.create_purchase_order("PO-B", "ACME", [line("SOAP", 20, "2026-11-12", price="1.90")],
                              currency="EUR")
    inv.send_purchase_order("PO-B")
    clock.now = at("2026-11-06T12:00:00Z")
    inv.receive_purchase("PO-A", 1, 3, key="G2")
    clock.now = at("2026-11-08T00:00:00Z")
    inv.receive_purchase("PO-A", 0, 10, key="G1")
    clock.now = at("2026-11-12T18:00:00Z")
    inv.receive_purchase("PO-B", 0, 20, key="G3")
    clock.now = at("2026-11-20T00:00:00Z")
    inv.close_purchase_order("PO-A")

    table = inv.supplier_performance(at("2026-11-01T00:00:00Z"), at("2026-12-01T00:00:00Z"),
                                     exact=True)
    row = table.iloc[0]
    assert row["supplier"] == "ACME" and row["lines"] == 3
    assert row["lead_time_days_mean"] == pytest.approx(7.75, abs=1e-12)
    assert row["lead_time_days_stddev"] == pytest.approx(math.sqrt(7.3125), abs=1e-12)
    assert row["on_time_rate"] == pytest.approx(2 / 3)
    assert row["otif_rate"] == pytest.approx(2 / 3)
    assert row["fill_rate"] == pytest.approx(33 / 35)
    assert row["price_variance"] == D("1")
    assert row["price_variance_rate"] == pytest.approx(1 / 57)
    by_item = inv.supplier_performance(at("2026-11-01T00:00:00Z"), at("2026-12-01T00:00:00Z"),
                                       by="item")
    assert list(by_item["item"]) == ["SOAP", "FLOUR"]
    assert math.isnan(by_item["lead_time_days_stddev"][1])
    with pytest.raises(onhand.InvalidParameterError):
        inv.supplier_performance(at("2026-11-01T00:00:00Z"), at("2026-12-01T00:00:00Z"),
                                 by="week")


def test_the_how_to_runs_as_written(capsys):
    page = (DOCS / "how_to" / "receive_against_a_po.md").read_text()
    (block,) = re.findall(r"```python\n(.*?)```", page, flags=re.S)
    namespace = {}
    exec(compile(block, "receive_against_a_po.md", "exec"), namespace)  # noqa: S102
    namespace["inv"].verify()


def test_purchasing_events_survive_json_lines(tmp_path):
    inv = onhand.open(tmp_path / "a.db", backdate_limit=None)
    inv.define_location("3PL-EAST")
    inv.define_item("SOAP")
    inv.define_supplier("ACME", over_tolerance="0.1", allow_unexpected=True)
    inv.set_supplier_item("ACME", "SOAP", price="1.90", currency="EUR", valid_from="2026-01-01")
    inv.create_purchase_order("PO-1", "ACME", [line("SOAP", 10, "2026-12-10")], currency="EUR")
    inv.send_purchase_order("PO-1")
    inv.change_purchase_order_line("PO-1", 0, 12, expected="2026-12-11", key="C1")
    inv.receive_purchase("PO-1", 0, 5, key="G1")
    inv.change_purchase_order_line("PO-1", 0, 12, expected="2026-12-11", key="C2", price="2.60")
    inv.receive_purchase("", key="G2", quantity=2, supplier="ACME", item="SOAP", to="3PL-EAST")
    inv.receive_purchase(
        "", key="G3", quantity=1, supplier="ACME", item="SOAP", to="3PL-EAST", unit_cost="1.25"
    )
    inv.close_purchase_order("PO-1")
    events = inv.export_jsonl(tmp_path / "log.jsonl")
    copy = onhand.import_jsonl(tmp_path / "log.jsonl", into=tmp_path / "b.db")
    copy.verify()
    assert copy.log_position == events == inv.log_position
    assert copy.balance("SOAP", "3PL-EAST") == 8
    assert copy.value_of("SOAP", "3PL-EAST") == inv.value_of("SOAP", "3PL-EAST")
    assert len(copy.purchase_lines()) == 0


# Priced receipts: a line's receipt is valued at the line's price
# (docs/concepts/valuation.md, "Where costs come from"); values by hand.
EVER = ("2000-01-01T00:00:00Z", "2100-01-01T00:00:00Z")


def test_a_receipt_makes_a_fifo_layer_at_the_line_price(inv):
    lines = [line("SOAP", 10, "2026-12-10", price="2.00"), line("SOAP", 5, "2026-12-10", price="3")]
    inv.create_purchase_order("PO-1", "ACME", lines, currency="EUR")
    inv.send_purchase_order("PO-1")
    inv.receive_purchase("PO-1", 0, 10, key="GRN-1")
    inv.receive_purchase("PO-1", 1, 5, key="GRN-2")
    assert inv.value_of("SOAP", "3PL-EAST") == (D(15), D(35))
    inv.ship("SOAP", 12, source="3PL-EAST", key="S-1")
    assert inv.cost_of_goods_sold(*EVER) == D(26)  # 10 × 2.00 + 2 × 3.00
    inv.verify()


def test_standard_cost_gives_variance_to_the_order_price(inv):
    inv.set_costing_method("SOAP", "standard", standard_cost="2.50")
    inv.create_purchase_order("PO-1", "ACME", [line("SOAP", 10, "2026-12-10", price="2.35")],
                              currency="EUR")
    inv.send_purchase_order("PO-1")
    inv.receive_purchase("PO-1", 0, 10, key="GRN-1")
    assert inv.value_of("SOAP", "3PL-EAST") == (D(10), D(25))
    assert inv.purchase_price_variance(*EVER) == D("-1.5")  # (2.35 − 2.50) × 10
    inv.verify()


def test_a_repriced_line_values_each_receipt_at_its_own_price(inv):
    inv.create_purchase_order("PO-1", "ACME", [line("SOAP", 10, "2026-12-10", price="2.00")],
                              currency="EUR")
    inv.send_purchase_order("PO-1")
    inv.receive_purchase("PO-1", 0, 4, key="GRN-1")
    inv.change_purchase_order_line("PO-1", 0, 10, expected="2026-12-12", key="C1", price="2.60")
    inv.change_purchase_order_line("PO-1", 0, 10, expected="2026-12-12", key="C1", price="2.60")
    refused(inv, onhand.IdempotencyConflictError, inv.change_purchase_order_line,
            "PO-1", 0, 10, expected="2026-12-12", key="C1", price="2.70")
    inv.receive_purchase("PO-1", 0, 6, key="GRN-2")
    assert inv.value_of("SOAP", "3PL-EAST") == (D(10), D("23.6"))  # 4 × 2.00 + 6 × 2.60
    inv.verify()


def test_unexpected_receipts_take_a_unit_cost(clock):
    inv = onhand.open(clock=clock)
    inv.define_location("3PL-EAST")
    inv.define_item("SOAP")
    inv.define_supplier("ACME", allow_unexpected=True)
    inv.receive_purchase("", 0, 4, key="U-1", supplier="ACME", item="SOAP", to="3PL-EAST",
                         unit_cost="1.25")
    again = inv.receive_purchase("", 0, 4, key="U-1", supplier="ACME", item="SOAP", to="3PL-EAST",
                                 unit_cost="1.25")
    assert again["replayed"]
    refused(inv, onhand.IdempotencyConflictError, inv.receive_purchase, "", 0, 4, key="U-1",
            supplier="ACME", item="SOAP", to="3PL-EAST", unit_cost="1.30")
    error = refused(inv, onhand.InvalidCostError, inv.receive_purchase, "", 0, 1, key="U-2",
                    supplier="ACME", item="SOAP", to="3PL-EAST", unit_cost="-1")
    assert error.field == "unit_cost"
    assert inv.value_of("SOAP", "3PL-EAST") == (D(4), D(5))
    inv.verify()


# Inspection (docs/concepts/purchasing.md, "Inspection").
@pytest.fixture
def inspected(inv):
    inv.define_location("QC")
    inv.define_location("SCRAP", kind="scrap")
    inv.set_inspection("ACME", "SOAP", "QC")
    inv.create_purchase_order("PO-1", "ACME", [line("SOAP", 10, "2026-12-10")], currency="EUR")
    inv.send_purchase_order("PO-1")
    return inv


def test_inspected_receipts_wait_and_releases_move_them(inspected):
    inv = inspected
    inv.receive_purchase("PO-1", 0, 10, key="GRN-1")
    assert inv.balance("SOAP", "QC") == 10
    held = inv.in_inspection(exact=True)
    assert list(held["order"]) == ["PO-1"]
    assert list(held["location"]) == ["QC"]
    assert list(held["to"]) == ["3PL-EAST"]
    assert list(held["quantity"]) == [D(10)]
    inv.release_inspection("PO-1", 0, 7, key="R-1")
    inv.release_inspection("PO-1", 0, 2, key="R-2", outcome="returned", reason="damaged")
    inv.release_inspection("PO-1", 0, 1, key="R-3", outcome="scrapped", scrap="SCRAP",
                           reason="contaminated")
    assert inv.balance("SOAP", "3PL-EAST") == 7
    assert inv.balance("SOAP", "SCRAP") == 1
    assert len(inv.in_inspection()) == 0
    again = inv.release_inspection("PO-1", 0, 7, key="R-1")
    assert again["replayed"]
    inv.verify()


def test_inspection_refusals_are_typed_and_change_nothing(inspected):
    inv = inspected
    refused(inv, onhand.NotInspectedError, inv.release_inspection, "PO-1", 0, 1, key="R-1")
    inv.receive_purchase("PO-1", 0, 4, key="GRN-1")
    error = refused(inv, onhand.ExceedsInspectionError, inv.release_inspection, "PO-1", 0, 5,
                    key="R-1")
    assert error.requested == 5
    assert error.available == 4
    error = refused(inv, onhand.InvalidParameterError, inv.release_inspection, "PO-1", 0, 1,
                    key="R-1", outcome="returned")
    assert error.field == "reason"
    error = refused(inv, onhand.InvalidParameterError, inv.release_inspection, "PO-1", 0, 1,
                    key="R-1", outcome="lost")
    assert error.field == "outcome"
    refused(inv, onhand.InvalidLocationError, inv.set_inspection, "ACME", "SOAP", "SCRAP")


def test_supplier_performance_counts_what_was_kept(inspected, clock):
    inv = inspected
    inv.receive_purchase("PO-1", 0, 10, key="GRN-1")
    inv.release_inspection("PO-1", 0, 3, key="R-1", outcome="returned", reason="damaged")
    row = inv.supplier_performance(at("2000-01-01T00:00:00Z"), at("2100-01-01T00:00:00Z"))
    assert list(row["in_full_rate"]) == [0.0]
    assert list(row["fill_rate"]) == [pytest.approx(0.7)]
