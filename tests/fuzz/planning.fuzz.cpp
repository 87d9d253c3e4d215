// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: random doubles, specials included (0, -0, subnormals,
// 1e308, inf, NaN, 2^53, ...), fed to every C++ planning entry point. Every
// call must return, without aborting (an assertion, a Boost exception through
// noexcept, a sanitizer report) or running past libFuzzer's timeout; when
// every input is finite, a call that succeeds must answer finite numbers
// (docs/reference/planning_domains.md lists the documented NaN and inf
// answers, which are not checked here). A violation traps.
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <vector>

#include <Eigen/Core>

#include "onhand/planning/classification.hpp"
#include "onhand/planning/distributions.hpp"
#include "onhand/planning/forecast.hpp"
#include "onhand/planning/lot_sizing.hpp"
#include "onhand/planning/metrics.hpp"
#include "onhand/planning/newsvendor.hpp"
#include "onhand/planning/order_rounding.hpp"
#include "onhand/planning/rq_policy.hpp"
#include "onhand/planning/safety_stock.hpp"
#include "onhand/planning/ss_policy.hpp"

namespace {

namespace plan = onhand::planning;

constexpr double inf = std::numeric_limits<double>::infinity();
constexpr std::array<double, 24> specials{0.0,
                                          -0.0,
                                          5e-324,
                                          -5e-324,
                                          2.2250738585072014e-308,
                                          1e-300,
                                          1e-9,
                                          0.5,
                                          0.95,
                                          1.0,
                                          2.0,
                                          10.0,
                                          64.0,
                                          1e6,
                                          1e9,
                                          1e15,
                                          9007199254740992.0,
                                          1e300,
                                          1e308,
                                          -1.0,
                                          -1e308,
                                          inf,
                                          -inf,
                                          std::numeric_limits<double>::quiet_NaN()};

// Doubles from the fuzzer's bytes: a tag byte picks a special value, a small
// ordinary number, or the next 8 bytes as raw bits. Past the end, 1.0.
class reader {
 public:
  reader(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}

  auto byte() -> std::uint8_t { return pos_ < size_ ? data_[pos_++] : 0; }

  auto number() -> double {
    if (pos_ >= size_) return 1.0;
    const std::uint8_t tag = byte();
    double value = 1.0;
    if (tag < 96) {
      value = specials[tag % specials.size()];
    } else if (tag < 192) {
      value = static_cast<double>(tag - 128) / 4.0;  // -8 .. 15.75
    } else {
      std::uint64_t bits = 0;
      for (int i = 0; i < 8; ++i) bits = (bits << 8) | byte();
      std::memcpy(&value, &bits, sizeof value);
    }
    finite_ = finite_ && std::isfinite(value);
    return value;
  }

  auto column() -> Eigen::ArrayXd {
    const int n = 1 + byte() % 3;
    Eigen::ArrayXd out(n);
    for (int i = 0; i < n; ++i) out[i] = number();
    return out;
  }

  auto series(int periods_max) -> Eigen::ArrayXXd {
    const int periods = 1 + byte() % periods_max;
    const int count = 1 + byte() % 2;
    Eigen::ArrayXXd out(periods, count);
    for (int j = 0; j < count; ++j) {
      for (int t = 0; t < periods; ++t) out(t, j) = number();
    }
    return out;
  }

  auto whole(int max) -> Eigen::Index { return static_cast<Eigen::Index>(byte() % (max + 1)); }

  /// Whether every number read so far was finite.
  [[nodiscard]] auto finite() const -> bool { return finite_; }

 private:
  const std::uint8_t* data_;
  std::size_t size_;
  std::size_t pos_ = 0;
  bool finite_ = true;
};

void require(bool ok) {
  if (!ok) __builtin_trap();
}

void require_finite(const Eigen::ArrayXd& values) { require(values.isFinite().all()); }

template <class Result, class Check>
void when_ok(const reader& in, const Result& r, Check check) {
  if (r.has_value() && in.finite()) check(*r);
}

void distributions(reader& in) {
  const auto which = in.byte();
  const auto x = in.column();
  if (which % 3 == 0) {
    const auto f = static_cast<plan::normal_function>(in.byte() % 9);
    auto r = plan::evaluate(f, x);
    when_ok(in, r, require_finite);
  } else if (which % 3 == 1) {
    const auto f = static_cast<plan::normal_function>(in.byte() % 9);
    const auto mean = in.column();
    const auto std = in.column();
    auto r = plan::evaluate(f, x, mean, std);
    when_ok(in, r, require_finite);
  } else {
    const auto f = static_cast<plan::poisson_function>(in.byte() % 4);
    const auto mean = in.column();
    auto r = plan::evaluate(f, x, mean);
    when_ok(in, r, require_finite);
  }
  // The scalar forms within their stated preconditions.
  const double p = in.number();
  if (p > 0.0 && p < 1.0) static_cast<void>(plan::normal_quantile(p));
  static_cast<void>(plan::normal_loss_inverse(in.number()));
  static_cast<void>(plan::poisson_loss(in.number(), in.number()));
  static_cast<void>(plan::poisson_second_order_loss_complement(in.number(), in.number()));
}

void newsvendor(reader& in) {
  const auto model = static_cast<plan::demand_model>(in.byte() % 4);
  const auto mean = in.column();
  const auto std = in.column();
  const auto p = in.column();
  const auto h = in.column();
  const auto lead = in.column();
  const plan::newsvendor_input input{mean, std, p, h, lead};
  auto check = [](const plan::newsvendor_columns& c) {
    require_finite(c.order_up_to);
    require_finite(c.expected_cost);
    require_finite(c.expected_shortage);
    require_finite(c.expected_leftover);
  };
  switch (in.byte() % 4) {
    case 0:
      when_ok(in, plan::newsvendor(input, model), check);
      break;
    case 1:
      when_ok(in, plan::newsvendor_cost(input, model, in.column()), check);
      break;
    case 2: {
      const auto penalty = in.column();  // named: a view must not outlive its array
      const plan::newsvendor_economics e{mean, std, p, h, lead, penalty};
      when_ok(in, plan::newsvendor_profit(e, model), [&](const auto& c) {
        check(c.policy);
        require_finite(c.expected_profit);
      });
      break;
    }
    default: {
      std::vector<double> values{in.number(), in.number(), in.number()};
      Eigen::ArrayXXd probabilities(3, 1);
      probabilities << in.number(), in.number(), in.number();
      when_ok(in, plan::newsvendor_discrete_cost(values, probabilities, p, h, in.column()), check);
      break;
    }
  }
}

void policies(reader& in) {
  const auto lambda = in.column();
  const auto tau = in.column();
  const auto lead = in.column();
  const auto k = in.column();
  const auto h = in.column();
  const auto p = in.column();
  const plan::rq_input rq{lambda, tau, lead, k, h, p};
  auto rq_check = [](const plan::rq_columns& c) {
    require_finite(c.reorder_point);
    require_finite(c.order_quantity);
    require_finite(c.cost);
    require_finite(c.objective);
  };
  switch (in.byte() % 8) {
    case 0:
      when_ok(in, plan::rq_optimal(rq), rq_check);
      break;
    case 1:
      when_ok(in, plan::rq_approximate(rq, static_cast<plan::rq_approximation>(in.byte() % 4)),
              rq_check);
      break;
    case 2:
      when_ok(in, plan::rq_cost(rq, in.column(), in.column()), require_finite);
      break;
    case 3:
      when_ok(in, plan::rq_reorder_point(rq, in.column()), require_finite);
      break;
    case 4:
      when_ok(in, plan::rq_poisson_optimal(rq), rq_check);
      break;
    case 5:
      when_ok(in, plan::rq_poisson_cost(rq, in.column(), in.column()), require_finite);
      break;
    case 6: {
      const plan::ss_input ss{lambda, k, h, p};
      when_ok(in, plan::ss_optimal(ss), [](const plan::ss_columns& c) {
        require_finite(c.reorder_level);
        require_finite(c.order_up_to);
        require_finite(c.cost);
      });
      when_ok(in, plan::ss_cost(ss, in.column(), in.column()), require_finite);
      break;
    }
    default: {
      const plan::ss_power_input power{lambda, tau, k, h, p, lead, in.byte() % 2 == 0};
      when_ok(in, plan::ss_power_approximation(power), [](const plan::ss_power_columns& c) {
        require_finite(c.reorder_level);
        require_finite(c.order_up_to);
      });
      break;
    }
  }
}

void safety_stock(reader& in) {
  const auto mean = in.column();
  const auto std = in.column();
  const auto lead = in.column();
  const auto level = in.column();
  const auto lead_std = in.column();
  auto rop_check = [](const plan::reorder_point_columns& c) {
    require_finite(c.sigma);
    require_finite(c.safety_stock);
    require_finite(c.reorder_point);
  };
  switch (in.byte() % 5) {
    case 0:
      when_ok(in, plan::reorder_point({mean, std, lead, level, lead_std}), rop_check);
      break;
    case 1:
      when_ok(in,
              plan::reorder_point_fill_rate(
                  {mean, std, lead, in.column(), level, lead_std, in.byte() % 2 == 0}),
              rop_check);
      break;
    case 2:
      when_ok(in, plan::service_measures({mean, std, lead, in.column(), in.column(), lead_std}),
              [](const plan::service_columns& c) {
                require_finite(c.expected_shortage);
                require_finite(c.fill_rate);
                require_finite(c.fill_rate_exact);
              });
      break;
    case 3: {
      const auto review = in.column();
      const plan::periodic_review_input input{mean, std, review, lead, level, lead_std};
      auto check = [](const plan::order_up_to_columns& c) {
        require_finite(c.sigma);
        require_finite(c.order_up_to);
      };
      when_ok(in,
              in.byte() % 2 == 0 ? plan::order_up_to(input) : plan::order_up_to_fill_rate(input),
              check);
      break;
    }
    default: {
      const auto errors = in.series(8);
      when_ok(in,
              plan::safety_stock_from_errors(errors, lead, level,
                                             static_cast<plan::error_spread>(in.byte() % 3)),
              [](const plan::forecast_error_columns& c) { require_finite(c.safety_stock); });
      break;
    }
  }
}

void lot_sizing(reader& in) {
  const auto d = in.column();
  const auto k = in.column();
  const auto h = in.column();
  switch (in.byte() % 7) {
    case 0:
      when_ok(in, plan::eoq({d, k, h}), [](const plan::lot_size_columns& c) {
        require_finite(c.order_quantity);
        require_finite(c.cost);
      });
      break;
    case 1:
      when_ok(in, plan::eoq_cost({d, k, h}, in.column()), require_finite);
      break;
    case 2:
      when_ok(in, plan::eoq_with_backorders({d, k, h, in.column()}),
              [](const plan::backorder_lot_size_columns& c) {
                require_finite(c.order_quantity);
                require_finite(c.max_backorders);
                require_finite(c.cost);
              });
      break;
    case 3:
      when_ok(in, plan::eoq_with_backorders_cost({d, k, h, in.column()}, in.column(), in.column()),
              require_finite);
      break;
    case 4:
      when_ok(in, plan::epq({d, k, h, in.column()}),
              [](const plan::production_lot_size_columns& c) {
                require_finite(c.order_quantity);
                require_finite(c.cost);
              });
      break;
    case 5:
      when_ok(in, plan::epq_cost({d, k, h, in.column()}, in.column()), require_finite);
      break;
    default: {
      const std::array<plan::price_break, 2> prices{plan::price_break{0.0, in.number()},
                                                    plan::price_break{in.number(), in.number()}};
      const auto rate = in.column();
      const plan::discount_input input{d, k, rate, prices, h};
      auto check = [](const plan::discount_columns& c) {
        require_finite(c.order_quantity);
        require_finite(c.cost);
      };
      when_ok(
          in,
          in.byte() % 2 == 0 ? plan::all_units_discount(input) : plan::incremental_discount(input),
          check);
      break;
    }
  }
  const plan::order_rule rule{};
  static_cast<void>(plan::round_orders(in.column(), std::span<const plan::order_rule>(&rule, 1)));
}

void forecasting(reader& in) {
  const auto series = in.series(30);
  const Eigen::Index horizon = 1 + in.whole(20);
  const Eigen::ArrayXd alpha = Eigen::ArrayXd::Constant(1, in.number());
  auto check = [](const plan::forecast_result& r) {
    require(r.forecast.isFinite().all());
    require(r.sse.isFinite().all());
  };
  switch (in.byte() % 7) {
    case 0:
      when_ok(in, plan::moving_average(series, 1 + in.whole(5), horizon), check);
      break;
    case 1:
      when_ok(in, plan::simple_exponential_smoothing(series, {.alpha = alpha}, horizon), check);
      break;
    case 2:
      when_ok(in, plan::holt(series, {}, horizon), check);
      break;
    case 3:
      when_ok(in,
              plan::holt_winters(series,
                                 {.kind = static_cast<plan::holt_winters_kind>(in.byte() % 3),
                                  .season_length = 2 + in.whole(4)},
                                 horizon),
              check);
      break;
    case 4:
      when_ok(in, plan::croston(series, alpha, horizon), check);
      break;
    case 5:
      when_ok(in, plan::tsb(series, alpha, alpha, horizon), check);
      break;
    default: {
      const auto forecast = in.series(1);
      static_cast<void>(plan::root_mean_squared_error(series, series + forecast(0, 0)));
      static_cast<void>(plan::error_standard_deviation(series, series * forecast(0, 0)));
      static_cast<void>(plan::coefficient_of_variation(series));
      static_cast<void>(plan::days_of_supply(series.col(0), series.col(0) * 0.5));
      static_cast<void>(plan::abc_classify(series.col(0)));
      break;
    }
  }
}

}  // namespace

extern "C" auto LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) -> int {
  reader in(data, size);
  switch (in.byte() % 6) {
    case 0:
      distributions(in);
      break;
    case 1:
      newsvendor(in);
      break;
    case 2:
      policies(in);
      break;
    case 3:
      safety_stock(in);
      break;
    case 4:
      lot_sizing(in);
      break;
    default:
      forecasting(in);
      break;
  }
  return 0;
}
