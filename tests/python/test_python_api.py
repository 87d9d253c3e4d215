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
