# SPDX-License-Identifier: Apache-2.0
"""onhand.planning: distributions, safety stock and lot sizing against scipy."""
from decimal import Decimal

import numpy as np
import pytest
from scipy import integrate, optimize, stats

import onhand
from onhand import planning


def test_normal_functions_match_scipy():
    x = np.linspace(-6, 6, 49)
    np.testing.assert_allclose(planning.normal_pdf(x), stats.norm.pdf(x), rtol=1e-14)
    np.testing.assert_allclose(planning.normal_cdf(x), stats.norm.cdf(x), rtol=1e-14)
    np.testing.assert_allclose(planning.normal_upper_tail(x), stats.norm.sf(x), rtol=1e-13)
    p = np.array([1e-9, 0.01, 0.3, 0.5, 0.9, 0.999999])
    np.testing.assert_allclose(planning.normal_quantile(p), stats.norm.ppf(p), rtol=1e-12, atol=1e-15)
    assert planning.normal_quantile(0.5) == 0.0
    np.testing.assert_allclose(planning.normal_quantile(p, 100, 10), stats.norm.ppf(p, 100, 10), rtol=1e-12)
    np.testing.assert_allclose(planning.normal_cdf(x, 3, 2), stats.norm.cdf(x, 3, 2), rtol=1e-14)


def test_loss_functions_match_scipy_where_scipy_is_exact():
    k = np.linspace(-4, 1.5, 23)  # no cancellation in scipy's own formula here
    g = stats.norm.pdf(k) - k * stats.norm.sf(k)
    np.testing.assert_allclose(planning.normal_loss(k), g, rtol=1e-13)
    np.testing.assert_allclose(planning.normal_loss_complement(k), g + k, rtol=1e-12, atol=1e-15)
    g2 = 0.5 * ((1 + k * k) * stats.norm.sf(k) - k * stats.norm.pdf(k))
    np.testing.assert_allclose(planning.normal_second_order_loss(k), g2, rtol=1e-12)
    # In units of X ~ N(mu, sigma^2): sigma G((x - mu)/sigma), checked by integration.
    mu, sigma, x = 40.0, 8.0, 47.0
    integral, _ = integrate.quad(
        lambda y: (y - x) * stats.norm.pdf(y, mu, sigma), x, mu + 20 * sigma)
    assert planning.normal_loss(x, mu, sigma) == pytest.approx(integral, rel=1e-10)


def test_loss_inverse_recovers_k():
    k = np.array([-3.0, 0.0, 0.9, 2.5, 6.0])
    np.testing.assert_allclose(planning.normal_loss_inverse(planning.normal_loss(k)), k, atol=1e-10)
    with pytest.raises(onhand.InvalidParameterError):
        planning.normal_loss_inverse(0.0)


def test_loss_functions_in_the_far_tail():
    mpmath = pytest.importorskip("mpmath")
    mpmath.mp.dps = 60
    for k in (5.0, 12.0, 25.0):
        mk = mpmath.mpf(k)
        tail = mpmath.erfc(mk / mpmath.sqrt(2)) / 2
        g = mpmath.npdf(mk) - mk * tail
        g2 = ((1 + mk * mk) * tail - mk * mpmath.npdf(mk)) / 2
        assert planning.normal_loss(k) == pytest.approx(float(g), rel=1e-13)
        assert planning.normal_second_order_loss(k) == pytest.approx(float(g2), rel=1e-13)
        assert planning.normal_loss(k) > 0


def test_poisson_losses_match_scipy_sums():
    j = np.arange(0, 400)
    for mean in (0.7, 6.0, 45.0):
        pmf = stats.poisson.pmf(j, mean)
        x = np.arange(0, 80, dtype=float)
        first = np.array([np.sum(np.clip(j - xi, 0, None) * pmf) for xi in x])
        second = np.array([np.sum(0.5 * np.clip(j - xi, 0, None) * np.clip(j - xi - 1, 0, None) * pmf) for xi in x])
        complement = np.array([np.sum(np.clip(xi - j, 0, None) * pmf) for xi in x])
        np.testing.assert_allclose(planning.poisson_loss(x, mean), first, rtol=1e-10, atol=1e-300)
        np.testing.assert_allclose(planning.poisson_second_order_loss(x, mean), second, rtol=1e-10, atol=1e-300)
        np.testing.assert_allclose(planning.poisson_loss_complement(x, mean), complement, rtol=1e-10, atol=1e-14)
    with pytest.raises(onhand.InvalidParameterError):
        planning.poisson_second_order_loss(1.5, 3.0)


def random_columns(n, seed=11):
    rng = np.random.default_rng(seed)
    return dict(
        demand_mean=rng.uniform(0, 200, n),
        demand_std=rng.uniform(0, 60, n),
        lead_time=rng.uniform(1, 30, n),
        service_level=rng.uniform(0.01, 0.999, n),
        lead_time_std=rng.uniform(0, 5, n),
    )


def test_reorder_point_matches_scipy_on_a_column():
    c = random_columns(1000)
    got = planning.reorder_point(**c)
    sigma = np.sqrt(c["lead_time"] * c["demand_std"] ** 2 + c["demand_mean"] ** 2 * c["lead_time_std"] ** 2)
    z = stats.norm.ppf(c["service_level"])
    np.testing.assert_allclose(got["z"], z, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(got["sigma"], sigma, rtol=1e-14)
    np.testing.assert_allclose(got["safety_stock"], z * sigma, rtol=1e-12, atol=1e-10)
    np.testing.assert_allclose(got["reorder_point"], c["demand_mean"] * c["lead_time"] + z * sigma, rtol=1e-12)
    np.testing.assert_array_equal(planning.safety_stock(**c), got["safety_stock"])


def test_large_reorder_point_columns_match_scipy_and_are_ordinary_arrays():
    # 600,000 rows: the result columns are large enough for their own mappings.
    c = random_columns(600_000, seed=5)
    got = planning.reorder_point(**c)
    sigma = np.sqrt(c["lead_time"] * c["demand_std"] ** 2 + c["demand_mean"] ** 2 * c["lead_time_std"] ** 2)
    z = stats.norm.ppf(c["service_level"])
    np.testing.assert_allclose(got["z"], z, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(got["reorder_point"], c["demand_mean"] * c["lead_time"] + z * sigma,
                               rtol=1e-12, atol=1e-9)
    np.testing.assert_array_equal(planning.safety_stock(**c), got["safety_stock"])
    rop = got["reorder_point"]
    assert rop.dtype == np.float64 and rop.shape == (600_000,) and rop.flags.c_contiguous
    assert rop.flags.writeable
    rop[:3] = -1.0
    tail = rop[-5:].copy()
    kept = rop[-5:]
    del got, rop  # the view keeps the memory alive
    np.testing.assert_array_equal(kept, tail)


def test_fill_rate_columns_of_two_calls_are_independent_and_outlive_the_call():
    # 200,000 rows: the four columns share one block of their own mapping.
    c = random_columns(200_000, seed=11)
    c = {k: v for k, v in c.items() if k != "service_level"}
    first = planning.reorder_point_fill_rate(**c, order_quantity=50.0, fill_rate=0.98)
    second = planning.reorder_point_fill_rate(**c, order_quantity=50.0, fill_rate=0.98)
    np.testing.assert_array_equal(first["reorder_point"], second["reorder_point"])
    # sigma_LTD from numpy, and ROP = d L + k sigma_LTD.
    sigma = np.sqrt(c["lead_time"] * c["demand_std"] ** 2 + c["demand_mean"] ** 2 * c["lead_time_std"] ** 2)
    np.testing.assert_allclose(first["sigma"], sigma, rtol=1e-14)
    np.testing.assert_allclose(first["reorder_point"],
                               c["demand_mean"] * c["lead_time"] + first["k"] * sigma, rtol=1e-12, atol=1e-9)
    expected = second["reorder_point"].copy()
    first["reorder_point"][:] = -1.0
    first["k"][:] = 0.0
    np.testing.assert_array_equal(second["reorder_point"], expected)
    assert not np.shares_memory(first["sigma"], second["sigma"])
    kept = second["safety_stock"]
    ss = kept.copy()
    del first, second  # the remaining array keeps the block alive
    third = planning.reorder_point_fill_rate(**c, order_quantity=10.0, fill_rate=0.5)
    third["safety_stock"][:] = 123.0
    np.testing.assert_array_equal(kept, ss)
    safety = planning.safety_stock(demand_mean=c["demand_mean"], demand_std=c["demand_std"],
                                   lead_time=c["lead_time"], service_level=0.9)
    assert safety.shape == (200_000,) and safety.flags.writeable and safety.flags.c_contiguous


def test_batch_equals_one_at_a_time():
    c = random_columns(200, seed=3)
    batch = planning.reorder_point(**c)
    for i in range(200):
        one = planning.reorder_point(**{name: float(v[i]) for name, v in c.items()})
        assert isinstance(one["reorder_point"], float)
        assert one["reorder_point"] == batch["reorder_point"][i]
        assert one["safety_stock"] == batch["safety_stock"][i]


def test_safety_stock_is_monotone_and_rop_covers_mean_demand():
    levels = np.linspace(0.001, 0.999, 500)
    got = planning.reorder_point(30.0, 7.0, 6.0, levels, lead_time_std=1.5)
    assert np.all(np.diff(got["safety_stock"]) > 0)
    assert np.all(got["reorder_point"][levels >= 0.5] >= 180.0)
    assert got["safety_stock"][levels < 0.5].max() < 0


def test_scalars_broadcast_and_lengths_must_agree():
    got = planning.reorder_point(np.array([10.0, 20.0, 30.0]), 5.0, 2.0, 0.9)
    assert got["reorder_point"].shape == (3,)
    assert planning.reorder_point(np.array([]), 5.0, 2.0, 0.9)["reorder_point"].shape == (0,)
    one_row = planning.reorder_point(np.array([10.0]), 5.0, 2.0, 0.9)
    assert isinstance(one_row["reorder_point"], np.ndarray) and one_row["reorder_point"].shape == (1,)
    with pytest.raises(onhand.InvalidParameterError) as raised:
        planning.reorder_point(np.ones(3), np.ones(2), 2.0, 0.9)
    assert raised.value.field == "demand_std"
    with pytest.raises(onhand.InvalidParameterError):
        planning.reorder_point(np.ones((2, 2)), 1.0, 2.0, 0.9)


@pytest.mark.parametrize(
    "args, field",
    [
        (dict(demand_mean=1, demand_std=1, lead_time=1, service_level=1.0), "service_level"),
        (dict(demand_mean=1, demand_std=1, lead_time=1, service_level=0.0), "service_level"),
        (dict(demand_mean=1, demand_std=-1, lead_time=1, service_level=0.9), "demand_std"),
        (dict(demand_mean=1, demand_std=1, lead_time=-1, service_level=0.9), "lead_time"),
        (dict(demand_mean=1, demand_std=1, lead_time=1, service_level=float("nan")), "service_level"),
        (dict(demand_mean=1, demand_std=1, lead_time=1, service_level=0.9, lead_time_std=-2), "lead_time_std"),
    ],
)
def test_invalid_parameters_raise_value_errors(args, field):
    with pytest.raises(onhand.InvalidParameterError) as raised:
        planning.reorder_point(**args)
    assert isinstance(raised.value, ValueError)
    assert raised.value.field == field
    assert raised.value.code == "invalid_parameter"


def test_invalid_row_is_named():
    with pytest.raises(onhand.InvalidParameterError) as raised:
        planning.reorder_point(1.0, 1.0, 1.0, np.array([0.9, 0.95, 1.5]))
    assert raised.value.line == 2


def test_degenerate_safety_stock():
    assert planning.safety_stock(10, 3, 5, 0.5) == 0.0
    assert planning.safety_stock(10, 0, 5, 0.99) == 0.0
    assert planning.safety_stock(10, 3, 0, 0.99) == 0.0
    assert planning.safety_stock(10, 3, 4, 0.2) == pytest.approx(stats.norm.ppf(0.2) * 6)


def test_fill_rate_reorder_point_solves_the_loss_equation_like_scipy():
    q, beta, sigma = 200.0, 0.95, 100.0
    k_scipy = optimize.brentq(lambda k: sigma * (stats.norm.pdf(k) - k * stats.norm.sf(k)) - q * (1 - beta), -10, 10, xtol=1e-14)
    got = planning.reorder_point_fill_rate(50.0, 50.0, 4.0, q, beta)
    assert got["k"] == pytest.approx(k_scipy, abs=1e-10)
    assert got["reorder_point"] == pytest.approx(200 + sigma * k_scipy, abs=1e-8)

    def loss(k):
        return stats.norm.pdf(k) - k * stats.norm.sf(k)

    k_exact = optimize.brentq(lambda k: sigma * (loss(k) - loss(k + q / sigma)) - q * (1 - beta), -10, 10, xtol=1e-14)
    exact = planning.reorder_point_fill_rate(50.0, 50.0, 4.0, q, beta, exact=True)
    assert exact["k"] == pytest.approx(k_exact, abs=1e-9)
    with pytest.raises(onhand.InvalidParameterError) as raised:
        planning.reorder_point_fill_rate(50.0, 50.0, 4.0, q, 1.0)
    assert raised.value.field == "fill_rate"
    with pytest.raises(onhand.InvalidParameterError) as raised:
        planning.reorder_point_fill_rate(50.0, 50.0, 4.0, 0.0, 0.9)
    assert raised.value.field == "order_quantity"


def test_service_measures_match_scipy():
    r = np.array([150.0, 200.0, 250.0, 0.0])
    got = planning.service_measures(50.0, 50.0, 4.0, r, 100.0)
    k = (r - 200.0) / 100.0
    shortage = 100.0 * (stats.norm.pdf(k) - k * stats.norm.sf(k))
    np.testing.assert_allclose(got["cycle_service_level"], stats.norm.cdf(k), rtol=1e-13)
    np.testing.assert_allclose(got["expected_shortage"], shortage, rtol=1e-12)
    np.testing.assert_allclose(got["fill_rate"], 1 - shortage / 100.0, rtol=1e-12)
    assert got["fill_rate"][3] < 0  # raw value, even when negative


def test_order_up_to_and_its_fill_rate_variant():
    got = planning.order_up_to(20.0, 5.0, 7.0, 3.0, 0.975, lead_time_std=1.0)
    sigma_p = np.sqrt(10 * 25 + 400 * 1)
    assert got["order_up_to"] == pytest.approx(200 + stats.norm.ppf(0.975) * sigma_p, rel=1e-13)
    fr = planning.order_up_to_fill_rate(20.0, 5.0, 7.0, 3.0, 0.98)
    sigma_p = np.sqrt(10 * 25)
    k = optimize.brentq(lambda k: sigma_p * (stats.norm.pdf(k) - k * stats.norm.sf(k)) - 0.02 * 20 * 7, -10, 10, xtol=1e-14)
    assert fr["z"] == pytest.approx(k, abs=1e-10)
    with pytest.raises(onhand.InvalidParameterError) as raised:
        planning.order_up_to(20.0, 5.0, 0.0, 3.0, 0.9)
    assert raised.value.field == "review_period"


def test_safety_stock_from_forecast_errors():
    rng = np.random.default_rng(5)
    # Series x periods, like every planning matrix: 30 SKU-locations, 52 weeks.
    errors = rng.normal(0, 12, size=(30, 52))
    z = stats.norm.ppf(0.95)
    sample = planning.safety_stock_from_errors(errors, 4.0, 0.95)
    np.testing.assert_allclose(sample["sigma1"], errors.std(axis=1, ddof=1), rtol=1e-12)
    np.testing.assert_allclose(sample["safety_stock"], z * errors.std(axis=1, ddof=1) * 2.0, rtol=1e-12)
    rmse = planning.safety_stock_from_errors(errors, 4.0, 0.95, method="rmse")
    np.testing.assert_allclose(rmse["sigma1"], np.sqrt((errors ** 2).mean(axis=1)), rtol=1e-12)
    mae = planning.safety_stock_from_errors(errors, 4.0, 0.95, method="mae")
    np.testing.assert_allclose(mae["sigma1"], 1.25 * np.abs(errors).mean(axis=1), rtol=1e-12)
    one = planning.safety_stock_from_errors(errors[0], 4.0, 0.95)
    assert one["sigma1"] == pytest.approx(sample["sigma1"][0], rel=1e-14)
    with pytest.raises(onhand.InvalidParameterError) as raised:
        planning.safety_stock_from_errors(np.array([]), 4.0, 0.95)
    assert raised.value.field == "errors"
    with pytest.raises(onhand.InvalidParameterError) as raised:
        planning.safety_stock_from_errors(errors, 4.0, 0.95, method="mad")
    assert raised.value.field == "method"


def test_forecast_errors_feed_safety_stock_in_the_same_orientation():
    rng = np.random.default_rng(11)
    demand = rng.poisson(20.0, size=(6, 40)).astype(float)   # (series, periods)
    fc = planning.simple_exponential_smoothing(demand, alpha=0.2)
    assert fc.fitted.shape == demand.shape
    errors = (fc.fitted - demand)[:, 1:]   # one-step errors, still (series, periods)
    got = planning.safety_stock_from_errors(errors, 2.0, 0.9, method="rmse")
    assert got["sigma1"].shape == (6,)
    np.testing.assert_allclose(got["sigma1"], np.sqrt((errors ** 2).mean(axis=1)), rtol=1e-12)


def test_eoq_family():
    got = planning.eoq(3120.0, 12.0, 0.005)  # Nahmias, Example 4.1: Q* = 3,870
    assert got["order_quantity"] == pytest.approx(3870, abs=0.5)
    col = planning.eoq(np.array([100.0, 0.0]), 10.0, 2.0)
    np.testing.assert_allclose(col["order_quantity"], [np.sqrt(1000.0), 0.0])
    bo = planning.eoq_with_backorders(1000.0, 50.0, 2.0, 8.0)
    assert bo["order_quantity"] == pytest.approx(np.sqrt(2 * 50 * 1000 * 10 / 16))
    assert bo["max_backorders"] == pytest.approx(bo["order_quantity"] * 0.2)
    epq = planning.epq(1000.0, 100.0, 2.0, 4000.0)
    assert epq["order_quantity"] == pytest.approx(np.sqrt(2 * 100 * 1000 / (2 * 0.75)))
    with pytest.raises(onhand.InvalidParameterError) as raised:
        planning.epq(1000.0, 100.0, 2.0, 1000.0)
    assert raised.value.field == "production_rate"
    with pytest.raises(onhand.InvalidParameterError):
        planning.eoq(100.0, 10.0, 0.0)


def test_quantity_discounts_match_a_brute_force_search():
    breaks, prices = [0, 500, 1000], [0.30, 0.29, 0.28]
    q = np.arange(1, 5000, 0.5)
    idx = np.searchsorted(breaks, q, side="right") - 1
    c = np.array(prices)[idx]
    all_units = c * 600 + 8 * 600 / q + 0.2 * c * q / 2
    got = planning.all_units_discount(600.0, 8.0, 0.2, breaks, prices)
    assert got["order_quantity"] == 500.0  # Nahmias sec. 4.7
    assert got["cost"] == pytest.approx(all_units.min(), rel=1e-9)
    below = np.concatenate([[0.0], np.cumsum(np.diff(breaks) * np.array(prices[:-1]))])
    purchase = below[idx] + c * (q - np.array(breaks)[idx])
    incremental = 600 * purchase / q + 8 * 600 / q + 0.2 * purchase / 2
    inc = planning.incremental_discount(600.0, 8.0, 0.2, breaks, prices)
    assert inc["order_quantity"] == pytest.approx(400.0)
    assert inc["cost"] <= incremental.min() + 1e-9
    with pytest.raises(onhand.InvalidParameterError):
        planning.all_units_discount(600.0, 8.0, 0.2, [0, 500], [0.3])


def test_orders_are_exact_decimals():
    assert planning.round_order(130.2, 12, 48) == Decimal(132)
    assert planning.round_order(0.3, Decimal("0.25")) == Decimal("0.5")
    orders = planning.round_order(np.array([130.2, 5.0, 0.0, -4.0]), pack_size=12, minimum_order=48)
    assert list(orders) == [Decimal(132), Decimal(48), Decimal(0), Decimal(0)]
    per_row = planning.round_order(np.array([7.0, 7.0]), pack_size=[5, 4])
    assert list(per_row) == [Decimal(10), Decimal(8)]
    assert list(planning.min_max_order(np.array([5.0, 25.0]), 20, 60, 6, 24)) == [Decimal(60), Decimal(0)]
    with pytest.raises(onhand.InvalidParameterError):
        planning.min_max_order(5.0, 70, 60)
    with pytest.raises(onhand.MalformedInputError):
        planning.round_order(5.0, pack_size=0.5)  # pack sizes are exact, not floats


def test_newsvendor_normal_poisson_lognormal_against_scipy():
    got = planning.newsvendor(50.0, 8.0, 0.70, 0.18)
    alpha = 0.70 / 0.88
    assert got["order_up_to"] == pytest.approx(stats.norm.ppf(alpha, 50, 8), rel=1e-13)
    mean = np.array([2.0, 10.0, 55.0])
    pois = planning.newsvendor(mean, 0.0, 9.0, 1.0, lead_time=2, distribution="poisson")
    np.testing.assert_array_equal(pois["order_up_to"], stats.poisson.ppf(0.9, 3 * mean))
    s = pois["order_up_to"]
    shortage = [sum((j - si) * stats.poisson.pmf(j, 3 * m) for j in range(int(si) + 1, 600)) for si, m in zip(s, mean)]
    np.testing.assert_allclose(pois["expected_shortage"], shortage, rtol=1e-10)
    logn = planning.newsvendor(100.0, 60.0, 3.0, 1.0, distribution="lognormal")
    sigma = np.sqrt(np.log1p(0.36))
    dist = stats.lognorm(s=sigma, scale=np.exp(np.log(100) - sigma**2 / 2))
    assert logn["order_up_to"] == pytest.approx(dist.ppf(0.75), rel=1e-12)
    short, _ = integrate.quad(lambda x: (x - logn["order_up_to"]) * dist.pdf(x), logn["order_up_to"], np.inf)
    assert logn["expected_shortage"] == pytest.approx(short, rel=1e-8)
    with pytest.raises(onhand.InvalidParameterError) as raised:
        planning.newsvendor(100.0, 60.0, 3.0, 1.0, distribution="gamma")
    assert raised.value.field == "distribution"
    with pytest.raises(onhand.InvalidParameterError):
        planning.newsvendor(100.0, 60.0, 0.0, 1.0)


def test_newsvendor_discrete_and_profit():
    got = planning.newsvendor_discrete([0, 1, 2, 3, 4], [0.1, 0.2, 0.3, 0.25, 0.15], 3.0, 1.0)
    assert got["order_up_to"] == 3.0
    assert got["expected_cost"] == pytest.approx(1.45)
    many = planning.newsvendor_discrete([0, 1, 2], np.array([[0.5, 0.5, 0.0], [0.0, 0.0, 1.0]]), 1.0, 1.0)
    np.testing.assert_array_equal(many["order_up_to"], [0.0, 2.0])
    profit = planning.newsvendor_profit(100.0, 20.0, 10.0, 6.0, 2.0)
    shortage = 20 * stats.norm.pdf(0)
    assert profit["expected_profit"] == pytest.approx(10 * (100 - shortage) + 2 * shortage - 600)
    with pytest.raises(onhand.InvalidParameterError) as raised:
        planning.newsvendor_profit(100.0, 20.0, 5.0, 6.0, 2.0)
    assert raised.value.field == "price"


TEXTBOOK_RQ = dict(demand_rate=800.0, demand_std=40.0, lead_time=4 / 365, order_cost=50.0, holding_cost=3.1, backorder_cost=45.0)


def test_rq_cost_matches_numerical_integration():
    theta, sigma = 800 * 4 / 365, 40 * np.sqrt(4 / 365)

    def g(y):  # h E[(y-D)+] + p E[(D-y)+] from scipy's normal
        z = (y - theta) / sigma
        leftover = (y - theta) * stats.norm.cdf(z) + sigma * stats.norm.pdf(z)
        return 3.1 * leftover + 45 * (leftover - (y - theta))

    r, q = 12.0, 160.0
    integral, _ = integrate.quad(g, r, r + q)
    assert planning.rq_cost(**TEXTBOOK_RQ, reorder_point=r, order_quantity=q) == pytest.approx((50 * 800 + integral) / q, rel=1e-8)


def test_rq_optimum_beats_scipy_minimization_and_approximations():
    best = planning.rq_optimal(**TEXTBOOK_RQ)
    res = optimize.minimize(lambda x: planning.rq_cost(**TEXTBOOK_RQ, reorder_point=x[0], order_quantity=x[1]), [10.0, 150.0], method="Nelder-Mead", options=dict(xatol=1e-8, fatol=1e-12))
    assert best["cost"] <= res.fun + 1e-9
    assert best["order_quantity"] == pytest.approx(res.x[1], rel=1e-3)
    for method in ("eil", "eoq_backorders", "eoq_safety_stock", "loss_function"):
        approx = planning.rq_optimal(**TEXTBOOK_RQ, method=method)
        assert approx["cost"] >= best["cost"] * (1 - 1e-12)
    r = planning.rq_reorder_point(**TEXTBOOK_RQ, order_quantity=np.array([50.0, 150.0, 400.0]))
    assert r.shape == (3,)
    with pytest.raises(onhand.InvalidParameterError) as raised:
        planning.rq_optimal(**TEXTBOOK_RQ, method="guess")
    assert raised.value.field == "method"


def test_rq_poisson_optimum_is_the_grid_minimum():
    args = dict(demand_rate=30.0, demand_std=0.0, lead_time=0.25, order_cost=20.0, holding_cost=2.0, backorder_cost=18.0)
    best = planning.rq_optimal(**args, distribution="poisson")
    r, q = np.meshgrid(np.arange(-5, 21.0), np.arange(1, 41.0))
    costs = planning.rq_cost(**args, reorder_point=r.ravel(), order_quantity=q.ravel(), distribution="poisson")
    assert best["cost"] == pytest.approx(costs.min(), rel=1e-12)


def markov_ss_cost(lam, k, h, p, s, big_s):
    """Long-run cost per period of (s, S) from the stationary distribution of the
    position after ordering, an independent check of the renewal formula."""
    states = np.arange(s + 1, big_s + 1)
    n = len(states)
    pmf = stats.poisson.pmf(np.arange(0, big_s - s + 400), lam)
    t = np.zeros((n, n))
    for i, y in enumerate(states):
        for j, y2 in enumerate(states):
            t[i, j] = pmf[y - y2] if y >= y2 else 0.0
        t[i, n - 1] += 1.0 - t[i].sum()  # at or below s: order up to S
    w, v = np.linalg.eig(t.T)
    pi = np.real(v[:, np.argmin(np.abs(w - 1))])
    pi = pi / pi.sum()
    d = np.arange(0, 400)
    dp = stats.poisson.pmf(d, lam)
    g = np.array([h * np.sum(np.clip(y - d, 0, None) * dp) + p * np.sum(np.clip(d - y, 0, None) * dp) for y in states])
    order_prob = np.array([stats.poisson.sf(y - s - 1, lam) for y in states])
    return float(pi @ g + k * (pi @ order_prob))


def test_ss_cost_matches_a_markov_chain_and_optimum_is_the_grid_minimum():
    for s, big_s in ((3, 20), (6, 40), (-1, 5)):
        assert planning.ss_cost(10.0, 64.0, 1.0, 9.0, s, big_s) == pytest.approx(markov_ss_cost(10.0, 64.0, 1.0, 9.0, s, big_s), rel=1e-9)
    best = planning.ss_optimal(np.array([4.0, 10.0]), 64.0, 1.0, 9.0)
    # Zheng & Federgruen (1991)'s example: mean 10, K = 64, h = 1, p = 9 -> (6, 40), 35.0215.
    assert (best["reorder_level"][1], best["order_up_to"][1]) == (6.0, 40.0)
    assert best["cost"][1] == pytest.approx(35.0215, abs=1e-4)  # reported to four decimals
    s, big_s = np.meshgrid(np.arange(-5.0, 25.0), np.arange(1.0, 70.0))
    ok = big_s > s
    costs = planning.ss_cost(10.0, 64.0, 1.0, 9.0, s[ok], big_s[ok])
    assert best["cost"][1] == pytest.approx(costs.min(), rel=1e-12)
    with pytest.raises(onhand.InvalidParameterError):
        planning.ss_cost(10.0, 64.0, 1.0, 9.0, 5, 5)


def test_ss_power_approximation():
    got = planning.ss_power_approximation(10.0, np.sqrt(10.0), 64.0, 1.0, 9.0)
    qp = 1.30 * 10**0.494 * 64**0.506 * 1.1**0.116
    z = np.sqrt(qp / (np.sqrt(10) * 9))
    sp = 0.973 * 10 + np.sqrt(10) * (0.183 / z + 1.063 - 2.192 * z)
    assert got["reorder_level"] == pytest.approx(sp)
    assert got["order_up_to"] == pytest.approx(sp + qp)
    assert got["capped"] is False
    small = planning.ss_power_approximation(np.array([10.0, 10.0]), np.sqrt(10.0), np.array([1.0, 64.0]), 1.0, 9.0)
    assert list(small["capped"]) == [True, False]


def test_ss_power_approximation_snyder_shen_example_4_7():
    # Snyder & Shen Example 4.7: N(50, 8^2), K = 2.5, h = 0.18, p = 0.70. The
    # published uncapped values (s, S) = (40.1946..., 74.2901...); S* = 56.60.
    raw = planning.ss_power_approximation(50.0, 8.0, 2.5, 0.18, 0.70, cap=False)
    assert raw["reorder_level"] == pytest.approx(40.19461695647407, rel=1e-12)
    assert raw["order_up_to"] == pytest.approx(74.29017010980579, rel=1e-12)
    assert raw["capped"] is False
    capped = planning.ss_power_approximation(50.0, 8.0, 2.5, 0.18, 0.70)
    assert capped["capped"] is True
    assert capped["order_up_to"] == pytest.approx(50 + 8 * stats.norm.ppf(0.70 / 0.88), rel=1e-12)
    assert capped["order_up_to"] == pytest.approx(56.60, abs=5e-3)
    with pytest.raises(onhand.InvalidParameterError) as info:
        planning.ss_power_approximation(50.0, 8.0, 0.0, 0.18, 0.70, cap=False)
    assert info.value.field == "order_cost"


def test_rq_approximations_report_their_objective():
    # Snyder & Shen Example 5.2 (the authors' stockpyl doctest: EIL (r, Q, cost) =
    # (213.9704, 318.5902, 95.4511)).
    args = dict(demand_rate=1300.0, demand_std=150.0, lead_time=1 / 12, order_cost=8.0, holding_cost=0.225, backorder_cost=7.5)
    eil = planning.rq_optimal(**args, method="eil")
    assert eil["reorder_point"] == pytest.approx(213.97044213580244, abs=1e-4)
    assert eil["order_quantity"] == pytest.approx(318.5901810768729, abs=1e-4)
    assert eil["objective"] == pytest.approx(95.45114022285196, abs=1e-5)
    dist = stats.norm(1300 / 12, 150 * np.sqrt(1 / 12))
    r, q = eil["reorder_point"], eil["order_quantity"]
    n = integrate.quad(lambda x: (x - r) * dist.pdf(x), r, dist.ppf(1 - 1e-15))[0]
    assert eil["objective"] == pytest.approx(0.225 * (r - 1300 / 12 + q / 2) + 8 * 1300 / q + 7.5 * 1300 * n / q, rel=1e-9)
    assert eil["cost"] == pytest.approx(planning.rq_cost(**args, reorder_point=r, order_quantity=q), rel=1e-14)
    best = planning.rq_optimal(**args)
    assert best["objective"] == best["cost"]
    many = planning.rq_optimal(np.array([1300.0, 1300.0]), 150.0, 1 / 12, 8.0, 0.225, 7.5, method="loss_function")
    assert many["objective"].shape == (2,)


def test_normal_quantile_is_exact_to_double_against_mpmath():
    mpmath = pytest.importorskip("mpmath")
    p = np.concatenate([np.logspace(-300, -40, 14), np.logspace(-39, -0.31, 80),
                        np.linspace(0.001, 0.999, 137), 1.0 - np.logspace(-16, -0.31, 60),
                        [0.075, 0.925, np.exp(-25.0)]])
    got = planning.normal_quantile(p)
    want = []
    for value in p:
        with mpmath.workdps(60 if value > 1e-40 else 340):
            x = mpmath.mpf(float(value))  # the double exactly
            want.append(float(mpmath.sqrt(2) * mpmath.erfinv(2 * x - 1)))
    np.testing.assert_allclose(got, want, rtol=1e-15, atol=0)
