# SPDX-License-Identifier: Apache-2.0
"""Hostile input for onhand.planning, each call in a worker process.

Every planning call here answers a finite number or raises an onhand.Error
naming the argument; it never aborts the process, hangs, or returns NaN or
inf from finite inputs (docs/reference/planning_domains.md). A call that
aborted would take pytest down with it, so the cases run in worker processes
(``python3 test_hostile_planning.py <what>``) under a timeout: an abort is a
failed test, a hang a timed-out one.
"""
import json
import math
import os
import pathlib
import subprocess
import sys

import pytest

HERE = pathlib.Path(__file__).resolve().parent

# The calls that once aborted, hung or answered NaN, with what each must do
# now: "ok" (finite result), or the onhand error class and the field it names.
PROBES = [
    ("P.poisson_loss(1e308, 2.0)", "ok"),
    ("P.poisson_loss(1e15, 1e15)", ("InvalidParameterError", "mean")),
    ("P.poisson_loss_complement(1e15, 1e15)", ("InvalidParameterError", "mean")),
    ("P.poisson_second_order_loss(1e15, 1e15)", ("InvalidParameterError", "mean")),
    ("P.poisson_second_order_loss_complement(1e15, 1e15)", ("InvalidParameterError", "mean")),
    ("P.newsvendor(50, 8, 0.7, 5e-324)", "ok"),
    ("P.newsvendor(50, 8, 0.7, 5e-324, distribution='poisson')", "ok"),
    ("P.newsvendor(50, 8, 0.7, 5e-324, distribution='lognormal')", "ok"),
    ("P.newsvendor_profit(60, 9, 1e308, 6)", ("OverflowError", "expected_profit")),
    ("P.service_measures(1e308, 3, 2, 50, 60)", ("OverflowError", "expected_shortage")),
    ("P.rq_reorder_point(100, 10, 1, 50, 1e308, 10, 50)", "ok"),
    ("P.rq_optimal(100, 5e-324, 1, 50, 1, 10)", "ok"),
    ("P.rq_optimal(1e15, 0, 1, 50, 1, 10, distribution='poisson')",
     ("InvalidParameterError", "demand_rate")),
    ("P.rq_optimal(1e9, 0, 1, 50, 1, 10, distribution='poisson')",
     ("InvalidParameterError", "demand_rate")),
    ("P.rq_optimal(1e300, 0, 1, 50, 1, 10, distribution='poisson')",
     ("InvalidParameterError", "demand_rate")),
    ("P.rq_cost(1e9, 0, 1, 50, 1, 10, 1e9, 100, distribution='poisson')",
     ("InvalidParameterError", "demand_rate")),
    ("P.newsvendor(1e9, 0, 1, 1, distribution='poisson')", ("InvalidParameterError", "demand_mean")),
    ("P.newsvendor(1e300, 0, 1, 1, distribution='poisson')",
     ("InvalidParameterError", "demand_mean")),
    ("P.ss_optimal(10, 64, 1, 1e308)", ("OverflowError", "reorder_level")),
    ("P.ss_optimal(1e9, 64, 1, 9)", ("InvalidParameterError", "demand_mean")),
    ("P.ss_optimal(1e6, 64, 1, 9)", ("InvalidParameterError", "demand_mean")),
    ("P.ss_optimal(5e-324, 64, 1, 9)", "ok"),
    ("P.ss_cost(10, 64, 1, 9, 0, 1e6)", ("InvalidParameterError", "order_up_to")),
    ("P.moving_average([1.0, 2, 3], 2, horizon=10**9)", ("InvalidParameterError", "horizon")),
    ("P.eoq_with_backorders(200, 20, 1e308, 6)", "ok"),
    ("P.order_up_to(1e308, 3, 2, 2, .95)", ("OverflowError", "sigma")),
    ("P.eoq(200, 20, 5e-324)", "ok"),
    ("P.eoq('200', 20, 5)", ("InvalidParameterError", "demand_rate")),
    ("P.eoq(200, 20j, 5)", ("InvalidParameterError", "order_cost")),
    ("P.eoq(200, 20, None)", ("InvalidParameterError", "holding_cost")),
    ("P.eoq(np.datetime64('2020-01-01'), 20, 5)", ("InvalidParameterError", "demand_rate")),
    ("P.eoq(200, np.timedelta64(3, 'D'), 5)", ("InvalidParameterError", "order_cost")),
    ("P.eoq(200, 20, b'5')", ("InvalidParameterError", "holding_cost")),
    ("P.eoq(np.array(['1', '2'], dtype=object), 20, 5)", ("InvalidParameterError", "demand_rate")),
    ("P.eoq(np.array([1 + 1j, 2], dtype=object), 20, 5)", ("InvalidParameterError", "demand_rate")),
    ("P.eoq(True, 20, 5)", ("InvalidParameterError", "demand_rate")),
    ("P.eoq(np.array([True, False]), 20, 5)", ("InvalidParameterError", "demand_rate")),
    ("P.holt(np.array(['1', '2', '3']), horizon=2)", ("InvalidParameterError", "series")),
    ("P.newsvendor(50, 8, 0.7, 0.2, lead_time=np.array([1 + 0j]))",
     ("InvalidParameterError", "lead_time")),
    ("repr(P.croston(np.array([0.0, 3, 0, 4]), alpha=0.1, fitted=False))", "ok"),
]


def _outcome(expression):
    """Evaluates one expression; its outcome as a JSON-able dict."""
    import numpy as np

    import onhand
    import onhand.planning as P

    try:
        value = eval(expression, {"P": P, "np": np})  # noqa: S307 (the test's own table)
    except onhand.Error as error:
        return {"outcome": type(error).__name__, "field": getattr(error, "field", None)}
    except Exception as error:  # noqa: BLE001 (a wrong voice is what the test looks for)
        return {"outcome": "bad", "type": type(error).__name__, "message": str(error)[:200]}
    return {"outcome": "ok", "finite": _finite(value)}


def _finite(value):
    """Whether every number in a planning result is finite (fitted values and
    the intermittent states are NaN by definition before data and are skipped)."""
    import numpy as np

    if isinstance(value, dict):
        return all(_finite(v) for v in value.values())
    if isinstance(value, (float, int)):
        return math.isfinite(value)
    if isinstance(value, np.ndarray):
        if value.dtype.kind in "fiu":
            return bool(np.isfinite(value).all())
        if value.dtype.kind == "O":
            return all(v.is_finite() for v in value.ravel())
        return True
    if hasattr(value, "forecast") and hasattr(value, "sse"):
        return _finite(np.asarray(value.forecast)) and (
            value.sse is None or _finite(np.asarray(value.sse)))
    if hasattr(value, "is_finite"):
        return value.is_finite()
    return True


# Functions whose NaN or inf answers are documented values, not failures
# (docs/reference/planning_domains.md, "Documented non-finite answers").
_NAN_SCORES = {"mean_absolute_error", "root_mean_squared_error", "mean_absolute_percentage_error",
               "forecast_bias", "mean_absolute_scaled_error", "error_standard_deviation",
               "coefficient_of_variation"}


def _documented_sentinel(name, kwargs, value):
    """Whether a non-finite `value` is one the function documents."""
    import numpy as np

    if name in _NAN_SCORES:
        values = np.atleast_1d(np.asarray(value, dtype=float))
        return not np.isinf(values).any()
    if name == "days_of_supply":
        return (np.asarray(kwargs["daily_demand"]) == 0).any()
    if name == "inventory_turns":
        return (np.asarray(kwargs["average_inventory"]) == 0).any()
    return False


def _run(mode, payload, timeout):
    """Runs this file as a worker on `payload`; (returncode, stdout lines, stderr)."""
    env = dict(os.environ)
    # The worker imports onhand from wherever this process found it.
    env["PYTHONPATH"] = os.pathsep.join(os.path.abspath(p) for p in sys.path if p)
    done = subprocess.run([sys.executable, str(pathlib.Path(__file__)), mode],
                          input=json.dumps(payload), capture_output=True, text=True,
                          timeout=timeout, env=env, cwd=HERE)
    return done.returncode, [json.loads(line) for line in done.stdout.splitlines() if line], \
        done.stderr


@pytest.mark.parametrize("expression,expected", PROBES, ids=[p[0] for p in PROBES])
def test_probe(expression, expected):
    try:
        code, lines, stderr = _run("probe", [expression], timeout=30)
    except subprocess.TimeoutExpired:
        pytest.fail(f"{expression} hangs (more than 30 s)")
    assert code == 0, f"{expression} aborted the process: {stderr[-500:]}"
    (result,) = lines
    if expected == "ok":
        assert result == {"outcome": "ok", "finite": True}, result
    else:
        error_class, field = expected
        assert result == {"outcome": error_class, "field": field}, result


def test_layouts_give_the_same_answer():
    """Strided, Fortran-ordered, unaligned, 0-d and float32 inputs answer as
    a contiguous float64 array does."""
    code, lines, stderr = _run("layouts", None, timeout=60)
    assert code == 0, stderr[-500:]
    assert lines == [{"same": True}], lines


def test_planning_properties():
    """Random calls of every planning function (hypothesis, fixed seed,
    bounded examples): a finite result from finite inputs, or an onhand.Error;
    no other exception type; the whole run within the timeout (no per-example
    deadline: a loaded machine would make one flaky, and a hang still fails)."""
    try:
        code, lines, stderr = _run("properties", None, timeout=540)
    except subprocess.TimeoutExpired:
        pytest.fail("the property run hangs (more than 540 s)")
    assert code == 0, stderr[-2000:]
    assert lines and lines[-1].get("examples", 0) > 0, lines


# ---------------------------------------------------------------------------
# Workers.


def _worker_probe(expressions):
    for expression in expressions:
        print(json.dumps(_outcome(expression)), flush=True)


def _worker_layouts(_):
    import numpy as np

    import onhand.planning as P

    base = np.array([10.0, 20.0, 35.0, 50.0])
    want = P.eoq(base, 20.0, 5.0)["order_quantity"]
    strided = np.repeat(base, 2)[::2]
    fortran = np.asfortranarray(base)
    raw = np.zeros(base.nbytes + 1, dtype=np.uint8)
    unaligned = raw[1:].view(np.float64)
    unaligned[:] = base
    assert not unaligned.flags.aligned
    same = all(np.array_equal(P.eoq(x, 20.0, 5.0)["order_quantity"], want)
               for x in (strided, fortran, unaligned, base.astype(np.float32),
                         base.astype(np.int64), base.astype(object)))
    same &= P.eoq(np.array(10.0), 20.0, 5.0)["order_quantity"] == want[0]
    # A 2-D series at an unaligned address forecasts the same bits.
    series = 100.0 + np.arange(48.0) * 0.37 + 10.0 * np.sin(np.arange(48.0) * 0.5236)
    raw = np.zeros(series.nbytes + 8, dtype=np.uint8)
    shifted = raw[8:].view(np.float64).reshape(1, 48)
    shifted[:] = series
    a = P.holt_winters(series.reshape(1, 48), 12, horizon=12)
    b = P.holt_winters(shifted, 12, horizon=12)
    same &= np.array_equal(a.forecast, b.forecast) and np.array_equal(a.fitted, b.fitted)
    print(json.dumps({"same": bool(same)}), flush=True)


# Values drawn for every numeric argument: ordinary ones, and the edges.
_EDGES = [0.0, -0.0, 5e-324, 1e-300, 1e-9, 0.5, 1.0, 2.0, 1e9, 1e15, 1e300, 1e308, -1.0, -1e308,
          0.999999999, math.nan, math.inf, -math.inf]


def _worker_properties(_):
    import inspect

    import numpy as np
    from hypothesis import HealthCheck, given, seed, settings
    from hypothesis import strategies as st

    import onhand
    import onhand.planning as P

    number = st.one_of(st.sampled_from(_EDGES),
                       st.floats(min_value=-1e3, max_value=1e3, allow_nan=False),
                       st.floats(min_value=1e-3, max_value=1e6))
    column = st.one_of(number, st.lists(number, min_size=1, max_size=4).map(np.array))
    series = st.lists(number, min_size=1, max_size=30).map(np.array)
    whole = st.integers(min_value=-2, max_value=40)

    def strategy_for(parameter):
        annotation = str(parameter.annotation)
        if parameter.name in ("breaks",):
            return st.lists(st.floats(min_value=0, max_value=1e4), min_size=1, max_size=3).map(
                lambda xs: sorted({0.0, *xs}))
        if parameter.name in ("prices",):
            return None  # paired with breaks below
        if parameter.name == "values":
            return st.lists(number, min_size=1, max_size=5)
        if parameter.name == "probabilities":
            return st.lists(st.floats(min_value=0, max_value=1), min_size=1, max_size=5).map(
                np.array)
        if annotation == "int":
            return whole
        if "float | npt.ArrayLike" in annotation:
            return column
        if annotation.startswith("npt.ArrayLike"):
            return series
        if annotation == "float":
            return number
        return None

    calls = []
    for name in P.__all__:
        function = getattr(P, name)
        if name == "Forecast" or not callable(function):
            continue
        try:
            signature = inspect.signature(function)
        except (TypeError, ValueError):
            continue
        strategies = {}
        usable = True
        for parameter in signature.parameters.values():
            if parameter.default is not inspect.Parameter.empty and parameter.name not in (
                    "lead_time", "lead_time_std", "horizon", "alpha"):
                continue
            if parameter.name == "prices":
                continue
            strategy = strategy_for(parameter)
            if strategy is None:
                usable = False
                break
            strategies[parameter.name] = strategy
        if usable:
            calls.append((name, function, strategies))

    counted = {"examples": 0, "functions": sorted(c[0] for c in calls)}

    @st.composite
    def one_call(draw):
        name, function, strategies = draw(st.sampled_from(calls))
        kwargs = {k: draw(s) for k, s in strategies.items()}
        if "breaks" in kwargs:
            kwargs["prices"] = sorted((draw(st.floats(min_value=0.01, max_value=100))
                                       for _ in kwargs["breaks"]), reverse=True)
        return name, function, kwargs

    @seed(20261205)
    @settings(max_examples=int(os.environ.get("ONHAND_PLANNING_EXAMPLES", "1500")), deadline=None,
              derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    @given(one_call())
    def check(call):
        name, function, kwargs = call
        counted["examples"] += 1
        if os.environ.get("ONHAND_PLANNING_TRACE"):
            print(json.dumps({"call": name, "kwargs": repr(kwargs)}), file=sys.stderr, flush=True)
        try:
            value = function(**kwargs)
        except onhand.Error:
            return
        except TypeError as error:
            # A Python type the signature does not take (documented in
            # docs/reference/planning_domains.md): only for whole-number arguments.
            assert "incompatible function arguments" in str(error), (name, kwargs, error)
            return
        inputs_finite = all(np.isfinite(np.asarray(v, dtype=float)).all() for v in kwargs.values()
                            if not isinstance(v, list) or v)
        if inputs_finite and not _documented_sentinel(name, kwargs, value):
            assert _finite(value), (name, kwargs, value)

    check()
    print(json.dumps(counted), flush=True)


if __name__ == "__main__":
    payload = json.loads(sys.stdin.read() or "null")
    {"probe": _worker_probe, "layouts": _worker_layouts,
     "properties": _worker_properties}[sys.argv[1]](payload)
