# SPDX-License-Identifier: Apache-2.0
"""benchmarks/python/planner_bench.py at tiny sizes: every case runs, and
onhand and the pandas implementation give the same answers (the script
raises Mismatch otherwise), so the benchmark cannot rot."""
import importlib.util
import pathlib

import pytest

pytest.importorskip("pandas")

PATH = pathlib.Path(__file__).resolve().parents[2] / "benchmarks" / "python" / "planner_bench.py"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("planner_bench", PATH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_batch_post_balances_agree(bench):
    figures = bench.run_post(3_000)
    assert figures["onhand"] > 0 and figures["pandas"] > 0


def test_a_batch_going_negative_is_rejected_by_both(bench):
    frame = bench.movements(3_000, seed=1)
    shipment = frame.index[frame["reason"] == "shipment"][-1]
    frame.loc[shipment, "quantity"] += 10_000
    inv = bench.fresh(500, 3)
    result = inv.post_batch(frame, atomic=True)
    assert result.posted == 0 and list(result.errors["code"]) == ["insufficient_stock"]
    assert len(inv.position()) == 0
    assert bench.pandas_post(frame, set(bench.codes("WH", 3))) is None


def test_positions_and_atp_agree(bench):
    figures = bench.run_atp(20, 3, days=40)
    assert figures["rows"] == 60


def test_the_reorder_run_agrees(bench):
    # 60 days simulated, 45 of history: an opening balance before the window,
    # series longer and shorter than the 28-day moving average.
    figures = bench.run_reorder(20, 3, days=60, history_days=45)
    assert figures["rows"] == 60 and 0 < figures["orders"] < 60


def test_the_data_has_stock_outs_reservations_and_quotas(bench):
    inv, frame, quotas, reservations = bench.ledger(20, 3, 60, seed=1)
    assert len(quotas) > 0
    assert set(reservations["channel"]) == {bench.CHANNEL, bench.FENCING}
    history = bench.planner.demand_history(inv, "2020-01-01", "2020-02-29")
    assert history["stocked_out"].any() and not history["stocked_out"].all()


def test_an_unequal_answer_is_a_failure(bench):
    inv, frame, quotas, reservations = bench.ledger(5, 2, 20, seed=1)
    ours = inv.supply_position().set_index(["item", "location"])
    _, theirs, _ = bench.pandas_positions(frame, quotas, reservations, {"WH-0", "WH-1"})
    bench.same("supply_position", ours, theirs, ["on_hand", "reserved"])
    theirs.iloc[0, theirs.columns.get_loc("reserved")] += 1
    with pytest.raises(bench.Mismatch, match="reserved differs"):
        bench.same("supply_position", ours, theirs, ["on_hand", "reserved"])
    with pytest.raises(bench.Mismatch, match="rows differ"):
        bench.same("supply_position", ours, theirs.iloc[1:], ["on_hand"])


def test_float_noise_buys_no_pack_in_either(bench):
    # 7 shipments of 1 in 25 days (no stock-out), L = 18, R = 7, σ = 0:
    # S = 7/25 · 25 = 7 (7.000000000000001 in floats); 10 on hand, all 10
    # reserved, so IP = 0 and the order is 7, not 8.
    import pandas as pd

    days = [0] + list(range(7))
    frame = pd.DataFrame({
        "key": [f"m{i}" for i in range(len(days))], "item": "SKU-0",
        "source": [bench.onhand.SUPPLIER] + ["WH-0"] * 7,
        "to": ["WH-0"] + [bench.onhand.CUSTOMER] * 7,
        "quantity": [17] + [1] * 7,
        "effective": [bench.START + pd.Timedelta(days=d, hours=6 if i == 0 else 18)
                      for i, d in enumerate(days)],
        "reason": ["receipt"] + ["shipment"] * 7})
    inv = bench.fresh(1, 1)
    bench.post_all(inv, frame)
    inv.reserve("r0", "SKU-0", "WH-0", 10)
    reservations = pd.DataFrame({"item": ["SKU-0"], "location": ["WH-0"], "quantity": [10]})
    terms = pd.DataFrame({"supplier": ["SUP-0"], "item": ["SKU-0"], "price": ["1"],
                          "currency": ["EUR"], "pack_size": [1], "minimum_order": [0],
                          "lead_time_days": [18]})
    as_of = (bench.START + pd.Timedelta(days=24)).date()
    ours = bench.planner.reorder_suggestions(
        inv, as_of, supplier_items=terms, service_level=bench.SERVICE_LEVEL,
        review_days=bench.REVIEW_DAYS, history_days=25, method="moving_average",
        window=bench.WINDOW).set_index(["item", "location"])
    theirs = bench.pandas_reorder(frame, reservations, terms, {"WH-0"}, as_of, 25)
    assert theirs["order_up_to"].iloc[0] != 7  # the float noise is there
    bench.same("reorder", ours, theirs, ["order_up_to", "inventory_position",
                                         "suggested_quantity"], exact=["suggested_quantity"])
    assert float(ours["suggested_quantity"].iloc[0]) == 7
