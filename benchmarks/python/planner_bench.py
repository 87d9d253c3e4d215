# SPDX-License-Identifier: Apache-2.0
"""The planner's work from Python, each case beside a pandas implementation of
the same computation in the same run. Both answers are compared before any
time is reported: an unequal answer raises ``Mismatch`` (a failure, not a
figure).

Cases:

- ``post N``: N single-line movements (receipts and shipments, 500 items x 3
  warehouses) from numpy columns in one ``Inventory.post_batch`` call
  (atomic), against pandas computing the same balances with the same check:
  cumulative sum per item x location in time order, the batch rejected if
  any running balance goes negative.
- ``atp ITEMS LOCATIONS``: ``Inventory.position()``,
  ``Inventory.supply_position()`` and ``Inventory.atp(channel="web")`` over
  every item and location, against pandas computing the same columns from
  the movement, reservation and quota tables.
- ``reorder ITEMS LOCATIONS``: ``planner.reorder_suggestions`` (moving
  average forecast) from the ledger, against pandas: daily demand and the
  stock-out days from the movement table, the moving-average forecast and
  the sample sigma of its one-step errors and the root mean square of its
  errors over L and over L + R days (``error_sigma="interval"``; the moving
  average's own interval error where too short a history), safety
  stock, reorder point,
  order-up-to level, inventory position and the order rounded to MOQ and
  packs after rounding to 6 decimals as ``planning.round_order`` does
  (docs/how_to/reorder-suggestions.md, docs/planning.md).
- ``all`` (default): post 1,000,000; atp 500 x 3; reorder 500 x 3 and
  50,000 x 20 (28 days of history for the large one).

The data is simulated with numpy from a seed: per item x location a daily
Poisson demand (rates from slow movers to fast ones) shipped as far as stock
allows (so some days end empty), and a weekly receipt up to a level set per
item x location; one receipt or shipment per document.

Run (release build):
  cmake --preset release -DPython3_EXECUTABLE=/usr/bin/python3
  cmake --build build/release -j2 --target _core
  PYTHONPATH=build/release/bindings/python \
    /usr/bin/python3 benchmarks/python/planner_bench.py [case [sizes]] [--days D] [--repeats R]
"""
import argparse
import math
import statistics
import time

import numpy as np
import pandas as pd

import onhand
from onhand import planner

START = pd.Timestamp("2020-01-01", tz="UTC")
RECEIPT_HOUR, SHIPMENT_HOUR = 6, 18  # receipts of a day come before its shipments
SERVICE_LEVEL = 0.95
REVIEW_DAYS = 7
WINDOW = 28
CHANNEL = "web"  # the channel ATP is asked for
FENCING = "wholesale"  # the channel whose quotas fence stock from it
BATCH_MAX = 1_000_000  # documents per post_batch call


class Mismatch(AssertionError):
    """onhand and pandas gave different answers."""


# ---------------------------------------------------------------------------
# Data


def codes(prefix, n):
    return np.array([f"{prefix}-{i}" for i in range(n)], dtype=object)


def simulate(items, locations, days, seed):
    """Movements over ``days`` days from START: a DataFrame with one row per
    single-line document (key, item, source, to, quantity, effective, reason),
    in time order, receipts of a day before its shipments."""
    rng = np.random.default_rng(seed)
    pairs = items * locations
    rate = rng.gamma(0.8, 2.5, pairs)  # mean demand per day: many slow movers, a few fast
    level = np.ceil(rate * REVIEW_DAYS * rng.uniform(0.8, 1.6, pairs)).astype(np.int64) + 1
    offset = rng.integers(0, REVIEW_DAYS, pairs)
    stock = np.zeros(pairs, dtype=np.int64)
    pair_parts, day_parts, kind_parts, quantity_parts = [], [], [], []
    for day in range(days):
        receive = (day - offset) % REVIEW_DAYS == 0
        if day == 0:
            receive[:] = True
        amount = np.where(receive, np.maximum(level - stock, 0), 0)
        stock += amount
        demand = rng.poisson(rate)
        shipped = np.minimum(demand, stock)
        stock -= shipped
        for kind, quantity in ((0, amount), (1, shipped)):
            moved = np.flatnonzero(quantity)
            pair_parts.append(moved)
            day_parts.append(np.full(len(moved), day))
            kind_parts.append(np.full(len(moved), kind))
            quantity_parts.append(quantity[moved])
    pair = np.concatenate(pair_parts)
    kind = np.concatenate(kind_parts)
    day = np.concatenate(day_parts)
    item_codes, location_codes = codes("SKU", items), codes("WH", locations)
    item = item_codes[pair // locations]
    place = location_codes[pair % locations]
    receipt = kind == 0
    effective = (START + pd.to_timedelta(day, unit="D")
                 + pd.to_timedelta(np.where(receipt, RECEIPT_HOUR, SHIPMENT_HOUR), unit="h"))
    return pd.DataFrame({
        "key": [f"m{i}" for i in range(len(pair))],
        "item": item,
        "source": np.where(receipt, onhand.SUPPLIER, place),
        "to": np.where(receipt, place, onhand.CUSTOMER),
        "quantity": np.concatenate(quantity_parts).astype(np.int64),
        "effective": effective,
        "reason": np.where(receipt, "receipt", "shipment").astype(object),
    })


def movements(n, seed, items=500, locations=3):
    """The first ``n`` movements (in time order) of a long enough simulation."""
    days = 64
    while True:
        frame = simulate(items, locations, days, seed)
        if len(frame) >= n:
            return frame.iloc[:n].reset_index(drop=True)
        days = max(2 * days, math.ceil(n / len(frame) * days * 1.05))


def fresh(items, locations):
    inv = onhand.open(backdate_limit=None)
    for place in codes("WH", locations):
        inv.define_location(place)
    for item in codes("SKU", items):
        inv.define_item(item)
    return inv


def post_all(inv, frame):
    for begin in range(0, len(frame), BATCH_MAX):
        result = inv.post_batch(frame.iloc[begin:begin + BATCH_MAX], atomic=True)
        if result.refused:
            raise RuntimeError(f"the simulated movements were refused: {result.errors.head()}")


def commitments(frame, seed):
    """Channel quotas and open reservations on the final stock: per item x
    location with stock, a wholesale quota of a third of it on one in three,
    and reservations for wholesale (within the quota) and web."""
    stock = final_balances(frame)
    stock = stock[stock["on_hand"] > 0].reset_index(drop=True)
    rng = np.random.default_rng(seed + 1)
    n = len(stock)
    third = (stock["on_hand"].to_numpy() // 3).astype(np.int64)
    quota = np.where(rng.random(n) < 1 / 3, third, 0)
    quotas = pd.DataFrame({"item": stock["item"], "location": stock["location"],
                           "channel": FENCING, "quantity": quota})[quota > 0]
    wholesale = np.where(quota > 0, rng.integers(0, quota + 1), 0)
    web = np.where(rng.random(n) < 0.4, rng.integers(0, third + 1), 0)
    reservations = pd.concat([
        pd.DataFrame({"item": stock["item"], "location": stock["location"], "channel": FENCING,
                      "quantity": wholesale}),
        pd.DataFrame({"item": stock["item"], "location": stock["location"], "channel": CHANNEL,
                      "quantity": web})])
    reservations = reservations[reservations["quantity"] > 0].reset_index(drop=True)
    reservations.insert(0, "key", [f"r{i}" for i in range(len(reservations))])
    return quotas.reset_index(drop=True), reservations


def ledger(items, locations, days, seed):
    """An inventory holding the simulated movements, quotas and reservations,
    and the tables they came from."""
    frame = simulate(items, locations, days, seed)
    inv = fresh(items, locations)
    post_all(inv, frame)
    quotas, reservations = commitments(frame, seed)
    for q in quotas.itertuples(index=False):
        inv.set_channel_quota(q.item, q.location, q.channel, int(q.quantity))
    for r in reservations.itertuples(index=False):
        inv.reserve(r.key, r.item, r.location, int(r.quantity), channel=r.channel)
    return inv, frame, quotas, reservations


def terms(items, seed):
    """Supplier terms per item: pack size, MOQ and a stated lead time."""
    rng = np.random.default_rng(seed + 2)
    pack = rng.choice([1, 6, 12, 24], items)
    return pd.DataFrame({
        "supplier": [f"SUP-{i % 12}" for i in range(items)],
        "item": codes("SKU", items),
        "price": "2.50", "currency": "EUR",
        "pack_size": pack.astype(np.int64),
        "minimum_order": (pack * rng.integers(0, 4, items)).astype(np.int64),
        "lead_time_days": rng.integers(1, 15, items).astype(np.int64),
    })


# ---------------------------------------------------------------------------
# pandas implementations


def legs(frame, internal):
    """Each movement as its signed legs at internal locations, in the frame's
    order: item, location, change and effective (UTC, naive)."""
    quantity = frame["quantity"].to_numpy()
    location = np.column_stack([frame["to"].to_numpy(), frame["source"].to_numpy()]).ravel()
    keep = np.isin(location, list(internal))
    return pd.DataFrame({
        "item": np.repeat(frame["item"].to_numpy(), 2)[keep],
        "location": location[keep],
        "change": np.column_stack([quantity, -quantity]).ravel()[keep],
        "effective": np.repeat(frame["effective"].dt.tz_convert(None).to_numpy(), 2)[keep],
    })


def pandas_post(frame, internal):
    """The balances per item x location after the movements (a DataFrame of
    item, location, on_hand), or None when a running balance goes negative
    (the batch is rejected)."""
    moves = legs(frame, internal)
    moves = moves.iloc[np.argsort(moves["effective"].to_numpy(), kind="stable")]
    group = moves.groupby(["item", "location"], sort=False).ngroup().to_numpy()
    change = moves["change"].to_numpy()
    running = pd.Series(change).groupby(group).cumsum()
    if (running < 0).any():
        return None
    _, first = np.unique(group, return_index=True)
    balances = moves.iloc[first][["item", "location"]].reset_index(drop=True)
    balances["on_hand"] = np.bincount(group, weights=change).astype(np.int64)
    return balances


def final_balances(frame):
    internal = set(frame["to"]) | set(frame["source"])
    internal -= {onhand.SUPPLIER, onhand.CUSTOMER}
    return pandas_post(frame, internal)


def pandas_positions(frame, quotas, reservations, internal):
    """position(), supply_position() and atp(channel=web) as pandas computes
    them: no lots (nothing quarantined), no movement dated after now (usable
    = on hand), no purchase orders or transfers (on order and in transit 0),
    one level of locations."""
    on_hand = legs(frame, internal).groupby(["item", "location"])["change"].sum()
    position = pd.DataFrame({"on_hand": on_hand, "quarantined": 0.0})
    position["available"] = position["on_hand"] - position["quarantined"]
    reserved = reservations.groupby(["item", "location"])["quantity"].sum()
    by_channel = reservations.groupby(["item", "location", "channel"])["quantity"].sum()
    table = position[["on_hand", "quarantined"]].copy()
    table["usable"] = table["on_hand"] - table["quarantined"]
    table["reserved"] = reserved.reindex(table.index, fill_value=0).astype(float)
    supply = table.copy()
    supply["available"] = (supply["usable"] - supply["reserved"]).clip(lower=0)
    supply["on_order"] = 0.0
    supply["in_transit"] = 0.0
    supply["inventory_position"] = (supply["usable"] + supply["on_order"] + supply["in_transit"]
                                    - supply["reserved"])
    supply = supply[(supply != 0).any(axis=1)]
    quota = quotas.set_index(["item", "location"])["quantity"]
    fencing = by_channel[by_channel.index.get_level_values("channel") == FENCING]
    held = fencing.droplevel("channel").reindex(quota.index, fill_value=0)
    atp = table.copy()
    atp["fenced"] = (quota - held).clip(lower=0).reindex(atp.index, fill_value=0).astype(float)
    atp["available"] = (atp["usable"] - atp["reserved"] - atp["fenced"]).clip(lower=0)
    return position, supply, atp


def pandas_reorder(frame, reservations, supplier_terms, internal, as_of, history_days):
    """reorder_suggestions' columns as pandas computes them (moving average,
    the error measured over the interval where 28 origins allow, stated lead
    times, no purchase orders, transit or backorders)."""
    last = pd.Timestamp(as_of)  # times are naive UTC here
    first = last - pd.Timedelta(days=history_days - 1)
    end = last + pd.Timedelta(days=1)
    moves = legs(frame, internal)
    moves = moves[moves["effective"] < end]
    moves["day"] = moves["effective"].dt.floor("D")
    net = moves.groupby(["item", "location", "day"])["change"].sum()
    days = pd.date_range(first, last, freq="D")
    opening = net[net.index.get_level_values("day") < first].groupby(
        level=["item", "location"]).sum()
    window = net[net.index.get_level_values("day") >= first].unstack("day").reindex(
        columns=days, fill_value=0).fillna(0)
    pairs = net.index.droplevel("day").unique()
    window = window.reindex(pairs, fill_value=0)
    balance = window.cumsum(axis=1).add(opening.reindex(pairs, fill_value=0), axis=0)
    shipped = frame[(frame["to"] == onhand.CUSTOMER) & frame["source"].isin(internal)]
    shipped = shipped.assign(day=shipped["effective"].dt.tz_convert(None).dt.floor("D"))
    shipped = shipped[(shipped["day"] >= first) & (shipped["day"] <= last)]
    demand = (shipped.groupby(["item", "source", "day"])["quantity"].sum().unstack("day")
              .reindex(index=pairs, columns=days).fillna(0).astype(float))
    long = pd.DataFrame({"demand": demand.stack(),
                         "stocked_out": (balance <= 0).stack()}).reset_index()
    long.columns = ["item", "location", "day", "demand", "stocked_out"]
    series = long[~long["stocked_out"]]
    grouped = series.groupby(["item", "location"], sort=False)["demand"]
    count = grouped.size().reindex(pairs, fill_value=0)
    tail = series.groupby(["item", "location"], sort=False).tail(WINDOW)
    d = tail.groupby(["item", "location"])["demand"].mean().reindex(pairs, fill_value=0.0)
    # Series of WINDOW days or more: fitted[t] = mean of the WINDOW days before t.
    long_enough = series[series.set_index(["item", "location"]).index.isin(
        count.index[count > WINDOW])]
    if len(long_enough):
        keys = [long_enough["item"], long_enough["location"]]
        fitted = (long_enough.groupby(keys, sort=False)["demand"].rolling(WINDOW).mean()
                  .droplevel([0, 1]).reindex(long_enough.index))
        fitted = fitted.groupby(keys, sort=False).shift(1)
        errors = (long_enough["demand"] - fitted).dropna()
        keys = long_enough.loc[errors.index, ["item", "location"]]
        sigma = errors.groupby([keys["item"], keys["location"]]).std(ddof=1)
        sigma = sigma.where(errors.groupby([keys["item"], keys["location"]]).size() >= 2, 0.0)
    else:
        sigma = pd.Series(dtype=float)
    sigma = sigma.reindex(pairs, fill_value=0.0).fillna(0.0)

    term = supplier_terms.set_index("item")
    lead_of = term["lead_time_days"].astype(float)

    def interval_sigma(days_of):
        """The root mean square of the errors over h days (h per item), where a
        series has at least 28 origins: sum of the next h days' demand from an
        origin with a forecast, minus h times that forecast."""
        if not len(long_enough):
            return pd.Series(np.nan, index=pairs)
        keys = [long_enough["item"], long_enough["location"]]
        h = days_of.reindex(long_enough["item"]).to_numpy()
        out = []
        for days in np.unique(h):
            mine = long_enough[h == days]
            mine_keys = [mine["item"], mine["location"]]
            ahead = (mine.groupby(mine_keys, sort=False)["demand"].rolling(int(days)).sum()
                     .droplevel([0, 1]).reindex(mine.index))
            ahead = ahead.groupby(mine_keys, sort=False).shift(-(int(days) - 1))
            first = mine.groupby(mine_keys, sort=False).cumcount() == 0
            error = (ahead - days * fitted.reindex(mine.index)).where(~first).dropna()
            by = [mine.loc[error.index, "item"], mine.loc[error.index, "location"]]
            rms = np.sqrt((error ** 2).groupby(by).mean())
            out.append(rms.where(error.groupby(by).size() >= 28))
        return pd.concat(out).reindex(pairs) if out else pd.Series(np.nan, index=pairs)

    def raised(days_of):
        """sigma_e raised to the measured interval error, or where none was
        measured, to the moving average's own: (1 + h/n) / (1 + 1/n)."""
        measured = interval_sigma(days_of).to_numpy()
        days = days_of.reindex(pairs.get_level_values("item")).to_numpy()
        own = sigma.to_numpy() * np.sqrt(np.where(days > 1, (1 + days / WINDOW)
                                                  / (1 + 1 / WINDOW), 1.0))
        return np.where(np.isnan(measured), own,
                        np.fmax(sigma.to_numpy(), measured / np.sqrt(days)))

    out = pd.DataFrame(index=pairs)
    out["daily_forecast"] = d.clip(lower=0)
    out["sigma_error"] = sigma
    sigma_lead = raised(lead_of.round().clip(lower=1))
    sigma_period = raised((lead_of + REVIEW_DAYS).round().clip(lower=1))
    item_of = out.index.get_level_values("item")
    lead = term["lead_time_days"].reindex(item_of).to_numpy(float)
    pack = term["pack_size"].reindex(item_of).to_numpy(float)
    moq = term["minimum_order"].reindex(item_of).to_numpy(float)
    z = statistics.NormalDist().inv_cdf(SERVICE_LEVEL)
    out["lead_time_mean"] = lead
    out["safety_stock"] = z * np.sqrt(lead * sigma_lead ** 2)
    out["reorder_point"] = out["daily_forecast"] * lead + out["safety_stock"]
    out["order_up_to"] = (out["daily_forecast"] * (lead + REVIEW_DAYS)
                          + z * np.sqrt((lead + REVIEW_DAYS) * sigma_period ** 2))
    out["on_hand"] = balance[last].reindex(pairs).astype(float)
    held = reservations.groupby(["item", "location"])["quantity"].sum()
    out["reserved"] = held.reindex(pairs, fill_value=0).astype(float)
    out["inventory_position"] = out["on_hand"] - out["reserved"]
    raw = (out["order_up_to"] - out["inventory_position"]).clip(lower=0)
    out["raw_quantity"] = raw
    # round_order first rounds to onhand's 6 decimals (float noise buys no pack).
    exact = np.round(raw.to_numpy(), 6)
    out["suggested_quantity"] = np.where(exact > 0, np.ceil(np.maximum(exact, moq) / pack) * pack,
                                         0.0)
    return out


# ---------------------------------------------------------------------------
# Comparison and timing


def same(name, ours, theirs, columns, exact=()):
    """Raises Mismatch unless the two tables (indexed by item, location) have
    the same rows and the same values in ``columns``."""
    if set(ours.index) != set(theirs.index):
        extra, missing = set(ours.index) - set(theirs.index), set(theirs.index) - set(ours.index)
        raise Mismatch(f"{name}: rows differ (onhand only: {sorted(extra)[:5]}, pandas only: "
                       f"{sorted(missing)[:5]})")
    theirs = theirs.loc[ours.index]
    for column in columns:
        a = ours[column].to_numpy(float)
        b = theirs[column].to_numpy(float)
        good = a == b if column in exact else np.isclose(a, b, rtol=1e-9, atol=1e-9)
        if not good.all():
            at = np.flatnonzero(~good)[0]
            raise Mismatch(f"{name}: {column} differs at {ours.index[at]}: onhand {a[at]!r}, "
                           f"pandas {b[at]!r} ({(~good).sum()} rows)")


def timed(fn, repeats=1):
    """(result, best CPU seconds, wall seconds of that run)."""
    best = (None, math.inf, math.inf)
    for _ in range(repeats):
        wall, cpu = time.perf_counter(), time.process_time()
        result = fn()
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        if cpu < best[1]:
            best = (result, cpu, wall)
    return best


def run_post(n, seed=1):
    frame = movements(n, seed)
    internal = set(codes("WH", 3))
    inv = fresh(500, 3)
    result, ours, ours_wall = timed(lambda: inv.post_batch(frame, atomic=True))
    balances, theirs, theirs_wall = timed(lambda: pandas_post(frame, internal))
    if result.refused or balances is None:
        raise Mismatch(f"post: onhand refused {result.refused}, pandas "
                       f"{'rejected' if balances is None else 'accepted'} the batch")
    position = inv.position().set_index(["item", "location"])
    same("post", position, balances.set_index(["item", "location"]), ["on_hand"],
         exact=["on_hand"])
    return {"case": f"post_batch {n:,} movements", "onhand": ours, "pandas": theirs,
            "onhand_wall": ours_wall, "pandas_wall": theirs_wall}


def run_atp(items, locations, days=182, seed=1, repeats=1):
    inv, frame, quotas, reservations = ledger(items, locations, days, seed)
    item_codes, places = list(codes("SKU", items)), list(codes("WH", locations))

    def with_onhand():
        return (inv.position(), inv.supply_position(item_codes, places),
                inv.atp(item_codes, places, channel=CHANNEL))

    (position, supply, atp), ours, ours_wall = timed(with_onhand, repeats)
    (p, s, a), theirs, theirs_wall = timed(
        lambda: pandas_positions(frame, quotas, reservations, set(places)), repeats)
    key = ["item", "location"]
    same("position", position.set_index(key), p, ["on_hand", "quarantined", "available"])
    same("supply_position", supply.set_index(key), s,
         ["on_hand", "quarantined", "usable", "reserved", "available", "on_order", "in_transit",
          "inventory_position"])
    # atp() lists every item x location asked for; pandas only those the item moved through.
    atp = atp.set_index(key)
    moved = atp.loc[atp.index.isin(a.index)]
    if (atp.drop(moved.index)[["on_hand", "reserved", "available"]] != 0).any(axis=None):
        raise Mismatch("atp: stock where no movement went")
    same("atp", moved, a, ["on_hand", "quarantined", "usable", "reserved", "fenced",
                           "available"])
    return {"case": f"position + supply_position + atp, {items:,} x {locations}",
            "onhand": ours, "pandas": theirs, "onhand_wall": ours_wall,
            "pandas_wall": theirs_wall, "rows": len(atp)}


def run_reorder(items, locations, days=182, history_days=None, seed=1, repeats=1):
    history_days = history_days or days
    inv, frame, _quotas, reservations = ledger(items, locations, days, seed)
    supplier_terms = terms(items, seed)
    as_of = (START + pd.Timedelta(days=days - 1)).date()

    def with_onhand():
        return planner.reorder_suggestions(
            inv, as_of, supplier_items=supplier_terms, service_level=SERVICE_LEVEL,
            review_days=REVIEW_DAYS, history_days=history_days, method="moving_average",
            window=WINDOW)

    ours_table, ours, ours_wall = timed(with_onhand, repeats)
    theirs_table, theirs, theirs_wall = timed(
        lambda: pandas_reorder(frame, reservations, supplier_terms, set(codes("WH", locations)),
                               as_of, history_days), repeats)
    same("reorder", ours_table.set_index(["item", "location"]), theirs_table,
         ["daily_forecast", "sigma_error", "lead_time_mean", "safety_stock", "reorder_point",
          "order_up_to", "on_hand", "reserved", "inventory_position", "raw_quantity",
          "suggested_quantity"], exact=["suggested_quantity"])
    return {"case": f"reorder_suggestions {items:,} x {locations}, {history_days} days",
            "onhand": ours, "pandas": theirs, "onhand_wall": ours_wall,
            "pandas_wall": theirs_wall, "rows": len(ours_table),
            "orders": int((ours_table["suggested_quantity"] > 0).sum())}


def report(figures):
    ratio = figures["pandas"] / figures["onhand"]
    faster = f"onhand {ratio:.1f}x faster" if ratio >= 1 else f"pandas {1 / ratio:.1f}x faster"
    extra = "".join(f", {k} {figures[k]:,}" for k in ("rows", "orders") if k in figures)
    print(f"{figures['case']}{extra}: CPU onhand {figures['onhand']:.3f} s, pandas "
          f"{figures['pandas']:.3f} s ({faster}); wall {figures['onhand_wall']:.3f} s / "
          f"{figures['pandas_wall']:.3f} s; answers equal", flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("case", nargs="?", default="all", choices=["all", "post", "atp", "reorder"])
    parser.add_argument("sizes", nargs="*", type=int,
                        help="post: movements; atp, reorder: items locations")
    parser.add_argument("--days", type=int, default=None,
                        help="days of simulated history (default 182; 28 for 50,000 x 20)")
    parser.add_argument("--repeats", type=int, default=1, help="best CPU time of this many runs")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if args.case in ("all", "post"):
        report(run_post(args.sizes[0] if args.sizes else 1_000_000, args.seed))
    if args.case in ("all", "atp"):
        items, locations = args.sizes if args.case == "atp" and args.sizes else (500, 3)
        report(run_atp(items, locations, args.days or 182, args.seed, args.repeats))
    if args.case in ("all", "reorder"):
        sizes = [tuple(args.sizes)] if args.case == "reorder" and args.sizes else [(500, 3),
                                                                                 (50_000, 20)]
        for items, locations in sizes:
            days = args.days or (28 if items * locations >= 1_000_000 else 182)
            report(run_reorder(items, locations, days, seed=args.seed, repeats=args.repeats))


if __name__ == "__main__":
    main()
