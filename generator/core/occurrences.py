"""Occurrences of an event: the one date of a single event, or a recurring event's dates
(RRULE minus EXDATEs, plus moved dates recorded in ``occurrences``), each with whether it is
cancelled and the attendance and sign-ups (RSVPs, waitlist, guests) recorded for it. The one
expansion every stage reads: pages, the request form, the CSV, Atom and JSON-LD exports, the
calendar's time-zone range (the calendar itself publishes the rule, so phones expand it),
the digest, ``jielong``, the report and the lifecycle commands."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import icalendar
from dateutil.rrule import rrulestr

from generator.data.community import is_all_day
from generator.data.models import OPEN_ENDED_DAYS

if TYPE_CHECKING:
    from dateutil.rrule import rrulebase

    from generator.data.community import Community
    from generator.data.models import Event

MAX_OCCURRENCES = 1000
RANGE_YEARS = 3


@dataclass(frozen=True)
class Happening:
    """One date an event happens on, and what the data says about it."""

    date: dt.date
    start: dt.datetime
    end: dt.datetime
    cancelled: bool
    attended: list[str] = field(default_factory=list)
    index: int = 0  # position among the event's happenings, from 0
    rsvp: list[str] = field(default_factory=list)
    waitlist: list[str] = field(default_factory=list)
    guests: int = 0
    guest_names: list[str] = field(default_factory=list)  # members edition only
    waitlist_guests: dict[str, int] = field(default_factory=dict)  # by waiting host


def _rule(com: Community, ev: Event) -> rrulebase | None:
    """The event's rule as dateutil reads it, or None (no rule, or one it cannot read)."""
    if ev.recurrence is None:
        return None
    start = com.event_start(ev)
    for dtstart in (start.replace(tzinfo=None), start):
        # UNTIL=…Z needs an aware start, UNTIL=<date> a naive one
        try:
            return rrulestr(ev.recurrence.rrule, dtstart=dtstart)
        except (ValueError, TypeError):
            continue
    return None


def is_recurring(com: Community, ev: Event) -> bool:
    """True when the event has a rule that both dateutil and icalendar can read. An unreadable
    rule publishes the event once, on its start date, rather than breaking the build."""
    if ev.recurrence is None or _rule(com, ev) is None:
        return False
    try:
        return bool(icalendar.vRecur.from_ical(ev.recurrence.rrule))
    except ValueError:
        return False


def rule_starts(com: Community, ev: Event, until: dt.date) -> list[dt.datetime]:
    """Local wall-clock starts of every instance the RRULE yields (no EXDATE applied)."""
    rule = _rule(com, ev)
    if rule is None:
        return [com.event_start(ev).replace(tzinfo=None)]
    out: list[dt.datetime] = []
    for inst in rule:
        local = inst.astimezone(com.tz).replace(tzinfo=None) if inst.tzinfo else inst
        if local.date() > until or len(out) >= MAX_OCCURRENCES:
            break
        out.append(local)
    return out


def skipped_days(ev: Event) -> set[dt.date]:
    """The rule's dates on which no meeting happens: its EXDATEs, and the dates of meetings
    recorded as moved to another day (``moved_from`` on an occurrence)."""
    exdates = ev.recurrence.exdates if ev.recurrence else []
    return set(exdates) | {o.moved_from for o in ev.occurrences if o.moved_from}


def happenings(com: Community, ev: Event, until: dt.date | None = None) -> list[Happening]:
    """Every date the event happens on, in order. A one-off event has one happening that
    carries ``ev.attended``; a recurring one has one per rule instance (EXDATEs left out)
    up to ``until`` (default: today + a year), merged with its ``occurrences`` records."""
    start, end = com.event_start(ev), com.event_end(ev)
    cancelled_all = ev.status == "cancelled"
    if ev.recurrence is None or not is_recurring(com, ev):
        return [Happening(start.date(), start, end, cancelled_all, list(ev.attended),
                          rsvp=list(ev.rsvp), waitlist=list(ev.waitlist), guests=ev.guests,
                          guest_names=list(ev.guest_names),
                          waitlist_guests=dict(ev.waitlist_guests))]
    limit = until or (com.today + dt.timedelta(days=OPEN_ENDED_DAYS))
    length = end - start
    excluded = skipped_days(ev)
    records = {o.date: o for o in ev.occurrences}
    starts = {local.date(): local for local in rule_starts(com, ev, limit)}
    for day in records:  # a recorded date off the rule (a moved meeting) still happened
        starts.setdefault(day, dt.datetime.combine(day, start.replace(tzinfo=None).time()))
    out: list[Happening] = []
    for day, local in sorted(starts.items()):
        if day in excluded:
            continue
        s = local.replace(tzinfo=com.tz)
        rec = records.get(day)
        out.append(Happening(day, s, s + length, cancelled_all or bool(rec and rec.cancelled),
                             list(rec.attended) if rec else [], len(out),
                             rsvp=list(rec.rsvp) if rec else [],
                             waitlist=list(rec.waitlist) if rec else [],
                             guests=rec.guests if rec else 0,
                             guest_names=list(rec.guest_names) if rec else [],
                             waitlist_guests=dict(rec.waitlist_guests) if rec else {}))
    return out


def occurrence_dates(com: Community, ev: Event) -> list[dt.date]:
    """The dates of every happening of ``ev`` (cancelled ones included), in order."""
    return [h.date for h in happenings(com, ev)]


def upcoming(com: Community, ev: Event, on: dt.date) -> list[Happening]:
    """The happenings on or after ``on`` that are not cancelled (nor is the whole event)."""
    return [h for h in happenings(com, ev) if h.date >= on and not h.cancelled]


def next_happening(com: Community, ev: Event, on: dt.date) -> Happening | None:
    """The first happening on or after ``on``, cancelled or not (None when there is none)."""
    return next((h for h in happenings(com, ev) if h.date >= on), None)


def last_day(com: Community, ev: Event) -> dt.date:
    """The last day the event touches within ``RANGE_YEARS`` of its start (for time-zone
    ranges; independent of today, so a calendar does not change from one day to the next)."""
    start = com.event_start(ev).date()
    hs = happenings(com, ev, until=start.replace(year=start.year + RANGE_YEARS, day=1))
    last = hs[-1].end if hs else com.event_end(ev)
    return last.date() if not is_all_day(ev) else (last - dt.timedelta(days=1)).date()
