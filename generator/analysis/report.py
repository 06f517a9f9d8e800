"""What the weekly admin report needs from matching and engagement, as plain functions.

Why plain functions: the admin report (generator/admin/report.py) wraps them as sections
(generator/admin/matching_sections.py), and anything else — a test, a script, another
report format — can call them directly. Admins see everything, so these use the members
edition (which still never shows ``private`` contact fields).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from generator.analysis import engagement
from generator.analysis.match import matching
from generator.analysis.score import Match
from generator.data.models import Member, Post

if TYPE_CHECKING:
    from generator.data.community import Community

STALE_DAYS = 14


@dataclass(frozen=True)
class StaleNeed:
    need: Post
    age_days: int


def stale_needs(com: Community, days: int = STALE_DAYS) -> list[StaleNeed]:
    """Open needs (active, not fulfilled) posted at least ``days`` days before ``com.today``
    for which matching finds nobody: an admin has to route them by hand. Oldest first."""
    mm = matching(com, "members")
    out = [StaleNeed(p, (com.today - p.posted).days) for p in mm.needs.values()
           if (com.today - p.posted).days >= days and not mm.for_need(p.id)]
    return sorted(out, key=lambda s: (-s.age_days, s.need.id))


def new_matches(com: Community, since: dt.date) -> list[Match]:
    """Suggested matches that became possible on or after ``since`` (the later of the need's
    and the candidate's dates), by need then rank: who to introduce to whom this week."""
    mm = matching(com, "members")
    return [m for nid in sorted(mm.by_need) for m in mm.for_need(nid)
            if m.since is not None and m.since >= since]


def introductions(com: Community, since: dt.date) -> list[Match]:
    """``new_matches`` reduced to one per (need, member to introduce): the best match of that
    member or of anything they own, so the report names each pair of people once."""
    seen: set[tuple[str, str]] = set()
    out = []
    for m in new_matches(com, since):
        if (m.need, m.owner) not in seen:
            seen.add((m.need, m.owner))
            out.append(m)
    return out


def inactive_members(com: Community, year: int | None = None,
                     circle: str | None = "inner") -> list[Member]:
    """Active members (of ``circle``; None: both) who joined before or in ``year`` and have
    no dated activity of any kind in it (R4, C4), in id order — default year: today's."""
    year = year or com.today.year
    eng = engagement.of(com, "members")
    return [m for _id, m in sorted(com.members.items())
            if m.status == "active" and (circle is None or m.circle == circle)
            and m.joined.year <= year and not eng.active_in(m.id, year)]
