# SPDX-License-Identifier: Apache-2.0
"""Inventory.post_batch: documents given as columns, one row per line."""
import collections

import numpy as np

from ._arguments import malformed

REQUIRED = ("key", "item", "source", "to", "quantity")
OPTIONAL = ("lot", "unit", "effective", "reason", "reference")
TEXT = ("key", "item", "source", "to", "lot", "unit", "reason", "reference")
_STATUS = np.array(["posted", "replayed", "refused", "withdrawn"], dtype=object)

BatchResult = collections.namedtuple("BatchResult", "documents errors posted refused")
BatchResult.__doc__ = """What post_batch did.

``documents``: one row per document (key, row of its first line, status
``posted`` / ``replayed`` / ``refused`` / ``withdrawn``, document number and
log position when posted); ``errors``: one row per refused document (row of
the line at fault, or of its first line; key; code; message); ``posted`` and
``refused``: counts of documents."""


def _columns(data, columns):
    if data is not None and columns:
        raise malformed("post_batch takes a DataFrame (or a dict of columns) or columns as "
                        "keywords, not both", "data")
    if data is None:
        data = columns
    if hasattr(data, "columns") and hasattr(data, "index"):  # a DataFrame
        names = [str(name) for name in data.columns]
        if len(set(names)) != len(names):
            raise malformed("the DataFrame has repeated column names", "data")
        table = {str(name): data[name] for name in data.columns}
    elif isinstance(data, dict):
        table = dict(data)
        for name in table:
            if not isinstance(name, str):
                raise malformed(f"column names are str, not {type(name).__name__}", "data")
    else:
        raise malformed(f"post_batch takes a DataFrame or a dict of columns, not "
                        f"{type(data).__name__}", "data")
    unknown = sorted(set(table) - set(REQUIRED) - set(OPTIONAL))
    if unknown:
        raise malformed(f"unknown column {unknown[0]!r} (columns: {', '.join(REQUIRED)}; "
                        f"optional {', '.join(OPTIONAL)})", unknown[0])
    for name in REQUIRED:
        if name not in table:
            raise malformed(f"a batch needs the column {name!r}", name)
    lengths = {name: _length(name, column) for name, column in table.items()}
    if len(set(lengths.values())) > 1:
        detail = ", ".join(f"{name} {length}" for name, length in lengths.items())
        raise malformed(f"the columns differ in length ({detail})", "data")
    return table, lengths["key"]


def _length(name, column):
    try:
        shape = np.shape(column)
    except Exception:  # noqa: BLE001 - any value numpy cannot shape is malformed
        shape = None
    if shape is None or len(shape) != 1:
        raise malformed(f"column {name!r} must be one-dimensional", name)
    return shape[0]


def _objects(name, column):
    values = getattr(column, "to_numpy", None)
    array = values(dtype=object) if values else np.asarray(column, dtype=object)
    if array.ndim != 1:
        raise malformed(f"column {name!r} must be one-dimensional", name)
    return np.ascontiguousarray(array)


def _quantities(column):
    values = getattr(column, "to_numpy", None)
    array = values() if values else np.asarray(column)
    if array.dtype.kind in "iu":
        return np.ascontiguousarray(array)
    if array.dtype.kind in "fcb":
        return array  # refused natively, with the rule
    return np.ascontiguousarray(array.astype(object) if array.dtype.kind != "O" else array)


_TIME_TEXT_MAX = 64


def _microseconds(column):
    """Effective times as int64 microseconds since the epoch (INT64_MIN: none)."""
    import pandas as pd
    series = column if isinstance(column, pd.Series) else pd.Series(
        np.asarray(column, dtype=object) if not hasattr(column, "dtype") else column)
    if series.dtype.kind != "M":
        if series.dtype.kind == "O" and series.isna().all():
            return np.full(len(series), np.iinfo(np.int64).min, dtype=np.int64)
        # An ISO 8601 time is short; a long text is refused before pandas
        # parses it (a megabyte of digits takes pandas minutes).
        for row, value in enumerate(series.array):
            if isinstance(value, (str, bytes)) and len(value) > _TIME_TEXT_MAX:
                raise malformed(f"column 'effective', row {row}: a time of {len(value)} "
                                f"characters (at most {_TIME_TEXT_MAX})", "effective")
        try:
            series = pd.to_datetime(series)
        except (ValueError, TypeError) as failure:
            raise malformed(f"column 'effective' holds a value that is no time: "
                            f"{str(failure)[:200]}", "effective") from None
    if getattr(series.dt, "tz", None) is None:
        raise malformed("column 'effective' holds naive times: give them a timezone "
                        "(e.g. Series.dt.tz_localize('UTC'))", "effective")
    nanoseconds = series.dt.tz_convert("UTC").array.asi8
    missing = series.isna().to_numpy()
    if (nanoseconds[~missing] % 1000 != 0).any():
        raise malformed("column 'effective' has times finer than a microsecond", "effective")
    out = nanoseconds // 1000
    out[missing] = np.iinfo(np.int64).min
    return np.ascontiguousarray(out.astype(np.int64))


def post_batch(inv, data=None, *, atomic=False, **columns):
    if not isinstance(atomic, (bool, np.bool_)):
        raise malformed(f"atomic must be a bool, not {type(atomic).__name__}", "atomic")
    table, rows = _columns(data, columns)
    arguments = {name: _objects(name, table[name]) if name in table else None for name in TEXT}
    if rows == 0:
        arguments = {name: np.empty(0, dtype=object) if name in REQUIRED else None
                     for name in TEXT}
    quantities = _quantities(table["quantity"]) if rows else np.empty(0, dtype=np.int64)
    effective = _microseconds(table["effective"]) if "effective" in table and rows else None
    documents, errors = inv._post_batch(
        arguments["key"], arguments["item"], arguments["source"], arguments["to"], quantities,
        arguments["lot"], arguments["unit"], effective, arguments["reason"],
        arguments["reference"], bool(atomic))
    import pandas as pd
    first_rows, status, numbers, positions = documents
    keys = arguments["key"][first_rows] if rows else np.empty(0, dtype=object)
    documents = pd.DataFrame({
        "key": pd.Series(keys, dtype=object),
        "row": pd.Series(first_rows, dtype="int64"),
        "status": pd.Series(_STATUS[status], dtype=object),
        "document": pd.array(np.where(numbers < 0, 0, numbers), dtype="Int64"),
        "log_position": pd.array(np.where(positions < 0, 0, positions), dtype="Int64"),
    })
    documents.loc[numbers < 0, "document"] = pd.NA
    documents.loc[positions < 0, "log_position"] = pd.NA
    error_rows, error_keys, codes, messages = errors
    errors = pd.DataFrame({
        "row": pd.Series(error_rows, dtype="int64"),
        "key": pd.Series(error_keys, dtype=object),
        "code": pd.Series(codes, dtype=object),
        "message": pd.Series(messages, dtype=object),
    })
    posted = int((status <= 1).sum())
    return BatchResult(documents, errors, posted, int((status == 2).sum()))
