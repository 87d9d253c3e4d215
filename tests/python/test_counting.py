# SPDX-License-Identifier: Apache-2.0
"""Cycle counts from Python: the how-to page as written, the rule that stock
moved during a count is not adjusted twice (movements in, out and
back-dated), the decisions, the tables, and what each refusal leaves
unchanged. Expected values are worked out by hand from the rules of
docs/concepts/cycle_counting.md (comments show the arithmetic)."""
import datetime as dt
import decimal
import pathlib
import re

import pytest

import onhand

D = decimal.Decimal
UTC = dt.timezone.utc
DOCS = pathlib.Path(__file__).resolve().parents[2] / "docs"


class Clock:
    def __init__(self):
        self.now = dt.datetime(2026, 11, 27, 7, 0, tzinfo=UTC)

    def __call__(self):
        return self.now

    def later(self, minutes):
        self.now += dt.timedelta(minutes=minutes)


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def inv(clock):
    inv = onhand.open(clock=clock)
    inv.define_location("EAST")
    inv.define_location("BIN", parent="EAST")
    inv.define_location("WEST")
    inv.define_item("SOAP")
    inv.define_item("SERUM", lot_tracked=True)
    inv.receive("SOAP", 10, to="BIN", key="r1")
    clock.later(120)  # 09:00
    return inv


def snapshot(inv):
    return (inv.log_position, repr(inv.count_variances(exact=True).to_dict("records")),
            repr(inv.count_sheet().to_dict("records")), inv.balance("SOAP", "BIN"))


def test_the_how_to_runs_as_written(capsys):
    blocks = re.findall(r"```python\n(.*?)```", (DOCS / "how_to/run_a_cycle_count.md").read_text(),
                        flags=re.S)
    assert len(blocks) == 5
    namespace = {}
    for number, block in enumerate(blocks):
        exec(compile(block, f"run_a_cycle_count.md, block {number + 1}", "exec"), namespace)  # noqa: S102
    inv = namespace["inv"]
    variances = inv.count_variances(exact=True).set_index("task")
    soap = variances.loc["cc-SOAP-EAST/A-01"]
    # 40 at the snapshot, +5 − 8 during the count: expected 37, counted 36.
    assert (soap.snapshot, soap.movements, soap.expected, soap.variance) == (40, -3, 37, -1)
    assert soap.value == D("-2.5")  # −1 × 2.50
    serum = variances.loc["cc-SERUM-EAST"]
    # 11 against 12: −8.333333 % toward zero; 2 counts (one recount); approved.
    assert (serum.counts, serum.percent, serum.status) == (2, D("-8.333333"), "adjusted")
    accuracy = inv.record_accuracy(by="abc_class", exact=True).set_index("group")
    assert accuracy.loc["A"].tolist() == [1, 1, D(1)]
    assert accuracy.loc["C"].tolist() == [1, 0, D(0)]
    inv.verify()
    assert "cc-SOAP" in capsys.readouterr().out


def test_movements_in_out_and_back_dated_during_a_count_are_not_adjusted_twice(inv, clock):
    inv.start_count("cc", "SOAP", "BIN", tolerance_quantity=0)
    clock.later(10)
    inv.receive("SOAP", 5, to="BIN", key="in")                       # +5
    clock.later(10)
    inv.ship("SOAP", 3, source="BIN", key="out")                     # −3
    clock.later(10)
    inv.transfer("SOAP", 2, source="BIN", to="WEST", key="back",      # −2, effective 08:00
                 effective=dt.datetime(2026, 11, 27, 8, 0, tzinfo=UTC))
    clock.later(10)
    outcome = inv.submit_count("cc", 9, key="cc/1")
    # Expected 10 + 5 − 3 − 2 = 10; the shelf holds 9: a loss of 1 (outside 0: waits).
    assert (outcome["expected"], outcome["variance"], outcome["status"]) == (
        10, -1, "awaiting_approval")
    approved = inv.approve_count("cc", key="cc/ok")
    assert approved["adjustment"] == -1 and approved["document"] is not None
    assert inv.balance("SOAP", "BIN") == 9
    assert inv.balance("SOAP", onhand.INVENTORY_LOSS) == 1
    history = inv.history("SOAP", "BIN")
    assert history.iloc[-1]["reason"] == "count"
    inv.verify()


def test_a_count_before_later_movements_adjusts_as_of_its_time(inv, clock):
    inv.start_count("cc", "SOAP", "BIN", tolerance_quantity=5)
    clock.later(10)
    counted_at = clock.now
    clock.later(10)
    inv.ship("SOAP", 4, source="BIN", key="out")
    outcome = inv.submit_count("cc", 8, key="cc/1", counted_at=counted_at)
    assert (outcome["expected"], outcome["adjustment"]) == (10, -2)
    assert inv.balance("SOAP", "BIN", as_of=counted_at) == 8
    assert inv.balance("SOAP", "BIN") == 4  # 8 counted − 4 shipped after the count


def test_reject_recount_and_retries(inv):
    task = inv.start_count("cc", "SOAP", "BIN", tolerance_percent=10, abc_class="B")
    assert task["snapshot"] == 10 and task["status"] == "counting"
    assert inv.submit_count("cc", 5, key="cc/1")["status"] == "awaiting_approval"
    again = inv.submit_count("cc", 5, key="cc/1")
    assert again["replayed"]
    with pytest.raises(onhand.IdempotencyConflictError):
        inv.submit_count("cc", 6, key="cc/1")
    inv.request_recount("cc", key="cc/re")
    assert inv.count_task("cc")["status"] == "counting"
    assert inv.submit_count("cc", 4, key="cc/2")["status"] == "awaiting_approval"
    inv.reject_count("cc", key="cc/no")
    assert inv.count_task("cc")["status"] == "rejected"
    assert inv.balance("SOAP", "BIN") == 10
    assert inv.record_accuracy().empty  # a rejected count is left out


def test_refusals_are_typed_name_the_argument_and_change_nothing(inv):
    inv.start_count("cc", "SOAP", "BIN", blind=True)
    before = snapshot(inv)
    cases = [
        (onhand.CountInProgressError, None, lambda: inv.start_count("cc2", "SOAP", "BIN")),
        (onhand.UnknownCodeError, "item", lambda: inv.start_count("x", "NOPE", "BIN")),
        (onhand.InvalidLocationError, "location",
         lambda: inv.start_count("x", "SOAP", onhand.CUSTOMER)),
        (onhand.InvalidLocationError, "loss_location",
         lambda: inv.start_count("x", "SOAP", "WEST", loss_location="EAST")),
        (onhand.TrackingMismatchError, "lot", lambda: inv.start_count("x", "SERUM", "BIN")),
        (onhand.InvalidParameterError, "unit_cost",
         lambda: inv.start_count("x", "SOAP", "WEST", tolerance_value=1)),
        (onhand.InvalidParameterError, "tolerance.percent_max",
         lambda: inv.start_count("x", "SOAP", "WEST", tolerance_percent=-1)),
        (onhand.MalformedInputError, "tolerance_quantity",
         lambda: inv.start_count("x", "SOAP", "WEST", tolerance_quantity="lots")),
        (onhand.UnknownCountTaskError, "task", lambda: inv.submit_count("nope", 1, key="s")),
        (onhand.InvalidQuantityError, "counted", lambda: inv.submit_count("cc", -1, key="s")),
        (onhand.PrecisionExceededError, "counted", lambda: inv.submit_count("cc", D("0.5"), key="s")),
        (onhand.InvalidParameterError, "counted_at",
         lambda: inv.submit_count("cc", 1, key="s", counted_at="2026-11-27T08:00:00Z")),
        (onhand.WrongCountStatusError, None, lambda: inv.approve_count("cc", key="d")),
        (onhand.WrongCountStatusError, None, lambda: inv.reject_count("cc", key="d")),
        (onhand.WrongCountStatusError, None, lambda: inv.request_recount("cc", key="d")),
        (onhand.MalformedInputError, "by", lambda: inv.record_accuracy(by="week")),
        (onhand.InvalidParameterError, "frequencies",
         lambda: inv.counts_due({"A": 0}, {"SOAP": "A"}, "2026-12-01")),
        (onhand.MalformedInputError, "classes", lambda: inv.counts_due({"A": 1}, ["SOAP"], "2026-12-01")),
    ]
    for error, field, call in cases:
        with pytest.raises(error) as refused:
            call()
        if field is not None:
            assert refused.value.field == field, (error, refused.value)
        assert snapshot(inv) == before
    with pytest.raises(LookupError):
        inv.count_task("nope")


def test_the_count_sheet_hides_a_blind_counts_expected_quantity(inv):
    inv.start_count("blind", "SOAP", "BIN", blind=True)
    inv.receive("SOAP", 4, to="WEST", key="r2")
    inv.start_count("open", "SOAP", "WEST")
    sheet = inv.count_sheet()
    assert sheet["task"].tolist() == ["blind", "open"]
    assert sheet["expected"].tolist() == [None, D(4)]


def test_counts_due_by_class_and_location(inv, clock):
    inv.receive("SOAP", 4, to="WEST", key="r2")
    inv.start_count("cc", "SOAP", "BIN")
    inv.submit_count("cc", 10, key="cc/1")  # exact: adjusted on 2026-11-27
    due = inv.counts_due({"A": 30}, {"SOAP": "A"}, "2026-12-10")
    # BIN counted 13 days before: not due; WEST never counted: due that day.
    assert due[["item", "location", "due"]].values.tolist() == [["SOAP", "WEST", dt.date(2026, 12, 10)]]
    due = inv.counts_due({"A": 30}, {"SOAP": "A"}, "2026-12-10", locations={"EAST": 7})
    assert due["location"].tolist() == ["BIN", "WEST"]  # BIN due 2026-12-04 sorts first
    assert due["last_counted"].tolist()[0] == dt.date(2026, 11, 27)


def test_counts_travel_through_json_lines(tmp_path):
    inv = onhand.open(tmp_path / "a.db")
    inv.define_location("BIN")
    inv.define_item("SERUM", lot_tracked=True)
    inv.receive("SERUM", 10, to="BIN", key="r1", lot="L1", expiry="2030-01-01")
    inv.start_count("c1", "SERUM", "BIN", lot="L1", abc_class="A", blind=True,
                    tolerance_quantity=1, tolerance_percent=D("12.5"), tolerance_value=5,
                    unit_cost=D("2.35"))
    inv.submit_count("c1", 9, key="c1/1")                    # within: posted with its document
    inv.start_count("c2", "SERUM", "BIN", lot="L1")
    inv.submit_count("c2", 3, key="c2/1")
    inv.request_recount("c2", key="c2/re")
    inv.submit_count("c2", 4, key="c2/2")
    inv.approve_count("c2", key="c2/ok")                     # −5, with its document
    inv.start_count("c3", "SERUM", "BIN", lot="L1")
    inv.submit_count("c3", 1, key="c3/1")
    inv.reject_count("c3", key="c3/no")
    count = inv.export_jsonl(tmp_path / "a.jsonl")
    copy = onhand.import_jsonl(tmp_path / "a.jsonl", into=tmp_path / "b.db")
    assert copy.log_position == count == inv.log_position
    assert copy.count_task("c1") == inv.count_task("c1")
    assert copy.count_variances(exact=True).equals(inv.count_variances(exact=True))
    copy.export_jsonl(tmp_path / "b.jsonl")
    assert (tmp_path / "a.jsonl").read_text() == (tmp_path / "b.jsonl").read_text()
    copy.verify()
