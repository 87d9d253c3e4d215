// SPDX-License-Identifier: Apache-2.0
#include "bindings.hpp"

namespace onhand::python {

void bind_scan(py::module_& m) { static_cast<void>(m); }

}  // namespace onhand::python
