# SPDX-License-Identifier: Apache-2.0
"""examples/planner.ipynb, executed with nbclient in a python3 kernel
(Debian's python3-nbclient and python3-ipykernel) on a small run of the
reference scenario. The notebook must run without an error, leave the file as
it found it, and print the numbers worked out here from the same file by
other routes: sums of balances and of the shipments in the ledger, the SES
recursion written out, the ABC rule applied by hand, and safety stock as
z·√(L·σ² + d²·σ_L²) with z from scipy.

Without nbclient or the kernel the tests fail when CI is set (scripts/test.sh
installs them from scripts/packages.txt) and are skipped otherwise."""
import datetime as dt
import decimal
import hashlib
import json
import math
import os
import pathlib
import re

import numpy as np
import pytest
from scipy import stats

import onhand
from onhand import planner, scenario

D = decimal.Decimal
ROOT = pathlib.Path(__file__).resolve().parents[2]
NOTEBOOK = ROOT / "examples" / "planner.ipynb"
# The smallest run that gives every cell something to show: A items, receipts
# with observed lead times, stock-outs, and orders suggested on the last day.
SMALL = {"seed": 5, "skus": 10, "days": 35}
LEVELS = (0.90, 0.95, 0.98, 0.99)


def nbclient():
    """The nbclient module, once the python3 kernel is known to be there."""
    message = None
    try:
        import ipykernel  # noqa: F401
        import nbclient as client
        import nbformat  # noqa: F401
        from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
    except ImportError as missing:
        message = f"{missing.name} is missing"
    else:
        try:
            KernelSpecManager().get_kernel_spec("python3")
        except NoSuchKernel:
            message = "the python3 kernel is not installed"
    if message is None:
        return client
    message += (": examples/planner.ipynb runs in nbclient with the python3 kernel (Debian "
                "packages python3-nbclient, python3-nbformat, python3-ipykernel, listed in "
                "scripts/packages.txt)")
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(message)
    pytest.skip(message)


def fingerprint(path):
    return hashlib.sha256(pathlib.Path(path).read_bytes()).hexdigest()


def execute(path, workdir, cells=None):
    """Runs the notebook (its first ``cells`` cells) on the scenario file at
    ``path`` from ``workdir``; returns {cell id: printed text, ...} and the
    executed notebook."""
    client = nbclient()
    import nbformat
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    if cells is not None:
        notebook.cells = notebook.cells[:cells]
    package = str(pathlib.Path(onhand.__file__).resolve().parents[1])
    env = dict(os.environ, ONHAND_SCENARIO_DB=str(path), PYDEVD_DISABLE_FILE_VALIDATION="1",
               PYTHONPATH=os.pathsep.join(filter(None, [package,
                                                        os.environ.get("PYTHONPATH")])))
    runner = client.NotebookClient(notebook, kernel_name="python3", timeout=300,
                                   resources={"metadata": {"path": str(workdir)}})
    runner.execute(env=env)
    printed = {}
    for cell in notebook.cells:
        printed[cell.get("id")] = "".join(output.get("text", "") for output in cell.get(
            "outputs", []) if output.get("output_type") == "stream")
    return printed, notebook


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    business = scenario.generate(**SMALL)
    folder = tmp_path_factory.mktemp("notebook")
    path = folder / "scenario.db"
    scenario.run(business, path, progress=False)
    before = (fingerprint(path), onhand.open(path, backdate_limit=None).log_position)
    printed, notebook = execute(path, folder)
    return business, path, before, printed, notebook


def reopen(path, business):
    last = business.day(business.days - 1)
    end = dt.datetime.combine(last, dt.time(23, 59), tzinfo=dt.timezone.utc)
    return onhand.open(path, backdate_limit=None, clock=lambda: end)


def number(text):
    return float(text.replace(",", ""))


def test_the_notebook_is_stored_without_outputs_and_explains_each_step():
    stored = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    assert stored["nbformat"] == 4
    assert stored["metadata"]["kernelspec"]["name"] == "python3"
    cells = stored["cells"]
    code = [cell for cell in cells if cell["cell_type"] == "code"]
    assert code and all(cell["outputs"] == [] and cell["execution_count"] is None
                        for cell in code)
    assert cells[0]["cell_type"] == "markdown"
    assert sum(cell["cell_type"] == "markdown" for cell in cells) >= 7


def test_it_runs_and_leaves_the_file_as_it_was(run):
    business, path, before, printed, _ = run
    assert (fingerprint(path), reopen(path, business).log_position) == before
    assert f"the log is still at {before[1]:,} events" in printed["unchanged"]
    opened = re.search(r": (\d+) items, ([\d,]+) events; today is (\S+)", printed["open"])
    assert opened, printed["open"]
    assert int(opened[1]) == SMALL["skus"]
    assert number(opened[2]) == before[1]
    assert dt.date.fromisoformat(opened[3]) == business.day(business.days - 1)


def test_on_hand_is_the_sum_of_the_balances(run):
    business, path, _, printed, _ = run
    inv = reopen(path, business)
    total = sum((inv.balance(item, site, within=True) for item in inv.items()
                 for site in scenario.SITES), D(0))
    shown = re.search(r"on hand: ([\d,]+) units of (\d+) items at (\d+) sites",
                      printed["positions"])
    assert shown, printed["positions"]
    assert number(shown[1]) == total > 0
    assert int(shown[3]) == len(scenario.SITES)


def test_inventory_position_adds_up_from_orders_transfers_and_reservations(run):
    business, path, _, printed, _ = run
    inv = reopen(path, business)
    shown = re.search(r"inventory position: ([\d,-]+) = usable ([\d,]+) \+ on order ([\d,]+) "
                      r"\+ in transit ([\d,]+) - reserved ([\d,]+)", printed["supply"])
    assert shown, printed["supply"]
    position, usable, on_order, in_transit, reserved = (number(v) for v in shown.groups())
    lines = inv.purchase_lines(exact=True)
    sent = lines[lines["status"] != "draft"]
    assert on_order == sum(sent["remaining"], D(0)) > 0
    assert in_transit == sum(inv.in_transit(exact=True)["quantity"], D(0))
    open_reservations = inv.reservations(status="open", exact=True)
    assert reserved == sum(open_reservations["remaining"], D(0))
    assert position == usable + on_order + in_transit - reserved


def shipments(inv, first, last):
    """{(item, bin, day): units} shipped to the customers on first..last, from
    the customer locations' histories and, for the bin each document left
    from, the item's."""
    source = {}
    for item in inv.items():
        moves = inv.history(item, exact=True)
        for row in moves[moves["quantity"] < 0].itertuples(index=False):
            source.setdefault((row.document, item), row.location)
    out = {}
    for customer in scenario.CUSTOMERS.values():
        for row in inv.history(location=customer, exact=True).itertuples(index=False):
            day = row.effective.astimezone(dt.timezone.utc).date()
            if first <= day <= last:
                key = (row.item, source[row.document, row.item], day)
                out[key] = out.get(key, D(0)) + row.quantity
    return out


@pytest.fixture(scope="module")
def window(run):
    business, path, _, _, _ = run
    inv = reopen(path, business)
    last = business.day(business.days - 1)
    first = max(business.start, last - dt.timedelta(days=90))
    days = [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]
    return inv, days, shipments(inv, first, last)


def test_the_forecast_is_of_the_fastest_mover_and_its_sigma_is_of_the_ses_errors(run, window):
    _, _, _, printed, _ = run
    inv, days, shipped = window
    units = {}
    for (item, _, _), quantity in shipped.items():
        units[item] = units.get(item, D(0)) + quantity
    fast = max(units, key=units.get)
    shown = re.search(r"(\S+): ([\d,]+) units in (\d+) days; alpha ([\d.]+), forecast ([\d.]+) "
                      r"a day, error sigma ([\d.]+)", printed["forecast"])
    assert shown, printed["forecast"]
    assert shown[1] == fast and number(shown[2]) == units[fast]
    series = np.array([float(sum((q for (i, _, d), q in shipped.items() if i == fast and d == day),
                                D(0))) for day in days])
    assert int(shown[3]) == len(series)
    # SES from the level y0 (docs/forecasting.md): the forecast of y[t] is the level after y[t-1].
    alpha, level, errors = float(shown[4]), series[0], []
    for y in series[1:]:
        errors.append(y - level)
        level = alpha * y + (1 - alpha) * level
    assert float(shown[5]) == pytest.approx(level, abs=0.006)
    assert float(shown[6]) == pytest.approx(np.std(errors, ddof=1), rel=1e-4)


def test_the_a_class_and_its_safety_stock(run, window):
    _, _, _, printed, _ = run
    inv, days, shipped = window
    price = {row.item: float(row.price) for row in
             inv.supplier_items(exact=True).drop_duplicates("item").itertuples(index=False)}
    value = {item: 0.0 for item in inv.items()}
    for (item, _, _), quantity in shipped.items():
        value[item] += float(quantity) * price[item]
    # A: the share of value ranked before the item is under 80 % (ties in item order).
    ranked = sorted(value, key=lambda item: -value[item])
    total, before, a_items = sum(value.values()), 0.0, []
    for item in ranked:
        if before / total < 0.8:
            a_items.append(item)
        before += value[item]
    shown = re.search(r"A items: (.*)", printed["abc"])
    assert shown, printed["abc"]
    assert set(shown[1].split(", ")) == set(a_items)

    # Daily demand per A item and bin, leaving out the days the bin ended empty.
    bins = {}
    for day in days:
        ended = inv.position(day=day, exact=True)
        for row in ended[ended["kind"] == "internal"].itertuples(index=False):
            if row.item in a_items:
                bins.setdefault((row.item, row.location), []).append(
                    (day, row.available <= 0))
    for item, where, day in shipped:
        if item in a_items and (item, where) not in bins:
            bins[item, where] = [(d, False) for d in days]
    stated = planner.lead_time_stats(planner.lead_times(inv), inv.supplier_items(exact=True))
    lead = {(r.supplier, r.item): r for r in stated.itertuples(index=False)}
    supplier = dict(zip(inv.supplier_items()["item"], inv.supplier_items()["supplier"]))
    z = stats.norm.ppf(0.95)
    expected = 0.0
    for (item, where), marks in bins.items():
        counted = dict(marks)
        kept = [float(shipped.get((item, where, day), D(0))) for day in days
                if not counted.get(day, True)]
        d = float(np.mean(kept)) if kept else 0.0
        sigma = float(np.std(kept, ddof=1)) if len(kept) > 1 else 0.0
        terms = lead[supplier[item], item]
        sigma_l = 0.0 if math.isnan(terms.lead_time_sd) else terms.lead_time_sd
        expected += z * math.sqrt(terms.lead_time_mean * sigma ** 2 + d ** 2 * sigma_l ** 2)
    shown = re.search(r"A class at 95%: safety stock ([\d,.]+) units", printed["safety"])
    assert shown, printed["safety"]
    assert number(shown[1]) == pytest.approx(expected, abs=0.006) and expected > 0


def what_if(printed):
    rows = {}
    for line in printed["whatif"].splitlines()[2:]:
        values = line.split()
        rows[float(values[0])] = [float(v) for v in values[1:]]
    return rows


def test_the_what_if_scales_safety_stock_with_z(run):
    _, _, _, printed, _ = run
    header = printed["whatif"].splitlines()[0].split()
    assert header == ["z", "safety_stock", "safety_stock_value", "order_lines", "order_units",
                      "order_value"]
    rows = what_if(printed)
    assert sorted(rows) == list(LEVELS)
    base = rows[0.95]
    assert base[1] > 0
    for level in LEVELS:
        z = stats.norm.ppf(level)
        assert rows[level][0] == pytest.approx(z, abs=1e-4)
        # SS = z·√(...) per row, the root not depending on the level.
        assert rows[level][1] == pytest.approx(base[1] * z / stats.norm.ppf(0.95), rel=1e-4)
    units = [rows[level][4] for level in LEVELS]
    assert units == sorted(units) and units[-1] > units[0]


def test_the_drafts_are_the_orders_of_the_95_percent_run(run, window):
    business, _, _, printed, _ = run
    inv, _, _ = window
    suggestions = planner.reorder_suggestions(inv, business.day(business.days - 1),
                                              service_level=0.95, review_days=7,
                                              history_days=91)
    ordered = suggestions[suggestions["suggested_quantity"] > 0]
    value = sum((q * p for q, p in zip(ordered["suggested_quantity"], ordered["price"])), D(0))
    shown = re.search(r"(\d+) draft orders, (\d+) lines, ([\d,]+) units, value ([\d,.]+)",
                      printed["drafts"])
    assert shown, printed["drafts"]
    assert int(shown[1]) == ordered["supplier"].nunique() > 0
    assert int(shown[2]) == len(ordered) == what_if(printed)[0.95][3]
    assert number(shown[3]) == sum(ordered["suggested_quantity"], D(0))
    assert D(shown[4].replace(",", "")) == value.quantize(D("0.01"))


def test_the_plot_is_shown_inline(run):
    *_, notebook = run
    (cell,) = [cell for cell in notebook.cells if cell.get("id") == "plot"]
    assert any("image/png" in output.get("data", {}) for output in cell.outputs)


def test_a_missing_file_says_to_run_the_demo(tmp_path):
    client = nbclient()
    missing = tmp_path / "none.db"
    with pytest.raises(client.exceptions.CellExecutionError) as refused:
        execute(missing, tmp_path, cells=3)
    assert "scripts/demo.sh" in str(refused.value)
    assert "FileNotFoundError" in str(refused.value)
    assert not missing.exists()
