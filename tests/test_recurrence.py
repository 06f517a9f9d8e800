"""Recurrence rules with bounded work (issue 23 item 5): generator/core/recurrence.py.

dateutil looks for a rule's next instance period by period and compares UNTIL only with an
instance it found, so a rule that never happens walked to the year 9999 (about a second of
``check`` for each such event file). The guard below counts dateutil's periods instead of
timing anything: the expansion must not walk the calendar at all. The expansion's meaning is
dateutil's, instance for instance (a derandomised sample of rules of every accepted shape).
"""

from __future__ import annotations

import datetime as dt
import itertools
import shutil
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import BASE
from dateutil import rrule as dateutil_rrule
from dateutil.rrule import rrulestr
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.checks import run_all
from generator.core import recurrence
from generator.core.occurrences import happenings, occurrence_dates, rule_starts
from generator.data.community import Community, load_community

TODAY = dt.date(2026, 12, 7)
PERIODS = ("ydayset", "mdayset", "wdayset", "ddayset")
BUDGET = 500  # dateutil periods a test may cost; a walk to 9999 costs tens of thousands


@pytest.fixture
def walk_guard(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """Counts the periods dateutil visits while iterating a rule, and stops a long walk."""
    visited = [0]
    for name in PERIODS:
        original = getattr(dateutil_rrule._iterinfo, name)

        def counted(self: Any, *args: Any, _original: Any = original) -> Any:
            visited[0] += 1
            if visited[0] > BUDGET:
                raise AssertionError(f"dateutil walked more than {BUDGET} periods")
            return _original(self, *args)

        monkeypatch.setattr(dateutil_rrule._iterinfo, name, counted)
    yield visited


def community_with(tmp_path: Path, body: str) -> Community:
    root = tmp_path / "community"
    shutil.copytree(BASE, root)
    (root / "content" / "events" / "never.yml").write_text(
        "title: 从不发生的活动\norganizers: [zhou-tao]\n" + body, encoding="utf-8")
    return load_community(str(root), TODAY)


NEVER = [  # each walked dateutil to the year 9999 (0.05-1.5 s) before finding nothing
    ("2026-12-02 19:30", "FREQ=DAILY;INTERVAL=7;BYDAY=TU"),  # a Wednesday, every 7 days
    ("2026-12-02 19:30", "FREQ=DAILY;INTERVAL=7;BYDAY=TU;UNTIL=20270601"),  # UNTIL no help
    ("2026-12-02 19:30", "FREQ=YEARLY;BYMONTH=1;BYDAY=1MO;BYMONTHDAY=31"),  # a 1st Monday
    ("2026-01-05 19:30", "FREQ=MONTHLY;INTERVAL=12;BYMONTH=3"),  # only Januaries
    ("2025-02-03 19:30", "FREQ=YEARLY;INTERVAL=4;BYMONTH=2;BYMONTHDAY=29"),  # 2025, 2029…
    ("2026-12-02 19:30", "FREQ=MONTHLY;BYDAY=5MO;BYMONTHDAY=1"),  # a 5th Monday is no 1st
    ("2026-12-02 19:30", "FREQ=MONTHLY;BYDAY=20FR"),  # no month has 20 Fridays
]


@pytest.mark.parametrize("start, rule", NEVER)
def test_a_rule_that_never_happens_is_answered_without_walking_the_calendar(
        tmp_path: Path, walk_guard: list[int], start: str, rule: str) -> None:
    com = community_with(tmp_path, f'start: "{start}"\nrecurrence:\n  rrule: {rule}\n')
    ev = com.events["never"]
    assert rule_starts(com, ev, dt.date(9999, 12, 31)) == []
    assert occurrence_dates(com, ev) == []
    assert happenings(com, ev, until=dt.date(2040, 1, 1)) == []
    problems = [p for p in run_all(com) if p.file.endswith("never.yml")]
    assert [(p.rule, p.key, p.line) for p in problems] == [
        ("event.recurrence", "event.rrule-none", 5)], problems
    text = problems[0].message("en")
    assert rule in text and start[:10] in text and "never happens" in text
    assert walk_guard[0] == 0


def test_exdates_that_remove_every_instance_are_named_as_such(tmp_path: Path,
                                                              walk_guard: list[int]) -> None:
    com = community_with(tmp_path, 'start: "2027-01-05 19:30"\nrecurrence:\n'
                         "  rrule: FREQ=WEEKLY;COUNT=2\n  exdates: [2027-01-05, 2027-01-12]\n")
    keys = [p.key for p in run_all(com) if p.file.endswith("never.yml")]
    assert keys == ["event.rrule-never"]


@pytest.mark.parametrize("rule", ["FREQ=MONTHLY;INTERVAL=0", "FREQ=MONTHLY;BYDAY=54MO",
                                  "FREQ=MONTHLY;BYDAY=-99FR"])
def test_rules_outside_the_rfc_ranges_are_refused(tmp_path: Path, walk_guard: list[int],
                                                  rule: str) -> None:
    """INTERVAL=0 had dateutil repeat one period forever; BYDAY=60MO raised IndexError
    inside dateutil's iteration (an ``internal`` problem in check)."""
    com = community_with(tmp_path, f'start: "2026-12-02 19:30"\nrecurrence:\n  rrule: {rule}\n')
    found = [(p.rule, p.key) for p in run_all(com) if p.file.endswith("never.yml")]
    assert found == [("event.recurrence", "event.rrule-range")]
    assert occurrence_dates(com, com.events["never"]) == [dt.date(2026, 12, 2)]


WEEKDAYS = st.sampled_from(recurrence.WEEKDAYS)
ORDINAL = st.sampled_from(["", "", "", "1", "2", "-1", "3", "4", "5", "-5", "53", "-53", "20"])


@st.composite
def rules(draw: st.DrawFn) -> str:
    parts = [f"FREQ={draw(st.sampled_from(recurrence.RRULE_FREQS))}"]
    if draw(st.booleans()):
        parts.append(f"INTERVAL={draw(st.sampled_from([1, 2, 3, 4, 5, 7, 12, 13, 48, 400]))}")
    if draw(st.integers(0, 3)) == 0:
        parts.append("BYMONTH=" + ",".join(map(str, draw(st.lists(st.integers(1, 12),
                                                                   min_size=1, max_size=3)))))
    if draw(st.integers(0, 2)) == 0:
        days = draw(st.lists(st.sampled_from([1, 5, 15, 28, 29, 30, 31, -1, -2, -7]),
                             min_size=1, max_size=2))
        parts.append("BYMONTHDAY=" + ",".join(map(str, days)))
    if draw(st.booleans()):
        days = draw(st.lists(st.tuples(ORDINAL, WEEKDAYS), min_size=1, max_size=3))
        parts.append("BYDAY=" + ",".join(n + w for n, w in days))
    if draw(st.integers(0, 3)) == 0:
        parts.append(f"WKST={draw(WEEKDAYS)}")
    if draw(st.integers(0, 4)) == 0:
        parts.append(f"COUNT={draw(st.integers(0, 6))}")
    if draw(st.integers(0, 4)) == 0:
        parts.append(f"UNTIL={draw(st.dates(dt.date(2020, 1, 1), dt.date(2045, 1, 1))):%Y%m%d}")
    return ";".join(draw(st.permutations(parts)))


starts = st.builds(dt.datetime.combine, st.dates(dt.date(1990, 1, 1), dt.date(2035, 12, 31)),
                   st.sampled_from([dt.time(0, 0), dt.time(19, 30)]))


@settings(max_examples=200, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(text=rules(), start=starts)
def test_instances_are_dateutils(text: str, start: dt.datetime) -> None:
    """The bounded expansion gives dateutil's instances, in order, for every accepted rule
    (the comparison stops at the last instance found, so dateutil never walks far)."""
    if recurrence.shape(text) is not None:
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # COUNT with UNTIL
        theirs_rule = rrulestr(text, dtstart=start)
    rule = recurrence.read(text, start)
    assert rule is not None
    mine = recurrence.instances(rule, start, recurrence.LAST_DAY, 6)
    try:
        theirs = list(itertools.islice(theirs_rule, len(mine)))
    except IndexError:  # dateutil's own bug with a deep BYDAY ordinal
        return
    assert mine == theirs
