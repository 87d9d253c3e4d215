# SPDX-License-Identifier: Apache-2.0
"""Valuation helpers that need no inventory: landed-cost allocation.

The inventory's own valuation calls are methods of ``onhand.Inventory``:
``set_costing_method``, ``receive_costed``, ``value_of``,
``cost_of_goods_sold``, ``purchase_price_variance`` and
``valuation_report`` (docs/concepts/valuation.md).
"""
from ._arguments import malformed
from ._core import valuation as _native

__all__ = ["allocate_landed_cost"]


def allocate_landed_cost(total, lines, by="quantity"):
    """Spreads ``total`` (freight, duty...) over receipt lines: ``lines`` is a
    list of dicts with ``quantity``, ``value`` and/or ``weight``; ``by`` names
    which. Returns one Decimal per line; they sum to ``total`` exactly (the
    millionths left by rounding down go to the largest remainders, ties to
    the earlier line).

    >>> allocate_landed_cost("100", [{"quantity": 1}] * 3)
    [Decimal('33.333334'), Decimal('33.333333'), Decimal('33.333333')]
    """
    if not isinstance(by, str):
        raise malformed(f"by must be a str, not {type(by).__name__}", "by")
    try:
        by.encode("utf-8")
    except UnicodeEncodeError:
        raise malformed("by is not valid text (a lone surrogate)", "by") from None
    try:
        rows = list(lines)
    except TypeError:
        raise malformed(f"lines must be a list of dicts, not {type(lines).__name__}",
                        "lines") from None
    return _native.allocate_landed_cost(total, rows, by=by)
