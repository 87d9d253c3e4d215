// SPDX-License-Identifier: Apache-2.0
// onhand.planning: distributions, safety stock, reorder points, lot sizing and
// order rounding over numpy columns. Each argument is a numpy array or a
// scalar (which broadcasts); each call covers a whole column. When every
// argument is a scalar the result is a float (or a dict of floats).
// Forecasting, the other half of planning, is bound by
// bind_planning_forecast.cpp; arrays.hpp holds the numpy conversions and the
// matrix orientation both follow.
#include <algorithm>
#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <pybind11/stl.h>

#include "onhand/planning/column_block.hpp"
#include "onhand/planning/distributions.hpp"
#include "onhand/planning/lot_sizing.hpp"
#include "onhand/planning/newsvendor.hpp"
#include "onhand/planning/order_rounding.hpp"
#include "onhand/planning/rq_policy.hpp"
#include "onhand/planning/safety_stock.hpp"
#include "onhand/planning/ss_policy.hpp"

#include "arrays.hpp"
#include "bindings.hpp"

namespace onhand::python {
namespace {

namespace plan = onhand::planning;

// Normal functions: standard when mean and std are both None, else N(mean, std^2).
auto bind_normal(py::module_& m, const char* name, plan::normal_function f, const char* doc) {
  m.def(
      name,
      [f](py::handle x, py::handle mean, py::handle std) {
        const column_arg xs(x, "x");
        if (mean.is_none() && std.is_none()) {
          return shaped(unwrap(without_gil([&] { return plan::evaluate(f, xs.view()); })),
                        xs.scalar());
        }
        const column_arg means(mean.is_none() ? py::float_(0.0) : mean, "mean");
        const column_arg stds(std.is_none() ? py::float_(1.0) : std, "std");
        return shaped(unwrap(without_gil(
                          [&] { return plan::evaluate(f, xs.view(), means.view(), stds.view()); })),
                      all_scalar(xs, means, stds));
      },
      py::arg("x"), py::arg("mean") = py::none(), py::arg("std") = py::none(), doc);
}

auto bind_poisson(py::module_& m, const char* name, plan::poisson_function f, const char* doc) {
  m.def(
      name,
      [f](py::handle x, py::handle mean) {
        const column_arg xs(x, "x");
        const column_arg means(mean, "mean");
        return shaped(
            unwrap(without_gil([&] { return plan::evaluate(f, xs.view(), means.view()); })),
            all_scalar(xs, means));
      },
      py::arg("x"), py::arg("mean"), doc);
}

auto spread_method(const std::string& method) -> plan::error_spread {
  if (method == "sample_std") return plan::error_spread::sample_std;
  if (method == "rmse") return plan::error_spread::rmse;
  if (method == "mae") return plan::error_spread::mae;
  raise(make_error(errc::invalid_parameter,
                   "method must be 'sample_std', 'rmse' or 'mae', got '" + method + "'",
                   error_context{.field = "method"}));
}

auto demand_model_of(const std::string& name) -> plan::demand_model {
  if (name == "normal") return plan::demand_model::normal;
  if (name == "poisson") return plan::demand_model::poisson;
  if (name == "lognormal") return plan::demand_model::lognormal;
  if (name == "lognormal_mu_sigma") return plan::demand_model::lognormal_mu_sigma;
  raise(make_error(errc::invalid_parameter,
                   "distribution must be 'normal', 'poisson', 'lognormal' or "
                   "'lognormal_mu_sigma', got '" +
                       name + "'",
                   error_context{.field = "distribution"}));
}

auto newsvendor_dict(plan::newsvendor_columns& r, bool scalar) -> py::dict {
  return columns(scalar, {{"critical_ratio", &r.critical_ratio},
                          {"order_up_to", &r.order_up_to},
                          {"expected_cost", &r.expected_cost},
                          {"expected_shortage", &r.expected_shortage},
                          {"expected_leftover", &r.expected_leftover}});
}

auto rq_method_of(const std::string& name) -> plan::rq_approximation {
  if (name == "eil") return plan::rq_approximation::eil;
  if (name == "eoq_backorders") return plan::rq_approximation::eoq_backorders;
  if (name == "eoq_safety_stock") return plan::rq_approximation::eoq_safety_stock;
  if (name == "loss_function") return plan::rq_approximation::loss_function;
  raise(make_error(errc::invalid_parameter,
                   "method must be 'eil', 'eoq_backorders', 'eoq_safety_stock' or "
                   "'loss_function', got '" +
                       name + "'",
                   error_context{.field = "method"}));
}

// The six (r, Q) parameter columns, kept alive for the call.
struct rq_args {
  column_arg lambda, tau, lead, k, h, p;
  rq_args(py::handle demand_rate, py::handle demand_std, py::handle lead_time,
          py::handle order_cost, py::handle holding_cost, py::handle backorder_cost)
      : lambda(demand_rate, "demand_rate"),
        tau(demand_std, "demand_std"),
        lead(lead_time, "lead_time"),
        k(order_cost, "order_cost"),
        h(holding_cost, "holding_cost"),
        p(backorder_cost, "backorder_cost") {}
  [[nodiscard]] auto input() const -> plan::rq_input {
    return {.demand_rate = lambda.view(),
            .demand_std = tau.view(),
            .lead_time = lead.view(),
            .order_cost = k.view(),
            .holding_cost = h.view(),
            .backorder_cost = p.view()};
  }
  [[nodiscard]] auto scalar() const -> bool { return all_scalar(lambda, tau, lead, k, h, p); }
};

auto rq_dict(plan::rq_columns& r, bool scalar) -> py::dict {
  return columns(scalar, {{"reorder_point", &r.reorder_point},
                          {"order_quantity", &r.order_quantity},
                          {"cost", &r.cost},
                          {"objective", &r.objective}});
}

struct ss_args {
  column_arg lambda, k, h, p;
  ss_args(py::handle demand_mean, py::handle order_cost, py::handle holding_cost,
          py::handle backorder_cost)
      : lambda(demand_mean, "demand_mean"),
        k(order_cost, "order_cost"),
        h(holding_cost, "holding_cost"),
        p(backorder_cost, "backorder_cost") {}
  [[nodiscard]] auto input() const -> plan::ss_input {
    return {.demand_mean = lambda.view(),
            .order_cost = k.view(),
            .holding_cost = h.view(),
            .backorder_cost = p.view()};
  }
  [[nodiscard]] auto scalar() const -> bool { return all_scalar(lambda, k, h, p); }
};

auto price_schedule(const std::vector<double>& breaks, const std::vector<double>& prices)
    -> std::vector<plan::price_break> {
  if (breaks.size() != prices.size()) {
    raise(make_error(errc::invalid_parameter, "breaks and prices must have the same length",
                     error_context{.field = "prices"}));
  }
  std::vector<plan::price_break> out;
  for (std::size_t j = 0; j < breaks.size(); ++j) out.push_back({breaks[j], prices[j]});
  return out;
}

// Exact rules: one Decimal/int/str for the column, or a sequence of them.
auto order_rules(py::handle pack_size, py::handle minimum_order) -> std::vector<plan::order_rule> {
  auto many = [](py::handle v) {
    return py::isinstance<py::list>(v) || py::isinstance<py::tuple>(v) ||
           py::isinstance<py::array>(v);
  };
  auto values = [&](py::handle v, const char* field) {
    std::vector<quantity> out;
    if (many(v)) {
      for (auto item : py::iter(v)) out.push_back(to_quantity(item, field));
    } else {
      out.push_back(to_quantity(v, field));
    }
    return out;
  };
  const auto packs = values(pack_size, "pack_size");
  const auto minimums = values(minimum_order, "minimum_order");
  if (packs.size() != 1 && minimums.size() != 1 && packs.size() != minimums.size()) {
    raise(make_error(errc::invalid_parameter,
                     "pack_size and minimum_order must have the same length or one value",
                     error_context{.field = "minimum_order"}));
  }
  std::vector<plan::order_rule> rules;
  const std::size_t n = std::max(packs.size(), minimums.size());
  for (std::size_t i = 0; i < n; ++i) {
    rules.push_back({.pack_size = packs[packs.size() == 1 ? 0 : i],
                     .minimum_order = minimums[minimums.size() == 1 ? 0 : i]});
  }
  return rules;
}

// Exact orders as Decimals: one Decimal for scalar input, else an object array.
auto decimals(const std::vector<quantity>& orders, bool scalar) -> py::object {
  if (scalar && orders.size() == 1) return to_decimal(orders[0]);
  py::list items(orders.size());
  for (std::size_t i = 0; i < orders.size(); ++i) items[i] = to_decimal(orders[i]);
  return py::module_::import("numpy").attr("array")(items, py::arg("dtype") = "O");
}

// A new float64 column of n rows that the caller writes in full. Columns of
// several megabytes take onhand's column memory (column_block.hpp: their own
// 2 MiB-aligned mapping with huge pages, so a million-row column takes a few
// page faults instead of about two thousand; numpy's heap block may be given
// back to the system and faulted in again on every call). Smaller columns,
// and any refusal by the system, take numpy's allocator.
auto result_column(py::ssize_t n) -> py::array_t<double> {
  auto block = std::make_unique<plan::column_block>(static_cast<std::size_t>(n));
  if (!block->mapped()) return py::array_t<double>(n);
  double* const data = block->data();
  py::capsule owner(block.get(), [](void* p) { delete static_cast<plan::column_block*>(p); });
  static_cast<void>(block.release());
  return py::array_t<double>({n}, {static_cast<py::ssize_t>(sizeof(double))}, data, owner);
}

// The five columns of a cycle-service reorder point, kept alive for the call.
struct cycle_args {
  column_arg d, s, l, a, sl;
  cycle_args(py::handle demand_mean, py::handle demand_std, py::handle lead_time,
             py::handle service_level, py::handle lead_time_std)
      : d(demand_mean, "demand_mean"),
        s(demand_std, "demand_std"),
        l(lead_time, "lead_time"),
        a(service_level, "service_level"),
        sl(lead_time_std, "lead_time_std") {}
  [[nodiscard]] auto input() const -> plan::cycle_service_input {
    return {.demand_mean = d.view(),
            .demand_std = s.view(),
            .lead_time = l.view(),
            .service_level = a.view(),
            .lead_time_std = sl.view()};
  }
  [[nodiscard]] auto rows() const -> Eigen::Index { return broadcast_size({&d, &s, &l, &a, &sl}); }
  [[nodiscard]] auto scalar() const -> bool { return all_scalar(d, s, l, a, sl); }
};

using rop_member = plan::reorder_point_columns::column plan::reorder_point_columns::*;

// Columns of a reorder_point_columns as numpy arrays over its one block,
// without a copy; the arrays keep the block alive together. A float each when
// every input was a scalar.
auto rop_arrays(plan::reorder_point_columns&& r, bool scalar,
                std::initializer_list<rop_member> members) -> std::vector<py::object> {
  auto owned = std::make_unique<plan::reorder_point_columns>(std::move(r));
  auto* const columns = owned.get();
  py::capsule owner(columns, [](void* p) { delete static_cast<plan::reorder_point_columns*>(p); });
  static_cast<void>(owned.release());
  std::vector<py::object> out;
  for (const rop_member member : members) {
    auto& column = columns->*member;
    if (scalar && column.size() == 1) {
      out.emplace_back(py::float_(column[0]));
    } else {
      out.emplace_back(py::array_t<double>(
          {column.size()}, {static_cast<py::ssize_t>(sizeof(double))}, column.data(), owner));
    }
  }
  return out;
}

}  // namespace

void bind_planning(py::module_& m) {
  bind_planning_forecast(m);

  // Distributions and loss functions.
  bind_normal(m, "normal_pdf", plan::normal_function::pdf, "Normal density at x.");
  bind_normal(m, "normal_cdf", plan::normal_function::cdf, "Normal cdf P(X <= x).");
  bind_normal(m, "normal_upper_tail", plan::normal_function::upper_tail,
              "P(X > x), computed as the upper tail (accurate where 1 - cdf is 0).");
  bind_normal(m, "normal_quantile", plan::normal_function::quantile,
              "Inverse normal cdf of probabilities x in (0, 1).");
  bind_normal(m, "normal_loss", plan::normal_function::loss,
              "First-order loss E[(X-x)+]; standard: G(k) = phi(k) - k (1 - Phi(k)).");
  bind_normal(m, "normal_loss_complement", plan::normal_function::loss_complement,
              "Complementary first-order loss E[(x-X)+].");
  bind_normal(m, "normal_second_order_loss", plan::normal_function::second_order_loss,
              "Second-order loss 1/2 E[((X-x)+)^2].");
  bind_normal(m, "normal_second_order_loss_complement",
              plan::normal_function::second_order_loss_complement,
              "Complementary second-order loss 1/2 E[((x-X)+)^2].");
  m.def(
      "normal_loss_inverse",
      [](py::handle target) {
        const column_arg t(target, "x");
        return shaped(unwrap(without_gil([&] {
                        return plan::evaluate(plan::normal_function::loss_inverse, t.view());
                      })),
                      t.scalar());
      },
      py::arg("x"),
      "The k with G(k) = x for target losses x > 0 (the safety factor of a fill-rate target).");
  bind_poisson(m, "poisson_loss", plan::poisson_function::loss,
               "Poisson first-order loss E[(X-x)+].");
  bind_poisson(m, "poisson_loss_complement", plan::poisson_function::loss_complement,
               "Poisson complementary loss E[(x-X)+].");
  bind_poisson(m, "poisson_second_order_loss", plan::poisson_function::second_order_loss,
               "Poisson second-order loss 1/2 E[(X-x)+ (X-x-1)+] at whole x.");
  bind_poisson(m, "poisson_second_order_loss_complement",
               plan::poisson_function::second_order_loss_complement,
               "Poisson complementary second-order loss 1/2 E[(x-X)+ (x+1-X)+] at whole x.");

  // Safety stock and reorder points.
  m.def(
      "reorder_point",
      [](py::handle demand_mean, py::handle demand_std, py::handle lead_time,
         py::handle service_level, py::handle lead_time_std) {
        const cycle_args args(demand_mean, demand_std, lead_time, service_level, lead_time_std);
        // Outputs are numpy arrays written in place, in memory that is cheap
        // to fault in (result_column), which matters more than the math here.
        const auto n = args.rows();
        std::array<py::array_t<double>, 4> out{result_column(n), result_column(n), result_column(n),
                                               result_column(n)};
        auto span = [](py::array_t<double>& buffer) {
          return std::span<double>(buffer.mutable_data(), static_cast<std::size_t>(buffer.size()));
        };
        const plan::reorder_point_buffers buffers{span(out[0]), span(out[1]), span(out[2]),
                                                  span(out[3])};
        const auto input = args.input();
        unwrap(without_gil([&] { return plan::reorder_point(input, buffers); }));
        const bool scalar = args.scalar();
        auto value = [scalar](py::array_t<double>& buffer) -> py::object {
          if (scalar && buffer.size() == 1) return py::float_(*buffer.data());
          return std::move(buffer);
        };
        py::dict result;
        result["z"] = value(out[0]);
        result["sigma"] = value(out[1]);
        result["safety_stock"] = value(out[2]);
        result["reorder_point"] = value(out[3]);
        return result;
      },
      py::arg("demand_mean"), py::arg("demand_std"), py::arg("lead_time"), py::arg("service_level"),
      py::arg("lead_time_std") = 0.0,
      "Cycle-service-level reorder point: dict of z, sigma (sigma_LTD), safety_stock, "
      "reorder_point.");
  m.def(
      "safety_stock",
      [](py::handle demand_mean, py::handle demand_std, py::handle lead_time,
         py::handle service_level, py::handle lead_time_std) {
        const cycle_args args(demand_mean, demand_std, lead_time, service_level, lead_time_std);
        // The safety stock column on its own (the array keeps no other
        // column alive); the other three go to scratch memory freed here.
        const auto n = args.rows();
        const auto rows = static_cast<std::size_t>(n);
        auto safety = result_column(n);
        const plan::column_block scratch(3 * rows);
        auto part = [&scratch, rows](std::size_t k) {
          return std::span<double>(scratch.data() + k * rows, rows);
        };
        const plan::reorder_point_buffers buffers{
            part(0), part(1), std::span<double>(safety.mutable_data(), rows), part(2)};
        const auto input = args.input();
        unwrap(without_gil([&] { return plan::reorder_point(input, buffers); }));
        if (args.scalar() && n == 1) return py::object(py::float_(*safety.data()));
        return py::object(std::move(safety));
      },
      py::arg("demand_mean"), py::arg("demand_std"), py::arg("lead_time"), py::arg("service_level"),
      py::arg("lead_time_std") = 0.0, "Cycle-service-level safety stock z(alpha) sigma_LTD.");
  m.def(
      "reorder_point_fill_rate",
      [](py::handle demand_mean, py::handle demand_std, py::handle lead_time,
         py::handle order_quantity, py::handle fill_rate, py::handle lead_time_std, bool exact) {
        const column_arg d(demand_mean, "demand_mean"), s(demand_std, "demand_std"),
            l(lead_time, "lead_time"), q(order_quantity, "order_quantity"),
            b(fill_rate, "fill_rate"), sl(lead_time_std, "lead_time_std");
        auto r = unwrap(without_gil([&] {
          return plan::reorder_point_fill_rate({.demand_mean = d.view(),
                                                .demand_std = s.view(),
                                                .lead_time = l.view(),
                                                .order_quantity = q.view(),
                                                .fill_rate = b.view(),
                                                .lead_time_std = sl.view(),
                                                .exact = exact});
        }));
        using rop = plan::reorder_point_columns;
        auto out = rop_arrays(std::move(r), all_scalar(d, s, l, q, b, sl),
                              {&rop::z, &rop::sigma, &rop::safety_stock, &rop::reorder_point});
        py::dict result;
        result["k"] = out[0];
        result["sigma"] = out[1];
        result["safety_stock"] = out[2];
        result["reorder_point"] = out[3];
        return result;
      },
      py::arg("demand_mean"), py::arg("demand_std"), py::arg("lead_time"),
      py::arg("order_quantity"), py::arg("fill_rate"), py::arg("lead_time_std") = 0.0,
      py::arg("exact") = false,
      "Fill-rate reorder point: k solves sigma G(k) = Q (1 - beta) (exact: sigma [G(k) - "
      "G(k + Q/sigma)]). Dict of k, sigma, safety_stock, reorder_point.");
  m.def(
      "service_measures",
      [](py::handle demand_mean, py::handle demand_std, py::handle lead_time,
         py::handle reorder_point, py::handle order_quantity, py::handle lead_time_std) {
        const column_arg d(demand_mean, "demand_mean"), s(demand_std, "demand_std"),
            l(lead_time, "lead_time"), r(reorder_point, "reorder_point"),
            q(order_quantity, "order_quantity"), sl(lead_time_std, "lead_time_std");
        auto out = unwrap(without_gil([&] {
          return plan::service_measures({.demand_mean = d.view(),
                                         .demand_std = s.view(),
                                         .lead_time = l.view(),
                                         .reorder_point = r.view(),
                                         .order_quantity = q.view(),
                                         .lead_time_std = sl.view()});
        }));
        return columns(all_scalar(d, s, l, r, q, sl),
                       {{"cycle_service_level", &out.cycle_service_level},
                        {"expected_shortage", &out.expected_shortage},
                        {"fill_rate", &out.fill_rate},
                        {"fill_rate_exact", &out.fill_rate_exact}});
      },
      py::arg("demand_mean"), py::arg("demand_std"), py::arg("lead_time"), py::arg("reorder_point"),
      py::arg("order_quantity"), py::arg("lead_time_std") = 0.0,
      "Service of a given (r, Q): cycle_service_level, expected_shortage per cycle, fill_rate "
      "(raw, may be negative), fill_rate_exact.");
  auto periodic = [](auto solve) {
    return [solve](py::handle demand_mean, py::handle demand_std, py::handle review_period,
                   py::handle lead_time, py::handle level, py::handle lead_time_std) {
      const column_arg d(demand_mean, "demand_mean"), s(demand_std, "demand_std"),
          rp(review_period, "review_period"), l(lead_time, "lead_time"), a(level, "service_level"),
          sl(lead_time_std, "lead_time_std");
      auto r = unwrap(without_gil([&] {
        return solve(plan::periodic_review_input{.demand_mean = d.view(),
                                                 .demand_std = s.view(),
                                                 .review_period = rp.view(),
                                                 .lead_time = l.view(),
                                                 .service_level = a.view(),
                                                 .lead_time_std = sl.view()});
      }));
      return columns(all_scalar(d, s, rp, l, a, sl), {{"z", &r.z},
                                                      {"sigma", &r.sigma},
                                                      {"safety_stock", &r.safety_stock},
                                                      {"order_up_to", &r.order_up_to}});
    };
  };
  m.def("order_up_to",
        periodic([](const plan::periodic_review_input& in) { return plan::order_up_to(in); }),
        py::arg("demand_mean"), py::arg("demand_std"), py::arg("review_period"),
        py::arg("lead_time"), py::arg("service_level"), py::arg("lead_time_std") = 0.0,
        "Periodic review order-up-to level S = d (R+L) + z sigma_P: dict of z, sigma, "
        "safety_stock, order_up_to.");
  m.def("order_up_to_fill_rate", periodic([](const plan::periodic_review_input& in) {
          return plan::order_up_to_fill_rate(in);
        }),
        py::arg("demand_mean"), py::arg("demand_std"), py::arg("review_period"),
        py::arg("lead_time"), py::arg("fill_rate"), py::arg("lead_time_std") = 0.0,
        "Periodic review with a fill-rate target: k solves sigma_P G(k) = (1 - beta) d R; dict "
        "of z (k), sigma, safety_stock, order_up_to.");
  m.def(
      "safety_stock_from_errors",
      [](py::handle errors, py::handle lead_time, py::handle service_level,
         const std::string& method) {
        const auto in = as_series(errors, "errors");
        const column_arg l(lead_time, "lead_time"), a(service_level, "service_level");
        const auto spread = spread_method(method);
        auto r = unwrap(without_gil([&] {
          return plan::safety_stock_from_errors(in.matrix(), l.view(), a.view(), spread);
        }));
        const bool scalar = in.one_series && all_scalar(l, a);
        return columns(scalar, {{"sigma1", &r.sigma1}, {"safety_stock", &r.safety_stock}});
      },
      py::arg("errors"), py::arg("lead_time"), py::arg("service_level"),
      py::arg("method") = "sample_std",
      "Safety stock z(alpha) sigma1 sqrt(L) from one-period forecast errors (1-d series or "
      "(series, periods), like a forecast's fitted values); method 'sample_std', 'rmse' or 'mae' "
      "(1.25 MAE).");

  // Lot sizing.
  m.def(
      "eoq",
      [](py::handle demand_rate, py::handle order_cost, py::handle holding_cost) {
        const column_arg d(demand_rate, "demand_rate"), k(order_cost, "order_cost"),
            h(holding_cost, "holding_cost");
        auto r = unwrap(without_gil([&] {
          return plan::eoq(
              {.demand_rate = d.view(), .order_cost = k.view(), .holding_cost = h.view()});
        }));
        return columns(all_scalar(d, k, h),
                       {{"order_quantity", &r.order_quantity}, {"cost", &r.cost}});
      },
      py::arg("demand_rate"), py::arg("order_cost"), py::arg("holding_cost"),
      "Economic order quantity: dict of order_quantity and cost per time (ordering + holding, "
      "purchase cost excluded).");
  m.def(
      "eoq_with_backorders",
      [](py::handle demand_rate, py::handle order_cost, py::handle holding_cost,
         py::handle backorder_cost) {
        const column_arg d(demand_rate, "demand_rate"), k(order_cost, "order_cost"),
            h(holding_cost, "holding_cost"), p(backorder_cost, "backorder_cost");
        auto r = unwrap(without_gil([&] {
          return plan::eoq_with_backorders({.demand_rate = d.view(),
                                            .order_cost = k.view(),
                                            .holding_cost = h.view(),
                                            .backorder_cost = p.view()});
        }));
        return columns(all_scalar(d, k, h, p), {{"order_quantity", &r.order_quantity},
                                                {"max_backorders", &r.max_backorders},
                                                {"cost", &r.cost}});
      },
      py::arg("demand_rate"), py::arg("order_cost"), py::arg("holding_cost"),
      py::arg("backorder_cost"),
      "EOQ with planned backorders: dict of order_quantity, max_backorders, cost.");
  m.def(
      "epq",
      [](py::handle demand_rate, py::handle setup_cost, py::handle holding_cost,
         py::handle production_rate) {
        const column_arg d(demand_rate, "demand_rate"), k(setup_cost, "setup_cost"),
            h(holding_cost, "holding_cost"), p(production_rate, "production_rate");
        auto r = unwrap(without_gil([&] {
          return plan::epq({.demand_rate = d.view(),
                            .setup_cost = k.view(),
                            .holding_cost = h.view(),
                            .production_rate = p.view()});
        }));
        return columns(all_scalar(d, k, h, p), {{"order_quantity", &r.order_quantity},
                                                {"max_inventory", &r.max_inventory},
                                                {"cost", &r.cost}});
      },
      py::arg("demand_rate"), py::arg("setup_cost"), py::arg("holding_cost"),
      py::arg("production_rate"),
      "Economic production quantity: dict of order_quantity, max_inventory, cost.");
  m.def(
      "eoq_cost",
      [](py::handle demand_rate, py::handle order_cost, py::handle holding_cost,
         py::handle order_quantity) {
        const column_arg d(demand_rate, "demand_rate"), k(order_cost, "order_cost"),
            h(holding_cost, "holding_cost"), q(order_quantity, "order_quantity");
        return shaped(
            unwrap(without_gil([&] {
              return plan::eoq_cost(
                  {.demand_rate = d.view(), .order_cost = k.view(), .holding_cost = h.view()},
                  q.view());
            })),
            all_scalar(d, k, h, q));
      },
      py::arg("demand_rate"), py::arg("order_cost"), py::arg("holding_cost"),
      py::arg("order_quantity"),
      "EOQ cost per time K D/Q + h Q/2 of any order quantity Q (purchase cost excluded); at the "
      "eoq() optimum it equals eoq()'s cost.");
  m.def(
      "eoq_with_backorders_cost",
      [](py::handle demand_rate, py::handle order_cost, py::handle holding_cost,
         py::handle backorder_cost, py::handle order_quantity, py::handle max_backorders) {
        const column_arg d(demand_rate, "demand_rate"), k(order_cost, "order_cost"),
            h(holding_cost, "holding_cost"), p(backorder_cost, "backorder_cost"),
            q(order_quantity, "order_quantity"), b(max_backorders, "max_backorders");
        return shaped(unwrap(without_gil([&] {
                        return plan::eoq_with_backorders_cost({.demand_rate = d.view(),
                                                               .order_cost = k.view(),
                                                               .holding_cost = h.view(),
                                                               .backorder_cost = p.view()},
                                                              q.view(), b.view());
                      })),
                      all_scalar(d, k, h, p, q, b));
      },
      py::arg("demand_rate"), py::arg("order_cost"), py::arg("holding_cost"),
      py::arg("backorder_cost"), py::arg("order_quantity"), py::arg("max_backorders"),
      "Cost per time K D/Q + h (Q - B)^2/(2Q) + p B^2/(2Q) of lot size Q with at most B "
      "backordered (0 <= B <= Q).");
  m.def(
      "epq_cost",
      [](py::handle demand_rate, py::handle setup_cost, py::handle holding_cost,
         py::handle production_rate, py::handle order_quantity) {
        const column_arg d(demand_rate, "demand_rate"), k(setup_cost, "setup_cost"),
            h(holding_cost, "holding_cost"), p(production_rate, "production_rate"),
            q(order_quantity, "order_quantity");
        return shaped(unwrap(without_gil([&] {
                        return plan::epq_cost({.demand_rate = d.view(),
                                               .setup_cost = k.view(),
                                               .holding_cost = h.view(),
                                               .production_rate = p.view()},
                                              q.view());
                      })),
                      all_scalar(d, k, h, p, q));
      },
      py::arg("demand_rate"), py::arg("setup_cost"), py::arg("holding_cost"),
      py::arg("production_rate"), py::arg("order_quantity"),
      "EPQ cost per time K D/Q + h Q (1 - D/P)/2 of any production lot Q.");
  auto discount = [](auto solve) {
    return [solve](py::handle demand_rate, py::handle order_cost, py::handle holding_rate,
                   const std::vector<double>& breaks, const std::vector<double>& prices,
                   py::handle holding_cost) {
      const column_arg d(demand_rate, "demand_rate"), k(order_cost, "order_cost"),
          i(holding_rate, "holding_rate"), h(holding_cost, "holding_cost");
      const auto schedule = price_schedule(breaks, prices);
      auto r = unwrap(without_gil([&] {
        return solve(plan::discount_input{.demand_rate = d.view(),
                                          .order_cost = k.view(),
                                          .holding_rate = i.view(),
                                          .prices = schedule,
                                          .holding_cost = h.view()});
      }));
      return columns(all_scalar(d, k, i, h), {{"order_quantity", &r.order_quantity},
                                              {"unit_price", &r.unit_price},
                                              {"cost", &r.cost}});
    };
  };
  m.def("all_units_discount",
        discount([](const plan::discount_input& in) { return plan::all_units_discount(in); }),
        py::arg("demand_rate"), py::arg("order_cost"), py::arg("holding_rate"), py::arg("breaks"),
        py::arg("prices"), py::arg("holding_cost") = 0.0,
        "All-units quantity discount: dict of order_quantity, unit_price, cost per time "
        "(purchase cost included).");
  m.def("incremental_discount",
        discount([](const plan::discount_input& in) { return plan::incremental_discount(in); }),
        py::arg("demand_rate"), py::arg("order_cost"), py::arg("holding_rate"), py::arg("breaks"),
        py::arg("prices"), py::arg("holding_cost") = 0.0,
        "Incremental quantity discount: dict of order_quantity, unit_price (average), cost per "
        "time (purchase cost included).");

  // Newsvendor and base stock.
  m.def(
      "newsvendor",
      [](py::handle demand_mean, py::handle demand_std, py::handle underage_cost,
         py::handle overage_cost, py::handle lead_time, const std::string& distribution) {
        const auto model = demand_model_of(distribution);
        const column_arg d(demand_mean, "demand_mean"), s(demand_std, "demand_std"),
            p(underage_cost, "underage_cost"), h(overage_cost, "overage_cost"),
            l(lead_time, "lead_time");
        auto r = unwrap(without_gil([&] {
          return plan::newsvendor({.demand_mean = d.view(),
                                   .demand_std = s.view(),
                                   .underage_cost = p.view(),
                                   .overage_cost = h.view(),
                                   .lead_time = l.view()},
                                  model);
        }));
        return newsvendor_dict(r, all_scalar(d, s, p, h, l));
      },
      py::arg("demand_mean"), py::arg("demand_std"), py::arg("underage_cost"),
      py::arg("overage_cost"), py::arg("lead_time") = 0.0, py::arg("distribution") = "normal",
      "Newsvendor / base-stock level at the critical ratio p/(p+h) of demand over lead_time + 1 "
      "periods ('normal', 'poisson' (demand_std ignored), 'lognormal' (by mean and std) or "
      "'lognormal_mu_sigma' (demand_mean, demand_std are mu, sigma of log demand)): dict of "
      "critical_ratio, order_up_to, expected_cost, expected_shortage, expected_leftover.");
  m.def(
      "newsvendor_discrete",
      [](const std::vector<double>& values, py::handle probabilities, py::handle underage_cost,
         py::handle overage_cost) {
        const auto in = as_series(probabilities, "probabilities", "values");
        const column_arg p(underage_cost, "underage_cost"), h(overage_cost, "overage_cost");
        auto r = unwrap(without_gil(
            [&] { return plan::newsvendor_discrete(values, in.matrix(), p.view(), h.view()); }));
        return newsvendor_dict(r, in.one_series && all_scalar(p, h));
      },
      py::arg("values"), py::arg("probabilities"), py::arg("underage_cost"),
      py::arg("overage_cost"),
      "Newsvendor for a discrete demand: values (increasing) and probabilities (one row per "
      "SKU); same dict as newsvendor.");
  m.def(
      "newsvendor_profit",
      [](py::handle demand_mean, py::handle demand_std, py::handle price, py::handle purchase_cost,
         py::handle salvage_value, py::handle shortage_penalty, const std::string& distribution) {
        const auto model = demand_model_of(distribution);
        const column_arg d(demand_mean, "demand_mean"), s(demand_std, "demand_std"),
            r(price, "price"), c(purchase_cost, "purchase_cost"), v(salvage_value, "salvage_value"),
            g(shortage_penalty, "shortage_penalty");
        auto out = unwrap(without_gil([&] {
          return plan::newsvendor_profit({.demand_mean = d.view(),
                                          .demand_std = s.view(),
                                          .price = r.view(),
                                          .purchase_cost = c.view(),
                                          .salvage_value = v.view(),
                                          .shortage_penalty = g.view()},
                                         model);
        }));
        const bool scalar = all_scalar(d, s, r, c, v, g);
        auto result = newsvendor_dict(out.policy, scalar);
        result["expected_sales"] = shaped(std::move(out.expected_sales), scalar);
        result["expected_profit"] = shaped(std::move(out.expected_profit), scalar);
        return result;
      },
      py::arg("demand_mean"), py::arg("demand_std"), py::arg("price"), py::arg("purchase_cost"),
      py::arg("salvage_value") = 0.0, py::arg("shortage_penalty") = 0.0,
      py::arg("distribution") = "normal",
      "Single-period newsvendor from price, purchase cost, salvage value and shortage penalty: "
      "the newsvendor dict plus expected_sales and expected_profit.");

  m.def(
      "newsvendor_cost",
      [](py::handle demand_mean, py::handle demand_std, py::handle underage_cost,
         py::handle overage_cost, py::handle order_up_to, py::handle lead_time,
         const std::string& distribution) {
        const auto model = demand_model_of(distribution);
        const column_arg d(demand_mean, "demand_mean"), s(demand_std, "demand_std"),
            p(underage_cost, "underage_cost"), h(overage_cost, "overage_cost"),
            level(order_up_to, "order_up_to"), l(lead_time, "lead_time");
        auto r = unwrap(without_gil([&] {
          return plan::newsvendor_cost({.demand_mean = d.view(),
                                        .demand_std = s.view(),
                                        .underage_cost = p.view(),
                                        .overage_cost = h.view(),
                                        .lead_time = l.view()},
                                       model, level.view());
        }));
        return newsvendor_dict(r, all_scalar(d, s, p, h, level, l));
      },
      py::arg("demand_mean"), py::arg("demand_std"), py::arg("underage_cost"),
      py::arg("overage_cost"), py::arg("order_up_to"), py::arg("lead_time") = 0.0,
      py::arg("distribution") = "normal",
      "Expected cost h E[(S-D)+] + p E[(D-S)+] of stocking any level S (order_up_to): the "
      "newsvendor dict at that S. At newsvendor()'s S* it reports newsvendor()'s cost.");
  m.def(
      "newsvendor_discrete_cost",
      [](const std::vector<double>& values, py::handle probabilities, py::handle underage_cost,
         py::handle overage_cost, py::handle order_up_to) {
        const auto in = as_series(probabilities, "probabilities", "values");
        const column_arg p(underage_cost, "underage_cost"), h(overage_cost, "overage_cost"),
            level(order_up_to, "order_up_to");
        auto r = unwrap(without_gil([&] {
          return plan::newsvendor_discrete_cost(values, in.matrix(), p.view(), h.view(),
                                                level.view());
        }));
        return newsvendor_dict(r, in.one_series && all_scalar(p, h, level));
      },
      py::arg("values"), py::arg("probabilities"), py::arg("underage_cost"),
      py::arg("overage_cost"), py::arg("order_up_to"),
      "The discrete newsvendor's expected cost at any level S (one per SKU or one for all).");
  m.def(
      "newsvendor_profit_at",
      [](py::handle demand_mean, py::handle demand_std, py::handle price, py::handle purchase_cost,
         py::handle order_up_to, py::handle salvage_value, py::handle shortage_penalty,
         const std::string& distribution) {
        const auto model = demand_model_of(distribution);
        const column_arg d(demand_mean, "demand_mean"), s(demand_std, "demand_std"),
            r(price, "price"), c(purchase_cost, "purchase_cost"), level(order_up_to, "order_up_to"),
            v(salvage_value, "salvage_value"), g(shortage_penalty, "shortage_penalty");
        auto out = unwrap(without_gil([&] {
          return plan::newsvendor_profit_at({.demand_mean = d.view(),
                                             .demand_std = s.view(),
                                             .price = r.view(),
                                             .purchase_cost = c.view(),
                                             .salvage_value = v.view(),
                                             .shortage_penalty = g.view()},
                                            model, level.view());
        }));
        const bool scalar = all_scalar(d, s, r, c, level, v, g);
        auto result = newsvendor_dict(out.policy, scalar);
        result["expected_sales"] = shaped(std::move(out.expected_sales), scalar);
        result["expected_profit"] = shaped(std::move(out.expected_profit), scalar);
        return result;
      },
      py::arg("demand_mean"), py::arg("demand_std"), py::arg("price"), py::arg("purchase_cost"),
      py::arg("order_up_to"), py::arg("salvage_value") = 0.0, py::arg("shortage_penalty") = 0.0,
      py::arg("distribution") = "normal",
      "Expected sales and profit of stocking any level S under explicit economics: the "
      "newsvendor_profit dict at that S.");

  // (r, Q) under continuous review.
  m.def(
      "rq_cost",
      [](py::handle demand_rate, py::handle demand_std, py::handle lead_time, py::handle order_cost,
         py::handle holding_cost, py::handle backorder_cost, py::handle reorder_point,
         py::handle order_quantity, const std::string& distribution) {
        const rq_args a(demand_rate, demand_std, lead_time, order_cost, holding_cost,
                        backorder_cost);
        const column_arg r(reorder_point, "reorder_point"), q(order_quantity, "order_quantity");
        const auto model = demand_model_of(distribution);
        if (model != plan::demand_model::normal && model != plan::demand_model::poisson) {
          raise(make_error(errc::invalid_parameter,
                           "distribution must be 'normal' or 'poisson' for (r, Q)",
                           error_context{.field = "distribution"}));
        }
        auto out = unwrap(without_gil([&] {
          return model == plan::demand_model::poisson
                     ? plan::rq_poisson_cost(a.input(), r.view(), q.view())
                     : plan::rq_cost(a.input(), r.view(), q.view());
        }));
        return shaped(std::move(out), a.scalar() && r.scalar() && q.scalar());
      },
      py::arg("demand_rate"), py::arg("demand_std"), py::arg("lead_time"), py::arg("order_cost"),
      py::arg("holding_cost"), py::arg("backorder_cost"), py::arg("reorder_point"),
      py::arg("order_quantity"), py::arg("distribution") = "normal",
      "Exact expected cost per time of an (r, Q) policy with backorders; lead-time demand "
      "normal (mean lambda L, variance tau^2 L) or Poisson (mean lambda L, whole r and Q).");
  m.def(
      "rq_reorder_point",
      [](py::handle demand_rate, py::handle demand_std, py::handle lead_time, py::handle order_cost,
         py::handle holding_cost, py::handle backorder_cost, py::handle order_quantity) {
        const rq_args a(demand_rate, demand_std, lead_time, order_cost, holding_cost,
                        backorder_cost);
        const column_arg q(order_quantity, "order_quantity");
        return shaped(
            unwrap(without_gil([&] { return plan::rq_reorder_point(a.input(), q.view()); })),
            a.scalar() && q.scalar());
      },
      py::arg("demand_rate"), py::arg("demand_std"), py::arg("lead_time"), py::arg("order_cost"),
      py::arg("holding_cost"), py::arg("backorder_cost"), py::arg("order_quantity"),
      "The optimal r for a given Q (normal): G(r) = G(r + Q).");
  m.def(
      "rq_optimal",
      [](py::handle demand_rate, py::handle demand_std, py::handle lead_time, py::handle order_cost,
         py::handle holding_cost, py::handle backorder_cost, const std::string& method,
         const std::string& distribution) {
        const rq_args a(demand_rate, demand_std, lead_time, order_cost, holding_cost,
                        backorder_cost);
        const auto model = demand_model_of(distribution);
        if (model == plan::demand_model::poisson) {
          if (method != "exact") {
            raise(make_error(errc::invalid_parameter, "Poisson (r, Q) has only the exact method",
                             error_context{.field = "method"}));
          }
          auto r = unwrap(without_gil([&] { return plan::rq_poisson_optimal(a.input()); }));
          return rq_dict(r, a.scalar());
        }
        if (model != plan::demand_model::normal) {
          raise(make_error(errc::invalid_parameter,
                           "distribution must be 'normal' or 'poisson' for (r, Q)",
                           error_context{.field = "distribution"}));
        }
        const bool exact = method == "exact";
        const auto approximation = exact ? plan::rq_approximation{} : rq_method_of(method);
        auto r = unwrap(without_gil([&] {
          return exact ? plan::rq_optimal(a.input())
                       : plan::rq_approximate(a.input(), approximation);
        }));
        return rq_dict(r, a.scalar());
      },
      py::arg("demand_rate"), py::arg("demand_std"), py::arg("lead_time"), py::arg("order_cost"),
      py::arg("holding_cost"), py::arg("backorder_cost"), py::arg("method") = "exact",
      py::arg("distribution") = "normal",
      "Optimal (r, Q) with costs per time: method 'exact', 'eil', 'eoq_backorders', "
      "'eoq_safety_stock' or 'loss_function' (normal), or the exact whole optimum for "
      "distribution='poisson'. Dict of reorder_point, order_quantity, the exact cost g(r, Q) and "
      "objective, the cost the method minimizes at its (r, Q) (an approximation's own cost, e.g. "
      "EIL's h (r - lambda L + Q/2) + K lambda/Q + p lambda n(r)/Q; g itself for 'exact').");

  // (s, S) under periodic review.
  m.def(
      "ss_cost",
      [](py::handle demand_mean, py::handle order_cost, py::handle holding_cost,
         py::handle backorder_cost, py::handle reorder_level, py::handle order_up_to) {
        const ss_args a(demand_mean, order_cost, holding_cost, backorder_cost);
        const column_arg s(reorder_level, "reorder_level"), big_s(order_up_to, "order_up_to");
        return shaped(
            unwrap(without_gil([&] { return plan::ss_cost(a.input(), s.view(), big_s.view()); })),
            a.scalar() && s.scalar() && big_s.scalar());
      },
      py::arg("demand_mean"), py::arg("order_cost"), py::arg("holding_cost"),
      py::arg("backorder_cost"), py::arg("reorder_level"), py::arg("order_up_to"),
      "Exact cost per period of (s, S) with Poisson demand per period, zero lead time, order up "
      "to S when the position is <= s.");
  m.def(
      "ss_optimal",
      [](py::handle demand_mean, py::handle order_cost, py::handle holding_cost,
         py::handle backorder_cost) {
        const ss_args a(demand_mean, order_cost, holding_cost, backorder_cost);
        auto r = unwrap(without_gil([&] { return plan::ss_optimal(a.input()); }));
        return columns(a.scalar(), {{"reorder_level", &r.reorder_level},
                                    {"order_up_to", &r.order_up_to},
                                    {"cost", &r.cost}});
      },
      py::arg("demand_mean"), py::arg("order_cost"), py::arg("holding_cost"),
      py::arg("backorder_cost"),
      "Exact optimal (s, S) by Zheng & Federgruen (1991): dict of reorder_level, order_up_to, "
      "cost.");
  m.def(
      "ss_power_approximation",
      [](py::handle demand_mean, py::handle demand_std, py::handle order_cost,
         py::handle holding_cost, py::handle backorder_cost, py::handle lead_time, bool cap) {
        const column_arg mu(demand_mean, "demand_mean"), sigma(demand_std, "demand_std"),
            k(order_cost, "order_cost"), h(holding_cost, "holding_cost"),
            p(backorder_cost, "backorder_cost"), l(lead_time, "lead_time");
        auto r = unwrap(without_gil([&] {
          return plan::ss_power_approximation({.demand_mean = mu.view(),
                                               .demand_std = sigma.view(),
                                               .order_cost = k.view(),
                                               .holding_cost = h.view(),
                                               .backorder_cost = p.view(),
                                               .lead_time = l.view(),
                                               .cap_at_newsvendor = cap});
        }));
        const bool scalar = all_scalar(mu, sigma, k, h, p, l);
        auto result =
            columns(scalar, {{"reorder_level", &r.reorder_level}, {"order_up_to", &r.order_up_to}});
        Eigen::ArrayXd capped = r.capped;
        if (scalar && capped.size() == 1) {
          result["capped"] = py::bool_(capped[0] != 0.0);
        } else {
          result["capped"] = to_numpy(std::move(capped)).attr("astype")("bool");
        }
        return result;
      },
      py::arg("demand_mean"), py::arg("demand_std"), py::arg("order_cost"), py::arg("holding_cost"),
      py::arg("backorder_cost"), py::arg("lead_time") = 0.0, py::arg("cap") = true,
      "Ehrhardt-Mosier revised power approximation of (s, S), s_p = 0.973 mu_L + sigma_L "
      "(0.183/z + 1.063 - 2.192 z): dict of reorder_level, order_up_to (real numbers) and capped "
      "(the newsvendor cap applied, Q_p/mu <= 1.5). cap=True (default) caps s and S at the "
      "newsvendor level when Q_p/mu <= 1.5; cap=False reports the uncapped s_p and s_p + Q_p.");

  // Exact orders.
  m.def(
      "round_order",
      [](py::handle suggested, py::handle pack_size, py::handle minimum_order) {
        const column_arg s(suggested, "suggested");
        const auto rules = order_rules(pack_size, minimum_order);
        return decimals(unwrap(without_gil([&] { return plan::round_orders(s.view(), rules); })),
                        s.scalar());
      },
      py::arg("suggested"), py::arg("pack_size") = 0, py::arg("minimum_order") = 0,
      "Exact orders (Decimal): max(suggested, MOQ) rounded up to whole packs, 0 when "
      "suggested <= 0. pack_size and minimum_order are exact (Decimal, int or str).");
  m.def(
      "min_max_order",
      [](py::handle position, py::handle min, py::handle max, py::handle pack_size,
         py::handle minimum_order) {
        const column_arg p(position, "position"), lo(min, "min"), hi(max, "max");
        const auto rules = order_rules(pack_size, minimum_order);
        return decimals(unwrap(without_gil([&] {
                          return plan::min_max_orders(p.view(), lo.view(), hi.view(), rules);
                        })),
                        all_scalar(p, lo, hi));
      },
      py::arg("position"), py::arg("min"), py::arg("max"), py::arg("pack_size") = 0,
      py::arg("minimum_order") = 0,
      "Min/max orders (Decimal): max - position rounded up when position <= min, else 0.");
}

}  // namespace onhand::python
