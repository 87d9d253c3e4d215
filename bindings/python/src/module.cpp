// SPDX-License-Identifier: Apache-2.0
// The onhand._core extension module: wiring only; each area binds itself.
#include "bindings.hpp"

namespace onhand::python {
void bind_io(py::module_& m);  // JSON Lines and CSV import: bind_io.cpp
}

PYBIND11_MODULE(_core, m) {
  m.doc() = "onhand: exact inventory ledger, ATP, FEFO and planning math (native core)";
  // project(onhand VERSION ...) in CMakeLists.txt, the one place it is written.
  m.attr("__version__") = ONHAND_VERSION;
  onhand::python::bind_errors(m);
  onhand::python::bind_core(m);
  onhand::python::bind_inventory(m);
  onhand::python::bind_io(m);
  auto planning = m.def_submodule("planning", "Forecasting, safety stock and replenishment math");
  onhand::python::bind_planning(planning);
  auto scan = m.def_submodule("scan", "GS1 barcodes and EPC RFID tags");
  onhand::python::bind_scan(scan);
  auto allocation =
      m.def_submodule("allocation", "Pick plans, time-phased ATP and projected expiry waste");
  onhand::python::bind_allocation_module(allocation);
  auto valuation = m.def_submodule("valuation", "Landed-cost allocation");
  onhand::python::bind_valuation_module(valuation);
}
