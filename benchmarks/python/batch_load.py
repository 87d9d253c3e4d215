# SPDX-License-Identifier: Apache-2.0
"""Loading dated movement history from a DataFrame, side by side:

- Inventory.post_batch: the whole DataFrame in one call (goal: >= 1M lines/s,
  with the same checks as single posts);
- Inventory.post row by row (what a loader without batches does), timed on a
  sample and scaled.

The history: N single-line documents over 500 items and 3 warehouses, one
per second from 2025-01-01, receipts from the supplier and shipments of what
was received (every document valid, so both paths do the same work).

Run (release build):
  cmake --preset release -DPython3_EXECUTABLE=/usr/bin/python3
  cmake --build --preset release --target _core -j2
  PYTHONPATH=build/release/bindings/python /usr/bin/python3 benchmarks/python/batch_load.py [N]
"""
import sys
import time

import numpy as np
import pandas as pd

import onhand


def history(n):
    rng = np.random.default_rng(1)
    items = np.array([f"SKU-{i}" for i in range(500)], dtype=object)
    places = np.array(["WH-0", "WH-1", "WH-2"], dtype=object)
    item = items[rng.integers(0, len(items), n)]
    place = places[rng.integers(0, len(places), n)]
    receipt = np.arange(n) % 2 == 0
    # A shipment takes 1 of the 5 its receipt (the row before) brought.
    item[1::2] = item[0:n - 1:2][: len(item[1::2])]
    place[1::2] = place[0:n - 1:2][: len(place[1::2])]
    return pd.DataFrame({
        "key": [f"m{i}" for i in range(n)],
        "item": item,
        "source": np.where(receipt, onhand.SUPPLIER, place),
        "to": np.where(receipt, place, onhand.CUSTOMER),
        "quantity": np.where(receipt, 5, 1).astype(np.int64),
        "effective": pd.Timestamp("2025-01-01", tz="UTC") + pd.to_timedelta(np.arange(n), unit="s"),
    })


def fresh():
    inv = onhand.open(backdate_limit=None)
    for place in ("WH-0", "WH-1", "WH-2"):
        inv.define_location(place)
    for i in range(500):
        inv.define_item(f"SKU-{i}")
    return inv


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    frame = history(n)
    inv = fresh()
    start = time.process_time()
    result = inv.post_batch(frame)
    batch = time.process_time() - start
    assert result.refused == 0 and result.posted == n, result.errors.head()
    sample = min(n, 20_000)
    inv = fresh()
    rows = frame.head(sample).itertuples(index=False)
    start = time.process_time()
    for row in rows:
        inv.post([{"item": row.item, "quantity": int(row.quantity), "source": row.source,
                   "to": row.to}], key=row.key, effective=row.effective.to_pydatetime())
    single = (time.process_time() - start) / sample * n
    print(f"{n:,} lines, CPU seconds:")
    print(f"  post_batch, one call       {batch:8.2f} s  {n / batch:12,.0f} lines/s")
    print(f"  post row by row (scaled)   {single:8.2f} s  {n / single:12,.0f} lines/s"
          f"  (batch is {single / batch:.1f}x faster)")


if __name__ == "__main__":
    main()
