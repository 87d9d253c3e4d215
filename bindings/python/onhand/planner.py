# SPDX-License-Identifier: Apache-2.0
"""Reorder suggestions from the ledger, end to end: daily demand per item and
location (stock-out aware), supplier lead times, a periodic-review (R, S)
policy with safety stock from forecast errors, and draft purchase orders.

The formulas are onhand.planning's (``reorder_point``, ``order_up_to``,
``round_order``, the forecasting methods and ``error_standard_deviation``);
this module gathers their inputs from an ``Inventory`` and puts the results
in DataFrames. The pipeline and its rules: docs/how_to/reorder-suggestions.md.

>>> demand = planner.demand_history(inv, "2026-06-01", "2026-11-30")    # doctest: +SKIP
>>> s = planner.reorder_suggestions(inv, "2026-11-30", supplier_items=terms)  # doctest: +SKIP
>>> drafts = planner.draft_purchase_orders(s)                           # doctest: +SKIP
>>> planner.create_purchase_orders(inv, drafts, "RS-2026-11-30")         # doctest: +SKIP

Planning numbers (demand, forecasts, lead times, safety stock) are float64;
the quantities that go into purchase orders (``suggested_quantity``, draft
lines) are exact ``decimal.Decimal``.
"""
from __future__ import annotations

import dataclasses
import datetime as _dt
import decimal
import math

from . import _core
from . import planning as _planning
from ._arguments import day_argument, malformed
from ._io import _error

__all__ = ["DEMAND_COLUMNS", "LEAD_TIME_COLUMNS", "LEAD_TIME_STAT_COLUMNS",
           "SUGGESTION_COLUMNS", "PurchaseOrderDraft", "demand_history", "lead_times",
           "lead_time_stats", "reorder_suggestions", "draft_purchase_orders",
           "create_purchase_orders", "interval_error_sigma", "ERROR_SIGMAS",
           "INTERVAL_ORIGINS_MIN"]

DEMAND_COLUMNS = ("item", "location", "day", "demand", "stocked_out")
LEAD_TIME_COLUMNS = ("supplier", "item", "location", "ordered", "received", "lead_time_days")
LEAD_TIME_STAT_COLUMNS = ("supplier", "item", "count", "lead_time_mean", "lead_time_sd",
                          "source")
SUGGESTION_COLUMNS = (
    "item", "location", "supplier", "daily_forecast", "sigma_error", "sigma_interval",
    "lead_time_mean", "lead_time_sd", "lead_time_source", "safety_stock", "reorder_point",
    "safety_stock_order_up_to", "order_up_to", "review_days", "on_hand", "on_order",
    "in_transit", "reserved", "fenced", "backordered", "inventory_position", "raw_quantity",
    "suggested_quantity", "price", "currency", "expected", "explanation")
METHODS = ("ses", "croston", "moving_average")
ERROR_SIGMAS = ("interval", "one_step")
#: Forecast origins a measured interval error needs (``reorder_suggestions``).
INTERVAL_ORIGINS_MIN = 28

_D = decimal.Decimal
_UTC = _dt.timezone.utc


# ---------------------------------------------------------------------------
# Arguments


def _invalid(field, message):
    return _error(_core.InvalidParameterError, field, message)


# Day counts are bounded: ten years of daily history is far beyond what a
# forecast of tomorrow's demand uses, and keeps dates and arrays in range.
DAYS_MAX = 3660


def _whole(value, field, least, most=DAYS_MAX):
    if isinstance(value, bool) or not isinstance(value, int):
        raise malformed(f"{field} must be an int, not {type(value).__name__}", field)
    if not least <= value <= most:
        raise _invalid(field, f"{field} must be from {least} to {most}, not "
                       f"{value if abs(value) < 10**12 else 'a larger number'}")
    return value


def _codes(inv, values, field, kind):
    """The codes in ``values`` (a str or a list of them), each a defined location of ``kind``;
    None: every location of that kind."""
    kinds = inv._location_kinds()
    if values is None:
        return [code for code, k in kinds.items() if k == kind]
    if isinstance(values, str):
        values = [values]
    try:
        values = list(values)
    except TypeError:
        raise malformed(f"{field} must be a list of location codes, not "
                        f"{type(values).__name__}", field) from None
    for code in values:
        if not isinstance(code, str):
            raise malformed(f"{field} must hold location codes (str), not "
                            f"{type(code).__name__}", field)
        if code not in kinds:
            error = _error(_core.UnknownCodeError, field, f"{field}: unknown location '{code}'")
            error.location = code
            raise error
        if kinds[code] != kind:
            error = _error(_core.InvalidLocationError, field,
                           f"{field}: '{code}' is a {kinds[code]} location, not {kind}")
            error.location = code
            raise error
    return values


# ---------------------------------------------------------------------------
# Demand


def demand_history(inv, start, end, *, locations=None, customers=None):
    """Daily demand per item and internal location over the days ``start`` to
    ``end`` (both included, UTC days): a DataFrame with one row per item ×
    location × day, columns item, location, day (``datetime.date``), demand
    (float64) and stocked_out (bool). Days without demand are 0.

    **Demand** of a day is the quantity that documents effective that day
    moved from the location to a customer location (every location of kind
    customer, or those in ``customers``). A reversal counts on the day of the
    document it reverses, so a shipment and its reversal net out. When one
    document ships an item to customers from several internal locations,
    each location's share is its part of the document's outflow.

    **Stock-out rule**: a day is ``stocked_out`` when the location's
    available stock (``Inventory.position``: on hand minus quarantined) at the
    end of the day is zero or less. The ledger does not record what a
    customer asked for and did not get, so a day that ended empty is taken as
    one whose demand may have been cut short; forecasting leaves such days
    out.

    Rows cover the item × location pairs that have a position at ``end`` or
    any demand in the window, at the internal locations in ``locations``
    (default: all), by item then location. The window is at most
    ``DAYS_MAX`` days. The table is ``Inventory``'s daily demand query (one
    pass over the ledger in C++, ``onhand/ledger/demand.hpp``); shares of a
    document split over several locations are float64.

    >>> planner.demand_history(inv, "2026-11-01", "2026-11-30")   # doctest: +SKIP
    """
    import numpy as np
    import pandas as pd

    first, last, items, places, demand, stocked_out = _demand(inv, start, end, locations,
                                                               customers)
    days = np.array([first + _dt.timedelta(days=n) for n in range(demand.shape[1])],
                    dtype=object)
    return pd.DataFrame({
        "item": np.repeat(np.array(items, dtype=object), len(days)),
        "location": np.repeat(np.array(places, dtype=object), len(days)),
        "day": np.tile(days, len(items)),
        "demand": demand.ravel(),
        "stocked_out": stocked_out.ravel()}, columns=list(DEMAND_COLUMNS))


def _demand(inv, start, end, locations, customers):
    """(first, last, items, locations, demand, stocked_out) of the daily demand
    query, the arguments checked: one row per item × location pair, one
    column per day."""
    first, last = day_argument(start, "start"), day_argument(end, "end")
    if last < first:
        raise _invalid("end", f"end ({last}) is before start ({first})")
    if (last - first).days >= DAYS_MAX:
        raise _invalid("end", f"from start to end is at most {DAYS_MAX} days")
    internal = _codes(inv, locations, "locations", "internal")
    buyers = _codes(inv, customers, "customers", "customer")
    items, places, demand, stocked_out = inv._daily_demand(first, last, internal, buyers)
    return first, last, items, places, demand, stocked_out


# ---------------------------------------------------------------------------
# Lead times


def lead_times(inv):
    """Observed supplier lead times: a DataFrame with one row per purchase
    order line completed by a receipt, by completion time, columns supplier,
    item, location (the line's destination), ordered (when the order was
    **sent**: lead times count from sending, as supplier performance counts
    them), received (the completing receipt's time) and lead_time_days
    (received − ordered in days, fractional). Times are aware UTC datetimes.

    Each figure is the one ``Inventory.supplier_performance`` counts for the
    line (one query over the purchase orders, ``onhand/purchasing/queries.hpp``,
    ``lead_time_observations``); a line closed short, or the earlier receipts
    of a line received in parts, give no observation of their own.

    >>> planner.lead_times(inv)                                 # doctest: +SKIP
    """
    import pandas as pd

    rows = [(supplier, item, location, sent.astimezone(_UTC), received.astimezone(_UTC),
             float(days))
            for supplier, item, location, sent, received, days, _order, _line
            in inv._lead_time_observations()]
    return pd.DataFrame.from_records(rows, columns=list(LEAD_TIME_COLUMNS)).astype(
        {"lead_time_days": "float64"})


def lead_time_stats(observations, supplier_items=None):
    """Per supplier × item: count of observations, lead_time_mean and
    lead_time_sd (sample standard deviation, divisor n − 1; NaN for one
    observation) in days, and source ``observed``. With ``supplier_items``
    (see ``reorder_suggestions``), a supplier item without observations gets
    a row with its stated ``lead_time_days``, its stated ``lead_time_sd``
    (0 when not given), count 0 and source ``stated``.

    >>> planner.lead_time_stats(planner.lead_times(inv))      # doctest: +SKIP
    """
    import pandas as pd

    observations = _table(observations, "observations", ("supplier", "item", "lead_time_days"))
    rows = []
    seen = set()
    if len(observations):
        grouped = observations.groupby(["supplier", "item"], sort=True)["lead_time_days"]
        for (supplier, item), values in grouped:
            values = [float(v) for v in values]
            n = len(values)
            mean = math.fsum(values) / n
            sd = (math.sqrt(math.fsum((v - mean) ** 2 for v in values) / (n - 1))
                  if n > 1 else math.nan)
            rows.append((supplier, item, n, mean, sd, "observed"))
            seen.add((supplier, item))
    if supplier_items is not None:
        for term in _supplier_items(supplier_items):
            if (term["supplier"], term["item"]) not in seen:
                rows.append((term["supplier"], term["item"], 0, float(term["lead_time_days"]),
                             term["lead_time_sd"], "stated"))
                seen.add((term["supplier"], term["item"]))
    return pd.DataFrame.from_records(rows, columns=list(LEAD_TIME_STAT_COLUMNS)).astype(
        {"count": "int64", "lead_time_mean": "float64", "lead_time_sd": "float64"})


def _table(data, field, required):
    """``data`` (a DataFrame, a dict of columns or a list of dicts) as a DataFrame
    having the ``required`` columns."""
    import pandas as pd

    if isinstance(data, pd.DataFrame):
        table = data
    elif isinstance(data, (dict, list)):
        try:
            table = pd.DataFrame(data)
        except (TypeError, ValueError) as refused:
            raise malformed(f"{field} is not a table: {refused}", field) from None
    else:
        raise malformed(f"{field} must be a DataFrame, a dict of columns or a list of dicts, "
                        f"not {type(data).__name__}", field)
    missing = [column for column in required if column not in table.columns]
    if missing and len(table):
        raise malformed(f"{field} needs the column(s) {', '.join(missing)}", field)
    if missing:
        table = pd.DataFrame(columns=list(required))
    return table


_TERM_DEFAULTS = {"pack_size": 0, "minimum_order": 0, "lead_time_days": 0, "lead_time_sd": 0.0,
                  "price": None,
                  "currency": None}


def _exact(value, field):
    if value is None:
        return None
    if isinstance(value, float):
        raise malformed(f"{field} must be exact (int, Decimal or str), not float", field)
    try:
        return _D(str(value)) if not isinstance(value, _D) else value
    except decimal.InvalidOperation:
        raise malformed(f"{field} is not a number: {value!r:.40}", field) from None


def _supplier_items(data):
    """The supplier item terms as a list of dicts, in the given order."""
    table = _table(data, "supplier_items", ("supplier", "item"))
    terms = []
    for record in table.to_dict("records"):
        term = dict(_TERM_DEFAULTS)
        term.update({k: v for k, v in record.items() if not _missing(v)})
        for field in ("pack_size", "minimum_order", "price"):
            term[field] = _exact(term[field], f"supplier_items.{field}")
        days = term["lead_time_days"]
        if isinstance(days, float) and days.is_integer():
            days = int(days)
        if isinstance(days, bool) or not isinstance(days, int) or days < 0:
            raise _invalid("supplier_items", "supplier_items.lead_time_days must be a whole "
                           f"number of days >= 0, not {days!r:.40}")
        term["lead_time_days"] = days
        sd = term["lead_time_sd"]
        if isinstance(sd, bool) or not isinstance(sd, (int, float, _D)) \
                or not math.isfinite(float(sd)) or float(sd) < 0:
            raise _invalid("supplier_items", "supplier_items.lead_time_sd must be a finite "
                           f"number of days >= 0, not {sd!r:.40}")
        term["lead_time_sd"] = float(sd)
        terms.append(term)
    return terms


def _missing(value):
    return value is None or (isinstance(value, float) and math.isnan(value))


# ---------------------------------------------------------------------------
# Suggestions


def reorder_suggestions(inv, as_of, *, supplier_items=None, service_level=0.95, review_days=7,
                        history_days=182, method="ses", locations=None, backordered=None,
                        observations=None, alpha=None, window=28, error_sigma="interval",
                        fenced=False):
    """Order suggestions on ``as_of`` under a periodic-review order-up-to
    policy (R, S) (Silver, Pyke & Thomas, *Inventory and Production
    Management in Supply Chains*, 4th ed., 2017, ch. 6): every R =
    ``review_days`` days, order what brings the inventory position up to S.
    One row per item × internal location for the items in ``supplier_items``;
    the columns are ``SUGGESTION_COLUMNS``.

    ``supplier_items``: the terms to plan with, a DataFrame or list of dicts
    with supplier, item and optionally price, currency, pack_size,
    minimum_order, lead_time_days and lead_time_sd (the σ of the stated lead
    time in days, for the time before receipts are observed; default 0); by
    default the terms set with
    ``Inventory.set_supplier_item`` (``Inventory.supplier_items()``). An
    item's first row is the supplier it is bought from.

    For each item and location (the locations in ``locations``; default every
    internal location the item has a position at on ``as_of`` or demand in
    the window):

    1. Demand: ``demand_history`` over the ``history_days`` days ending on
       ``as_of``; stocked-out days are left out, and the remaining days form
       the series that is fitted and whose errors are measured.
    2. d, the daily forecast: the one-step forecast of ``method`` (``"ses"``:
       ``planning.simple_exponential_smoothing`` with ``alpha``, fitted when
       None; ``"croston"``: ``planning.croston``; ``"moving_average"``:
       ``planning.moving_average`` over ``window`` days); floored at 0.
       σ_e: ``planning.error_standard_deviation`` of the one-step-ahead
       errors (sample, n − 1), the first period (nothing to forecast from)
       left out; 0 with fewer than two errors.
    3. L and σ_L: ``lead_time_stats`` of ``observations`` (default
       ``lead_times(inv)``) for the supplier and item; the supplier item's
       stated lead time and its stated σ (``lead_time_sd``, default 0) when
       there is none; with a single observation, its lead time and the
       stated σ. ``lead_time_source`` says which.
    4. σ_P, the forecast error over the protection interval, measured
       (``error_sigma="interval"``, the default): with h = L + R rounded to
       whole days (at least 1), the root mean square over every origin t of
       the series that has a one-step forecast f_t and h days after it of
       (y_t + … + y_{t+h−1}) − h·f_t, the error a forecast made at t would
       have had over the next h days; ``sigma_interval``. It needs at least
       ``INTERVAL_ORIGINS_MIN`` origins, and is NaN (not used) without them.
       σ_1·√h, the one-step rule, assumes the daily errors independent; a
       wandering level, seasonality or lumpy orders make them correlated and
       the rule then understates the spread (Prak, Teunter & Syntetos, "On
       the calculation of safety stocks when demand is forecasted", EJOR
       256(2), 2017). Where measured, the larger of the two is planned with:
       σ_e is raised to σ_P/√h when that is larger. The same is done for the
       reorder point with h = L. ``error_sigma="one_step"`` plans with σ_e
       alone.
    5. With z = Φ⁻¹(service_level) (cycle service level), through
       ``planning.reorder_point`` and ``planning.order_up_to``:
       SS = z·√(L·σ_e² + d²·σ_L²), ROP = d·L + SS,
       SS' = z·√((L + R)·σ_e² + d²·σ_L²), S = d·(L + R) + SS',
       σ_e raised as step 4 says.
    6. IP = on hand (available, ``position`` on ``as_of``) + on order +
       in transit to the location − reserved (open reservations there) −
       fenced − backordered (``backordered``: a table with item, location and
       backordered; default 0). ``fenced`` is 0 unless ``fenced=True``; then
       it is what the channels' quotas, set at the location or above it, keep
       from a sale on no channel: usable − reserved − available of
       ``Inventory.atp`` for no channel, floored at 0. A fixed quota is a
       floor the other channels never draw below, so stock under it cannot
       serve their demand however the forecast runs; with ``fenced=True``
       the order-up-to level is reached above it.
    7. raw = S − IP when IP < S (a review orders up to S), else 0;
       ``suggested_quantity`` = ``planning.round_order(raw, pack_size,
       minimum_order)``: 0, or at least the MOQ rounded up to whole packs
       (exact Decimal).

    On order is ``Inventory.on_order``: the open remainders of purchase
    order lines, drafts included, so that the drafts a previous run created
    stop the next run from suggesting the same order again. On order, in
    transit and reservations are as they stand now (the log keeps no as-of
    view of them); demand and on hand are as of ``as_of``.
    ``expected`` is ``as_of`` + ⌈L⌉ days, the date a draft line asks for.
    ``explanation`` says it all in one sentence.

    >>> s = planner.reorder_suggestions(inv, "2026-11-30", supplier_items=[
    ...     {"supplier": "ACME", "item": "SOAP", "price": "2.50", "currency": "EUR",
    ...      "pack_size": 12, "minimum_order": 48, "lead_time_days": 5}])  # doctest: +SKIP
    """
    import numpy as np
    import pandas as pd

    day = day_argument(as_of, "as_of")
    if isinstance(service_level, bool) or not isinstance(service_level, (int, float)) \
            or not 0 < service_level < 1:
        raise _invalid("service_level",
                       f"service_level must be in (0, 1), not {service_level!r:.40}")
    _whole(review_days, "review_days", 1)
    _whole(history_days, "history_days", 2)
    if method not in METHODS:
        raise _invalid("method", f"method must be one of {', '.join(METHODS)}, "
                       f"not {method!r:.40}")
    _whole(window, "window", 1)
    if error_sigma not in ERROR_SIGMAS:
        raise _invalid("error_sigma", f"error_sigma must be one of {', '.join(ERROR_SIGMAS)}, "
                       f"not {error_sigma!r:.40}")
    if not isinstance(fenced, bool):
        raise _invalid("fenced", f"fenced must be True or False, not {fenced!r:.40}")
    if supplier_items is None:
        supplier_items = inv.supplier_items(exact=True)
    terms = _supplier_items(supplier_items)
    known_items = set(inv.items())
    for term in terms:
        if term["item"] not in known_items:
            error = _error(_core.UnknownCodeError, "supplier_items",
                           f"supplier_items: unknown item '{term['item']}'")
            error.item = term["item"]
            raise error
    chosen = {}
    for term in terms:
        chosen.setdefault(term["item"], term)
    internal = _codes(inv, locations, "locations", "internal")
    short = _backorders(backordered)

    first = day - _dt.timedelta(days=history_days - 1)
    _, _, items, places, demand, stocked_out = _demand(inv, first, day, internal, None)
    series = {}
    for row, (item, location) in enumerate(zip(items, places)):
        if item in chosen:
            series[item, location] = demand[row][~stocked_out[row]]
    # demand_history's pairs are those with a position on as_of or demand in the window.
    pairs = list(series) if locations is None else [
        (item, location) for item in chosen for location in internal]
    items_order = {code: n for n, code in enumerate(inv.items())}
    location_order = {code: n for n, code in enumerate(internal)}
    pairs = sorted(set(pairs), key=lambda p: (items_order[p[0]], location_order[p[1]]))

    if observations is None:
        observations = lead_times(inv)
    stats = lead_time_stats(observations, [chosen[item] for item in chosen])
    by_pair = {(r.supplier, r.item): r for r in stats.itertuples(index=False)}

    stock = {(item, location): free
             for item, location, kind, _h, _q, free in inv._positions(None, day)
             if kind == "internal"}
    transit = {}
    for item, destination, _eta, quantity in inv._in_transit(None, None):
        transit[item, destination] = transit.get((item, destination), _D(0)) + quantity
    reserved = {}
    reservations = inv.reservations(status="open", exact=True)
    for r in reservations.itertuples(index=False):
        reserved[r.item, r.location] = reserved.get((r.item, r.location), _D(0)) + r.remaining

    walled = {}
    if fenced and pairs:
        # Where an item holds no stock itself nothing is fenced there.
        atp = inv.atp(items=sorted({item for item, _ in pairs}), exact=True)
        walled = {(r.item, r.location): max(r.usable - r.reserved - r.available, _D(0))
                  for r in atp.itertuples(index=False)}

    n = len(pairs)
    d, sigma_e, lead, lead_sd, source, errors_used = (np.zeros(n), np.zeros(n), np.zeros(n),
                                                      np.zeros(n), [], [])
    sigma_lead, sigma_period, sigma_interval = np.zeros(n), np.zeros(n), np.full(n, np.nan)
    for i, (item, location) in enumerate(pairs):
        values = series.get((item, location))
        d[i], sigma_e[i], errors_used_i, fitted, model = _forecast(values, method, alpha, window)
        errors_used.append(errors_used_i)
        term = chosen[item]
        row = by_pair[term["supplier"], item]
        lead[i] = row.lead_time_mean
        # One observation has no spread of its own: the stated σ stands in.
        lead_sd[i] = term["lead_time_sd"] if math.isnan(row.lead_time_sd) else row.lead_time_sd
        source.append(row.source)
        sigma_lead[i] = sigma_period[i] = sigma_e[i]
        if error_sigma == "interval":
            days = _interval_days(lead[i])
            sigma_lead[i] = _raised(sigma_e[i], interval_error_sigma(values, fitted, days), days,
                                    model)
            days = _interval_days(lead[i] + review_days)
            sigma_interval[i] = interval_error_sigma(values, fitted, days)
            sigma_period[i] = _raised(sigma_e[i], sigma_interval[i], days, model)
    if n:
        # A lead time that averages 0 cannot vary (planning refuses σ_L > 0 with L = 0).
        lead_sd = np.where(lead > 0, lead_sd, 0.0)
        point = _planning.reorder_point(d, sigma_lead, lead, float(service_level), lead_sd)
        up_to = _planning.order_up_to(d, sigma_period, float(review_days), lead,
                                      float(service_level), lead_sd)
        safety, rop = point["safety_stock"], point["reorder_point"]
        level, safety_up_to = up_to["order_up_to"], up_to["safety_stock"]
    else:
        safety = rop = level = safety_up_to = np.zeros(0)

    on_hand = [stock.get(p, _D(0)) for p in pairs]
    on_order = [inv.on_order(*p) for p in pairs]
    in_transit = [transit.get(p, _D(0)) for p in pairs]
    held = [reserved.get(p, _D(0)) for p in pairs]
    walls = [walled.get(p, _D(0)) for p in pairs]
    behind = [short.get(p, _D(0)) for p in pairs]
    position = [a + o + t - r - f - b for a, o, t, r, f, b in zip(on_hand, on_order, in_transit,
                                                                   held, walls, behind)]
    raw = np.array([max(level[i] - float(position[i]), 0.0) for i in range(n)], dtype=float)
    if n:
        rounded = _planning.round_order(
            raw, [chosen[item]["pack_size"] for item, _ in pairs],
            [chosen[item]["minimum_order"] for item, _ in pairs])
        rounded = [_D(q) for q in np.atleast_1d(rounded)]
    else:
        rounded = []

    rows = []
    for i, (item, location) in enumerate(pairs):
        term = chosen[item]
        expected = day + _dt.timedelta(days=math.ceil(lead[i]))
        values = dict(item=item, location=location, supplier=term["supplier"],
                      daily_forecast=float(d[i]), sigma_error=float(sigma_e[i]),
                      sigma_interval=float(sigma_interval[i]),
                      lead_time_mean=float(lead[i]), lead_time_sd=float(lead_sd[i]),
                      lead_time_source=source[i], safety_stock=float(safety[i]),
                      reorder_point=float(rop[i]),
                      safety_stock_order_up_to=float(safety_up_to[i]),
                      order_up_to=float(level[i]), review_days=review_days,
                      on_hand=float(on_hand[i]),
                      on_order=float(on_order[i]), in_transit=float(in_transit[i]),
                      reserved=float(held[i]), fenced=float(walls[i]),
                      backordered=float(behind[i]),
                      inventory_position=float(position[i]), raw_quantity=float(raw[i]),
                      suggested_quantity=rounded[i], price=term["price"],
                      currency=term["currency"], expected=expected)
        values["_sigma_period"] = float(sigma_period[i])
        values["explanation"] = _explain(values, term, method, errors_used[i], service_level,
                                         review_days)
        rows.append(values)
    return pd.DataFrame(rows, columns=list(SUGGESTION_COLUMNS))


def _forecast(values, method, alpha, window):
    """(d, σ_e, number of errors, fitted, model) for one series of daily demand (stocked-out
    days removed); fitted[t] is the one-step forecast of values[t] (NaN where there is
    none), or None for a series of fewer than two days; model is ("ses", α) or
    ("moving_average", n) for ``_model_factor``, or None."""
    import numpy as np

    if values is None or len(values) == 0:
        return 0.0, 0.0, 0, None, None
    if len(values) == 1:
        return max(float(values[0]), 0.0), 0.0, 0, None, None
    if method == "ses":
        fc = _planning.simple_exponential_smoothing(values, alpha=alpha, horizon=1)
        model = ("ses", float(np.atleast_1d(fc.alpha)[0]))
    elif method == "croston":
        fc = (_planning.croston(values, horizon=1) if alpha is None
              else _planning.croston(values, alpha=alpha, horizon=1))
        model = None
    else:
        fc = _planning.moving_average(values, min(window, len(values)), horizon=1)
        model = ("moving_average", min(window, len(values)))
    forecast = float(np.atleast_1d(fc.forecast)[0])
    fitted = np.asarray(fc.fitted, dtype=float)
    actual, predicted = values[1:], fitted[1:]
    usable = ~np.isnan(predicted)
    count = int(usable.sum())
    sigma = (float(_planning.error_standard_deviation(actual[usable], predicted[usable]))
             if count >= 2 else 0.0)
    if math.isnan(forecast):
        forecast = 0.0
    return max(forecast, 0.0), sigma, count, fitted, model


def _model_factor(model, days):
    """Var(error over ``days`` days) / (days · σ_e²) for a method's forecast of
    independent demand of constant mean (σ² a day): the forecast's own error
    is carried into every day of the interval. SES: the forecast's variance
    is α/(2 − α)·σ², so the interval's is σ²·(h + h²·α/(2 − α)) against
    σ_e² = σ²·2/(2 − α); a moving average of n days: σ²·(h + h²/n) against
    σ_e² = σ²·(1 + 1/n). 1 for one day, or for no model."""
    if model is None or days <= 1:
        return 1.0
    kind, value = model
    if kind == "ses":
        return ((2 - value) + days * value) / 2
    return (1 + days / value) / (1 + 1 / value)


def interval_error_sigma(values, fitted, days):
    """The root mean square of the forecast errors over ``days`` days of the
    series ``values`` (daily demand, oldest first) whose one-step forecasts
    are ``fitted`` (fitted[t] forecasts values[t]; NaN where there is none):
    over every origin t with a forecast and ``days`` values from t on, of
    (values[t] + … + values[t + days − 1]) − days·fitted[t]. NaN with fewer
    than ``INTERVAL_ORIGINS_MIN`` such origins (or no series). The first
    value has no forecast to measure (it seeds the method).

    >>> planner.interval_error_sigma([3, 5, 4] * 20, [4.0] * 60, 7)  # doctest: +SKIP
    """
    import numpy as np

    if values is None or fitted is None:
        return math.nan
    y = np.asarray(values, dtype=float)
    f = np.asarray(fitted, dtype=float)
    origins = np.arange(1, len(y) - days + 1)
    origins = origins[~np.isnan(f[origins])] if len(origins) else origins
    if len(origins) < INTERVAL_ORIGINS_MIN:
        return math.nan
    total = np.concatenate(([0.0], np.cumsum(y)))
    errors = total[origins + days] - total[origins] - days * f[origins]
    return float(np.sqrt(np.mean(errors * errors)))


def _interval_days(days):
    return max(1, int(round(days)))


def _raised(sigma, measured, days, model):
    """σ_e, raised so that days·σ² reaches ``measured``² (σ_P over ``days`` whole days), or
    where nothing was measured, the forecast method's own interval error."""
    if math.isnan(measured):
        return sigma * math.sqrt(_model_factor(model, days))
    return max(sigma, measured / math.sqrt(days))


def _explain(v, term, method, errors, service_level, review_days):
    lead = (f"lead time {v['lead_time_mean']:.2f} ± {v['lead_time_sd']:.2f} days observed"
            if v["lead_time_source"] == "observed"
            else f"lead time {v['lead_time_mean']:.0f} days as stated by {v['supplier']} "
                 f"(σ {v['lead_time_sd']:.3g})")
    interval = ""
    days = _interval_days(v["lead_time_mean"] + review_days)
    one_step = v["sigma_error"] * math.sqrt(days)
    if not math.isnan(v["sigma_interval"]):
        interval = (f", σ {v['sigma_interval']:.4g} over {days} days measured against "
                    f"{one_step:.4g} by the one-step rule")
    elif v["_sigma_period"] > v["sigma_error"]:
        interval = (f", σ {v['_sigma_period'] * math.sqrt(days):.4g} over {days} days from "
                    f"the method's own error against {one_step:.4g} by the one-step rule")
    position = (f"position {v['inventory_position']:.6g} = on hand {v['on_hand']:.6g} + on "
                f"order {v['on_order']:.6g} + in transit {v['in_transit']:.6g} − reserved "
                f"{v['reserved']:.6g}"
                + (f" − fenced {v['fenced']:.6g}" if v["fenced"] else "")
                + f" − backordered {v['backordered']:.6g}")
    if v["suggested_quantity"] > 0:
        rounding = []
        if term["pack_size"]:
            rounding.append(f"packs of {term['pack_size']}")
        if term["minimum_order"]:
            rounding.append(f"MOQ {term['minimum_order']}")
        decision = (f"order {v['suggested_quantity']} from {v['supplier']} (S − position = "
                    f"{v['raw_quantity']:.6g}"
                    + (f", rounded to {' and '.join(rounding)})" if rounding else ")"))
    else:
        decision = "no order: the position reaches the order-up-to level"
    return (f"{v['item']} at {v['location']}: {method} forecast {v['daily_forecast']:.4g}/day "
            f"with error σ {v['sigma_error']:.4g} ({errors} errors){interval}; {lead}; "
            f"at service level "
            f"{service_level:g}, safety stock {v['safety_stock']:.4g}, reorder point "
            f"{v['reorder_point']:.4g}, order-up-to {v['order_up_to']:.4g} "
            f"(review {review_days} days); {position}; {decision}.")


def _backorders(data):
    if data is None:
        return {}
    table = _table(data, "backordered", ("item", "location", "backordered"))
    out = {}
    for record in table.to_dict("records"):
        quantity = _exact(record["backordered"], "backordered")
        key = (record["item"], record["location"])
        out[key] = out.get(key, _D(0)) + quantity
    return out


# ---------------------------------------------------------------------------
# Purchase orders


@dataclasses.dataclass(frozen=True)
class PurchaseOrderDraft:
    """The suggested lines for one supplier: ``lines`` is a DataFrame of item,
    location (the line's destination), quantity (Decimal), price, expected
    and explanation; ``total_quantity`` sums the quantities (over items of
    possibly different units: a count of what is asked, not a physical
    amount) and ``total_value`` the quantity × price (None when a line has no
    price)."""

    supplier: str
    currency: object
    lines: object
    total_quantity: decimal.Decimal
    total_value: object


def draft_purchase_orders(suggestions):
    """The rows of ``suggestions`` with a suggested quantity above 0, grouped
    per supplier: a dict {supplier: PurchaseOrderDraft}, suppliers in sorted
    order, lines in the order of the suggestions.

    >>> drafts = planner.draft_purchase_orders(suggestions)   # doctest: +SKIP
    >>> drafts["ACME"].total_quantity                           # doctest: +SKIP
    """
    import pandas as pd

    table = _table(suggestions, "suggestions",
                   ("item", "location", "supplier", "suggested_quantity", "explanation"))
    drafts = {}
    for supplier in sorted(set(table["supplier"])):
        rows = table[(table["supplier"] == supplier)
                     & table["suggested_quantity"].map(lambda q: _exact(q, "suggested_quantity")
                                                       > 0)]
        if not len(rows):
            continue
        lines = pd.DataFrame({
            "item": list(rows["item"]), "location": list(rows["location"]),
            "quantity": [_exact(q, "suggested_quantity") for q in rows["suggested_quantity"]],
            "price": list(rows["price"]) if "price" in rows else [None] * len(rows),
            "expected": list(rows["expected"]) if "expected" in rows else [None] * len(rows),
            "explanation": list(rows["explanation"])})
        total = sum(lines["quantity"], _D(0))
        prices = [_exact(p, "price") if not _missing(p) else None for p in lines["price"]]
        value = (None if any(p is None for p in prices)
                 else sum((q * p for q, p in zip(lines["quantity"], prices)), _D(0)))
        currencies = {c for c in (rows["currency"] if "currency" in rows else [])
                      if not _missing(c)}
        drafts[supplier] = PurchaseOrderDraft(supplier, currencies.pop() if len(currencies) == 1
                                              else None, lines, total, value)
    return drafts


def create_purchase_orders(inv, drafts, key_prefix, *, send=False, currency=None):
    """Creates one purchase order per draft through
    ``Inventory.create_purchase_order``, under the key
    ``f"{key_prefix}/{supplier}"`` (sent too with ``send=True``). The key is
    the order's idempotency key: when an order exists under it (a rerun with
    the same prefix, with the same lines or not), it is left as it is, so a
    rerun creates nothing.
    ``currency`` applies where a draft has none. Returns a DataFrame of
    supplier, order (the key) and created (False for an order that existed).

    >>> planner.create_purchase_orders(inv, drafts, "RS-2026-11-30")  # doctest: +SKIP
    """
    import pandas as pd

    if not isinstance(key_prefix, str) or not key_prefix:
        raise malformed("key_prefix must be a non-empty str", "key_prefix")
    if not isinstance(drafts, dict):
        raise malformed(f"drafts must be the dict draft_purchase_orders returns, not "
                        f"{type(drafts).__name__}", "drafts")
    rows = []
    for supplier, draft in drafts.items():
        key = f"{key_prefix}/{supplier}"
        order_currency = draft.currency or currency
        if order_currency is None:
            raise _invalid("currency", f"the draft for {supplier} has no currency: give "
                           "currency=")
        lines = []
        for line in draft.lines.itertuples(index=False):
            if _missing(line.price):
                raise _invalid("drafts", f"the line of {line.item} for {supplier} has no price")
            lines.append({"item": line.item, "quantity": line.quantity,
                          "price": _exact(line.price, "price"),
                          "expected": line.expected, "to": line.location})
        before = inv.log_position
        try:
            # The same key and lines again is a retry the inventory answers
            # without a new event; other lines under an existing key conflict.
            inv.create_purchase_order(key, supplier, lines, currency=order_currency)
        except _core.IdempotencyConflictError as exists:
            if getattr(exists, "field", None) != "key":
                raise
        created = inv.log_position != before
        if created and send:
            inv.send_purchase_order(key)
        rows.append((supplier, key, created))
    return pd.DataFrame.from_records(rows, columns=["supplier", "order", "created"])
