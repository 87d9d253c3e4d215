# SPDX-License-Identifier: Apache-2.0
"""JSON Lines export/import of the event log and CSV import, from Python.

Expected values are written by hand from the files' text and from
docs/reference/jsonl.md, never read back from the code under test."""
import datetime as dt
import decimal
import json

import pytest

import onhand

D = decimal.Decimal


def fixed_clock():
    return dt.datetime(2026, 1, 5, tzinfo=dt.timezone.utc)


def history(path):
    inv = onhand.Inventory(path=str(path), clock=fixed_clock)
    inv.define_location("WH")
    inv.define_location("WH/A1", parent="WH", description='bin "A1"\nfront')
    inv.define_item("SOAP", description="Soap ☺", alternates={"case": 12},
                    attributes={"brand": "Acme"})
    inv.define_item("MILK", unit="l", decimals=3, lot_tracked=True)
    inv.define_lot("MILK", "L1", expiry=dt.date(2026, 3, 1))
    inv.receive("SOAP", 40, to="WH/A1", key="r-1", reference="PO-88")
    inv.receive("MILK", D("1.250"), to="WH", key="r-2", lot="L1")
    inv.ship("SOAP", 3, source="WH/A1", key="s-1")
    inv.reverse("s-1", new_key="s-1-rev")
    inv.set_lot_status("MILK", "L1", "on_hold")
    return inv


def test_round_trip_is_byte_identical(tmp_path):
    inv = history(tmp_path / "a.db")
    count = inv.export_jsonl(tmp_path / "a.jsonl")
    text = (tmp_path / "a.jsonl").read_text(encoding="utf-8")
    assert count == len(text.splitlines())
    copy = onhand.import_jsonl(tmp_path / "a.jsonl", into=tmp_path / "b.db")
    assert copy.balance("SOAP", "WH/A1") == D(40)
    assert copy.balance("MILK", "WH", lot="L1") == D("1.25")
    copy.export_jsonl(tmp_path / "b.jsonl")
    assert (tmp_path / "b.jsonl").read_text(encoding="utf-8") == text
    kinds = {json.loads(line)["kind"] for line in text.splitlines()}
    assert {"location_defined", "item_defined", "lot_defined", "document_posted",
            "lot_status_set"} <= kinds


def test_lines_follow_the_schema(tmp_path):
    inv = onhand.Inventory(path=str(tmp_path / "a.db"), clock=fixed_clock)
    inv.define_location("WH")
    inv.define_item("SOAP")
    inv.receive("SOAP", D("2.5") * 2, to="WH", key="r-1")
    inv.export_jsonl(tmp_path / "a.jsonl")
    lines = [json.loads(line)
             for line in (tmp_path / "a.jsonl").read_text(encoding="utf-8").splitlines()]
    # The four standard locations come first (SUPPLIER, CUSTOMER, INVENTORY-LOSS, SCRAP).
    assert [line["code"] for line in lines[:4]] == ["SUPPLIER", "CUSTOMER", "INVENTORY-LOSS",
                                                    "SCRAP"]
    assert lines[-1] == {
        "v": 1, "position": 6, "kind": "document_posted", "key": "r-1", "document": 0,
        "document_key": "r-1", "reason": "receipt", "effective": None,
        "effective_at": "2026-01-05T00:00:00.000000Z", "recorded": "2026-01-05T00:00:00.000000Z",
        "reverses": None, "external_document": "", "external_line": "", "note": "",
        "lines": [{"item": 0, "item_code": "SOAP", "lot": None, "lot_code": None, "from": 0,
                   "from_code": "SUPPLIER", "to": 4, "to_code": "WH", "amount": "5"}]}


GOOD = ('{"v":1,"position":0,"kind":"location_defined","key":"","location":0,"code":"WH",'
        '"description":"","parent":"","location_kind":"internal","allow_negative":false}')


@pytest.mark.parametrize("bad, line, field", [
    (GOOD + "\n" + GOOD[:30], 1, None),                                   # truncated
    (GOOD.replace('"code":"WH"', '"code":1'), 0, "code"),                 # wrong type
    (GOOD.replace('"location":0', '"location":123456789012345678901'), 0, None),  # huge
    (GOOD.replace('"location":0', '"location":4294967296'), 0, "location"),
    ("[" * 10_000 + "]" * 10_000, 0, None),                               # deep nesting
    (GOOD.replace('"v":1', '"v":3'), 0, "v"),                             # unknown version
    (GOOD.replace('"key":""', '"key":"","x":null'), 0, "x"),              # unknown field
])
def test_hostile_lines_write_nothing(tmp_path, bad, line, field):
    (tmp_path / "bad.jsonl").write_text(bad, encoding="utf-8")
    with pytest.raises(onhand.MalformedInputError) as raised:
        onhand.import_jsonl(tmp_path / "bad.jsonl", into=tmp_path / "b.db")
    assert raised.value.line == line
    assert f"line {line + 1}" in str(raised.value)
    if field is not None:
        assert raised.value.field == field
    # The file was created by opening it, but holds no event.
    empty = tmp_path / "empty.jsonl"
    onhand.Inventory(path=str(tmp_path / "b.db")).export_jsonl(empty)
    assert [json.loads(x)["kind"] for x in empty.read_text().splitlines()] == \
        ["location_defined"] * 4   # only the standard locations that opening added


def test_import_needs_an_empty_log_and_export_a_file(tmp_path):
    (tmp_path / "one.jsonl").write_text(GOOD + "\n", encoding="utf-8")
    onhand.Inventory(path=str(tmp_path / "b.db"))
    with pytest.raises(onhand.InvalidParameterError):
        onhand.import_jsonl(tmp_path / "one.jsonl", into=tmp_path / "b.db")
    with pytest.raises(onhand.StoreFailureError):
        onhand.open().export_jsonl(tmp_path / "x.jsonl")


def write(path, text):
    path.write_bytes(text.encode("utf-8"))
    return path


def test_csv_master_data_and_opening_balances(tmp_path):
    inv = onhand.Inventory(clock=fixed_clock)
    report = onhand.import_csv(inv, write(tmp_path / "items.csv",
                                          "\ufeffcode,description,base_unit,decimals,lot_tracked\r\n"
                                          'SOAP,"Soap, ""mild""\r\nbar",each,0,false\r\n'
                                          "MILK,Milk,l,3,true\r\n"), table="items")
    assert list(report.columns) == ["row", "code", "column", "message"]
    assert report.empty and report.attrs == {"rows": 2, "applied": 2}
    assert onhand.import_csv(inv, write(tmp_path / "loc.csv", "code,parent\nWH,\nWH/A1,WH\n"),
                             table="locations").empty
    assert inv.import_csv(write(tmp_path / "lots.csv", "item,code,expiry\nMILK,L1,2026-06-30\n"),
                          table="lots").empty
    seen = []
    report = onhand.import_csv(
        inv, write(tmp_path / "ob.csv", "item,location,lot,quantity,effective\n"
                                        "SOAP,WH/A1,,40,2026-01-01T00:00:00Z\n"
                                        "MILK,WH,L1,1.5,\n"),
        table="opening_balances", progress=seen.append, progress_every=1)
    assert report.empty and report.attrs["applied"] == 2
    assert seen == [1, 2, 2]
    assert inv.balance("SOAP", "WH/A1") == D(40)
    assert inv.balance("MILK", "WH", lot="L1") == D("1.5")
    assert inv.balance("SOAP", "OPENING-BALANCE") == D(-40)


def test_csv_bad_rows_reported_at_once_nothing_applied(tmp_path):
    inv = onhand.open()
    report = onhand.import_csv(inv, write(tmp_path / "items.csv",
                                          "code,decimals,lot_tracked\n"
                                          "OK,0,false\n"
                                          ",0,false\n"
                                          '"two\nlines",7,perhaps\n'
                                          "OK,0,false\n"), table="items")
    assert report[["row", "code", "column"]].values.tolist() == [
        [3, "malformed_input", "code"],
        [4, "malformed_input", "decimals"],
        [4, "malformed_input", "lot_tracked"],
        [6, "definition_conflict", "code"],
    ]
    assert report.attrs == {"rows": 4, "applied": 0}
    assert "OK" not in inv.items()


def test_csv_arguments_are_checked(tmp_path):
    inv = onhand.open()
    path = write(tmp_path / "x.csv", "code\nA\n")
    with pytest.raises(onhand.InvalidParameterError):
        onhand.import_csv(inv, path, table="widgets")
    with pytest.raises(onhand.MalformedInputError):
        onhand.import_csv(inv, tmp_path / "missing.csv", table="items")
    with pytest.raises(onhand.MalformedInputError):
        onhand.import_csv(inv, path, table="items", progress=3)
