"""Engagement per member and year, from the data alone (no logins, no tracking).

Why: "如何提高日活率是我始终没有研究明白的问题" — the author never found how to raise activity.
Before raising it, show it: what each member did each year, and what the community did.

What counts, and in which year:

* ``events``    — an attendance: a member in an event's ``attended`` list (the event's start
  year) or in a recurring event's ``occurrences[].attended`` (the occurrence's year).
  Cancelled events and occurrences, and dates after ``today``, do not count.
* ``media``     — a media resource the member owns, in the year of its ``updated`` date.
* ``clients``   — a client-library entry the member holds, in the year of its ``since`` date.
* ``posts``     — a board post (offer, need or ad), in the year it was ``posted``.
* ``sponsored`` — a member whose ``sponsor`` is this member, in the year they ``joined``.
* ``answered``  — a need naming the member in ``fulfilled_by``, in the year it was posted
  (the data has no date of fulfilment).

A resource without a date (``updated`` / ``since`` left out) is counted as *undated* (year
``None``): it shows in a member's totals, but proves no activity in any particular year, so
it does not clear the R4/C4 "no activity this year" report. The fix is to add the date.

Visibility: ``edition`` limits what is counted to what that edition may show (public: no
clients, no members-only events, media or posts); per-member figures are only ever shown in
the members edition (see generator/pages/matching.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from generator.analysis.cache import per_community
from generator.data import editions
from generator.data.editions import Edition
from generator.i18n import dynamic, text

if TYPE_CHECKING:
    from generator.data.community import Community

CATEGORIES: tuple[str, ...] = ("events", "media", "clients", "posts", "sponsored", "answered")
Year = int | None
Counts = dict[str, int]


def label(category: str, lang: str) -> str:
    """A category's name in ``lang`` (the catalogue's ``engagement.*``)."""
    return text(lang, dynamic("engagement.", category))


@dataclass
class Engagement:
    """Counts by member, year (None: undated) and category; plus events held per year."""

    edition: Edition
    today: dt.date
    by_member: dict[str, dict[Year, Counts]] = field(default_factory=dict)
    events_held: dict[int, int] = field(default_factory=dict)

    def add(self, member: str, year: Year, category: str, n: int = 1) -> None:
        years = self.by_member.setdefault(member, {})
        counts = years.setdefault(year, dict.fromkeys(CATEGORIES, 0))
        counts[category] += n

    def member_years(self, member: str) -> dict[Year, Counts]:
        """One member's counts by year (dated years ascending, undated last)."""
        years = self.by_member.get(member, {})
        return {y: dict(years[y]) for y in sorted(years, key=lambda y: (y is None, y or 0))}

    def active_in(self, member: str, year: int) -> bool:
        return any(self.by_member.get(member, {}).get(year, {}).values())

    def years(self) -> list[int]:
        """Every dated year with any activity or event, ascending, up to today's year."""
        ys: set[int] = set(self.events_held)
        for years in self.by_member.values():
            ys.update(y for y in years if y is not None)
        return sorted(y for y in ys if y <= self.today.year)

    def totals(self) -> dict[int, Counts]:
        """The community's totals per dated year (undated resources are left out)."""
        out: dict[int, Counts] = {y: dict.fromkeys(CATEGORIES, 0) for y in self.years()}
        for years in self.by_member.values():
            for y, counts in years.items():
                if y in out:
                    for c, n in counts.items():
                        out[y][c] += n
        return out

    def active_members(self) -> dict[int, int]:
        """How many members did anything, per dated year (a count, never a list of names)."""
        out = dict.fromkeys(self.years(), 0)
        for years in self.by_member.values():
            for y in out:
                if any(years.get(y, {}).values()):
                    out[y] += 1
        return out


def compute(com: Community, edition: Edition = "members") -> Engagement:
    """Count everything ``edition`` may see. Member ids that name no member are skipped
    (``check`` reports them)."""
    eng = Engagement(edition=edition, today=com.today)
    known = set(com.members)
    for day, attended in attendances(com, edition):
        eng.events_held[day.year] = eng.events_held.get(day.year, 0) + 1
        for mid in sorted(set(attended) & known):
            eng.add(mid, day.year, "events")
    for r in editions.media(com, edition):
        eng.add(r.owner, _year(r.updated), "media")
    for c in editions.clients(com, edition):
        if c.owner in known:
            eng.add(c.owner, _year(c.since), "clients")
    for p in editions.board(com, edition, include_expired=True):
        if p.posted <= com.today:
            eng.add(p.owner, p.posted.year, "posts")
            if p.type == "need":
                for mid in sorted(set(p.fulfilled_by) & known):
                    eng.add(mid, p.posted.year, "answered")
    for m in editions.members(com, edition):
        if m.sponsor is not None and m.sponsor in known and m.joined <= com.today:
            eng.add(m.sponsor, m.joined.year, "sponsored")
    return eng


def of(com: Community, edition: Edition = "members") -> Engagement:
    """``compute(com, edition)``, once per community object."""
    return per_community(com, f"engagement:{edition}", lambda: compute(com, edition))


def attendances(com: Community, edition: Edition) -> Iterable[tuple[dt.date, list[str]]]:
    """(date, attended ids) of every event held by today, in event order: a one-off event
    once, a recurring event once per date its rule yields (EXDATEs left out) with that
    date's ``occurrences`` record. Cancelled events and occurrences are not held."""
    from generator.core.occurrences import happenings  # the one expansion of RRULEs the exports use
    for ev in editions.events(com, edition):
        for h in happenings(com, ev, until=com.today):
            if not h.cancelled and h.date <= com.today:
                yield h.date, h.attended


def _year(d: dt.date | None) -> Year:
    return d.year if d is not None else None


# --------------------------------------------------------------------------- public aggregates


@dataclass(frozen=True)
class MonthFigures:
    """The public edition's only engagement figures: what happened in one calendar month."""

    month: str               # "2026-11"
    new_resources: int       # public media resources whose `updated` falls in the month
    needs_posted: int        # public needs posted in the month
    needs_matched: int       # … of which fulfilled, or with a suggested match today
    events_held: int         # public events (and occurrences) held in the month, by today


def month_series(com: Community, months: list[tuple[int, int]],
                 matched_needs: set[str]) -> list[MonthFigures]:
    """Aggregates for each (year, month) pair, in one pass over the public data; only what
    happened by ``com.today`` counts. ``matched_needs``: ids of public needs that currently
    have at least one suggested match (from the public matching)."""
    figures = {ym: [0, 0, 0, 0] for ym in months}

    def bump(d: dt.date | None, field: int) -> None:
        if d is not None and d <= com.today and (d.year, d.month) in figures:
            figures[(d.year, d.month)][field] += 1

    for r in editions.media(com, "public"):
        bump(r.updated, 0)
    for p in editions.board(com, "public", include_expired=True):
        if p.type == "need":
            bump(p.posted, 1)
            if p.fulfilled_by or p.id in matched_needs:
                bump(p.posted, 2)
    for day, _attended in attendances(com, "public"):
        bump(day, 3)
    return [MonthFigures(f"{y:04d}-{m:02d}", *figures[(y, m)]) for y, m in months]


def recent_months(today: dt.date, count: int = 12) -> list[tuple[int, int]]:
    """(year, month) of the ``count`` months ending with today's, oldest first."""
    out = []
    y, m = today.year, today.month
    for _ in range(count):
        out.append((y, m))
        y, m = (y, m - 1) if m > 1 else (y - 1, 12)
    return out[::-1]
