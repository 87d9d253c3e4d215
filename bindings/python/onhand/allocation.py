# SPDX-License-Identifier: Apache-2.0
"""Pick plans, time-phased available-to-promise and projected expiry waste:
the pure algorithms of docs/concepts/lots-and-fefo.md over plain tables.

Tables go in as a pandas DataFrame, a dict of columns, or a list of dicts
(one per row); results come back as DataFrames (a list of dicts without
pandas), quantities float64 by default and ``decimal.Decimal`` with
``exact=True``. Quantities going in are ints, Decimals or decimal strings
(floats are refused: they are not exact). Days are ``datetime.date``,
"YYYY-MM-DD", ``numpy.datetime64`` or pandas Timestamps at midnight.

>>> import onhand.allocation as alloc
>>> stock = [{"location": "3PL-EAST", "lot": "L1", "quantity": 10, "expiry": "2027-03-10"},
...          {"location": "3PL-EAST", "lot": "L2", "quantity": 10, "expiry": "2027-02-01"}]
>>> plan = alloc.plan_picks(stock, 12, on="2027-01-15", exact=True)
>>> [(line.lot, line.quantity) for line in plan.lines.itertuples()]
[('L2', Decimal('10')), ('L1', Decimal('2'))]
"""
import dataclasses
import decimal
from typing import Any

from ._arguments import keywords_checked, malformed
from ._core import allocation as _native
from .frames import frame

__all__ = ["PickPlan", "ExpiryWaste", "plan_picks", "time_phased_atp",
           "time_phased_atp_columns", "promise_date", "project_expiry_waste"]

PICK_COLUMNS = ["location", "lot", "quantity"]
ATP_BUCKET_COLUMNS = ["day", "supply", "demand", "atp"]
WASTE_COLUMNS = ["expiry", "quantity", "consumed", "waste"]


@dataclasses.dataclass(frozen=True)
class PickPlan:
    """Which stock fills a request: ``lines`` (a DataFrame of location, lot and
    quantity, in the order they are taken), ``allocated`` (their sum) and
    ``backordered`` (what is not covered: 0 unless ``partial=True``), Decimals."""

    lines: Any
    allocated: decimal.Decimal
    backordered: decimal.Decimal


@dataclasses.dataclass(frozen=True)
class ExpiryWaste:
    """Projected expiry waste: ``lots`` (a DataFrame of expiry, quantity,
    consumed, waste per lot, in input order) and ``total_waste`` (a Decimal)."""

    lots: Any
    total_waste: decimal.Decimal


def _columns(table, argument, required, optional):
    """A table as {column: list}: the required columns and the optional ones
    (missing: filled with their default)."""
    if hasattr(table, "to_dict") and hasattr(table, "columns"):  # a DataFrame
        table = {name: list(table[name]) for name in table.columns}
    elif isinstance(table, list) and all(isinstance(row, dict) for row in table):
        names = {name for row in table for name in row}
        table = {name: [row.get(name) for row in table] for name in names}
    elif isinstance(table, dict):
        table = {name: list(values) if isinstance(values, (list, tuple)) or hasattr(
            values, "tolist") else values for name, values in table.items()}
    else:
        raise malformed(f"{argument} must be a DataFrame, a dict of columns or a list of dicts, "
                        f"not {type(table).__name__}", argument)
    known = set(required) | set(optional)
    for name in table:
        if name not in known:
            raise malformed(f"{argument} has an unknown column {name!r} (it takes "
                            f"{', '.join([*required, *optional])})", str(name))
    size = None
    for name in required:
        if name not in table:
            raise malformed(f"{argument} needs the column {name!r}", name)
    for name, values in table.items():
        if not isinstance(values, list):
            raise malformed(f"column {name!r} of {argument} must be a list", name)
        if size is not None and len(values) != size:
            raise malformed(f"the columns of {argument} differ in length", name)
        size = len(values)
    size = size or 0
    out = {name: [_plain(value) for value in table[name]] for name in required}
    for name, default in optional.items():
        out[name] = ([_plain(value) for value in table[name]] if name in table
                     else [default] * size)
    return out


def _plain(value):
    """A missing value in a pandas column (NaN, NaT, None) as None."""
    if value is None:
        return None
    try:
        import pandas as pd
    except ImportError:  # pragma: no cover
        return value
    try:
        return None if pd.isna(value) is True else value
    except (TypeError, ValueError):
        return value


def _dated(table, argument):
    """Dated quantities (receipts, demands) as two lists: days and quantities.
    A table with columns day and quantity, a {day: quantity} mapping, or a
    list of (day, quantity) pairs."""
    if table is None:
        return [], []
    if isinstance(table, dict) and not {"day", "quantity"} <= set(table):
        return list(table.keys()), list(table.values())
    if isinstance(table, list) and all(isinstance(row, (tuple, list)) for row in table):
        if any(len(row) != 2 for row in table):
            raise malformed(f"{argument} must hold (day, quantity) pairs", argument)
        return [row[0] for row in table], [row[1] for row in table]
    columns = _columns(table, argument, ["day", "quantity"], {})
    return columns["day"], columns["quantity"]


@keywords_checked
def plan_picks(stock, quantity, *, on, strategy="fefo", fill="by_preference", partial=False,
               min_days=None, min_share=None, shelf_life_days=None, lot=None, exact=False):
    """The pick plan that fills ``quantity`` from ``stock`` on day ``on``.

    ``stock`` has one row per lot and location with columns ``location``,
    ``quantity`` (what may be allocated, other commitments already off; leave
    out locations held apart, ``inv.location(code)["held"]``) and
    optionally ``lot`` (None for untracked stock), ``expiry`` (None: never
    expires, picked last by FEFO), ``received`` (first receipt of the lot at
    the location, an aware datetime), ``site_rank`` (the caller's preference
    of the site holding it, 0 first), ``removal_days`` (FEFO orders by expiry
    − removal_days) and ``status`` (available, on_hold or recalled; expired,
    as ``Inventory.lots()`` says of an available lot past its expiry, is read
    as available, and the expiry rule keeps it out). So the columns location,
    lot, quantity, expiry and status of ``inv.lots(item, day=on, exact=True)`` make a
    ``stock`` table as they are.

    ``strategy``: fefo, fifo or lifo. ``fill``: by_preference (site by site in
    rank order), across_sites (the strategy's order over all sites) or
    one_site (the first site that fills it all). ``partial=True`` allocates
    what there is and backorders the rest; otherwise a shortfall is an
    ``InsufficientStockError`` and nothing is planned. ``min_days`` or
    ``min_share`` (with the item's ``shelf_life_days``) ask for a minimum
    remaining shelf life; ``lot`` asks for one lot only. Returns a
    ``PickPlan``; an error about a row names it (``line``).
    """
    columns = _columns(stock, "stock", ["location", "quantity"],
                       {"lot": None, "expiry": None, "received": None, "site_rank": 0,
                        "removal_days": 0, "status": "available"})
    columns["status"] = ["available" if status == "expired" else status
                         for status in columns["status"]]
    rows, allocated, backordered = _native._plan_picks(
        columns["location"], columns["lot"], columns["quantity"], columns["expiry"],
        columns["received"], columns["site_rank"], columns["removal_days"], columns["status"],
        quantity, on, strategy, fill, partial, min_days, min_share, shelf_life_days, lot)
    return PickPlan(frame(rows, PICK_COLUMNS, ["quantity"], exact), allocated, backordered)


@keywords_checked
def time_phased_atp(on_hand, receipts=None, demands=None, *, start, days, exact=False):
    """Time-phased available-to-promise on daily buckets from ``start`` for
    ``days`` days: a DataFrame with day, supply S(d) (on hand plus receipts
    through d), demand D(d) (committed through d) and atp, the least of
    S − D over d and every later day in the horizon, floored at 0.

    ``receipts`` and ``demands``: a table with columns day and quantity, a
    {day: quantity} mapping, or a list of (day, quantity) pairs. One dated
    before ``start`` counts on the first day; one after the horizon is ignored.
    """
    receipt_days, receipt_quantities = _dated(receipts, "receipts")
    demand_days, demand_quantities = _dated(demands, "demands")
    rows = _native._time_phased_atp(on_hand, receipt_days, receipt_quantities, demand_days,
                                    demand_quantities, start, days)
    return frame(rows, ATP_BUCKET_COLUMNS, ["supply", "demand", "atp"], exact)


def _day_array(values, argument):
    """Days as a numpy datetime64 array: a datetime64 array as it is, anything
    else (dates, "YYYY-MM-DD" strings) converted to datetime64[D]."""
    import numpy as np
    array = np.asarray(values)
    if array.dtype.kind == "M":
        return array
    try:
        return np.asarray(values, dtype="datetime64[D]")
    except (TypeError, ValueError, OverflowError):
        raise malformed(f"{argument} must be days (datetime64, dates or 'YYYY-MM-DD')",
                        argument) from None


@keywords_checked
def time_phased_atp_columns(on_hand, receipt_offsets=None, receipt_days=None,
                            receipt_quantities=None, demand_offsets=None, demand_days=None,
                            demand_quantities=None, *, start, days, exact=False):
    """Time-phased ATP of many items at once, in numpy columns: the rule of
    ``time_phased_atp`` for every item, as one array of shape (items, days)
    whose row i holds item i's ATP from ``start`` (float64; Decimal objects
    with ``exact=True``).

    ``on_hand`` holds one quantity per item (integers, Decimal or str; floats
    are refused). Receipts and demands are CSR columns: item i's receipts are
    entries ``receipt_offsets[i]`` to ``receipt_offsets[i + 1]`` of
    ``receipt_days`` (datetime64, dates or "YYYY-MM-DD") and
    ``receipt_quantities``; the offsets have items + 1 entries, start at 0,
    never decrease and end at the number of entries. Omitted receipts or
    demands: none for every item.

    >>> import numpy as np, onhand.allocation as alloc
    >>> alloc.time_phased_atp_columns(
    ...     np.array([40, 5]), np.array([0, 1, 1]), np.array(["2027-01-04"], "datetime64[D]"),
    ...     np.array([50]), np.array([0, 2, 2]),
    ...     np.array(["2027-01-02", "2027-01-05"], "datetime64[D]"), np.array([20, 60]),
    ...     start="2027-01-01", days=5)
    array([[10., 10., 10., 10., 10.],
           [ 5.,  5.,  5.,  5.,  5.]])
    """
    import numpy as np
    try:  # what is not one column of on hand is refused below, by name
        items = len(on_hand) if np.ndim(on_hand) == 1 else 0
    except (TypeError, ValueError):
        items = 0
    empty = (np.zeros(items + 1, dtype=np.int64), np.array([], dtype="datetime64[D]"),
             np.array([], dtype=np.int64))
    columns = []
    for name, offsets, day_values, quantities in (
            ("receipts", receipt_offsets, receipt_days, receipt_quantities),
            ("demands", demand_offsets, demand_days, demand_quantities)):
        if offsets is None and day_values is None and quantities is None:
            columns.extend(empty)
            continue
        if offsets is None or day_values is None or quantities is None:
            raise malformed(f"{name} need all three of offsets, days and quantities", name)
        columns.extend([offsets, _day_array(day_values, name), quantities])
    return _native._time_phased_atp_columns(on_hand, *columns, start, days, bool(exact))


@keywords_checked
def promise_date(quantity, on_hand, receipts=None, demands=None, *, start, days):
    """The first day within the horizon on which ``quantity`` can be promised
    (time-phased ATP ≥ quantity), as a ``datetime.date``; None if there is none.
    The arguments are those of ``time_phased_atp``."""
    receipt_days, receipt_quantities = _dated(receipts, "receipts")
    demand_days, demand_quantities = _dated(demands, "demands")
    return _native._promise_date(quantity, on_hand, receipt_days, receipt_quantities,
                                 demand_days, demand_quantities, start, days)


@keywords_checked
def project_expiry_waste(lots, rate_per_day, *, start, exact=False):
    """The stock of ``lots`` (a table with columns expiry and quantity) that a
    steady demand of ``rate_per_day`` units a day from ``start``, served
    first-expired-first-out, will not consume before each lot expires (a lot
    is usable through its expiry date). Returns an ``ExpiryWaste``."""
    columns = _columns(lots, "lots", ["expiry", "quantity"], {})
    rows, total = _native._project_expiry_waste(columns["expiry"], columns["quantity"],
                                                rate_per_day, start)
    return ExpiryWaste(frame(rows, WASTE_COLUMNS, ["quantity", "consumed", "waste"], exact),
                       total)
