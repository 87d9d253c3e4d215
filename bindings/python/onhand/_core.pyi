# Type stubs for onhand._core (the native module).
from decimal import Decimal

class Error(Exception):
    code: str
    kind: str
    item: str | None
    location: str | None
    lot: str | None
    document: str | None
    field: str | None
    requested: Decimal | None
    available: Decimal | None
    position: int | None
    line: int | None

error_codes: dict[str, int]

def quantity(value: Decimal | int | str) -> Decimal: ...
def extend(amount: Decimal | int | str, unit_price: Decimal | int | str, rounding: str = ...) -> Decimal: ...
