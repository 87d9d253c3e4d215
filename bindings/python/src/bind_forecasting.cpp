// SPDX-License-Identifier: Apache-2.0
#include "bindings.hpp"

namespace onhand::python {

void bind_forecasting(py::module_& m) { static_cast<void>(m); }

}  // namespace onhand::python
