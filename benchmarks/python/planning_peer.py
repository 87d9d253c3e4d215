# SPDX-License-Identifier: Apache-2.0
"""Safety stock + reorder point for 1M SKU-locations from Python, side by side:

- onhand.planning.reorder_point, one call for the whole column;
- pandas + scipy, vectorized over the DataFrame's columns;
- pandas row by row (DataFrame.apply with scipy per row), the notebook habit,
  timed on a sample and scaled to the full size;
- the Python overhead of one onhand call on a single SKU.

Run from a release build:
    PYTHONPATH=build/release/bindings/python /usr/bin/python3 benchmarks/python/planning_peer.py
"""
import argparse
import math
import time

import numpy as np
import pandas as pd
from scipy import stats

from onhand import planning


def best_of(repeats, fn):
    """Best CPU time of the process (the machine is shared, so wall time is noisy)."""
    best = math.inf
    for _ in range(repeats):
        start = time.process_time()
        fn()
        best = min(best, time.process_time() - start)
    return best


def frame(n, seed=42):
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            "demand_mean": rng.uniform(0, 200, n),
            "demand_std": rng.uniform(0, 60, n),
            "lead_time": rng.uniform(1, 30, n),
            "lead_time_std": rng.uniform(0, 5, n),
            "service_level": rng.uniform(0.80, 0.995, n),
        }
    )


def with_onhand(df):
    return planning.reorder_point(
        df["demand_mean"].to_numpy(),
        df["demand_std"].to_numpy(),
        df["lead_time"].to_numpy(),
        df["service_level"].to_numpy(),
        lead_time_std=df["lead_time_std"].to_numpy(),
    )


def with_pandas(df):
    sigma = np.sqrt(df["lead_time"] * df["demand_std"] ** 2 + df["demand_mean"] ** 2 * df["lead_time_std"] ** 2)
    z = pd.Series(stats.norm.ppf(df["service_level"]), index=df.index)
    ss = z * sigma
    return pd.DataFrame({"z": z, "sigma": sigma, "safety_stock": ss, "reorder_point": df["demand_mean"] * df["lead_time"] + ss})


def row_by_row(row):
    sigma = math.sqrt(row.lead_time * row.demand_std**2 + row.demand_mean**2 * row.lead_time_std**2)
    ss = stats.norm.ppf(row.service_level) * sigma
    return pd.Series({"safety_stock": ss, "reorder_point": row.demand_mean * row.lead_time + ss})


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--row-sample", type=int, default=5_000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    n = args.rows
    df = frame(n)

    ours = with_onhand(df)
    theirs = with_pandas(df)
    np.testing.assert_allclose(ours["reorder_point"], theirs["reorder_point"].to_numpy(), rtol=1e-12)

    t_onhand = best_of(args.repeats, lambda: with_onhand(df))
    t_pandas = best_of(args.repeats, lambda: with_pandas(df))
    sample = df.head(args.row_sample)
    t_rows = best_of(1, lambda: sample.apply(row_by_row, axis=1)) * n / len(sample)

    one = {k: float(v) for k, v in df.iloc[0].items()}
    calls = 20_000
    start = time.process_time()
    for _ in range(calls):
        planning.reorder_point(one["demand_mean"], one["demand_std"], one["lead_time"], one["service_level"], lead_time_std=one["lead_time_std"])
    t_call = (time.process_time() - start) / calls
    t_scalar_level = best_of(args.repeats, lambda: planning.reorder_point(
        df["demand_mean"].to_numpy(), df["demand_std"].to_numpy(), df["lead_time"].to_numpy(), 0.95,
        lead_time_std=df["lead_time_std"].to_numpy()))

    print(f"rows: {n:,}   (best CPU time of {args.repeats})")
    print(f"onhand.planning.reorder_point (one call)   {t_onhand * 1e3:9.1f} ms  {t_onhand / n * 1e9:7.1f} ns/SKU")
    print(f"pandas + scipy, vectorized                 {t_pandas * 1e3:9.1f} ms  {t_pandas / n * 1e9:7.1f} ns/SKU  onhand is {t_pandas / t_onhand:5.1f}x faster")
    print(f"pandas DataFrame.apply row by row (scaled) {t_rows * 1e3:9.1f} ms  {t_rows / n * 1e9:7.1f} ns/SKU  onhand is {t_rows / t_onhand:5.0f}x faster")
    print(f"onhand, one service level for all rows     {t_scalar_level * 1e3:9.1f} ms  {t_scalar_level / n * 1e9:7.1f} ns/SKU")
    print(f"one onhand call for a single SKU           {t_call * 1e6:9.2f} us  (fixed cost per call, amortized over a column)")
    other_functions()


def other_functions(rows=100_000, heavy_rows=1_000):
    """CPU time per SKU of the other column functions (one call per column)."""
    rng = np.random.default_rng(7)
    d = rng.uniform(0, 100, rows)
    small = d[:heavy_rows] / 5 + 0.5
    cases = [
        ("reorder_point_fill_rate", rows, lambda: planning.reorder_point_fill_rate(d, 10.0, 4.0, 200.0, 0.98)),
        ("reorder_point_fill_rate exact", rows, lambda: planning.reorder_point_fill_rate(d, 10.0, 4.0, 200.0, 0.98, exact=True)),
        ("order_up_to", rows, lambda: planning.order_up_to(d, 10.0, 7.0, 4.0, 0.98)),
        ("eoq", rows, lambda: planning.eoq(d, 50.0, 2.0)),
        ("newsvendor normal", rows, lambda: planning.newsvendor(d, 10.0, 9.0, 1.0)),
        ("newsvendor poisson", rows, lambda: planning.newsvendor(d, 0.0, 9.0, 1.0, distribution="poisson")),
        ("rq_optimal exact (normal)", heavy_rows, lambda: planning.rq_optimal(small * 100, 10.0, 0.1, 50.0, 2.0, 20.0)),
        ("rq_optimal poisson", heavy_rows, lambda: planning.rq_optimal(small * 10, 0.0, 0.1, 50.0, 2.0, 20.0, distribution="poisson")),
        ("ss_optimal (Zheng-Federgruen)", heavy_rows, lambda: planning.ss_optimal(small, 64.0, 1.0, 9.0)),
    ]
    print(f"other functions, best CPU time of 3 (rows per call in brackets):")
    for name, n, fn in cases:
        t = best_of(3, fn)
        print(f"  {name:32s} [{n:>7,}] {t / n * 1e9:10.0f} ns/SKU")


if __name__ == "__main__":
    main()
