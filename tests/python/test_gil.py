# SPDX-License-Identifier: Apache-2.0
"""Long onhand calls let other Python threads run (docs/reference/python_gil.md).

A worker thread spins in a Python loop and records time.perf_counter() every
few hundred turns. The main thread makes one long call and notes the time
just before and just after it. A Python thread can only run while it holds
the GIL, so if the call holds the GIL throughout, the worker records nothing
inside the call but near its edges, where the interpreter switches threads
between bytecodes (before the call starts, within one switch interval of 5
ms, and after it returns but before the end time is read). The tests look
for stamps in the interior of the call's window, more than a margin (a tenth
of the window, at least 20 ms) from either edge, which a call that holds the
GIL cannot produce; they assert no timings. A control shows the same
measure finding none for a C call that holds the GIL. A call that makes
many Python rows after its C++ part (history) holds the GIL for that part,
so only the interior, not the middle, is asked for.

On a loaded machine the worker may get no CPU during one short window, so a
call that should release is tried up to five times and must show stamps in
the interior in at least one of them.
"""
import datetime
import os
import threading
import time

import numpy as np
import pytest

import onhand
from onhand import planning

ATTEMPTS = 5


class Worker:
    """A Python thread counting in a tight loop, stamping the time."""

    def __init__(self):
        self.stamps = []
        self.count = 0
        self._stop = threading.Event()
        self._running = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        self._running.set()
        n = 0
        while not self._stop.is_set():
            n += 1
            if n % 128 == 0:
                self.stamps.append(time.perf_counter())
        self.count = n

    def __enter__(self):
        self._thread.start()
        self._running.wait()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


def stamps_in_interior(call):
    """Runs call() once with a worker spinning; returns (result, stamps in the
    interior of the call's window, stamps anywhere inside it)."""
    with Worker() as worker:
        time.sleep(0.005)  # the worker is spinning
        start = time.perf_counter()
        result = call()
        end = time.perf_counter()
    margin = max((end - start) / 10, 0.020)
    inside = [t for t in worker.stamps if start < t < end]
    interior = [t for t in inside if start + margin < t < end - margin]
    return result, len(interior), len(inside)


def assert_releases(call):
    """call() lets the worker run during it, in one of ATTEMPTS tries; returns
    the last result."""
    seen = []
    for _ in range(ATTEMPTS):
        result, interior, inside = stamps_in_interior(call)
        seen.append((interior, inside))
        if interior > 0:
            return result
    pytest.fail(f"no Python thread ran during the call: (interior, inside) stamps {seen}")


def test_a_c_call_that_holds_the_gil_shows_no_stamps_in_the_interior():
    # sum() over a range runs in C without releasing the GIL: the control
    # that makes the other tests' measure meaningful (about 0.1 s here, as
    # long as the planning calls below).
    n = 20_000_000
    results = []
    for _ in range(3):
        total, interior, inside = stamps_in_interior(lambda: sum(range(n)))
        assert total == n * (n - 1) // 2
        results.append((interior, inside))
        if interior == 0:
            break
    assert results[-1][0] == 0, results


def test_safety_stock_over_a_million_rows_releases_the_gil():
    rows = 2_000_000
    demand = np.linspace(1.0, 100.0, rows)
    safety = assert_releases(lambda: planning.safety_stock(
        demand_mean=demand, demand_std=demand / 4, lead_time=9.0, service_level=0.95))
    # z(0.95) sigma sqrt(L), with z(0.95) = 1.6448536269514722 (statistics.NormalDist).
    z = 1.6448536269514722
    assert safety.shape == (rows,)
    assert safety[0] == pytest.approx(z * 0.25 * 3.0, rel=1e-9)
    assert safety[-1] == pytest.approx(z * 25.0 * 3.0, rel=1e-9)


def test_reorder_point_over_a_million_rows_releases_the_gil():
    rows = 2_000_000
    demand = np.full(rows, 10.0)
    out = assert_releases(lambda: planning.reorder_point(
        demand_mean=demand, demand_std=2.0, lead_time=4.0, service_level=0.95))
    # d L + z sigma sqrt(L) = 40 + 1.6448536269514722 * 4.
    assert out["reorder_point"][rows // 2] == pytest.approx(40.0 + 1.6448536269514722 * 4.0)


def batch_columns(count, start=0, to="A"):
    keys = np.array([f"r{start + i}" for i in range(count)], dtype=object)
    return dict(key=keys,
                item=np.full(count, "X", dtype=object),
                source=np.full(count, "SUPPLIER", dtype=object),
                to=np.full(count, to, dtype=object),
                quantity=np.ones(count, dtype=np.int64))


def test_a_large_post_batch_releases_the_gil(tmp_path):
    inv = onhand.open(os.fspath(tmp_path / "batch.db"), synchronous="normal")
    inv.define_location("A")
    inv.define_item("X")
    posted = []

    def post():
        n = len(posted)
        result = inv.post_batch(**batch_columns(10_000, start=n * 10_000))
        posted.append(result)
        return result

    result = assert_releases(post)
    assert len(result.errors) == 0
    assert inv.balance("X", "A") == 10_000 * len(posted)


@pytest.fixture(scope="module")
def long_log(tmp_path_factory):
    """A SQLite log of 30,000 receipts of X at A, one per document."""
    path = os.fspath(tmp_path_factory.mktemp("gil") / "long.db")
    inv = onhand.open(path, synchronous="normal")
    inv.define_location("A")
    inv.define_item("X")
    result = inv.post_batch(**batch_columns(30_000))
    assert len(result.errors) == 0
    del inv
    return path


def test_opening_a_sqlite_log_replays_it_without_the_gil(long_log):
    inv = assert_releases(lambda: onhand.open(long_log))
    assert inv.balance("X", "A") == 30_000
    assert inv.opening["replayed_events"] > 30_000


def test_verify_replays_the_log_without_the_gil(long_log):
    inv = onhand.open(long_log)
    assert_releases(inv.verify)


def test_history_finds_its_rows_without_the_gil(long_log):
    # The rows are made into Python objects with the GIL; finding them (a
    # walk over 30,000 movements) is without it.
    inv = onhand.open(long_log)
    rows = assert_releases(lambda: inv._history("X", "A"))
    assert len(rows) == 30_000
    assert rows[-1][9] == 30_000  # the running balance


def test_two_threads_posting_through_one_inventory_match_posting_serially():
    # Each thread posts its own documents; both post one item between the
    # same locations, so the writer lock is contended while the GIL is free.
    def documents(thread):
        out = []
        for i in range(300):
            out.append(dict(lines=[{"item": "X", "quantity": 1 + (i % 3), "source": "A",
                                    "to": "B"}], key=f"t{thread}/{i}"))
            out.append(dict(lines=[{"item": "X", "quantity": 1, "source": "B",
                                    "to": "C" if thread else "A"}], key=f"t{thread}/{i}/back"))
        return out

    def fresh():
        inv = onhand.open()
        for code in ("A", "B", "C"):
            inv.define_location(code)
        inv.define_item("X")
        inv.receive("X", 10_000, to="A", key="opening")
        return inv

    serial = fresh()
    for thread in (0, 1):
        for doc in documents(thread):
            serial.post(doc["lines"], key=doc["key"])

    concurrent = fresh()
    failures = []
    barrier = threading.Barrier(2)

    def run(thread):
        try:
            barrier.wait()
            for doc in documents(thread):
                concurrent.post(doc["lines"], key=doc["key"])
        except Exception as error:  # pragma: no cover - reported below
            failures.append(error)

    threads = [threading.Thread(target=run, args=(t,)) for t in (0, 1)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []
    # Brute force: per thread 300 moves of 1, 2, 3, ... A -> B (600 units),
    # and 300 of 1 back out of B (to A for thread 0, to C for thread 1).
    expected = {"A": 10_000 - 600 - 600 + 300, "B": 600 + 600 - 300 - 300, "C": 300}
    for location, quantity in expected.items():
        assert serial.balance("X", location) == quantity
        assert concurrent.balance("X", location) == quantity
    assert concurrent.log_position == serial.log_position
    concurrent.verify()


def test_a_csv_progress_callable_runs_with_the_gil_during_an_import(tmp_path):
    # The import runs without the GIL and takes it back for each progress
    # call: the callable sees Python state normally and may raise.
    path = tmp_path / "items.csv"
    path.write_text("code,base_unit\n" + "".join(f"I{i},each\n" for i in range(50)))
    inv = onhand.open()
    seen = []
    onhand.import_csv(inv, path, table="items", progress=seen.append, progress_every=20)
    assert seen == [20, 40, 50]
    assert len(inv.items()) == 50

    def stop(rows):
        raise RuntimeError(f"stopped at {rows}")

    with pytest.raises(RuntimeError, match="stopped at 20"):
        onhand.import_csv(onhand.open(), path, table="items", progress=stop, progress_every=20)


def test_an_error_raised_after_a_released_call_is_the_typed_error(tmp_path):
    # The store's error crosses back as onhand's exception once the GIL is
    # held again, and nothing is left behind.
    bad = tmp_path / "not_a_log.db"
    bad.write_bytes(b"this is not a SQLite file" * 100)
    with pytest.raises(onhand.StoreFailureError):
        onhand.open(os.fspath(bad))
    assert bad.read_bytes() == b"this is not a SQLite file" * 100
    with pytest.raises(onhand.InvalidParameterError):
        planning.safety_stock(demand_mean=np.ones(3), demand_std=np.ones(3), lead_time=1.0,
                              service_level=np.array([0.5, 1.5, 0.9]))
    when = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)
    inv = onhand.open()
    with pytest.raises(onhand.UnknownCodeError):
        inv.value_of("NOPE", "SUPPLIER", at=when)
