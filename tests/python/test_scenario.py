# SPDX-License-Identifier: Apache-2.0
"""The reference scenario at a small scale (30 SKUs, 63 days, shelf lives short
enough that lots expire): deterministic from its seed, consistent with the
ledger it leaves (every figure of the summary recomputed here from
``inv.history()`` and the generated demand, by sums over the customer and
scrap locations rather than the summary's own per-key tally), idempotent on
a rerun, and no expired lot ever shipped."""
import datetime as dt
import decimal

import numpy as np
import pytest

import onhand
from onhand import scenario

D = decimal.Decimal
SMALL = {"skus": 30, "days": 63, "shelf_life_days": (20, 45)}


@pytest.fixture(scope="module")
def played(tmp_path_factory):
    business = scenario.generate(seed=11, **SMALL)
    path = tmp_path_factory.mktemp("scenario") / "run.db"
    summary = scenario.run(business, path, progress=False)
    return business, path, summary


def reopen(path, business):
    return onhand.open(path, backdate_limit=None, future_limit=None,
                       clock=lambda: dt.datetime.combine(business.day(business.days),
                                                         dt.time(), tzinfo=dt.timezone.utc))


def test_same_seed_same_business_other_seed_another():
    first = scenario.generate(seed=11, **SMALL)
    again = scenario.generate(seed=11, **SMALL)
    other = scenario.generate(seed=12, **SMALL)
    assert first == again and first.fingerprint() == again.fingerprint()
    assert first.items.equals(again.items)
    assert np.array_equal(first.direct, again.direct)
    assert first != other
    assert not np.array_equal(first.direct, other.direct)


def test_business_shape():
    b = scenario.generate(seed=3, skus=200, days=28)
    assert b.direct.shape == b.wholesale.shape == (28, 200, 3)
    assert set(b.items["abc_class"]) == {"A", "B", "C"}
    lots = b.items[b.items["lot_tracked"]]
    assert 0.15 < len(lots) / 200 < 0.45
    assert lots["shelf_life_days"].between(90, 720).all()
    assert b.suppliers["supplier"].nunique() == 12
    # Wholesale orders are fewer and larger than direct ones.
    assert (b.wholesale > 0).sum() < (b.direct > 0).sum()
    assert b.wholesale[b.wholesale > 0].mean() > b.direct[b.direct > 0].mean()


def test_wholesale_is_its_share_of_the_volume_in_every_class():
    b = scenario.generate(seed=4, skus=300, days=365, wholesale_share=0.25)
    classes = np.asarray(b.items["abc_class"])
    for abc in "ABC":
        mine = classes == abc
        wholesale, direct = b.wholesale[:, mine].sum(), b.direct[:, mine].sum()
        assert 0.18 < wholesale / (wholesale + direct) < 0.32, abc
    # Whole cases, and never less than one.
    packs = np.asarray(b.items["case_pack"])[None, :, None]
    ordered = b.wholesale > 0
    assert (b.wholesale % packs == 0).all()
    assert (np.broadcast_to(packs, b.wholesale.shape)[ordered] <= b.wholesale[ordered]).all()


def test_the_opening_stock_covers_the_supplier_lead_time_and_three_weeks(played):
    business, path, _ = played
    inv = reopen(path, business)
    lead = business.suppliers.set_index("supplier")["lead_time_days_mean"]
    mean = (business.direct + business.wholesale)[:28].mean(axis=0)
    for k, row in enumerate(business.items.itertuples(index=False)):
        opening = inv.history(item=row.item, exact=True)
        for s, site in enumerate(scenario.SITES):
            got = opening[opening["key"] == f"open/{row.item}/{site}"]["quantity"].sum()
            days = float(lead[row.supplier]) + 21
            assert days * mean[k, s] <= got < days * mean[k, s] + row.case_pack, (row.item, site)


def test_the_reorder_runs_plan_above_the_wholesale_fence(played):
    business, path, _ = played
    inv = reopen(path, business)
    s = scenario.last_suggestions(inv, business)
    fenced = s[s["fenced"] > 0]
    assert len(fenced) > 0
    assert (fenced["inventory_position"] == fenced["on_hand"] + fenced["on_order"]
            + fenced["in_transit"] - fenced["reserved"] - fenced["fenced"]
            - fenced["backordered"]).all()


def test_same_seed_same_summary(played, tmp_path):
    business, _, summary = played
    again = scenario.run(scenario.generate(seed=11, **SMALL), tmp_path / "again.db",
                         progress=False)
    assert again == summary


def test_verify_passes_after_the_run(played):
    business, path, _ = played
    reopen(path, business).verify()


def test_the_file_reopens_from_the_snapshot_of_the_finished_year(played):
    business, path, summary = played
    inv = reopen(path, business)
    assert inv.opening == {"snapshot_position": summary.log_position, "replayed_events": 0,
                           "skipped": []}
    inv.verify()  # the state it loaded is the log's


def test_rerun_changes_nothing(played):
    business, path, summary = played
    before = reopen(path, business).log_position
    assert scenario.run(business, path, progress=False) == summary
    assert reopen(path, business).log_position == before == summary.log_position


def test_another_business_on_the_file_is_refused(played):
    _, path, _ = played
    with pytest.raises(onhand.InvalidParameterError) as refused:
        scenario.run(scenario.generate(seed=12, **SMALL), path, progress=False)
    assert refused.value.field == "path"


def test_fill_rate_is_shipped_over_demanded(played):
    business, path, summary = played
    inv = reopen(path, business)
    shipped = D(0)
    for customer in ("CUSTOMER-DTC", "CUSTOMER-WHOLESALE"):
        moves = inv.history(location=customer, exact=True)
        shipped += sum(moves["quantity"], D(0))
    demanded = int(business.direct.sum() + business.wholesale.sum())
    assert summary.shipped == shipped and summary.demanded == demanded
    assert summary.fill_rate == pytest.approx(float(shipped) / demanded, abs=1e-12)
    assert 0.5 < summary.fill_rate <= 1


def test_expiry_waste_is_the_scrap_postings(played):
    business, path, summary = played
    inv = reopen(path, business)
    scrap = inv.history(location=onhand.SCRAP, exact=True)
    cost = dict(zip(business.items["item"], business.items["unit_cost"]))
    units = sum(scrap["quantity"], D(0))
    value = sum((q * D(str(cost[i])) for i, q in zip(scrap["item"], scrap["quantity"])), D(0))
    assert summary.expiry_waste_units == units > 0
    assert summary.expiry_waste_value == value
    # Only lots past their expiry were scrapped.
    for row in scrap.itertuples():
        assert inv._lot_expiry(row.item, row.lot) < row.effective.date()


def test_no_expired_lot_shipped(played):
    business, path, _ = played
    inv = reopen(path, business)
    checked = 0
    for customer in ("CUSTOMER-DTC", "CUSTOMER-WHOLESALE"):
        moves = inv.history(location=customer)
        for row in moves[moves["lot"].notna()].itertuples():
            assert inv._lot_expiry(row.item, row.lot) >= row.effective.date(), row
            checked += 1
    assert checked > 0


def test_counts_find_the_shrinkage(played):
    business, path, summary = played
    inv = reopen(path, business)
    variances = inv.count_variances()
    assert summary.counts == len(variances[variances["status"] == "adjusted"]) > 0
    exact = (variances["variance"] == 0).sum()
    assert summary.count_accuracy == pytest.approx(exact / summary.counts)
    assert summary.count_accuracy < 1  # some shrinkage was injected and found
    losses = inv.history(location=onhand.INVENTORY_LOSS)
    assert losses["quantity"].sum() == -variances["variance"].sum() > 0


def test_summary_measures(played):
    _, _, summary = played
    assert 0 < summary.cycle_service_level <= 1
    assert summary.stockout_days >= summary.stockouts >= 0
    assert summary.inventory_value > 0 and summary.turns > 0
    assert 0 <= summary.supplier_otif <= 1 and summary.purchase_lines > 0
    text = str(summary)
    assert "fill rate" in text and "supplier OTIF" in text


def test_main_writes_the_dashboard(tmp_path, capsys):
    db, page = tmp_path / "demo.db", tmp_path / "demo.html"
    assert scenario.main(["--db", str(db), "--html", str(page), "--seed", "5", "--skus", "12",
                          "--days", "21", "--quiet"]) == 0
    assert capsys.readouterr().out == ""
    business = scenario.generate(seed=5, skus=12, days=21)
    summary = scenario.run(business, db, progress=False)  # the file holds the run
    html = page.read_text(encoding="utf-8")
    assert format(summary.inventory_value, ",f") in html
    # The last day's reorder run ordered nothing: its suggestions are the dashboard's.
    inv = onhand.open(db, backdate_limit=None)
    assert not inv.purchase_lines()["order"].str.startswith(f"PO/{business.day(20)}/").any()
    suggestions = scenario.last_suggestions(inv, business)
    ordered = suggestions[suggestions["suggested_quantity"] > 0]
    assert len(ordered) > 0
    for item in ordered["item"]:
        assert item in html


@pytest.mark.parametrize("field,call", [
    ("skus", lambda: scenario.generate(skus=0)),
    ("skus", lambda: scenario.generate(skus=-3)),
    ("days", lambda: scenario.generate(days=0)),
    ("seed", lambda: scenario.generate(seed=-1)),
    ("skus", lambda: scenario.generate(skus=2.5)),
    ("shelf_life_days", lambda: scenario.generate(shelf_life_days=(30, 10))),
    ("service_level", lambda: scenario.run(scenario.generate(skus=2, days=7), None,
                                           service_level=1.0)),
    ("service_level", lambda: scenario.run(scenario.generate(skus=2, days=7), None,
                                           service_level=0)),
    ("business", lambda: scenario.run("not a business", None)),
])
def test_bad_arguments_name_the_argument(field, call):
    with pytest.raises(onhand.InvalidParameterError) as refused:
        call()
    assert refused.value.field == field


def test_tutorial_runs(tmp_path, monkeypatch, capsys):
    """docs/tutorial.md's Python blocks, in order, on a small run of the command."""
    import pathlib
    import re
    page = pathlib.Path(__file__).resolve().parents[2] / "docs" / "tutorial.md"
    blocks = re.findall(r"```python\n(.*?)```", page.read_text(encoding="utf-8"), flags=re.S)
    assert len(blocks) >= 6
    assert sum("skus=30, days=365" in block for block in blocks) == 1  # made small below
    monkeypatch.chdir(tmp_path)
    assert scenario.main(["--skus", "20", "--days", "42", "--quiet"]) == 0
    namespace = {}
    for number, block in enumerate(blocks):
        block = block.replace("skus=30, days=365", "skus=20, days=42")
        exec(compile(block, f"tutorial.md, python block {number + 1}", "exec"),  # noqa: S102
             namespace)
    assert "True" in capsys.readouterr().out.split()


@pytest.mark.parametrize("field,options", [
    ("skus", {"skus": 10**100}), ("days", {"days": 10**6}),
    ("skus", {"skus": 50_000, "days": 3000}),
    ("suppliers", {"suppliers": 0}), ("start", {"start": dt.datetime(2026, 1, 1)}),
    ("lot_share", {"lot_share": 1.0}), ("wholesale_share", {"wholesale_share": float("nan")}),
])
def test_scale_out_of_bounds_is_refused_before_any_work(field, options):
    with pytest.raises(onhand.InvalidParameterError) as refused:
        scenario.generate(**options)
    assert refused.value.field == field


def test_main_reports_a_bad_argument(capsys):
    with pytest.raises(SystemExit) as stopped:
        scenario.main(["--skus", "0", "--quiet"])
    assert stopped.value.code == 2
    assert "skus" in capsys.readouterr().err


def test_lead_times_observed_in_the_run_are_the_ledgers(tmp_path):
    """The weekly runs get the lead times the run saw; planner.lead_times reads
    the same ones back from the ledger."""
    from onhand import planner
    business = scenario.generate(seed=4, skus=12, days=49)
    now = [dt.datetime.combine(business.start, dt.time(), tzinfo=dt.timezone.utc)]
    inv = onhand.open(tmp_path / "lead.db", backdate_limit=None, future_limit=None,
                      clock=lambda: now[0])
    played = scenario._Run(inv, business, 0.95, now, False)
    played.play()
    # Per supplier and item, which is what lead_time_stats groups by (the
    # ledger's reading names one location for an item's receipts at one instant).
    seen = sorted((s, i, o, r, round(x, 9)) for s, i, _, o, r, x in played.observations)
    ledger = planner.lead_times(inv)
    read = sorted(zip(ledger["supplier"], ledger["item"], ledger["ordered"], ledger["received"],
                      (round(x, 9) for x in ledger["lead_time_days"])))
    assert len(seen) > 0 and seen == read
