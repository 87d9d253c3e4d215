# SPDX-License-Identifier: Apache-2.0
"""DataFrames: numeric quantity columns by default, exact Decimals on request."""
import datetime
from decimal import Decimal

import pytest

import onhand

pd = pytest.importorskip("pandas")


@pytest.fixture
def inv():
    # Recorded (and effective) on 2026-01-15: positions as of later days see it all.
    inv = onhand.open(clock=lambda: datetime.datetime(2026, 1, 15, 9, tzinfo=datetime.timezone.utc))
    for code in ("3PL-EAST", "3PL-WEST"):
        inv.define_location(code)
    inv.define_item("SERUM-30ML", lot_tracked=True)
    inv.define_item("FLOUR", unit="kg", decimals=3)
    inv.receive("FLOUR", Decimal("12.345"), to="3PL-EAST", key="po-1")
    inv.transfer("FLOUR", Decimal("0.005"), source="3PL-EAST", to="3PL-WEST", key="tr-1")
    inv.receive("SERUM-30ML", 10, to="3PL-EAST", lot="OLD", expiry="2026-01-31", key="po-2")
    inv.receive("SERUM-30ML", 5, to="3PL-EAST", lot="NEW", expiry="2099-01-31", key="po-3")
    return inv


def test_position_quantities_are_float64_by_default(inv):
    frame = inv.position(day=datetime.date(2026, 2, 1))
    for column in onhand.POSITION_QUANTITIES:
        assert frame[column].dtype == "float64", column
    assert frame["item"].dtype == object
    serum = frame[frame["item"] == "SERUM-30ML"].iloc[0]
    assert (serum["on_hand"], serum["quarantined"], serum["available"]) == (15.0, 10.0, 5.0)
    flour = frame[frame["item"] == "FLOUR"].set_index("location")["on_hand"]
    assert flour["3PL-EAST"] == 12.34 and flour["3PL-WEST"] == 0.005
    assert frame["on_hand"].describe()["count"] == 3
    assert (frame["on_hand"] - frame["available"]).sum() == 10.0


def test_position_exact_keeps_decimals(inv):
    frame = inv.position("FLOUR", exact=True)
    assert list(frame.columns) == onhand.POSITION_COLUMNS
    assert list(frame["on_hand"]) == [Decimal("12.34"), Decimal("0.005")]
    assert all(type(value) is Decimal for value in frame["on_hand"])
    assert frame["on_hand"].sum() == inv.balance("FLOUR")


def test_history_quantities_are_float64_by_default_and_exact_on_request(inv):
    history = inv.history("FLOUR", "3PL-EAST")
    assert history["quantity"].dtype == "float64"
    assert history["balance"].dtype == "float64"
    assert list(history["balance"]) == [12.345, 12.34]
    assert str(history["effective"].dtype).startswith("datetime64")
    exact = inv.history("FLOUR", "3PL-EAST", exact=True)
    assert list(exact["quantity"]) == [Decimal("12.345"), Decimal("-0.005")]


def test_an_empty_frame_keeps_its_dtypes(inv):
    inv.define_item("SALT")
    assert inv.position("SALT")["on_hand"].dtype == "float64"
    assert inv.history("SALT")["balance"].dtype == "float64"
    assert list(inv.position("SALT").columns) == onhand.POSITION_COLUMNS


def test_exact_must_be_a_bool(inv):
    with pytest.raises(onhand.MalformedInputError) as raised:
        inv.position(exact="yes")
    assert raised.value.field == "exact"


def test_scalar_calls_stay_exact(inv):
    assert inv.balance("FLOUR", "3PL-WEST") == Decimal("0.005")
    assert type(inv.balance("FLOUR", "3PL-WEST")) is Decimal


def test_lots_view_per_lot_and_location(inv):
    inv.define_location("3PL-EAST/QC", parent="3PL-EAST")
    inv.transfer("SERUM-30ML", 2, source="3PL-EAST", to="3PL-WEST", lot="NEW", key="tr-2")
    inv.define_lot("SERUM-30ML", "UNDATED")
    inv.receive("SERUM-30ML", 1, to="3PL-WEST", lot="UNDATED", key="po-4")
    inv.set_lot_status("SERUM-30ML", "NEW", "on_hold")
    day = datetime.date(2026, 2, 1)
    lots = inv.lots(day=day)
    new_left = (datetime.date(2099, 1, 31) - day).days
    assert list(lots.columns) == onhand.LOT_COLUMNS
    assert lots["quantity"].dtype == "float64"
    assert str(lots["days_to_expiry"].dtype) == "Int64"
    rows = [tuple(row) for row in lots.astype(object).where(lots.notna(), None).itertuples(
        index=False)]
    assert rows == [
        ("SERUM-30ML", "3PL-EAST", "OLD", 10.0, datetime.date(2026, 1, 31), "expired", -1),
        ("SERUM-30ML", "3PL-EAST", "NEW", 3.0, datetime.date(2099, 1, 31), "on_hold", new_left),
        ("SERUM-30ML", "3PL-WEST", "NEW", 2.0, datetime.date(2099, 1, 31), "on_hold", new_left),
        ("SERUM-30ML", "3PL-WEST", "UNDATED", 1.0, None, "available", None),
    ]
    # FLOUR has no lots: it is in position(), not here.
    assert "FLOUR" not in set(lots["item"])


def test_lots_filters_and_exact(inv):
    inv.transfer("SERUM-30ML", 10, source="3PL-EAST", to="3PL-WEST", lot="OLD", key="tr-2")
    west = inv.lots("SERUM-30ML", "3PL-WEST", day="2026-01-01", exact=True)
    assert list(west["lot"]) == ["OLD"]
    assert list(west["quantity"]) == [Decimal(10)]
    assert list(west["status"]) == ["available"]
    assert list(west["days_to_expiry"]) == [30]
    # A lot whose stock left the location is no row there.
    assert list(inv.lots(location="3PL-EAST")["lot"]) == ["NEW"]
    assert inv.lots("FLOUR").empty


def test_lots_bad_arguments_are_typed_errors(inv):
    before = inv.log_position
    with pytest.raises(onhand.UnknownCodeError):
        inv.lots("NOPE")
    with pytest.raises(onhand.UnknownCodeError):
        inv.lots(location="MOON")
    with pytest.raises(onhand.MalformedInputError) as raised:
        inv.lots(day="01/02/2026")
    assert raised.value.field == "day"
    with pytest.raises(onhand.MalformedInputError) as raised:
        inv.lots(lot="OLD")
    assert raised.value.field == "lot"
    assert inv.log_position == before


def test_position_kind_tells_on_hand_from_in_transit(inv):
    inv.define_location("TRUCK", kind="transit")
    inv.transfer("FLOUR", 2, source="3PL-EAST", to="TRUCK", key="tr-2")
    frame = inv.position("FLOUR", day="2026-02-01").set_index("location")
    assert list(frame["kind"]) == ["internal", "internal", "transit"]
    assert frame.loc["TRUCK", "on_hand"] == 2.0
    # The item's totals: on hand at internal locations, in transit apart, owned both.
    internal = frame[frame["kind"] == "internal"]["on_hand"].sum()
    assert internal == pytest.approx(10.345)
    totals = inv.item_totals("FLOUR", exact=True).iloc[0]
    assert list(inv.item_totals().columns) == onhand.TOTALS_COLUMNS
    assert (totals["item"], totals["on_hand"], totals["in_transit"], totals["owned"]) == (
        "FLOUR", Decimal("10.345"), Decimal("2"), Decimal("12.345"))
    assert totals["owned"] == inv.balance("FLOUR") + inv.balance("FLOUR", "TRUCK")


def test_item_totals_frame_is_float64_by_default_and_as_of_a_time(inv):
    frame = inv.item_totals()
    assert list(frame["item"]) == ["SERUM-30ML", "FLOUR"]
    for column in onhand.TOTALS_QUANTITIES:
        assert frame[column].dtype == "float64", column
    before = inv.item_totals(as_of=datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc))
    assert list(before["owned"]) == [0.0, 0.0]
