# SPDX-License-Identifier: Apache-2.0
"""The ledger from Python: catalog, posting, balances, histories, errors."""
import datetime
from decimal import Decimal

import pandas as pd
import pytest

import onhand


@pytest.fixture
def inv():
    inv = onhand.open()
    for code in ("3PL-EAST", "3PL-WEST", "3PL-SOUTH"):
        inv.define_location(code)
    inv.define_location("EAST/A-01", parent="3PL-EAST")
    inv.define_item("SERUM-30ML", lot_tracked=True, shelf_life_days=540,
                    alternates={"case": 12, "pallet": ("40", "case")})
    inv.define_item("FLOUR", unit="kg", decimals=3)
    return inv


def test_receive_transfer_ship_and_balances(inv):
    posted = inv.receive("SERUM-30ML", 2, unit="case", to="EAST/A-01", lot="L2611",
                         expiry=datetime.date(2028, 5, 31), key="po-88/1")
    assert posted["document"] == 0 and not posted["replayed"]
    assert posted["recorded"].tzinfo is not None
    inv.transfer("SERUM-30ML", 4, source="EAST/A-01", to="3PL-WEST", lot="L2611", key="tr-7")
    inv.ship("SERUM-30ML", Decimal("3"), source="3PL-WEST", lot="L2611", key="so-1")
    assert inv.balance("SERUM-30ML", "EAST/A-01") == Decimal(20)
    assert inv.balance("SERUM-30ML", "EAST/A-01", lot="L2611") == Decimal(20)
    assert inv.balance("SERUM-30ML", "3PL-EAST") == 0
    assert inv.balance("SERUM-30ML", "3PL-EAST", within=True) == Decimal(20)
    assert inv.balance("SERUM-30ML") == Decimal(21)
    assert inv.balance("SERUM-30ML", onhand.CUSTOMER) == Decimal(3)
    assert isinstance(inv.balance("SERUM-30ML"), Decimal)
    inv.verify()


def test_exact_decimal_quantities(inv):
    inv.receive("FLOUR", Decimal("12.345"), to="3PL-EAST", key="po-1")
    inv.receive("FLOUR", "0.005", to="3PL-EAST", key="po-2")
    assert inv.balance("FLOUR", "3PL-EAST") == Decimal("12.35")
    with pytest.raises(onhand.PrecisionExceededError) as raised:
        inv.receive("FLOUR", Decimal("0.0001"), to="3PL-EAST", key="po-3")
    assert isinstance(raised.value, ValueError)
    with pytest.raises(onhand.MalformedInputError):
        inv.receive("FLOUR", 0.5, to="3PL-EAST", key="po-4")  # a float is not exact
    assert inv.balance("FLOUR", "3PL-EAST") == Decimal("12.35")


def test_insufficient_stock_carries_context_and_changes_nothing(inv):
    inv.receive("SERUM-30ML", 10, to="3PL-EAST", lot="L1", expiry="2028-01-01", key="po-1")
    before = inv.log_position
    with pytest.raises(onhand.InsufficientStockError) as raised:
        inv.ship("SERUM-30ML", 11, source="3PL-EAST", lot="L1", key="so-1")
    error = raised.value
    assert error.code == "insufficient_stock"
    assert error.kind == "failed_precondition"
    assert (error.item, error.location, error.lot) == ("SERUM-30ML", "3PL-EAST", "L1")
    assert (error.requested, error.available) == (Decimal(11), Decimal(10))
    assert error.document == "so-1"
    assert isinstance(error, onhand.Error)
    assert inv.log_position == before
    assert inv.balance("SERUM-30ML", "3PL-EAST") == 10


def test_retry_with_same_key_takes_effect_once(inv):
    first = inv.receive("FLOUR", 5, to="3PL-EAST", key="po-9")
    again = inv.receive("FLOUR", 5, to="3PL-EAST", key="po-9")
    assert again["replayed"] and again["document"] == first["document"]
    assert inv.balance("FLOUR", "3PL-EAST") == 5
    with pytest.raises(onhand.IdempotencyConflictError):
        inv.receive("FLOUR", 6, to="3PL-EAST", key="po-9")


def test_unknown_codes_are_lookup_errors(inv):
    with pytest.raises(onhand.UnknownCodeError) as raised:
        inv.receive("NOPE", 1, to="3PL-EAST", key="x")
    assert isinstance(raised.value, LookupError)
    assert raised.value.item == "NOPE"
    with pytest.raises(LookupError):
        inv.balance("FLOUR", "MOON")
    with pytest.raises(onhand.UnitMismatchError):
        inv.receive("FLOUR", 1, unit="case", to="3PL-EAST", key="y")


def test_bad_arguments_raise_typed_errors(inv):
    with pytest.raises(onhand.MalformedInputError):
        inv.define_location("X", kind="warehouse")
    with pytest.raises(onhand.MalformedInputError):
        inv.post([{"item": "FLOUR", "quantity": 1, "to": "3PL-EAST"}], key="k")  # no source
    with pytest.raises(onhand.MalformedInputError):
        inv.post(["not a dict"], key="k")
    with pytest.raises(onhand.MalformedInputError):
        inv.post([], key="k")
    with pytest.raises(onhand.MalformedInputError):
        inv.post([{"item": "FLOUR", "quantity": 1, "source": "3PL-EAST", "to": "3PL-WEST"}],
                 key="k", reason="teleport")
    with pytest.raises(onhand.MalformedInputError):
        inv.define_lot("SERUM-30ML", "L9", expiry="31/05/2028")
    with pytest.raises(onhand.DefinitionConflictError):
        inv.define_item("FLOUR", unit="kg", decimals=2)
    with pytest.raises(onhand.InvalidQuantityError):
        inv.transfer("FLOUR", 0, source="3PL-EAST", to="3PL-WEST", key="z")
    with pytest.raises(onhand.InvalidLocationError):
        inv.transfer("FLOUR", 1, source="3PL-EAST", to="3PL-EAST", key="same")
    with pytest.raises(onhand.MalformedInputError):
        inv.post([{"item": "FLOUR", "quantity": 1, "source": "3PL-EAST", "to": "3PL-WEST",
                   "lot": 5}], key="k")
    with pytest.raises(onhand.MalformedInputError):
        inv.define_item("SALT", shelf_life_days="forever")
    with pytest.raises(onhand.MalformedInputError):
        inv.define_item("SALT", alternates={"case": (12, 3)})
    with pytest.raises(onhand.MalformedInputError):
        inv.receive("FLOUR", None, to="3PL-EAST", key="none")
    with pytest.raises(onhand.MalformedInputError):
        inv.receive("FLOUR", Decimal("NaN"), to="3PL-EAST", key="nan")
    with pytest.raises(TypeError):
        inv.balance(42)
    # Four virtual and four internal locations, two items: nothing else.
    assert inv.log_position == 10


def test_adjust_scrap_and_reverse(inv):
    inv.adjust("FLOUR", 10, location="3PL-SOUTH", key="adj-1")
    inv.adjust("FLOUR", -2, location="3PL-SOUTH", key="adj-2")
    inv.scrap("FLOUR", 1, source="3PL-SOUTH", key="sc-1")
    assert inv.balance("FLOUR", "3PL-SOUTH") == 7
    assert inv.balance("FLOUR", onhand.INVENTORY_LOSS) == -8
    reversal = inv.reverse("sc-1", new_key="sc-1/rev")
    assert not reversal["replayed"]
    assert inv.balance("FLOUR", "3PL-SOUTH") == 8
    with pytest.raises(onhand.AlreadyReversedError):
        inv.reverse("sc-1", new_key="sc-1/rev2")


def test_back_dated_posting_and_balance_as_of(inv):
    now = datetime.datetime.now(datetime.timezone.utc)
    inv.receive("FLOUR", 10, to="3PL-EAST", key="po-1", effective=now - datetime.timedelta(days=3))
    inv.ship("FLOUR", 8, source="3PL-EAST", key="so-1", effective=now - datetime.timedelta(days=1))
    with pytest.raises(onhand.InsufficientStockError) as raised:
        inv.ship("FLOUR", 5, source="3PL-EAST", key="so-0", effective=now - datetime.timedelta(days=2))
    assert raised.value.available == 2
    assert inv.balance("FLOUR", "3PL-EAST", as_of=now - datetime.timedelta(days=2)) == 10
    assert inv.balance("FLOUR", as_of=now - datetime.timedelta(days=4)) == 0
    with pytest.raises(onhand.BackdateNotAllowedError):
        inv.receive("FLOUR", 1, to="3PL-EAST", key="old", effective=now - datetime.timedelta(days=90))


def test_position_and_history_frames(inv):
    now = datetime.datetime.now(datetime.timezone.utc)
    today = now.date()
    two_days_ago = now - datetime.timedelta(days=2)
    inv.receive("SERUM-30ML", 10, to="3PL-EAST", lot="OLD", expiry=today - datetime.timedelta(days=1),
                key="po-1", effective=two_days_ago)
    inv.receive("SERUM-30ML", 5, to="3PL-EAST", lot="NEW", expiry="2099-01-31", key="po-2",
                effective=two_days_ago)
    frame = inv.position("SERUM-30ML", day=today)
    assert isinstance(frame, pd.DataFrame)
    assert list(frame.columns) == onhand.POSITION_COLUMNS
    row = frame.iloc[0]
    assert (row["location"], row["kind"], row["on_hand"], row["quarantined"], row["available"]) == (
        "3PL-EAST", "internal", Decimal(15), Decimal(10), Decimal(5))
    inv.set_lot_status("SERUM-30ML", "NEW", "on_hold")
    # Yesterday OLD had not expired; NEW counts as on hold then too (a status is not dated).
    assert inv.position(day=today - datetime.timedelta(days=1)).iloc[0]["available"] == 10
    history = inv.history("SERUM-30ML", "3PL-EAST")
    assert list(history["balance"]) == [Decimal(10), Decimal(15)]
    assert list(history["lot"]) == ["OLD", "NEW"]
    assert list(history["reason"]) == ["receipt", "receipt"]
    by_location = inv.history(location="3PL-EAST")
    assert len(by_location) == 2
    with pytest.raises(onhand.InvalidParameterError):
        inv.history()


def test_shipping_an_expired_lot_is_refused(inv):
    inv.receive("SERUM-30ML", 3, to="3PL-EAST", lot="OLD", expiry="2020-01-31", key="po-1")
    with pytest.raises(onhand.LotExpiredError) as raised:
        inv.ship("SERUM-30ML", 1, source="3PL-EAST", lot="OLD", key="so-1")
    assert raised.value.lot == "OLD"
    inv.scrap("SERUM-30ML", 3, source="3PL-EAST", lot="OLD", key="sc-1")
    assert inv.balance("SERUM-30ML") == 0


def test_open_with_no_backdate_limit_loads_years_of_history():
    inv = onhand.open(backdate_limit=None)
    inv.define_location("WH")
    inv.define_item("SOAP")
    two_years_ago = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(days=730)
    inv.receive("SOAP", 10, to="WH", key="legacy-1", effective=two_years_ago)
    inv.ship("SOAP", 4, source="WH", key="legacy-2",
             effective=two_years_ago + datetime.timedelta(days=1))
    assert inv.balance("SOAP", "WH") == 6
    assert inv.balance("SOAP", "WH", as_of=two_years_ago) == 10
    inv.verify()


def test_open_keeps_the_default_window_and_takes_limits():
    now = datetime.datetime.now(datetime.timezone.utc)
    inv = onhand.open()
    inv.define_location("WH")
    inv.define_item("SOAP")
    with pytest.raises(onhand.BackdateNotAllowedError) as raised:
        inv.receive("SOAP", 1, to="WH", key="k1", effective=now - datetime.timedelta(days=32))
    assert "31 days" in str(raised.value)
    with pytest.raises(onhand.BackdateNotAllowedError):
        inv.receive("SOAP", 1, to="WH", key="k2", effective=now + datetime.timedelta(hours=1))
    inv = onhand.open(backdate_limit=datetime.timedelta(days=400), future_limit=None)
    inv.define_location("WH")
    inv.define_item("SOAP")
    inv.receive("SOAP", 1, to="WH", key="k1", effective=now - datetime.timedelta(days=399))
    inv.receive("SOAP", 1, to="WH", key="k2", effective=now + datetime.timedelta(days=3650))
    with pytest.raises(onhand.BackdateNotAllowedError):
        inv.receive("SOAP", 1, to="WH", key="k3", effective=now - datetime.timedelta(days=401))
    with pytest.raises(onhand.InvalidParameterError):
        onhand.open(backdate_limit=datetime.timedelta(days=-1))
    with pytest.raises(onhand.MalformedInputError):
        onhand.open(future_limit=5)


def test_a_clock_gives_the_recorded_time():
    ticks = [datetime.datetime(2024, 3, 1, 12, 0, tzinfo=datetime.timezone.utc)]
    inv = onhand.open(clock=lambda: ticks[0])
    inv.define_location("WH")
    inv.define_item("SOAP")
    posted = inv.receive("SOAP", 5, to="WH", key="po-1")
    assert posted["recorded"] == datetime.datetime(2024, 3, 1, 12, 0, tzinfo=datetime.timezone.utc)
    assert posted["effective"] == posted["recorded"]
    ticks[0] = datetime.datetime(2024, 3, 20, tzinfo=datetime.timezone.utc)
    inv.ship("SOAP", 2, source="WH", key="so-1",
             effective=datetime.datetime(2024, 3, 2, tzinfo=datetime.timezone.utc))
    with pytest.raises(onhand.BackdateNotAllowedError):
        inv.ship("SOAP", 1, source="WH", key="so-2",
                 effective=datetime.datetime(2024, 2, 1, tzinfo=datetime.timezone.utc))
    assert inv.balance("SOAP", "WH") == 3
    inv.verify()


def test_a_failing_clock_is_a_typed_error_and_posts_nothing():
    def broken():
        raise RuntimeError("no time server")

    inv = onhand.open(clock=broken)
    inv.define_location("WH")
    inv.define_item("SOAP")
    before = inv.log_position
    with pytest.raises(onhand.InvalidParameterError) as raised:
        inv.receive("SOAP", 1, to="WH", key="po-1")
    assert raised.value.field == "clock"
    assert "no time server" in str(raised.value)
    inv = onhand.open(clock=lambda: "yesterday")
    inv.define_location("WH")
    inv.define_item("SOAP")
    with pytest.raises(onhand.MalformedInputError):
        inv.receive("SOAP", 1, to="WH", key="po-1")
    assert inv.log_position == before
    assert inv.balance("SOAP", "WH") == 0
    with pytest.raises(onhand.MalformedInputError):
        onhand.open(clock=42)


def test_unit_factors_are_exact_decimals_or_fractions():
    inv = onhand.open()
    inv.define_location("WH")
    inv.define_item("FLOUR", unit="kg", decimals=3,
                    alternates={"lb": Decimal("0.45359237"), "oz": ("1/16", "lb"),
                                "sack": "25", "tonne": Decimal("1E+3")})
    # The same factors given as a fraction and as text: the same definition, a no-op.
    inv.define_item("FLOUR", unit="kg", decimals=3,
                    alternates={"lb": "45359237/100000000", "oz": ("1/16", "lb"),
                                "sack": 25, "tonne": "1000.000"})
    before = inv.log_position
    inv.receive("FLOUR", 100000, unit="lb", to="WH", key="po-1")
    assert inv.balance("FLOUR", "WH") == Decimal("45359.237")
    inv.receive("FLOUR", 1600000, unit="oz", to="WH", key="po-2")  # 100000 lb
    inv.receive("FLOUR", 2, unit="tonne", to="WH", key="po-3")
    inv.receive("FLOUR", 1, unit="sack", to="WH", key="po-4")
    assert inv.balance("FLOUR", "WH") == Decimal("92743.474")
    with pytest.raises(onhand.PrecisionExceededError):
        inv.receive("FLOUR", 1, unit="lb", to="WH", key="po-5")  # 0.45359237 kg: 3 decimals only
    assert inv.log_position == before + 4
    inv.verify()


@pytest.mark.parametrize("factor, error", [
    (0.45359237, onhand.MalformedInputError),     # a float is not exact
    (True, onhand.MalformedInputError),
    ("1/0", onhand.InvalidQuantityError),
    ("0", onhand.InvalidQuantityError),
    (-2, onhand.InvalidQuantityError),
    (Decimal("-0.5"), onhand.InvalidQuantityError),
    ("1/-2", onhand.MalformedInputError),
    ("a/b", onhand.MalformedInputError),
    ("1.5/2", onhand.MalformedInputError),
    ("twelve", onhand.MalformedInputError),
    (Decimal("NaN"), onhand.MalformedInputError),
    ("0.1234567890123456789", onhand.OverflowError),
    (None, onhand.MalformedInputError),
])
def test_bad_unit_factors_are_typed_errors(factor, error):
    inv = onhand.open()
    before = inv.log_position
    with pytest.raises(error):
        inv.define_item("FLOUR", unit="kg", decimals=3, alternates={"lb": factor})
    assert inv.log_position == before
    assert inv.items() == []


def test_a_lot_on_an_untracked_item_is_a_tracking_mismatch(inv):
    before = inv.log_position
    with pytest.raises(onhand.TrackingMismatchError) as raised:
        inv.receive("FLOUR", 1, to="3PL-EAST", lot="L1", key="po-1")
    assert (raised.value.item, raised.value.lot) == ("FLOUR", "L1")
    with pytest.raises(onhand.UnknownCodeError):  # unknown codes rank higher
        inv.receive("FLOUR", 1, to="MOON", lot="L1", key="po-1")
    with pytest.raises(onhand.UnknownCodeError):  # a tracked item's undefined lot
        inv.post([{"item": "SERUM-30ML", "quantity": 1, "source": onhand.SUPPLIER,
                   "to": "3PL-EAST", "lot": "L404"}], key="po-1")
    assert inv.log_position == before
    assert inv.balance("FLOUR") == 0


def test_a_reused_key_is_a_conflict_whatever_else_is_wrong(inv):
    inv.receive("FLOUR", 5, to="3PL-EAST", key="po-9")
    before = inv.log_position
    with pytest.raises(onhand.IdempotencyConflictError):
        inv.receive("NOPE", 5, to="3PL-EAST", key="po-9")      # unknown item
    with pytest.raises(onhand.IdempotencyConflictError):
        inv.receive("FLOUR", 5, to="3PL-EAST", lot="L1", key="po-9")  # untracked item
    with pytest.raises(onhand.IdempotencyConflictError):
        inv.ship("FLOUR", 50, source="3PL-EAST", key="po-9")    # not enough stock
    with pytest.raises(onhand.MalformedInputError):             # unreadable input ranks higher
        inv.post([], key="po-9")
    with pytest.raises(onhand.IdempotencyConflictError):
        inv.reverse("never-posted", new_key="po-9")
    assert inv.log_position == before
    assert inv.receive("FLOUR", 5, to="3PL-EAST", key="po-9")["replayed"]


def test_redefining_a_virtual_location_with_allow_negative_is_a_no_op():
    inv = onhand.open()
    before = inv.log_position
    inv.define_location(onhand.SCRAP, kind="scrap", allow_negative=True)
    inv.define_location(onhand.SUPPLIER, kind="supplier", allow_negative=True)
    assert inv.log_position == before
    with pytest.raises(onhand.DefinitionConflictError):
        inv.define_location(onhand.SCRAP, kind="customer")
    inv.define_location("WH")
    with pytest.raises(onhand.DefinitionConflictError):
        inv.define_location("WH", allow_negative=True)
    assert inv.log_position == before + 1


def test_totals_keep_on_hand_in_transit_and_owned_apart(inv):
    inv.define_location("TRUCK", kind="transit")
    inv.receive("SERUM-30ML", 10, to="EAST/A-01", lot="L1", expiry="2099-01-01", key="po-1")
    inv.receive("SERUM-30ML", 4, to="3PL-WEST", lot="L2", expiry="2099-01-01", key="po-2")
    inv.transfer("SERUM-30ML", 3, source="EAST/A-01", to="TRUCK", lot="L1", key="tr-1")
    inv.ship("SERUM-30ML", 1, source="3PL-WEST", lot="L2", key="so-1")
    assert inv.totals("SERUM-30ML") == {"on_hand": 10, "in_transit": 3, "owned": 13}
    assert inv.totals("SERUM-30ML", lot="L1") == {"on_hand": 7, "in_transit": 3, "owned": 10}
    assert all(isinstance(v, Decimal) for v in inv.totals("SERUM-30ML").values())
    assert inv.balance("SERUM-30ML") == 10            # on hand: internal locations only
    assert inv.balance("SERUM-30ML", lot="L2") == 3
    assert inv.balance("SERUM-30ML", "TRUCK") == 3
    with pytest.raises(onhand.TrackingMismatchError):
        inv.totals("FLOUR", lot="L1")
    with pytest.raises(onhand.UnknownCodeError):
        inv.totals("SERUM-30ML", lot="L404")
    with pytest.raises(onhand.InvalidParameterError):
        inv.balance("SERUM-30ML", within=True)


def test_subtree_lot_and_total_balances_as_of_match_a_sum_over_history():
    import random
    rng = random.Random(20261205)
    inv = onhand.open(backdate_limit=None)
    for code, parent in (("EAST", None), ("EAST/A", "EAST"), ("EAST/A-01", "EAST/A"),
                         ("WEST", None)):
        inv.define_location(code, parent=parent)
    inv.define_location("TRUCK", kind="transit")
    inv.define_item("SERUM", lot_tracked=True)
    for lot in ("L1", "L2"):
        inv.define_lot("SERUM", lot)
    physical = ["EAST", "EAST/A", "EAST/A-01", "WEST", "TRUCK"]
    start = datetime.datetime(2025, 1, 1, tzinfo=datetime.timezone.utc)
    times = []
    for n in range(150):
        effective = start + datetime.timedelta(hours=rng.randrange(24 * 300))
        times.append(effective)
        source = rng.choice([onhand.SUPPLIER] * 2 + physical)
        to = rng.choice([loc for loc in physical + [onhand.CUSTOMER] if loc != source])
        try:
            inv.transfer("SERUM", rng.randrange(1, 9), source=source, to=to,
                         lot=rng.choice(["L1", "L2"]), key=f"d{n}", effective=effective)
        except onhand.InsufficientStockError:
            pass
    rows = inv._history("SERUM")  # (effective, recorded, document, key, reason, item, location, lot, delta, ...)

    def brute(locations, lot, t):
        return sum((r[8] for r in rows
                    if r[6] in locations and (lot is None or r[7] == lot) and (t is None or r[0] <= t)),
                   Decimal(0))

    subtrees = {"EAST": {"EAST", "EAST/A", "EAST/A-01"}, "EAST/A": {"EAST/A", "EAST/A-01"},
                "WEST": {"WEST"}}
    for t in [None, start] + rng.sample(times, 30):
        for lot in (None, "L1", "L2"):
            for root, members in subtrees.items():
                assert inv.balance("SERUM", root, within=True, lot=lot, as_of=t) == brute(
                    members, lot, t)
            totals = inv.totals("SERUM", lot=lot, as_of=t)
            internal = {"EAST", "EAST/A", "EAST/A-01", "WEST"}
            assert totals["on_hand"] == brute(internal, lot, t)
            assert totals["in_transit"] == brute({"TRUCK"}, lot, t)
            assert totals["owned"] == brute(internal | {"TRUCK"}, lot, t)
            assert inv.balance("SERUM", lot=lot, as_of=t) == totals["on_hand"]
    inv.verify()


def test_a_posting_back_dated_into_an_instant_comes_after_each_posting_there():
    monday = datetime.datetime(2026, 11, 23, 12, tzinfo=datetime.timezone.utc)
    clock = [monday + datetime.timedelta(days=1)]
    inv = onhand.open(clock=lambda: clock[0])
    inv.define_location("3PL-EAST")
    inv.define_item("SOAP")
    inv.receive("SOAP", 5, to="3PL-EAST", key="po-0", effective=monday - datetime.timedelta(days=1))
    inv.ship("SOAP", 5, source="3PL-EAST", key="so-1", effective=monday)
    inv.receive("SOAP", 5, to="3PL-EAST", key="po-1", effective=monday)
    clock[0] = monday + datetime.timedelta(days=2)
    inv.ship("SOAP", 3, source="3PL-EAST", key="so-2", effective=monday)  # after the receipt: 5
    with pytest.raises(onhand.InsufficientStockError) as raised:
        inv.ship("SOAP", 3, source="3PL-EAST", key="so-3", effective=monday)
    assert raised.value.available == 2
    assert [row[3] for row in inv._history("SOAP", "3PL-EAST")] == ["po-0", "so-1", "po-1", "so-2"]
    inv.verify()


def test_native_rows_for_the_totals_and_position_frames(inv):
    inv.define_location("TRUCK", kind="transit")
    inv.receive("FLOUR", 10, to="3PL-EAST", key="po-1")
    inv.transfer("FLOUR", 4, source="3PL-EAST", to="TRUCK", key="tr-1")
    assert inv._totals() == [("SERUM-30ML", 0, 0, 0), ("FLOUR", 6, 4, 10)]
    assert inv._totals("FLOUR", as_of=datetime.datetime(2000, 1, 1, tzinfo=datetime.timezone.utc)) == [("FLOUR", 0, 0, 0)]
    kinds = inv._location_kinds()
    assert kinds["TRUCK"] == "transit" and kinds["3PL-EAST"] == "internal"
    assert kinds[onhand.SUPPLIER] == "supplier"


def _clock_at(moment):
    """An inventory clock that reads ``moment[0]`` (a test moves it)."""
    return lambda: moment[0]


def test_position_is_the_position_as_of_the_end_of_that_day():
    utc = datetime.timezone.utc
    moment = [datetime.datetime(2026, 3, 1, 10, tzinfo=utc)]
    inv = onhand.open(clock=_clock_at(moment))
    inv.define_location("3PL-EAST")
    inv.define_item("SERUM", lot_tracked=True)
    # 03-01 10:00 +10 of A (expires 03-05); 03-02 23:59:59.999999 +4 of B;
    # 03-03 00:00 -3 of A; recorded 03-04, effective 03-02 08:00: +1 of B.
    inv.receive("SERUM", 10, to="3PL-EAST", lot="A", expiry="2026-03-05", key="po-1")
    moment[0] = datetime.datetime(2026, 3, 2, 23, 59, 59, 999999, tzinfo=utc)
    inv.receive("SERUM", 4, to="3PL-EAST", lot="B", expiry="2027-01-01", key="po-2")
    moment[0] = datetime.datetime(2026, 3, 3, tzinfo=utc)
    inv.ship("SERUM", 3, source="3PL-EAST", lot="A", key="so-1")
    moment[0] = datetime.datetime(2026, 3, 4, 9, tzinfo=utc)
    inv.receive("SERUM", 1, to="3PL-EAST", lot="B", key="po-3",
                effective=datetime.datetime(2026, 3, 2, 8, tzinfo=utc))

    def row(day):
        frame = inv.position("SERUM", day=day, exact=True)
        if frame.empty:
            return None
        r = frame.iloc[0]
        return (r["on_hand"], r["quarantined"], r["available"])

    assert row("2026-02-28") is None                # nothing had moved yet
    assert row("2026-03-01") == (10, 0, 10)
    assert row("2026-03-02") == (15, 0, 15)         # 10 A + 4 B + 1 B back-dated
    assert row("2026-03-03") == (12, 0, 12)         # the shipment at midnight counts from the 3rd
    assert row("2026-03-05") == (12, 0, 12)         # A expires on the 5th: usable that day
    assert row("2026-03-06") == (12, 7, 5)          # 7 of A expired
    inv.set_lot_status("SERUM", "B", "on_hold")     # not dated: counts on past days too
    assert row("2026-03-02") == (15, 5, 10)


def test_insufficient_stock_names_each_short_line_and_its_amount(inv):
    inv.receive("FLOUR", 7, to="3PL-EAST", key="po-1")
    inv.receive("FLOUR", 3, to="3PL-WEST", key="po-2")
    inv.receive("SERUM-30ML", 24, to="3PL-EAST", lot="L1", expiry="2028-01-01", key="po-3")
    before = inv.log_position
    line = {"item": "FLOUR", "source": "3PL-EAST", "to": onhand.CUSTOMER}
    with pytest.raises(onhand.InsufficientStockError) as raised:
        inv.post([dict(line, quantity=5),
                  {"item": "FLOUR", "quantity": 1, "source": "3PL-WEST", "to": "3PL-EAST"},
                  {"item": "SERUM-30ML", "quantity": 1, "unit": "case", "lot": "L1",
                   "source": "3PL-EAST", "to": onhand.CUSTOMER},
                  dict(line, quantity="4")], key="so-1", reason="shipment")
    error = raised.value
    # East: -5 + 1 - 4 = -8 against 7; lines 0 and 3 take from it.
    assert (error.item, error.location, error.requested, error.available) == (
        "FLOUR", "3PL-EAST", 8, 7)
    assert error.line == 0
    assert error.lines == [{"line": 0, "requested": Decimal(5), "available": Decimal(7)},
                           {"line": 3, "requested": Decimal(4), "available": Decimal(7)}]
    assert "line 0 takes 5, line 3 takes 4" in str(error)
    assert inv.log_position == before
    # In another unit: the amounts are in the base unit (a case is 12).
    with pytest.raises(onhand.InsufficientStockError) as raised:
        inv.post([{"item": "SERUM-30ML", "quantity": 1, "unit": "case", "lot": "L1",
                   "source": "3PL-EAST", "to": onhand.CUSTOMER},
                  {"item": "SERUM-30ML", "quantity": 2, "unit": "case", "lot": "L1",
                   "source": "3PL-EAST", "to": "3PL-WEST"}], key="so-2")
    assert raised.value.lines == [{"line": 0, "requested": 12, "available": 24},
                                  {"line": 1, "requested": 24, "available": 24}]
    # Other errors have no lines.
    with pytest.raises(onhand.UnknownCodeError) as raised:
        inv.ship("NOPE", 1, source="3PL-EAST", key="so-3")
    assert raised.value.lines == []


@pytest.mark.parametrize("bad, error", [
    ({"quantity": 1.5}, onhand.MalformedInputError),
    ({"quantity": "1.1234567"}, onhand.PrecisionExceededError),
    ({"quantity": None}, onhand.MalformedInputError),
    ({"item": None}, onhand.MalformedInputError),
    ({"item": b"FLOUR"}, onhand.MalformedInputError),
    ({"item": "\ud800"}, onhand.MalformedInputError),
    ({"source": 5}, onhand.MalformedInputError),
    ({"lot": "\ud800"}, onhand.MalformedInputError),
    ({"units": "kg"}, onhand.MalformedInputError),
    ({1: "x"}, onhand.MalformedInputError),
    ({"item": "NOPE"}, onhand.UnknownCodeError),
    ({"unit": "case"}, onhand.UnitMismatchError),
])
def test_a_line_error_carries_its_line_index(inv, bad, error):
    inv.receive("FLOUR", 10, to="3PL-EAST", key="po-1")
    before = inv.log_position
    lines = [{"item": "FLOUR", "quantity": 1, "source": "3PL-EAST", "to": "3PL-WEST"}
             for _ in range(6)]
    lines[5].update(bad)
    with pytest.raises(error) as raised:
        inv.post(lines, key="tr-1")
    assert raised.value.line == 5
    assert inv.log_position == before


def test_a_missing_quantity_or_a_line_that_is_not_a_dict_names_the_line(inv):
    with pytest.raises(onhand.MalformedInputError) as raised:
        inv.post([{"item": "FLOUR", "quantity": 1, "source": "3PL-EAST", "to": "3PL-WEST"},
                  {"item": "FLOUR", "source": "3PL-EAST", "to": "3PL-WEST"}], key="tr-1")
    assert (raised.value.line, raised.value.field) == (1, "quantity")
    with pytest.raises(onhand.MalformedInputError) as raised:
        inv.post([{"item": "FLOUR", "quantity": 1, "source": "3PL-EAST", "to": "3PL-WEST"},
                  "FLOUR"], key="tr-1")
    assert raised.value.line == 1


@pytest.mark.parametrize("change, error", [
    ({"quantity": 0}, onhand.InvalidQuantityError),
    ({"quantity": 1.5}, onhand.MalformedInputError),
    ({"quantity": "0.5"}, onhand.PrecisionExceededError),
    ({"to": "NOWHERE"}, onhand.UnknownCodeError),
    ({"source": "3PL-EAST", "to": "3PL-EAST"}, onhand.InvalidLocationError),
    ({"unit": "crate"}, onhand.UnitMismatchError),
    ({"key": ""}, onhand.MalformedInputError),
    ({"effective": "yesterday"}, onhand.MalformedInputError),
    ({"item": "FLOUR"}, onhand.TrackingMismatchError),
    ({"item": "NOPE"}, onhand.UnknownCodeError),
])
def test_a_refused_receipt_leaves_no_lot_behind(inv, change, error):
    before = inv.log_position
    arguments = {"item": "SERUM-30ML", "quantity": 1, "to": "3PL-EAST", "key": "po-1",
                 "lot": "L9", "expiry": "2028-01-01"}
    arguments.update(change)
    item, quantity = arguments.pop("item"), arguments.pop("quantity")
    with pytest.raises(error) as raised:
        inv.receive(item, quantity, **arguments)
    if error is not onhand.MalformedInputError:  # an argument's form is not the line's
        assert raised.value.line == 0
    assert inv.log_position == before
    with pytest.raises(onhand.UnknownCodeError):
        inv.balance("SERUM-30ML", lot="L9")


def test_a_receipt_under_a_taken_key_defines_no_lot(inv):
    inv.receive("SERUM-30ML", 1, to="3PL-EAST", key="po-1", lot="L1", expiry="2028-01-01")
    before = inv.log_position
    with pytest.raises(onhand.IdempotencyConflictError):
        inv.receive("SERUM-30ML", 1, to="3PL-EAST", key="po-1", lot="L9", expiry="2028-01-01")
    assert inv.log_position == before
    # The same receipt again replays, and the lot stays as it was.
    assert inv.receive("SERUM-30ML", 1, to="3PL-EAST", key="po-1", lot="L1",
                       expiry="2028-01-01")["replayed"]


def test_a_receipt_refused_by_the_posting_alone_leaves_its_lot(inv):
    # Documented: the back-dating window is the posting's to judge, after the lot is defined.
    before = inv.log_position
    with pytest.raises(onhand.BackdateNotAllowedError):
        inv.receive("SERUM-30ML", 1, to="3PL-EAST", key="po-1", lot="L9", expiry="2028-01-01",
                    effective="2000-01-01T00:00:00Z")
    assert inv.log_position == before + 1  # the lot's definition, no stock
    assert inv.balance("SERUM-30ML", lot="L9") == 0
