# SPDX-License-Identifier: Apache-2.0
from decimal import Decimal

import pytest

import onhand


def test_quantities_are_exact_decimals():
    assert onhand.quantity(Decimal("12.50")) == Decimal("12.5")
    assert onhand.quantity(7) == Decimal(7)
    assert onhand.quantity("0.000001") == Decimal("0.000001")
    assert onhand.quantity(Decimal("1E+2")) == Decimal(100)


def test_floats_are_refused_with_a_typed_error():
    with pytest.raises(onhand.MalformedInputError) as raised:
        onhand.quantity(0.1)
    assert raised.value.code == "malformed_input"
    assert raised.value.field == "value"
    assert isinstance(raised.value, ValueError)
    assert isinstance(raised.value, onhand.Error)


def test_precision_and_overflow_errors():
    with pytest.raises(onhand.PrecisionExceededError):
        onhand.quantity(Decimal("0.0000001"))
    with pytest.raises(onhand.OverflowError) as raised:
        onhand.quantity(10**20)
    assert isinstance(raised.value, OverflowError)
    assert raised.value.kind == "out_of_range"


def test_extend_rounds_half_even_by_default():
    assert onhand.extend(3, Decimal("2.35")) == Decimal("7.05")
    assert onhand.extend(Decimal("0.5"), Decimal("0.000005")) == Decimal("0.000002")
    assert onhand.extend(Decimal("0.5"), Decimal("0.000005"), rounding="half_up") == Decimal("0.000003")
    with pytest.raises(onhand.InvalidParameterError):
        onhand.extend(1, 1, rounding="sideways")


def test_every_error_code_has_a_class():
    for name, value in onhand.error_codes.items():
        cls_name = "".join(part.title() for part in name.split("_")) + "Error"
        assert issubclass(getattr(onhand, cls_name), onhand.Error), name
        assert value > 0
    assert issubclass(onhand.UnknownCodeError, LookupError)


def test_error_classes_name_their_code_and_kind():
    for code in onhand.error_codes:
        cls_name = "".join(part.title() for part in code.split("_")) + "Error"
        assert getattr(onhand, cls_name).code == code
    assert onhand.InsufficientStockError.kind == "failed_precondition"
    assert onhand.UnknownGtinError.kind == "not_found"
