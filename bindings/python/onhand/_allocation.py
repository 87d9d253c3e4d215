# SPDX-License-Identifier: Apache-2.0
"""Reservations and available-to-promise as Python values: the rows of the
native Inventory._reserve, _reservation, _reservations, _available_to_promise
and _atp made into dataclasses and DataFrames (docs/concepts/atp.md)."""
import dataclasses
import datetime
import decimal
from typing import Optional

from .frames import frame

RESERVATION_COLUMNS = ["key", "item", "location", "quantity", "committed", "released", "lapsed",
                       "remaining", "channel", "customer", "expires", "recorded", "status"]
RESERVATION_QUANTITIES = ["quantity", "committed", "released", "lapsed", "remaining"]
ATP_COLUMNS = ["item", "location", "channel", "on_hand", "quarantined", "usable", "reserved",
               "fenced", "available"]
ATP_QUANTITIES = ["on_hand", "quarantined", "usable", "reserved", "fenced", "available"]
SUPPLY_COLUMNS = ["item", "location", "on_hand", "quarantined", "usable", "reserved",
                  "allocated", "available", "on_order", "in_transit", "backordered",
                  "inventory_position"]
SUPPLY_QUANTITIES = SUPPLY_COLUMNS[2:]


@dataclasses.dataclass(frozen=True)
class Reservation:
    """A reservation as it stands: ``quantity`` as reserved, of which
    ``committed`` shipped, ``released`` given back, ``lapsed`` held when the
    reservation clock passed ``expires``; ``remaining`` is what it still
    holds. ``status`` is open, committed, released or lapsed. ``channel`` and
    ``customer`` are None when not given; ``recorded`` is when it was made."""

    key: str
    item: str
    location: str
    quantity: decimal.Decimal
    committed: decimal.Decimal
    released: decimal.Decimal
    lapsed: decimal.Decimal
    remaining: decimal.Decimal
    channel: Optional[str]
    customer: Optional[str]
    expires: Optional[datetime.datetime]
    recorded: datetime.datetime
    status: str


@dataclasses.dataclass(frozen=True)
class AvailableToPromise:
    """What ``channel`` (None: no channel) may be promised of ``item`` at
    ``location`` and below it now: ``on_hand``, of which ``quarantined`` (lots
    on hold, recalled or expired); ``usable`` (on hand less quarantined and
    what later movements take); ``reserved`` by open reservations; ``fenced``,
    the other channels' remaining quotas; and ``available``, what may still be
    promised. Quantities are Decimals."""

    item: str
    location: str
    channel: Optional[str]
    on_hand: decimal.Decimal
    quarantined: decimal.Decimal
    usable: decimal.Decimal
    reserved: decimal.Decimal
    fenced: decimal.Decimal
    available: decimal.Decimal


def reservations_frame(rows, exact):
    return frame(rows, RESERVATION_COLUMNS, RESERVATION_QUANTITIES, exact)


def atp_frame(rows, exact):
    return frame(rows, ATP_COLUMNS, ATP_QUANTITIES, exact)


def supply_frame(rows, exact):
    """The rows of Inventory._supply_positions as a DataFrame."""
    return frame(rows, SUPPLY_COLUMNS, SUPPLY_QUANTITIES, exact)
