# SPDX-License-Identifier: Apache-2.0
"""Sales orders as Python values: the rows of the native
Inventory._create_sales_order, _allocate_sales_order, _ship_sales_order_line,
_cancel_sales_order and _sales_order made into dataclasses
(docs/concepts/sales_orders.md)."""
import dataclasses
import datetime
import decimal
from typing import Optional, Tuple


@dataclasses.dataclass(frozen=True)
class SalesOrderLine:
    """One line of a sales order: ``ordered`` of ``item`` wanted on
    ``requested``; of it, ``shipped``, ``allocated`` (held by the line's
    reservations), ``cancelled``, and ``backordered``, the rest:
    ordered − cancelled − shipped − allocated; ``returned``: what came back
    of what shipped (customer returns). Quantities are Decimals."""

    line: int
    item: str
    requested: datetime.date
    priority: int
    ordered: decimal.Decimal
    allocated: decimal.Decimal
    shipped: decimal.Decimal
    cancelled: decimal.Decimal
    backordered: decimal.Decimal
    returned: decimal.Decimal


@dataclasses.dataclass(frozen=True)
class SalesOrder:
    """A sales order as it stands: for ``customer`` and ``channel`` (None:
    no channel), filled from ``locations`` (most preferred first; what the
    lines lack is backordered at the first), created at ``recorded``."""

    key: str
    customer: str
    channel: Optional[str]
    locations: Tuple[str, ...]
    recorded: datetime.datetime
    lines: Tuple[SalesOrderLine, ...]


def sales_order_of(row):
    *head, lines = row
    return SalesOrder(*head, tuple(SalesOrderLine(*line) for line in lines))
