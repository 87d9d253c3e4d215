# SPDX-License-Identifier: Apache-2.0
"""Forecasting, safety stock and replenishment math over numpy columns.

Every function takes numpy arrays (or scalars, which broadcast) and returns
numpy arrays: one call per column of SKU-locations, never one per SKU.

pandas in, pandas out: when an argument is a pandas Series or DataFrame, a
result with one value per row keeps its index (a Series, or a DataFrame for
the functions that return several named columns), and a forecasting call
remembers it for ``Forecast.to_frame()``. numpy in gives numpy out.

Each function here is a thin Python layer over the native ``onhand._core``
function of the same name: it adds the argument names and types to
``help()`` and ``inspect.signature()`` and the pandas handling above; the
arithmetic is the native code's.
"""
from __future__ import annotations

import ast
import functools
import inspect
import pathlib
import re
import sys

import numpy as _np

from ._arguments import _split
from ._core import planning as _native

Forecast = _native.Forecast

__all__ = ["Forecast"]


# ---------------------------------------------------------------------------
# Signatures: names, kinds and defaults from the native signature line, types
# from the shipped stubs (_core.pyi), with the stubs' private aliases spelled out.


def _stub_annotations():
    """{function: {argument: type text, "return": type text}} from _core.pyi's planning class."""
    path = pathlib.Path(__file__).with_name("_core.pyi")
    try:
        tree = ast.parse(path.read_text())
    except (OSError, SyntaxError):
        return {}
    aliases = {}
    for node in tree.body:
        if (isinstance(node, ast.Assign) and len(node.targets) == 1
                and isinstance(node.targets[0], ast.Name) and node.targets[0].id.startswith("_")):
            aliases[node.targets[0].id] = ast.unparse(node.value)

    def spelled(annotation):
        text = ast.unparse(annotation)
        for _ in range(3):  # aliases may refer to aliases
            text = re.sub(r"\b_[A-Za-z]\w*\b", lambda m: aliases.get(m.group(0), m.group(0)), text)
        return text.replace("_npt.", "npt.").replace("_np.", "np.")

    out = {}
    for node in tree.body:
        if not (isinstance(node, ast.ClassDef) and node.name == "planning"):
            continue
        for item in node.body:
            if not isinstance(item, ast.FunctionDef):
                continue
            arguments = item.args.posonlyargs + item.args.args + item.args.kwonlyargs
            types = {a.arg: spelled(a.annotation) for a in arguments if a.annotation is not None}
            if item.returns is not None:
                types["return"] = spelled(item.returns)
            out[item.name] = types
    return out


def _signature(native, types):
    """inspect.Signature of a native function from its first docstring line."""
    first = (native.__doc__ or "").split("\n", 1)[0]
    match = re.match(r"^\w+\((.*)\)\s*->\s*(.+)$", first)
    if not match:
        return None
    parameters = []
    kind = inspect.Parameter.POSITIONAL_OR_KEYWORD
    for part in _split(match.group(1)):
        if part == "*":
            kind = inspect.Parameter.KEYWORD_ONLY
            continue
        name, _, rest = part.partition(":")
        name = name.strip()
        default = inspect.Parameter.empty
        if "=" in rest:
            default_text = rest.split("=", 1)[1].strip()
            try:
                default = ast.literal_eval(default_text)
            except (ValueError, SyntaxError):
                default = default_text
        annotation = types.get(name, inspect.Parameter.empty)
        parameters.append(inspect.Parameter(name, kind, default=default, annotation=annotation))
    return inspect.Signature(parameters,
                             return_annotation=types.get("return", inspect.Signature.empty))


def _description(native):
    """The native docstring without pybind11's signature line."""
    lines = (native.__doc__ or "").split("\n")
    if lines and re.match(r"^\w+\(.*\)", lines[0]):
        lines = lines[1:]
    return "\n".join(lines).strip()


# ---------------------------------------------------------------------------
# pandas: find the first pandas argument, put its index on the results.


def _pandas_source(args, kwargs):
    pandas = sys.modules.get("pandas")  # pandas input means pandas is imported
    if pandas is None:
        return None, None
    for value in (*args, *kwargs.values()):
        if isinstance(value, pandas.Series):
            return pandas, value
        if isinstance(value, pandas.DataFrame):
            return pandas, value
    return pandas, None


def _with_index(pandas, source, result):
    index = source.index
    columns = source.columns if isinstance(source, pandas.DataFrame) else None
    n = len(index)
    if isinstance(result, Forecast):
        result._index = index
        result._columns = columns
        return result
    if isinstance(result, _np.ndarray):
        if result.ndim == 1 and len(result) == n:
            return pandas.Series(result, index=index, name=getattr(source, "name", None)
                                 if isinstance(source, pandas.Series) else None)
        if result.ndim == 2 and result.shape[0] == n:
            same = columns is not None and result.shape[1] == len(columns)
            return pandas.DataFrame(result, index=index, columns=columns if same else None)
        return result
    if isinstance(result, dict):
        values = list(result.values())
        if values and all(isinstance(v, _np.ndarray) and v.ndim == 1 and len(v) == n
                          or _np.isscalar(v) for v in values) \
                and any(isinstance(v, _np.ndarray) for v in values):
            return pandas.DataFrame(result, index=index)
    return result


def _wrap(name, native, types):
    @functools.wraps(native)
    def call(*args, **kwargs):
        pandas, source = _pandas_source(args, kwargs)
        result = native(*args, **kwargs)
        if source is None:
            return result
        return _with_index(pandas, source, result)

    del call.__wrapped__  # inspect must use __signature__, not the native function
    call.__doc__ = _description(native)
    call.__module__ = __name__
    call.__qualname__ = name
    signature = _signature(native, types)
    if signature is not None:
        call.__signature__ = signature
    return call


# ---------------------------------------------------------------------------
# Forecast -> DataFrame.

_STATES = ("alpha", "beta", "gamma", "sse", "level", "trend", "size", "interval", "probability")


def _forecast_to_frame(self, what="forecast"):
    """This forecast as a pandas DataFrame, one row per series.

    what="forecast": columns 1..horizon (periods ahead); "fitted": the
    one-step-ahead fitted values, columns the input's periods; "parameters":
    the smoothing parameters, sse and the final states the method has
    (seasonal indexes as seasonal_1..seasonal_m). Rows keep the input's
    index when it was a pandas Series or DataFrame.

    >>> fc = planning.holt(demand_frame, horizon=4)   # doctest: +SKIP
    >>> fc.to_frame().loc["SKU-1", 2]                 # two periods ahead
    """
    import pandas

    index = getattr(self, "_index", None)
    columns = getattr(self, "_columns", None)

    def rows(values):
        values = _np.asarray(values, dtype=float)
        return values.reshape(1, -1) if values.ndim == 1 else values

    if what == "forecast":
        data = rows(self.forecast)
        frame = pandas.DataFrame(data, columns=pandas.RangeIndex(1, data.shape[1] + 1, name="h"))
    elif what == "fitted":
        if self.fitted is None:
            raise _core_error("what", "this forecast was made with fitted=False")
        data = rows(self.fitted)
        same = columns is not None and data.shape[1] == len(columns)
        frame = pandas.DataFrame(data, columns=columns if same else None)
    elif what == "parameters":
        fields = {}
        for field in _STATES:
            value = getattr(self, field)
            if value is not None:
                fields[field] = _np.atleast_1d(_np.asarray(value, dtype=float))
        if self.seasonal is not None:
            seasonal = rows(self.seasonal)
            for i in range(seasonal.shape[1]):
                fields[f"seasonal_{i + 1}"] = seasonal[:, i]
        frame = pandas.DataFrame(fields)
    else:
        raise _core_error("what", "what must be 'forecast', 'fitted' or 'parameters'")
    if index is not None and len(index) == len(frame):
        frame.index = index
    return frame


def _core_error(field, message):
    """An InvalidParameterError naming `field`, with the attributes the native errors carry."""
    from ._core import InvalidParameterError

    error = InvalidParameterError(message)
    error.code = InvalidParameterError.code
    error.kind = InvalidParameterError.kind
    for attribute in ("item", "location", "lot", "document", "requested", "available",
                      "position", "line"):
        setattr(error, attribute, None)
    error.field = field
    return error


Forecast.to_frame = _forecast_to_frame


# ---------------------------------------------------------------------------

_TYPES = _stub_annotations()
for _name in dir(_native):
    if _name.startswith("_"):
        continue
    _value = getattr(_native, _name)
    if _name == "Forecast" or isinstance(_value, type):
        globals()[_name] = _value
    elif callable(_value):
        globals()[_name] = _wrap(_name, _value, _TYPES.get(_name, {}))
    else:
        globals()[_name] = _value
    if _name not in __all__:
        __all__.append(_name)
del _name, _value
