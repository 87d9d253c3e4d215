# SPDX-License-Identifier: Apache-2.0
"""Integration I/O: the event log as JSON Lines (docs/reference/jsonl.md)
and CSV import of master data and opening balances (docs/how_to/import_csv.md)."""
import os as _os

from . import _core
from ._arguments import malformed

#: The columns of the error report that ``import_csv`` returns.
CSV_ERROR_COLUMNS = ("row", "code", "column", "message")
CSV_TABLES = ("items", "locations", "lots", "opening_balances")


def _error(cls, field, message):
    """A native error class raised from Python, with the attributes native errors carry."""
    error = cls(message)
    for attribute in ("item", "location", "lot", "document", "requested", "available",
                      "position", "line"):
        setattr(error, attribute, None)
    error.field = field
    error.lines = []
    return error


def _path(value, field):
    try:
        value = _os.fsdecode(_os.fspath(value))
    except TypeError:
        raise malformed(f"{field} must be a str or os.PathLike, not {type(value).__name__}",
                        field=field) from None
    if not value:
        raise malformed(f"{field} must name a file", field=field)
    return _os.path.abspath(value)


def export_jsonl(inventory, path):
    """Writes the event log of ``inventory`` (opened with a ``path``) to ``path``
    as JSON Lines, one event a line; returns the number of events. An
    in-memory inventory has no log file to read: ``StoreFailureError``."""
    source = getattr(inventory, "_path", None)
    if source is None:
        raise _error(_core.StoreFailureError, "inventory",
                     "an in-memory inventory has no log file to export; open it with a path")
    return _core._export_jsonl(source, _path(path, "path"))


def import_jsonl(path, *, into):
    """Reads the JSON Lines at ``path`` into a new SQLite inventory file
    ``into`` and returns the inventory opened over it. Every line is checked
    and the whole log replayed before anything is written; a bad line raises
    ``MalformedInputError`` naming it (``error.line`` counts from 0), and
    ``into`` stays empty. An ``into`` that already holds events:
    ``InvalidParameterError``."""
    from . import Inventory
    target = _path(into, "into")
    _core._import_jsonl(_path(path, "path"), target)
    return Inventory(path=target)


def import_csv(inventory, path, *, table, progress=None, progress_every=10_000,
               key_prefix="opening:"):
    """Imports the CSV file at ``path`` into ``inventory``: ``table`` is
    ``"items"``, ``"locations"``, ``"lots"`` or ``"opening_balances"``.

    Returns the error report as a pandas DataFrame with the columns ``row``
    (the line of the file where the bad row starts, from 1), ``code`` (the
    error code's name), ``column`` and ``message``: empty when every row was
    applied; when not empty, nothing was applied. ``report.attrs`` holds
    ``rows`` (data rows read) and ``applied``. ``progress``, a callable, is
    called with the number of rows read every ``progress_every`` rows and at
    the end of reading. Opening balances are receipts from OPENING-BALANCE
    keyed ``key_prefix`` + line, so importing the same file twice posts once.
    """
    import pandas as pd
    if table not in CSV_TABLES:
        raise _error(_core.InvalidParameterError, "table",
                     f"table must be one of {', '.join(CSV_TABLES)}, not {table!r}")
    if progress is not None and not callable(progress):
        raise malformed("progress must be callable or None", field="progress")
    if isinstance(progress_every, bool) or not isinstance(progress_every, int) \
            or progress_every < 1:
        raise _error(_core.InvalidParameterError, "progress_every",
                     "progress_every must be a positive int")
    if not isinstance(key_prefix, str):
        raise malformed("key_prefix must be a str", field="key_prefix")
    rows, applied, errors = _core._import_csv(inventory, table, _path(path, "path"), progress,
                                              progress_every, key_prefix)
    report = pd.DataFrame(errors, columns=list(CSV_ERROR_COLUMNS))
    report = report.astype({"row": "int64", "code": "object", "column": "object",
                            "message": "object"})
    report.attrs["rows"] = rows
    report.attrs["applied"] = applied
    return report
