# SPDX-License-Identifier: Apache-2.0
"""onhand.open(path): an inventory on a SQLite file, reopened in a new process,
backed up while open, shared by two inventories; and the files and arguments
it refuses. Expected balances are counted by hand in each test."""
import datetime as dt
import json
import sqlite3
import subprocess
import sys
import textwrap
from decimal import Decimal

import pytest

import hostile
import onhand


def stock(inv):
    inv.define_item("SOAP")
    inv.define_location("WH")


def run_child(code, *args):
    """Runs `code` in a new interpreter (the one running the tests) and
    returns what it printed, parsed as JSON."""
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(code), *map(str, args)],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_a_new_process_finds_what_was_posted(tmp_path):
    path = tmp_path / "stock.db"
    inv = onhand.open(path)
    stock(inv)
    first = inv.receive("SOAP", 10, to="WH", key="po-1")
    inv.receive("SOAP", 5, to="WH", key="po-2")
    inv.ship("SOAP", 3, source="WH", key="so-1")
    position = inv.log_position
    del inv

    seen = run_child("""
        import json, sys
        import onhand
        inv = onhand.open(sys.argv[1])
        inv.verify()
        retry = inv.receive("SOAP", 10, to="WH", key="po-1")
        print(json.dumps({"balance": str(inv.balance("SOAP", "WH")),
                          "history": len(inv.history("SOAP")),
                          "position": inv.log_position,
                          "retry_replayed": retry["replayed"],
                          "retry_document": retry["document"],
                          "retry_log_position": retry["log_position"]}))
    """, path)
    assert seen == {"balance": "12", "history": 3, "position": position,
                    "retry_replayed": True, "retry_document": first["document"],
                    "retry_log_position": first["log_position"]}


def test_backup_while_open_then_open_the_copy(tmp_path):
    inv = onhand.open(str(tmp_path / "live.db"))
    stock(inv)
    inv.receive("SOAP", 7, to="WH", key="po-1")
    inv.backup(tmp_path / "copy.db")
    inv.receive("SOAP", 100, to="WH", key="po-2")
    assert inv.balance("SOAP", "WH") == Decimal(107)

    copy = onhand.open(tmp_path / "copy.db")
    copy.verify()
    assert copy.balance("SOAP", "WH") == Decimal(7)
    # The copy is a store of its own: what it posts stays there.
    copy.ship("SOAP", 2, source="WH", key="so-1")
    assert copy.balance("SOAP", "WH") == Decimal(5)
    assert inv.balance("SOAP", "WH") == Decimal(107)


def test_two_inventories_on_one_file_converge(tmp_path):
    path = tmp_path / "shared.db"
    left = onhand.open(path)
    stock(left)
    right = onhand.open(path)
    left.receive("SOAP", 1, to="WH", key="l-1")
    right.receive("SOAP", 2, to="WH", key="r-1")  # catches up with l-1 first
    assert right.balance("SOAP", "WH") == Decimal(3)
    left.receive("SOAP", 4, to="WH", key="l-2")
    assert left.balance("SOAP", "WH") == Decimal(7)
    replay = right.receive("SOAP", 1, to="WH", key="l-1")
    assert replay["replayed"]
    left.verify()  # the last writer has applied the whole log
    fresh = onhand.open(path)
    fresh.verify()
    assert fresh.balance("SOAP", "WH") == Decimal(7)


def test_open_keeps_its_keywords_with_a_file(tmp_path):
    fixed = dt.datetime(2026, 11, 27, 9, tzinfo=dt.timezone.utc)
    inv = onhand.open(tmp_path / "kw.db", synchronous="normal", backdate_limit=None,
                      clock=lambda: fixed)
    stock(inv)
    posted = inv.receive("SOAP", 3, to="WH", key="old",
                         effective=dt.datetime(2020, 1, 1, tzinfo=dt.timezone.utc))
    assert posted["recorded"] == fixed
    del inv
    again = onhand.open(tmp_path / "kw.db")
    assert again.balance("SOAP", "WH") == Decimal(3)
    assert onhand.open().log_position == 4  # in memory: the standard locations only


def test_refuses_bad_arguments(tmp_path):
    with pytest.raises(onhand.MalformedInputError) as raised:
        onhand.open(3)
    assert raised.value.field == "path"
    with pytest.raises(onhand.InvalidParameterError) as raised:
        onhand.open(tmp_path / "x.db", synchronous="off")
    assert raised.value.field == "synchronous"
    assert not (tmp_path / "x.db").exists()
    with pytest.raises(onhand.StoreFailureError):
        onhand.open().backup(tmp_path / "y.db")
    assert not (tmp_path / "y.db").exists()
    inv = onhand.open(tmp_path / "z.db")
    with pytest.raises(onhand.MalformedInputError) as raised:
        inv.backup(None)
    assert raised.value.field == "path"


def test_refuses_files_that_are_not_an_onhand_log(tmp_path):
    text = tmp_path / "list.txt"
    text.write_text("eggs, milk\n")
    with pytest.raises(onhand.StoreFailureError):
        onhand.open(text)
    assert text.read_text() == "eggs, milk\n"
    with pytest.raises(onhand.StoreFailureError):
        onhand.open(tmp_path)
    foreign = tmp_path / "erp.db"
    with sqlite3.connect(foreign) as db:
        db.execute("CREATE TABLE stock_ledger_entry (item TEXT, qty REAL)")
    db.close()
    with pytest.raises(onhand.StoreFailureError, match="not an onhand store"):
        onhand.open(foreign)
    with pytest.raises(onhand.StoreFailureError):
        onhand.open(tmp_path / "missing" / "dir" / "x.db")


@pytest.mark.parametrize("name", sorted(hostile.VALUES))
def test_hostile_paths_are_typed_errors_or_files(name, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # a value that names a file creates it here
    value = hostile.VALUES[name]
    try:
        inv = onhand.open(value)
    except onhand.Error as error:
        assert error.field in ("path", None), (name, error)
        assert len(str(error)) < 1000
    else:
        assert value is None or isinstance(value, (str, bytes)), name  # memory, or a file
        inv.define_item("X")
        inv.verify()
        del inv
    try:
        onhand.open(tmp_path / "live.db").backup(value)
    except onhand.Error as error:
        assert error.field in ("path", None), (name, error)


def test_reopens_from_a_snapshot_and_the_events_after_it(tmp_path):
    path = tmp_path / "stock.db"
    inv = onhand.open(path)
    assert inv.opening == {"snapshot_position": None, "replayed_events": 0, "skipped": []}
    stock(inv)
    inv.receive("SOAP", 10, to="WH", key="po-1")
    taken = inv.snapshot()
    assert taken == inv.log_position
    inv.receive("SOAP", 5, to="WH", key="po-2")
    inv.ship("SOAP", 3, source="WH", key="so-1")
    position = inv.log_position
    del inv

    inv = onhand.open(path)
    assert inv.opening == {"snapshot_position": taken, "replayed_events": position - taken,
                           "skipped": []}
    assert inv.balance("SOAP", "WH") == Decimal(12)  # 10 + 5 - 3
    assert inv.receive("SOAP", 10, to="WH", key="po-1")["replayed"]
    inv.verify()
    del inv

    # A damaged snapshot is skipped, with its reason, for a full replay.
    with sqlite3.connect(path) as db:
        db.execute("UPDATE snapshots SET bytes = substr(bytes, 1, length(bytes) - 9)")
    db.close()
    inv = onhand.open(path)
    opening = inv.opening
    assert opening["snapshot_position"] is None
    assert opening["replayed_events"] == position
    assert [p for p, _ in opening["skipped"]] == [taken]
    assert "payload bytes" in opening["skipped"][0][1]
    assert inv.balance("SOAP", "WH") == Decimal(12)


def test_an_in_memory_inventory_keeps_snapshots_for_its_life():
    inv = onhand.open()
    stock(inv)
    assert inv.snapshot() == inv.log_position


def test_opening_reports_how_far_its_replay_has_come(tmp_path):
    path = tmp_path / "progress.db"
    inv = onhand.open(path)
    inv.define_location("WH")
    inv.define_item("SOAP")
    inv.post_batch({"key": [f"r{n}" for n in range(5000)], "item": ["SOAP"] * 5000,
                    "source": [onhand.SUPPLIER] * 5000, "to": ["WH"] * 5000,
                    "quantity": [1] * 5000}, atomic=True)
    end = inv.log_position
    del inv
    calls = []
    reopened = onhand.open(path, progress=lambda done, total: calls.append((done, total)))
    assert reopened.opening["replayed_events"] == end
    # One call per chunk of 4,096 events, the last one whole.
    assert calls == [(min(n, end), end) for n in range(4096, end + 4096, 4096)]
    assert reopened.balance("SOAP", "WH") == 5000

    # A snapshot at the end: nothing to replay, nothing said.
    reopened.snapshot()
    del reopened
    calls.clear()
    assert onhand.open(path, progress=lambda done, total: calls.append(done)).log_position == end
    assert calls == []


def test_an_exception_in_progress_stops_the_opening_and_leaves_the_file(tmp_path):
    path = tmp_path / "stop.db"
    inv = onhand.open(path)
    inv.define_location("WH")
    inv.define_item("SOAP")
    inv.receive("SOAP", 3, to="WH", key="r1")
    end = inv.log_position
    del inv

    class Stop(Exception):
        pass

    def stop(done, total):
        raise Stop(f"{done} of {total}")

    with pytest.raises(Stop, match=f"{end} of {end}"):
        onhand.open(path, progress=stop)
    again = onhand.open(path)
    assert (again.log_position, again.balance("SOAP", "WH")) == (end, 3)
    again.verify()
    with pytest.raises(onhand.MalformedInputError) as raised:
        onhand.open(path, progress=3)
    assert raised.value.field == "progress"
