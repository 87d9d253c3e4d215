# SPDX-License-Identifier: Apache-2.0
"""The planner's plots, with matplotlib: projected on hand (the sawtooth),
time-phased ATP, stock expiring per ISO week, and lead-time histograms.

Each function draws on ``ax`` when given, else on a new
``matplotlib.figure.Figure`` (no pyplot, so no global state and no display:
it works under any backend, Agg included), and returns the Axes; save it with
``ax.figure.savefig(path)``. Nothing here calls ``show()``.

>>> ax = plots.projected_on_hand(suggestions.iloc[0])    # doctest: +SKIP
>>> ax.figure.savefig("soap-east.png")                    # doctest: +SKIP
"""
from __future__ import annotations

import datetime as _dt
import math
import numbers

from ._arguments import malformed

__all__ = ["projected_on_hand", "time_phased_atp", "expiry_risk_by_week",
           "lead_time_distribution"]


def _axes(ax):
    if ax is not None:
        return ax
    from matplotlib.figure import Figure
    return Figure(figsize=(8, 4.5), layout="constrained").subplots()


def _number(value, field):
    if isinstance(value, bool):
        raise malformed(f"{field} must be a number, not bool", field)
    try:
        number = float(value)
    except (TypeError, ValueError, ArithmeticError):
        raise malformed(f"{field} must be a number, not {type(value).__name__}", field) from None
    if not math.isfinite(number):
        raise malformed(f"{field} must be finite", field)
    return number


def _count(value, field, least, most=3660):
    """A whole number of days from an int, a numpy integer or a whole float
    (a DataFrame row may hold any of them)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) \
            or not least <= value <= most:
        raise malformed(f"{field} must be a whole number from {least} to {most}", field)
    return int(value)


def _receipt_offsets(receipts, start):
    """[(day offset, quantity)] from a mapping or pairs of (offset or date, quantity)."""
    if receipts is None:
        return []
    pairs = receipts.items() if hasattr(receipts, "items") else receipts
    out = []
    for when, quantity in pairs:
        if isinstance(when, _dt.date):
            if start is None:
                raise malformed("receipts dated by day need start", "start")
            offset = ((when.date() if isinstance(when, _dt.datetime) else when) - start).days
        elif isinstance(when, numbers.Integral) and not isinstance(when, bool):
            offset = int(when)
        else:
            raise malformed("receipts are (day offset or date, quantity) pairs", "receipts")
        out.append((offset, _number(quantity, "receipts")))
    return out


def projected_on_hand(row=None, *, start_level=None, daily_demand=None, receipts=None,
                      reorder_point=None, safety_stock=None, order_up_to=None,
                      review_days=None, lead_time_days=None, days=None, start=None, ax=None):
    """The sawtooth: on hand projected day by day from ``start_level``,
    falling by ``daily_demand`` a day and rising by each receipt on its day
    (``receipts``: {day offset or date: quantity} or pairs), for days
    0..``days``, with horizontal lines at ``reorder_point`` and
    ``safety_stock`` when given. The level on day t is start_level −
    daily_demand·t + the receipts of days 1..t; it is not floored at 0 (a
    negative level is the projected shortfall). On a receipt day the line has
    two points, before and after the receipt, so the rise is vertical.

    With ``order_up_to`` S and ``review_days`` R, the (R, S) policy runs on
    the projection: on days R, 2R, ... it orders S − (level + receipts still
    to come), unrounded, arriving ``lead_time_days`` later (⌈L⌉, at least 1).

    ``row`` (a row of ``planner.reorder_suggestions``) supplies what is not
    given: start level = on_hand, daily demand = daily_forecast, the
    suggested_quantity arriving after ⌈lead_time_mean⌉ days, reorder point,
    safety stock, order-up-to level and review days. On order and in transit
    at the start are not projected (their dates are not in the row). ``start``
    (a date) puts dates on the x axis instead of day offsets. Returns the
    Axes; the projection is its first line.
    """
    if row is not None:
        get = row.get if hasattr(row, "get") else None
        if get is None:
            raise malformed("row must be a row of reorder_suggestions (a Series or dict)", "row")
        if lead_time_days is None:
            lead_time_days = math.ceil(_number(get("lead_time_mean", 0), "row"))
        if start_level is None:
            start_level = get("on_hand")
        if daily_demand is None:
            daily_demand = get("daily_forecast")
        if receipts is None:
            suggested = get("suggested_quantity", 0)
            receipts = ({max(1, int(lead_time_days)): suggested}
                        if suggested and float(suggested) > 0 else {})
        if reorder_point is None:
            reorder_point = get("reorder_point")
        if safety_stock is None:
            safety_stock = get("safety_stock")
        if order_up_to is None:
            order_up_to = get("order_up_to")
        if review_days is None:
            review_days = get("review_days")
        if days is None:
            review = 0 if review_days is None else _count(review_days, "review_days", 1)
            days = max(28, 2 * (int(lead_time_days) + review) + 1)
    if start_level is None or daily_demand is None:
        raise malformed("projected_on_hand needs a suggestions row or start_level and "
                        "daily_demand", "start_level" if start_level is None else "daily_demand")
    level, demand = _number(start_level, "start_level"), _number(daily_demand, "daily_demand")
    days = _count(28 if days is None else days, "days", 1)
    policy = order_up_to is not None and review_days is not None
    if policy:
        level_up_to = _number(order_up_to, "order_up_to")
        review = _count(review_days, "review_days", 1)
        lead = 1 if lead_time_days is None else max(1, math.ceil(
            _number(lead_time_days, "lead_time_days")))
    if start is not None and not isinstance(start, _dt.date):
        try:
            start = _dt.date.fromisoformat(start)
        except (TypeError, ValueError):
            raise malformed("start must be a date or 'YYYY-MM-DD'", "start") from None
    arriving = [0.0] * (days + 1)
    for offset, quantity in _receipt_offsets(receipts, start):
        if 1 <= offset <= days:
            arriving[offset] += quantity
    offsets, values = [0], [level]
    for t in range(1, days + 1):
        level -= demand
        if arriving[t]:
            offsets.append(t)
            values.append(level)
            level += arriving[t]
        offsets.append(t)
        values.append(level)
        if policy and t % review == 0:
            order = level_up_to - (level + sum(arriving[t + 1:]))
            if order > 0 and t + lead <= days:
                arriving[t + lead] += order
    x = (offsets if start is None
         else [start + _dt.timedelta(days=t) for t in offsets])
    ax = _axes(ax)
    ax.plot(x, values, label="projected on hand")
    if reorder_point is not None:
        ax.axhline(_number(reorder_point, "reorder_point"), color="tab:orange", linestyle="--",
                   label="reorder point")
    if safety_stock is not None:
        ax.axhline(_number(safety_stock, "safety_stock"), color="tab:red", linestyle=":",
                   label="safety stock")
    ax.set_xlabel("day" if start is None else "date")
    ax.set_ylabel("on hand")
    if start is not None:
        _slanted_dates(ax)
    ax.legend(loc="best")
    return ax


def _slanted_dates(ax):
    """Date tick labels at an angle, so that daily dates do not overlap (for
    every tick the locator makes when drawing, not only the current ones)."""
    ax.tick_params(axis="x", labelrotation=30)


def time_phased_atp(data, *, start=None, items=None, ax=None):
    """Available-to-promise per daily bucket as steps: ``data`` is the
    DataFrame of ``onhand.allocation.time_phased_atp`` (columns day and atp;
    supply and demand are drawn too when present), or the (items, days) array
    of ``onhand.allocation.time_phased_atp_columns`` with its ``start`` (one
    step line per item, labelled by ``items``). Returns the Axes; the ATP
    lines come first, in item order.
    """
    import numpy as np

    ax = _axes(ax)
    if hasattr(data, "columns"):
        if "day" not in data.columns or "atp" not in data.columns:
            raise malformed("data needs the columns day and atp", "data")
        days = list(data["day"])
        ax.step(days, [float(v) for v in data["atp"]], where="post", label="ATP")
        for column, style in (("supply", "--"), ("demand", ":")):
            if column in data.columns:
                ax.step(days, [float(v) for v in data[column]], where="post", linestyle=style,
                        label=column)
    else:
        table = np.asarray(data, dtype=float)
        if table.ndim == 1:
            table = table.reshape(1, -1)
        if table.ndim != 2:
            raise malformed("data must be a DataFrame or an (items, days) array", "data")
        if start is None:
            raise malformed("an ATP array needs its start day", "start")
        first = np.datetime64(start, "D")
        days = first + np.arange(table.shape[1])
        names = list(items) if items is not None else [f"item {i}" for i in
                                                       range(table.shape[0])]
        if len(names) != table.shape[0]:
            raise malformed("items must name every row of data", "items")
        for name, values in zip(names, table):
            ax.step(days, values, where="post", label=str(name))
    _slanted_dates(ax)
    ax.set_xlabel("day")
    ax.set_ylabel("available to promise")
    ax.legend(loc="best")
    return ax


def _iso_week(day):
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def expiry_risk_by_week(data, *, within_days=90, on=None, unit_costs=None, ax=None):
    """Quantity expiring per ISO week of expiry (bars), and its value on a
    second y axis (``ax.figure.axes[1]``) when the table has values.
    ``data``: an ``Inventory`` (then ``Inventory.expiry_risk(within_days, on,
    unit_costs=unit_costs)`` is read) or a DataFrame with expiry, quantity and
    optionally value. Quantities of different items are added as they are.
    Returns the quantity Axes; its bars are in week order, labelled
    ``YYYY-Www``.
    """
    if hasattr(data, "expiry_risk"):
        data = data.expiry_risk(within_days, on, unit_costs=unit_costs)
    if not hasattr(data, "columns") or "expiry" not in data.columns \
            or "quantity" not in data.columns:
        raise malformed("data must be an Inventory or a DataFrame with expiry and quantity",
                        "data")
    quantity, value = {}, {}
    has_value = "value" in data.columns and data["value"].notna().any()
    for record in data.to_dict("records"):
        expiry = record["expiry"]
        if expiry is None or (isinstance(expiry, float) and math.isnan(expiry)):
            continue
        week = _iso_week(expiry.date() if isinstance(expiry, _dt.datetime) else expiry)
        quantity[week] = quantity.get(week, 0.0) + float(record["quantity"])
        if has_value and record["value"] is not None and not (
                isinstance(record["value"], float) and math.isnan(record["value"])):
            value[week] = value.get(week, 0.0) + float(record["value"])
    weeks = sorted(quantity)
    ax = _axes(ax)
    positions = list(range(len(weeks)))
    ax.bar(positions, [quantity[w] for w in weeks], color="tab:blue", label="quantity")
    ax.set_xticks(positions)
    ax.set_xticklabels(weeks, rotation=45, ha="right")
    ax.set_xlabel("ISO week of expiry")
    ax.set_ylabel("quantity expiring")
    if has_value:
        right = ax.twinx()
        right.plot(positions, [value.get(w, 0.0) for w in weeks], color="tab:red", marker="o",
                   label="value")
        right.set_ylabel("value expiring")
    return ax


def lead_time_distribution(observations, *, bins=10, ax=None):
    """Histogram of observed lead times in days (``planner.lead_times``), one
    series per supplier (side by side within each bin, suppliers in sorted
    order). Returns the Axes; ``ax.containers[i]`` holds supplier i's bars.
    """
    if not hasattr(observations, "columns") or "supplier" not in observations.columns \
            or "lead_time_days" not in observations.columns:
        raise malformed("observations must be a DataFrame with supplier and lead_time_days",
                        "observations")
    suppliers = sorted(set(observations["supplier"]))
    ax = _axes(ax)
    if suppliers:
        series = [[float(v) for v in observations.loc[observations["supplier"] == s,
                                                      "lead_time_days"]] for s in suppliers]
        ax.hist(series, bins=bins, label=suppliers)
        ax.legend(loc="best")
    ax.set_xlabel("lead time (days)")
    ax.set_ylabel("observations")
    return ax
