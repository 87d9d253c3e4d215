# SPDX-License-Identifier: Apache-2.0
"""Transfers between sites as Python values: the rows of the native
Inventory._open_transfer, _transfer, _transfers and _in_transit made into
dataclasses and DataFrames (docs/concepts/transfers.md)."""
import dataclasses
import datetime
import decimal
from typing import Optional, Tuple

from .frames import frame

TRANSFER_LINE_COLUMNS = ["transfer", "line", "item", "lot", "quantity", "shipped", "received",
                         "in_transit", "written_off", "found", "unshipped", "source",
                         "destination", "eta", "status"]
TRANSFER_LINE_QUANTITIES = ["quantity", "shipped", "received", "in_transit", "written_off",
                            "found", "unshipped"]
IN_TRANSIT_COLUMNS = ["item", "destination", "eta", "quantity"]


@dataclasses.dataclass(frozen=True)
class TransferLine:
    """One line of a transfer: ``quantity`` ordered, of which ``shipped``;
    of that, ``received`` at the destination, ``written_off`` when the
    transfer closed, and ``in_transit`` the rest. ``found`` arrived beyond
    the shipments; ``unshipped`` is what is left to ship (0 once closed)."""

    line: int
    item: str
    lot: Optional[str]
    quantity: decimal.Decimal
    shipped: decimal.Decimal
    received: decimal.Decimal
    in_transit: decimal.Decimal
    written_off: decimal.Decimal
    found: decimal.Decimal
    unshipped: decimal.Decimal


@dataclasses.dataclass(frozen=True)
class TransferOrder:
    """A transfer order as it stands: from ``source`` to ``destination``
    through ``transit``, expected at ``eta``; ``status`` is open, shipped,
    received or closed. ``close_reason`` and ``loss`` are set when it closed
    with a discrepancy."""

    key: str
    source: str
    destination: str
    transit: str
    eta: datetime.datetime
    status: str
    recorded: datetime.datetime
    close_reason: Optional[str]
    loss: Optional[str]
    lines: Tuple[TransferLine, ...]


def transfer_of(row):
    *head, lines = row
    return TransferOrder(*head, tuple(TransferLine(*line) for line in lines))


def transfer_lines_frame(rows, exact):
    flat = []
    for key, source, destination, _transit, eta, status, _rec, _reason, _loss, lines in rows:
        for line in lines:
            flat.append((key, *line, source, destination, eta, status))
    return frame(flat, TRANSFER_LINE_COLUMNS, TRANSFER_LINE_QUANTITIES, exact)


def in_transit_frame(rows, exact):
    return frame(rows, IN_TRANSIT_COLUMNS, ["quantity"], exact)
