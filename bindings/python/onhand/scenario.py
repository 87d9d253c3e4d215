# SPDX-License-Identifier: Apache-2.0
"""The reference business: a generated year of a small consumer-goods brand,
run day by day on a SQLite inventory.

``generate()`` makes the business (deterministic from its seed): three 3PL
warehouses with zones and bins, SKUs of every ABC class (a share lot-tracked
with shelf lives), suppliers with stochastic lead times, and a year of daily
demand per SKU, site and channel (direct to consumer and wholesale).
``run()`` plays it on an inventory file: purchase order receipts arriving as
GS1 scans, FEFO picking, wholesale ring-fencing and reservations, weekly
reorder runs (``onhand.planner``), transfers between sites, cycle counts
that find injected record errors and expiry scrapping; it returns a
``Summary``.

>>> from onhand import scenario
>>> business = scenario.generate(seed=7, skus=40, days=60)   # doctest: +SKIP
>>> summary = scenario.run(business, "demo.db")              # doctest: +SKIP
>>> print(summary)                                           # doctest: +SKIP

From a shell: ``python3 -m onhand.scenario --db onhand-demo.db``.
"""
from __future__ import annotations

import argparse
import dataclasses
import datetime as _dt
import decimal
import hashlib
import math
import sys
import time

from . import _core
from ._io import _error

__all__ = ["SITES", "Business", "Summary", "generate", "run", "summarize", "shipments",
           "last_suggestions", "main"]

SITES = ("3PL-EAST", "3PL-WEST", "3PL-SOUTH")
CHANNELS = ("direct", "wholesale")
CUSTOMERS = {"direct": "CUSTOMER-DTC", "wholesale": "CUSTOMER-WHOLESALE"}
TRANSIT = "TRANSIT"
CURRENCY = "EUR"
# Zones per site and bins per zone: items are slotted to pick bins round robin.
ZONES = ("PICK", "BULK")
BINS_PER_ZONE = 8
# The catalog's marker: a location whose description records the run's
# parameters, defined once the last day is posted.
MARKER = "SCENARIO-RUN"
# Bounds of the generator's scale: the demand arrays are days x SKUs x sites.
SKUS_MAX = 100_000
DAYS_MAX = 3660
CELLS_MAX = 20_000_000
# The command's default scale is the brief's business: a year of 500 SKUs, which
# takes about 35 s with the release build on two cores (docs/decisions.md).
DEFAULT_SKUS = 500
# Days of demand history each reorder run forecasts from.
HISTORY_DAYS = 91
# Hour of the day at which each kind of work is effective (UTC).
_RECEIPT_HOUR, _SHIP_HOUR, _WEEKLY_HOUR = 8, 14, 20

_D = decimal.Decimal
_UTC = _dt.timezone.utc


def _invalid(field, message):
    return _error(_core.InvalidParameterError, field, message)


def _whole(value, field, least=1, most=None):
    if isinstance(value, bool) or not isinstance(value, int) or value < least \
            or (most is not None and value > most):
        bound = f"in [{least}, {most}]" if most is not None else f">= {least}"
        raise _invalid(field, f"{field} must be an int {bound}, not {value!r:.40}")
    return value


# ---------------------------------------------------------------------------
# The business


@dataclasses.dataclass
class Business:
    """A generated business: the catalog and a year of demand.

    ``items``: one row per SKU (item, abc_class, lot_tracked, shelf_life_days,
    case_pack, unit_cost, supplier, gtin, site shares). ``suppliers``: one row
    per supplier (lead_time_days_mean, lead_time_days_sigma of the lognormal,
    late_probability). ``supplier_items``: the terms given to
    ``Inventory.set_supplier_item`` and to ``planner.reorder_suggestions``.
    ``direct`` and ``wholesale``: int64 arrays of demand in units, shaped
    (days, SKUs, sites).
    """

    seed: int
    start: _dt.date
    days: int
    items: object = dataclasses.field(repr=False)
    suppliers: object = dataclasses.field(repr=False)
    supplier_items: object = dataclasses.field(repr=False)
    direct: object = dataclasses.field(repr=False)
    wholesale: object = dataclasses.field(repr=False)

    @property
    def sites(self):
        return SITES

    def day(self, index):
        return self.start + _dt.timedelta(days=index)

    def fingerprint(self):
        """A digest of everything generated: equal businesses, equal digests."""
        digest = hashlib.sha256()
        digest.update(f"{self.seed}/{self.start}/{self.days}".encode())
        for table in (self.items, self.suppliers, self.supplier_items):
            digest.update(table.to_csv(index=False).encode())
        digest.update(self.direct.tobytes())
        digest.update(self.wholesale.tobytes())
        return digest.hexdigest()[:16]

    def __eq__(self, other):
        return isinstance(other, Business) and self.fingerprint() == other.fingerprint()


def _gtin(index):
    """A valid GTIN-14 (indicator 1: a case) for SKU ``index``."""
    from . import scan
    body = f"1950600{index:06d}"
    return body + str(scan.gtin_check_digit(body))


def generate(seed=1, skus=500, days=365, suppliers=12, start=_dt.date(2026, 1, 1),
             lot_share=0.3, wholesale_share=0.25, shelf_life_days=(90, 720)):
    """The business of ``skus`` SKUs, ``suppliers`` suppliers and ``days`` days
    of demand from ``start``, drawn from ``numpy.random.default_rng(seed)``.

    Demand per SKU, site and day is Poisson around level × trend × weekly ×
    yearly seasonality for A and B items; C items are intermittent
    (Bernoulli × gamma sizes). Wholesale comes as fewer, larger orders (about
    ``wholesale_share`` of the volume). Lot-tracked SKUs (``lot_share`` of
    them) have shelf lives drawn uniformly from ``shelf_life_days`` (low, high).
    """
    import numpy as np
    import pandas as pd

    _whole(seed, "seed", 0)
    _whole(skus, "skus", 1, SKUS_MAX)
    _whole(days, "days", 1, DAYS_MAX)
    _whole(suppliers, "suppliers", 1, SKUS_MAX)
    if skus * days > CELLS_MAX:
        raise _invalid("skus", f"skus x days is at most {CELLS_MAX:,} (the demand arrays are "
                       f"kept in memory), not {skus * days:,}")
    if not isinstance(start, _dt.date) or isinstance(start, _dt.datetime) \
            or start.year < 2000 or start.year > 2999:
        raise _invalid("start", f"start must be a datetime.date in the years 2000 to 2999, "
                       f"not {start!r:.40}")
    for field, value in (("lot_share", lot_share), ("wholesale_share", wholesale_share)):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value < 1:
            raise _invalid(field, f"{field} must be in [0, 1), not {value!r:.40}")
    if (not isinstance(shelf_life_days, tuple) or len(shelf_life_days) != 2
            or any(isinstance(v, bool) or not isinstance(v, int) for v in shelf_life_days)
            or not 1 <= shelf_life_days[0] <= shelf_life_days[1]):
        raise _invalid("shelf_life_days", "shelf_life_days must be a tuple (low, high) of ints "
                       f"with 1 <= low <= high, not {shelf_life_days!r:.40}")
    rng = np.random.default_rng(seed)
    n_sites = len(SITES)

    # Suppliers: lognormal lead times around 7-30 days; a third unreliable.
    supplier_codes = [f"SUP-{k + 1:02d}" for k in range(suppliers)]
    lead_mean = rng.uniform(7, 30, suppliers).round(1)
    unreliable = rng.random(suppliers) < 1 / 3
    lead_sigma = np.where(unreliable, 0.45, 0.15)
    supplier_table = pd.DataFrame({
        "supplier": supplier_codes, "lead_time_days_mean": lead_mean,
        "lead_time_days_sigma": lead_sigma, "unreliable": unreliable})

    # SKUs: 20% A, 30% B, 50% C by count; levels per day over the business.
    codes = [f"SKU-{k + 1:04d}" for k in range(skus)]
    abc = np.array(["A"] * skus, dtype=object)
    order = rng.permutation(skus)
    abc[order[int(0.2 * skus):int(0.5 * skus)]] = "B"
    abc[order[int(0.5 * skus):]] = "C"
    level = np.where(abc == "A", rng.lognormal(np.log(24), 0.5, skus),
                     np.where(abc == "B", rng.lognormal(np.log(6), 0.5, skus),
                              rng.lognormal(np.log(0.8), 0.5, skus)))
    lot_tracked = rng.random(skus) < lot_share
    low, high = shelf_life_days
    shelf_life = np.where(lot_tracked, rng.integers(low, high + 1, skus), 0)
    case_pack = rng.choice([1, 6, 12, 24], skus, p=[0.2, 0.3, 0.3, 0.2])
    unit_cost = rng.lognormal(np.log(8), 0.8, skus).round(2).clip(0.25, None)
    supplier_of = rng.integers(0, suppliers, skus)
    shares = rng.dirichlet([4.0] * n_sites, skus)
    items = pd.DataFrame({
        "item": codes, "abc_class": abc, "lot_tracked": lot_tracked,
        "shelf_life_days": shelf_life.astype(int), "case_pack": case_pack.astype(int),
        "unit_cost": unit_cost, "supplier": [supplier_codes[k] for k in supplier_of],
        "gtin": [_gtin(k) for k in range(skus)], "level": level.round(3)})
    for s, site in enumerate(SITES):
        items[f"share_{site}"] = shares[:, s].round(4)

    moq_packs = rng.choice([1, 2, 4], skus)
    supplier_items = pd.DataFrame({
        "supplier": items["supplier"], "item": items["item"],
        "price": [str(_D(str(c))) for c in unit_cost], "currency": CURRENCY,
        "pack_size": case_pack.astype(int), "minimum_order": (case_pack * moq_packs).astype(int),
        "lead_time_days": [int(round(lead_mean[k])) for k in supplier_of],
        # What the buyer knows of each supplier's spread before receipts show
        # it: the standard deviation of its lognormal lead time.
        "lead_time_sd": [round(float(lead_mean[k] * math.exp(lead_sigma[k] ** 2 / 2)
                                     * math.sqrt(math.expm1(lead_sigma[k] ** 2))), 2)
                         for k in supplier_of]})

    # Demand: level x trend x weekly x yearly, per site share; C items intermittent.
    t = np.arange(days)
    weekday = np.array([(start + _dt.timedelta(days=int(d))).weekday() for d in t])
    weekly_profile = np.array([1.1, 1.0, 1.0, 1.05, 1.2, 0.9, 0.75])
    trend = 1 + rng.normal(0.1, 0.15, skus)[None, :] * (t[:, None] / 365)
    phase = rng.uniform(0, 2 * np.pi, skus)
    amplitude = rng.uniform(0, 0.35, skus)
    doy = np.array([(start + _dt.timedelta(days=int(d))).timetuple().tm_yday for d in t])
    yearly = 1 + amplitude[None, :] * np.sin(2 * np.pi * doy[:, None] / 365.25 + phase[None, :])
    mean = (level[None, :] * trend.clip(0.2, None) * weekly_profile[weekday][:, None] * yearly)
    mean = mean[:, :, None] * shares[None, :, :]  # days x skus x sites
    direct_mean = mean * (1 - wholesale_share)
    slow = abc == "C"
    direct = rng.poisson(direct_mean)
    # Intermittent: a C item sells on a day with probability ~ its mean, in gamma sizes.
    p = np.clip(direct_mean / 2.0, 0, 1)
    sizes = np.ceil(rng.gamma(2.0, 1.0, direct.shape)).astype(np.int64)
    intermittent = (rng.random(direct.shape) < p) * sizes
    direct = np.where(slow[None, :, None], intermittent, direct).astype(np.int64)
    # Wholesale: orders of about ten days' volume (at least a case), rounded up
    # to whole cases, on as many days as make ``wholesale_share`` of the
    # volume: rounding up adds half a case to an order on average, so an
    # order comes with probability share x mean / (size + pack / 2).
    pack = case_pack[None, :, None]
    wholesale_mean = mean * wholesale_share
    size_mean = np.maximum(wholesale_mean * 10, pack)
    wholesale_days = rng.random(direct.shape) < wholesale_mean / (size_mean + pack / 2)
    wholesale_size = rng.gamma(4.0, size_mean / 4.0)
    wholesale = np.where(wholesale_days, np.ceil(wholesale_size / pack) * pack,
                         0).astype(np.int64)
    return Business(seed=seed, start=start, days=days, items=items, suppliers=supplier_table,
                    supplier_items=supplier_items, direct=direct, wholesale=wholesale)


# ---------------------------------------------------------------------------
# Running it


def _short(site):
    return site.split("-", 1)[1]


def _bin(k, site):
    """The bin of SKU ``k`` at ``site``: zones alternate, bins round robin."""
    zone = ZONES[k % len(ZONES)]
    return f"{_short(site)}/{zone}/{zone[0]}-{(k // len(ZONES)) % BINS_PER_ZONE + 1:02d}"


def _at(day, hour):
    return _dt.datetime.combine(day, _dt.time(hour), tzinfo=_UTC)


def _draw(seed, *key):
    """A generator seeded by ``seed`` and ``key``: a draw that depends on what it is
    for, not on how many draws came before it."""
    import numpy as np
    digest = hashlib.sha256("/".join(map(str, (seed,) + key)).encode()).digest()
    return np.random.default_rng(int.from_bytes(digest[:8], "little"))


def _define_catalog(inv, business):
    """Sites, zones, bins, QC, transit and customers; suppliers and SKUs with
    their GTINs and terms. Defining what exists again changes nothing."""
    for site in SITES:
        short = _short(site)
        inv.define_location(site)
        for zone in ZONES:
            inv.define_location(f"{short}/{zone}", parent=site)
            for n in range(BINS_PER_ZONE):
                inv.define_location(f"{short}/{zone}/{zone[0]}-{n + 1:02d}",
                                    parent=f"{short}/{zone}")
        inv.define_location(f"{short}/QC", parent=site, hold=True)
    inv.define_location(TRANSIT, kind="transit")
    for customer in CUSTOMERS.values():
        inv.define_location(customer, kind="customer")
    for supplier in business.suppliers["supplier"]:
        inv.define_supplier(supplier)
    for row in business.items.itertuples(index=False):
        options = {"shelf_life_days": int(row.shelf_life_days)} if row.lot_tracked else {}
        alternates = {"case": int(row.case_pack)} if row.case_pack > 1 else {}
        inv.define_item(row.item, lot_tracked=bool(row.lot_tracked), alternates=alternates,
                        gtins={row.gtin: "case" if alternates else "each"},
                        attributes={"abc_class": row.abc_class, "category": row.abc_class},
                        **options)
    start = business.start
    for term in business.supplier_items.itertuples(index=False):
        inv.set_supplier_item(term.supplier, term.item, price=term.price, currency=CURRENCY,
                              valid_from=start, pack_size=int(term.pack_size),
                              minimum_order=int(term.minimum_order),
                              lead_time_days=int(term.lead_time_days))


class _Stock:
    """The physical stock of each SKU at each site, by lot, as the simulation
    knows it: a list of [expiry, lot, quantity] per (k, s), first to expire
    first (None, stock of untracked items, last)."""

    def __init__(self):
        self.lots = {}

    def add(self, k, s, lot, expiry, quantity):
        lots = self.lots.setdefault((k, s), [])
        for entry in lots:
            if entry[1] == lot:
                entry[2] += quantity
                return
        lots.append([expiry, lot, quantity])
        lots.sort(key=lambda e: (e[0] is None, e[0] or _dt.date.min, e[1] or ""))

    def usable(self, k, s, day):
        return sum(q for expiry, _, q in self.lots.get((k, s), ())
                   if expiry is None or expiry >= day)

    def take(self, k, s, quantity, day):
        """Takes ``quantity`` first-expiry-first from unexpired lots; returns the
        [(lot, quantity)] taken."""
        taken = []
        for entry in self.lots.get((k, s), ()):
            if quantity <= 0:
                break
            if entry[2] <= 0 or (entry[0] is not None and entry[0] < day):
                continue
            q = min(quantity, entry[2])
            entry[2] -= q
            quantity -= q
            taken.append((entry[1], q))
        self._drop(k, s)
        return taken

    def take_lot(self, k, s, lot, quantity):
        for entry in self.lots.get((k, s), ()):
            if entry[1] == lot:
                entry[2] -= quantity
        self._drop(k, s)

    def expired(self, day):
        return [(k, s, lot, expiry, q) for (k, s), lots in self.lots.items()
                for expiry, lot, q in lots if expiry is not None and expiry < day and q > 0]

    def _drop(self, k, s):
        lots = self.lots.get((k, s))
        if lots is not None:
            lots[:] = [e for e in lots if e[2] > 0]


class _Progress:
    def __init__(self, total, enabled):
        self.total, self.enabled, self.started = total, enabled, time.monotonic()

    def __call__(self, done, what=""):
        if not self.enabled:
            return
        width = 30
        filled = int(width * done / self.total)
        elapsed = time.monotonic() - self.started
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{self.total} days"
                         f" {elapsed:5.1f} s {what:<12}")
        if done == self.total:
            sys.stderr.write("\n")
        sys.stderr.flush()


def _check_run_arguments(business, service_level):
    if not isinstance(business, Business):
        raise _invalid("business", f"business must be what generate() returns, not "
                       f"{type(business).__name__}")
    if isinstance(service_level, bool) or not isinstance(service_level, (int, float)) \
            or not 0 < service_level < 1:
        raise _invalid("service_level",
                       f"service_level must be in (0, 1), not {service_level!r:.40}")


def run(business, path, *, service_level=0.95, progress=True):
    """Plays ``business`` day by day on the SQLite inventory at ``path`` and
    returns its ``Summary``. Every command has a key derived from the day and
    what it is for, so a second run on the same file posts nothing and returns
    the same summary; a file holding another run is refused (``path``).
    """
    import onhand

    _check_run_arguments(business, service_level)
    if path is None:
        raise _invalid("path", "path must name a SQLite file")
    now = [_at(business.start, 0)]
    inv = onhand.open(path, synchronous="normal", backdate_limit=None, future_limit=None,
                      clock=lambda: now[0])
    stamp = f"{business.fingerprint()} service_level={service_level}"
    if MARKER in inv.locations():
        if inv.location(MARKER)["description"] != stamp:
            raise _invalid("path", f"{path} holds another run "
                           f"({inv.location(MARKER)['description']})")
        return summarize(inv, business, service_level)
    if inv.log_position > 0 and any(site in inv.locations() for site in SITES):
        # A run stopped half way: its decisions depended on the state it left.
        raise _invalid("path", f"{path} holds an unfinished run; remove the file and run again")
    _Run(inv, business, service_level, now, progress).play()
    now[0] = _at(business.day(business.days - 1), 23)
    inv.define_location(MARKER, kind="customer", description=stamp)
    # A snapshot of the finished year: reopening the file (the dashboard, a
    # rerun, the notebook) loads it instead of replaying every event.
    inv.snapshot()
    summary = summarize(inv, business, service_level)
    return summary


class _Run:
    """One play of a business on an inventory (see ``run``)."""

    def __init__(self, inv, business, service_level, now, progress):
        import numpy as np
        self.inv, self.b, self.service_level, self.now = inv, business, service_level, now
        self.progress = _Progress(business.days, progress)
        items = business.items
        self.codes = list(items["item"])
        self.lot_tracked = np.asarray(items["lot_tracked"], dtype=bool)
        self.shelf_life = np.asarray(items["shelf_life_days"], dtype=int)
        self.case_pack = np.asarray(items["case_pack"], dtype=int)
        self.index = {code: k for k, code in enumerate(self.codes)}
        self.bins = {(k, s): _bin(k, site) for k in range(len(self.codes))
                     for s, site in enumerate(SITES)}
        self.site_of_bin = {b: s for (k, s), b in self.bins.items()}
        self.stock = _Stock()
        self.arrivals = {}   # day -> [(order, line, k, s, quantity)]
        self.transfers = {}  # day -> [transfer key]
        self.transfer_lines = {}  # transfer key -> (k, destination s, lot, expiry, quantity)
        # Lead times observed so far, as planner.lead_times(inv) reads them from the
        # ledger (order sent to line received in full), kept as they happen so the
        # weekly run does not read every item's history again.
        self.sent = {}  # order -> (supplier, time sent)
        self.observations = []
        self.resolver = inv.scan_resolver()
        self.supplier_row = {row.supplier: row for row in business.suppliers.itertuples()}
        # Wholesale ring-fence per SKU and site: a week of its mean wholesale demand.
        mean = business.wholesale.mean(axis=0)
        self.quota = np.ceil(mean * 7).astype(np.int64)

    def at(self, day, hour):
        self.now[0] = _at(day, hour)
        return self.now[0]

    def play(self):
        self.at(self.b.start, 0)
        _define_catalog(self.inv, self.b)
        self.opening_stock()
        for d in range(self.b.days):
            day = self.b.day(d)
            self.receipts(day)
            self.wholesale(d, day)
            self.direct(d, day)
            if d % 7 == 6 or d == self.b.days - 1:
                self.weekly(d, day, order=d < self.b.days - 1)
            self.progress(d + 1)

    # -- opening ------------------------------------------------------------

    def opening_stock(self):
        """Each SKU's mean demand at each site over its supplier's mean lead
        time plus three weeks (the first order goes out at the end of the
        first week and must arrive before the shelf empties: the business was
        trading before the year began), in whole cases, valued at its unit
        cost; lot-tracked SKUs in one lot with most of its shelf life left."""
        b = self.b
        day = b.start
        effective = self.at(day, 1)
        mean = (b.direct + b.wholesale)[:28].mean(axis=0)
        lead = b.suppliers.set_index("supplier")["lead_time_days_mean"]
        for k, code in enumerate(self.codes):
            cost = str(b.items["unit_cost"].iat[k])
            cover = float(lead[b.items["supplier"].iat[k]]) + 21
            for s, site in enumerate(SITES):
                quantity = int(math.ceil(mean[k, s] * cover / self.case_pack[k])) * int(
                    self.case_pack[k])
                if quantity <= 0:
                    continue
                lot = expiry = None
                if self.lot_tracked[k]:
                    lot = f"OPEN-{_short(site)}"
                    expiry = day + _dt.timedelta(days=int(self.shelf_life[k] * 0.8))
                    self.inv.define_lot(code, lot, expiry=expiry)
                self.inv.receive_costed(code, quantity, cost, to=self.bins[k, s],
                                        key=f"open/{code}/{site}", lot=lot, effective=effective)
                self.stock.add(k, s, lot, expiry, quantity)
        # Ring-fence wholesale's share (a standing quota per SKU and site).
        for k, code in enumerate(self.codes):
            for s, site in enumerate(SITES):
                if self.quota[k, s] > 0:
                    self.inv.set_channel_quota(code, site, "wholesale", int(self.quota[k, s]))

    # -- daily --------------------------------------------------------------

    def receipts(self, day):
        """Purchase order lines due today, lot-tracked ones read from the
        GS1 element string on their cases (GTIN, expiry, lot)."""
        effective = self.at(day, _RECEIPT_HOUR)
        for order, line, k, s, quantity in self.arrivals.pop(day, ()):
            code = self.codes[k]
            lot = expiry = None
            if self.lot_tracked[k]:
                lot = f"L{day:%y%m%d}{k:04d}{s}"
                expiry = day + _dt.timedelta(days=int(self.shelf_life[k]))
                gtin = self.b.items["gtin"].iat[k]
                scanned = self.resolver.resolve(
                    f"01{gtin}17{expiry:%y%m%d}10{lot}", reference_year=day.year)
                assert scanned["item"] == code
                lot, expiry = scanned["lot"], scanned["expiry"]
                self.inv.define_lot(code, lot, expiry=expiry)
            self.inv.receive_purchase(order, line, quantity, key=f"rcv/{order}/{line}",
                                      lot=lot, effective=effective)
            supplier, sent = self.sent[order]
            self.observations.append((supplier, code, self.bins[k, s], sent, effective,
                                      (effective - sent) / _dt.timedelta(days=1)))
            self.stock.add(k, s, lot, expiry, quantity)
        for key in self.transfers.pop(day, ()):
            self.inv.receive_transfer(key, key=f"{key}/in")
            k, s, lot, expiry, quantity = self.transfer_lines.pop(key)
            self.stock.add(k, s, lot, expiry, quantity)

    def wholesale(self, d, day):
        """Wholesale orders: reserved on the wholesale channel at the site,
        then committed from the bin, first expiry first; what is short is lost."""
        import numpy as np
        effective = self.at(day, _SHIP_HOUR - 1)
        customer = CUSTOMERS["wholesale"]
        orders = list(zip(*np.nonzero(self.b.wholesale[d])))
        # The lots on the shelves this morning, for the pick plans of lot-tracked
        # orders (one order per SKU and site a day: no plan sees another's picks).
        lots = {}  # (item, location) -> [(location, lot, quantity, expiry, status)]
        if any(self.lot_tracked[k] for k, _ in orders):
            table = self.inv.lots(day=day, exact=True)
            for row in zip(table["item"], table["location"], table["lot"], table["quantity"],
                           table["expiry"], table["status"]):
                lots.setdefault(row[:2], []).append(row[1:])
        for k, s in orders:
            k, s = int(k), int(s)
            wanted = int(self.b.wholesale[d, k, s])
            quantity = min(wanted, self.stock.usable(k, s, day))
            if quantity <= 0:
                continue
            code, site = self.codes[k], SITES[s]
            key = f"wo/{day}/{code}/{site}"
            self.inv.reserve(key, code, site, quantity, channel="wholesale",
                             customer=customer)
            if self.lot_tracked[k]:
                picks = self.pick(lots[code, self.bins[k, s]], quantity, day)
                for lot, q in picks:
                    self.stock.take_lot(k, s, lot, q)
            else:
                picks = self.stock.take(k, s, quantity, day)
            lines = [{"item": code, "source": self.bins[k, s], "to": customer,
                      "quantity": q, "lot": lot} for lot, q in picks]
            self.inv.commit_reservation(key, key=f"{key}/ship", lines=lines,
                                        effective=effective)

    @staticmethod
    def pick(lots, quantity, day):
        """[(lot, quantity)] of the FEFO pick plan (``allocation.plan_picks``)
        over ``lots`` (location, lot, quantity, expiry and status of rows of
        ``Inventory.lots``): expired lots are never picked."""
        from . import allocation
        stock = dict(zip(("location", "lot", "quantity", "expiry", "status"),
                         map(list, zip(*lots))))
        plan = allocation.plan_picks(stock, quantity, on=day, strategy="fefo", exact=True)
        return [(lot, int(q)) for lot, q in zip(plan.lines["lot"], plan.lines["quantity"])]

    def direct(self, d, day):
        """Direct orders of the day, one document per SKU and site in one
        batch, from the stock above wholesale's ring-fence."""
        import numpy as np
        effective = self.at(day, _SHIP_HOUR)
        rows = {name: [] for name in ("key", "item", "source", "to", "quantity", "lot")}
        customer = CUSTOMERS["direct"]
        for k, s in zip(*np.nonzero(self.b.direct[d])):
            k, s = int(k), int(s)
            free = self.stock.usable(k, s, day) - int(self.quota[k, s])
            quantity = min(int(self.b.direct[d, k, s]), max(free, 0))
            if quantity <= 0:
                continue
            code = self.codes[k]
            for lot, q in self.stock.take(k, s, quantity, day):
                rows["key"].append(f"so/{day}/{code}/{SITES[s]}")
                rows["item"].append(code)
                rows["source"].append(self.bins[k, s])
                rows["to"].append(customer)
                rows["quantity"].append(q)
                rows["lot"].append(lot)
        if rows["key"]:
            rows["effective"] = [effective] * len(rows["key"])
            result = self.inv.post_batch(rows, atomic=True)
            if result.refused:
                raise AssertionError(f"direct shipments refused: {result.errors.head()}")

    # -- weekly -------------------------------------------------------------

    def weekly(self, d, day, order):
        """The weekly work; orders placed on the last day would arrive after the
        run, so that day's reorder run is ``last_suggestions``, which orders nothing."""
        self.scrap_expired(day)
        self.count(d, day)
        self.rebalance(d, day)
        if order:
            self.reorder(d, day)

    def scrap_expired(self, day):
        """Stock of lots past their expiry goes to scrap (expiry waste)."""
        effective = self.at(day, _WEEKLY_HOUR)
        rows = {name: [] for name in ("key", "item", "source", "to", "quantity", "lot")}
        for k, s, lot, expiry, quantity in self.stock.expired(day):
            code = self.codes[k]
            rows["key"].append(f"exp/{day}/{code}/{SITES[s]}/{lot}")
            rows["item"].append(code)
            rows["source"].append(self.bins[k, s])
            rows["to"].append(_core.SCRAP)
            rows["quantity"].append(quantity)
            rows["lot"].append(lot)
            self.stock.take_lot(k, s, lot, quantity)
        if rows["key"]:
            rows["effective"] = [effective] * len(rows["key"])
            rows["reason"] = ["scrap"] * len(rows["key"])
            result = self.inv.post_batch(rows, atomic=True)
            if result.refused:
                raise AssertionError(f"expiry scrap refused: {result.errors.head()}")

    def count(self, d, day):
        """Cycle count of one bin of every zone at every site, in rotation.
        Before the count, a few stock lines lose a little stock unrecorded
        (shrinkage); the count finds it and its approval posts the loss."""
        week = d // 7
        self.at(day, _WEEKLY_HOUR)
        rng = _draw(self.b.seed, "shrink", day)
        number = week % BINS_PER_ZONE + 1
        wanted = {f"{_short(site)}/{zone}/{zone[0]}-{number:02d}"
                  for site in SITES for zone in ZONES}
        classes = self.b.items["abc_class"]
        for (k, s), where in self.bins.items():
            if where not in wanted:
                continue
            code = self.codes[k]
            for expiry, lot, quantity in list(self.stock.lots.get((k, s), ())):
                lost = 0
                if quantity > 0 and rng.random() < 0.08:
                    lost = int(rng.integers(1, max(2, quantity // 10 + 1)))
                    self.stock.take_lot(k, s, lot, lost)
                key = f"cc/{day}/{code}/{where}/{lot}"
                self.inv.start_count(key, code, where, lot=lot, abc_class=classes.iat[k],
                                     tolerance_quantity=0)
                found = self.inv.submit_count(key, quantity - lost, key=f"{key}/count")
                if found["status"] == "awaiting_approval":
                    self.inv.approve_count(key, key=f"{key}/approve")

    def rebalance(self, d, day):
        """A transfer between sites for SKUs short at one site (under 3 days of
        its demand) and long at another (over 60 days): half the excess, in
        whole cases, from the long site's first-expiring lot."""
        b = self.b
        lo, hi = max(0, d - 27), d + 1
        rate = (b.direct[lo:hi] + b.wholesale[lo:hi]).mean(axis=0)
        eta = _at(day + _dt.timedelta(days=2), _RECEIPT_HOUR)
        self.at(day, _WEEKLY_HOUR)
        moved = 0
        for k in range(len(self.codes)):
            if moved >= 20:
                break
            cover = [self.stock.usable(k, s, day) / max(rate[k, s], 1e-9) for s in range(3)]
            short, long = min(range(3), key=cover.__getitem__), max(range(3), key=cover.__getitem__)
            if cover[short] >= 3 or cover[long] <= 60 or rate[k, short] <= 0:
                continue
            lots = [e for e in self.stock.lots.get((k, long), ())
                    if e[0] is None or e[0] >= day + _dt.timedelta(days=14)]
            if not lots:
                continue
            expiry, lot, available = lots[0]
            excess = available - int(rate[k, long] * 30)
            pack = int(self.case_pack[k])
            quantity = min(excess // 2, int(rate[k, short] * 21)) // pack * pack
            if quantity <= 0:
                continue
            code = self.codes[k]
            key = f"to/{day}/{code}"
            line = (code, quantity, lot) if lot is not None else (code, quantity)
            self.inv.open_transfer(key, self.bins[k, long], self.bins[k, short],
                                   transit=TRANSIT, eta=eta, lines=[line])
            self.inv.ship_transfer(key, key=f"{key}/out")
            self.stock.take_lot(k, long, lot, quantity)
            self.transfer_lines[key] = (k, short, lot, expiry, quantity)
            self.transfers.setdefault(day + _dt.timedelta(days=2), []).append(key)
            moved += 1

    def reorder(self, d, day):
        """The weekly reorder run: suggestions from the ledger, drafts per
        supplier, orders created and sent; each order's delivery day is drawn
        from its supplier's lead-time distribution."""
        from . import planner
        if d < 6:
            return
        import pandas as pd
        sent = self.at(day, _WEEKLY_HOUR + 1)
        observations = pd.DataFrame.from_records(self.observations,
                                                 columns=list(planner.LEAD_TIME_COLUMNS))
        self.suggestions = planner.reorder_suggestions(
            self.inv, day, supplier_items=self.b.supplier_items,
            service_level=self.service_level, review_days=7,
            history_days=min(HISTORY_DAYS, d + 1), observations=observations, fenced=True)
        drafts = planner.draft_purchase_orders(self.suggestions)
        created = planner.create_purchase_orders(self.inv, drafts, f"PO/{day}", send=True)
        lines = self.inv.purchase_lines()
        for order in created["order"]:
            supplier = order.rsplit("/", 1)[1]
            self.sent[order] = (supplier, sent)
            terms = self.supplier_row[supplier]
            rng = _draw(self.b.seed, "lead", order)
            lead = rng.lognormal(math.log(terms.lead_time_days_mean), terms.lead_time_days_sigma)
            arrival = day + _dt.timedelta(days=max(1, int(round(lead))))
            for row in lines[lines["order"] == order].itertuples(index=False):
                k = self.index[row.item]
                s = self.site_of_bin[row.to]
                if arrival >= self.b.start + _dt.timedelta(days=self.b.days):
                    continue
                self.arrivals.setdefault(arrival, []).append(
                    (order, int(row.line), k, s, int(row.remaining)))


# ---------------------------------------------------------------------------
# The summary


@dataclasses.dataclass(frozen=True)
class Summary:
    """What a run achieved, read back from the inventory (``summarize``).

    ``fill_rate``: units shipped / units demanded, both channels.
    ``cycle_service_level``: the share of review cycles (weeks) per SKU and
    site with direct demand in which all of it was met, against the target
    ``service_level``. ``stockout_days``: SKU-site-days with direct demand
    left unmet; ``stockouts``: runs of consecutive such days.
    ``expiry_waste_units`` and ``expiry_waste_value`` (at unit cost): the stock
    scrapped as expired. ``inventory_value``: the valuation report's total at
    the end; ``turns``: cost of goods sold over the run / mean of the
    month-end inventory values, annualized. ``count_accuracy``: the record
    accuracy of the cycle counts (share of counts that matched the book).
    ``supplier_otif``: the share of purchase order lines delivered on time and
    in full.
    """

    days: int
    skus: int
    service_level: float
    demanded: int
    shipped: int
    fill_rate: float
    cycle_service_level: float
    stockouts: int
    stockout_days: int
    expiry_waste_units: int
    expiry_waste_value: decimal.Decimal
    inventory_value: decimal.Decimal
    turns: float
    count_accuracy: float
    counts: int
    supplier_otif: float
    purchase_lines: int
    log_position: int

    def table(self):
        """The summary as rows of (measure, value) text."""
        return [
            ("SKUs x sites x days", f"{self.skus} x {len(SITES)} x {self.days}"),
            ("fill rate (units)", f"{self.fill_rate:.2%}  ({self.shipped:,} of {self.demanded:,})"),
            ("cycle service level", f"{self.cycle_service_level:.2%}  (target "
                                    f"{self.service_level:.0%})"),
            ("stock-outs", f"{self.stockouts:,} runs, {self.stockout_days:,} SKU-site-days"),
            ("expiry waste", f"{self.expiry_waste_units:,} units, "
                             f"{self.expiry_waste_value:,.2f} {CURRENCY}"),
            ("inventory value", f"{self.inventory_value:,.2f} {CURRENCY}"),
            ("inventory turns", f"{self.turns:.1f} per year"),
            ("count accuracy", f"{self.count_accuracy:.1%}  ({self.counts:,} counts)"),
            ("supplier OTIF", f"{self.supplier_otif:.1%}  ({self.purchase_lines:,} lines)"),
            ("events in the log", f"{self.log_position:,}"),
        ]

    def __str__(self):
        rows = self.table()
        width = max(len(name) for name, _ in rows)
        return "\n".join(f"{name:<{width}}  {value}" for name, value in rows)


def shipments(inv, business):
    """Units shipped per day, SKU, site and channel, read from the ledger: an
    int64 array shaped (2, days, SKUs, sites), channel 0 direct, 1 wholesale."""
    import numpy as np
    import pandas as pd
    index = {code: k for k, code in enumerate(business.items["item"])}
    sites = {site: s for s, site in enumerate(SITES)}
    out = np.zeros((2,) + business.direct.shape, dtype=np.int64)
    for c, channel in enumerate(CHANNELS):
        moves = inv.history(location=CUSTOMERS[channel])
        if not len(moves):
            continue
        parts = moves["key"].str.split("/", expand=True)  # so|wo / day / item / site
        day = (pd.to_datetime(parts[1]) - pd.Timestamp(business.start)).dt.days.to_numpy()
        k = parts[2].map(index).to_numpy()
        s = parts[3].map(sites).to_numpy()
        np.add.at(out[c], (day, k, s), moves["quantity"].to_numpy().astype(np.int64))
    return out


def summarize(inv, business, service_level=0.95):
    """The ``Summary`` of ``business`` as played on ``inv``, from the ledger
    and the generated demand."""
    import numpy as np

    _check_run_arguments(business, service_level)
    shipped = shipments(inv, business)
    demand = np.stack([business.direct, business.wholesale])
    unmet = business.direct > shipped[0]  # days x SKUs x sites
    # Review cycles: weeks; a cycle with direct demand is served when none is unmet.
    weeks = -(-business.days // 7)
    padded = np.zeros((weeks * 7,) + unmet.shape[1:], dtype=bool)
    padded[:business.days] = unmet
    wanted = np.zeros_like(padded)
    wanted[:business.days] = business.direct > 0
    cycle_short = padded.reshape(weeks, 7, *unmet.shape[1:]).any(axis=1)
    cycle_wanted = wanted.reshape(weeks, 7, *unmet.shape[1:]).any(axis=1)
    cycles = int(cycle_wanted.sum())
    csl = 1.0 - float((cycle_short & cycle_wanted).sum()) / cycles if cycles else 1.0
    starts = unmet & ~np.concatenate([np.zeros((1,) + unmet.shape[1:], bool), unmet[:-1]])

    costs = {row.item: decimal.Decimal(str(row.unit_cost))
             for row in business.items.itertuples(index=False)}
    scrap = inv.history(location=_core.SCRAP, exact=True)
    scrap = scrap[scrap["key"].str.startswith("exp/")]
    waste_units = sum(scrap["quantity"], decimal.Decimal(0))
    waste_value = sum((q * costs[i] for i, q in zip(scrap["item"], scrap["quantity"])),
                      decimal.Decimal(0))

    start = _at(business.start, 0)
    end = _at(business.day(business.days - 1), 23) + _dt.timedelta(hours=1)

    def value(at):
        report = inv.valuation_report(at, exact=True)
        return sum(report["value"], decimal.Decimal(0))

    inventory_value = value(end)
    month_ends = [end] + [_at(business.day(d), 0) for d in range(30, business.days, 30)]
    average = sum(value(at) for at in month_ends) / len(month_ends)
    cogs = inv.cost_of_goods_sold(start, end)
    turns = float(cogs / average) * 365 / business.days if average else 0.0

    accuracy = inv.record_accuracy(by="abc_class")
    counts = int(accuracy["counts"].sum()) if len(accuracy) else 0
    within = int(accuracy["within"].sum()) if len(accuracy) else 0
    performance = inv.supplier_performance(start, end + _dt.timedelta(days=1))
    lines = int(performance["lines"].sum()) if len(performance) else 0
    otif = (float((performance["otif_rate"].fillna(0) * performance["lines"]).sum()) / lines
            if lines else 0.0)
    demanded, total_shipped = int(demand.sum()), int(shipped.sum())
    return Summary(
        days=business.days, skus=len(business.items), service_level=service_level,
        demanded=demanded, shipped=total_shipped,
        fill_rate=total_shipped / demanded if demanded else 1.0,
        cycle_service_level=csl, stockouts=int(starts.sum()), stockout_days=int(unmet.sum()),
        expiry_waste_units=int(waste_units), expiry_waste_value=waste_value,
        inventory_value=inventory_value, turns=turns,
        count_accuracy=within / counts if counts else 1.0, counts=counts,
        supplier_otif=otif, purchase_lines=lines, log_position=inv.log_position)


def last_suggestions(inv, business, service_level=0.95):
    """The reorder run of the business's last day, as the weekly runs make it
    (``planner.reorder_suggestions``, review every 7 days), creating no order:
    the suggestions the dashboard shows."""
    from . import planner
    _check_run_arguments(business, service_level)
    return planner.reorder_suggestions(
        inv, business.day(business.days - 1), supplier_items=business.supplier_items,
        service_level=service_level, review_days=7,
        history_days=max(2, min(HISTORY_DAYS, business.days)), fenced=True)


# ---------------------------------------------------------------------------
# The command


def main(argv=None):
    """``python3 -m onhand.scenario``: generate, run, print the summary and
    write the dashboard."""
    import os

    import onhand
    from . import dashboard

    parser = argparse.ArgumentParser(
        prog="python3 -m onhand.scenario",
        description="Run the reference business on a SQLite inventory and write its dashboard.")
    parser.add_argument("--db", default="onhand-demo.db", help="the SQLite file")
    parser.add_argument("--html", default="onhand-dashboard.html", help="the dashboard file")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--skus", type=int, default=DEFAULT_SKUS,
                        help=f"SKUs (default {DEFAULT_SKUS}, the brief's business)")
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--service-level", type=float, default=0.95)
    parser.add_argument("--quiet", action="store_true", help="print nothing but errors")
    parser.add_argument("--progress", action="store_true",
                        help="show the progress bar even when stderr is not a terminal")
    args = parser.parse_args(argv)
    started = time.monotonic()
    try:
        business = generate(seed=args.seed, skus=args.skus, days=args.days)
        show = not args.quiet and (args.progress or sys.stderr.isatty())
        played = os.path.exists(args.db) and MARKER in onhand.open(args.db).locations()
        summary = run(business, args.db, service_level=args.service_level, progress=show)
    except _core.Error as refused:
        parser.error(f"{getattr(refused, 'field', None) or 'argument'}: {refused}")
    last = business.day(business.days - 1)
    inv = onhand.open(args.db, backdate_limit=None, future_limit=None,
                      clock=lambda: _at(last, 23))
    suggestions = last_suggestions(inv, business, args.service_level)
    path = dashboard.write(inv, args.html, as_of=last, suggestions=suggestions)
    if not args.quiet:
        if played:
            print(f"Opened {args.db}: it already holds this run ({summary.log_position:,} "
                  "events): the summary is read back from it and nothing is posted again.\n")
        print(summary)
        print(f"dashboard: {os.path.relpath(path)}  ({time.monotonic() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
