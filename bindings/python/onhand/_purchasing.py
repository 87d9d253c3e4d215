# SPDX-License-Identifier: Apache-2.0
"""DataFrames of purchasing: open purchase order lines, scheduled receipts
and supplier performance (the metrics: docs/concepts/purchasing.md)."""
from .frames import frame

PURCHASE_LINE_COLUMNS = ("order", "line", "supplier", "item", "to", "ordered", "received",
                         "remaining", "expected", "status")
PURCHASE_LINE_QUANTITIES = ("ordered", "received", "remaining")
INSPECTION_COLUMNS = ("order", "line", "item", "location", "to", "quantity", "rejected")
SCHEDULED_RECEIPT_COLUMNS = ("item", "location", "quantity", "day", "source")
SUPPLIER_PERFORMANCE_COLUMNS = ("supplier", "item", "lines", "lead_time_samples",
                                "lead_time_days_mean", "lead_time_days_stddev", "on_time_rate",
                                "in_full_rate", "otif_rate", "fill_rate", "price_variance",
                                "price_variance_rate")


SUPPLIER_ITEM_COLUMNS = ("supplier", "item", "supplier_code", "price", "currency", "valid_from",
                         "valid_to", "pack_size", "minimum_order", "lead_time_days")


def supplier_items_frame(rows, exact):
    return frame(rows, SUPPLIER_ITEM_COLUMNS, ("price", "pack_size", "minimum_order"), exact)


def purchase_lines_frame(rows, exact):
    return frame(rows, PURCHASE_LINE_COLUMNS, PURCHASE_LINE_QUANTITIES, exact)


def inspection_frame(rows, exact):
    return frame(rows, INSPECTION_COLUMNS, ("quantity", "rejected"), exact)


def purchase_receipts_frame(rows, exact):
    return frame(rows, SCHEDULED_RECEIPT_COLUMNS, ("quantity",), exact)


def supplier_performance_frame(rows, exact):
    return frame(rows, SUPPLIER_PERFORMANCE_COLUMNS, ("price_variance",), exact)
