# SPDX-License-Identifier: Apache-2.0
"""Cost at a given decision: each evaluator equals its optimizer's cost at the
optimizer's decision, and scipy's integrals and sums elsewhere."""
import numpy as np
import pytest
from scipy import integrate, stats

import onhand
from onhand import planning


def test_eoq_cost_matches_optimum_and_closed_form():
    best = planning.eoq(1200.0, 50.0, 2.4)
    assert planning.eoq_cost(1200.0, 50.0, 2.4, best["order_quantity"]) == pytest.approx(best["cost"], rel=1e-14)
    q = np.array([100.0, 400.0, 1000.0])
    got = planning.eoq_cost(1200.0, 50.0, 2.4, q)
    assert isinstance(got, np.ndarray)
    # Stock falls linearly from Q to 0 over a cycle of Q/D: integrate it.
    held = np.array([integrate.quad(lambda t, q=q_: q - 1200.0 * t, 0, q_ / 1200.0)[0] / (q_ / 1200.0) for q_ in q])
    np.testing.assert_allclose(got, 50.0 * 1200.0 / q + 2.4 * held, rtol=1e-12)
    with pytest.raises(onhand.InvalidParameterError) as raised:
        planning.eoq_cost(1200.0, 50.0, 2.4, 0.0)
    assert raised.value.field == "order_quantity"


def test_eoq_with_backorders_cost():
    best = planning.eoq_with_backorders(1200.0, 50.0, 2.4, 9.6)
    at_best = planning.eoq_with_backorders_cost(1200.0, 50.0, 2.4, 9.6, best["order_quantity"], best["max_backorders"])
    assert at_best == pytest.approx(best["cost"], rel=1e-14)
    q, b = np.array([250.0, 400.0]), np.array([50.0, 0.0])
    got = planning.eoq_with_backorders_cost(1200.0, 50.0, 2.4, 9.6, q, b)
    expected = []
    for q_, b_ in zip(q, b):
        cycle = q_ / 1200.0
        held = integrate.quad(lambda t: max(q_ - b_ - 1200.0 * t, 0.0), 0, cycle, points=[(q_ - b_) / 1200.0])[0]
        short = integrate.quad(lambda t: max(1200.0 * t - (q_ - b_), 0.0), 0, cycle, points=[(q_ - b_) / 1200.0])[0]
        expected.append((50.0 + 2.4 * held + 9.6 * short) / cycle)
    np.testing.assert_allclose(got, expected, rtol=1e-10)
    with pytest.raises(onhand.InvalidParameterError) as raised:
        planning.eoq_with_backorders_cost(1200.0, 50.0, 2.4, 9.6, 100.0, 150.0)
    assert raised.value.field == "max_backorders"


def test_epq_cost():
    best = planning.epq(1000.0, 100.0, 2.0, 4000.0)
    assert planning.epq_cost(1000.0, 100.0, 2.0, 4000.0, best["order_quantity"]) == pytest.approx(best["cost"], rel=1e-14)
    q = 500.0
    run, cycle = q / 4000.0, q / 1000.0
    stock = lambda t: 3000.0 * t if t < run else 3000.0 * run - 1000.0 * (t - run)
    held = integrate.quad(stock, 0, cycle, points=[run])[0] / cycle
    assert planning.epq_cost(1000.0, 100.0, 2.0, 4000.0, q) == pytest.approx(100.0 / cycle + 2.0 * held, rel=1e-12)


def cost_by_quad(dist, s, h, p):
    lo, hi = dist.ppf(1e-12), dist.ppf(1 - 1e-12)
    f = lambda x: dist.pdf(x) * (h * max(s - x, 0.0) + p * max(x - s, 0.0))
    return integrate.quad(f, lo, hi, points=[s] if lo < s < hi else None, limit=200, epsabs=1e-12)[0]


@pytest.mark.parametrize("distribution", ["normal", "lognormal", "lognormal_mu_sigma"])
def test_newsvendor_cost_continuous(distribution):
    if distribution == "lognormal_mu_sigma":
        mean, std = 4.0, 0.5  # mu and sigma of log demand
        dist = stats.lognorm(s=0.5, scale=np.exp(4.0))
    elif distribution == "lognormal":
        mean, std = 100.0, 60.0
        sigma = np.sqrt(np.log1p(0.36))
        dist = stats.lognorm(s=sigma, scale=100.0 * np.exp(-sigma**2 / 2))
    else:
        mean, std = 50.0, 8.0
        dist = stats.norm(50.0, 8.0)
    best = planning.newsvendor(mean, std, 3.0, 1.0, distribution=distribution)
    at_best = planning.newsvendor_cost(mean, std, 3.0, 1.0, best["order_up_to"], distribution=distribution)
    assert at_best["expected_cost"] == best["expected_cost"]
    levels = dist.ppf([0.1, 0.5, 0.9, 0.99])
    got = planning.newsvendor_cost(mean, std, 3.0, 1.0, levels, distribution=distribution)
    expected = [cost_by_quad(dist, s, 1.0, 3.0) for s in levels]
    np.testing.assert_allclose(got["expected_cost"], expected, rtol=1e-8)
    np.testing.assert_array_equal(got["order_up_to"], levels)
    assert np.all(got["expected_cost"] >= best["expected_cost"])


def test_newsvendor_cost_poisson_and_discrete():
    best = planning.newsvendor(6.5, 0.0, 4.0, 1.0, distribution="poisson")
    at_best = planning.newsvendor_cost(6.5, 0.0, 4.0, 1.0, best["order_up_to"], distribution="poisson")
    assert at_best["expected_cost"] == best["expected_cost"]
    k = np.arange(200)
    pmf = stats.poisson.pmf(k, 6.5)
    for s in [0.0, 4.0, 6.5, 12.0]:
        expected = np.sum(pmf * (np.maximum(s - k, 0) + 4.0 * np.maximum(k - s, 0)))
        got = planning.newsvendor_cost(6.5, 0.0, 4.0, 1.0, s, distribution="poisson")
        assert got["expected_cost"] == pytest.approx(expected, rel=1e-12)
    values = [0.0, 1.0, 2.0, 3.0, 4.0]
    probabilities = np.array([[0.1, 0.2, 0.3, 0.25, 0.15], [0.0, 0.0, 1.0, 0.0, 0.0]])
    best = planning.newsvendor_discrete(values, probabilities, 3.0, 1.0)
    at_best = planning.newsvendor_discrete_cost(values, probabilities, 3.0, 1.0, best["order_up_to"])
    np.testing.assert_array_equal(at_best["expected_cost"], best["expected_cost"])
    got = planning.newsvendor_discrete_cost(values, probabilities, 3.0, 1.0, 1.5)
    v = np.array(values)
    expected = probabilities @ (np.maximum(1.5 - v, 0) + 3.0 * np.maximum(v - 1.5, 0))
    np.testing.assert_allclose(got["expected_cost"], expected, rtol=1e-14)


def test_newsvendor_profit_at():
    best = planning.newsvendor_profit(100.0, 20.0, 10.0, 6.0, salvage_value=2.0, shortage_penalty=1.0)
    at_best = planning.newsvendor_profit_at(100.0, 20.0, 10.0, 6.0, best["order_up_to"], salvage_value=2.0, shortage_penalty=1.0)
    assert at_best["expected_profit"] == best["expected_profit"]
    dist = stats.norm(100.0, 20.0)
    for s in [60.0, 120.0, 160.0]:
        got = planning.newsvendor_profit_at(100.0, 20.0, 10.0, 6.0, s, salvage_value=2.0, shortage_penalty=1.0)
        profit = integrate.quad(
            lambda x: dist.pdf(x) * (10 * min(x, s) + 2 * max(s - x, 0) - 6 * s - max(x - s, 0)),
            -100, 300, points=[s], limit=200)[0]
        assert got["expected_profit"] == pytest.approx(profit, rel=1e-9)
        assert got["expected_profit"] <= best["expected_profit"]
    with pytest.raises(onhand.InvalidParameterError) as raised:
        planning.newsvendor_profit_at(100.0, 20.0, 10.0, 6.0, float("nan"))
    assert raised.value.field == "order_up_to"


def test_lognormal_mu_sigma_newsvendor_matches_scipy():
    got = planning.newsvendor(4.0, 0.5, 3.0, 1.0, distribution="lognormal_mu_sigma")
    assert got["order_up_to"] == pytest.approx(stats.lognorm.ppf(0.75, s=0.5, scale=np.exp(4.0)), rel=1e-12)
    with pytest.raises(onhand.InvalidParameterError) as raised:
        planning.newsvendor(4.0, -0.5, 3.0, 1.0, distribution="lognormal_mu_sigma")
    assert raised.value.field == "demand_std"
    with pytest.raises(onhand.InvalidParameterError):
        planning.rq_cost(800.0, 40.0, 0.01, 50.0, 3.1, 45.0, 10.0, 100.0, distribution="lognormal_mu_sigma")


def test_poisson_second_order_loss_complement_matches_direct_sums():
    x = np.array([0.0, 2.0, 10.0, 18.0, 40.0])
    j = np.arange(400)
    pmf = stats.poisson.pmf(j, 15.0)
    expected = [np.sum(pmf * np.maximum(v - j, 0) * np.maximum(v + 1 - j, 0)) / 2 for v in x]
    np.testing.assert_allclose(planning.poisson_second_order_loss_complement(x, 15.0), expected, rtol=1e-12)
    # Snyder & Shen (C.42) at x = 18, lambda = 15 (the authors' stockpyl doctest value).
    assert planning.poisson_second_order_loss_complement(18, 15.0) == pytest.approx(12.651659697082211, rel=1e-13)
    with pytest.raises(onhand.InvalidParameterError) as raised:
        planning.poisson_second_order_loss_complement(1.5, 2.0)
    assert raised.value.field == "x"
