# SPDX-License-Identifier: Apache-2.0
"""onhand.plots renders with Agg into PNG files, and what it draws is the
data it was given: line heights, bar heights and labels are checked against
values worked out here by hand."""
import datetime as dt
import decimal

import numpy as np
import pandas as pd
import pytest

import onhand
from onhand import allocation, plots

D = decimal.Decimal


def saved(ax, tmp_path, name):
    path = tmp_path / f"{name}.png"
    ax.figure.savefig(path)
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    return path


def test_projected_on_hand_is_the_sawtooth_with_rop_and_safety_stock_lines(tmp_path):
    ax = plots.projected_on_hand(start_level=50, daily_demand=4, receipts={5: 30},
                                 reorder_point=20, safety_stock=8, days=10)
    saved(ax, tmp_path, "sawtooth")
    projection, rop, safety = ax.get_lines()
    # 50 - 4 t, plus 30 from day 5 on; day 5 before and after the receipt.
    assert list(projection.get_xdata()) == [0, 1, 2, 3, 4, 5, 5, 6, 7, 8, 9, 10]
    assert list(projection.get_ydata()) == [50, 46, 42, 38, 34, 30, 60, 56, 52, 48, 44, 40]
    assert list(rop.get_ydata()) == [20, 20]
    assert list(safety.get_ydata()) == [8, 8]
    assert [line.get_label() for line in ax.get_lines()] == [
        "projected on hand", "reorder point", "safety stock"]


def test_projected_on_hand_from_a_suggestions_row_runs_the_policy(tmp_path):
    row = pd.Series({"on_hand": 30.0, "daily_forecast": 2.5, "lead_time_mean": 2.2,
                     "suggested_quantity": D(24), "reorder_point": 12.0,
                     "safety_stock": 4.5, "order_up_to": 40.0, "review_days": 4})
    # As reorder_suggestions gives it: a row of a DataFrame (numpy scalars).
    row = pd.DataFrame([row]).iloc[0]
    ax = plots.projected_on_hand(row, days=12, start=dt.date(2026, 11, 10))
    saved(ax, tmp_path, "row")
    projection, rop, safety = ax.get_lines()
    # The suggested 24 arrives after ceil(2.2) = 3 days. Reviews on days 4, 8, 12 order
    # 40 - (level + what is still to come): day 4: 44, nothing; day 8: 34, 6 arriving on
    # day 11; day 12: 30, 10 arriving after the horizon.
    offsets = [0, 1, 2, 3, 3, 4, 5, 6, 7, 8, 9, 10, 11, 11, 12]
    assert list(projection.get_xdata()) == [dt.date(2026, 11, 10) + dt.timedelta(days=t)
                                            for t in offsets]
    assert list(projection.get_ydata()) == [30, 27.5, 25, 22.5, 46.5, 44, 41.5, 39, 36.5, 34,
                                            31.5, 29, 26.5, 32.5, 30]
    assert rop.get_ydata()[0] == 12 and safety.get_ydata()[0] == 4.5


def test_time_phased_atp_draws_the_buckets_of_the_allocation_table(tmp_path):
    table = allocation.time_phased_atp(40, {"2027-01-04": 50},
                                       {"2027-01-02": 20, "2027-01-05": 60},
                                       start="2027-01-01", days=5)
    ax = plots.time_phased_atp(table)
    saved(ax, tmp_path, "atp")
    atp, supply, demand = ax.get_lines()
    # Supply 40,40,40,90,90; demand 0,20,20,20,80; S - D = 40,20,20,70,10;
    # ATP on d is the least of S - D over d and later days: 10 everywhere.
    assert list(supply.get_ydata()) == [40, 40, 40, 90, 90]
    assert list(demand.get_ydata()) == [0, 20, 20, 20, 80]
    assert list(atp.get_ydata()) == [10, 10, 10, 10, 10]
    assert atp.get_drawstyle() == "steps-post"


def test_time_phased_atp_draws_one_line_per_item_of_the_columns(tmp_path):
    columns = np.array([[10.0, 10, 10, 12, 12], [5, 5, 0, 0, 7]])
    ax = plots.time_phased_atp(columns, start="2027-01-01", items=["SOAP", "TEA"])
    saved(ax, tmp_path, "atp-columns")
    soap, tea = ax.get_lines()
    assert (soap.get_label(), tea.get_label()) == ("SOAP", "TEA")
    assert list(tea.get_ydata()) == [5, 5, 0, 0, 7]
    assert list(soap.get_xdata()) == list(np.arange("2027-01-01", "2027-01-06",
                                                    dtype="datetime64[D]"))


def test_expiry_risk_by_week_sums_per_iso_week_across_the_year_end(tmp_path):
    table = pd.DataFrame({
        "expiry": [dt.date(2026, 12, 22), dt.date(2026, 12, 28), dt.date(2027, 1, 3),
                   dt.date(2027, 1, 4), dt.date(2026, 12, 21)],
        "quantity": [3.0, 4.0, 5.0, 6.0, 1.0],
        "value": [30.0, 40.0, 50.0, 60.0, 10.0]})
    ax = plots.expiry_risk_by_week(table)
    saved(ax, tmp_path, "expiry")
    # Mon 2026-12-21 and Tue 12-22: W52; Mon 12-28 to Sun 2027-01-03: 2026-W53; 01-04: 2027-W01.
    assert [t.get_text() for t in ax.get_xticklabels()] == ["2026-W52", "2026-W53", "2027-W01"]
    assert [bar.get_height() for bar in ax.patches] == [4, 9, 6]
    (values,) = ax.figure.axes[1].get_lines()
    assert list(values.get_ydata()) == [40, 90, 60]


def test_expiry_risk_by_week_reads_an_inventory(tmp_path):
    inv = onhand.open(clock=lambda: dt.datetime(2026, 11, 30, 9, tzinfo=dt.timezone.utc))
    inv.define_location("WH")
    inv.define_item("SERUM", lot_tracked=True)
    inv.define_lot("SERUM", "L1", expiry="2026-12-02")
    inv.define_lot("SERUM", "L2", expiry="2026-12-09")
    inv.receive("SERUM", 7, to="WH", key="r1", lot="L1")
    inv.receive("SERUM", 2, to="WH", key="r2", lot="L2")
    ax = plots.expiry_risk_by_week(inv, within_days=30, on="2026-12-01",
                                   unit_costs={"SERUM": D("1.5")})
    saved(ax, tmp_path, "expiry-inventory")
    assert [t.get_text() for t in ax.get_xticklabels()] == ["2026-W49", "2026-W50"]
    assert [bar.get_height() for bar in ax.patches] == [7, 2]
    assert list(ax.figure.axes[1].get_lines()[0].get_ydata()) == [10.5, 3]


def test_lead_time_distribution_counts_each_supplier_per_bin(tmp_path):
    obs = pd.DataFrame({"supplier": ["ACME", "ACME", "ACME", "BREW", "BREW"],
                        "lead_time_days": [1.0, 3.5, 3.0, 5.0, 7.9]})
    ax = plots.lead_time_distribution(obs, bins=[0, 2, 4, 6, 8])
    saved(ax, tmp_path, "lead-times")
    acme, brew = ax.containers
    assert [bar.get_height() for bar in acme] == [1, 2, 0, 0]
    assert [bar.get_height() for bar in brew] == [0, 0, 1, 1]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["ACME", "BREW"]


@pytest.mark.parametrize("call, field", [
    (lambda: plots.projected_on_hand(daily_demand=1), "start_level"),
    (lambda: plots.projected_on_hand(start_level="a lot", daily_demand=1), "start_level"),
    (lambda: plots.projected_on_hand(start_level=1, daily_demand=1, days=0), "days"),
    (lambda: plots.projected_on_hand(start_level=1, daily_demand=1, order_up_to=5,
                                     review_days=2.5), "review_days"),
    (lambda: plots.projected_on_hand(start_level=1, daily_demand=1, receipts={"x": 1}),
     "receipts"),
    (lambda: plots.time_phased_atp(np.zeros((2, 3))), "start"),
    (lambda: plots.time_phased_atp(pd.DataFrame({"day": []})), "data"),
    (lambda: plots.expiry_risk_by_week(pd.DataFrame({"quantity": [1]})), "data"),
    (lambda: plots.lead_time_distribution([1, 2]), "observations"),
])
def test_bad_input_is_a_typed_error_naming_the_argument(call, field):
    with pytest.raises(onhand.MalformedInputError) as raised:
        call()
    assert raised.value.field == field
