# SPDX-License-Identifier: Apache-2.0
"""onhand.open("postgresql://..."): an inventory on a PostgreSQL database of a
throwaway cluster (scripts/pg_cluster.sh), reopened, shared by two
inventories, and the failures it reports without the password. Expected
balances are counted by hand in each test."""
import itertools
import pathlib
import subprocess
import tempfile
from decimal import Decimal

import pytest

import onhand

SCRIPT = pathlib.Path(__file__).resolve().parents[2] / "scripts" / "pg_cluster.sh"


@pytest.fixture(scope="module")
def cluster():
    """(socket dir, port, user) of a running cluster, stopped after the
    module. Missing server binaries fail here with the script's message."""
    directory = tempfile.mkdtemp(prefix="onhand-pg-", dir="/tmp")
    started = subprocess.run(["bash", str(SCRIPT), "start", directory], capture_output=True,
                             text=True, timeout=120, check=False)
    if started.returncode != 0:
        subprocess.run(["bash", str(SCRIPT), "stop", directory], check=False)
        pytest.fail(f"the PostgreSQL test cluster did not start: {started.stderr.strip()}")
    settings = dict(part.split("=", 1) for part in started.stdout.split())
    yield settings
    subprocess.run(["bash", str(SCRIPT), "stop", directory], check=False, timeout=60)


_names = itertools.count()


@pytest.fixture
def database(cluster):
    """The URI of a fresh database on the cluster."""
    name = f"onhand_py{next(_names)}"
    subprocess.run(["psql", "-v", "ON_ERROR_STOP=1", "-q", "-h", cluster["host"], "-p",
                    cluster["port"], "-U", cluster["user"], "-d", "postgres", "-c",
                    f"CREATE DATABASE {name}"], check=True, capture_output=True, timeout=60)
    return (f"postgresql://{cluster['user']}@/{name}"
            f"?host={cluster['host']}&port={cluster['port']}")


def stock(inv):
    inv.define_item("SOAP")
    inv.define_location("WH")


def test_a_reopened_inventory_finds_what_was_posted(database):
    inv = onhand.open(database)
    stock(inv)
    inv.receive("SOAP", 10, to="WH", key="po-1")
    inv.ship("SOAP", 3, source="WH", key="so-1")
    position = inv.log_position
    del inv
    again = onhand.open(database)
    assert again.balance("SOAP", "WH") == Decimal(7)
    assert again.log_position == position
    assert again.receive("SOAP", 10, to="WH", key="po-1")["replayed"]
    again.verify()


def test_two_inventories_on_one_database_converge(database):
    left = onhand.open(database)
    stock(left)
    right = onhand.open(database)
    for i in range(5):
        left.receive("SOAP", 1, to="WH", key=f"l-{i}")
        right.receive("SOAP", 2, to="WH", key=f"r-{i}")
    left.sync()
    right.sync()
    assert left.balance("SOAP", "WH") == Decimal(15)  # 5 * 1 + 5 * 2
    assert right.balance("SOAP", "WH") == Decimal(15)
    assert left.log_position == right.log_position


def test_the_password_is_not_in_the_error(cluster):
    secret = "pw-9d1e-secret"
    uri = f"postgresql://{cluster['user']}:{secret}@127.0.0.1:{cluster['port']}/postgres"
    with pytest.raises(onhand.StoreUnavailableError) as raised:
        onhand.open(uri)
    assert secret not in str(raised.value)
    assert "password authentication failed" in str(raised.value)


def test_a_database_has_no_file_to_back_up(database, tmp_path):
    inv = onhand.open(database)
    with pytest.raises(onhand.StoreFailureError, match="pg_dump"):
        inv.backup(tmp_path / "copy.db")
