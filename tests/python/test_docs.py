# SPDX-License-Identifier: Apache-2.0
"""The Python examples in docs/ run as written, and the reference agrees with the code."""
import datetime
import pathlib
import re
from decimal import Decimal

import onhand

ROOT = pathlib.Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"


def python_blocks(page):
    return re.findall(r"```python\n(.*?)```", (DOCS / page).read_text(), flags=re.S)


def test_readme_example_runs():
    (block,) = re.findall(r"```python\n(.*?)```", (ROOT / "README.md").read_text(), flags=re.S)
    namespace = {}
    exec(compile(block, "README.md", "exec"), namespace)  # noqa: S102
    assert namespace["inv"].balance("SERUM-30ML") == 117


def test_getting_started_runs_and_prints_the_shortfall(capsys):
    (block,) = python_blocks("getting_started.md")
    namespace = {}
    exec(compile(block, "getting_started.md", "exec"), namespace)  # noqa: S102
    inv = namespace["inv"]
    assert inv.balance("SERUM-30ML") == 117
    assert capsys.readouterr().out.strip() == "500 17 3PL-WEST"
    assert isinstance(inv, onhand.Inventory)


def test_scanning_examples_run_in_order():
    # The page's blocks build on each other (scan, then a resolver, then an inventory).
    namespace = {}
    blocks = python_blocks("scanning.md")
    assert len(blocks) == 3
    for number, block in enumerate(blocks):
        exec(compile(block, f"scanning.md, python block {number + 1}", "exec"), namespace)  # noqa: S102
    parsed = namespace["s"]
    assert parsed.expiry == datetime.date(2026, 12, 31)
    assert parsed.measures[0]["value"] == Decimal("5.00")
    assert namespace["tag"].uri == "urn:epc:id:sgtin:0614141.812345.6789"
    tagged = namespace["resolver"].resolve_epc("3074257BF7194E4000001A85")
    assert (tagged["item"], tagged["serial"]) == ("TAGGED-ITEM", "6789")
    assert namespace["line"]["base_quantity"] == 12
    assert namespace["inv"].balance("SERUM-30ML") == 12


def test_batch_example_runs_and_prints_what_it_says(capsys):
    (block,) = python_blocks("how_to/post_in_batches.md")
    namespace = {}
    exec(compile(block, "post_in_batches.md", "exec"), namespace)  # noqa: S102
    printed = capsys.readouterr().out.splitlines()
    assert printed == ["2 1", "[{'row': 2, 'code': 'insufficient_stock'}]"]
    assert namespace["inv"].balance("SKU-1", "WH") == 3


def test_forecasting_example_runs():
    (block,) = python_blocks("forecasting.md")
    namespace = {}
    exec(compile(block, "forecasting.md", "exec"), namespace)  # noqa: S102
    demand, fc = namespace["demand"], namespace["fc"]
    assert demand.shape == (3, 104)
    assert fc.forecast.shape == (3, 8)
    assert namespace["sigma"].shape == (3,)


def class_of(code):
    return getattr(onhand, "".join(part.title() for part in code.split("_")) + "Error")


def test_errors_page_has_one_section_per_code_in_table_order():
    # Sections read "#### `name` (value, kind)"; onhand.error_codes is the code table, in order.
    page = (DOCS / "reference" / "errors.md").read_text()
    headings = re.findall(r"^#### (.*)$", page, flags=re.M)
    sections = [re.fullmatch(r"`(\w+)` \((\d+), (\w+)\)", heading) for heading in headings]
    assert all(sections), [h for h, s in zip(headings, sections) if not s]
    documented = [(s[1], int(s[2]), s[3]) for s in sections]
    table = [(code, value, class_of(code).kind) for code, value in onhand.error_codes.items()]
    assert documented == table



def test_atp_python_examples_run(capsys):
    # The three-3PL example through the Python API, then onhand.allocation.
    namespace = {}
    blocks = python_blocks("concepts/atp.md")
    assert len(blocks) == 2
    for number, block in enumerate(blocks):
        exec(compile(block, f"atp.md, python block {number + 1}", "exec"), namespace)  # noqa: S102
    brand = namespace["brand"]
    assert brand.reservation("web-1001").committed == 30
    assert brand.balance("SOAP", "3PL-EAST", within=True) == 70
    printed = capsys.readouterr().out
    assert "web-1001" in printed and "ws-77" in printed
    brand.verify()


def test_fill_sales_orders_how_to_runs_in_order():
    # The page's blocks build on each other; each asserts the numbers its
    # prose works out by hand. The third is an expression whose output the
    # page shows as a comment: the same row is checked here.
    namespace = {}
    blocks = python_blocks("how_to/fill_sales_orders.md")
    assert len(blocks) == 8
    for number, block in enumerate(blocks):
        exec(compile(block, f"fill_sales_orders.md, python block {number + 1}", "exec"),  # noqa: S102
             namespace)
        if number == 2:
            shown = re.findall(r"^# 0\s+(.*)$", block, flags=re.M)[0].split()
            row = eval(compile(block, "fill_sales_orders.md, block 3", "eval"), namespace)  # noqa: S307
            assert [float(v) for v in row.iloc[0]] == [float(v) for v in shown]
    assert namespace["order"].lines[0].cancelled == 30
    # The returns: 6 of the 30 shipped came back (4 resellable, 2 damaged).
    assert namespace["inv"].sales_order("SO-1").lines[0].returned == 6
    assert namespace["inv"].balance("SOAP", "RETURNS-QC") == 2
    namespace["inv"].verify()
