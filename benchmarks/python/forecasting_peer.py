# SPDX-License-Identifier: Apache-2.0
"""Forecasting speed against its peers, measured in one run.

- SES and Holt over 10k series x 104 periods: onhand (one call for the whole
  matrix) against statsmodels' SimpleExpSmoothing / Holt fitted series by
  series, with the same fixed parameters and the same initial states.
  Goal: >= 100x.
- Croston and TSB over 100k series x 104 periods: onhand against a vectorized
  numpy implementation (a loop over periods, arrays over series). Goal: >= 4x.

Every peer's forecasts are checked against onhand's before timing counts.

Run (release build):
  cmake --preset release -DPython3_EXECUTABLE=/usr/bin/python3
  cmake --build --preset release --target _core -j2
  PYTHONPATH=build/release/bindings/python /usr/bin/python3 benchmarks/python/forecasting_peer.py

--statsmodels-series N times statsmodels on the first N series only and
reports its time per series (default: all 10k).
"""
import argparse
import time
import warnings

import numpy as np

from onhand import planning

PERIODS = 104


def best_of(fn, repeat):
    best = np.inf
    out = None
    for _ in range(repeat):
        start = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - start)
    return best, out


def smooth_demand(series, seed=42):
    rng = np.random.default_rng(seed)
    t = np.arange(PERIODS)
    return 100 + 0.2 * t + rng.normal(0, 5, (series, PERIODS))


def intermittent_demand(series, seed=42):
    rng = np.random.default_rng(seed)
    occurs = rng.random((series, PERIODS)) < 0.25
    return np.where(occurs, 1.0 + rng.poisson(3, (series, PERIODS)), 0.0)


# ---------------------------------------------------------------- numpy peers


def croston_numpy(y, alpha, fitted=False):
    """statsforecast's Croston, vectorized over series; with fitted=True it
    also returns the in-sample one-step forecasts, as onhand does."""
    yt = np.ascontiguousarray(y.T)  # periods x series: each step reads a row
    n = y.shape[0]
    size = np.zeros(n)
    interval = np.ones(n)
    seen = np.zeros(n, dtype=bool)
    last = np.full(n, -1.0)
    out = np.empty_like(yt) if fitted else None
    for t in range(yt.shape[0]):
        row = yt[t]
        if fitted:
            out[t] = np.where(seen, size / interval, 0.0)
        demand = row > 0
        weight = np.where(seen, alpha, 1.0) * demand
        size += weight * (row - size)
        interval += weight * ((t - last) - interval)
        last = np.where(demand, t, last)
        seen |= demand
    forecast = np.where(seen, size / interval, 0.0)
    if fitted:
        out[0] = np.nan
        return forecast, out.T
    return forecast


def tsb_numpy(y, alpha, alpha_probability, fitted=False):
    """statsforecast's TSB, vectorized over series (fitted as for Croston)."""
    yt = np.ascontiguousarray(y.T)
    n = y.shape[0]
    size = np.zeros(n)
    seen = np.zeros(n, dtype=bool)
    probability = (yt[0] > 0).astype(float)
    out = np.empty_like(yt) if fitted else None
    for t in range(yt.shape[0]):
        row = yt[t]
        if fitted:
            out[t] = np.where(seen, probability * size, 0.0)
        demand = row > 0
        probability += alpha_probability * (demand - probability)
        size += np.where(seen, alpha, 1.0) * demand * (row - size)
        seen |= demand
    forecast = np.where(seen, probability * size, 0.0)
    if fitted:
        out[0] = np.nan
        return forecast, out.T
    return forecast


# ---------------------------------------------------------- statsmodels peers


def statsmodels_ses(y, alpha, horizon):
    from statsmodels.tsa.holtwinters import SimpleExpSmoothing

    out = np.empty((y.shape[0], horizon))
    for i, row in enumerate(y):
        fit = SimpleExpSmoothing(row, initialization_method="legacy-heuristic").fit(
            smoothing_level=alpha, optimized=False)
        out[i] = fit.forecast(horizon)
    return out


def statsmodels_holt(y, alpha, beta, horizon):
    from statsmodels.tsa.holtwinters import Holt

    out = np.empty((y.shape[0], horizon))
    for i, row in enumerate(y):
        fit = Holt(row, initialization_method="legacy-heuristic").fit(
            smoothing_level=alpha, smoothing_trend=beta, optimized=False)
        out[i] = fit.forecast(horizon)
    return out


def line(name, series, ours, peer, peer_series, goal):
    ours_per = ours / series * 1e6
    peer_per = peer / peer_series * 1e6
    ratio = peer_per / ours_per
    print(f"{name:<8} {series:>7} series  onhand {ours * 1e3:9.2f} ms ({ours_per:8.3f} us/series)"
          f"  peer {peer_per:10.3f} us/series  speed-up {ratio:8.1f}x  (goal >= {goal}x)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--statsmodels-series", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    horizon = 4

    smooth = smooth_demand(10_000)
    sample = smooth[: args.statsmodels_series]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        t_ses, ses = best_of(
            lambda: planning.simple_exponential_smoothing(smooth, alpha=0.3, horizon=horizon),
            args.repeat)
        t_ses_peer, ses_peer = best_of(lambda: statsmodels_ses(sample, 0.3, horizon), 1)
        np.testing.assert_allclose(ses.forecast[: len(sample)], ses_peer, rtol=1e-9)
        t_holt, holt = best_of(
            lambda: planning.holt(smooth, alpha=0.3, beta=0.1, horizon=horizon), args.repeat)
        t_holt_peer, holt_peer = best_of(lambda: statsmodels_holt(sample, 0.3, 0.1, horizon), 1)
        np.testing.assert_allclose(holt.forecast[: len(sample)], holt_peer, rtol=1e-9)

    lumpy = intermittent_demand(100_000)
    # Forecasts only (fitted=False) against the numpy peer's forecasts; then
    # both with the 100k x 104 in-sample fitted values.
    t_croston, croston = best_of(
        lambda: planning.croston(lumpy, alpha=0.1, horizon=horizon, fitted=False), args.repeat)
    t_croston_peer, croston_peer = best_of(lambda: croston_numpy(lumpy, 0.1), args.repeat)
    np.testing.assert_allclose(croston.forecast[:, 0], croston_peer, rtol=1e-12)
    t_tsb, tsb = best_of(
        lambda: planning.tsb(lumpy, alpha=0.1, alpha_probability=0.1, horizon=horizon,
                             fitted=False), args.repeat)
    t_tsb_peer, tsb_peer = best_of(lambda: tsb_numpy(lumpy, 0.1, 0.1), args.repeat)
    np.testing.assert_allclose(tsb.forecast[:, 0], tsb_peer, rtol=1e-12)
    del croston, tsb

    t_croston_fitted, ours = best_of(
        lambda: planning.croston(lumpy, alpha=0.1, horizon=horizon), args.repeat)
    t_croston_fitted_peer, (_, peer) = best_of(
        lambda: croston_numpy(lumpy, 0.1, fitted=True), args.repeat)
    np.testing.assert_allclose(ours.fitted, peer, rtol=1e-12)
    del ours, peer
    t_tsb_fitted, ours = best_of(
        lambda: planning.tsb(lumpy, alpha=0.1, alpha_probability=0.1, horizon=horizon),
        args.repeat)
    t_tsb_fitted_peer, (_, peer) = best_of(
        lambda: tsb_numpy(lumpy, 0.1, 0.1, fitted=True), args.repeat)
    np.testing.assert_allclose(ours.fitted, peer, rtol=1e-12)
    del ours, peer

    print(f"forecasting peers: {PERIODS} periods, horizon {horizon}, best of {args.repeat} "
          f"(statsmodels: one pass over {len(sample)} series)")
    line("SES", 10_000, t_ses, t_ses_peer, len(sample), 100)
    line("Holt", 10_000, t_holt, t_holt_peer, len(sample), 100)
    line("Croston", 100_000, t_croston, t_croston_peer, 100_000, 4)
    line("TSB", 100_000, t_tsb, t_tsb_peer, 100_000, 4)
    line("Croston+", 100_000, t_croston_fitted, t_croston_fitted_peer, 100_000, 4)
    line("TSB+", 100_000, t_tsb_fitted, t_tsb_fitted_peer, 100_000, 4)
    print("(Croston+/TSB+: both sides also return the 100k x 104 in-sample fitted values)")
    # One-series calls show what the Python boundary costs per call.
    one = smooth[0]
    t_call, _ = best_of(
        lambda: [planning.simple_exponential_smoothing(one, alpha=0.3) for _ in range(1000)],
        args.repeat)
    print(f"one-series SES call from Python: {t_call / 1000 * 1e6:.2f} us per call")


if __name__ == "__main__":
    main()
