# SPDX-License-Identifier: Apache-2.0
"""Cycle counts as DataFrames: the rows of the native Inventory._count_sheet,
_count_variances, _counts_due and _record_accuracy with their columns
(docs/concepts/cycle_counting.md)."""
from .frames import frame

SHEET_COLUMNS = ["task", "item", "location", "lot", "expected"]
VARIANCE_COLUMNS = ["task", "item", "location", "lot", "abc_class", "status", "snapshot",
                    "movements", "expected", "counted", "variance", "percent", "value",
                    "within_tolerance", "adjustment", "counts", "counted_at"]
VARIANCE_QUANTITIES = ["snapshot", "movements", "expected", "counted", "variance", "adjustment"]
DUE_COLUMNS = ["item", "location", "abc_class", "frequency_days", "last_counted", "due"]
ACCURACY_COLUMNS = ["group", "counts", "within", "share"]


def sheet_frame(rows):
    # expected stays Decimal (None for a blind count): a counter's sheet, not a sum.
    return frame(rows, SHEET_COLUMNS, (), True)


def variances_frame(rows, exact):
    return frame(rows, VARIANCE_COLUMNS, VARIANCE_QUANTITIES, exact)


def due_frame(rows):
    return frame(rows, DUE_COLUMNS, (), True)


def accuracy_frame(rows, exact):
    return frame(rows, ACCURACY_COLUMNS, ["share"], exact)
