// SPDX-License-Identifier: Apache-2.0
// File: onhand/planning/safety_stock.hpp
//
// Safety stock, reorder points and order-up-to levels for whole columns of
// SKU-locations, from demand and supplier lead-time statistics or from
// observed forecast errors. Time is counted in periods of the caller's
// choosing (days, weeks): demand_mean and demand_std are per period, lead
// times and review periods are in periods. Quantities come out in the demand's
// unit as doubles; they enter the ledger only through order_rounding.hpp.
//
//   sigma_LTD = sqrt(L sigma_d^2 + d^2 sigma_L^2)       lead-time demand spread
//   SS = z(alpha) sigma_LTD,  ROP = d L + SS             cycle service level alpha
//   sigma G(k) = Q (1 - beta)                            fill rate beta (approximate)
//   sigma [G(k) - G(k + Q/sigma)] = Q (1 - beta)         fill rate beta (exact)
//   S = d (R+L) + z sigma_P,  sigma_P = sqrt((R+L) sigma_d^2 + d^2 sigma_L^2)
//   SS = z(alpha) sigma_1 sqrt(L)                        from one-period forecast errors
//
// docs/planning.md gives each formula's conventions and degenerate cases.
//
// Example:
//
//   auto rop = onhand::planning::reorder_point({.demand_mean = d, .demand_std = s,
//                                               .lead_time = 4.0, .service_level = 0.98});
//   if (!rop) return rop.error();          // invalid_parameter, field names the column
//   Eigen::ArrayXd trigger = rop->reorder_point;
#pragma once

#include <cstddef>
#include <cstdint>
#include <new>
#include <span>
#include <utility>

#include <Eigen/Core>

#include "onhand/core/result.hpp"
#include "onhand/planning/column_block.hpp"
#include "onhand/planning/column_view.hpp"

namespace onhand::planning {

/// Inputs of the cycle-service-level reorder point (alpha = P(no stockout in a cycle)).
struct cycle_service_input {
  column_view demand_mean;          ///< d, demand per period, >= 0.
  column_view demand_std;           ///< sigma_d, per period, >= 0.
  column_view lead_time;            ///< L, periods, >= 0.
  column_view service_level;        ///< alpha in (0, 1).
  column_view lead_time_std = 0.0;  ///< sigma_L, periods, >= 0 (0 when L = 0).
};

/// One row per SKU-location. For fill-rate targets `z` holds the safety factor k.
///
/// The four columns are Eigen column views (Eigen::Map) into one block of
/// memory that the result owns (column_block.hpp: large results get their
/// own huge-page mapping, which makes a new million-row result nearly as
/// cheap as writing into reused columns). Read and write them as Eigen
/// arrays (`rop->reorder_point[i]`, `.sum()`, `Eigen::ArrayXd copy =
/// rop->reorder_point;`); they cannot be resized. Every result owns its own
/// memory: a copy is a deep copy, a move hands the block over and leaves the
/// source empty, and a result stays valid whatever later calls do.
class reorder_point_columns {
 public:
  using column = Eigen::Map<Eigen::ArrayXd>;

  /// No rows.
  reorder_point_columns() noexcept : reorder_point_columns(column_block{}, 0) {}
  /// `rows` rows per column, uninitialized.
  explicit reorder_point_columns(Eigen::Index rows)
      : reorder_point_columns(column_block(static_cast<std::size_t>(4 * padded(rows))), rows) {}
  reorder_point_columns(const reorder_point_columns& other) : reorder_point_columns(other.rows_) {
    z = other.z;
    sigma = other.sigma;
    safety_stock = other.safety_stock;
    reorder_point = other.reorder_point;
  }
  reorder_point_columns(reorder_point_columns&& other) noexcept
      : reorder_point_columns(std::move(other.block_), std::exchange(other.rows_, 0)) {
    other.bind();
  }
  auto operator=(const reorder_point_columns& other) -> reorder_point_columns& {
    if (this != &other) *this = reorder_point_columns(other);
    return *this;
  }
  auto operator=(reorder_point_columns&& other) noexcept -> reorder_point_columns& {
    if (this == &other) return *this;
    block_ = std::move(other.block_);
    rows_ = std::exchange(other.rows_, 0);
    bind();
    other.bind();
    return *this;
  }
  ~reorder_point_columns() = default;

  /// Rows per column.
  [[nodiscard]] auto rows() const noexcept -> Eigen::Index { return rows_; }

 private:
  // Declared before the views: the block exists before they are pointed at it.
  column_block block_;
  Eigen::Index rows_;

 public:
  column z{nullptr, 0};              ///< Safety factor.
  column sigma{nullptr, 0};          ///< sigma_LTD, the lead-time demand standard deviation.
  column safety_stock{nullptr, 0};   ///< z sigma_LTD (negative when alpha < 0.5).
  column reorder_point{nullptr, 0};  ///< d L + safety_stock.

 private:
  reorder_point_columns(column_block block, Eigen::Index rows) noexcept
      : block_(std::move(block)), rows_(rows) {
    bind();
  }
  // Columns start on a cache line: rows rounded up to 8 doubles.
  static constexpr auto padded(Eigen::Index rows) noexcept -> Eigen::Index {
    return (rows + 7) / 8 * 8;
  }
  // Points the four views at the block (Eigen's way to re-seat a Map).
  void bind() noexcept {
    double* const base = block_.data();
    const Eigen::Index stride = padded(rows_);
    column* const views[] = {&z, &sigma, &safety_stock, &reorder_point};
    for (Eigen::Index c = 0; c < 4; ++c) {
      new (views[c]) column(base == nullptr ? nullptr : base + c * stride, rows_);
    }
  }
};

/// Cycle-service-level safety stock and reorder point. alpha = 0.5 gives
/// SS = 0; sigma_LTD = 0 (no demand or lead-time variability, or L = 0) gives
/// SS = 0 whatever alpha.
[[nodiscard]] auto reorder_point(const cycle_service_input& in) -> result<reorder_point_columns>;
/// The same into caller-owned columns, given a new block only when their row
/// count differs, so a planning loop over the same SKU set allocates nothing.
/// Validation is fused into the computation (one pass over the columns), so on
/// an error the values in `out` are unspecified; the error is the same as
/// reorder_point(in)'s.
[[nodiscard]] auto reorder_point(const cycle_service_input& in, reorder_point_columns& out)
    -> result<void>;

/// Caller-owned output buffers (numpy arrays, memory-mapped files), one per column.
struct reorder_point_buffers {
  std::span<double> z;
  std::span<double> sigma;
  std::span<double> safety_stock;
  std::span<double> reorder_point;
};

/// The same into buffers that already have the result's size (every buffer
/// must hold exactly the broadcast row count, else invalid_parameter, field
/// "out"). As above, on an error the buffers hold unspecified values.
[[nodiscard]] auto reorder_point(const cycle_service_input& in, const reorder_point_buffers& out)
    -> result<void>;

/// Inputs of the fill-rate (beta, the fraction of demand met from stock) reorder point.
struct fill_rate_input {
  column_view demand_mean;
  column_view demand_std;
  column_view lead_time;
  column_view order_quantity;  ///< Q > 0, the replenishment batch.
  column_view fill_rate;       ///< beta in [0, 1) ((0, 1) for the exact variant).
  column_view lead_time_std = 0.0;
  bool exact = false;  ///< Solve sigma [G(k) - G(k + Q/sigma)] = Q (1 - beta).
};

/// Fill-rate safety stock: k solves sigma G(k) = Q (1 - beta) (or the exact
/// equation). sigma_LTD = 0 gives k = 0 and SS = 0: demand is certain and the
/// reorder point d L already meets every unit.
[[nodiscard]] auto reorder_point_fill_rate(const fill_rate_input& in)
    -> result<reorder_point_columns>;

/// Inputs for the service that a given (r, Q) delivers.
struct service_input {
  column_view demand_mean;
  column_view demand_std;
  column_view lead_time;
  column_view reorder_point;   ///< r, any finite value.
  column_view order_quantity;  ///< Q > 0.
  column_view lead_time_std = 0.0;
};

/// Service measures of (r, Q) with normal lead-time demand (mean dL, sd sigma_LTD).
struct service_columns {
  Eigen::ArrayXd cycle_service_level;  ///< P(D_L <= r).
  Eigen::ArrayXd expected_shortage;    ///< sigma G((r - dL)/sigma), units short per cycle.
  Eigen::ArrayXd fill_rate;            ///< 1 - shortage/Q, raw: negative when shortage > Q.
  Eigen::ArrayXd fill_rate_exact;      ///< 1 - sigma [G(k) - G(k + Q/sigma)] / Q, in [0, 1].
};

[[nodiscard]] auto service_measures(const service_input& in) -> result<service_columns>;

/// Inputs of a periodic-review order-up-to level: every R periods order up to S.
struct periodic_review_input {
  column_view demand_mean;
  column_view demand_std;
  column_view review_period;  ///< R > 0, periods.
  column_view lead_time;      ///< L >= 0, periods.
  column_view service_level;  ///< alpha in (0, 1), or beta in [0, 1) for the fill-rate variant.
  column_view lead_time_std = 0.0;
};

/// The order-up-to level, over the protection period R + L.
struct order_up_to_columns {
  Eigen::ArrayXd z;             ///< Safety factor (k for the fill-rate variant).
  Eigen::ArrayXd sigma;         ///< sigma_P over the protection period R + L.
  Eigen::ArrayXd safety_stock;  ///< z sigma_P.
  Eigen::ArrayXd order_up_to;   ///< S = d (R + L) + safety_stock.
};

/// S = d (R+L) + z(alpha) sigma_P. sigma_P = 0 gives SS = 0.
[[nodiscard]] auto order_up_to(const periodic_review_input& in) -> result<order_up_to_columns>;

/// Fill-rate variant: `service_level` holds beta in [0, 1) and k solves
/// sigma_P G(k) = (1 - beta) d R. sigma_P = 0 or d = 0 gives k = 0, SS = 0.
[[nodiscard]] auto order_up_to_fill_rate(const periodic_review_input& in)
    -> result<order_up_to_columns>;

/// How sigma_1, the standard deviation of one-period forecast errors, is estimated.
enum class error_spread : std::uint8_t {
  sample_std,  ///< sqrt(sum (e - mean e)^2 / (n - 1)); needs n >= 2.
  rmse,        ///< sqrt(sum e^2 / n): counts bias as spread.
  mae,         ///< 1.25 mean |e| (for normal errors sigma = sqrt(pi/2) MAE ~ 1.25 MAE).
};

/// Safety stock from forecast errors, one SKU-location's series per column of `errors`.
struct forecast_error_columns {
  Eigen::ArrayXd sigma1;        ///< Spread of one-period errors.
  Eigen::ArrayXd safety_stock;  ///< z(alpha) sigma1 sqrt(L).
};

/// Errors are a series matrix laid out as a forecast's `fitted` values are
/// (column_view.hpp: column j is SKU-location j's one-period errors, rows are
/// periods; numpy shape (series, periods)), so `fitted - actual` passes
/// straight in. Forecast minus actual or the reverse: the sign does not
/// matter. An empty series, a NaN or infinite error, or one value with
/// sample_std is an invalid_parameter error; lead_time and service_level
/// broadcast over series.
[[nodiscard]] auto safety_stock_from_errors(const series_matrix_view& errors,
                                            const column_view& lead_time,
                                            const column_view& service_level, error_spread spread)
    -> result<forecast_error_columns>;

}  // namespace onhand::planning
