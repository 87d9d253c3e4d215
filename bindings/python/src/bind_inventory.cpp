// SPDX-License-Identifier: Apache-2.0
// onhand._core.Inventory: the class, its constructor and the standard
// virtual locations; each domain's binding adds its members.
#include "onhand/inventory.hpp"
#include "onhand/ledger/documents.hpp"
#include "onhand/storage/memory_store.hpp"

#include "bindings.hpp"

namespace onhand::python {

void bind_inventory(py::module_& m) {
  m.attr("SUPPLIER") = std::string(standard_locations::supplier);
  m.attr("CUSTOMER") = std::string(standard_locations::customer);
  m.attr("INVENTORY_LOSS") = std::string(standard_locations::inventory_loss);
  m.attr("SCRAP") = std::string(standard_locations::scrap);
  inventory_class cls(m, "Inventory",
                      "An inventory: the stock ledger and its catalog over an event log.");
  cls.def(py::init([] {
            inventory_options options;
            options.standard_locations = true;
            return unwrap(inventory::open(std::make_unique<memory_store>(), std::move(options)));
          }),
          "An inventory over an in-memory log, with the standard virtual locations SUPPLIER, "
          "CUSTOMER, INVENTORY-LOSS and SCRAP defined.");
  bind_catalog(cls);
  bind_ledger(cls);
  bind_scan_inventory(cls);
  bind_lots(cls);
}

}  // namespace onhand::python
