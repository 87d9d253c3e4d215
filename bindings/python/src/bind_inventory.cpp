// SPDX-License-Identifier: Apache-2.0
// onhand._core.Inventory: the class, its constructor (the ledger policy and
// the recording clock) and the standard virtual locations; each domain's
// binding adds its members.
#include <cstdint>
#include <limits>
#include <memory>

#include "onhand/inventory.hpp"
#include "onhand/ledger/documents.hpp"
#include "onhand/storage/memory_store.hpp"

#include "bindings.hpp"

namespace onhand::python {
namespace {

// A window limit: a datetime.timedelta (not negative), or None for no limit.
// A timedelta beyond what microseconds in 64 bits hold (292,000 years) is
// no limit either.
auto to_limit(const py::object& value, const char* field) -> std::chrono::microseconds {
  if (value.is_none()) return ledger_policy::unlimited;
  if (!py::isinstance(value, py::module_::import("datetime").attr("timedelta"))) {
    raise(make_error(errc::malformed_input,
                     std::string(field) + " must be a datetime.timedelta or None (no limit)",
                     error_context{.field = field}));
  }
  const py::int_ total = value.attr("days").cast<py::int_>() * py::int_(86'400'000'000LL) +
                         value.attr("seconds").cast<py::int_>() * py::int_(1'000'000) +
                         value.attr("microseconds").cast<py::int_>();
  if (total < py::int_(0)) {
    raise(make_error(errc::invalid_parameter,
                     std::string(field) + " must not be negative (None: no limit)",
                     error_context{.field = field}));
  }
  if (total >= py::int_(std::numeric_limits<std::int64_t>::max())) return ledger_policy::unlimited;
  return std::chrono::microseconds{total.cast<std::int64_t>()};
}

// The recording clock in Python: a callable returning an aware datetime (a
// naive one is refused, as everywhere). The inventory reads it before its writer lock, with
// the GIL released, so the call takes the GIL itself; an exception it raises,
// or a value that is no time, becomes a typed error and nothing is posted.
// The callable is held through a shared pointer whose last owner drops it
// under the GIL, so copies of the std::function never touch Python.
auto python_clock(const py::object& callable) -> std::function<timestamp()> {
  if (!PyCallable_Check(callable.ptr())) {
    raise(make_error(errc::malformed_input,
                     "clock must be a callable returning a datetime.datetime",
                     error_context{.field = "clock"}));
  }
  std::shared_ptr<py::object> held(new py::object(callable), [](py::object* held_object) {
    py::gil_scoped_acquire gil;
    delete held_object;
  });
  return [held]() -> timestamp {
    py::gil_scoped_acquire gil;
    py::object now;
    try {
      now = (*held)();
    } catch (py::error_already_set& raised) {
      raise(make_error(errc::invalid_parameter, std::string("the clock raised ") + raised.what(),
                       error_context{.field = "clock"}));
    }
    return to_timestamp(now, "clock");
  };
}

}  // namespace

void bind_inventory(py::module_& m) {
  m.attr("SUPPLIER") = std::string(standard_locations::supplier);
  m.attr("CUSTOMER") = std::string(standard_locations::customer);
  m.attr("INVENTORY_LOSS") = std::string(standard_locations::inventory_loss);
  m.attr("SCRAP") = std::string(standard_locations::scrap);
  inventory_class cls(m, "Inventory",
                      "An inventory: the stock ledger and its catalog over an event log.");
  const auto timedelta = py::module_::import("datetime").attr("timedelta");
  const ledger_policy defaults;
  cls.def(
      py::init([](const py::object& backdate_limit, const py::object& future_limit,
                  const py::object& clock) {
        inventory_options options;
        options.standard_locations = true;
        options.policy.backdate_limit = to_limit(backdate_limit, "backdate_limit");
        options.policy.future_limit = to_limit(future_limit, "future_limit");
        if (!clock.is_none()) options.clock = python_clock(clock);
        return unwrap(inventory::open(std::make_unique<memory_store>(), std::move(options)));
      }),
      py::kw_only(),
      py::arg("backdate_limit") =
          timedelta(py::arg("microseconds") = defaults.backdate_limit.count()),
      py::arg("future_limit") = timedelta(py::arg("microseconds") = defaults.future_limit.count()),
      py::arg("clock") = py::none(),
      "An inventory over an in-memory log, with the standard virtual locations SUPPLIER, "
      "CUSTOMER, INVENTORY-LOSS and SCRAP defined. A document may be effective at most "
      "backdate_limit before and future_limit after its recorded time (None: no limit); "
      "clock, a callable returning a datetime, gives the recorded time (default: now).");
  bind_catalog(cls);
  bind_ledger(cls);
  bind_batch(cls);
  bind_scan_inventory(cls);
  bind_lots(cls);
  bind_trace(cls);
  bind_allocation(cls);
}

}  // namespace onhand::python
