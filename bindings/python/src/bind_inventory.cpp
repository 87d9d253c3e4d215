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
#include "onhand/storage/postgres_store.hpp"
#include "onhand/storage/sqlite_store.hpp"

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

// A Python callable told how far opening's replay has come, (replayed, total).
// What it raises leaves open() (inventory_options::replay_progress) and
// reaches the caller as raised.
auto python_progress(const py::object& callable) -> replay_progress_fn {
  if (!PyCallable_Check(callable.ptr())) {
    raise(make_error(errc::malformed_input, "progress must be a callable taking (replayed, total)",
                     error_context{.field = "progress"}));
  }
  std::shared_ptr<py::object> held(new py::object(callable), [](py::object* held_object) {
    py::gil_scoped_acquire gil;
    delete held_object;
  });
  return [held](std::uint64_t replayed, std::uint64_t total) {
    py::gil_scoped_acquire gil;
    (*held)(replayed, total);
  };
}

// "full" or "normal" (sqlite_store.hpp says what each promises).
auto to_synchronous(const std::string& value) -> sqlite_synchronous {
  if (value == "full") return sqlite_synchronous::full;
  if (value == "normal") return sqlite_synchronous::normal;
  raise(make_error(errc::invalid_parameter,
                   "synchronous must be 'full' or 'normal', not '" + value + "'",
                   error_context{.field = "synchronous"}));
}

// A file name: a str (the package turns os.PathLike into one first).
auto to_path(const py::object& value, const char* field) -> std::string {
  if (!py::isinstance<py::str>(value)) {
    raise(make_error(errc::malformed_input, std::string(field) + " must be a str or os.PathLike",
                     error_context{.field = field}));
  }
  return value.cast<std::string>();
}

// A PostgreSQL connection URI rather than a file name.
auto is_postgres_uri(std::string_view path) -> bool {
  return path.starts_with("postgresql://") || path.starts_with("postgres://");
}

// The log an inventory opens: a PostgreSQL database for a postgresql:// URI,
// a SQLite file at `path`, or memory for None.
auto open_log(const py::object& path, const std::string& synchronous) -> std::unique_ptr<store> {
  const auto mode = to_synchronous(synchronous);
  if (path.is_none()) return std::make_unique<memory_store>();
  const auto file = to_path(path, "path");
  // File or network I/O, without the GIL; an error is raised once it is back.
  auto opened = without_gil([&]() -> result<std::unique_ptr<store>> {
    if (is_postgres_uri(file)) {
      auto database = postgres_store::open(file);
      if (!database) return std::move(database).error();
      return std::unique_ptr<store>(std::move(*database));
    }
    auto sqlite = sqlite_store::open(file, {.synchronous = mode});
    if (!sqlite) return std::move(sqlite).error();
    return std::unique_ptr<store>(std::move(*sqlite));
  });
  return unwrap(std::move(opened));
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
      py::init([](const py::object& path, const std::string& synchronous,
                  const py::object& backdate_limit, const py::object& future_limit,
                  const py::object& clock, const py::object& progress) {
        auto log = open_log(path, synchronous);
        inventory_options options;
        options.standard_locations = true;
        options.policy.backdate_limit = to_limit(backdate_limit, "backdate_limit");
        options.policy.future_limit = to_limit(future_limit, "future_limit");
        if (!clock.is_none()) options.clock = python_clock(clock);
        if (!progress.is_none()) options.replay_progress = python_progress(progress);
        // Replaying a file is I/O; the clock takes the GIL itself if it runs.
        auto opened =
            without_gil([&] { return inventory::open(std::move(log), std::move(options)); });
        return unwrap(std::move(opened));
      }),
      py::kw_only(), py::arg("path") = py::none(), py::arg("synchronous") = "full",
      py::arg("backdate_limit") =
          timedelta(py::arg("microseconds") = defaults.backdate_limit.count()),
      py::arg("future_limit") = timedelta(py::arg("microseconds") = defaults.future_limit.count()),
      py::arg("clock") = py::none(), py::arg("progress") = py::none(),
      "An inventory over the SQLite file at path (created if missing), or over an in-memory "
      "log for None, with the standard virtual locations SUPPLIER, "
      "CUSTOMER, INVENTORY-LOSS and SCRAP defined. synchronous='full' makes every "
      "acknowledged command survive a power failure; 'normal' may lose the last ones "
      "(docs/concepts/storage.md). A document may be effective at most "
      "backdate_limit before and future_limit after its recorded time (None: no limit); "
      "clock, a callable returning a datetime, gives the recorded time (default: now). "
      "progress, a callable, is called with (replayed, total) events while opening replays "
      "the log.");
  m.def(
      "_sqlite_backup",
      [](const py::object& source, const py::object& target) {
        if (source.is_none()) {
          raise(make_error(errc::store_failure,
                           "an in-memory inventory has no file to back up; open it with a path"));
        }
        const auto from = to_path(source, "source");
        if (is_postgres_uri(from)) {
          raise(make_error(errc::store_failure,
                           "a PostgreSQL inventory is backed up with the database's own tools "
                           "(pg_dump), not by onhand"));
        }
        const auto to = to_path(target, "path");
        auto copied = without_gil([&]() -> result<void> {
          auto log = sqlite_store::open(from);
          if (!log) return std::move(log).error();
          return (*log)->backup_to(to);
        });
        unwrap(std::move(copied));
      },
      py::arg("source"), py::arg("target"),
      "Copies the SQLite log at source to target with the online backup API.");
  cls.def(
      "sync",
      [](inventory& self) {
        unwrap(without_gil([&] { return self.sync(); }));  // reads the store
      },
      "Reads the events other instances appended to a shared store (a PostgreSQL database, "
      "or a SQLite file opened twice); a command does this by itself before it posts.");
  cls.def(
      "snapshot",
      [](inventory& self) {
        return unwrap(without_gil([&] { return self.snapshot(); }));  // writes to the store
      },
      "Writes a snapshot of every projection at the current log position to the store and "
      "returns that position; the next open loads it and replays only the events after it. "
      "Raises StoreFailureError for a store that keeps no snapshots.");
  cls.def_property_readonly(
      "opening",
      [](const inventory& self) {
        const auto report = self.opening();
        py::dict out;
        out["snapshot_position"] = report.snapshot_position
                                       ? py::object(py::int_(*report.snapshot_position))
                                       : py::object(py::none());
        out["replayed_events"] = report.replayed_events;
        py::list skipped;
        for (const auto& s : report.skipped)
          skipped.append(py::make_tuple(s.log_position, s.reason));
        out["skipped"] = skipped;
        return out;
      },
      "How opening rebuilt the state: {'snapshot_position': int or None (a full replay), "
      "'replayed_events': int, 'skipped': [(position, reason), ...] for snapshots passed over}.");
  bind_catalog(cls);
  bind_ledger(cls);
  bind_batch(cls);
  bind_scan_inventory(cls);
  bind_lots(cls);
  bind_trace(cls);
  bind_allocation(cls);
  bind_purchasing(cls);
  bind_counting(cls);
  bind_orders(cls);
  bind_sales_orders(cls);
  bind_valuation(cls);
}

}  // namespace onhand::python
