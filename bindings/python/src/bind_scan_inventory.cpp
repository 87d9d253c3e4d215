// SPDX-License-Identifier: Apache-2.0
// The scan-to-stock adapter on onhand._core.Inventory: what a scan resolver
// asks of the catalog (onhand/scan/inventory_gtins.hpp).
#include "onhand/inventory.hpp"
#include "onhand/scan/inventory_gtins.hpp"

#include "bindings.hpp"

namespace onhand::python {

void bind_scan_inventory(inventory_class& cls) {
  cls.def(
         "_find_gtin",
         [](const inventory& self, const std::string& gtin14) -> py::object {
           auto entry = scan::inventory_gtins{self}.find_gtin(gtin14);
           if (!entry) return py::none();
           return py::make_tuple(entry->item, entry->unit, to_decimal(entry->units_per_pack));
         },
         py::arg("gtin14"))
      .def(
          "_lot_expiry",
          [](const inventory& self, const std::string& item, const std::string& lot) -> py::object {
            auto expiry = scan::inventory_gtins{self}.known_expiry(item, lot);
            if (!expiry) return py::none();
            return to_python(*expiry);
          },
          py::arg("item"), py::arg("lot"));
}

}  // namespace onhand::python
