# SPDX-License-Identifier: Apache-2.0
"""The valuation report's rows (native Inventory._valuation_report) as a
DataFrame (docs/concepts/valuation.md)."""
from .frames import frame

VALUATION_COLUMNS = ["item", "location", "category", "method", "on_hand", "ledger_on_hand",
                     "value", "unit_cost", "reconciled"]
VALUATION_DECIMALS = ["on_hand", "ledger_on_hand", "value", "unit_cost"]


def valuation_frame(rows, exact):
    """The report: Decimal columns float64 unless ``exact``."""
    return frame(rows, VALUATION_COLUMNS, VALUATION_DECIMALS, exact)
