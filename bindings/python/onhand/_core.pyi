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

# --- onhand._core.scan (re-exported as onhand.scan) -----------------------
import datetime as _datetime
from collections.abc import Callable

class Gs1Message:
    symbology: str
    elements: list[tuple[str, str]]
    positions: list[int]
    gtin: str | None
    content_gtin: str | None
    sscc: str | None
    lot: str | None
    serial: str | None
    production_date: _datetime.date | None
    due_date: _datetime.date | None
    packaging_date: _datetime.date | None
    best_before: _datetime.date | None
    sell_by: _datetime.date | None
    expiry: _datetime.date | None
    variable_count: int | None
    count: int | None
    measures: list[dict[str, str | Decimal]]
    amounts: list[dict[str, str | Decimal | None]]
    unmet_associations: list[tuple[str, str]]
    def to_dict(self) -> dict[str, object]: ...
    def bracketed(self) -> str: ...

class EpcTag:
    scheme: str
    filter: int
    company_prefix: str
    reference: str
    serial: str
    gs1_key: str
    uri: str
    tag_uri: str
    def to_hex(self) -> str: ...

class ScanResolver:
    def __init__(
        self,
        find_gtin: Callable[[str], tuple[str, str, Decimal | int | str] | None],
        known_expiry: Callable[[str, str], _datetime.date | None] | None = ...,
    ) -> None: ...
    def resolve(self, text: str, reference_year: int | None = ..., strict: bool = ...) -> dict[str, object]: ...
    def resolve_epc(self, hex: str) -> dict[str, object]: ...

class _ScanModule:
    Gs1Message: type[Gs1Message]
    EpcTag: type[EpcTag]
    ScanResolver: type[ScanResolver]
    @staticmethod
    def gtin_check_digit(digits: str) -> int: ...
    @staticmethod
    def is_valid_gtin(gtin: str) -> bool: ...
    @staticmethod
    def validate_gtin(gtin: str) -> None: ...
    @staticmethod
    def normalize_gtin(gtin: str) -> str: ...
    @staticmethod
    def parse_gs1(text: str, reference_year: int | None = ..., strict: bool = ...) -> Gs1Message: ...
    @staticmethod
    def decode_epc(hex: str) -> EpcTag: ...
    @staticmethod
    def parse_epc_uri(uri: str, filter: int = ...) -> EpcTag: ...
    @staticmethod
    def encode_epc(scheme: str, filter: int, company_prefix: str, reference: str, serial: str = ...) -> str: ...
    @staticmethod
    def encode_sgtin(gtin: str, company_prefix_length: int, serial: str, filter: int = ...) -> str: ...
    @staticmethod
    def encode_sscc(sscc: str, company_prefix_length: int, filter: int = ...) -> str: ...
    @staticmethod
    def encode_sgln(gln: str, company_prefix_length: int, extension: str = ..., filter: int = ...) -> str: ...

scan: _ScanModule
