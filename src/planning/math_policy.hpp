// SPDX-License-Identifier: Apache-2.0
// The Boost.Math distributions that the planning code uses, all with one
// policy: evaluate doubles in double. Boost's default promotes double to long
// double (x87), which costs 3-4x per quantile for accuracy the planning math
// does not use (the double evaluation is still within a few ulp; the tests hold
// it to 1e-12). Inputs are validated before they reach Boost, so its
// domain-error policy never fires.
#pragma once

#include <boost/math/distributions/lognormal.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/poisson.hpp>

namespace onhand::planning::detail {

using math_policy = boost::math::policies::policy<boost::math::policies::promote_double<false>>;
using normal_distribution = boost::math::normal_distribution<double, math_policy>;
using poisson_distribution = boost::math::poisson_distribution<double, math_policy>;
using lognormal_distribution = boost::math::lognormal_distribution<double, math_policy>;
/// Poisson quantiles rounded up to whole numbers (the smallest S with F(S) >= p, up to ties).
using poisson_round_up = boost::math::poisson_distribution<
    double, boost::math::policies::policy<
                boost::math::policies::promote_double<false>,
                boost::math::policies::discrete_quantile<boost::math::policies::integer_round_up>>>;

}  // namespace onhand::planning::detail
