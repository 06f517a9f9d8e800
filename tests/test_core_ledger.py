"""The dues ledger (generator/core/ledger.py) over the sample community (issue 24 item 1,
issue 27 item 1); report, check, dues and the CSVs agreeing: tests/test_agreement.py."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path

import pytest
import yaml

from generator.admin.report import build_report
from generator.checks import run_all
from generator.core.ledger import ledger, next_dues_year
from generator.core.standing import in_good_standing, standing_on
from generator.data.community import Community, load_community
from generator.data.models import DuesPayment, Suspension

REPO = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 12, 7)
STATES = {"dues-soon": "due-soon", "dues-overdue": "overdue", "dues-lapsed": "lapsed"}


@pytest.fixture(scope="module")
def com() -> Community:
    return load_community(str(REPO), TODAY)


def fresh() -> Community:
    return load_community(str(REPO), TODAY)


def report_dues(com: Community) -> dict[tuple[str, int], str]:
    """(member, year) → the ledger state of the report's dues section listing it."""
    rep = build_report(com, run_all(com), "en", fold=False)
    out = {}
    for s in rep.sections:
        if s.id in STATES:
            for item in s.items:
                out[(item.id, int(item.args["year"]))] = STATES[s.id]
    return out


def check_lapsed(com: Community) -> set[tuple[str, int]]:
    return {(p.file.split("/")[-1].removesuffix(".yml"), int(dict(p.args)["year"]))
            for p in run_all(com) if p.rule == "C2.lapsed"}


def test_paid_totals_add_up_to_the_yaml(com: Community) -> None:
    for m in com.members.values():
        with open(REPO / m.file, encoding="utf-8") as f:
            raw = yaml.safe_load(f).get("dues") or []
        by_year: dict[int, float] = defaultdict(float)
        for d in raw:
            by_year[d["year"]] += d["amount"]
        got = {r.year: r.paid for r in ledger(com.charter, m, TODAY) if r.paid}
        assert got == dict(by_year), m.id


def test_partial_payment_owes_the_balance(com: Community) -> None:
    m = com.members["jiang-tao"]
    short = m.model_copy(update={"dues": [*m.dues, DuesPayment(
        year=2027, paid=dt.date(2026, 12, 1), amount=1500, note="先付一半")]})
    r = next(r for r in ledger(com.charter, short, TODAY) if r.year == 2027)
    assert (r.state, r.paid, r.balance, r.amount) == ("partial", 1500, 1500, 3000)
    assert r.last_paid == dt.date(2026, 12, 1) and r.notes == ("先付一半",)


def test_promoted_members_years_before_promotion_are_not_due() -> None:
    """After ``member promote`` the report said the years before promotion were hundreds of
    days overdue while check said nothing; the ledger counts from the promotion."""
    com = fresh()
    m = com.members["bai-lu"]  # outer court since 2024-08-10
    com.members["bai-lu"] = m.model_copy(update={"circle": "inner",
                                                 "promoted": dt.date(2026, 11, 20)})
    years = {r.year: r.state for r in ledger(com.charter, com.members["bai-lu"], TODAY)}
    assert years == {2026: "overdue", 2027: "due-soon"}
    got = {k: v for k, v in report_dues(com).items() if k[0] == "bai-lu"}
    assert got == {("bai-lu", 2026): "overdue", ("bai-lu", 2027): "due-soon"}
    assert not {k for k in check_lapsed(com) if k[0] == "bai-lu"}
    assert next_dues_year(com.members["bai-lu"]) == 2026


def test_suspended_member_has_unpaid_years_listed(com: Community) -> None:
    m = com.members["fang-zhi"]
    assert m.status == "suspended"
    rows = {r.year: r.state for r in ledger(com.charter, m, TODAY)}
    assert rows[2025] == "paid" and rows[2026] == "lapsed" and rows[2027] == "due-soon"
    assert standing_on(com.charter, m, TODAY) == "suspended"
    assert not in_good_standing(com.charter, m, TODAY)


def test_next_year_when_everything_due_is_paid(com: Community) -> None:
    """README: ``member dues li-na --paid 2027/1/8`` records 2027 when 2026 is paid."""
    m = com.members["li-na"]
    assert {2026} <= {d.year for d in m.dues}
    assert next_dues_year(m) == max(d.year for d in m.dues) + 1


# report, check, dues and the CSVs agreeing on every member and year (the sample at three
# dates, a synthetic 1,000): tests/test_agreement.py, over the commands' outputs.


def test_report_counts_the_intake_as_c5_does() -> None:
    """C5 counts a promotion in the year of promotion; the report counted the joining year."""
    com = fresh()
    before = _admitted(com)
    m = com.members["bai-lu"]
    com.members["bai-lu"] = m.model_copy(update={"circle": "inner",
                                                 "promoted": dt.date(2026, 11, 20)})
    assert _admitted(com) == before + 1


def _admitted(com: Community) -> int:
    rep = build_report(com, run_all(com), "en", fold=False)
    fact = next(f for s in rep.sections if s.id == "intake" for f in s.facts)
    return int(fact.args["admitted"])


def test_standing_on_a_day_reads_the_suspension_history(com: Community) -> None:
    """Issue 23 item 2: an organiser active today who was suspended on the day they certify
    attendance for was not in good standing that day (the history, ``suspensions``)."""
    m = com.members["li-na"]
    assert m.status == "active"
    day = dt.date(2026, 6, 10)
    plain = standing_on(com.charter, m, day)
    held = m.model_copy(update={"suspensions": [
        Suspension(start=dt.date(2026, 6, 1), end=dt.date(2026, 6, 20))]})
    assert standing_on(com.charter, held, day) == "suspended"
    assert standing_on(com.charter, held, dt.date(2026, 6, 20)) == plain  # reinstated
    assert standing_on(com.charter, held, dt.date(2026, 5, 31)) == plain
