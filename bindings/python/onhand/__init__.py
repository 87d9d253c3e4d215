# SPDX-License-Identifier: Apache-2.0
"""onhand: an exact, embeddable inventory engine.

Stock ledger with lots, expiry and serials, positions as of any day,
reservations and available-to-promise, and replenishment math.
Quantities go in and come out as ``decimal.Decimal`` (ints and decimal
strings accepted; floats are refused because they are not exact). Every
failure raises a subclass of ``onhand.Error`` carrying ``code`` and the
context of the failure (``item``, ``location``, ``lot``, ``requested``,
``available``...), and changes nothing.

>>> import onhand
>>> inv = onhand.open()
>>> inv.define_location("3PL-EAST")
>>> inv.define_item("SOAP")
>>> inv.receive("SOAP", 120, to="3PL-EAST", key="po-88/1")["document"]
0
>>> inv.balance("SOAP", "3PL-EAST")
Decimal('120')
"""
import datetime as _dt
import os as _os

from . import _core
from ._arguments import check_methods, checked, malformed
from ._core import Error, __version__, error_codes  # noqa: F401
# The standard virtual locations that every inventory opened here defines,
# the default counter-sides of receive, ship, adjust and scrap.
from ._core import CUSTOMER, INVENTORY_LOSS, SCRAP, SUPPLIER  # noqa: F401
from .frames import (HISTORY_COLUMNS, HISTORY_QUANTITIES, LOT_COLUMNS,  # noqa: F401
                     LOT_QUANTITIES, POSITION_COLUMNS, POSITION_QUANTITIES, TOTALS_COLUMNS,
                     TOTALS_QUANTITIES, frame)

# One exception class per error code, e.g. onhand.InsufficientStockError.
for _name in dir(_core):
    if _name.endswith("Error") and _name != "Error":
        globals()[_name] = getattr(_core, _name)
del _name

# Native functions raise argument errors (unknown keyword, wrong type) as
# MalformedInputError naming the argument, not pybind11's TypeError.
quantity = checked(_core.quantity)
extend = checked(_core.extend)


@check_methods
class Inventory(_core.Inventory):
    """An inventory over an event log: a SQLite file (``path``), or memory.

    The native methods (``define_*``, ``post``, ``receive``, ``ship``,
    ``transfer``, ``adjust``, ``scrap``, ``reverse``, ``balance``, ``verify``)
    take and return exact values; the methods below add pandas views. A new
    inventory defines the standard virtual locations SUPPLIER, CUSTOMER,
    INVENTORY-LOSS and SCRAP.
    """

    def __init__(self, *, path=None, **options):
        path = _file_path(path)
        super().__init__(path=path, **options)
        self._path = path

    def backup(self, path):
        """Writes a consistent copy of this inventory's SQLite file to ``path``
        (replacing a file there) while the inventory stays open, with SQLite's
        online backup API. The copy opens with ``onhand.open(path)``. An
        in-memory inventory has no file: ``StoreFailureError``.

        >>> inv.backup("stock-backup.db")  # doctest: +SKIP
        """
        _core._sqlite_backup(self._path, _file_path(path))

    def export_jsonl(self, path):
        """Writes this inventory's event log to ``path`` as JSON Lines
        (docs/reference/jsonl.md); returns the number of events. Needs an
        inventory opened with a ``path``: ``StoreFailureError`` in memory.
        ``onhand.import_jsonl(path, into=...)`` reads it back.

        >>> inv.export_jsonl("events.jsonl")  # doctest: +SKIP
        """
        from ._io import export_jsonl
        return export_jsonl(self, path)

    def import_csv(self, path, *, table, **options):
        """Imports a CSV file of items, locations, lots or opening balances;
        returns the error report as a DataFrame (``onhand.import_csv``)."""
        from ._io import import_csv
        return import_csv(self, path, table=table, **options)

    def __repr__(self):
        def some(codes, shown=3):
            listed = ", ".join(codes[:shown]) + (", ..." if len(codes) > shown else "")
            return f" ({listed})" if codes else ""
        items, locations = self.items(), self.locations()
        return (f"<onhand.Inventory: {len(items)} item{'s' * (len(items) != 1)}{some(items)}, "
                f"{len(locations)} location{'s' * (len(locations) != 1)}{some(locations)}, "
                f"log position {self.log_position}>")

    def scan_resolver(self):
        """A resolver from scans to stock lines through this inventory's catalog:
        item GTINs per pack level, and the expiry on record of each lot.

        >>> line = inv.scan_resolver().resolve("(01)19506000134359(17)281231(10)L2611")
        >>> line["item"], line["base_quantity"]          # a case of 12  # doctest: +SKIP
        """
        from . import scan
        return scan.ScanResolver(self._find_gtin, self._lot_expiry)

    def post_batch(self, data=None, *, atomic=False, **columns):
        """Posts many documents in one call: a DataFrame (or a dict of columns,
        or the columns as keywords), one row per line, with columns key, item,
        source, to, quantity and optionally lot, unit, effective (aware
        times), reason and reference. Consecutive rows under one key are one
        document. Quantities are integers, Decimal or str (floats are
        refused: they are not exact).

        Each document is judged as if posted alone after the ones accepted
        before it in the batch, and is posted or refused on its own (or all or
        none with ``atomic=True``); a refusal is a row of ``errors``, not an
        exception. One clock read, one lock, one append to the log.
        Returns a ``BatchResult(documents, errors, posted, refused)``.

        >>> r = inv.post_batch({"key": ["po-1", "so-1"], "item": ["SOAP", "SOAP"],
        ...                     "source": [onhand.SUPPLIER, "3PL-EAST"],
        ...                     "to": ["3PL-EAST", onhand.CUSTOMER], "quantity": [10, 4]})
        >>> r.posted, len(r.errors)  # doctest: +SKIP
        (2, 0)
        """
        from ._batch import post_batch
        return post_batch(self, data, atomic=atomic, **columns)

    def position(self, item=None, day=None, exact=False):
        """Stock position per item and location as of ``day`` (default today,
        UTC): a DataFrame with item, location, kind, on_hand, quarantined and
        available (float64 columns; Decimal columns with ``exact=True``).

        ``on_hand`` is the stock as of the end of ``day``: every movement
        effective on or before it, back-dated ones included. ``quarantined``
        is the part of it in lots unusable on ``day``: expired by then, or
        on hold or recalled. A lot's status is its current one (status
        changes are not dated), so a lot put on hold today counts as on hold
        on every past day. ``kind`` is ``internal`` (stock on hand) or
        ``transit`` (stock in transit between internal locations); a row
        appears for every such location the item had moved through by then.
        Item totals over all locations are in ``item_totals()``.
        """
        return frame(self._positions(item, day), POSITION_COLUMNS, POSITION_QUANTITIES, exact)

    def item_totals(self, item=None, as_of=None, exact=False):
        """Each item's stock over the whole business (or one item's): a DataFrame
        with item, on_hand (at internal locations), in_transit (at transit
        locations) and owned (both), now or ``as_of`` a time; float64 columns,
        Decimal with ``exact=True``. One row per item: the figures of
        ``totals()``, which gives them for one item as a dict."""
        return frame(self._totals(item, as_of), TOTALS_COLUMNS, TOTALS_QUANTITIES, exact)

    def history(self, item=None, location=None, exact=False):
        """Movements of an item (at a location, or at all its physical locations) or
        of a location, in effective-time order, with the running balance
        (quantity and balance float64; Decimal with ``exact=True``)."""
        return frame(self._history(item, location), HISTORY_COLUMNS, HISTORY_QUANTITIES, exact)

    def lots(self, item=None, location=None, day=None, exact=False):
        """Stock per lot at each internal and transit location: a DataFrame with
        item, location, lot, quantity (float64; Decimal with ``exact=True``),
        expiry, status and days_to_expiry on ``day`` (default today, UTC).

        ``status`` is the lot's status (available, on_hold, recalled), or
        ``expired`` for an available lot whose expiry is before ``day``.
        Rows are in item and location definition order, first to expire first.
        Lots with no stock, and stock of items without lots, are left out.
        """
        return frame(self._lots(item, location, day), LOT_COLUMNS, LOT_QUANTITIES, exact,
                     counts=["days_to_expiry"])

    def recall_trace(self, item, lot, exact=False):
        """The recall trace of ``lot`` of ``item``: a ``RecallTrace`` whose
        DataFrames give every movement of the lot in log order (``movements``),
        where it is now (``locations``), the customers it reached (``customers``,
        with the documents and their references in ``customer_documents``),
        scrap, production and loss (``other_destinations``), and the receipts it
        came from (``sources``). Quantities float64; Decimal with ``exact=True``.

        Reads only the lot's ledger accounts, found through the item's account
        index: O(a + e log e) for a accounts of the item and e entries of the
        lot, whatever the size of the rest of the ledger.

        >>> t = inv.recall_trace("SERUM", "L2611")               # doctest: +SKIP
        >>> t.customers                                          # doctest: +SKIP
        """
        from ._trace import recall_trace
        return recall_trace(self, item, lot, exact)

    def expiry_risk(self, within_days=30, on=None, location=None, unit_costs=None, exact=False):
        """Stock in lots expiring within ``within_days`` of ``on`` (default today,
        UTC), already expired stock included: a DataFrame with item, location,
        lot, expiry, days_to_expiry, expired, status, quantity and value, sorted
        by expiry. ``location`` limits it to a location and everything below it.

        ``quantity`` is the stock as of the end of ``on`` at internal and
        transit locations. ``value`` is quantity × the item's unit cost from
        ``unit_costs`` (a mapping from item code to cost, e.g. a dict or a
        pandas Series), empty without one: onhand has no valuation of its own
        yet. A lot expiring on ``on`` has 0 days left and is not expired.
        """
        from ._trace import expiry_risk
        return expiry_risk(self, within_days, on, location, unit_costs, exact)

    def reserve(self, key, item, location, quantity, *, channel=None, customer=None,
                expires=None, unit=None):
        """Reserves ``quantity`` of ``item`` at ``location`` or anywhere below
        it, under the idempotency key ``key`` (also the reservation's handle),
        for ``channel`` and ``customer``, until ``expires`` by the reservation
        clock (an aware datetime; None: no expiry). ``unit``: an alternate unit
        of the item (default its base unit). Returns the ``Reservation``; a
        retry under the same key returns it again. Refused with
        ``InsufficientStockError`` (``available`` says how much there is) when
        the channel's available-to-promise is short; nothing is reserved.

        >>> r = inv.reserve("cart-881", "SOAP", "3PL-EAST", 6, channel="web")  # doctest: +SKIP
        >>> r.remaining, r.status                                               # doctest: +SKIP
        (Decimal('6'), 'open')
        """
        from ._allocation import Reservation
        return Reservation(*self._reserve(key, item, location, quantity, channel=channel,
                                          customer=customer, expires=expires, unit=unit))

    def reservation(self, key):
        """The ``Reservation`` made under ``key`` (UnknownReservationError if none)."""
        from ._allocation import Reservation
        return Reservation(*self._reservation(key))

    def reservations(self, item=None, status=None, exact=False):
        """Every reservation (of ``item``; with ``status`` open, committed,
        released or lapsed), in the order they were made: a DataFrame with the
        fields of ``Reservation`` (quantities float64; Decimal with
        ``exact=True``)."""
        from ._allocation import reservations_frame
        return reservations_frame(self._reservations(item, status), exact)

    def available_to_promise(self, item, location, channel=None):
        """What ``channel`` (None: no channel) may be promised of ``item`` at
        ``location`` and below it now: an ``AvailableToPromise`` with on_hand,
        quarantined, usable, reserved, fenced and available as Decimals."""
        from ._allocation import AvailableToPromise
        return AvailableToPromise(*self._available_to_promise(item, location, channel))

    def atp(self, items=None, locations=None, channel=None, exact=False):
        """Available-to-promise for many items at once: a DataFrame with one row
        per item and location (the columns of ``AvailableToPromise``), over the
        given lists of codes; without ``locations``, every internal location
        that holds stock of the item itself; without ``items``, every item.
        Quantities float64; Decimal with ``exact=True``."""
        from ._allocation import atp_frame
        return atp_frame(self._atp(items, locations, channel), exact)

    def supply_position(self, items=None, locations=None, exact=False):
        """The stock position in one query: a DataFrame with one row per item
        and location subtree (without ``locations``, per site: each internal
        location with no internal location above it) and the columns item,
        location, on_hand, quarantined, usable, reserved, allocated,
        available, on_order, in_transit, backordered and inventory_position.

        Each figure counts the location and everything below it, now:
        ``reserved`` is held by reservations not made for a sales order,
        ``allocated`` by those made for sales-order lines, ``available`` is
        usable − reserved − allocated (floored at 0; channel quotas are in
        ``atp()``), ``on_order`` the open remainders of sent purchase
        orders, ``in_transit`` what transfers have shipped to it,
        ``backordered`` what open sales-order lines lack (at each order's
        first location), and ``inventory_position`` = usable + on_order +
        in_transit − reserved − allocated − backordered.
        Rows of zeros are left out; the rows of distinct sites add up to
        the business's total. Float64 columns; Decimal with ``exact=True``.

        >>> inv.supply_position(["SOAP"])            # doctest: +SKIP
        """
        from ._allocation import supply_frame
        items = [items] if isinstance(items, str) else None if items is None else list(items)
        locations = ([locations] if isinstance(locations, str)
                     else None if locations is None else list(locations))
        if items == [] or locations == []:  # an empty list asks for nothing, not for all
            return supply_frame([], exact)
        return supply_frame(self._supply_positions(items, locations), exact)

    # Purchasing (docs/concepts/purchasing.md). The commands are native:
    # define_supplier, set_supplier_item, create_purchase_order,
    # send/cancel/close_purchase_order, change_purchase_order_line,
    # receive_purchase, on_order.
    def supplier_items(self, exact=False):
        """The terms set with ``set_supplier_item``, one row per supplier and
        item (the latest terms): supplier, item, supplier_code, price (per
        base unit), currency, valid_from, valid_to, pack_size,
        minimum_order and lead_time_days, by supplier then item in the order
        they were defined. Float64 quantities; Decimal with ``exact=True``."""
        from ._purchasing import supplier_items_frame
        return supplier_items_frame(self._supplier_items(), exact)

    def purchase_lines(self, exact=False):
        """Every incomplete line of every open purchase order (drafts too): a
        DataFrame of order, line, supplier, item, to, ordered, received,
        remaining, expected and status."""
        from ._purchasing import purchase_lines_frame
        return purchase_lines_frame(self._purchase_lines(), exact)

    def in_inspection(self, exact=False):
        """What each purchase order line holds in inspection: order, line,
        item, location (the inspection location), to (where accepted stock
        goes), quantity and rejected (returned or scrapped so far)."""
        from ._purchasing import inspection_frame
        return inspection_frame(self._in_inspection(), exact)

    def purchase_receipts(self, item=None, location=None, exact=False):
        """The remainders of the incomplete lines of sent orders, by expected
        day: item, location, quantity, day, source ("<order>/<line>"). Summed
        per day with what transfers bring, they are ``scheduled_receipts``."""
        from ._purchasing import purchase_receipts_frame
        return purchase_receipts_frame(self._purchase_receipts(item, location), exact)

    def supplier_performance(self, start, end, by="supplier", exact=False):
        """Supplier performance over the lines resolved in [start, end): one
        row per supplier (``by="item"``: per supplier and item) with lead time
        mean and sample standard deviation in days, on-time, in-full, OTIF and
        fill rates, and price variance (NaN where a metric has no sample)."""
        from ._purchasing import supplier_performance_frame
        return supplier_performance_frame(self._supplier_performance(start, end, by), exact)

    # Counting (docs/concepts/cycle_counting.md): the tables; the commands
    # (start_count, submit_count, approve_count, reject_count,
    # request_recount, count_task) are native.
    def count_sheet(self):
        """The tasks waiting for a count: task, item, location, lot and
        expected (the snapshot as a Decimal; None for a blind count)."""
        from ._counting import sheet_frame
        return sheet_frame(self._count_sheet())

    def count_variances(self, exact=False):
        """One row per counted task (its latest count): snapshot, movements
        posted since it by the counted time, expected (their sum), counted,
        variance (counted - expected), percent of expected and value at the
        task's unit cost (Decimal or None), within_tolerance, the adjustment
        posted, counts (1 + recounts), counted_at and status."""
        from ._counting import variances_frame
        return variances_frame(self._count_variances(), exact)

    def counts_due(self, frequencies, classes, day, locations=None):
        """The count list due on ``day``: items of ``classes`` ({item: class},
        e.g. from onhand.planning ABC classification) at every internal location
        that holds or held them, never counted or counted at least
        ``frequencies[class]`` days before (``locations``, {location: days},
        overrides the class at a location and below it)."""
        from ._counting import due_frame
        return due_frame(self._counts_due(frequencies, classes, day,
                                          {} if locations is None else locations))

    def record_accuracy(self, by="abc_class", start=None, end=None, exact=False):
        """Inventory record accuracy: among tasks adjusted with a count
        between ``start`` and ``end`` (dates, inclusive), the share whose
        count was within tolerance, per ``by`` (abc_class, location or
        month): group, counts, within, share."""
        from ._counting import accuracy_frame
        return accuracy_frame(self._record_accuracy(by, start, end), exact)

    # Transfers between sites (docs/concepts/transfers.md).
    def open_transfer(self, key, source, destination, *, transit, eta, lines):
        """Opens a transfer order under the idempotency key ``key`` (also its
        handle): ``lines`` of ``(item, quantity)`` or ``(item, quantity, lot)``
        from the internal location ``source`` to ``destination`` (another
        site) through the transit location ``transit``, expected at ``eta``
        (an aware datetime). Returns the ``TransferOrder``; a retry under the same
        key returns it again (``transfer_order(key)`` reads it later; the
        ``transfer`` method posts a plain transfer document instead). Ship it
        with ``ship_transfer``, receive it with
        ``receive_transfer``, close it with ``close_transfer``.

        >>> t = inv.open_transfer("TO-7", "3PL-EAST", "3PL-WEST", transit="TRUCK",
        ...                       eta=eta, lines=[("SOAP", 40)])  # doctest: +SKIP
        >>> t.status                                                # doctest: +SKIP
        'open'
        """
        from ._transfers import transfer_of
        return transfer_of(self._open_transfer(key, source, destination, transit=transit,
                                               eta=eta, lines=lines))

    def transfer_order(self, key):
        """The ``TransferOrder`` opened under ``key`` (UnknownTransferError if none)."""
        from ._transfers import transfer_of
        return transfer_of(self._transfer(key))

    def transfer_orders(self, open_only=False, exact=False):
        """Every transfer line (of transfers not closed, with ``open_only``): a
        DataFrame with one row per line, its quantities (float64; Decimal
        with ``exact=True``), the transfer's source, destination, ETA and
        status."""
        from ._transfers import transfer_lines_frame
        return transfer_lines_frame(self._transfers(open_only), exact)

    def in_transit(self, item=None, destination=None, exact=False):
        """What is in transit, summed per item, destination and ETA (of
        ``item`` and to ``destination`` when given): a DataFrame with item,
        destination, eta and quantity (float64; Decimal with ``exact=True``)."""
        from ._transfers import in_transit_frame
        return in_transit_frame(self._in_transit(item, destination), exact)

    # Sales orders (docs/concepts/sales_orders.md).
    def create_sales_order(self, key, *, customer="", channel=None, locations, lines):
        """Creates a sales order under the idempotency key ``key`` (also its
        handle): ``lines`` of ``(item, quantity, requested)`` or ``(item,
        quantity, requested, priority)`` (or dicts with those keys), for
        ``customer`` and ``channel``, to be filled from ``locations`` (codes
        of internal locations, most preferred first). Nothing is held yet:
        every line is backordered at the first location until
        ``allocate_sales_order``. Returns the ``SalesOrder``; a retry under
        the same key returns it again, the key with another request is an
        IdempotencyConflictError.

        >>> order = inv.create_sales_order(
        ...     "SO-1", customer="SHOP-9", channel="web",
        ...     locations=["3PL-EAST", "3PL-WEST"],
        ...     lines=[("SOAP", 60, "2026-12-01")])          # doctest: +SKIP
        >>> order.lines[0].backordered                         # doctest: +SKIP
        Decimal('60')
        """
        from ._sales_orders import sales_order_of
        return sales_order_of(self._create_sales_order(
            key, customer=customer, channel=channel, locations=locations, lines=lines))

    def allocate_sales_order(self, order, *, line=None, locations=None):
        """Reserves stock for the open lines of ``order`` (or only line
        ``line``, an index from 0): at each of ``locations`` in turn
        (default: the order's), what is available to the order's channel,
        quotas of other channels fenced off. What cannot be reserved stays
        backordered; calling it again later (after a receipt) tops it up.
        All of it is one append, or nothing. Returns the ``SalesOrder``.

        >>> inv.allocate_sales_order("SO-1").lines[0].allocated  # doctest: +SKIP
        Decimal('35')
        """
        from ._sales_orders import sales_order_of
        return sales_order_of(self._allocate_sales_order(order, line=line, locations=locations))

    def ship_sales_order_line(self, order, line, quantity=None, *, key, source=None,
                              to=CUSTOMER, picks=None, release_rest=False):
        """Ships what line ``line`` of ``order`` holds at ``source`` (default:
        where its first open reservation is) to the customer location
        ``to``, under the idempotency key ``key``: ``quantity`` (default: all
        of it), picked by FEFO within ``source`` unless ``picks``, a list of
        ``(location, quantity[, lot])``, says where from. Less than is held
        is a short pick: the rest stays held, or with ``release_rest=True``
        goes back to backordered. Each reservation shipped is one document,
        keyed ``key + "/1"``, ``"/2"``... Returns the ``SalesOrder``.

        >>> inv.ship_sales_order_line("SO-1", 0, 10, key="SO-1/ship-1",
        ...                           source="3PL-EAST", release_rest=True)  # doctest: +SKIP
        """
        from ._sales_orders import sales_order_of
        return sales_order_of(self._ship_sales_order_line(
            order, line, quantity, key=key, source=source, to=to, picks=picks,
            release_rest=release_rest))

    def cancel_sales_order(self, order, *, key):
        """Cancels every line of ``order`` under the idempotency key ``key``:
        what the lines hold is released, what they lack is no longer
        backordered; what shipped stays shipped. Returns the ``SalesOrder``
        (AlreadyResolvedError if nothing is left to cancel).

        >>> inv.cancel_sales_order("SO-1", key="SO-1/cancel")  # doctest: +SKIP
        """
        from ._sales_orders import sales_order_of
        return sales_order_of(self._cancel_sales_order(order, None, key=key))

    def cancel_sales_order_line(self, order, line, *, key):
        """Cancels line ``line`` (an index from 0) of ``order``, as
        ``cancel_sales_order`` does for every line.

        >>> inv.cancel_sales_order_line("SO-1", 0, key="SO-1/cancel-0")  # doctest: +SKIP
        """
        from ._sales_orders import sales_order_of
        return sales_order_of(self._cancel_sales_order(order, line, key=key))

    def return_sales_order_line(self, order, line, quantity, *, to, reason, key, lot=None,
                                effective=None, source=None):
        """Takes back ``quantity`` of what line ``line`` of ``order`` shipped,
        under the idempotency key ``key``: one document (reason ``return``,
        keyed ``key + "/1"``) moves it from the customer location the line
        shipped to (``source`` to name one) back to the internal location
        ``to``. ``reason`` is ``"resellable"`` (``to`` must not be a held
        location: the goods are usable stock again) or ``"damaged"``,
        ``"expired"``, ``"other"`` (``to`` must be a held, quarantine
        location). ``lot`` is required for a lot-tracked item, and must be a
        lot the line shipped. More than the line shipped less what came back
        is ExceedsShipmentError. Returns the posting, as ``post()`` does; a
        retry under ``key`` returns it again (``replayed=True``).

        >>> inv.return_sales_order_line("SO-1", 0, 3, to="3PL-EAST",
        ...                             reason="resellable", key="RMA-7")  # doctest: +SKIP
        >>> inv.sales_order("SO-1").lines[0].returned  # doctest: +SKIP
        Decimal('3')
        """
        return self._return_sales_order_line(order, line, quantity, key=key, to=to, reason=reason,
                                             lot=lot, source=source, effective=effective)

    def sales_order(self, key):
        """The ``SalesOrder`` created under ``key``, each line with ordered,
        allocated, shipped, cancelled, backordered and returned
        (UnknownSalesOrderError if none).

        >>> inv.sales_order("SO-1").lines[0].shipped     # doctest: +SKIP
        Decimal('30')
        """
        from ._sales_orders import sales_order_of
        return sales_order_of(self._sales_order(key))

    # Valuation (docs/concepts/valuation.md).
    def valuation_report(self, at, exact=False):
        """Stock value as of ``at`` (an aware datetime): a DataFrame with one
        row per item and internal/transit location holding stock or value:
        item, location, category (the item's ``category`` attribute), method,
        on_hand, ledger_on_hand (the ledger's on-hand as of ``at``), value,
        unit_cost, reconciled (on_hand == ledger_on_hand). Quantities and money
        float64; Decimal with ``exact=True`` (docs/concepts/valuation.md)."""
        from ._valuation import valuation_frame
        return valuation_frame(self._valuation_report(at), exact)


def _file_path(path):
    """None, or ``path`` (str or os.PathLike) made absolute: a later change of
    the working directory does not move an open inventory's file."""
    if path is None:
        return None
    try:
        path = _os.fspath(path)
    except TypeError:
        raise malformed("path must be a str or os.PathLike, or None (in memory), not "
                        f"{type(path).__name__}", field="path") from None
    path = _os.fsdecode(path)
    if path.startswith(("postgresql://", "postgres://")):
        return path  # a database, not a file
    if not path:
        raise malformed("path must name a file (None: in memory)", field="path")
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        raise malformed("path must be valid text (UTF-8)", field="path") from None
    return _os.path.abspath(path)


def open(path=None, *, synchronous="full",  # noqa: A001 - onhand.open() on purpose
         backdate_limit=_dt.timedelta(days=31), future_limit=_dt.timedelta(minutes=5),
         clock=None, progress=None):
    """An inventory over the SQLite file at ``path`` (created if missing; what
    an earlier run posted is there), over a PostgreSQL database for a
    ``"postgresql://..."`` URI (settings the URI leaves out come from the PG*
    environment variables; several instances may share the database, and
    ``Inventory.sync()`` reads what the others posted), or over an in-memory
    log for ``None``.

    ``synchronous="full"`` (the default) makes every acknowledged command
    survive a crash or a power failure; ``"normal"`` is faster and never
    corrupts the file, but a power failure may lose the last commands
    (docs/concepts/storage.md). It applies to a file only.

    A document may be effective at most ``backdate_limit`` before and
    ``future_limit`` after the time it is recorded (``None``: no limit), e.g.
    ``backdate_limit=None`` to load years of dated history. ``clock``, a
    callable returning an aware ``datetime`` (a naive one is refused), gives the recorded
    time; by default the system clock. An exception it raises is an
    ``InvalidParameterError`` and nothing is posted.

    ``progress``, a callable, is called with ``(replayed, total)`` while
    opening replays the log: after every chunk of 4,096 events or fewer, the
    last call with replayed == total; total counts the events after the
    snapshot opening starts from (``Inventory.snapshot()``), or the whole
    log. An exception it raises stops the opening and is raised here.

    >>> inv = onhand.open("stock.db", progress=lambda done, total: print(done, total))  # doctest: +SKIP
    >>> inv = onhand.open(backdate_limit=None)       # any past date may be posted
    >>> inv = onhand.open("stock.db")                # doctest: +SKIP
    >>> inv = onhand.open("postgresql://app@db/stock")  # doctest: +SKIP
    """
    return Inventory(path=path, synchronous=synchronous, backdate_limit=backdate_limit,
                     future_limit=future_limit, clock=clock, progress=progress)


from . import allocation, planning, scan  # noqa: E402,F401
from ._io import CSV_ERROR_COLUMNS, import_csv, import_jsonl  # noqa: E402,F401
