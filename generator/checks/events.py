"""Rules about events: times, capacity, the annual gathering (C7) and attendance (R4)."""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING

from generator.checks.rule import rule
from generator.core.occurrences import is_recurring, rule_starts
from generator.core.standing import settled_on
from generator.data.models import OPEN_ENDED_DAYS
from generator.problems import Problem

if TYPE_CHECKING:
    from generator.data.community import Community
    from generator.i18n.keys import Key


@rule("event.times")
def event_times(com: Community) -> Iterable[Problem]:
    """An event ends after it starts; all-day events use dates for both ends."""
    for ev in com.events.values():
        if ev.end is None:
            continue
        if isinstance(ev.start, dt.datetime) != isinstance(ev.end, dt.datetime):
            line, col = ev.where("end")
            yield Problem.make("event.times", "error", ev.file, line, col, "event.mixed")
        elif com.event_end(ev) <= com.event_start(ev):
            line, col = ev.where("end")
            yield Problem.make("event.times", "error", ev.file, line, col, "event.end-before",
                               start=str(ev.start), end=str(ev.end))


@rule("event.capacity")
def event_capacity(com: Community) -> Iterable[Problem]:
    """Sign-ups stay within the capacity, per occurrence: RSVPs plus guests (the rest wait
    on the waitlist); guests recorded as waiting (``waitlist_guests``) belong to someone on
    the waitlist."""
    for ev in com.events.values():
        waits: list[tuple[list[str], dict[str, int], tuple[str | int, ...]]] = [
            (ev.waitlist, ev.waitlist_guests, ())]
        waits += [(o.waitlist, o.waitlist_guests, ("occurrences", i))
                  for i, o in enumerate(ev.occurrences)]
        for waitlist, waiting, path in waits:
            for host in waiting:
                if host not in waitlist:
                    line, col = ev.where(*path, "waitlist_guests", host)
                    yield Problem.make("event.capacity", "error", ev.file, line, col,
                                       "event.waitlist-guests", member=host,
                                       count=waiting[host])
        if ev.capacity is None:
            continue
        places: list[tuple[list[str], int, tuple[str | int, ...]]] = [(ev.rsvp, ev.guests, ())]
        places += [(o.rsvp, o.guests, ("occurrences", i)) for i, o in enumerate(ev.occurrences)]
        for rsvp, guests, path in places:
            if len(rsvp) + guests > ev.capacity:
                line, col = ev.where(*path, "rsvp", max(0, ev.capacity - guests))
                yield Problem.make("event.capacity", "error", ev.file, line, col,
                                   "event.capacity", count=len(rsvp) + guests,
                                   capacity=ev.capacity)


@rule("event.attendance")
def event_attendance(com: Community) -> Iterable[Problem]:
    """Attendance is recorded only for events that took place (not cancelled ones)."""
    for ev in com.events.values():
        if ev.status == "cancelled" and ev.attended:
            line, col = ev.where("attended")
            yield Problem.make("event.attendance", "error", ev.file, line, col,
                               "event.cancelled-attended")


@rule("event.future-attendance", time_driven=True)
def event_future_attendance(com: Community) -> Iterable[Problem]:
    """Attendance is recorded afterwards: an event that has not started has none
    (time-driven: warning)."""
    for ev in com.events.values():
        if ev.attended and com.event_start(ev).date() > com.today:
            line, col = ev.where("attended")
            yield Problem.make("event.attendance", "warning", ev.file, line, col,
                               "event.future-attended", today=com.today.isoformat())


@rule("event.recurrence")
def event_recurrence(com: Community) -> Iterable[Problem]:
    """A recurring event's ``recurrence.rrule`` is a valid RFC 5545 rule (the calendar feed
    would otherwise publish the event only once) of the kind a club's events have — at most
    daily, with the parts a calendar app offers — and it happens at least once. This bounds
    what ``build`` does: a rule that can never happen (30 February) or happens every minute
    would have the expansion search for years."""
    from dateutil.rrule import rrulestr

    for ev in com.events.values():
        if ev.recurrence is None:
            continue
        rule_text = ev.recurrence.rrule
        line, col = ev.where("recurrence", "rrule")
        refusal = _rule_shape(rule_text)
        if refusal is not None:
            yield Problem.make("event.recurrence", "error", ev.file, line, col, refusal[0],
                               found=rule_text, part=refusal[1],
                               allowed=", ".join(RRULE_PARTS))
            continue
        start = com.event_start(ev)
        try:  # UNTIL=<date> needs a naive start, UNTIL=…Z an aware one (as core/occurrences.py)
            try:
                rule = rrulestr(rule_text, dtstart=start.replace(tzinfo=None))
            except ValueError:
                rule = rrulestr(rule_text, dtstart=start)
        except (ValueError, TypeError) as exc:
            yield Problem.make("event.recurrence", "error", ev.file, line, col,
                               "event.rrule", found=rule_text, detail=str(exc))
            continue
        excluded = set(ev.recurrence.exdates)
        first = list(itertools.islice(rule, len(excluded) + 1))  # a feasible rule: at once
        if all(d.date() in excluded for d in first):
            yield Problem.make("event.recurrence", "error", ev.file, line, col,
                               "event.rrule-never", found=rule_text)
            continue
        # every instance up to a year ahead is a line on the events and calendar pages
        horizon = max(com.today, com.event_start(ev).date()) + dt.timedelta(days=OPEN_ENDED_DAYS)
        shown = [d for d in itertools.islice(rule, MAX_INSTANCES + len(excluded) + 1)
                 if d.date() <= horizon and d.date() not in excluded]
        if len(shown) > MAX_INSTANCES:
            yield Problem.make("event.recurrence", "error", ev.file, line, col,
                               "event.rrule-many", found=rule_text, limit=MAX_INSTANCES,
                               until=horizon.isoformat())


@rule("event.occurrence-date")
def event_occurrence_date(com: Community) -> Iterable[Problem]:
    """An occurrence record (attendance, sign-ups, a cancellation) is for a day the event
    happens on: a date of its rule (a one-off event: its start date, as
    ``core.occurrences.rule_starts`` expands it), or a date marked as moved with
    ``moved_from: <a date of the rule>``; never before the event's start. Otherwise anyone
    organising a future series could record attendance on a day it never had (R4 counts
    it)."""
    for ev in com.events.values():
        if not ev.occurrences or (ev.recurrence is not None and not is_recurring(com, ev)):
            continue  # an unreadable rule is event.recurrence's to report
        start = com.event_start(ev).date()
        latest = max(max(o.date, o.moved_from or o.date) for o in ev.occurrences)
        on_rule = {s.date() for s in rule_starts(com, ev, latest)} if latest >= start else set()
        for i, occ in enumerate(ev.occurrences):
            if occ.date < start:
                line, col = ev.where("occurrences", i, "date")
                yield Problem.make("event.occurrence-date", "error", ev.file, line, col,
                                   "event.occurrence-before-start", date=occ.date.isoformat(),
                                   start=start.isoformat())
            elif occ.moved_from is not None and occ.moved_from not in on_rule:
                line, col = ev.where("occurrences", i, "moved_from")
                yield Problem.make("event.occurrence-date", "error", ev.file, line, col,
                                   "event.occurrence-moved-from", date=occ.date.isoformat(),
                                   moved_from=occ.moved_from.isoformat())
            elif occ.moved_from is None and occ.date not in on_rule:
                line, col = ev.where("occurrences", i, "date")
                yield Problem.make("event.occurrence-date", "error", ev.file, line, col,
                                   "event.occurrence-off-rule", date=occ.date.isoformat())


RRULE_FREQS = ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")
MAX_INSTANCES = 120
"""Instances one series may have from its start to a year ahead (weekly for two years, monthly
for ten): the bound on what a pull request of event files can make ``build`` do, measured in
benchmarks/bench_hostile.py (50 such series: under 2x the sample's build)."""
RRULE_PARTS = ("FREQ", "INTERVAL", "COUNT", "UNTIL", "BYDAY", "BYMONTHDAY", "BYMONTH", "WKST")
_MONTH_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _rule_shape(text: str) -> tuple[Key, str] | None:
    """Why a rule is not one a club's event can have, as (message key, the part), or None.
    Only the parts listed in RRULE_PARTS are accepted, FREQ at most DAILY, and BYMONTHDAY
    must fit one of the BYMONTH months (no 30 February): with these, every rule dateutil
    accepts yields its next instance at once."""
    parts: dict[str, str] = {}
    for piece in text.upper().removeprefix("RRULE:").split(";"):
        name, _, value = piece.partition("=")
        parts[name.strip()] = value.strip()
    for name in parts:
        if name not in RRULE_PARTS:
            return "event.rrule-part", name
    if parts.get("FREQ") not in RRULE_FREQS:
        return "event.rrule-freq", parts.get("FREQ", "")
    try:
        days = [int(v) for v in parts["BYMONTHDAY"].split(",")] if "BYMONTHDAY" in parts else []
        months = [int(v) for v in parts["BYMONTH"].split(",")] if "BYMONTH" in parts else []
    except ValueError:
        return None  # dateutil says what is wrong with the number
    longest = max((_MONTH_DAYS[m - 1] for m in months if 1 <= m <= 12), default=31)
    if days and all(abs(d) > longest or d == 0 for d in days):
        return "event.rrule-never-day", parts["BYMONTHDAY"]
    return None


@rule("C7.gathering")
def c7_gathering(com: Community) -> Iterable[Problem]:
    """C7 "菁英会"会承办大型年度聚会活动(150人以上)。The annual gathering is sized for
    at least the charter's number of people."""
    need = com.charter.annual_gathering.min_capacity
    for ev in com.events.values():
        if ev.kind == "annual_gathering" and (ev.capacity or 0) < need:
            line, col = ev.where("capacity") if ev.capacity else ev.where("kind")
            yield Problem.make("C7.gathering", "error", ev.file, line, col, "C7.gathering",
                               capacity=ev.capacity or 0, minimum=need)


def attendance_by_year(com: Community) -> dict[str, dict[int, int]]:
    """member id → year → number of events attended (year in the charter's time zone)."""
    out: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for ev in com.events.values():
        if ev.status == "cancelled":
            continue
        year = com.event_start(ev).year
        for mid in ev.attended:
            out[mid][year] += 1
        for occ in ev.occurrences:
            if not occ.cancelled:
                for mid in occ.attended:
                    out[mid][occ.date.year] += 1
    return out


def held_after(com: Community) -> dict[int, list[dt.date]]:
    """year → sorted dates of events held (not cancelled, started before today)."""
    out: dict[int, list[dt.date]] = defaultdict(list)
    for ev in com.events.values():
        if ev.status == "cancelled":
            continue
        day = com.event_start(ev).date()
        if day <= com.today:
            out[day.year].append(day)
        for occ in ev.occurrences:
            if not occ.cancelled and occ.date <= com.today:
                out[occ.date.year].append(occ.date)
    for days in out.values():
        days.sort()
    return out


@rule("R4.attendance", time_driven=True)
def r4_attendance(com: Community) -> Iterable[Problem]:
    """R4 每年必须参加一次群内活动。Every active inner member attended at least the
    charter's number of events in each completed calendar year of membership (counted in
    the charter's time zone; a year only asks for as many events as were held after the
    member's grace period, see ``settled_on``). Time-driven: warning."""
    per_year = com.charter.attendance.events_per_year
    if per_year <= 0:
        return
    att = attendance_by_year(com)
    held = held_after(com)
    for m in com.active_inner():
        for year in range(m.joined.year, com.today.year):
            days = held.get(year, [])  # sorted: count the days on or after joining
            possible = len(days) - bisect.bisect_left(days, settled_on(com.charter, m))
            need = min(per_year, possible)
            got = att.get(m.id, {}).get(year, 0)
            if got < need:
                line, col = m.where("status")
                yield Problem.make("R4.attendance", "warning", m.file, line, col,
                                   "R4.attendance", year=year, count=got, need=need)
