# SPDX-License-Identifier: Apache-2.0
"""Locations that hold stock apart (define_location(..., hold=True)): the
flag as defined and as inherited, stock there on hand and quarantined but
never available to promise, in atp() and position(), and a commit that
cannot pick there. Expected figures are worked out by hand from the rule of
docs/concepts/atp.md; verify() after each test."""
import datetime as dt
import decimal

import pytest

import onhand

D = decimal.Decimal


@pytest.fixture
def inv():
    """3PL-EAST > EAST/A-01 and 3PL-EAST > EAST/QC (held) > EAST/QC-01."""
    now = dt.datetime(2026, 11, 27, 9, tzinfo=dt.timezone.utc)
    inv = onhand.open(clock=lambda: now)
    inv.define_location("3PL-EAST")
    inv.define_location("EAST/A-01", parent="3PL-EAST")
    inv.define_location("EAST/QC", parent="3PL-EAST", hold=True)
    inv.define_location("EAST/QC-01", parent="EAST/QC")
    inv.define_item("SOAP")
    inv.receive("SOAP", 10, to="EAST/A-01", key="r1")
    inv.receive("SOAP", 4, to="EAST/QC-01", key="r2")
    yield inv
    inv.verify()


def test_the_flag_is_defined_on_a_location_and_held_below_it(inv):
    assert inv.location("EAST/QC") == {
        "code": "EAST/QC", "description": "", "parent": "3PL-EAST", "kind": "internal",
        "allow_negative": False, "hold": True, "held": True}
    bin_ = inv.location("EAST/QC-01")
    assert (bin_["hold"], bin_["held"]) == (False, True)
    assert inv.location("3PL-EAST")["held"] is False
    assert inv.location("3PL-EAST")["parent"] is None
    with pytest.raises(onhand.UnknownCodeError):
        inv.location("NOWHERE")


def test_redefining_with_a_different_hold_is_a_conflict_and_ignored_on_virtual_kinds(inv):
    before = inv.log_position
    with pytest.raises(onhand.DefinitionConflictError):
        inv.define_location("EAST/A-01", parent="3PL-EAST", hold=True)
    inv.define_location("EAST/QC", parent="3PL-EAST", hold=True)  # the same: a no-op
    assert inv.log_position == before
    inv.define_location("RETURNS", kind="customer", hold=True)
    assert inv.location("RETURNS")["hold"] is False


def test_atp_counts_held_stock_as_quarantined_never_usable(inv):
    frame = inv.atp(["SOAP"], ["3PL-EAST", "EAST/QC", "EAST/QC-01", "EAST/A-01"], exact=True)
    rows = {row.location: row for row in frame.itertuples()}
    east = rows["3PL-EAST"]
    assert (east.on_hand, east.quarantined, east.usable, east.available) == (
        D(14), D(4), D(10), D(10))
    for held in ("EAST/QC", "EAST/QC-01"):
        row = rows[held]
        assert (row.on_hand, row.quarantined, row.usable, row.available) == (D(4), D(4), 0, 0)
    assert rows["EAST/A-01"].quarantined == 0
    position = inv.position("SOAP", day="2026-11-27", exact=True).set_index("location")
    assert position.loc["EAST/QC-01", "quarantined"] == D(4)
    assert position.loc["EAST/QC-01", "available"] == 0
    assert position.loc["EAST/A-01", "quarantined"] == 0


def test_reserving_at_a_held_location_is_refused_and_changes_nothing(inv):
    before = inv.log_position
    with pytest.raises(onhand.InsufficientStockError) as refused:
        inv.reserve("c1", "SOAP", "EAST/QC-01", 1)
    assert refused.value.available == 0
    with pytest.raises(onhand.InsufficientStockError):
        inv.reserve("c2", "SOAP", "3PL-EAST", 11)
    assert inv.log_position == before
    inv.reserve("c3", "SOAP", "3PL-EAST", 10)


def test_a_commit_cannot_pick_from_a_held_location_and_a_transfer_releases(inv):
    inv.reserve("c1", "SOAP", "3PL-EAST", 10)
    before = inv.log_position
    with pytest.raises(onhand.InvalidLocationError) as refused:
        inv.commit_reservation("c1", 2, key="ship-qc", source="EAST/QC-01")
    assert refused.value.location == "EAST/QC-01"
    assert inv.log_position == before
    inv.transfer("SOAP", 3, source="EAST/QC-01", to="EAST/A-01", key="release")
    atp = inv.available_to_promise("SOAP", "3PL-EAST")
    assert (atp.quarantined, atp.usable, atp.available) == (D(1), D(13), D(3))


def test_the_csv_import_and_the_jsonl_export_carry_the_flag(inv, tmp_path):
    path = tmp_path / "locations.csv"
    path.write_text("code,parent,hold\nRETURNS,3PL-EAST,true\nRETURNS/B1,RETURNS,\n")
    report = inv.import_csv(path, table="locations")
    assert report.empty and report.attrs["applied"] == 2
    assert (inv.location("RETURNS")["hold"], inv.location("RETURNS/B1")["held"]) == (True, True)
    bad = tmp_path / "bad.csv"
    bad.write_text("code,hold\nX,maybe\n")
    refusal = inv.import_csv(bad, table="locations")
    assert list(refusal["column"]) == ["hold"]


def test_the_jsonl_export_writes_a_held_location_as_a_version_2_line(tmp_path):
    inv = onhand.open(path=tmp_path / "a.db")
    inv.define_location("WH")
    inv.define_location("WH/QC", parent="WH", hold=True)
    inv.define_location("WH/QC/B1", parent="WH/QC")
    exported = tmp_path / "log.jsonl"
    inv.export_jsonl(exported)
    lines = exported.read_text().splitlines()
    held_lines = [line for line in lines if '"hold":true' in line]
    assert len(held_lines) == 1 and held_lines[0].startswith('{"v":2,')
    assert all(line.startswith('{"v":1,') for line in lines if line not in held_lines)
    copy = onhand.import_jsonl(exported, into=tmp_path / "b.db")
    assert copy.location("WH/QC/B1")["held"] is True
    copy.verify()
