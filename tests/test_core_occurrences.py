"""Occurrences of an event and who may sign up for one (generator/core/occurrences.py,
generator/core/signup.py) on the sample community."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.core.occurrences import happenings, next_happening, occurrence_dates, upcoming
from generator.core.signup import may_sign_up, occurrence_open
from generator.data.community import Community, load_community

REPO = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 12, 7)
SALON = "2026-monthly-member-salon"  # monthly, 3rd Thursday; 02-19 excluded, 09-17 cancelled


@pytest.fixture(scope="module")
def com() -> Community:
    return load_community(str(REPO), TODAY)


def test_dates_leave_out_exdates_and_keep_cancelled_ones(com: Community) -> None:
    dates = occurrence_dates(com, com.events[SALON])
    assert dt.date(2026, 2, 19) not in dates and dt.date(2026, 9, 17) in dates
    assert len(dates) == 11


def test_next_and_upcoming(com: Community) -> None:
    ev = com.events[SALON]
    nxt = next_happening(com, ev, dt.date(2026, 9, 1))
    assert nxt is not None and nxt.date == dt.date(2026, 9, 17) and nxt.cancelled
    assert [h.date for h in upcoming(com, ev, dt.date(2026, 9, 1))] == [
        dt.date(2026, 10, 15), dt.date(2026, 11, 19), dt.date(2026, 12, 17)]
    assert next_happening(com, ev, dt.date(2027, 1, 1)) is None


def test_who_may_sign_up(com: Community) -> None:
    ev = com.events[SALON]  # members only
    hs = {h.date: h for h in happenings(com, ev)}
    december, september = hs[dt.date(2026, 12, 17)], hs[dt.date(2026, 9, 17)]
    li_na, fang_zhi = com.members["li-na"], com.members["fang-zhi"]
    assert occurrence_open(ev, december, TODAY)
    assert may_sign_up(com.charter, li_na, ev, december, TODAY)
    assert not may_sign_up(com.charter, fang_zhi, ev, december, TODAY)  # suspended
    assert not may_sign_up(com.charter, li_na, ev, september, dt.date(2026, 9, 1))  # cancelled
    assert not may_sign_up(com.charter, li_na, ev, hs[dt.date(2026, 11, 19)], TODAY)  # past
    jiang = com.members["jiang-tao"]  # 2026 dues lapsed: not for members-only events
    assert not may_sign_up(com.charter, jiang, ev, december, TODAY)
