# SPDX-License-Identifier: Apache-2.0
"""onhand.planner end to end on a small inventory built here: two items, two
warehouses, two suppliers, purchase orders sent and received at known times,
shipments on known days (one reversed, one day stocked out), a transfer in
transit, a reservation and a backorder. Expected values are written by hand
from the scenario, or computed here with scipy.stats.norm.ppf, math and
statistics (not onhand.planning). The how-to's Python block runs as written."""
import datetime as dt
import decimal
import math
import pathlib
import re
import statistics

import pandas as pd
import pytest
from scipy.stats import norm

import onhand
from onhand import planner

D = decimal.Decimal
DOCS = pathlib.Path(__file__).resolve().parents[2] / "docs"
NOV = [dt.date(2026, 11, day) for day in range(1, 11)]


def at(text):
    return dt.datetime.fromisoformat(text + "+00:00")


class Clock:
    def __init__(self):
        self.now = at("2026-10-01T08:00:00")

    def __call__(self):
        return self.now


TERMS = [
    {"supplier": "ACME", "item": "SOAP", "price": "2.50", "currency": "EUR", "pack_size": 12,
     "minimum_order": 24, "lead_time_days": 6},
    {"supplier": "BREW", "item": "TEA", "price": "4.00", "currency": "EUR", "pack_size": 0,
     "minimum_order": 10, "lead_time_days": 4},
]


def po_line(item, quantity, to, expected="2026-11-30", price="2.50"):
    return {"item": item, "quantity": quantity, "price": price, "expected": expected, "to": to}


@pytest.fixture(scope="module")
def inv():
    clock = Clock()
    inv = onhand.open(clock=clock, backdate_limit=None)
    for code in ("EAST", "WEST"):
        inv.define_location(code)
    inv.define_location("TRUCK", kind="transit")
    inv.define_item("SOAP")
    inv.define_item("TEA")
    inv.define_supplier("ACME")
    inv.define_supplier("BREW")
    for term in TERMS:
        inv.set_supplier_item(term["supplier"], term["item"], price=term["price"],
                              currency="EUR", valid_from="2026-01-01",
                              pack_size=term["pack_size"], minimum_order=term["minimum_order"],
                              lead_time_days=term["lead_time_days"])

    def when(text):
        clock.now = at(text)

    def ship(item, quantity, source, key):
        inv.ship(item, quantity, source=source, key=key)

    when("2026-10-20T09:00:00")
    inv.create_purchase_order("PO-A1", "ACME", [po_line("SOAP", 48, "EAST")], currency="EUR")
    inv.send_purchase_order("PO-A1")
    inv.receive("SOAP", 10, to="WEST", key="open-west")  # not a purchase order: no lead time
    inv.receive("TEA", 15, to="WEST", key="open-tea")
    when("2026-10-25T09:00:00")
    inv.receive_purchase("PO-A1", 0, 48, key="GRN-A1")  # 5 days after sending
    when("2026-10-26T09:00:00")
    inv.create_purchase_order("PO-A2", "ACME", [po_line("SOAP", 24, "EAST")], currency="EUR")
    inv.send_purchase_order("PO-A2")
    when("2026-11-01T10:00:00")
    ship("SOAP", 5, "EAST", "S1")
    ship("TEA", 2, "WEST", "T1")
    when("2026-11-02T10:00:00")
    ship("SOAP", 3, "EAST", "S2")
    ship("SOAP", 4, "WEST", "W1")
    when("2026-11-02T21:00:00")
    inv.receive_purchase("PO-A2", 0, 24, key="GRN-A2")  # 7.5 days after sending
    when("2026-11-03T10:00:00")
    ship("SOAP", 6, "WEST", "W2")  # WEST runs out: stocked out on the 3rd and the 4th
    when("2026-11-04T10:00:00")
    ship("SOAP", 6, "EAST", "S3")
    ship("TEA", 3, "WEST", "T2")
    when("2026-11-05T10:00:00")
    ship("SOAP", 4, "EAST", "S4")
    inv.receive("SOAP", 10, to="WEST", key="refill-west")
    when("2026-11-06T10:00:00")
    ship("SOAP", 8, "EAST", "S5")
    ship("SOAP", 2, "EAST", "S6")
    when("2026-11-07T10:00:00")
    inv.reverse("S5", new_key="S5-reversed")  # counts back on the 6th
    ship("SOAP", 5, "EAST", "S7")
    when("2026-11-08T10:00:00")
    ship("SOAP", 3, "WEST", "W3")
    inv.transfer("SOAP", 2, source="EAST", to="WEST", key="X1")  # not demand
    when("2026-11-09T10:00:00")
    ship("SOAP", 7, "EAST", "S8")
    ship("TEA", 1, "WEST", "T3")
    inv.create_purchase_order("PO-A3", "ACME", [po_line("SOAP", 24, "EAST")], currency="EUR")
    inv.send_purchase_order("PO-A3")  # on order for EAST
    when("2026-11-10T10:00:00")
    inv.open_transfer("TO-1", "WEST", "EAST", transit="TRUCK", eta=at("2026-11-12T10:00:00"),
                      lines=[("SOAP", 2)])
    inv.ship_transfer("TO-1", key="TO-1/ship")  # in transit to EAST
    inv.reserve("cart-1", "SOAP", "EAST", 3)
    inv.verify()
    return inv


# Daily demand and stock-outs from the scenario, Nov 1..10.
EXPECTED_DEMAND = {
    ("SOAP", "EAST"): ([5, 3, 0, 6, 4, 2, 5, 0, 7, 0], [False] * 10),
    ("SOAP", "WEST"): ([0, 4, 6, 0, 0, 0, 0, 3, 0, 0],
                       [False, False, True, True, False, False, False, False, False, False]),
    ("TEA", "WEST"): ([2, 0, 0, 3, 0, 0, 0, 0, 1, 0], [False] * 10),
}


def test_demand_history_matches_the_hand_made_table(inv):
    table = planner.demand_history(inv, "2026-11-01", "2026-11-10")
    assert list(table.columns) == list(planner.DEMAND_COLUMNS)
    assert len(table) == 30  # three item x location pairs x ten days, zeros included
    for (item, location), rows in table.groupby(["item", "location"]):
        demand, stocked_out = EXPECTED_DEMAND[item, location]
        assert list(rows["day"]) == NOV
        assert list(rows["demand"]) == demand, (item, location)
        assert list(rows["stocked_out"]) == stocked_out, (item, location)
    assert set(table.groupby(["item", "location"]).groups) == set(EXPECTED_DEMAND)


def test_demand_history_filters_locations_and_customers(inv):
    west = planner.demand_history(inv, dt.date(2026, 11, 2), dt.date(2026, 11, 3),
                                  locations=["WEST"])
    assert list(west["location"].unique()) == ["WEST"]
    assert list(west["demand"]) == [4, 6, 0, 0]
    inv.define_location("SHOP", kind="customer")
    none = planner.demand_history(inv, "2026-11-01", "2026-11-10", customers=["SHOP"])
    assert none["demand"].sum() == 0


def test_demand_history_per_customer_split_documents_and_late_reversals():
    inv = onhand.open(backdate_limit=None)
    for code in ("A", "B"):
        inv.define_location(code)
    inv.define_location("SHOP", kind="customer")
    inv.define_item("SOAP")
    inv.post([{"item": "SOAP", "source": onhand.SUPPLIER, "to": code, "quantity": 20}
              for code in ("A", "B")], key="opening", effective=at("2026-11-01T08:00:00"))
    # One document ships 3 from A and 1 from B to SHOP on the 2nd.
    inv.post([{"item": "SOAP", "source": "A", "to": "SHOP", "quantity": 3},
              {"item": "SOAP", "source": "B", "to": "SHOP", "quantity": 1}], key="split",
             effective=at("2026-11-02T12:00:00"))
    inv.ship("SOAP", 5, source="A", key="c1", effective=at("2026-11-03T12:00:00"))
    inv.ship("SOAP", 2, source="B", key="c2", effective=at("2026-11-03T13:00:00"))
    inv.reverse("c1", new_key="c1-back", effective=at("2026-11-04T09:00:00"))  # counts on the 3rd
    everyone = planner.demand_history(inv, "2026-11-02", "2026-11-04")
    assert list(everyone["location"]) == ["A"] * 3 + ["B"] * 3
    assert list(everyone["demand"]) == [3, 0, 0, 1, 2, 0]
    shop = planner.demand_history(inv, "2026-11-02", "2026-11-04", customers="SHOP")
    assert list(shop["demand"]) == [3, 0, 0, 1, 0, 0]
    wholesale = planner.demand_history(inv, "2026-11-02", "2026-11-04",
                                       customers=[onhand.CUSTOMER])
    assert list(wholesale["demand"]) == [0, 0, 0, 0, 2, 0]


def test_lead_times_are_the_known_sending_and_receipt_times(inv):
    obs = planner.lead_times(inv)
    assert list(obs.columns) == list(planner.LEAD_TIME_COLUMNS)
    assert list(obs["supplier"]) == ["ACME", "ACME"]
    assert list(obs["item"]) == ["SOAP", "SOAP"]
    assert list(obs["location"]) == ["EAST", "EAST"]
    assert list(obs["ordered"]) == [at("2026-10-20T09:00:00"), at("2026-10-26T09:00:00")]
    assert list(obs["received"]) == [at("2026-10-25T09:00:00"), at("2026-11-02T21:00:00")]
    assert list(obs["lead_time_days"]) == [5.0, 7.5]

    stats = planner.lead_time_stats(obs, TERMS)
    acme = stats[stats["supplier"] == "ACME"].iloc[0]
    assert (acme["count"], acme["source"]) == (2, "observed")
    assert acme["lead_time_mean"] == 6.25
    assert acme["lead_time_sd"] == pytest.approx(math.sqrt(2 * 1.25 ** 2 / 1), rel=1e-12)
    brew = stats[stats["supplier"] == "BREW"].iloc[0]
    assert (brew["count"], brew["lead_time_mean"], brew["lead_time_sd"], brew["source"]) == (
        0, 4.0, 0.0, "stated")


def moving_average_plan(series, window):
    """d and sigma_e of a moving average by hand: fitted[t] = mean(y[t-w..t-1])."""
    errors = [statistics.fmean(series[t - window:t]) - series[t]
              for t in range(max(window, 1), len(series))]
    return statistics.fmean(series[-window:]), statistics.stdev(errors)


def moving_average_interval(sigma, window, days):
    """sigma_e raised to a moving average's own error over `days` whole days
    (a history too short to measure it): with s2 the daily demand variance,
    the interval's error variance is s2 (h + h^2 / n), the one-step one
    s2 (1 + 1 / n)."""
    h = max(1, round(days))
    if h <= 1:
        return sigma
    s2 = sigma ** 2 / (1 + 1 / window)
    return math.sqrt(s2 * (h + h * h / window) / h)


def by_hand(series, window, lead, lead_sd, review, level, position, pack, moq):
    d, sigma = moving_average_plan(series, window)
    z = norm.ppf(level)
    n = min(window, len(series))
    sigma_lead = moving_average_interval(sigma, n, lead)
    sigma_period = moving_average_interval(sigma, n, lead + review)
    safety = z * math.sqrt(lead * sigma_lead ** 2 + d ** 2 * lead_sd ** 2)
    safety_review = z * math.sqrt((lead + review) * sigma_period ** 2 + d ** 2 * lead_sd ** 2)
    up_to = d * (lead + review) + safety_review
    raw = max(up_to - position, 0.0)
    quantity = 0 if raw <= 0 else max(raw, moq)
    if pack and quantity:
        quantity = math.ceil(quantity / pack) * pack
    else:
        quantity = math.ceil(quantity) if quantity != int(quantity) else quantity
    return dict(daily_forecast=d, sigma_error=sigma, safety_stock=safety,
                reorder_point=d * lead + safety, safety_stock_order_up_to=safety_review,
                order_up_to=up_to, raw_quantity=raw,
                suggested=quantity)


@pytest.fixture(scope="module")
def suggestions(inv):
    backorders = {"item": ["SOAP"], "location": ["WEST"], "backordered": [1]}
    return planner.reorder_suggestions(inv, "2026-11-10", supplier_items=TERMS,
                                       service_level=0.95, review_days=7, history_days=10,
                                       method="moving_average", window=4,
                                       backordered=backorders)


def test_supplier_items_are_the_terms_set(inv):
    terms = inv.supplier_items(exact=True)
    assert list(terms["supplier"]) == ["ACME", "BREW"]
    assert list(terms["item"]) == ["SOAP", "TEA"]
    assert list(terms["price"]) == [decimal.Decimal("2.50"), decimal.Decimal("4.00")]
    assert list(terms["pack_size"]) == [12, 0]
    assert list(terms["minimum_order"]) == [24, 10]
    assert list(terms["lead_time_days"]) == [6, 4]
    assert list(terms["valid_from"]) == [dt.date(2026, 1, 1)] * 2


def test_suggestions_take_the_inventorys_terms_by_default(inv, suggestions):
    backorders = {"item": ["SOAP"], "location": ["WEST"], "backordered": [1]}
    default = planner.reorder_suggestions(inv, "2026-11-10", service_level=0.95, review_days=7,
                                          history_days=10, method="moving_average", window=4,
                                          backordered=backorders)
    pd.testing.assert_frame_equal(default, suggestions)


def test_reorder_suggestions_match_a_plain_computation(suggestions):
    s = suggestions
    assert list(s.columns) == list(planner.SUGGESTION_COLUMNS)
    assert [tuple(r) for r in s[["item", "location", "supplier"]].itertuples(index=False)] == [
        ("SOAP", "EAST", "ACME"), ("SOAP", "WEST", "ACME"), ("TEA", "WEST", "BREW")]
    lead_sd = math.sqrt(2 * 1.25 ** 2)
    # (series without stocked-out days, L, sigma_L, on hand, on order, in transit,
    #  reserved, backordered, pack, MOQ)
    cases = {
        ("SOAP", "EAST"): ([5, 3, 0, 6, 4, 2, 5, 0, 7, 0], 6.25, lead_sd, 38, 24, 2, 3, 0, 12,
                           24),
        ("SOAP", "WEST"): ([0, 4, 0, 0, 0, 3, 0, 0], 6.25, lead_sd, 7, 0, 0, 0, 1, 12, 24),
        ("TEA", "WEST"): ([2, 0, 0, 3, 0, 0, 0, 0, 1, 0], 4.0, 0.0, 9, 0, 0, 0, 0, 0, 10),
    }
    for row in s.itertuples(index=False):
        series, lead, sd, on_hand, on_order, transit, reserved, behind, pack, moq = cases[
            row.item, row.location]
        position = on_hand + on_order + transit - reserved - behind
        want = by_hand(series, 4, lead, sd, 7, 0.95, position, pack, moq)
        assert (row.on_hand, row.on_order, row.in_transit, row.reserved, row.backordered) == (
            on_hand, on_order, transit, reserved, behind)
        assert row.inventory_position == position
        assert row.lead_time_mean == lead
        assert row.lead_time_sd == pytest.approx(sd, rel=1e-12)
        for column in ("daily_forecast", "sigma_error", "safety_stock", "reorder_point",
                       "safety_stock_order_up_to", "order_up_to", "raw_quantity"):
            assert getattr(row, column) == pytest.approx(want[column], rel=1e-9, abs=1e-9), (
                row.item, row.location, column)
        assert row.suggested_quantity == D(want["suggested"])
        assert isinstance(row.suggested_quantity, D)
        assert row.expected == dt.date(2026, 11, 10) + dt.timedelta(days=math.ceil(lead))
        assert str(row.suggested_quantity) in row.explanation
    tea = s[s["item"] == "TEA"].iloc[0]
    assert tea["lead_time_source"] == "stated"
    assert "as stated by BREW" in tea["explanation"]


def test_ses_forecast_and_error_sigma_by_hand(inv):
    alpha = 0.3
    s = planner.reorder_suggestions(inv, "2026-11-10", supplier_items=TERMS, history_days=10,
                                    method="ses", alpha=alpha, locations=["EAST"])
    assert list(s["item"]) == ["SOAP", "TEA"]
    y = EXPECTED_DEMAND["SOAP", "EAST"][0]
    level, fitted = y[0], []
    for value in y:
        fitted.append(level)
        level = alpha * value + (1 - alpha) * level
    errors = [f - v for f, v in zip(fitted[1:], y[1:])]
    soap = s.iloc[0]
    assert soap["daily_forecast"] == pytest.approx(level, rel=1e-12)
    assert soap["sigma_error"] == pytest.approx(statistics.stdev(errors), rel=1e-12)
    tea = s.iloc[1]  # TEA was never at EAST: no demand, nothing held, order up to 0
    assert (tea["daily_forecast"], tea["on_hand"], tea["suggested_quantity"]) == (0, 0, D(0))


def test_drafts_total_per_supplier_and_a_rerun_creates_nothing(inv, suggestions):
    drafts = planner.draft_purchase_orders(suggestions)
    wanted = suggestions[suggestions["suggested_quantity"] > 0]
    assert sorted(drafts) == sorted(set(wanted["supplier"]))
    for supplier, draft in drafts.items():
        mine = wanted[wanted["supplier"] == supplier]
        assert draft.total_quantity == sum(mine["suggested_quantity"], D(0))
        price = D(next(t["price"] for t in TERMS if t["supplier"] == supplier))
        assert draft.total_value == draft.total_quantity * price
        assert list(draft.lines["item"]) == list(mine["item"])
        assert draft.currency == "EUR"

    before = len(inv.purchase_lines())
    made = planner.create_purchase_orders(inv, drafts, "RS-1110")
    assert list(made["created"]) == [True] * len(drafts)
    assert list(made["order"]) == [f"RS-1110/{s}" for s in drafts]
    lines = inv.purchase_lines(exact=True)
    assert len(lines) == before + sum(len(d.lines) for d in drafts.values())
    mine = lines[lines["order"].str.startswith("RS-1110/")]
    assert sorted(zip(mine["item"], mine["to"], mine["ordered"])) == sorted(
        (r.item, r.location, r.suggested_quantity) for r in wanted.itertuples())

    again = planner.create_purchase_orders(inv, drafts, "RS-1110")
    assert list(again["created"]) == [False] * len(drafts)
    assert len(inv.purchase_lines()) == len(lines)
    inv.verify()

    # The drafts are on order: suggesting again on the same day orders nothing more.
    later = planner.reorder_suggestions(inv, "2026-11-10", supplier_items=TERMS, review_days=7,
                                        history_days=10, method="moving_average", window=4,
                                        backordered={"item": ["SOAP"], "location": ["WEST"],
                                                     "backordered": [1]})
    assert list(later["on_order"]) == [
        a + float(q) for a, q in zip(suggestions["on_order"], suggestions["suggested_quantity"])]
    assert list(later["suggested_quantity"]) == [D(0)] * len(later)


def test_a_stated_lead_time_sd_stands_in_until_receipts_show_one(inv, suggestions):
    # TEA has no observed receipt: its stated 4 days, now with σ_L 1.5 stated.
    terms = [dict(t, lead_time_sd=1.5) if t["item"] == "TEA" else t for t in TERMS]
    s = planner.reorder_suggestions(inv, "2026-11-10", supplier_items=terms,
                                    service_level=0.95, review_days=7, history_days=10,
                                    method="moving_average", window=4,
                                    backordered={"item": ["SOAP"], "location": ["WEST"],
                                                 "backordered": [1]})
    tea = s[s["item"] == "TEA"].iloc[0]
    assert (tea.lead_time_mean, tea.lead_time_sd, tea.lead_time_source) == (4.0, 1.5, "stated")
    want = by_hand([2, 0, 0, 3, 0, 0, 0, 0, 1, 0], 4, 4.0, 1.5, 7, 0.95, 9, 0, 10)
    for column in ("safety_stock", "safety_stock_order_up_to", "order_up_to"):
        assert tea[column] == pytest.approx(want[column], rel=1e-9)
    assert tea.safety_stock > suggestions[suggestions["item"] == "TEA"].iloc[0].safety_stock
    assert "(σ 1.5)" in tea.explanation
    # SOAP has observed receipts: the stated σ does not replace what they show.
    soap = [dict(t, lead_time_sd=9.0) if t["item"] == "SOAP" else t for t in TERMS]
    again = planner.reorder_suggestions(inv, "2026-11-10", supplier_items=soap,
                                        service_level=0.95, review_days=7, history_days=10,
                                        method="moving_average", window=4)
    assert list(again[again["item"] == "SOAP"]["lead_time_sd"]) == pytest.approx(
        [math.sqrt(2 * 1.25 ** 2)] * 2)
    stats = planner.lead_time_stats([], terms)
    assert list(stats["lead_time_sd"]) == [0.0, 1.5]
    for bad in (-1, float("inf"), "two", True):  # NaN is a missing value: 0
        with pytest.raises(onhand.InvalidParameterError) as raised:
            planner.reorder_suggestions(
                inv, "2026-11-10", history_days=10,
                supplier_items=[dict(TERMS[1], lead_time_sd=bad)])
        assert raised.value.field == "supplier_items"


@pytest.mark.parametrize("change, error, field", [
    ({"service_level": 1.0}, onhand.InvalidParameterError, "service_level"),
    ({"service_level": 0}, onhand.InvalidParameterError, "service_level"),
    ({"review_days": -1}, onhand.InvalidParameterError, "review_days"),
    ({"locations": ["NOWHERE"]}, onhand.UnknownCodeError, "locations"),
    ({"locations": ["TRUCK"]}, onhand.InvalidLocationError, "locations"),
    ({"method": "crystal_ball"}, onhand.InvalidParameterError, "method"),
    ({"as_of": "10 Nov"}, onhand.MalformedInputError, "as_of"),
])
def test_bad_arguments_are_typed_errors_that_change_nothing(inv, change, error, field):
    arguments = dict(as_of="2026-11-10", supplier_items=TERMS, history_days=10)
    arguments.update(change)
    before = inv.log_position
    with pytest.raises(error) as raised:
        planner.reorder_suggestions(inv, arguments.pop("as_of"), **arguments)
    assert raised.value.field == field
    assert inv.log_position == before


def test_demand_history_refuses_an_unknown_location_and_reversed_days(inv):
    with pytest.raises(onhand.UnknownCodeError) as raised:
        planner.demand_history(inv, "2026-11-01", "2026-11-10", locations=["NOWHERE"])
    assert raised.value.field == "locations"
    with pytest.raises(onhand.InvalidParameterError) as raised:
        planner.demand_history(inv, "2026-11-10", "2026-11-01")
    assert raised.value.field == "end"
    with pytest.raises(onhand.InvalidParameterError) as raised:
        planner.demand_history(inv, "0001-01-01", "9999-12-31")
    assert raised.value.field == "end"


def test_how_to_examples_run_and_print_what_they_say(capsys, tmp_path, monkeypatch):
    page = (DOCS / "how_to" / "reorder-suggestions.md").read_text()
    example, plotting = re.findall(r"```python\n(.*?)```", page, flags=re.S)
    monkeypatch.chdir(tmp_path)  # the plots are saved in the working directory
    namespace = {}
    exec(compile(example, "reorder-suggestions.md", "exec"), namespace)  # noqa: S102
    printed = re.search(r"It prints\n\n```\n(.*?)```", page, flags=re.S)[1]
    assert capsys.readouterr().out == printed
    exec(compile(plotting, "reorder-suggestions.md, plots", "exec"), namespace)  # noqa: S102
    for name in ("soap-wh", "lead-times", "expiry", "atp"):
        assert (tmp_path / f"{name}.png").read_bytes()[:4] == b"\x89PNG"
    s = namespace["suggestions"]
    assert list(s["suggested_quantity"]) == [D(60)]
    assert namespace["made"]["created"].tolist() == [True]


HOSTILE = [None, "", b"EAST", -1, 0, 2**70, float("nan"), float("inf"), 1e308, True, [], {},
           ["EAST", 3], [None], object(), "2026-02-30", dt.datetime(2026, 11, 10)]


@pytest.mark.parametrize("argument", ["as_of", "supplier_items", "service_level", "review_days",
                                      "history_days", "method", "locations", "backordered",
                                      "observations", "alpha", "window", "error_sigma",
                                      "fenced"])
def test_any_value_of_an_argument_is_a_result_or_an_onhand_error(inv, argument):
    before = inv.log_position
    for value in HOSTILE:
        arguments = dict(as_of="2026-11-10", supplier_items=TERMS, history_days=10)
        arguments[argument] = value
        try:
            planner.reorder_suggestions(inv, arguments.pop("as_of"), **arguments)
        except onhand.Error as error:
            assert error.field is not None, (argument, value, error)
        assert inv.log_position == before


@pytest.mark.parametrize("argument", ["start", "end", "locations", "customers"])
def test_any_value_of_a_demand_history_argument_is_a_result_or_an_onhand_error(inv, argument):
    for value in HOSTILE:
        arguments = dict(start="2026-11-01", end="2026-11-03")
        arguments[argument] = value
        try:
            planner.demand_history(inv, arguments.pop("start"), arguments.pop("end"),
                                   **arguments)
        except onhand.Error as error:
            assert error.field is not None, (argument, value, error)


# ---------------------------------------------------------------------------
# The forecast error over the protection interval


def interval_rms_by_hand(values, fitted, days):
    """The interval errors' root mean square with plain loops."""
    squares = []
    for t in range(1, len(values) - days + 1):
        if math.isnan(fitted[t]):
            continue
        squares.append((sum(values[t:t + days]) - days * fitted[t]) ** 2)
    return math.sqrt(statistics.fmean(squares)) if len(squares) >= 28 else math.nan


def test_interval_error_sigma_is_the_rms_of_the_errors_over_the_interval():
    import random
    rng = random.Random(7)
    values = [rng.randint(0, 9) for _ in range(80)]
    fitted = [math.nan] * 5 + [rng.uniform(0, 9) for _ in range(75)]
    for days in (1, 7, 20, 47):
        want = interval_rms_by_hand(values, fitted, days)
        got = planner.interval_error_sigma(values, fitted, days)
        assert got == pytest.approx(want, rel=1e-12), days
    # 80 values, 5 without a forecast, 48 days: 80 - 48 - 4 = 28 origins; 49 days: 27.
    assert not math.isnan(planner.interval_error_sigma(values, fitted, 48))
    assert math.isnan(planner.interval_error_sigma(values, fitted, 49))
    assert math.isnan(planner.interval_error_sigma(None, None, 7))


LONG_DAYS = [dt.date(2026, 3, 1) + dt.timedelta(days=n) for n in range(70)]
# Two levels: 2 a day for 40 days, then 6 a day with a weekly ripple. The
# one-step errors of a 7-day moving average stay small; over 10 days they add up.
LONG_DEMAND = [2] * 40 + [6 + (n % 7 == 4) * 3 - (n % 7 == 6) * 3 for n in range(30)]


@pytest.fixture(scope="module")
def long_inv():
    clock = Clock()
    clock.now = at("2026-02-27T08:00:00")
    inv = onhand.open(clock=clock, backdate_limit=None)
    inv.define_location("DC")
    inv.define_item("JAM")
    inv.define_supplier("ACME")
    inv.set_supplier_item("ACME", "JAM", price="1.00", currency="EUR",
                          valid_from="2026-01-01", lead_time_days=3)
    inv.receive("JAM", 1000, to="DC", key="open")
    for day, quantity in zip(LONG_DAYS, LONG_DEMAND):
        clock.now = dt.datetime.combine(day, dt.time(10), dt.timezone.utc)
        inv.ship("JAM", quantity, source="DC", key=f"s/{day}")
    inv.set_channel_quota("JAM", "DC", "wholesale", 40)
    inv.reserve("r1", "JAM", "DC", 5, channel="web")
    return inv


def long_suggestion(inv, **options):
    s = planner.reorder_suggestions(inv, LONG_DAYS[-1], history_days=70,
                                    method="moving_average", window=7, review_days=7,
                                    service_level=0.95, **options)
    assert len(s) == 1
    return s.iloc[0]


def test_safety_stock_plans_with_the_error_measured_over_the_interval(long_inv):
    y = LONG_DEMAND
    fitted = [math.nan] * 7 + [statistics.fmean(y[t - 7:t]) for t in range(7, 70)]
    errors = [fitted[t] - y[t] for t in range(7, 70)]
    sigma_e, d = statistics.stdev(errors), statistics.fmean(y[-7:])
    z = norm.ppf(0.95)
    measured_lead = interval_rms_by_hand(y, fitted, 3)
    measured = interval_rms_by_hand(y, fitted, 10)
    assert measured > sigma_e * math.sqrt(10)  # the case this rule is for
    row = long_suggestion(long_inv)
    assert row.sigma_error == pytest.approx(sigma_e, rel=1e-12)
    assert row.sigma_interval == pytest.approx(measured, rel=1e-12)
    assert row.safety_stock_order_up_to == pytest.approx(z * measured, rel=1e-9)
    assert row.order_up_to == pytest.approx(10 * d + z * measured, rel=1e-9)
    lead_sigma = max(sigma_e * math.sqrt(3), measured_lead)
    assert row.safety_stock == pytest.approx(z * lead_sigma, rel=1e-9)
    assert f"over 10 days measured" in row.explanation
    # The one-step rule: sigma_e times the square root of the interval.
    one = long_suggestion(long_inv, error_sigma="one_step")
    assert math.isnan(one.sigma_interval)
    assert one.safety_stock_order_up_to == pytest.approx(z * sigma_e * math.sqrt(10), rel=1e-9)
    assert one.safety_stock == pytest.approx(z * sigma_e * math.sqrt(3), rel=1e-9)
    assert row.order_up_to > one.order_up_to


def test_fenced_stock_is_kept_out_of_the_position_when_asked(long_inv):
    on_hand = 1000 - sum(LONG_DEMAND)
    plain = long_suggestion(long_inv)
    assert (plain.on_hand, plain.reserved, plain.fenced) == (on_hand, 5, 0)
    assert plain.inventory_position == on_hand - 5
    walled = long_suggestion(long_inv, fenced=True)
    assert walled.fenced == 40  # the wholesale quota, whole: nothing of it reserved
    assert walled.inventory_position == on_hand - 5 - 40
    assert walled.raw_quantity == pytest.approx(
        max(walled.order_up_to - (on_hand - 45), 0.0), rel=1e-12)
    assert "fenced 40" in walled.explanation and "fenced" not in plain.explanation


@pytest.mark.parametrize("options, field", [({"error_sigma": "two_step"}, "error_sigma"),
                                            ({"fenced": 1}, "fenced")])
def test_bad_interval_options_name_the_argument(long_inv, options, field):
    with pytest.raises(onhand.InvalidParameterError) as raised:
        long_suggestion(long_inv, **options)
    assert raised.value.field == field


def test_the_methods_own_interval_error_is_the_simulated_one():
    """Where the history is too short to measure the interval error, the
    method's own is used: checked here against a simulation of independent
    normal demand forecast by SES and by a moving average."""
    import numpy as np
    rng = np.random.default_rng(3)
    sigma, days, paths = 2.0, 10, 40000
    y = rng.normal(20.0, sigma, (paths, 300 + days))
    for model in (("ses", 0.2), ("moving_average", 7)):
        if model[0] == "ses":
            level = np.full(paths, 20.0)
            for t in range(300):
                level = model[1] * y[:, t] + (1 - model[1]) * level
            forecast = level
        else:
            forecast = y[:, 300 - 7:300].mean(axis=1)
        one_step = np.var(y[:, 300] - forecast)
        interval = np.var(y[:, 300:300 + days].sum(axis=1) - days * forecast)
        assert planner._model_factor(model, days) == pytest.approx(
            interval / (days * one_step), rel=0.05), model
    assert planner._model_factor(("ses", 0.3), 1) == 1 == planner._model_factor(None, 9)
