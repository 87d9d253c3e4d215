# SPDX-License-Identifier: Apache-2.0
"""Hostile input: no call into the Inventory or core API may abort the
process, hang, break the inventory, raise outside onhand's exception classes,
or change anything when it refuses. Cases run in worker processes (see
hostile.py), so an abort or a hang is a failing test that names the input.
"""
import concurrent.futures
import os
import subprocess
import sys

import pytest

import hostile
import onhand

MAX_MESSAGE = 1000


def _id(value):
    """A short test id for any value (repr of 10**5000 would raise)."""
    if isinstance(value, int) and value.bit_length() > 64:
        return f"int_of_{value.bit_length()}_bits"
    if isinstance(value, tuple):
        return "-".join(_id(part) for part in value if not isinstance(part, (tuple, dict)))
    text = repr(value)
    return text if len(text) <= 24 else text[:21] + "..."

# Every table, run two workers at a time; each test reads its table's result.
_pool = concurrent.futures.ThreadPoolExecutor(max_workers=2)
_runs = {}


def _results(table):
    if not _runs:
        for name in hostile.TABLES:
            _runs[name] = _pool.submit(hostile.run_table, name)
    return _runs[table].result()


@pytest.mark.parametrize("table", list(hostile.TABLES))
def test_every_argument_survives_extreme_values(table):
    results = _results(table)
    problems = []
    for case, report in results.items():
        if report["outcome"] not in ("ok", "error"):
            problems.append(f"{case}: {report['outcome']} {report.get('error', '')}")
        elif report.get("changed"):
            problems.append(f"{case}: refused ({report['error']}) but changed the inventory: "
                            f"{report['changed']}")
        elif report.get("broken"):
            problems.append(f"{case}: accepted, and the inventory is unreadable since: "
                            f"{report['broken']}")
        elif report.get("message", 0) > MAX_MESSAGE:
            problems.append(f"{case}: a message of {report['message']} characters")
    assert results[f"{table}[valid]"]["outcome"] == "ok"
    assert not problems, "\n".join(problems)


def _run(method, *args, **kwargs):
    """One case in a worker (an abort or a hang fails the test with the input)."""
    import pickle
    worker = subprocess.run(
        [sys.executable, "-c", _PROBE, method], input=pickle.dumps((args, kwargs)),
        capture_output=True, timeout=30, cwd=os.path.dirname(os.path.abspath(__file__)),
        env=_ENV)
    assert worker.returncode == 0, (method, args, kwargs, worker.stderr[-500:])
    return pickle.loads(worker.stdout)


_ENV = dict(os.environ, PYTHONPATH=os.pathsep.join(
    os.path.abspath(part) for part in os.environ.get("PYTHONPATH", "").split(os.pathsep) if part))

_PROBE = """
import pickle, sys
import hostile
method = sys.argv[1]
args, kwargs = pickle.loads(sys.stdin.buffer.read())
hostile.TABLES[method] = hostile.TABLES.get(method, ("inv", (), {}))
sys.stdout.buffer.write(pickle.dumps(hostile.run_case(method, args, kwargs)))
"""


def _refused(report, error="MalformedInputError", field=None, line=None):
    assert report["outcome"] == "error", report
    assert report["error"] in (error, "ArgumentError"), report
    assert not report["changed"], report
    if field is not None:
        assert report["field"] == field, report
    if line is not None:
        assert report["line"] == line, report


@pytest.mark.parametrize("call", [
    ("define_item", (b"\xff",), {}, "code"),
    ("define_location", (b"Q",), {}, "code"),
    ("define_item", ("NEW",), {"unit": b"kg"}, "unit"),
    ("define_item", ("NEW",), {"alternates": {b"\xff": 2}}, "alternates"),
    ("define_item", ("NEW",), {"gtins": {b"\xff": "each"}}, "gtins"),
    ("define_item", ("NEW",), {"attributes": {"a": b"\xff"}}, "attributes"),
    ("receive", ("X", 1), {"to": "A", "key": b"\xff"}, "key"),
    ("reverse", ("r1",), {"new_key": b"\xff"}, "new_key"),
    ("balance", (b"X", "A"), {}, "item"),
], ids=_id)
def test_bytes_where_text_goes_are_refused_before_anything_is_written(call):
    method, args, kwargs, field = call
    _refused(_run(method, *args, **kwargs), field=field)


@pytest.mark.parametrize("call", [
    ("define_item", ("\ud800",), {}, "code"),
    ("receive", ("X", 1), {"to": "A", "key": "\ud800"}, "key"),
    ("define_item", ("NEW",), {"alternates": {"\udc80": 2}}, "alternates"),
    ("define_item", ("NEW",), {"alternates": {3: 2}}, "alternates"),
    ("extend", (1, 1), {"rounding": "\ud800"}, "rounding"),
], ids=_id)
def test_lone_surrogates_and_non_str_keys_are_typed_errors(call):
    method, args, kwargs, field = call
    _refused(_run(method, *args, **kwargs), field=field)


@pytest.mark.parametrize("call", [
    ("define_item", ("NEW",), {"shelf_life_days": 2**31}, "shelf_life_days"),
    ("define_item", ("NEW",), {"shelf_life_days": 10**5000}, "shelf_life_days"),
    ("define_item", ("NEW",), {"decimals": 2**31}, "decimals"),
    ("define_lot", ("L", "L9"), {"best_before_days": 2**31}, "best_before_days"),
    ("define_lot", ("L", "L9"), {"alert_days": -2**63}, "alert_days"),
], ids=_id)
def test_out_of_range_ints_name_the_argument(call):
    method, args, kwargs, field = call
    _refused(_run(method, *args, **kwargs), field=field)


@pytest.mark.parametrize("value, error", [
    (hostile.D("1E+999999999"), "OverflowError"),
    (hostile.D("-1E+999999999"), "OverflowError"),
    (hostile.D("1E-999999999"), "MalformedInputError"),
    (10**5000, "OverflowError"),
    (-(2**64), "OverflowError"),
    ("9" * 1_000_000, "MalformedInputError"),
    (hostile.D("NaN"), "MalformedInputError"),
    (hostile.D("-Infinity"), "MalformedInputError"),
], ids=_id)
def test_huge_quantities_are_refused_before_they_are_written_out(value, error):
    _refused(_run("quantity", value), error=error, field="value")
    _refused(_run("receive", "X", value, to="A", key="new"), error=error, field="quantity")


def test_exact_values_at_the_edges_are_kept():
    D = hostile.D
    assert onhand.quantity(D("-0")) == 0
    assert onhand.quantity(D("0E-999999999")) == 0
    assert onhand.quantity(D("1.5" + "0" * 300)) == D("1.5")
    assert onhand.quantity(2**40) == 2**40


@pytest.mark.parametrize("key, value", [
    ("quantity", 1.5), ("quantity", hostile.D("NaN")), ("item", None), ("item", b"X"),
    ("source", 7), ("lot", "\ud800"), ("unit", b"kg"),
], ids=_id)
def test_a_line_error_names_its_line(key, value):
    lines = [{"item": "X", "quantity": 1, "source": "A", "to": "B"} for _ in range(6)]
    if value is None:
        del lines[5][key]
    else:
        lines[5][key] = value
    report = _run("post", lines, key="new")
    _refused(report, line=5)


def test_messages_quote_a_bounded_part_of_the_input():
    for method, args, kwargs in [("define_item", ("x" * 1_000_000,), {}),
                                 ("receive", ("X", 1), {"to": "A", "key": "k" * 1_000_000}),
                                 ("receive", ("y" * 1_000_000, 1), {"to": "A", "key": "new"}),
                                 ("extend", (1, 1), {"rounding": "z" * 1_000_000})]:
        report = _run(method, *args, **kwargs)
        assert report["outcome"] in ("ok", "error") and report["message"] <= MAX_MESSAGE, report


@pytest.mark.parametrize("unit", ["k\x00g", "k\ng", "u" * 1_000_000], ids=_id)
def test_unit_names_are_validated_like_codes(unit):
    _refused(_run("define_item", "NEW", unit=unit), field="unit")


def test_the_native_class_refuses_invalid_utf8():
    code = ("import onhand\ninv = onhand._core.Inventory()\n"
            "try:\n    inv.define_item(b'\\xff')\nexcept onhand.MalformedInputError:\n"
            "    pass\ninv.items()\n")
    worker = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=30,
                            env=_ENV)
    assert worker.returncode == 0, worker.stderr[-300:]


_PROPERTIES = """
import decimal, sys
from hypothesis import given, settings, strategies as st
import hostile, onhand

@settings(max_examples=150, derandomize=True, deadline=None, database=None)
@given(st.one_of(st.text(max_size=40), st.binary(max_size=8)))
def codes(code):
    print(repr(code)[:80], file=sys.stderr, flush=True)
    inv = hostile.inventory()
    before = hostile.state(inv)
    try:
        inv.define_item(code)
    except onhand.Error:
        assert hostile.state(inv) == before
    else:
        assert code in inv.items()
        hostile.readable(inv)

@settings(max_examples=300, derandomize=True, deadline=None, database=None)
@given(st.one_of(st.decimals(allow_nan=True, allow_infinity=True), st.integers(),
                 st.text(max_size=30)))
def quantities(value):
    print(repr(value)[:80], file=sys.stderr, flush=True)
    try:
        exact = onhand.quantity(value)
    except onhand.Error:
        return
    assert exact == decimal.Decimal(value)

codes()
quantities()
"""


def test_properties_of_codes_and_quantities(tmp_path):
    env = dict(_ENV, HYPOTHESIS_STORAGE_DIRECTORY=str(tmp_path))
    worker = subprocess.run([sys.executable, "-c", _PROPERTIES], capture_output=True, text=True,
                            timeout=60, cwd=os.path.dirname(os.path.abspath(__file__)), env=env)
    assert worker.returncode == 0, worker.stderr[-1500:]
