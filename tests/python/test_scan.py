# SPDX-License-Identifier: Apache-2.0
import datetime
from decimal import Decimal

import pytest

import onhand
from onhand import scan

GS = "\x1d"
GTIN = "09506000134352"


def test_parse_datamatrix_gives_elements_and_normalized_fields():
    label = "]d201" + GTIN + "17261200" + "10L2611" + GS + "21S-1"
    result = scan.parse_gs1(label, reference_year=2026)
    assert result.symbology == "datamatrix"
    assert result.elements == [("01", GTIN), ("17", "261200"), ("10", "L2611"), ("21", "S-1")]
    assert result.positions == [3, 19, 27, 35]
    assert result.gtin == GTIN
    assert result.expiry == datetime.date(2026, 12, 31)  # day 00: last day of the month
    assert result.lot == "L2611"
    assert result.serial == "S-1"
    assert result.sscc is None
    assert result.unmet_associations == []
    assert result.bracketed() == "(01)" + GTIN + "(17)261200(10)L2611(21)S-1"


def test_decimal_fields_keep_trailing_zeros():
    result = scan.parse_gs1("(01)" + GTIN + "(3202)000500(30)3(3932)978001990")
    [weight] = result.measures
    assert weight == {"ai": "3202", "name": "net_weight", "unit": "lb", "value": Decimal("5.00")}
    assert str(weight["value"]) == "5.00"
    [price] = result.amounts
    assert price["value"] == Decimal("19.90") and str(price["value"]) == "19.90"
    assert price["currency"] == "978"
    assert result.variable_count == 3
    assert result.to_dict()["measures"] == result.measures


def test_century_follows_reference_year():
    text = "(01)" + GTIN + "(17)771231"
    assert scan.parse_gs1(text, reference_year=2026).expiry == datetime.date(1977, 12, 31)
    assert scan.parse_gs1(text, reference_year=2030).expiry == datetime.date(2077, 12, 31)


def test_errors_are_typed_with_position():
    with pytest.raises(onhand.BadCheckDigitError) as raised:
        scan.parse_gs1("(01)09506000134353")
    assert raised.value.position == 17
    assert raised.value.code == "bad_check_digit"
    assert raised.value.field == "(01)"
    assert isinstance(raised.value, ValueError)
    with pytest.raises(onhand.UnknownApplicationIdentifierError) as raised:
        scan.parse_gs1("01" + GTIN + "04123")
    assert raised.value.position == 16
    with pytest.raises(onhand.BadDateError):
        scan.parse_gs1("(01)" + GTIN + "(17)260231")
    with pytest.raises(onhand.BadLengthError):
        scan.parse_gs1("01" + GTIN + "10" + "A" * 21)
    with pytest.raises(onhand.ConflictingRepeatError):
        scan.parse_gs1("(01)" + GTIN + "(10)A(10)B")
    with pytest.raises(onhand.ExclusiveIdentifiersError):
        scan.parse_gs1("(01)" + GTIN + "(37)4")


@pytest.mark.parametrize("text", ["", "]d2", "]E0", "]C1" + GS])
def test_no_data_is_empty_input(text):
    with pytest.raises(onhand.EmptyInputError) as raised:
        scan.parse_gs1(text)
    assert isinstance(raised.value, ValueError)


def test_upc_a_under_e0_keeps_its_leading_zero():
    assert scan.parse_gs1("]E00036000291452").gtin == "00036000291452"
    with pytest.raises(onhand.BadLengthError) as raised:
        scan.parse_gs1("]E0036000291452")  # 12 digits: a scanner that drops the zero
    assert raised.value.position == 15


def test_a_required_form_refuses_the_others():
    raw = "01" + GTIN + "10L1"
    assert scan.parse_gs1("(01)" + GTIN + "(10)L1", form="bracketed").lot == "L1"
    assert scan.parse_gs1(raw, form="raw").lot == "L1"
    assert scan.parse_gs1("]C1" + raw, form="scanner").lot == "L1"
    for text, form in (("(01)" + GTIN, "raw"), (raw, "scanner"), ("]C1" + raw, "bracketed")):
        with pytest.raises(onhand.MalformedInputError) as raised:
            scan.parse_gs1(text, form=form)
        assert raised.value.position == 0
    with pytest.raises(onhand.InvalidParameterError):
        scan.parse_gs1(raw, form="guess")


def test_unterminated_bracket_is_malformed():
    with pytest.raises(onhand.MalformedInputError) as raised:
        scan.parse_gs1("(15")
    assert raised.value.position == 0


def test_associations_reported_unless_strict():
    result = scan.parse_gs1("(10)L1")
    assert result.unmet_associations == [("10", "01,02,03,8006,8026")]
    with pytest.raises(onhand.UnmetAssociationError) as raised:
        scan.parse_gs1("(10)L1", strict=True)
    assert raised.value.position == 0


def test_gtin_helpers():
    assert scan.gtin_check_digit("629104150021") == 3
    assert scan.normalize_gtin("96385074") == "00000096385074"
    assert scan.is_valid_gtin("6291041500213")
    assert not scan.is_valid_gtin("6291041500214")
    with pytest.raises(onhand.BadCheckDigitError) as raised:
        scan.validate_gtin("6291041500214")
    assert raised.value.position == 12
    with pytest.raises(onhand.BadLengthError):
        scan.normalize_gtin("1234")


def test_epc_decode_encode_round_trip():
    tag = scan.decode_epc("3074257BF7194E4000001A85")
    assert tag.scheme == "sgtin-96"
    assert (tag.filter, tag.company_prefix, tag.reference, tag.serial) == (3, "0614141", "812345", "6789")
    assert tag.gs1_key == "80614141123458"
    assert tag.uri == "urn:epc:id:sgtin:0614141.812345.6789"
    assert tag.to_hex() == "3074257BF7194E4000001A85"
    assert scan.encode_sgtin("80614141123458", 7, "6789", filter=3) == "3074257BF7194E4000001A85"
    assert scan.encode_epc("sgtin-96", 3, "0614141", "812345", "6789") == "3074257BF7194E4000001A85"
    assert scan.parse_epc_uri("urn:epc:id:sscc:0614141.1234567890", filter=3).to_hex() == (
        "3174257BF4499602D2000000")
    assert scan.encode_sscc("106141412345678908", 7, filter=3) == "3174257BF4499602D2000000"
    assert scan.encode_sgln("0614141123452", 7, "400", filter=3) == "3274257BF460720000000190"
    assert scan.decode_epc("3274257BF460720000000190") == scan.parse_epc_uri(
        "urn:epc:tag:sgln-96:3.0614141.12345.400")


def test_epc_uri_escapes_and_alphanumeric_sgln_extension():
    # Tag Data Standard: (01)70614141123451(21)32a/b and (414)0614141123452(254)32a/b.
    tag = scan.parse_epc_uri("urn:epc:id:sgtin:0614141.712345.32a%2Fb")
    assert tag.serial == "32a/b"
    assert tag.uri == "urn:epc:id:sgtin:0614141.712345.32a%2Fb"
    sgln = scan.parse_epc_uri("urn:epc:id:sgln:0614141.12345.32a%2Fb")
    assert (sgln.gs1_key, sgln.serial) == ("0614141123452", "32a/b")
    with pytest.raises(onhand.BadCharacterError):
        sgln.to_hex()  # SGLN-96 stores an integer extension
    with pytest.raises(onhand.MalformedInputError):
        scan.parse_epc_uri("urn:epc:id:sgtin:0614141.712345.1%2")


def test_epc_partition_and_gs1_element_strings():
    # Tag Data Standard worked examples, company prefix 0614141 (partition 5).
    tag = scan.decode_epc("3074257BF7194E4000001A85")
    assert tag.partition == 5
    message = tag.to_gs1()
    assert message.bracketed() == "(01)80614141123458(21)6789"
    assert scan.epc_from_gs1(message, company_prefix_length=7, filter=3) == tag
    sscc = scan.decode_epc("3174257BF4499602D2000000")
    assert sscc.to_gs1().sscc == "106141412345678908"
    sgln = scan.epc_from_gs1(scan.parse_gs1("(414)0614141123452(254)400"), 7, filter=3)
    assert sgln.to_hex() == "3274257BF460720000000190"
    with pytest.raises(onhand.UnsupportedEpcSchemeError):
        scan.epc_from_gs1(scan.parse_gs1("(01)80614141123458"), 7)


def test_element_string_and_gtin_format():
    message = scan.parse_gs1("(01)" + GTIN + "(10)L1(17)261231(21)S1")
    assert message.element_string() == "01" + GTIN + "10L1" + GS + "17261231" + "21S1"
    assert message.gtin_format == 14
    assert scan.parse_gs1("]E00036000291452").gtin_format == 12
    assert scan.parse_gs1("]E496385074").to_dict()["gtin_format"] == 8
    assert [scan.gtin_format(g) for g in ("96385074", "036000291452", "4006381333931")] == [8, 12, 13]
    with pytest.raises(onhand.BadCheckDigitError):
        scan.gtin_format("96385075")


def test_country_and_currency_codes_are_checked_against_iso_lists():
    scan.parse_gs1("(01)" + GTIN + "(422)276(7030)999A1")
    for bad in ("(422)278", "(425)276278", "(7031)998A", "(30)2(3932)280001995"):
        with pytest.raises(onhand.MalformedInputError):
            scan.parse_gs1("(01)" + GTIN + bad)


def test_epc_errors():
    with pytest.raises(onhand.BadLengthError):
        scan.decode_epc("3074257BF7194E4000001A8")
    with pytest.raises(onhand.BadCharacterError) as raised:
        scan.decode_epc("3074257BF7194E4000001G85")
    assert raised.value.position == 21
    with pytest.raises(onhand.InvalidPartitionError):
        scan.decode_epc("307E257BF7194E4000001A85")
    with pytest.raises(onhand.EpcValueOutOfRangeError):
        scan.encode_sgtin("80614141123458", 7, str(2**38))
    with pytest.raises(onhand.UnsupportedEpcSchemeError):
        scan.parse_epc_uri("urn:epc:id:giai:0614141.1")


def test_resolver_turns_scans_into_stock_lines():
    packs = {
        "09506000134352": ("SERUM-30ML", "each", 1),
        "19506000134359": ("SERUM-30ML", "case", Decimal("12")),
        "80614141123458": ("TAGGED", "each", 1),
    }
    lots = {("SERUM-30ML", "L2611"): datetime.date(2026, 12, 31)}
    resolver = scan.ScanResolver(packs.get, lambda item, lot: lots.get((item, lot)))

    line = resolver.resolve("]d20119506000134359" "17261200" "10L2611", reference_year=2026)
    assert line["item"] == "SERUM-30ML" and line["unit"] == "case"
    assert line["pack_quantity"] == Decimal(1) and line["base_quantity"] == Decimal(12)
    assert line["expiry"] == datetime.date(2026, 12, 31) and line["lot"] == "L2611"
    assert line["serial"] is None

    pallet = resolver.resolve("(00)106141411234567897(02)19506000134359(37)40", reference_year=2026)
    assert pallet["base_quantity"] == Decimal(480) and pallet["sscc"] == "106141411234567897"

    tagged = resolver.resolve_epc("3074257BF7194E4000001A85")
    assert tagged["item"] == "TAGGED" and tagged["serial"] == "6789"

    with pytest.raises(onhand.UnknownGtinError) as raised:
        resolver.resolve("(01)04006381333931")
    assert raised.value.position == 0
    assert isinstance(raised.value, LookupError)
    with pytest.raises(onhand.LotExpiryMismatchError) as raised:
        resolver.resolve("(01)09506000134352(17)270131(10)L2611", reference_year=2026)
    assert raised.value.item == "SERUM-30ML" and raised.value.lot == "L2611"
    assert raised.value.position == 18
    assert lots == {("SERUM-30ML", "L2611"): datetime.date(2026, 12, 31)}


def test_scans_resolve_through_an_inventory_and_post():
    inv = onhand.open()
    inv.define_location("DOCK")
    inv.define_item("SERUM-30ML", lot_tracked=True, alternates={"case": 12},
                    gtins={"09506000134352": "each", "19506000134359": "case"})
    inv.define_lot("SERUM-30ML", "L2611", expiry=datetime.date(2028, 12, 31))
    resolver = inv.scan_resolver()
    line = resolver.resolve("]d2" "0119506000134359" "17281231" "10L2611", reference_year=2026)
    assert (line["item"], line["unit"], line["base_quantity"]) == ("SERUM-30ML", "case", Decimal(12))
    inv.receive(line["item"], line["base_quantity"], to="DOCK", lot=line["lot"], key="asn-1")
    assert inv.balance("SERUM-30ML", "DOCK") == 12
    with pytest.raises(onhand.LotExpiryMismatchError):
        resolver.resolve("(01)19506000134359(17)290131(10)L2611", reference_year=2026)
    with pytest.raises(onhand.UnknownGtinError):
        resolver.resolve("(01)99506000134355(3103)001250", reference_year=2026)


# Hostile input: text outside ASCII, huge ints, callbacks that return nonsense.

@pytest.mark.parametrize("text, index", [
    ("(01)é", 4),                 # was BadLengthError: (01) too short
    ("]aé", 2),                   # was UnicodeDecodeError: the message quoted "]a" and half an é
    ("]C1é", 3),
    ("éé" + "(01)" + GTIN, 0),
    ("(10)ab(21)€", 10),
    ("(01)" + GTIN + "(10)A💩", 23),
    ("\u202e(01)" + GTIN, 0),
])
def test_non_ascii_is_bad_character_at_its_character_index(text, index):
    with pytest.raises(onhand.BadCharacterError) as raised:
        scan.parse_gs1(text)
    assert raised.value.position == index
    assert not text[index].isascii() and text[:index].isascii()


@pytest.mark.parametrize("call, index", [
    (lambda: scan.decode_epc("é" * 24), 0),      # 48 bytes: was a BadLengthError at 24
    (lambda: scan.decode_epc("30" + "é" * 11), 2),
    (lambda: scan.parse_epc_uri("urn:epc:id:sgtin:0614141.812345.é"), 32),
    (lambda: scan.validate_gtin("1é" * 20), 1),  # was UnicodeDecodeError
    (lambda: scan.normalize_gtin("95€"), 2),
    (lambda: scan.gtin_check_digit("€"), 0),
    (lambda: scan.encode_sgtin("0950600013435é", 7, "1"), 13),
    (lambda: scan.encode_epc("sgtin", 0, "é" * 7, "812345", "1"), 0),  # was "14 digits"
])
def test_other_scan_text_outside_ascii_is_bad_character(call, index):
    with pytest.raises(onhand.BadCharacterError) as raised:
        call()
    assert raised.value.position == index


@pytest.mark.parametrize("text", [
    "(10)" + "x" * 1_000_000, "10" + "é" * 1_000_000, "(" * 1_000_000, "]C1" + "9" * 1_000_000,
    "(01)" + "9" * 1_000_000, "(21)" + "x" * 999_999 + "é", "\U0001F4A9" * 250_000,
], ids=lambda text: f"{text[:6]!r}x{len(text)}")
def test_messages_quote_a_bounded_prefix(text):
    with pytest.raises(onhand.Error) as raised:
        scan.parse_gs1(text)
    assert len(str(raised.value)) <= 300
    assert 0 <= raised.value.position <= len(text)


def test_a_long_epc_uri_is_quoted_with_an_ellipsis():
    with pytest.raises(onhand.UnsupportedEpcSchemeError) as raised:
        scan.parse_epc_uri("urn:epc:xx:" + "x" * 1_000_000)
    assert "x..." in str(raised.value) and len(str(raised.value)) <= 120
    with pytest.raises(onhand.BadCharacterError) as raised:
        scan.parse_epc_uri("urn:epc:xx:" + "é" * 1_000_000)
    assert raised.value.position == 11 and len(str(raised.value)) <= 120


def test_non_ascii_in_a_quoted_epc_value_is_never_cut_inside_a_character():
    with pytest.raises(onhand.BadCharacterError) as raised:
        scan.encode_epc("sgtin", 0, "0614141", "812345", "1" + "é" * 20)
    assert raised.value.position == 1 and "é" in str(raised.value)


# The window of every valid reference year, by brute force: 49 years back to
# 50 ahead, all within 1..9999 (datetime.date's range too).
@pytest.mark.parametrize("reference", [50, 51, 1951, 2026, 9948, 9949])
def test_every_two_digit_year_of_a_valid_reference_year_is_a_date(reference):
    years = {scan.parse_gs1(f"(17){yy:02d}0101", reference_year=reference).expiry.year
             for yy in range(100)}
    assert years == set(range(reference - 49, reference + 51))


@pytest.mark.parametrize("reference", [0, 49, 9950, -1, 2**31 - 1, 2**31, -2**31 - 1, 2**64,
                                       10**100], ids=str)
def test_reference_year_outside_its_range_is_refused(reference):
    # 0 read (17)261231 as the year 26; 2**31 - 1 wrapped to -22.
    for call in (lambda: scan.parse_gs1("(17)261231", reference_year=reference),
                 lambda: scan.ScanResolver(lambda g: None).resolve("(17)261231",
                                                                   reference_year=reference)):
        with pytest.raises(onhand.InvalidParameterError) as raised:
            call()
        assert raised.value.field == "reference_year"
        assert "50 to 9949" in str(raised.value)


@pytest.mark.parametrize("value", ["2026", 2026.0, True, b"2026", [2026]])
def test_reference_year_of_another_type_is_malformed(value):
    with pytest.raises(onhand.MalformedInputError) as raised:
        scan.parse_gs1("(17)261231", reference_year=value)
    assert raised.value.field == "reference_year"


def test_numpy_ints_are_ints():
    numpy = pytest.importorskip("numpy")
    assert scan.parse_gs1("(17)261231", reference_year=numpy.int64(2026)).expiry.year == 2026
    assert scan.encode_sscc("106141411234567897", numpy.int32(7), filter=numpy.uint8(3)) == (
        scan.encode_sscc("106141411234567897", 7, filter=3))


@pytest.mark.parametrize("call, error, field", [
    (lambda v: scan.encode_sgtin(GTIN, v, "1"), onhand.InvalidPartitionError,
     "company_prefix_length"),
    (lambda v: scan.encode_sscc("106141411234567897", v), onhand.InvalidPartitionError,
     "company_prefix_length"),
    (lambda v: scan.encode_sgln("0614141000012", v), onhand.InvalidPartitionError,
     "company_prefix_length"),
    (lambda v: scan.epc_from_gs1(scan.parse_gs1("(00)106141411234567897"), v),
     onhand.InvalidPartitionError, "company_prefix_length"),
    (lambda v: scan.encode_sgtin(GTIN, 7, "1", filter=v), onhand.EpcValueOutOfRangeError,
     "filter"),
    (lambda v: scan.encode_epc("sgtin", v, "0614141", "812345", "1"),
     onhand.EpcValueOutOfRangeError, "filter"),
    (lambda v: scan.parse_epc_uri("urn:epc:id:sgtin:0614141.812345.1", v),
     onhand.EpcValueOutOfRangeError, "filter"),
])
@pytest.mark.parametrize("value", [-1, 2**31, 2**63, 2**64, -2**64, 10**5000],
                         ids=["-1", "2**31", "2**63", "2**64", "-2**64", "10**5000"])
def test_out_of_range_ints_name_their_argument(call, error, field, value):
    # Before, pybind11 refused them with a TypeError listing the C++ signature.
    with pytest.raises(error) as raised:
        call(value)
    assert raised.value.field == field
    assert len(str(raised.value)) < 100


@pytest.mark.parametrize("call, field", [
    (lambda: scan.parse_gs1(b"(17)261231"), "text"),
    (lambda: scan.parse_gs1("(17)261231", strict="yes"), "strict"),
    (lambda: scan.parse_gs1("(17)261231", year=2026), "year"),
    (lambda: scan.parse_gs1(), "text"),
    (lambda: scan.parse_gs1("\ud800"), "text"),
    (lambda: scan.decode_epc(None), "hex"),
    (lambda: scan.encode_sgtin(GTIN, "7", "1"), "company_prefix_length"),
    (lambda: scan.encode_sgtin(GTIN, 7.0, "1"), "company_prefix_length"),
    (lambda: scan.epc_from_gs1("(00)106141411234567897", 7), "message"),
    (lambda: scan.is_valid_gtin(b"09506000134352"), "gtin"),
    (lambda: scan.ScanResolver(lambda g: None).resolve("(01)" + GTIN, form=1), "form"),
    (lambda: scan.ScanResolver(lambda g: None).resolve_epc(hex=None), "hex"),
    (lambda: scan.ScanResolver("not callable"), "find_gtin"),
    (lambda: scan.ScanResolver(lambda g: None, known_expiry=5), "known_expiry"),
])
def test_wrong_types_and_unknown_keywords_are_malformed_input_naming_the_argument(call, field):
    with pytest.raises(onhand.MalformedInputError) as raised:
        call()
    assert raised.value.field == field


def _resolve(found, expiry=None, text="(01)" + GTIN + "(17)261231(10)L1"):
    """Resolves a scan through a catalog whose find_gtin returns ``found``."""
    resolver = scan.ScanResolver(lambda gtin: found,
                                 None if expiry is None else lambda item, lot: expiry)
    return resolver.resolve(text, reference_year=2026)


@pytest.mark.parametrize("found, error, field", [
    (("SOAP", "each", -12), onhand.InvalidQuantityError, "units_per_pack"),
    (("SOAP", "each", 0), onhand.InvalidQuantityError, "units_per_pack"),
    (("SOAP", "each", Decimal("-0.5")), onhand.InvalidQuantityError, "units_per_pack"),
    (("", "each", 1), onhand.MalformedInputError, "item"),
    (("SOAP", "", 1), onhand.MalformedInputError, "unit"),
    (("SO\x00AP", "each", 1), onhand.MalformedInputError, "item"),
    ((1, "each", 1), onhand.MalformedInputError, "item"),          # was RuntimeError "Unable to cast"
    ((b"SOAP", "each", 1), onhand.MalformedInputError, "item"),    # was accepted as text
    (("SOAP", None, 1), onhand.MalformedInputError, "unit"),
    (("SOAP", "each", 1.5), onhand.MalformedInputError, "units_per_pack"),
    (("SOAP", "each", "twelve"), onhand.MalformedInputError, "units_per_pack"),
    (("SOAP", "each", 2**64), onhand.OverflowError, "units_per_pack"),
    ("SOAP", onhand.InvalidParameterError, "find_gtin"),          # was read as ('S', 'O', 'A', 'P')?
    (("SOAP", "each"), onhand.InvalidParameterError, "find_gtin"),
    ({"item": "SOAP"}, onhand.InvalidParameterError, "find_gtin"),
    (42, onhand.InvalidParameterError, "find_gtin"),
])
def test_a_catalog_callback_returning_a_bad_value_is_a_typed_error(found, error, field):
    with pytest.raises(error) as raised:
        _resolve(found)
    assert raised.value.field == field


def test_a_catalog_entry_as_a_list_is_accepted():
    assert _resolve(["SOAP", "case", 12])["base_quantity"] == Decimal(12)


@pytest.mark.parametrize("expiry", ["31/12/2026", 5, object(), datetime.datetime(2026, 12, 31, 8)])
def test_known_expiry_returning_no_date_is_a_typed_error(expiry):
    # Was AttributeError: 'str' object has no attribute 'year'.
    with pytest.raises(onhand.MalformedInputError) as raised:
        _resolve(("SOAP", "each", 1), expiry)
    assert raised.value.field == "known_expiry"


def test_known_expiry_accepts_what_dates_accept_elsewhere():
    assert _resolve(("SOAP", "each", 1), "2026-12-31")["expiry"] == datetime.date(2026, 12, 31)
    with pytest.raises(onhand.LotExpiryMismatchError):
        _resolve(("SOAP", "each", 1), datetime.date(2027, 1, 31))


def test_an_exception_in_a_callback_is_an_invalid_parameter_naming_it():
    resolver = scan.ScanResolver(lambda gtin: 1 / 0)
    with pytest.raises(onhand.InvalidParameterError) as raised:
        resolver.resolve("(01)" + GTIN)
    assert raised.value.field == "find_gtin" and "ZeroDivisionError" in str(raised.value)
    resolver = scan.ScanResolver(lambda gtin: ("SOAP", "each", 1), lambda item, lot: {}["x"])
    with pytest.raises(onhand.InvalidParameterError) as raised:
        resolver.resolve("(01)" + GTIN + "(17)261231(10)L1", reference_year=2026)
    assert raised.value.field == "known_expiry"


def test_every_scan_function_survives_the_hostile_values():
    # The values test_hostile.py puts in every Inventory argument, in every
    # argument of every public scan function: an onhand.Error or a result,
    # nothing else, and a message of bounded length.
    import hostile
    values = dict(hostile.VALUES)
    values.update(hostile._numpy_values())
    calls = {
        scan.parse_gs1: (("(01)" + GTIN,), {"reference_year": 2026, "strict": False,
                                             "form": "any"}),
        scan.decode_epc: (("3074257BF7194E4000001A85",), {}),
        scan.parse_epc_uri: (("urn:epc:id:sgtin:0614141.812345.6789",), {"filter": 3}),
        scan.encode_epc: (("sgtin", 3, "0614141", "812345", "6789"), {}),
        scan.encode_sgtin: ((GTIN, 7, "1"), {"filter": 0}),
        scan.encode_sscc: (("106141411234567897", 7), {"filter": 0}),
        scan.encode_sgln: (("0614141000012", 7), {"extension": "0", "filter": 0}),
        scan.epc_from_gs1: ((scan.parse_gs1("(00)106141411234567897"), 7), {"filter": 0}),
        scan.validate_gtin: ((GTIN,), {}),
        scan.normalize_gtin: ((GTIN,), {}),
        scan.gtin_format: ((GTIN,), {}),
        scan.gtin_check_digit: (("0950600013435",), {}),
        scan.ScanResolver(lambda g: ("SOAP", "each", 1)).resolve: (("(01)" + GTIN,), {}),
        scan.ScanResolver(lambda g: ("SOAP", "each", 1)).resolve_epc: (
            ("3074257BF7194E4000001A85",), {}),
    }
    problems = []
    for function, (args, kwargs) in calls.items():
        function(*args, **kwargs)
        for slot, name, new_args, new_kwargs in hostile.substitutions(args, kwargs, values):
            try:
                function(*new_args, **new_kwargs)
            except onhand.Error as error:
                if len(str(error)) > 300:
                    problems.append(f"{function.__name__}[{slot}={name}]: {len(str(error))}")
            except Exception as error:  # noqa: BLE001 - any other type is the finding
                problems.append(f"{function.__name__}[{slot}={name}]: "
                                f"{type(error).__name__}: {str(error)[:120]}")
    assert not problems, "\n".join(problems)

