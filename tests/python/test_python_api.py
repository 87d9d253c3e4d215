# SPDX-License-Identifier: Apache-2.0
"""The Python skin: argument checking, accepted value types, messages, repr."""
import inspect

import pytest

import onhand


@pytest.fixture
def inv():
    inv = onhand.open()
    for code in ("3PL-EAST", "3PL-WEST"):
        inv.define_location(code)
    inv.define_item("SERUM-30ML", lot_tracked=True, shelf_life_days=540,
                    alternates={"case": 12})
    inv.define_item("FLOUR", unit="kg", decimals=3)
    inv.receive("FLOUR", 10, to="3PL-EAST", key="po-1")
    return inv


def line(**fields):
    return {"item": "FLOUR", "quantity": 1, "source": "3PL-EAST", "to": "3PL-WEST", **fields}


def test_an_unknown_line_key_is_refused_naming_it(inv):
    before = inv.log_position
    with pytest.raises(onhand.MalformedInputError) as raised:
        inv.post([line(), line(units="case")], key="tr-1")
    assert raised.value.field == "units"
    assert raised.value.line == 1
    assert "'units'" in str(raised.value)
    assert inv.log_position == before
    assert inv.balance("FLOUR", "3PL-WEST") == 0


def test_known_line_keys_post(inv):
    inv.post([line(unit="kg", lot=None)], key="tr-1")
    assert inv.balance("FLOUR", "3PL-WEST") == 1


@pytest.mark.parametrize("call", [
    lambda inv: inv.receive("FLOUR", 1, to="3PL-EAST", key="k", units="case"),
    lambda inv: inv.post([line()], key="k", effective_time="2026-01-01T00:00:00Z"),
    lambda inv: inv.balance("FLOUR", "3PL-EAST", asof="2026-01-01T00:00:00Z"),
    lambda inv: inv.define_item("SALT", shelf_life=30),
    lambda inv: inv.position(itme="FLOUR"),
    lambda inv: inv.history("FLOUR", loc="3PL-EAST"),
    lambda inv: onhand.extend(1, 2, round="up"),
])
def test_an_unknown_keyword_is_malformed_input_naming_it(inv, call):
    before = inv.log_position
    with pytest.raises(onhand.MalformedInputError) as raised:
        call(inv)
    assert raised.value.code == "malformed_input"
    assert raised.value.field in str(raised.value)
    assert "has no argument" in str(raised.value)
    assert "incompatible function arguments" not in str(raised.value)
    assert inv.log_position == before


def test_a_wrong_argument_type_is_malformed_input_naming_the_argument(inv):
    before = inv.log_position
    with pytest.raises(onhand.MalformedInputError) as raised:
        inv.receive(42, 1, to="3PL-EAST", key="k")
    assert raised.value.field == "item"
    assert str(raised.value) == "receive(): item must be a str, not int"
    # Still a TypeError for Python code that catches one.
    assert isinstance(raised.value, TypeError)
    with pytest.raises(onhand.MalformedInputError) as raised:
        inv.ship("FLOUR", 1, source=["3PL-EAST"], key="k")
    assert raised.value.field == "source"
    with pytest.raises(onhand.MalformedInputError) as raised:
        inv.define_item("SALT", gtins={"09506000134352": 1})
    assert raised.value.field == "gtins"
    with pytest.raises(onhand.MalformedInputError) as raised:
        inv.position(item=3)
    assert raised.value.field == "item"
    assert "incompatible" not in str(raised.value)
    assert inv.log_position == before
    assert "SALT" not in inv.items()


def test_a_missing_argument_is_malformed_input_naming_it(inv):
    with pytest.raises(onhand.MalformedInputError) as raised:
        inv.receive("FLOUR", 1, to="3PL-EAST")
    assert raised.value.field == "key"
    with pytest.raises(onhand.MalformedInputError) as raised:
        inv.receive("FLOUR", 1, "3PL-EAST", key="k")
    assert "by keyword" in str(raised.value)


def test_native_methods_have_signatures(inv):
    parameters = inspect.signature(inv.receive).parameters
    assert list(parameters)[:4] == ["item", "quantity", "to", "key"]
    assert parameters["source"].default == onhand.SUPPLIER
    assert parameters["to"].kind is inspect.Parameter.KEYWORD_ONLY
    assert list(inspect.signature(onhand.extend).parameters) == ["amount", "unit_price",
                                                                 "rounding"]


def test_numpy_integers_are_ints(inv):
    np = pytest.importorskip("numpy")
    inv.define_item("SALT", decimals=np.int64(2), shelf_life_days=np.int32(30))
    inv.receive("SALT", np.int64(5), to="3PL-EAST", key="po-2")
    inv.ship("SALT", np.uint8(2), source="3PL-EAST", key="so-2")
    assert inv.balance("SALT", "3PL-EAST") == 3
    assert onhand.quantity(np.int16(7)) == 7
    with pytest.raises(onhand.MalformedInputError):
        onhand.quantity(np.float64(7))  # a float, even an integral one, is not exact
    with pytest.raises(onhand.MalformedInputError):
        inv.define_item("PEPPER", shelf_life_days=np.float64(30))


def test_dates_from_pandas_and_numpy_at_midnight(inv):
    np = pytest.importorskip("numpy")
    pd = pytest.importorskip("pandas")
    import datetime
    inv.define_lot("SERUM-30ML", "A", expiry=pd.Timestamp("2028-01-31"))
    inv.define_lot("SERUM-30ML", "B", expiry=np.datetime64("2028-02-29"))
    inv.define_lot("SERUM-30ML", "C", expiry=np.datetime64("2028-03-31T00:00:00.000000000"))
    inv.define_lot("SERUM-30ML", "D", expiry=datetime.datetime(2028, 4, 30))
    expiries = [inv._lot_expiry("SERUM-30ML", lot) for lot in "ABCD"]
    assert expiries == [datetime.date(2028, 1, 31), datetime.date(2028, 2, 29),
                        datetime.date(2028, 3, 31), datetime.date(2028, 4, 30)]
    before = inv.log_position
    for not_a_date in (pd.Timestamp("2028-01-31 10:00"), np.datetime64("2028-01-31T00:00:01"),
                       np.datetime64("NaT"), pd.NaT, 20280131):
        with pytest.raises(onhand.MalformedInputError) as raised:
            inv.define_lot("SERUM-30ML", "E", expiry=not_a_date)
        assert raised.value.field == "expiry"
    assert inv.log_position == before


def test_timestamps_from_pandas_numpy_and_iso_text_with_an_offset(inv):
    np = pytest.importorskip("numpy")
    pd = pytest.importorskip("pandas")
    now = pd.Timestamp.now(tz="Europe/Paris")
    inv.define_item("SALT")
    inv.receive("SALT", 10, to="3PL-EAST", key="po-2", effective=now - pd.Timedelta(days=3))
    inv.ship("SALT", 4, source="3PL-EAST", key="so-1", effective=now - pd.Timedelta(days=2))
    assert inv.balance("SALT", "3PL-EAST", as_of=now) == 6
    as_numpy = (now - pd.Timedelta(days=2, hours=1)).tz_convert("UTC").tz_localize(None)
    assert inv.balance("SALT", "3PL-EAST", as_of=np.datetime64(as_numpy, "us")) == 10
    moment = now - pd.Timedelta(days=1)
    for text in (moment.isoformat(timespec="seconds"),
                 moment.tz_convert("UTC").strftime("%Y-%m-%dT%H:%M:%SZ")):
        assert inv.balance("SALT", "3PL-EAST", as_of=text) == 6
    inv.receive("SALT", 1, to="3PL-EAST", key="po-3", effective=moment.isoformat())
    assert inv.balance("SALT", "3PL-EAST") == 7


def test_naive_timestamps_are_refused_saying_to_add_the_offset(inv):
    pd = pytest.importorskip("pandas")
    import datetime
    before = inv.log_position
    for naive in (datetime.datetime.now(), pd.Timestamp.now(), "2026-03-01T14:30:00"):
        with pytest.raises(onhand.MalformedInputError) as raised:
            inv.receive("FLOUR", 1, to="3PL-EAST", key="po-2", effective=naive)
        assert raised.value.field == "effective"
        assert "offset" in str(raised.value)
        with pytest.raises(onhand.MalformedInputError):
            inv.balance("FLOUR", as_of=naive)
    assert inv.log_position == before
    assert inv.balance("FLOUR") == 10


def test_an_expiry_without_a_lot_names_the_lot(inv):
    before = inv.log_position
    with pytest.raises(onhand.MalformedInputError) as raised:
        inv.receive("SERUM-30ML", 1, to="3PL-EAST", key="po-2", expiry="2028-01-31")
    assert raised.value.field == "lot"
    assert "lot=" in str(raised.value)
    assert inv.log_position == before


def test_an_undefined_lot_hints_how_to_define_it(inv):
    inv.define_item("SALT", lot_tracked=True)
    before = inv.log_position
    with pytest.raises(onhand.UnknownCodeError) as raised:
        inv.receive("SALT", 1, to="3PL-EAST", key="po-2", lot="L9")
    assert raised.value.lot == "L9"
    assert "expiry=" in str(raised.value) and "define_lot" in str(raised.value)
    with pytest.raises(onhand.UnknownCodeError) as raised:
        inv.post([line(item="SALT", lot="L9")], key="tr-1")
    assert "define_lot" in str(raised.value)
    assert inv.log_position == before


def test_the_back_dating_refusal_states_the_window(inv):
    import datetime
    long_ago = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(days=90)
    before = inv.log_position
    with pytest.raises(onhand.BackdateNotAllowedError) as raised:
        inv.receive("FLOUR", 1, to="3PL-EAST", key="po-2", effective=long_ago)
    message = str(raised.value)
    assert "31 days" in message and "backdate_limit" in message
    assert raised.value.field == "effective"
    assert inv.log_position == before


def test_repr_names_items_locations_and_log_position(inv):
    assert repr(inv) == (
        "<onhand.Inventory: 2 items (SERUM-30ML, FLOUR), 6 locations (SUPPLIER, CUSTOMER, "
        f"INVENTORY-LOSS, ...), log position {inv.log_position}>")
    empty = onhand.Inventory()
    assert repr(empty).startswith("<onhand.Inventory: 0 items, 4 locations (")


def test_a_new_lot_without_expiry_expires_after_the_shelf_life(inv):
    import datetime
    received = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(days=10)
    inv.receive("SERUM-30ML", 5, to="3PL-EAST", lot="L1", key="po-2", effective=received)
    assert inv._lot_expiry("SERUM-30ML", "L1") == received.date() + datetime.timedelta(days=540)
    inv.receive("SERUM-30ML", 5, to="3PL-EAST", lot="L2", key="po-3")
    today = datetime.datetime.now(datetime.timezone.utc).date()
    assert inv._lot_expiry("SERUM-30ML", "L2") == today + datetime.timedelta(days=540)
    # An expiry given wins; a lot defined before keeps its data.
    inv.receive("SERUM-30ML", 1, to="3PL-EAST", lot="L3", expiry="2027-01-31", key="po-4")
    assert inv._lot_expiry("SERUM-30ML", "L3") == datetime.date(2027, 1, 31)
    inv.define_lot("SERUM-30ML", "L4")
    inv.receive("SERUM-30ML", 1, to="3PL-EAST", lot="L4", key="po-5")
    assert inv._lot_expiry("SERUM-30ML", "L4") is None
    assert inv.balance("SERUM-30ML") == 12


def test_without_a_shelf_life_an_undefined_lot_is_still_refused(inv):
    inv.define_item("SALT", lot_tracked=True)
    before = inv.log_position
    with pytest.raises(onhand.UnknownCodeError):
        inv.receive("SALT", 1, to="3PL-EAST", lot="L1", key="po-2")
    with pytest.raises(onhand.MalformedInputError):  # a bad effective defines nothing
        inv.receive("SERUM-30ML", 1, to="3PL-EAST", lot="L1", key="po-2",
                    effective="2026-01-01T10:00:00")
    assert inv.log_position == before
