# SPDX-License-Identifier: Apache-2.0
"""Hostile input for the Inventory and core Python API, run in worker processes.

A table of extreme values (signed zeros, subnormals, 1e308, NaN, huge ints and
Decimals, bytes, lone surrogates, control characters, 1 MB strings, numpy
scalars, None, containers where scalars go) is put in every argument of every
public Inventory method and of onhand.quantity and onhand.extend. Each case
runs against a fresh inventory in a worker process (``python3 hostile.py
<table>``), which prints one JSON line per case:

- ``outcome``: ``ok`` (the call returned), ``error`` (an onhand.Error), or
  ``bad`` (any other exception: a wrong type in the wrong voice);
- ``changed``: after an error, whether the log position, the balances, the
  positions, the histories, the catalog or verify() differ from before;
- ``broken``: whether the inventory can no longer be read afterwards
  (items(), position(), history(), lots(), repr() or verify() raise);
- ``message``: the length of the error message, to keep it bounded.

``run_table`` (used by test_hostile.py) runs a table in a worker with a
timeout per case; when the worker aborts or a case hangs, that case is
reported as ``crash`` or ``hang`` and the worker is restarted after it.
"""
import decimal
import json
import math
import os
import select
import subprocess
import sys
import tempfile

D = decimal.Decimal

# Values fed to every argument. Names are what a failing test prints.
VALUES = {
    "zero": 0, "minus_zero_float": -0.0, "subnormal": 5e-324, "big_float": 1e308,
    "nan": math.nan, "inf": math.inf, "minus_inf": -math.inf, "true": True,
    "int_2_31": 2**31, "int_minus_2_63": -2**63 - 1, "int_2_63": 2**63, "int_10_5000": 10**5000,
    "dec_huge": D("1E+999999999"), "dec_tiny": D("1E-999999999"), "dec_nan": D("NaN"),
    "dec_snan": D("sNaN"), "dec_minus_zero": D("-0"), "dec_inf": D("-Infinity"),
    "dec_long": D("1." + "0" * 5000 + "1"),
    "bytes": b"\xff", "bytes_ascii": b"A", "bytearray": bytearray(b"A"),
    "surrogate": "\ud800", "nul": "A\x00B", "control": "A\x1bB", "newline": "A\nB",
    "empty": "", "space": " ", "long_1mb": "x" * 1_000_000, "digits_1mb": "9" * 1_000_000,
    "rtl_emoji": "\u202e\U0001F4A9", "none": None, "list": [1], "dict": {"a": 1},
    "tuple": (1, 2), "object": object(),
}


def _numpy_values():
    import numpy
    return {"np_float_nan": numpy.float64("nan"), "np_int64_max": numpy.int64(2**63 - 1),
            "np_uint64_max": numpy.uint64(2**64 - 1), "np_bool": numpy.bool_(True),
            "np_str": numpy.str_("A"), "np_0d": numpy.array(1), "np_datetime_nat":
            numpy.datetime64("NaT")}


# Each table: a call with valid arguments (receiver "inv" for Inventory
# methods, "onhand" for module functions) and the arguments to replace.
_LINE = {"item": "X", "quantity": 1, "source": "A", "to": "B"}
TABLES = {
    "define_item": ("inv", ("NEW",), {"unit": "kg", "decimals": 3, "alternates": {"bag": 25},
                                      "lot_tracked": True, "shelf_life_days": 30,
                                      "description": "d", "gtins": {"09506000134352": "kg"},
                                      "attributes": {"color": "red"}}),
    "define_location": ("inv", ("NEW",), {"kind": "internal", "parent": "A",
                                          "allow_negative": False, "description": "d",
                                          "hold": True}),
    "location": ("inv", ("A",), {}),
    "define_lot": ("inv", ("L", "L2"), {"expiry": "2030-01-31", "best_before_days": 3,
                                        "removal_days": 2, "alert_days": 1}),
    "set_lot_status": ("inv", ("L", "L1", "on_hold"), {}),
    "post": ("inv", ([dict(_LINE)],), {"key": "new", "reason": "transfer",
                                       "effective": None, "reference": "r",
                                       "external_line": "e", "note": "n"}),
    "receive": ("inv", ("X", 1), {"to": "A", "key": "new", "source": "SUPPLIER", "unit": "each",
                                  "effective": None, "reference": "r",
                                  "external_line": "e", "note": "n"}),
    "receive_lot": ("inv", ("L", 1), {"to": "A", "key": "new", "lot": "L3",
                                      "expiry": "2031-01-01"}),
    "ship": ("inv", ("X", 1), {"source": "A", "key": "new", "to": "CUSTOMER"}),
    "transfer": ("inv", ("X", 1), {"source": "A", "to": "B", "key": "new"}),
    "adjust": ("inv", ("X", -1), {"location": "A", "key": "new", "reason": "count"}),
    "scrap": ("inv", ("L", 1), {"source": "A", "key": "new", "lot": "L1"}),
    "reverse": ("inv", ("r1",), {"new_key": "new", "effective": None, "note": "n"}),
    "balance": ("inv", ("X", "A"), {"lot": None, "as_of": "2030-01-01T00:00:00Z",
                                    "within": False}),
    "position": ("inv", (), {"item": "X", "day": "2026-06-01", "exact": True}),
    "history": ("inv", (), {"item": "X", "location": "A", "exact": True}),
    "lots": ("inv", (), {"item": "L", "location": "A", "day": "2026-06-01", "exact": True}),
    "recall_trace": ("inv", ("L", "L1"), {"exact": True}),
    "expiry_risk": ("inv", (), {"within_days": 30, "on": "2026-06-01", "location": "A",
                                "unit_costs": {"L": "2.5"}, "exact": True}),
    "post_batch": ("inv", ({"key": ["new"], "item": ["X"], "source": ["A"], "to": ["B"],
                            "quantity": [1]},), {"atomic": False}),
    "reserve": ("inv", ("new", "X", "A", 1), {"channel": "web", "customer": "c",
                                                "expires": "2030-01-01T00:00:00Z",
                                                "unit": "each"}),
    "commit_reservation": ("inv", ("res", 1), {"key": "new", "source": "A", "to": "CUSTOMER",
                                               "lot": "L1", "unit": "each",
                                               "reason": "shipment", "effective": None,
                                               "reference": "r", "external_line": "e",
                                               "note": "n"}),
    "commit_reservation_lines": ("inv", ("res",), {"key": "new", "lines": [
        {"item": "L", "quantity": 1, "source": "A", "to": "CUSTOMER", "lot": "L1"}]}),
    "release_reservation": ("inv", ("res", 1), {"key": "new"}),
    "advance_reservation_clock": ("inv", ("2030-01-01T00:00:00Z",), {}),
    "set_channel_quota": ("inv", ("X", "A", "web", 2), {}),
    "set_channel_quota_share": ("inv", ("X", "A", "web"), {"share": "0.5"}),
    "reservation": ("inv", ("res",), {}),
    "reservations": ("inv", (), {"item": "X", "status": "open", "exact": True}),
    "available_to_promise": ("inv", ("X", "A"), {"channel": "web"}),
    "atp": ("inv", (), {"items": ["X"], "locations": ["A"], "channel": "web", "exact": True}),
    "start_count": ("inv", ("new", "X", "B"), {"lot": None, "loss_location": "INVENTORY-LOSS",
                                               "abc_class": "A", "blind": True,
                                               "tolerance_quantity": 1, "tolerance_percent": 5,
                                               "tolerance_value": 2, "unit_cost": "2.5"}),
    "submit_count": ("inv", ("cc", 5), {"key": "new", "counted_at": None}),
    "approve_count": ("inv", ("cc2",), {"key": "new"}),
    "reject_count": ("inv", ("cc2",), {"key": "new"}),
    "request_recount": ("inv", ("cc2",), {"key": "new"}),
    "count_task": ("inv", ("cc",), {}),
    "count_sheet": ("inv", (), {}),
    "count_variances": ("inv", (), {"exact": True}),
    "counts_due": ("inv", ({"A": 30}, {"X": "A"}, "2026-06-01"), {"locations": {"A": 7}}),
    "record_accuracy": ("inv", (), {"by": "month", "start": "2026-01-01", "end": "2026-12-31",
                                    "exact": True}),
    "plan_picks": ("onhand.allocation", ([{"location": "A", "lot": "L1", "quantity": 5,
                                            "expiry": "2030-01-01"}], 2),
                   {"on": "2029-06-01", "strategy": "fefo", "fill": "by_preference",
                    "partial": True, "min_days": 1, "min_share": None, "shelf_life_days": 90,
                    "lot": "L1", "exact": True}),
    "time_phased_atp": ("onhand.allocation", (5, [("2026-01-02", 3)], {"2026-01-03": 4}),
                        {"start": "2026-01-01", "days": 5, "exact": True}),
    "time_phased_atp_columns": ("onhand.allocation", ([5, 2], [0, 1, 1], ["2026-01-02"], [3],
                                                      [0, 0, 1], ["2026-01-03"], [4]),
                                {"start": "2026-01-01", "days": 5, "exact": True}),
    "promise_date": ("onhand.allocation", (2, 5, [("2026-01-02", 3)], {"2026-01-03": 4}),
                     {"start": "2026-01-01", "days": 5}),
    "project_expiry_waste": ("onhand.allocation", ([{"expiry": "2026-01-03", "quantity": 5}],
                                                   2.5), {"start": "2026-01-01", "exact": True}),
    "define_supplier": ("inv", ("NEW",), {"location": "SUPPLIER", "name": "n",
                                          "over_tolerance": "0.1", "under_tolerance": "0.05",
                                          "allow_unexpected": True}),
    "create_purchase_order": ("inv", ("new", "S", [{"item": "X", "quantity": 1,
                                                     "price": "2.5", "expected": "2030-01-01",
                                                     "to": "A"}]), {"currency": "EUR"}),
    "receive_purchase": ("inv", ("PO", 0, 1), {"key": "new", "lot": None, "effective": None}),
    "open_transfer": ("inv", ("new", "A", "B"), {"transit": "T", "eta": "2030-01-01T00:00:00Z",
                                                 "lines": [("X", 1), ("L", 1, "L1")]}),
    "ship_transfer": ("inv", ("tr", [(0, 1)]), {"key": "new", "eta": "2030-01-01T00:00:00Z"}),
    "receive_transfer": ("inv", ("tr", [(0, 1)]), {"key": "new"}),
    "close_transfer": ("inv", ("tr",), {"key": "new", "reason": "r", "loss": "INVENTORY-LOSS",
                                        "found": [(0, 1)]}),
    "transfer_order": ("inv", ("tr",), {}),
    "transfer_orders": ("inv", (), {"open_only": True, "exact": True}),
    "in_transit": ("inv", (), {"item": "X", "destination": "B", "exact": True}),
    "scheduled_receipts": ("inv", ("X", "B"), {"include_unshipped": True}),
    "set_costing_method": ("inv", ("X", "standard"), {"standard_cost": "2.5"}),
    "receive_costed": ("inv", ("X", 1, "2.5"), {"to": "A", "key": "new", "source": "SUPPLIER",
                                                "unit": "each", "effective": None}),
    "value_of": ("inv", ("X", "A"), {"at": "2030-01-01T00:00:00Z"}),
    "cost_of_goods_sold": ("inv", ("2026-01-01T00:00:00Z", "2030-01-01T00:00:00Z"),
                           {"item": "X", "location": "A"}),
    "purchase_price_variance": ("inv", ("2026-01-01T00:00:00Z", "2030-01-01T00:00:00Z"),
                                {"item": "X", "location": "A"}),
    "valuation_report": ("inv", ("2030-01-01T00:00:00Z",), {"exact": True}),
    "allocate_landed_cost": ("onhand.valuation", ("10", [{"quantity": 1, "value": 2,
                                                          "weight": 3}]), {"by": "value"}),
    "create_sales_order": ("inv", ("new",), {"customer": "c", "channel": "web",
                                              "locations": ["A", "B"],
                                              "lines": [("X", 1, "2030-01-01", 2),
                                                        {"item": "L", "quantity": 1,
                                                         "requested": "2030-01-02"}]}),
    "allocate_sales_order": ("inv", ("SO",), {"line": 0, "locations": ["A"]}),
    "ship_sales_order_line": ("inv", ("SO", 0, 1), {"key": "new", "source": "A",
                                                    "to": "CUSTOMER", "picks": None,
                                                    "release_rest": False}),
    "cancel_sales_order": ("inv", ("SO",), {"key": "new"}),
    "cancel_sales_order_line": ("inv", ("SO", 0), {"key": "new"}),
    "return_sales_order_line": ("inv", ("SO", 0, 1), {"to": "A", "reason": "resellable",
                                                      "key": "new", "lot": None,
                                                      "effective": None,
                                                      "source": "CUSTOMER"}),
    "sales_order": ("inv", ("SO",), {}),
    "quantity": ("onhand", ("1.5",), {}),
    "extend": ("onhand", ("2", "1.25"), {"rounding": "half_up"}),
}


def substitutions(args, kwargs, values):
    """(slot, value name, args, kwargs) with each value in each argument in turn."""
    for slot in [*range(len(args)), *kwargs]:
        for name, value in values.items():
            new_args, new_kwargs = list(args), dict(kwargs)
            if isinstance(slot, int):
                new_args[slot] = value
            else:
                new_kwargs[slot] = value
            yield slot, name, tuple(new_args), new_kwargs


def cases(table):
    """(case name, method, args, kwargs) for every value in every argument."""
    receiver, args, kwargs = TABLES[table]
    values = dict(VALUES)
    values.update(_numpy_values())
    yield f"{table}[valid]", table, args, kwargs
    for slot, name, new_args, new_kwargs in substitutions(args, kwargs, values):
        yield f"{table}[{slot}={name}]", table, new_args, new_kwargs
    if table == "post":
        for key in ("item", "quantity", "source", "to", "unit", "lot"):
            for name, value in values.items():
                lines = [dict(_LINE) for _ in range(6)]
                lines[5][key] = value
                yield f"post[line5.{key}={name}]", table, (lines,), kwargs


    if table == "commit_reservation_lines":
        for key in ("item", "quantity", "source", "to", "unit", "lot"):
            for name, value in values.items():
                lines = [dict(kwargs["lines"][0]) for _ in range(3)]
                lines[2][key] = value
                yield (f"commit_reservation_lines[line2.{key}={name}]", table, args,
                       dict(kwargs, lines=lines))
    if table == "post_batch":
        for column in ("key", "item", "quantity", "source", "to", "unit", "lot", "effective",
                       "reason", "reference"):
            for name, value in values.items():
                columns = dict(args[0])
                columns[column] = [value]
                yield f"post_batch[column.{column}={name}]", table, (columns,), kwargs


def inventory():
    """A fresh inventory: locations A and B (a child of none), an item X with
    5 at A, a lot-tracked item L with lot L1 at A, a document r1, a
    reservation res of 2 L at A, a count task cc of X at A waiting for its
    count and a task cc2 of L1 at A whose count (4) awaits approval; a
    supplier S and a sent purchase order PO of 5 X to A; a transfer tr of 2 X
    from A to B through the transit location T, 1 of it shipped; a sales order
    SO of 3 X from A, 2 of them shipped to CUSTOMER and 1 still allocated."""
    import onhand
    inv = onhand.open()
    inv.define_location("A")
    inv.define_location("B")
    inv.define_item("X")
    inv.define_item("L", lot_tracked=True)
    inv.receive("X", 5, to="A", key="r1")
    inv.receive("L", 3, to="A", key="r2", lot="L1", expiry="2030-01-01")
    inv.reserve("res", "L", "A", 2)
    inv.start_count("cc", "X", "A")
    inv.start_count("cc2", "L", "A", lot="L1")
    inv.submit_count("cc2", 4, key="cc2/1")
    inv.define_supplier("S")
    inv.create_purchase_order("PO", "S", [{"item": "X", "quantity": 5, "price": "2.5",
                                           "expected": "2030-01-01", "to": "A"}], currency="EUR")
    inv.send_purchase_order("PO")
    inv.define_location("T", kind="transit")
    inv.receive("X", 1, to="A", key="r3")  # what the transfer ships: A keeps its 5
    inv.open_transfer("tr", "A", "B", transit="T", eta="2030-01-01T00:00:00Z", lines=[("X", 2)])
    inv.ship_transfer("tr", [(0, 1)], key="s1")
    # A sales order SO of 3 X from A: 2 allocated and shipped to CUSTOMER, 1
    # allocated still (what a return, a ship and a cancel can act on).
    inv.receive("X", 3, to="A", key="r4")  # SO ships 2, holds 1: A keeps 5 free of it
    inv.create_sales_order("SO", customer="c", locations=["A"], lines=[("X", 3, "2030-01-01")])
    inv.allocate_sales_order("SO")
    inv.ship_sales_order_line("SO", 0, 2, key="so/ship")
    return inv


def state(inv):
    """Everything a refused call must leave as it was, as comparable text."""
    inv.verify()
    # Positions as of a day after every posting: all the stock posted.
    rows = [inv.log_position, inv.items(), inv.locations(), inv._positions(None, "2100-01-01"),
            inv._reservations(None, None), inv._atp(None, None, None),
            inv._count_sheet(), inv._count_variances(), inv._purchase_lines(),
            inv._transfers(False), inv._valuation_report("2100-01-01T00:00:00Z"),
            inv.sales_order("SO")]
    for item in inv.items():
        rows.append(inv._history(item, None))
        rows.append(str(inv.balance(item)))
    return repr(rows)


def readable(inv):
    """Whether every query still answers (an unreadable event breaks them for good)."""
    inv.verify()
    repr(inv)
    inv.position(exact=True)
    inv.lots(day="2026-06-01")
    for item in inv.items():
        inv.history(item, exact=True)
    for location in inv.locations():
        inv.history(location=location)


def run_case(method, args, kwargs):
    import onhand
    inv = inventory()
    before = state(inv)
    name = {"receive_lot": "receive", "commit_reservation_lines": "commit_reservation",
            "set_channel_quota_share": "set_channel_quota"}.get(method, method)
    import onhand.valuation
    receiver = {"onhand": onhand, "onhand.allocation": onhand.allocation,
                "onhand.valuation": onhand.valuation}.get(TABLES[method][0], inv)
    target = getattr(receiver, name)
    report = {"outcome": "ok", "changed": False, "broken": False, "message": 0}
    try:
        returned = target(*args, **kwargs)
        refusals = getattr(returned, "errors", None)  # post_batch: refusals are rows
        if refusals is not None and len(refusals):
            report["message"] = int(refusals["message"].str.len().max())
    except onhand.Error as error:
        report.update(outcome="error", error=type(error).__name__, field=error.field,
                      line=error.line, message=len(str(error)))
        try:
            report["changed"] = state(inv) != before
        except Exception as unreadable:  # noqa: BLE001
            report["changed"] = f"{type(unreadable).__name__}: {str(unreadable)[:200]}"
    except Exception as error:  # noqa: BLE001 - any other type is the finding
        report.update(outcome="bad", error=f"{type(error).__name__}: {str(error)[:200]}")
    if report["outcome"] == "ok":  # what an error changed is seen by state()
        try:
            readable(inv)
        except Exception as error:  # noqa: BLE001
            report.update(broken=f"{type(error).__name__}: {str(error)[:200]}")
    return report


def run_table(table, start=0, timeout=40):
    """Runs the cases of ``table`` from ``start`` in a worker; returns {case:
    report}. A case that aborts the worker, or that runs ``timeout`` seconds
    without a report, is reported as such, and the rest run in a new worker.
    The timeout is per case, not per worker: a loaded machine that runs the
    whole table slowly does not make the case that happens to be running at
    some deadline look hung."""
    names = [case[0] for case in cases(table)]
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        os.path.abspath(part) for part in os.environ.get("PYTHONPATH", "").split(os.pathsep)
        if part))
    results = {}
    while start < len(names):
        done = start
        with tempfile.TemporaryFile() as errors:
            worker = subprocess.Popen([sys.executable, __file__, table, str(start)],
                                      stdout=subprocess.PIPE, stderr=errors, env=env,
                                      cwd=os.path.dirname(os.path.abspath(__file__)))
            hung, pending = False, b""
            with worker.stdout:
                while True:
                    ready, _, _ = select.select([worker.stdout], [], [], timeout)
                    if not ready:
                        hung = True
                        worker.kill()
                        break
                    chunk = os.read(worker.stdout.fileno(), 1 << 16)
                    if not chunk:
                        break
                    *lines, pending = (pending + chunk).split(b"\n")
                    for line in lines:
                        name, report = json.loads(line)
                        results[name] = report
                        done += 1
            worker.wait()
            errors.seek(0)
            stderr = errors.read().decode(errors="replace")
        failed = hung or worker.returncode != 0
        reason = (f"hang (more than {timeout} s)" if hung
                  else f"crash (exit {worker.returncode}): {stderr[-300:]}")
        if failed and done < len(names):
            results[names[done]] = {"outcome": reason}
            done += 1
        start = done
    return results


def main(table, start):
    for index, (name, method, args, kwargs) in enumerate(cases(table)):
        if index < start:
            continue
        print(json.dumps([name, run_case(method, args, kwargs)]), flush=True)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
