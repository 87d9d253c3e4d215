# SPDX-License-Identifier: Apache-2.0
"""The Python examples in docs/ run as written."""
import pathlib
import re

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
