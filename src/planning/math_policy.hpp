// SPDX-License-Identifier: Apache-2.0
// The Boost.Math distributions that the planning code uses, all with one
// policy: evaluate doubles in double. Boost's default promotes double to long
// double (x87), which costs 3-4x per quantile for accuracy the planning math
// does not use (the double evaluation is still within a few ulp; the tests hold
// it to 1e-12).
//
// Every error policy is ignore_error: a Boost error never becomes an exception
// (the planning functions are noexcept, and an exception there terminates the
// process). A domain, pole or evaluation error gives NaN and an overflow gives
// inf; the column entry points validate their inputs first and then turn any
// NaN or inf left in a result into a typed error (detail::finite_result in
// checks.hpp), so such a value never reaches a caller.
#pragma once

#include <boost/math/distributions/lognormal.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/poisson.hpp>

namespace onhand::planning::detail {

namespace policies = boost::math::policies;
using math_policy = policies::policy<
    policies::promote_double<false>, policies::domain_error<policies::ignore_error>,
    policies::pole_error<policies::ignore_error>, policies::overflow_error<policies::ignore_error>,
    policies::underflow_error<policies::ignore_error>,
    policies::denorm_error<policies::ignore_error>,
    policies::evaluation_error<policies::ignore_error>,
    policies::rounding_error<policies::ignore_error>,
    policies::indeterminate_result_error<policies::ignore_error>>;
using normal_distribution = boost::math::normal_distribution<double, math_policy>;
using poisson_distribution = boost::math::poisson_distribution<double, math_policy>;
using lognormal_distribution = boost::math::lognormal_distribution<double, math_policy>;
/// Poisson quantiles rounded up to whole numbers (the smallest S with F(S) >= p, up to ties).
using poisson_round_up = boost::math::poisson_distribution<
    double, policies::normalise<math_policy,
                                policies::discrete_quantile<policies::integer_round_up>>::type>;

}  // namespace onhand::planning::detail
