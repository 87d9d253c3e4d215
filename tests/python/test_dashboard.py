# SPDX-License-Identifier: Apache-2.0
"""The HTML dashboard: built from a small inventory, written to a file and
loaded in headless Chromium (Debian's chromium), which must run the page
without an error and show the numbers worked out by hand below from what the
test posted; the SVG charts parse as XML and put a known series where the
documented geometry says; user text is escaped; the page fetches nothing.

Without chromium the browser tests fail when CI is set (scripts/test.sh
installs it from scripts/packages.txt) and are skipped otherwise."""
import dataclasses
import datetime as dt
import decimal
import html.parser
import os
import pathlib
import re
import shutil
import subprocess
import xml.etree.ElementTree as ElementTree

import pandas as pd
import pytest

import onhand
from onhand import _svg, dashboard

D = decimal.Decimal
DAY = dt.date(2026, 12, 1)
ODD = '<b>&"'  # an item code that is markup if not escaped


def at(text):
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


def make_inventory():
    """Three sites; SOAP bought on a purchase order at 2.50 and moved around;
    SERUM lot-tracked with an expiry, bought at 5.00; a wholesale quota and a
    web reservation on SOAP at EAST; a second order still open."""
    inv = onhand.open(clock=lambda: at("2026-12-01T09:00:00Z"))
    for code in ("EAST", "WEST", "NORTH"):
        inv.define_location(code)
    inv.define_item("SOAP")
    inv.define_item("SERUM", lot_tracked=True)
    inv.define_item(ODD)
    inv.define_supplier("ACME")
    inv.create_purchase_order("PO-1", "ACME", [{"item": "SOAP", "quantity": 100, "price": "2.50",
                                                "expected": "2026-12-01", "to": "EAST"}],
                              currency="EUR")
    inv.send_purchase_order("PO-1")
    inv.receive_purchase("PO-1", 0, 100, key="GRN-1")
    inv.transfer("SOAP", 30, source="EAST", to="WEST", key="t1")
    inv.ship("SOAP", 10, source="WEST", key="s1")
    inv.define_lot("SERUM", "L1", expiry="2026-12-20")
    inv.receive_costed("SERUM", 40, "5.00", to="NORTH", key="r-serum", lot="L1")
    inv.receive_costed(ODD, 3, "1", to="NORTH", key="r-odd")
    inv.set_channel_quota("SOAP", "EAST", "wholesale", 20)
    inv.reserve("web-1", "SOAP", "EAST", 5, channel="web")
    inv.create_purchase_order("PO-2", "ACME", [{"item": "SOAP", "quantity": 50, "price": "2.40",
                                                "expected": "2026-12-10", "to": "WEST"}],
                              currency="EUR")
    inv.send_purchase_order("PO-2")
    inv.verify()
    return inv


# Worked out by hand from the postings above.
EXPECTED = {
    # SOAP: 100 received at EAST, 30 moved to WEST, 10 shipped from WEST.
    "position|SOAP|EAST|on_hand": D(70),
    "position|SOAP|WEST|on_hand": D(20),
    "totals|SOAP|on_hand": D(90),
    "position|SERUM|NORTH|on_hand": D(40),
    # ATP at EAST: 70 usable, 5 reserved by web, 20 fenced for wholesale.
    # web: 70 - 5 - 20; wholesale: 70 - 5 (no other quota); no channel: as web.
    "atp|SOAP|EAST|web|available": D(45),
    "atp|SOAP|EAST|wholesale|available": D(65),
    "atp|SOAP|EAST|(no channel)|available": D(45),
    # Supply position per site, now: EAST 70 on hand - 5 reserved; WEST 20 on
    # hand + 50 on the sent PO-2 (PO-1 is received in full).
    "supply|SOAP|EAST|reserved": D(5),
    "supply|SOAP|EAST|inventory_position": D(65),
    "supply|SOAP|WEST|on_order": D(50),
    "supply|SOAP|WEST|inventory_position": D(70),
    # Value: 90 SOAP at 2.50, 40 SERUM at 5.00, 3 of the odd item at 1.
    "value_total": D(225) + D(200) + D(3),
    "valuation_total": D(428),
    "valuation|SOAP|EAST|value": D(175),
    "valuation|SERUM|NORTH|value": D(200),
    # Units on hand over all items: 90 + 40 + 3.
    "on_hand_total": D(133),
    # L1 expires 19 days after DAY: within 60 days; nothing expired.
    "lots_expiring": D(1),
    "lots_expired": D(0),
    "expiry|SERUM|NORTH|L1|days_to_expiry": D(19),
    "expiry|SERUM|NORTH|L1|value": D(200),
    # PO-2 is open; PO-1 is received in full.
    "purchase_orders_open": D(1),
    "reorder_suggestions": D(2),
}

SUGGESTIONS = pd.DataFrame({"item": ["SOAP", ODD], "location": ["WEST", "NORTH"],
                            "order_quantity": [D("48"), D("12.5")],
                            "order_by": [dt.date(2026, 12, 3), dt.date(2026, 12, 4)]})


class Page(html.parser.HTMLParser):
    """Every element's attributes, and each data-metric's value and text."""

    def __init__(self, text):
        super().__init__(convert_charrefs=True)
        self.elements, self.metrics, self._open = [], {}, []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.elements.append((tag, attrs))
        if "data-metric" in attrs:
            self._open.append([attrs["data-metric"], attrs.get("data-value"), ""])
        elif self._open:
            self._open.append(None)

    def handle_endtag(self, tag):
        if self._open:
            entry = self._open.pop()
            if entry is not None:
                self.metrics[entry[0]] = (entry[1], entry[2])

    def handle_data(self, data):
        for entry in self._open:
            if entry is not None:
                entry[2] += data


def chromium():
    path = shutil.which("chromium")
    if path is None:
        message = ("chromium is not installed: the dashboard is checked in headless Chromium "
                   "(Debian package chromium, listed in scripts/packages.txt)")
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    folder = tmp_path_factory.mktemp("dashboard")
    inv = make_inventory()
    path = dashboard.write(inv, folder / "stock.html", as_of=DAY, suggestions=SUGGESTIONS,
                           channels=["web", "wholesale"], expiry_days=60)
    return inv, path


@pytest.fixture(scope="module")
def browser(written, tmp_path_factory):
    """One headless Chromium run over the written page: (DOM, stderr)."""
    _, path = written
    profile = tmp_path_factory.mktemp("chromium-profile")
    run = subprocess.run([chromium(), "--headless", "--no-sandbox", "--disable-gpu",
                          "--enable-logging=stderr", "--v=0", f"--user-data-dir={profile}",
                          "--virtual-time-budget=2000", "--dump-dom", f"file://{path}"],
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr[-2000:]
    return run.stdout, run.stderr


def test_chromium_loads_the_page_without_an_error(browser, written):
    dom, stderr = browser
    page = Page(dom)
    body = next(attrs for tag, attrs in page.elements if tag == "body")
    assert body.get("data-loaded") == "1", "the page's script did not run to its end"
    # Chromium logs the page's console output and uncaught errors as CONSOLE
    # lines; the rest of stderr (dbus, GPU) is about the browser, not the page.
    problems = page_problems(stderr, written[1])
    assert not problems, "\n".join(problems)


def page_problems(stderr, path):
    """The lines of Chromium's stderr about the page: its console output and
    uncaught errors (CONSOLE lines) or anything naming its file. The rest
    (dbus, GPU, sandbox) is about the headless browser, not the page."""
    name = os.path.basename(path)
    return [line for line in stderr.splitlines()
            if "CONSOLE" in line or "Uncaught" in line or name in line]


def test_an_error_of_the_page_would_be_seen():
    # Lines as Chromium 156 writes them for a page calling an undefined function.
    stderr = ("[5313:5343:1206/001635.551181:ERROR:dbus/bus.cc:405] Failed to connect to the "
              "bus: Failed to connect to socket /run/dbus/system_bus_socket\n"
              '[5538:5538:1206/001645.503685:INFO:CONSOLE:1] "Uncaught ReferenceError: nosuch '
              'is not defined", source: file:///tmp/x/stock.html (1)\n')
    assert page_problems(stderr, "/tmp/x/stock.html") == stderr.splitlines()[1:]
    assert page_problems(stderr.splitlines()[0], "/tmp/x/stock.html") == []


def test_chromium_shows_the_numbers_worked_out_by_hand(browser):
    page = Page(browser[0])
    for metric, expected in EXPECTED.items():
        assert metric in page.metrics, f"{metric} not on the page"
        value, text = page.metrics[metric]
        assert D(value) == expected, metric
        assert D(text.replace(",", "")) == expected, metric  # what a reader sees


def test_the_page_reads_the_same_without_javascript(browser, written):
    source = Page(pathlib.Path(written[1]).read_text(encoding="utf-8"))
    shown = Page(browser[0])
    assert source.metrics == shown.metrics
    assert {metric for metric in EXPECTED} <= set(source.metrics)


def test_the_page_fetches_nothing(written):
    text = pathlib.Path(written[1]).read_text(encoding="utf-8")
    assert "http://" not in text and "https://" not in text
    for tag, attrs in Page(text).elements:
        for name in ("src", "href", "action", "srcset", "data"):
            value = attrs.get(name)
            assert value is None or (not value.startswith("//") and ":" not in value), (tag, attrs)
    assert "default-src 'none'" in text  # the policy forbids any fetch as well


def test_item_codes_are_shown_as_text_not_markup(browser, written):
    text = pathlib.Path(written[1]).read_text(encoding="utf-8")
    assert ODD not in text and "&lt;b&gt;&amp;&quot;" in text
    page = Page(browser[0])
    assert not [tag for tag, _ in page.elements if tag == "b"]
    assert page.metrics[f"valuation|{ODD}|NORTH|value"] == ("3", "3")
    assert page.metrics[f"reorder|{ODD}|NORTH|order_quantity"] == ("12.5", "12.5")


def test_every_chart_is_well_formed_svg(written):
    text = pathlib.Path(written[1]).read_text(encoding="utf-8")
    charts = re.findall(r"<svg\b.*?</svg>", text, flags=re.S)
    assert len(charts) == 5
    for chart in charts:
        root = ElementTree.fromstring(chart)
        assert root.tag == "svg" and root.find("title") is not None


def test_the_same_inventory_gives_the_same_bytes(written):
    inv, path = written
    again = dashboard.build(inv, as_of="2026-12-01", suggestions=SUGGESTIONS,
                            channels=["web", "wholesale"])
    assert again == pathlib.Path(path).read_text(encoding="utf-8")


def test_write_replaces_the_file_whole_and_leaves_no_temporary(tmp_path):
    inv = make_inventory()
    target = tmp_path / "stock.html"
    target.write_text("old")
    assert dashboard.write(inv, str(target), as_of=DAY) == str(target)
    assert target.read_text().startswith("<!DOCTYPE html>")
    with pytest.raises(onhand.MalformedInputError):
        dashboard.write(inv, target, as_of="yesterday")
    assert target.read_text().startswith("<!DOCTYPE html>")
    assert os.listdir(tmp_path) == ["stock.html"]


@pytest.mark.parametrize("keywords, field", [
    ({"as_of": dt.datetime(2026, 12, 1, tzinfo=dt.timezone.utc)}, "as_of"),
    ({"as_of": "2026-13-01"}, "as_of"),
    ({"as_of": 20261201}, "as_of"),
    ({"as_of": DAY, "expiry_days": -1}, "expiry_days"),
    ({"as_of": DAY, "expiry_days": 1.5}, "expiry_days"),
    ({"as_of": DAY, "channels": "web"}, "channels"),
    ({"as_of": DAY, "channels": ["web", ""]}, "channels"),
    ({"as_of": DAY, "suggestions": 7}, "suggestions"),
    ({"as_of": DAY, "title": None}, "title"),
    ({"as_of": DAY, "colour": "red"}, "colour"),
    ({}, "as_of"),
])
def test_bad_arguments_are_refused_naming_them(keywords, field):
    inv = make_inventory()
    before = inv.log_position
    with pytest.raises(onhand.MalformedInputError) as raised:
        dashboard.build(inv, **keywords)
    assert raised.value.field == field
    assert inv.log_position == before


def test_only_an_inventory_is_accepted():
    with pytest.raises(onhand.MalformedInputError) as raised:
        dashboard.build("stock.db", as_of=DAY)
    assert raised.value.field == "inv"


def test_render_formats_numbers_exactly_and_right_aligned():
    table = pd.DataFrame({"item": ["A", "B"], "quantity": [D("1234567.125000"), D("-0.5")],
                          "rate": [0.25, float("nan")], "count": [3, 4000]})
    text = dashboard.render([dashboard.Section("T", (dashboard.Table(
        table, "t", formats={"rate": "percent"}),))], title="x")
    page = Page(text)
    assert page.metrics["t|A|quantity"] == ("1234567.125000", "1,234,567.125000")
    assert page.metrics["t|B|quantity"] == ("-0.5", "-0.5")
    assert page.metrics["t|A|rate"] == ("0.25", "25.0 %")
    assert page.metrics["t|B|rate"] == (None, "\u2013")
    assert page.metrics["t|B|count"] == ("4000", "4,000")
    numbers = [attrs for tag, attrs in page.elements if tag == "td" and "data-metric" in attrs]
    assert numbers and all("num" in attrs["class"].split() for attrs in numbers)
    headers = [attrs.get("class") for tag, attrs in page.elements if tag == "th"]
    assert headers == [None, "num", "num", "num"]
    with pytest.raises(onhand.MalformedInputError) as raised:
        dashboard.render([dataclasses.replace(dashboard.Section("T", ()), blocks=("x",))],
                         title="x")
    assert raised.value.field == "sections"


# The charts' geometry (onhand/_svg.py): plot area from x = 64 to width - 16
# and from y = 28 (top tick) to height - 36 (bottom tick).

def polylines(svg):
    return {line.get("data-series"): [tuple(float(c) for c in point.split(","))
                                      for point in line.get("points").split()]
            for line in ElementTree.fromstring(svg).iter("polyline")}


def test_a_line_chart_puts_a_known_series_where_the_geometry_says():
    svg = _svg.line_chart({"stock": [(0, 0), (1, 5), (2, 10)]}, label="t", width=400, height=200,
                          references=[(3, "reorder point")])
    # Ticks 0, 2, ..., 10; x from 64 to 384, y from 164 (0) up to 28 (10).
    assert polylines(svg) == {"stock": [(64, 164), (224, 96), (384, 28)]}
    root = ElementTree.fromstring(svg)
    labels = [text.text for text in root.find("g[@class='y-axis']").iter("text")]
    assert labels == ["0", "2", "4", "6", "8", "10"]
    reference = root.find("g[@class='reference']/line")
    assert reference.get("y1") == reference.get("y2") == "123.2"  # 164 - 3/10 * 136


def test_a_line_chart_leaves_a_gap_at_a_missing_value_and_reads_dates():
    svg = _svg.line_chart({"a": [(dt.date(2026, 1, 1), 1000), (dt.date(2026, 1, 2), None),
                                 (dt.date(2026, 1, 3), 2000), (dt.date(2026, 1, 5), 2000)]},
                          label="t", width=400, height=200)
    # Ticks 0, 500, ..., 2000 (labelled "2,000"); x over 4 days from 64 to 384.
    root = ElementTree.fromstring(svg)
    runs = [[tuple(float(c) for c in point.split(",")) for point in line.get("points").split()]
            for line in root.iter("polyline")]
    assert runs == [[(64, 96)], [(224, 28), (384, 28)]]
    assert "2,000" in [text.text for text in root.iter("text")]
    assert "2026-01-05" in [text.text for text in root.iter("text")]


def rectangles(svg):
    return [(rect.get("data-category"), rect.get("data-series"),
             *(float(rect.get(name)) for name in ("x", "y", "width", "height")))
            for rect in ElementTree.fromstring(svg).iter("rect") if rect.get("class") == "bar"]


def test_grouped_and_stacked_bars_follow_the_geometry():
    # Grouped: ticks 0..4, slot 160 wide, bars 64 wide from 16 into the slot.
    svg = _svg.bar_chart(["a", "b"], {"x": [2, 4], "y": [1, None]}, label="g", width=400,
                         height=200)
    assert rectangles(svg) == [("a", "x", 80, 96, 64, 68), ("a", "y", 144, 130, 64, 34),
                               ("b", "x", 240, 28, 64, 136)]
    # Stacked: sums 3 and 4, ticks 0..4; one 128 wide column per slot.
    svg = _svg.bar_chart(["a", "b"], {"x": [2, 4], "y": [1, None]}, label="s", width=400,
                         height=200, stacked=True)
    assert rectangles(svg) == [("a", "x", 80, 96, 128, 68), ("a", "y", 80, 62, 128, 34),
                               ("b", "x", 240, 28, 128, 136)]
    # Negative values go down from zero: ticks -2..2, zero at y = 96; one
    # slot 320 wide, its column 256 wide from 32 into it.
    svg = _svg.bar_chart(["a"], {"x": [-2], "y": [2]}, label="n", width=400, height=200,
                         stacked=True)
    assert rectangles(svg) == [("a", "x", 96, 96, 256, 68), ("a", "y", 96, 28, 256, 68)]


def test_a_horizontal_bar_is_its_share_of_the_maximum():
    svg = _svg.hbar_chart(["A", "B", "C"], [0.5, D(1), float("nan")], label="h", maximum=1)
    # 480 wide: bars start at 140, full length 480 - 140 - 72 = 268; rows 22 apart from 28.
    assert rectangles(svg) == [("A", None, 140, 31, 134, 16), ("B", None, 140, 53, 268, 16)]
    texts = [text.text for text in ElementTree.fromstring(svg).iter("text")]
    assert texts == ["A", "0.5", "B", "1", "C", "n/a"]
    # A value above the maximum stops at it; the text still says the value.
    svg = _svg.hbar_chart(["A"], [D("1.25")], label="h", maximum=1)
    assert rectangles(svg) == [("A", None, 140, 31, 268, 16)]
    assert "1.25" in [text.text for text in ElementTree.fromstring(svg).iter("text")]


def test_chart_text_is_escaped_and_the_output_is_deterministic():
    hostile = "<script>alert(1)</script>&\"'"
    charts = [_svg.line_chart({hostile: [(0, 1), (1, 2)]}, label=hostile,
                              references=[(1, hostile)]),
              _svg.bar_chart([hostile], {hostile: [1]}, label=hostile),
              _svg.hbar_chart([hostile], [1], label=hostile)]
    for svg in charts:
        root = ElementTree.fromstring(svg)
        assert root.find(".//script") is None
        assert root.find("title").text == hostile
        assert "<script>" not in svg
    assert charts[1] == _svg.bar_chart([hostile], {hostile: [1]}, label=hostile)


def test_nice_ticks_cover_the_values_in_readable_steps():
    assert _svg.nice_ticks(0, 10) == ([0, 2, 4, 6, 8, 10], 0)
    assert _svg.nice_ticks(0, 0.37) == ([0, 0.1, 0.2, 0.3, 0.4], 1)
    assert _svg.nice_ticks(-3, 1234) == ([-500, 0, 500, 1000, 1500], 0)
    assert _svg.nice_ticks(7, 7) == ([7, 7.2, 7.4, 7.6, 7.8, 8], 1)
    assert _svg.tick_label(1234567.0, 0) == "1,234,567"


def test_the_how_to_example_runs_and_prints_what_it_says(tmp_path, monkeypatch, capsys):
    page = pathlib.Path(__file__).resolve().parents[2] / "docs" / "how_to" / "dashboard.md"
    (block,) = re.findall(r"```python\n(.*?)```", page.read_text(), flags=re.S)
    monkeypatch.chdir(tmp_path)
    exec(compile(block, "dashboard.md", "exec"), {})  # noqa: S102
    assert capsys.readouterr().out == "5\n"
    metrics = Page((tmp_path / "stock.html").read_text()).metrics
    assert metrics["atp|SOAP|EAST|web|available"] == ("50", "50")  # 70 usable - 20 fenced
    assert metrics["value_total"] == ("250", "250")  # 100 at 2.50


def test_an_empty_inventory_gives_a_page_of_zeros():
    page = Page(dashboard.build(onhand.open(), as_of=DAY))
    for metric in ("on_hand_total", "value_total", "lots_expiring", "lots_expired",
                   "purchase_orders_open"):
        assert page.metrics[metric] == ("0", "0")
    assert "reorder_suggestions" not in page.metrics


def test_an_expired_lot_counts_as_expired_not_expiring():
    inv = onhand.open(clock=lambda: at("2026-12-01T09:00:00Z"))
    inv.define_location("A")
    inv.define_item("X", lot_tracked=True)
    inv.define_lot("X", "OLD", expiry="2026-11-20")
    inv.define_lot("X", "NEW", expiry="2027-03-01")
    inv.receive("X", 4, to="A", key="r1", lot="OLD")
    inv.receive("X", 6, to="A", key="r2", lot="NEW")
    page = Page(dashboard.build(inv, as_of=DAY, expiry_days=90))
    # OLD expired 11 days before DAY; NEW expires 31 + 31 + 28 = 90 days after it, the
    # last day inside the window.
    assert page.metrics["lots_expired"] == ("1", "1")
    assert page.metrics["lots_expiring"] == ("1", "1")
    assert page.metrics["expiry|X|A|OLD|days_to_expiry"] == ("-11", "-11")
    assert page.metrics["expiry|X|A|NEW|days_to_expiry"] == ("90", "90")


HOSTILE = [None, True, -1, 2**70, float("nan"), float("inf"), "", "\ud800", b"x", [], {},
           object(), "x" * 100_000, D("NaN"), ["\ud800"], [None], dt.date.max, dt.date.min,
           "0001-01-01", pd.DataFrame({"\ud800": [1]}), pd.DataFrame({"a": ["\ud800"]}),
           {"a": 1}]


@pytest.mark.parametrize("argument", ["as_of", "expiry_days", "channels", "suggestions", "title",
                                      "supplier_days", "generated"])
def test_extreme_values_give_a_page_or_an_error_naming_the_argument(argument, tmp_path):
    inv = make_inventory()
    before = inv.log_position
    target = tmp_path / "stock.html"
    for value in HOSTILE:
        try:
            dashboard.write(inv, target, **{"as_of": DAY, argument: value})
        except onhand.Error as error:
            assert error.field == argument, (value, error)
        assert inv.log_position == before
        assert os.listdir(tmp_path) in ([], ["stock.html"])


def test_a_key_shared_by_rows_gets_a_number_and_every_metric_stays_unique():
    table = pd.DataFrame({"item": ["A", "A", "A"], "quantity": [1, 2, 3]})
    page = Page(dashboard.render([dashboard.Section("T", (dashboard.Table(table, "t"),))],
                                 title="x"))
    assert page.metrics == {"t|A|quantity": ("1", "1"), "t|A#2|quantity": ("2", "2"),
                            "t|A#3|quantity": ("3", "3")}


def test_a_chart_shows_the_twenty_largest_of_many():
    inv = onhand.open(clock=lambda: at("2026-12-01T09:00:00Z"))
    inv.define_location("A")
    for number in range(1, 26):
        inv.define_item(f"I{number:02}")
        inv.receive(f"I{number:02}", number, to="A", key=f"r{number}")
    text = dashboard.build(inv, as_of=DAY)
    position_chart = re.findall(r"<svg\b.*?</svg>", text, flags=re.S)[0]
    shown = [category for category, *_ in rectangles(position_chart)]
    assert shown == [f"I{number:02}" for number in range(6, 26)]  # I01..I05 hold the least
    assert "The 20 largest of 25." in text
