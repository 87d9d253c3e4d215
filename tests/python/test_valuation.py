# SPDX-License-Identifier: Apache-2.0
"""Valuation from Python: costing methods, costed receipts, value now and as
of a past time, COGS, PPV, the valuation report against the ledger, and
landed-cost allocation. Expected values are worked out by hand from the
rules of docs/concepts/valuation.md (the same cases as the C++ tests); the
randomized check recomputes FIFO one unit at a time from the movements."""
import collections
import datetime as dt
import decimal
import pathlib
import random
import re

import pytest

import onhand
from onhand.valuation import allocate_landed_cost

D = decimal.Decimal
START = "2000-01-01T00:00:00Z"
END = "2100-01-01T00:00:00Z"


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
    inv.define_location("EAST")
    inv.define_location("WEST")
    inv.define_location("SOUTH", allow_negative=True)
    inv.define_item("SOAP", attributes={"category": "cleaning"})
    inv.define_item("FLOUR", unit="kg", decimals=3)
    return inv


def test_fifo_issues_the_oldest_layers_first(inv):
    inv.receive_costed("SOAP", 10, "2.00", to="EAST", key="r1")
    inv.receive_costed("SOAP", 5, D("3"), to="EAST", key="r2")
    inv.ship("SOAP", 12, source="EAST", key="s1")
    assert inv.cost_of_goods_sold(START, END) == D("26")
    assert inv.value_of("SOAP", "EAST") == (D("3"), D("9"))
    inv.verify()


def test_moving_average_conserves_value_to_the_millionth(inv):
    inv.set_costing_method("SOAP", "moving_average")
    inv.receive_costed("SOAP", 1, "1", to="EAST", key="r1")
    inv.receive_costed("SOAP", 2, "0.5", to="EAST", key="r2")
    inv.ship("SOAP", 1, source="EAST", key="s1")
    assert inv.value_of("SOAP", "EAST")[1] == D("1.333333")
    inv.ship("SOAP", 1, source="EAST", key="s2")
    assert inv.value_of("SOAP", "EAST")[1] == D("0.666666")
    inv.ship("SOAP", 1, source="EAST", key="s3")
    assert inv.cost_of_goods_sold(START, END) == D("2")


def test_standard_cost_and_purchase_price_variance(inv):
    inv.set_costing_method("SOAP", "standard", standard_cost="2.50")
    inv.receive_costed("SOAP", 10, "2.35", to="EAST", key="r1")
    inv.ship("SOAP", 4, source="EAST", key="s1")
    assert inv.value_of("SOAP", "EAST") == (D("6"), D("15"))
    assert inv.cost_of_goods_sold(START, END, item="SOAP") == D("10")
    assert inv.purchase_price_variance(START, END) == D("-1.5")


def test_negative_stock_is_corrected_by_the_next_receipt(inv):
    inv.receive_costed("SOAP", 5, "2", to="SOUTH", key="r1")
    inv.ship("SOAP", 8, source="SOUTH", key="s1")
    assert inv.value_of("SOAP", "SOUTH") == (D("-3"), D("-6"))
    inv.receive_costed("SOAP", 10, "3", to="SOUTH", key="r2")
    assert inv.cost_of_goods_sold(START, END, location="SOUTH") == D("19")
    assert inv.value_of("SOAP", "SOUTH") == (D("7"), D("21"))


def test_back_dated_receipt_and_values_as_of(inv, clock):
    inv.receive_costed("SOAP", 10, "2", to="EAST", key="r1", effective=at("2026-11-20T08:00:00Z"))
    inv.ship("SOAP", 5, source="EAST", key="s1", effective=at("2026-11-24T08:00:00Z"))
    inv.receive_costed("SOAP", 10, "5", to="EAST", key="r0", effective=at("2026-11-19T08:00:00Z"))
    # FIFO: the issue of the 24th now takes the layer of the 19th.
    assert inv.cost_of_goods_sold(START, END) == D("25")
    assert inv.value_of("SOAP", "EAST", at=at("2026-11-21T00:00:00Z")) == (D("20"), D("70"))
    assert inv.value_of("SOAP", "EAST") == (D("15"), D("45"))


def test_report_reconciles_with_the_ledger(inv):
    inv.receive_costed("SOAP", 10, "2", to="EAST", key="r1")
    inv.receive_costed("FLOUR", "2.5", "0.8", to="WEST", key="r2")
    inv.ship("SOAP", 3, source="EAST", key="s1")
    report = inv.valuation_report(END, exact=True)
    assert list(report["item"]) == ["SOAP", "FLOUR"]
    assert list(report["category"]) == ["cleaning", None]
    assert list(report["value"]) == [D("14"), D("2")]
    assert list(report["unit_cost"]) == [D("2"), D("0.8")]
    assert report["reconciled"].all()
    assert list(report["ledger_on_hand"]) == [inv.balance("SOAP", "EAST"),
                                              inv.balance("FLOUR", "WEST")]
    floats = inv.valuation_report(END)
    assert floats["value"].sum() == 16.0


def test_refusals_are_typed_name_the_argument_and_change_nothing(inv):
    inv.receive_costed("SOAP", 10, "2", to="EAST", key="r1")
    before = inv.log_position
    with pytest.raises(onhand.InvalidCostError) as raised:
        inv.receive_costed("SOAP", 1, "-1", to="EAST", key="r2")
    assert raised.value.field == "unit_costs"
    with pytest.raises(onhand.CostMismatchError):
        inv.receive_costed("SOAP", 1, "1", to="EAST", key="r3", source="SOUTH")
    with pytest.raises(onhand.MalformedInputError) as raised:
        inv.set_costing_method("SOAP", "lifo")
    assert raised.value.field == "method"
    with pytest.raises(onhand.InvalidParameterError):
        inv.set_costing_method("SOAP", "fifo", standard_cost="1")
    with pytest.raises(onhand.UnknownCodeError):
        inv.set_costing_method("NOPE", "fifo")
    with pytest.raises(onhand.MalformedInputError):
        inv.receive_costed("SOAP", 1, 1.5, to="EAST", key="r4")  # a float is not exact
    with pytest.raises(onhand.IdempotencyConflictError):
        inv.receive_costed("SOAP", 10, "3", to="EAST", key="r1")
    assert inv.log_position == before
    assert inv.receive_costed("SOAP", 10, "2", to="EAST", key="r1")["replayed"]
    assert inv.value_of("SOAP", "EAST") == (D("10"), D("20"))


def test_landed_cost_shares_sum_exactly():
    assert allocate_landed_cost("100", [{"quantity": 1}] * 3) == [
        D("33.333334"), D("33.333333"), D("33.333333")]
    assert allocate_landed_cost("30", [{"value": "100"}, {"value": "50"}], by="value") == [
        D("20"), D("10")]
    with pytest.raises(onhand.InvalidParameterError) as raised:
        allocate_landed_cost("5", [{"weight": 0}], by="weight")
    assert raised.value.field == "basis"
    with pytest.raises(onhand.MalformedInputError):
        allocate_landed_cost("5", [{"weight": 1}], by="volume")
    rng = random.Random(7)
    for _ in range(200):
        weights = [rng.randrange(0, 1000) for _ in range(rng.randrange(1, 6))]
        if not any(weights):
            continue
        total = D(rng.randrange(0, 10**9)) / D(10**6)
        shares = allocate_landed_cost(total, [{"weight": w} for w in weights], by="weight")
        assert sum(shares) == total
        for w, share in zip(weights, shares):
            exact = total * w / sum(weights)
            assert abs(share - exact) < D("0.000001")


def test_random_fifo_matches_a_unit_by_unit_replay(clock):
    inv = onhand.open(clock=clock)
    for code in ("A", "B"):
        inv.define_location(code)
    inv.define_item("X")
    rng = random.Random(11)
    moves = []  # (effective, sequence, source, to, units, cost)
    for step in range(120):
        clock.now += dt.timedelta(hours=1)
        effective = clock.now - dt.timedelta(minutes=rng.randrange(0, 3 * 24 * 60)) \
            if rng.random() < 0.3 else clock.now
        units = rng.randrange(1, 6)
        kind = rng.random()
        try:
            if kind < 0.45:
                cost = D(rng.randrange(50, 999)) / 100
                to = rng.choice("AB")
                inv.receive_costed("X", units, cost, to=to, key=f"k{step}", effective=effective)
                moves.append((effective, step, None, to, units, cost))
            elif kind < 0.8:
                source = rng.choice("AB")
                inv.ship("X", units, source=source, key=f"k{step}", effective=effective)
                moves.append((effective, step, source, None, units, None))
            else:
                source, to = rng.sample("AB", 2)
                inv.transfer("X", units, source=source, to=to, key=f"k{step}",
                             effective=effective)
                moves.append((effective, step, source, to, units, None))
        except onhand.InsufficientStockError:
            pass
    queues = collections.defaultdict(collections.deque)
    cogs = D(0)
    for _, _, source, to, units, cost in sorted(moves, key=lambda m: (m[0], m[1])):
        for _ in range(units):
            unit_cost = cost if source is None else queues[source].popleft()
            if to is None:
                cogs += unit_cost
            else:
                queues[to].append(unit_cost)
    for location in "AB":
        assert inv.value_of("X", location) == (D(len(queues[location])), sum(queues[location],
                                                                              D(0)))
    assert inv.cost_of_goods_sold(START, END) == cogs
    inv.verify()


def test_the_concept_page_example_prints_what_it_says(capsys):
    page = pathlib.Path(__file__).resolve().parents[2] / "docs" / "concepts" / "valuation.md"
    (block,) = re.findall(r"```python\n(.*?)```", page.read_text(), flags=re.S)
    exec(compile(block, "valuation.md", "exec"), {})  # noqa: S102
    assert capsys.readouterr().out.splitlines() == [
        "(Decimal('6'), Decimal('15'))", "10", "-1.5",
        "[Decimal('33.333333'), Decimal('66.666667')]"]
