# SPDX-License-Identifier: Apache-2.0
"""A self-contained HTML dashboard of an inventory: one file with inline CSS
and inline SVG charts, which loads nothing from anywhere and reads without
JavaScript (a little script sorts a table when its header is clicked).

``build(inv, as_of=...)`` gathers the consolidated position, available-to-
promise by location and channel, expiry risk, reorder suggestions, the
supplier scorecard and the valuation from a live ``onhand.Inventory``;
``write(inv, path, as_of=...)`` puts it in a file; ``render(sections,
title=...)`` lays out any sections of KPI tiles, tables and charts.

Every number shown carries ``data-metric`` (a stable name) and
``data-value`` (its exact value, a Decimal's digits unchanged), so a test or
a script can read the page back (docs/how_to/dashboard.md).

>>> import onhand, onhand.dashboard                            # doctest: +SKIP
>>> onhand.dashboard.write(inv, "stock.html", as_of="2026-12-05")  # doctest: +SKIP
"""
import dataclasses
import datetime
import decimal
import html
import math
import numbers
import os
import re
import tempfile
from typing import Any

from . import _svg
from ._arguments import day_argument, keywords_checked, malformed

__all__ = ["Kpi", "Kpis", "Table", "Chart", "Section", "render", "build", "write"]

METRIC_SEPARATOR = "|"
NUMERIC_CLASS = ' class="num"'


@dataclasses.dataclass(frozen=True)
class Kpi:
    """A headline figure: ``label``, ``value`` (Decimal, int, float or
    text), ``metric`` (its data-metric, e.g. "total_value") and a ``note``."""

    label: str
    value: Any
    metric: str
    note: str = ""


@dataclasses.dataclass(frozen=True)
class Kpis:
    """A row of KPI tiles."""

    tiles: tuple


@dataclasses.dataclass(frozen=True)
class Table:
    """A DataFrame as a table (anything ``pandas.DataFrame()`` takes also
    does). Each numeric cell's data-metric is ``metric``, the values of the
    ``key`` columns and the column name, joined by "|" (e.g.
    ``atp|SOAP|EAST|web|available``); without ``key``, the leading text
    columns name the row, or its position if there are none; a row whose key
    an earlier row has gets "#2", "#3"... after its last key value. ``formats``
    maps a column to "percent" (a fraction shown as %) or to a function of
    the value returning the text shown."""

    frame: Any
    metric: str
    key: tuple = ()
    caption: str = ""
    formats: dict = dataclasses.field(default_factory=dict)


@dataclasses.dataclass(frozen=True)
class Chart:
    """An SVG string (from onhand._svg) with a caption."""

    svg: str
    caption: str = ""


@dataclasses.dataclass(frozen=True)
class Section:
    """A titled part of the page: ``blocks`` of Kpis, Table and Chart, with
    a ``note`` saying what it shows. Its anchor is ``id`` (default: the
    title in lower case, words joined by "-")."""

    title: str
    blocks: tuple
    note: str = ""
    id: str = ""


_CSS = """
:root { color-scheme: light; }
body { font: 14px/1.4 system-ui, sans-serif; margin: 0 auto; max-width: 1180px;
       padding: 16px 24px 48px; color: #1a1a1a; background: #fff; }
header h1 { margin: 0 0 4px; font-size: 22px; }
header p { margin: 0; color: #555; }
nav { margin: 12px 0 8px; }
nav a { margin-right: 14px; color: #0a58a8; text-decoration: none; }
section { margin-top: 28px; }
h2 { font-size: 17px; border-bottom: 1px solid #ccc; padding-bottom: 4px; }
.note { color: #555; margin: 4px 0 10px; }
.kpis { display: flex; flex-wrap: wrap; gap: 12px; }
.kpi { border: 1px solid #ccc; border-radius: 6px; padding: 10px 14px; min-width: 160px; }
.kpi-label { color: #555; font-size: 12px; }
.kpi-value { font-size: 22px; font-weight: 600; font-variant-numeric: tabular-nums; }
.kpi-note { color: #777; font-size: 11px; }
table.data { border-collapse: collapse; margin: 6px 0 14px; font-variant-numeric: tabular-nums; }
table.data caption { text-align: left; font-weight: 600; padding: 4px 0; }
table.data th, table.data td { border-bottom: 1px solid #e3e3e3; padding: 3px 10px; }
table.data th { background: #f4f4f4; text-align: left; cursor: pointer; }
table.data .num { text-align: right; }
table.data .na { color: #999; }
.scroll { overflow-x: auto; }
.empty { color: #777; font-style: italic; }
figure { margin: 8px 0 16px; }
figcaption { color: #555; font-size: 12px; }
svg.chart { max-width: 100%; height: auto; }
@media print { nav { display: none; } }
"""

# Sorts a table by the clicked column (numbers by data-value), and marks the
# page loaded as its last statement: a page whose script failed is not.
_SCRIPT = """
(function () {
  function key(cell) {
    var value = cell.getAttribute("data-value");
    return value === null ? cell.textContent : value;
  }
  Array.prototype.forEach.call(document.querySelectorAll("table.data"), function (table) {
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, column) {
      th.addEventListener("click", function () {
        var body = table.tBodies[0], rows = Array.prototype.slice.call(body.rows);
        var numeric = th.classList.contains("num");
        var descending = th.getAttribute("aria-sort") === "ascending";
        rows.sort(function (a, b) {
          var x = key(a.cells[column]), y = key(b.cells[column]), order;
          if (numeric) {
            x = parseFloat(x); y = parseFloat(y);
            order = (isNaN(x) ? -Infinity : x) - (isNaN(y) ? -Infinity : y);
            if (isNaN(order)) { order = 0; }
          } else {
            order = x.localeCompare(y);
          }
          return descending ? -order : order;
        });
        Array.prototype.forEach.call(table.tHead.rows[0].cells, function (other) {
          other.removeAttribute("aria-sort");
        });
        th.setAttribute("aria-sort", descending ? "descending" : "ascending");
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  });
  document.body.setAttribute("data-loaded", "1");
})();
"""

# Nothing may be fetched: no network, no file, inline style and script only.
_POLICY = ("default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
           "img-src 'none'; base-uri 'none'; form-action 'none'")


def _escape(text):
    return html.escape(str(text), quote=True)


def _trim(text):
    return text.rstrip("0").rstrip(".") if "." in text else text


def _missing(value):
    if value is None:
        return True
    try:
        import pandas as pd
        if value is pd.NA or value is pd.NaT:
            return True
    except ImportError:  # pragma: no cover
        pass
    return isinstance(value, float) and math.isnan(value)


def format_value(value, style=None):
    """``(text shown, exact value or None, is a number)`` for one cell.

    Decimals keep every digit (thousands separated); ints are separated;
    floats show at most 6 decimals, or one as a percentage with
    ``style="percent"``; None and NaN are "–"; dates and times are ISO 8601.
    """
    if callable(style):
        return str(style(value)), None if _missing(value) else _exact(value), _is_number(value)
    if _missing(value):
        return "\u2013", None, isinstance(value, float)
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        return ("yes" if value else "no"), None, False
    if isinstance(value, decimal.Decimal):
        if not value.is_finite():
            return str(value), None, True
        if style == "percent":
            return f"{_trim(format(value * 100, 'f'))} %", format(value, "f"), True
        return format(value, ",f"), format(value, "f"), True
    if isinstance(value, numbers.Integral):
        return f"{int(value):,}", str(int(value)), True
    if isinstance(value, numbers.Real):
        value = float(value)
        if math.isinf(value):
            return ("\u221e" if value > 0 else "-\u221e"), repr(value), True
        if style == "percent":
            return f"{value * 100:.1f} %", repr(value), True
        return _trim(f"{value:,.6f}"), repr(value), True
    if isinstance(value, (datetime.datetime, datetime.date)):
        return value.isoformat(), None, False
    if hasattr(value, "isoformat"):  # pandas Timestamp, numpy datetime64 wrappers
        return value.isoformat(), None, False
    return str(value), None, False


def _exact(value):
    if isinstance(value, decimal.Decimal):
        return format(value, "f")
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        return str(int(value)) if isinstance(value, numbers.Integral) else repr(float(value))
    return None


def _is_number(value):
    return (isinstance(value, (decimal.Decimal, numbers.Real))
            and not isinstance(value, bool) and type(value).__name__ != "bool_")


def _slug(text, taken):
    base = re.sub(r"[^a-z0-9]+", "-", str(text).lower()).strip("-") or "section"
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    taken.add(slug)
    return slug


def _metric(*parts):
    return _escape(METRIC_SEPARATOR.join(str(part) for part in parts))


def _as_frame(data, argument):
    try:
        import pandas as pd
    except ImportError as error:  # pragma: no cover
        raise malformed("tables need pandas", argument) from error
    if isinstance(data, pd.DataFrame):
        return data
    try:
        return pd.DataFrame(data)
    except (TypeError, ValueError) as error:
        raise malformed(f"{argument} must be a DataFrame (or rows pandas.DataFrame takes), not "
                        f"{type(data).__name__}", argument) from error


def _render_kpis(block):
    tiles = []
    for tile in block.tiles:
        if not isinstance(tile, Kpi):
            raise malformed(f"Kpis holds Kpi tiles, not {type(tile).__name__}", "sections")
        text, exact, number = format_value(tile.value)
        value = f' data-value="{_escape(exact)}"' if exact is not None else ""
        note = f'<div class="kpi-note">{_escape(tile.note)}</div>' if tile.note else ""
        tiles.append(f'<div class="kpi"><div class="kpi-label">{_escape(tile.label)}</div>'
                     f'<div class="kpi-value" data-metric="{_metric(tile.metric)}"{value}>'
                     f"{_escape(text)}</div>{note}</div>")
    return f'<div class="kpis">{"".join(tiles)}</div>'


def _render_table(block):
    table = _as_frame(block.frame, "sections")
    columns = [str(column) for column in table.columns]
    rows = [list(row) for row in table.itertuples(index=False, name=None)]
    caption = f"<caption>{_escape(block.caption)}</caption>" if block.caption else ""
    if not rows:
        return (f'<table class="data" data-table="{_escape(block.metric)}">{caption}</table>'
                f'<p class="empty">None.</p>')
    numeric = [any(_is_number(row[i]) for row in rows) for i in range(len(columns))]
    if block.key:
        unknown = [name for name in block.key if name not in columns]
        if unknown:
            raise malformed(f"Table key names columns it does not have: {unknown}", "sections")
        key = [columns.index(name) for name in block.key]
    else:
        key = []
        for i in range(len(columns)):
            if numeric[i]:
                break
            key.append(i)
    head = "".join(f'<th scope="col"{NUMERIC_CLASS if numeric[i] else ""}>'
                   f"{_escape(column)}</th>" for i, column in enumerate(columns))
    body, seen = [], {}
    for position, row in enumerate(rows):
        names = [format_value(row[i])[0] for i in key] if key else [str(position)]
        # A key shared by several rows names the later ones "#2", "#3"...
        repeat = seen[tuple(names)] = seen.get(tuple(names), 0) + 1
        if repeat > 1:
            names[-1] += f"#{repeat}"
        cells = []
        for i, value in enumerate(row):
            text, exact, number = format_value(value, block.formats.get(columns[i]))
            if numeric[i]:
                classes = "num na" if exact is None else "num"
                data = f' data-value="{_escape(exact)}"' if exact is not None else ""
                cells.append(f'<td class="{classes}" data-metric='
                             f'"{_metric(block.metric, *names, columns[i])}"{data}>'
                             f"{_escape(text)}</td>")
            else:
                cells.append(f"<td>{_escape(text)}</td>")
        body.append(f"<tr>{''.join(cells)}</tr>")
    return (f'<div class="scroll"><table class="data" data-table="{_escape(block.metric)}">'
            f"{caption}<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
            "</div>")


def _render_chart(block):
    if not isinstance(block.svg, str) or not block.svg.startswith("<svg"):
        raise malformed("Chart holds an SVG string", "sections")
    caption = f"<figcaption>{_escape(block.caption)}</figcaption>" if block.caption else ""
    return f"<figure>{block.svg}{caption}</figure>"


@keywords_checked
def render(sections, *, title, generated=None, subtitle=""):
    """One HTML document of ``sections`` (a list of Section) under ``title``.

    ``generated`` (a datetime or text) is shown in the header when given; the
    page has no clock of its own, so the same sections give the same bytes.
    """
    _text(title, "title")
    _text(subtitle, "subtitle")
    if generated is not None and not isinstance(generated, (datetime.date, str)):
        raise malformed(f"generated must be a datetime, a date or a str, not "
                        f"{type(generated).__name__}", "generated")
    if isinstance(generated, str):
        _text(generated, "generated")
    try:
        sections = list(sections)
    except TypeError:
        raise malformed(f"sections must be a list of Section, not {type(sections).__name__}",
                        "sections") from None
    renderers = {Kpis: _render_kpis, Table: _render_table, Chart: _render_chart}
    taken, links, parts = set(), [], []
    for section in sections:
        if not isinstance(section, Section):
            raise malformed(f"sections must hold Section, not {type(section).__name__}",
                            "sections")
        anchor = _slug(section.id or section.title, taken)
        links.append(f'<a href="#{_escape(anchor)}">{_escape(section.title)}</a>')
        blocks = []
        for block in section.blocks:
            render_block = renderers.get(type(block))
            if render_block is None:
                raise malformed(f"a section holds Kpis, Table or Chart, not "
                                f"{type(block).__name__}", "sections")
            blocks.append(render_block(block))
        note = f'<p class="note">{_escape(section.note)}</p>' if section.note else ""
        parts.append(f'<section id="{_escape(anchor)}"><h2>{_escape(section.title)}</h2>'
                     f"{note}{''.join(blocks)}</section>")
    lines = []
    if subtitle:
        lines.append(_escape(subtitle))
    if generated is not None:
        stamp = generated.isoformat() if hasattr(generated, "isoformat") else str(generated)
        lines.append(f"Generated {_escape(stamp)}")
    header = "".join(f"<p>{line}</p>" for line in lines)
    page = ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f'<meta http-equiv="Content-Security-Policy" content="{_POLICY}">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{_escape(title)}</title><style>{_CSS}</style></head>\n"
            f"<body><header><h1>{_escape(title)}</h1>{header}</header>"
            f"<nav>{''.join(links)}</nav>\n" + "\n".join(parts) +
            f"\n<script>{_SCRIPT}</script></body></html>\n")
    try:
        page.encode("utf-8")
    except UnicodeEncodeError:
        raise malformed("sections hold text that is not valid (a lone surrogate)",
                        "sections") from None
    return page


def _count(value, name):
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise malformed(f"{name} must be an int, not {type(value).__name__}", name)
    if not 0 <= value <= 36500:
        raise malformed(f"{name} must be between 0 and 36500 days, not {value}", name)
    return int(value)


def _text(value, name):
    if not isinstance(value, str):
        raise malformed(f"{name} must be a str, not {type(value).__name__}", name)
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise malformed(f"{name} is not valid text (a lone surrogate)", name) from None
    return value


def _channels(channels):
    if channels is None:
        return []
    if isinstance(channels, str) or not isinstance(channels, (list, tuple)):
        raise malformed(f"channels must be a list of channel names, not "
                        f"{type(channels).__name__}", "channels")
    for channel in channels:
        if not _text(channel, "channels"):
            raise malformed("channels must hold non-empty names", "channels")
    return list(dict.fromkeys(channels))


def _total(values):
    return sum((value for value in values if not _missing(value)), decimal.Decimal(0))


NO_CHANNEL = "(no channel)"
MICROSECOND = datetime.timedelta(microseconds=1)
_COST_PLACES = decimal.Decimal("0.000001")
_RATES = ("on_time_rate", "in_full_rate", "otif_rate", "fill_rate", "price_variance_rate")


def _percent(value):
    return "n/a" if _missing(value) else f"{value * 100:.1f} %"


def _unit_costs(valuation):
    """Each item's average unit cost over its locations (value / on hand)."""
    costs = {}
    for item, rows in valuation.groupby("item", sort=False):
        on_hand = _total(rows["on_hand"])
        if on_hand > 0:
            costs[item] = (_total(rows["value"]) / on_hand).quantize(_COST_PLACES)
    return costs


CHART_CATEGORIES = 20


def _largest(sizes):
    """The keys of ``sizes`` with the CHART_CATEGORIES largest values, in
    their first order: a chart of hundreds of bars says nothing."""
    if len(sizes) <= CHART_CATEGORIES:
        return list(sizes)
    kept = set(sorted(sizes, key=lambda key: -sizes[key])[:CHART_CATEGORIES])
    return [key for key in sizes if key in kept]


def _shown(count):
    return f" The {CHART_CATEGORIES} largest of {count}." if count > CHART_CATEGORIES else ""


def _position_section(totals, positions):
    on_hand, sizes = {}, {}
    for row in positions.itertuples():
        on_hand[row.item, row.location] = row.on_hand
        sizes[row.item] = sizes.get(row.item, 0) + row.on_hand
    items = _largest(sizes)
    locations = list(dict.fromkeys(row.location for row in positions.itertuples()
                                   if row.item in items))
    chart = _svg.bar_chart(items, {location: [on_hand.get((item, location)) for item in items]
                                   for location in locations},
                           label="On hand by item and location", stacked=True)
    return Section("Consolidated position", (
        Table(totals, "totals", key=("item",), caption="Per item, over every location"),
        Table(positions, "position", key=("item", "location"),
              caption="Per item and location"),
        Chart(chart, "On hand per item, stacked by location." + _shown(len(sizes)))),
        note="On hand as of the end of the day at internal locations, stock in transit between "
             "sites, and what is quarantined (lots expired, on hold or recalled).")


def _atp_section(inv, channels):
    import pandas as pd
    frames = []
    for channel in [None] + channels:
        rows = inv.atp(channel=channel, exact=True)
        rows["channel"] = channel if channel is not None else NO_CHANNEL
        frames.append(rows)
    atp = pd.concat(frames, ignore_index=True)
    atp = atp.sort_values(["item", "location"], kind="stable", ignore_index=True)
    available, sizes = {}, {}
    for row in atp.itertuples():
        place = f"{row.item} @ {row.location}"
        available[place, row.channel] = row.available
        sizes[place] = max(sizes.get(place, row.available), row.available)
    places = _largest(sizes)
    chart = _svg.bar_chart(places, {channel: [available.get((place, channel)) for place in places]
                                    for channel in [NO_CHANNEL] + channels},
                           label="Available to promise by location and channel")
    return Section("Available to promise", (
        Table(atp, "atp", key=("item", "location", "channel")),
        Chart(chart, "Available to promise per item and location, one bar per channel." +
              _shown(len(sizes)))),
        note="What each channel may still be promised now (by the inventory's clock), at each "
             "location holding stock: on hand less quarantined, reserved, and the other "
             "channels' remaining quotas (fenced).")


def _supply_section(inv):
    supply = inv.supply_position(exact=True)
    return Section("Supply position", (Table(supply, "supply", key=("item", "location")),),
                   note="Per item and site, now: on hand, what is quarantined, reserved and "
                        "available, what sent purchase orders and transfers bring, and the "
                        "inventory position (usable + on order + in transit - reserved) that "
                        "reorder points are compared with.")


_BUCKETS = (("expired", None, -1), ("0-7 days", 0, 7), ("8-30 days", 8, 30),
            ("31+ days", 31, None))


def _expiry_section(risk, expiry_days):
    buckets = [(name, low, high) for name, low, high in _BUCKETS
               if low is None or low <= expiry_days]
    items = list(dict.fromkeys(risk["item"]))

    def in_bucket(row, low, high):
        if low is None:
            return bool(row.expired)
        return (not row.expired and row.days_to_expiry >= low
                and (high is None or row.days_to_expiry <= high))
    series = {item: [_total(row.quantity for row in risk.itertuples()
                            if row.item == item and in_bucket(row, low, high)) or None
                      for _, low, high in buckets] for item in items}
    chart = _svg.bar_chart([name for name, _, _ in buckets], series, stacked=True,
                           label="Stock expiring, by days left")
    return Section("Expiry risk", (
        Table(risk, "expiry", key=("item", "location", "lot")),
        Chart(chart, "Quantity per days left to expiry, stacked by item.")),
        note=f"Stock in lots expiring within {expiry_days} days, already expired stock "
             "included, valued at the item's average unit cost.")


def _supplier_section(performance, lines):
    labels = list(performance["supplier"])
    chart = _svg.hbar_chart(labels, list(performance["otif_rate"]), maximum=1,
                            label="On time in full, per supplier", formatter=_percent)
    return Section("Supplier scorecard", (
        Table(performance, "supplier", key=("supplier",),
              formats=dict.fromkeys(_RATES, "percent")),
        Chart(chart, "Share of lines delivered on time and in full."),
        Table(lines, "purchase_lines", key=("order", "line"), caption="Open purchase order lines")),
        note="Lead time, on-time, in-full, OTIF and fill rates, and price variance over the "
             "purchase order lines resolved in the window.")


def _valuation_section(valuation, total):
    values = {}
    for row in valuation.itertuples():
        values[row.item] = values.get(row.item, decimal.Decimal(0)) + row.value
    items = _largest(values)
    chart = _svg.hbar_chart(items, [values[item] for item in items], label="Stock value per item",
                            formatter=lambda value: format_value(value)[0])
    return Section("Valuation", (
        Kpis((Kpi("Total stock value", total, "valuation_total"),)),
        Table(valuation, "valuation", key=("item", "location")),
        Chart(chart, "Stock value per item, over every location." + _shown(len(values)))),
        note="Stock value from the cost layers as of the end of the day; reconciled says the "
             "valued quantity matches the ledger's on hand.")


@keywords_checked
def build(inv, *, as_of, suggestions=None, channels=None, expiry_days=60,
          title="Inventory dashboard", supplier_days=365, generated=None):
    """The dashboard of ``inv`` as of the end of the day ``as_of`` (a date or
    "YYYY-MM-DD", UTC), as one HTML document (a str).

    Sections: key figures (on-hand and in-transit units, stock value, lots
    expiring within ``expiry_days``, expired lots, open purchase orders);
    the consolidated position (``item_totals``, ``position``); available to
    promise per location for no channel and each of ``channels`` (``atp``,
    as of now: it has no past); the supply position per site, now
    (``supply_position``); expiry risk (``expiry_risk``); the reorder
    ``suggestions`` DataFrame, shown with the columns it has; the supplier
    scorecard over the ``supplier_days`` days before the end of ``as_of``
    (``supplier_performance``) with the open purchase order lines; and the
    valuation (``valuation_report``).
    """
    from ._core import Inventory
    if not isinstance(inv, Inventory):
        raise malformed(f"inv must be an onhand.Inventory, not {type(inv).__name__}", "inv")
    day = day_argument(as_of, "as_of")
    channels = _channels(channels)
    expiry_days = _count(expiry_days, "expiry_days")
    supplier_days = _count(supplier_days, "supplier_days")
    _text(title, "title")
    if suggestions is not None:
        suggestions = _as_frame(suggestions, "suggestions")
        for value in [*suggestions.columns, *suggestions.to_numpy().ravel()]:
            if isinstance(value, str):
                _text(value, "suggestions")
    try:
        end = datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time(),
                                        tzinfo=datetime.timezone.utc)
        start = end - datetime.timedelta(days=supplier_days)
    except OverflowError:
        raise malformed(f"as_of is out of range: {day.isoformat()} (with supplier_days "
                        f"{supplier_days})", "as_of") from None
    at = end - MICROSECOND  # the last instant of the day, as position() counts it
    totals = inv.item_totals(as_of=at, exact=True)
    positions = inv.position(day=day, exact=True)
    valuation = inv.valuation_report(at, exact=True)
    risk = inv.expiry_risk(within_days=expiry_days, on=day, unit_costs=_unit_costs(valuation),
                           exact=True)
    performance = inv.supplier_performance(start, end,
                                           exact=True)
    lines = inv.purchase_lines(exact=True)
    total_value = _total(valuation["value"])

    def lots(expired):
        chosen = risk[risk["expired"] == expired] if len(risk) else risk
        return len(set(zip(chosen["item"], chosen["lot"])))
    tiles = [Kpi("On hand (units)", _total(totals["on_hand"]), "on_hand_total",
                 "all items, internal locations"),
             Kpi("In transit (units)", _total(totals["in_transit"]), "in_transit_total"),
             Kpi("Stock value", total_value, "value_total"),
             Kpi(f"Lots expiring within {expiry_days} days", lots(False), "lots_expiring"),
             Kpi("Expired lots in stock", lots(True), "lots_expired"),
             Kpi("Open purchase orders", len(set(lines["order"])), "purchase_orders_open",
                 f"{len(lines)} line{'s' * (len(lines) != 1)}, drafts included")]
    if suggestions is not None:
        tiles.append(Kpi("Reorder suggestions", len(suggestions), "reorder_suggestions"))
    sections = [Section("Key figures", (Kpis(tuple(tiles)),)),
                _position_section(totals, positions),
                _atp_section(inv, channels),
                _supply_section(inv),
                _expiry_section(risk, expiry_days)]
    if suggestions is not None:
        sections.append(Section("Reorder suggestions", (Table(suggestions, "reorder"),),
                                note="What to order, as computed by the replenishment "
                                     "pipeline that produced this table."))
    else:
        sections.append(Section("Reorder suggestions", (),
                                note="No reorder suggestions were given."))
    sections += [_supplier_section(performance, lines), _valuation_section(valuation, total_value)]
    return render(sections, title=title, generated=generated,
                  subtitle=f"Stock as of the end of {day.isoformat()} (UTC); supplier "
                           f"scorecard from {start.date().isoformat()} to {day.isoformat()}.")


@keywords_checked
def write(inv, path, **options):
    """Writes ``build(inv, **options)`` to ``path`` atomically: a temporary file
    in the same directory, flushed to disk, then renamed over ``path``, so a
    reader never sees half a page. Returns the absolute path."""
    try:
        path = os.path.abspath(os.fsdecode(os.fspath(path)))
    except TypeError:
        raise malformed(f"path must be a str or os.PathLike, not {type(path).__name__}",
                        "path") from None
    page = build(inv, **options)
    directory, name = os.path.split(path)
    handle, temporary = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(page)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except FileNotFoundError:
            pass
        raise
    return path
