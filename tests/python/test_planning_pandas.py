# SPDX-License-Identifier: Apache-2.0
"""onhand.planning in a notebook: introspection, pandas indexes kept, Forecast as a DataFrame."""
import inspect

import numpy as np
import pandas as pd
import pytest

import onhand
from onhand import _core, planning

FUNCTIONS = sorted(name for name in dir(_core.planning)
                   if not name.startswith("_") and not isinstance(getattr(_core.planning, name), type))


@pytest.mark.parametrize("name", FUNCTIONS)
def test_every_function_has_a_signature_and_help_without_handle(name):
    function = getattr(planning, name)
    signature = inspect.signature(function)
    native = getattr(_core.planning, name).__doc__.split("\n", 1)[0]
    names = [p.name for p in signature.parameters.values()]
    assert names and all(f"{n}:" in native for n in names)
    assert "handle" not in str(signature)
    assert all(p.annotation is not inspect.Parameter.empty for p in signature.parameters.values())
    assert function.__doc__ and "handle" not in function.__doc__
    assert function.__name__ == name and function.__module__ == "onhand.planning"
    text = pydoc_text(function)
    assert name in text and "handle" not in text


def pydoc_text(function):
    import pydoc

    return pydoc.render_doc(function, renderer=pydoc.plaintext)


def test_defaults_and_keyword_only_arguments_are_the_native_ones():
    signature = inspect.signature(planning.holt_winters)
    assert signature.parameters["kind"].default == "additive"
    assert signature.parameters["kind"].kind is inspect.Parameter.KEYWORD_ONLY
    assert signature.parameters["season_length"].default is inspect.Parameter.empty
    assert inspect.signature(planning.reorder_point).parameters["lead_time_std"].default == 0.0
    assert inspect.signature(planning.newsvendor).parameters["distribution"].default == "normal"


def test_series_in_keeps_the_index():
    index = pd.Index(["SKU-1", "SKU-2", "SKU-3"], name="sku")
    mean = pd.Series([10.0, 20.0, 30.0], index=index)
    rop = planning.reorder_point(mean, 2.0, 3.0, 0.95)
    assert isinstance(rop, pd.DataFrame)
    assert rop.index.equals(index)
    expected = planning.reorder_point(mean.to_numpy(), 2.0, 3.0, 0.95)
    np.testing.assert_array_equal(rop["reorder_point"].to_numpy(), expected["reorder_point"])
    ss = planning.safety_stock(2.0, mean / 10, 3.0, 0.95)  # the Series need not come first
    assert isinstance(ss, pd.Series) and ss.index.equals(index)
    q = planning.eoq_cost(mean * 100, 50.0, 2.0, order_quantity=pd.Series([100.0, 200.0, 300.0], index=index))
    assert isinstance(q, pd.Series) and q.index.equals(index)
    orders = planning.round_order(pd.Series([3.2, 0.0, 7.0], index=index), pack_size=5)
    assert list(orders) == [5, 0, 10] and orders.index.equals(index)


def test_numpy_and_scalars_are_unchanged():
    assert isinstance(planning.safety_stock(np.array([10.0, 20.0]), 2.0, 3.0, 0.95), np.ndarray)
    assert isinstance(planning.reorder_point(10.0, 2.0, 3.0, 0.95)["reorder_point"], float)
    assert isinstance(planning.reorder_point(np.array([10.0]), 2.0, 3.0, 0.95), dict)


def test_dataframe_of_series_keeps_its_index():
    rng = np.random.default_rng(5)
    demand = pd.DataFrame(rng.poisson(8, (3, 20)).astype(float), index=["A", "B", "C"],
                          columns=pd.period_range("2026-01", periods=20, freq="W"))
    fc = planning.holt(demand, alpha=0.3, beta=0.1, horizon=4)
    assert isinstance(fc, planning.Forecast)
    frame = fc.to_frame()
    assert list(frame.index) == ["A", "B", "C"] and list(frame.columns) == [1, 2, 3, 4]
    np.testing.assert_array_equal(frame.to_numpy(), fc.forecast)
    fitted = fc.to_frame("fitted")
    assert fitted.columns.equals(demand.columns) and fitted.index.equals(demand.index)
    parameters = fc.to_frame("parameters")
    assert list(parameters.columns) == ["alpha", "beta", "sse", "level", "trend"]
    np.testing.assert_array_equal(parameters["level"].to_numpy(), fc.level)
    mae = planning.mean_absolute_error(demand, fc.fitted)
    assert isinstance(mae, pd.Series) and mae.index.equals(demand.index)
    errors = demand.to_numpy() - fc.fitted
    ss = planning.safety_stock_from_errors(pd.DataFrame(errors[:, 2:], index=demand.index), 2.0, 0.95)
    assert isinstance(ss, pd.DataFrame) and ss.index.equals(demand.index)


def test_forecast_to_frame_for_numpy_and_one_series():
    hw = planning.holt_winters(np.arange(1.0, 25.0) % 4 + 10, 4, alpha=0.3, beta=0.1, gamma=0.2, horizon=2)
    assert hw.to_frame().shape == (1, 2)
    params = hw.to_frame("parameters")
    assert [c for c in params.columns if c.startswith("seasonal_")] == [f"seasonal_{i}" for i in range(1, 5)]
    lean = planning.croston(np.zeros((2, 5)), fitted=False)
    with pytest.raises(onhand.InvalidParameterError) as raised:
        lean.to_frame("fitted")
    assert raised.value.field == "what"
    with pytest.raises(onhand.InvalidParameterError) as raised:
        hw.to_frame("everything")
    assert raised.value.field == "what" and raised.value.code == "invalid_parameter"
