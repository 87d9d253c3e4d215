# SPDX-License-Identifier: Apache-2.0
"""Inventory.post_batch: documents as columns, each judged as if posted alone
after the ones accepted before it; refusals as rows, not exceptions."""
import datetime as dt
import random
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest

import onhand

UTC = dt.timezone.utc


def make():
    inventory = onhand.open(backdate_limit=None)
    for code in ("3PL-EAST", "3PL-WEST"):
        inventory.define_location(code)
    inventory.define_item("SOAP", alternates={"case": 12})
    inventory.define_item("SERUM", lot_tracked=True)
    inventory.define_lot("SERUM", "L1", expiry=dt.date(2030, 1, 1))
    return inventory


@pytest.fixture
def inv():
    return make()


def state(inventory):
    return (inventory.log_position, inventory.balance("SOAP", "3PL-EAST"),
            inventory.balance("SOAP", "3PL-WEST"))


def test_a_later_document_draws_on_stock_an_earlier_one_brings(inv):
    frame = pd.DataFrame({
        "key": ["po-1", "so-1", "so-2", "tr-1", "tr-1"],
        "item": ["SOAP"] * 5,
        "source": [onhand.SUPPLIER, "3PL-EAST", "3PL-EAST", "3PL-EAST", "3PL-WEST"],
        "to": ["3PL-EAST", onhand.CUSTOMER, onhand.CUSTOMER, "3PL-WEST", onhand.CUSTOMER],
        "quantity": [10, 7, 4, 2, 2],
    })
    r = inv.post_batch(frame)
    # 10 in, 7 out: 3 left, so-2 asks 4. tr-1 is one document of two lines:
    # 2 to WEST and 2 on from WEST to the customer.
    assert list(r.documents["status"]) == ["posted", "posted", "refused", "posted"]
    assert list(r.documents["row"]) == [0, 1, 2, 3]
    assert (r.posted, r.refused) == (3, 1)
    assert r.errors.to_dict("records") == [{
        "row": 2, "key": "so-2", "code": "insufficient_stock",
        "message": "'SOAP' at '3PL-EAST': 4 requested, 3 available"}]
    assert inv.balance("SOAP", "3PL-EAST") == 1
    assert inv.balance("SOAP", "3PL-WEST") == 0
    assert list(r.documents["document"]) == [0, 1, pd.NA, 2]
    inv.verify()


def test_the_same_documents_one_by_one_give_the_same_outcomes(inv):
    rng = random.Random(20261205)
    twin = make()
    places = [onhand.SUPPLIER, "3PL-EAST", "3PL-WEST", onhand.CUSTOMER]
    rows = []
    for number in range(300):
        source, to = rng.sample(places, 2)
        key = f"k{rng.randrange(250)}"  # repeats: replays and conflicts
        rows.append((key, source, to, rng.randrange(1, 9), rng.choice([None, "case"])))
    frame = pd.DataFrame(rows, columns=["key", "source", "to", "quantity", "unit"])
    frame.insert(1, "item", "SOAP")
    r = inv.post_batch(frame)
    # One row per document here, unless a key repeats on the next row.
    starts = [i for i in range(len(rows)) if i == 0 or rows[i][0] != rows[i - 1][0]]
    assert list(r.documents["row"]) == starts
    for start, (_, outcome) in zip(starts, r.documents.iterrows()):
        end = starts[starts.index(start) + 1] if start != starts[-1] else len(rows)
        lines = [{"item": "SOAP", "source": s, "to": t, "quantity": q,
                  **({"unit": u} if u else {})} for _, s, t, q, u in rows[start:end]]
        try:
            posted = twin.post(lines, key=rows[start][0])
        except onhand.Error as refusal:
            assert outcome["status"] == "refused"
            error = r.errors[r.errors["key"] == rows[start][0]]
            assert refusal.code in set(error["code"])
        else:
            assert outcome["status"] == ("replayed" if posted["replayed"] else "posted")
            assert outcome["document"] == posted["document"]
    assert inv.balance("SOAP", "3PL-EAST") == twin.balance("SOAP", "3PL-EAST")
    assert inv.balance("SOAP", "3PL-WEST") == twin.balance("SOAP", "3PL-WEST")
    assert inv.log_position == twin.log_position
    assert set(r.documents["status"]) >= {"posted", "refused", "replayed"}


def test_an_atomic_batch_with_a_refusal_posts_nothing(inv):
    before = state(inv)
    r = inv.post_batch({"key": ["po-1", "so-1"], "item": ["SOAP", "SOAP"],
                        "source": [onhand.SUPPLIER, "3PL-EAST"],
                        "to": ["3PL-EAST", onhand.CUSTOMER], "quantity": [5, 6]}, atomic=True)
    assert list(r.documents["status"]) == ["withdrawn", "refused"]
    assert r.posted == 0
    assert state(inv) == before


def test_an_unreadable_row_refuses_its_document_only(inv):
    r = inv.post_batch({
        "key": ["a", "b", "c", "d", "e"],
        "item": ["SOAP", "NOPE", "SOAP", 42, "SOAP"],
        "source": [onhand.SUPPLIER] * 5,
        "to": ["3PL-EAST"] * 5,
        "quantity": np.array([1, 1, float("nan"), 1, "0.5"], dtype=object),
    })
    assert list(r.documents["status"]) == ["posted", "refused", "refused", "refused", "refused"]
    codes = dict(zip(r.errors["key"], r.errors["code"]))
    assert codes == {"b": "unknown_code", "c": "malformed_input", "d": "malformed_input",
                     "e": "precision_exceeded"}
    assert inv.balance("SOAP", "3PL-EAST") == 1


def test_lots_units_and_effective_times(inv):
    when = pd.Timestamp("2026-06-01T10:00:00Z")
    r = inv.post_batch({
        "key": ["r-1", "r-2"],
        "item": ["SOAP", "SERUM"],
        "source": [onhand.SUPPLIER, onhand.SUPPLIER],
        "to": ["3PL-EAST", "3PL-EAST"],
        "quantity": [2, Decimal("5")],
        "unit": ["case", None],
        "lot": [None, "L1"],
        "effective": pd.Series([when, when]),
        "reason": ["receipt", "receipt"],
        "reference": ["PO-88", None],
    })
    assert r.refused == 0, r.errors
    assert inv.balance("SOAP", "3PL-EAST") == 24
    assert inv.balance("SERUM", "3PL-EAST", lot="L1") == 5
    history = inv.history("SOAP", "3PL-EAST")
    assert history["effective"].iloc[0] == when.to_pydatetime()


@pytest.mark.parametrize("data, field", [
    ({"key": ["a"], "item": ["SOAP"], "source": [onhand.SUPPLIER], "to": ["3PL-EAST"],
      "quantity": [1.0]}, "quantity"),
    ({"key": ["a", "b"], "item": ["SOAP"], "source": [onhand.SUPPLIER], "to": ["3PL-EAST"],
      "quantity": [1]}, "data"),
    ({"key": ["a"], "item": ["SOAP"], "source": [onhand.SUPPLIER], "to": ["3PL-EAST"],
      "quantity": [1], "units": ["case"]}, "units"),
    ({"key": ["a"], "item": ["SOAP"], "source": [onhand.SUPPLIER], "quantity": [1]}, "to"),
    ({"key": ["a"], "item": ["SOAP"], "source": [onhand.SUPPLIER], "to": ["3PL-EAST"],
      "quantity": [1], "effective": [dt.datetime(2026, 1, 1)]}, "effective"),
    ({"key": [["a"]], "item": ["SOAP"], "source": [onhand.SUPPLIER], "to": ["3PL-EAST"],
      "quantity": [1]}, "key"),
])
def test_malformed_columns_are_refused_whole_and_change_nothing(inv, data, field):
    before = state(inv)
    with pytest.raises(onhand.MalformedInputError) as refused:
        inv.post_batch(data)
    assert refused.value.field == field
    assert state(inv) == before


def test_not_a_table(inv):
    with pytest.raises(onhand.MalformedInputError):
        inv.post_batch([1, 2, 3])
    with pytest.raises(onhand.MalformedInputError):
        inv.post_batch({"key": ["a"]}, key=["b"])


def test_an_empty_batch_posts_nothing(inv):
    before = state(inv)
    r = inv.post_batch({name: [] for name in ("key", "item", "source", "to", "quantity")})
    assert len(r.documents) == 0 and len(r.errors) == 0
    assert state(inv) == before


def test_a_quantity_beyond_the_range_is_a_row_error(inv):
    r = inv.post_batch({"key": ["a", "b"], "item": ["SOAP", "SOAP"],
                        "source": [onhand.SUPPLIER] * 2, "to": ["3PL-EAST"] * 2,
                        "quantity": np.array([2**62, 3], dtype=np.int64)})
    assert list(r.documents["status"]) == ["refused", "posted"]
    assert r.errors["code"].iloc[0] == "overflow"
    assert inv.balance("SOAP", "3PL-EAST") == 3


def test_a_migration_of_dated_history_in_one_call():
    inv = onhand.open(backdate_limit=None)
    inv.define_location("WH")
    inv.define_item("SKU")
    days = pd.date_range("2024-01-01", periods=730, freq="D", tz="UTC")
    frame = pd.DataFrame({
        "key": [f"m{i}" for i in range(2 * len(days))],
        "item": "SKU",
        "source": [onhand.SUPPLIER, "WH"] * len(days),
        "to": ["WH", onhand.CUSTOMER] * len(days),
        "quantity": [10, 7] * len(days),
        "effective": np.repeat(days, 2),
    })
    r = inv.post_batch(frame)
    assert r.refused == 0
    assert inv.balance("SKU", "WH") == 3 * len(days)
    inv.verify()
