# SPDX-License-Identifier: Apache-2.0
"""Charts as inline SVG strings for onhand.dashboard: a line chart, a bar
chart (grouped or stacked) and a horizontal bar chart, with no dependency.

Every label is escaped (item codes are user data), coordinates are printed
with at most two decimals, and the same input gives the same bytes. The
output has no ``xmlns``: it is meant to sit inside an HTML page, where the
parser puts it in the SVG namespace, and it also parses as plain XML.

Geometry of the line and bar charts, in SVG units: the plot area runs from
``x = LEFT`` to ``x = width - RIGHT`` and from ``y = TOP`` (the highest tick)
to ``y = height - BOTTOM`` (the lowest tick). The y axis spans "nice" ticks
(steps of 1, 2 or 5 times a power of ten) that cover the values, zero
included. A line chart's x axis spans the first to the last x value.
"""
import datetime
import html
import math

LEFT, RIGHT, TOP, BOTTOM = 64, 16, 28, 36
# Color-blind safe categorical palette (Okabe and Ito), cycled per series.
PALETTE = ("#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442",
           "#000000")
_FONT = 'font-family="system-ui, sans-serif" font-size="11"'


def escape(text):
    """``text`` as SVG/HTML character data or attribute value."""
    return html.escape(str(text), quote=True)


def number(value):
    """A coordinate: at most two decimals, no trailing zeros, never "-0"."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _value(value):
    """A plotted value as a float, or None for a missing one (None, NaN)."""
    if value is None:
        return None
    value = float(value)
    return None if math.isnan(value) else value


def nice_ticks(low, high, count=5):
    """Ticks covering [low, high] in about ``count`` steps of 1, 2 or 5 times
    a power of ten, and the number of decimals their labels need.

    >>> nice_ticks(0, 10)
    ([0.0, 2.0, 4.0, 6.0, 8.0, 10.0], 0)
    """
    if high < low:
        low, high = high, low
    if high == low:
        high = low + 1
    raw = (high - low) / count
    exponent = math.floor(math.log10(raw))
    magnitude = 10.0 ** exponent
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw * (1 - 1e-9))
    if step == 10 * magnitude:
        exponent += 1
    first = math.floor(low / step + 1e-9)
    last = math.ceil(high / step - 1e-9)
    ticks = [round(i * step, 12) for i in range(first, last + 1)]
    return ticks, max(0, -exponent)


def tick_label(value, decimals):
    """A tick's label: thousands separated, ``decimals`` decimals."""
    text = f"{value:,.{decimals}f}"
    return text[1:] if text.startswith("-") and float(text.replace(",", "")) == 0 else text


def _svg(width, height, label, body):
    return (f'<svg class="chart" viewBox="0 0 {width} {height}" width="{width}" '
            f'height="{height}" role="img" aria-label="{escape(label)}">'
            f"<title>{escape(label)}</title>{''.join(body)}</svg>")


def _legend(names, width):
    """One row of swatches and names above the plot, left to right."""
    parts, x = [], LEFT
    for index, name in enumerate(names):
        color = PALETTE[index % len(PALETTE)]
        parts.append(f'<rect x="{x}" y="6" width="10" height="10" fill="{color}"/>'
                     f'<text x="{x + 14}" y="15" {_FONT}>{escape(name)}</text>')
        x += 14 + 7 * len(str(name)) + 16
        if x > width - RIGHT:
            break
    return f'<g class="legend">{"".join(parts)}</g>'


def _y_axis(ticks, decimals, scale, width, label=None):
    """Grid lines and labels of the y axis; ``scale`` maps a value to y."""
    parts = []
    for tick in ticks:
        y = number(scale(tick))
        parts.append(f'<line x1="{LEFT}" y1="{y}" x2="{width - RIGHT}" y2="{y}" '
                     f'stroke="#ddd" stroke-width="1"/>'
                     f'<text x="{LEFT - 6}" y="{y}" dy="4" text-anchor="end" {_FONT}>'
                     f"{escape(tick_label(tick, decimals))}</text>")
    if label:
        parts.append(f'<text x="12" y="{TOP}" {_FONT} transform="rotate(-90 12 {TOP})" '
                     f'text-anchor="end">{escape(label)}</text>')
    return f'<g class="y-axis">{"".join(parts)}</g>'


def _y_scale(values, height, references=()):
    """Ticks, their decimals and the value-to-y function over ``values``."""
    present = [v for v in values if v is not None] + [float(r) for r, _ in references]
    ticks, decimals = nice_ticks(min(present + [0.0]), max(present + [0.0]))
    low, high = ticks[0], ticks[-1]
    bottom = height - BOTTOM

    def scale(value):
        return bottom - (value - low) / (high - low) * (bottom - TOP)
    return ticks, decimals, scale


def _x_number(x):
    if isinstance(x, datetime.datetime):
        return x.timestamp() / 86400
    if isinstance(x, datetime.date):
        return float(x.toordinal())
    return float(x)


def _x_label(x):
    if isinstance(x, (datetime.date, datetime.datetime)):
        return x.isoformat()[:10]
    if isinstance(x, float) and x.is_integer():
        return f"{int(x):,}"
    return str(x)


def line_chart(series, *, label, width=640, height=240, references=(), y_label=None,
               x_ticks=5):
    """Several series as lines over a shared x axis.

    ``series`` maps a name to a list of ``(x, y)`` points, x numbers or dates
    and y numbers (Decimal, int or float; None or NaN leaves a gap).
    ``references`` is a list of ``(y, label)`` horizontal lines (a reorder
    point, a safety stock), dashed and labelled at the right end. Each series
    is one ``<polyline class="series" data-series="name">`` per unbroken run.
    """
    all_x = [_x_number(x) for points in series.values() for x, _ in points]
    all_y = [_value(y) for points in series.values() for _, y in points]
    if not all_x or all(y is None for y in all_y):
        return _svg(width, height, label, [_empty(width, height)])
    ticks, decimals, y_of = _y_scale(all_y, height, references)
    x_low, x_high = min(all_x), max(all_x)
    right = width - RIGHT

    def x_of(x):
        if x_high == x_low:
            return (LEFT + right) / 2
        return LEFT + (x - x_low) / (x_high - x_low) * (right - LEFT)

    body = [_legend(list(series), width), _y_axis(ticks, decimals, y_of, width, y_label)]
    firsts = sorted({x for points in series.values() for x, _ in points}, key=_x_number)
    shown = firsts if len(firsts) <= x_ticks else [
        firsts[round(i * (len(firsts) - 1) / (x_ticks - 1))] for i in range(x_ticks)]
    for x in dict.fromkeys(shown):
        body.append(f'<text x="{number(x_of(_x_number(x)))}" y="{height - BOTTOM + 16}" '
                    f'text-anchor="middle" {_FONT}>{escape(_x_label(x))}</text>')
    for value, text in references:
        y = number(y_of(float(value)))
        body.append(f'<g class="reference"><line x1="{LEFT}" y1="{y}" x2="{right}" y2="{y}" '
                    f'stroke="#c00" stroke-dasharray="4 3"/>'
                    f'<text x="{right}" y="{y}" dy="-3" text-anchor="end" fill="#c00" {_FONT}>'
                    f"{escape(text)}</text></g>")
    for index, (name, points) in enumerate(series.items()):
        color = PALETTE[index % len(PALETTE)]
        runs, run = [], []
        for x, y in sorted(points, key=lambda point: _x_number(point[0])):
            y = _value(y)
            if y is None:
                runs.append(run)
                run = []
            else:
                run.append(f"{number(x_of(_x_number(x)))},{number(y_of(y))}")
        runs.append(run)
        for run in filter(None, runs):
            body.append(f'<polyline class="series" data-series="{escape(name)}" fill="none" '
                        f'stroke="{color}" stroke-width="2" points="{" ".join(run)}"/>')
    return _svg(width, height, label, body)


def _empty(width, height):
    return (f'<text x="{width / 2:g}" y="{height / 2:g}" text-anchor="middle" {_FONT}>'
            "no data</text>")


def _category_label(text, limit=14):
    text = str(text)
    return text if len(text) <= limit else text[:limit - 1] + "\u2026"


def bar_chart(categories, series, *, label, stacked=False, width=640, height=240,
              y_label=None):
    """Vertical bars: one slot per category, one bar per series in it
    (side by side, or stacked with ``stacked=True``: positive values upwards
    from zero, negative ones downwards).

    ``series`` maps a name to one value per category (None or NaN: no bar).
    Each slot is ``(width - LEFT - RIGHT) / len(categories)`` wide and its
    bars fill the middle 80 % of it. Each bar is a ``<rect class="bar"
    data-series="name" data-category="category">``.
    """
    categories = list(categories)
    values = {name: [_value(v) for v in column] for name, column in series.items()}
    if not categories or all(v is None for column in values.values() for v in column):
        return _svg(width, height, label, [_empty(width, height)])
    if stacked:
        ups = [sum(max(column[i] or 0, 0) for column in values.values())
               for i in range(len(categories))]
        downs = [sum(min(column[i] or 0, 0) for column in values.values())
                 for i in range(len(categories))]
        extent = ups + downs
    else:
        extent = [v for column in values.values() for v in column]
    ticks, decimals, y_of = _y_scale(extent, height)
    slot = (width - RIGHT - LEFT) / len(categories)
    body = [_legend(list(series), width), _y_axis(ticks, decimals, y_of, width, y_label)]
    rotate = len(categories) > 8
    for i, category in enumerate(categories):
        x = LEFT + (i + 0.5) * slot
        y = height - BOTTOM + 14
        turn = f' transform="rotate(-30 {number(x)} {y})"' if rotate else ""
        body.append(f'<text x="{number(x)}" y="{y}" text-anchor="{"end" if rotate else "middle"}"'
                    f'{turn} {_FONT}>{escape(_category_label(category))}</text>')
    group = 0.8 * slot
    bar = group if stacked else group / max(len(values), 1)
    for i, category in enumerate(categories):
        left = LEFT + i * slot + 0.1 * slot
        up = down = 0.0
        for index, (name, column) in enumerate(values.items()):
            value = column[i]
            if value is None:
                continue
            if stacked:
                base = up if value >= 0 else down
                top = base + value
                if value >= 0:
                    up = top
                else:
                    down = top
                x = left
            else:
                base, top = 0.0, value
                x = left + index * bar
            y1, y2 = sorted((y_of(base), y_of(top)))
            body.append(f'<rect class="bar" data-series="{escape(name)}" '
                        f'data-category="{escape(category)}" x="{number(x)}" y="{number(y1)}" '
                        f'width="{number(bar)}" height="{number(y2 - y1)}" '
                        f'fill="{PALETTE[index % len(PALETTE)]}"><title>{escape(category)}, '
                        f"{escape(name)}: {escape(_plain(value))}</title></rect>")
    return _svg(width, height, label, body)


def _plain(value):
    return f"{value:,.2f}".rstrip("0").rstrip(".") if not float(value).is_integer() \
        else f"{int(value):,}"


ROW, LABEL_WIDTH, VALUE_WIDTH = 22, 140, 72


def hbar_chart(labels, values, *, label, maximum=None, width=480, formatter=_plain):
    """Horizontal bars, one row of ``ROW`` units per label (a scorecard):
    row ``i``'s bar starts at ``x = LABEL_WIDTH``, at ``y = TOP + i * ROW + 3``,
    and is ``value / maximum`` of ``width - LABEL_WIDTH - VALUE_WIDTH`` long
    (``maximum`` defaults to the largest value; 1 suits rates), with the value
    written by ``formatter`` after it. None or NaN: no bar, "n/a" written.
    Negative values draw no bar, and a bar stops at ``maximum``. ``formatter``
    gets the value as it was given (a Decimal stays a Decimal).
    """
    labels, given = list(labels), list(values)
    values = [_value(v) for v in given]
    height = TOP + ROW * max(len(labels), 1) + 8
    present = [v for v in values if v is not None]
    top = float(maximum) if maximum is not None else max(present + [0.0])
    span = width - LABEL_WIDTH - VALUE_WIDTH
    body = []
    for i, (name, value, original) in enumerate(zip(labels, values, given)):
        y = TOP + i * ROW
        body.append(f'<text x="{LABEL_WIDTH - 6}" y="{y + 15}" text-anchor="end" {_FONT}>'
                    f"{escape(_category_label(name, 20))}</text>")
        if value is None:
            body.append(f'<text x="{LABEL_WIDTH}" y="{y + 15}" {_FONT}>n/a</text>')
            continue
        length = span * min(max(value, 0.0) / top, 1.0) if top > 0 else 0.0
        body.append(f'<rect class="bar" data-category="{escape(name)}" x="{LABEL_WIDTH}" '
                    f'y="{y + 3}" width="{number(length)}" height="{ROW - 6}" '
                    f'fill="{PALETTE[0]}"/>'
                    f'<text x="{number(LABEL_WIDTH + length + 4)}" y="{y + 15}" {_FONT}>'
                    f"{escape(formatter(original))}</text>")
    return _svg(width, height, label, body)
