"""The calendar (RFC 5545): ``calendar.ics`` for the edition and one ``.ics`` per event.

Written by ``icalendar`` and nothing else. What makes a subscribed calendar behave on phones:
a UID that never changes (event id @ site domain), a DTSTAMP taken from the data (so two
builds are byte-identical and a phone does not see a "change" every night), a SEQUENCE that
the data raises when time or place changes, a VTIMEZONE for every TZID, cancelled events kept
with STATUS:CANCELLED (so phones remove them instead of keeping a stale copy), all-day events
as dates with an exclusive end, and recurring events as RRULE/EXDATE with cancelled single
occurrences as RECURRENCE-ID overrides.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import icalendar

from generator.core import occurrences as recur
from generator.data import editions
from generator.data.community import is_all_day
from generator.exports import common
from generator.i18n import exports as labels

if TYPE_CHECKING:
    from generator.data.community import Community
    from generator.data.editions import Edition
    from generator.data.models import Event
    from generator.i18n.keys import Key

REFRESH = dt.timedelta(hours=6)


def event_uid(com: Community, ev: Event) -> str:
    return f"{ev.id}@{common.site_domain(com)}"


def dtstamp(com: Community, ev: Event) -> dt.datetime:
    """When this version of the event was written, from data: ``updated`` (midnight, local),
    else the event's start. Always UTC, as RFC 5545 asks."""
    base = common.local_midnight(com, ev.updated) if ev.updated else com.event_start(ev)
    return base.astimezone(dt.UTC)


def _when(com: Community, ev: Event, day: dt.date) -> dt.date | dt.datetime:
    """The start value (date for all-day events, local date-time otherwise) of the
    instance on ``day``: the form RECURRENCE-ID, EXDATE and RDATE must share with DTSTART."""
    if is_all_day(ev):
        return day
    return dt.datetime.combine(day, com.event_start(ev).timetz())


def _base(com: Community, ev: Event, edition: Edition) -> icalendar.Event:
    """Properties every component of the event shares (master and overrides)."""
    vev = icalendar.Event()
    vev.add("uid", event_uid(com, ev))
    vev.add("dtstamp", dtstamp(com, ev))
    vev.add("sequence", ev.sequence)
    vev.add("summary", ev.title)
    url = common.page_url(com, "event", ev.id, edition)
    vev.add("url", url)
    desc = (ev.description or "").strip()
    vev.add("description", f"{desc}\n\n{url}" if desc else url)
    where = common.location_text(ev.location)
    if where:
        vev.add("location", where)
    if ev.updated:
        vev.add("last-modified", dtstamp(com, ev))
    return vev


def _times(com: Community, ev: Event, vev: icalendar.Event, start: dt.datetime,
           end: dt.datetime) -> None:
    if is_all_day(ev):
        vev.add("dtstart", start.date())
        vev.add("dtend", end.date())  # exclusive, as RFC 5545 says for VALUE=DATE
    else:
        vev.add("dtstart", start)
        vev.add("dtend", end)


def event_components(com: Community, ev: Event, edition: Edition) -> list[icalendar.Event]:
    """The master VEVENT, then one override per occurrence of a recurring event that is
    cancelled or has sign-ups (their count heads its description: sign-up is per occurrence)."""
    vev = _base(com, ev, edition)
    start, end = com.event_start(ev), com.event_end(ev)
    _times(com, ev, vev, start, end)
    vev.add("status", "CANCELLED" if ev.status == "cancelled" else "CONFIRMED")
    out = [vev]
    if ev.recurrence is None or not recur.is_recurring(com, ev):
        return out
    vev.add("rrule", icalendar.vRecur.from_ical(ev.recurrence.rrule))
    skipped = recur.skipped_days(ev)
    if skipped:
        vev.add("exdate", [_when(com, ev, d) for d in sorted(skipped)])
    records = {o.date: o for o in ev.occurrences}
    last_record = max(records, default=start.date())
    rule_days = {local.date() for local in recur.rule_starts(com, ev, last_record)}
    extra = sorted(d for d in records if d not in rule_days and d not in skipped)
    if extra:  # a meeting moved off the rule is still on the calendar
        vev.add("rdate", [_when(com, ev, d) for d in extra])
    if ev.status == "cancelled":
        return out
    for h in recur.happenings(com, ev, until=last_record):
        signed = editions.count_ids(h.rsvp, com, edition) + h.guests
        waiting = editions.count_ids(h.waitlist, com, edition)
        if not h.cancelled and not signed and not waiting:
            continue
        over = _base(com, ev, edition)
        over.add("recurrence-id", _when(com, ev, h.date))
        _times(com, ev, over, h.start, h.end)
        over.add("status", "CANCELLED" if h.cancelled else "CONFIRMED")
        if not h.cancelled:  # this occurrence's sign-ups, ahead of the description
            line = labels.text(com, "feeds.event-signups", count=signed, waiting=waiting)
            desc = str(over.pop("description"))
            over.add("description", f"{line}\n\n{desc}")
        out.append(over)
    return out


def _calendar(com: Community, edition: Edition, evs: list[Event]) -> icalendar.Calendar:
    name = com.charter.name
    cal = icalendar.Calendar()
    cal.add("prodid", f"-//Courtyard//{com.charter.name_en or name}//{labels.lang(com).upper()}")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    key: Key = "feeds.calendar" if edition == "public" else "feeds.calendar.members"
    title = labels.text(com, key, name=name)
    cal.add("name", title)
    cal.add("x-wr-calname", title)
    cal.add("x-wr-caldesc", labels.text(com, "feeds.calendar.desc", name=name))
    cal.add("x-wr-timezone", com.charter.timezone)
    cal.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", icalendar.vDuration(REFRESH))
    comps = [comp for ev in evs for comp in event_components(com, ev, edition)]
    if evs:
        first = min(com.event_start(e).date() for e in evs)
        last = max(recur.last_day(com, e) for e in evs)
        for tzid in sorted(_tzids(comps)):
            # the zone's rules over the years the events span (no build-time dates)
            cal.add_component(vtimezone(tzid, dt.date(first.year, 1, 1),
                                        dt.date(last.year + 2, 1, 1)))
    for comp in comps:
        cal.add_component(comp)
    return cal


def _tzids(comps: list[icalendar.Event]) -> set[str]:
    out: set[str] = set()
    for comp in comps:
        for _name, prop in comp.property_items(recursive=False):
            params: Mapping[str, object] | None = getattr(prop, "params", None)
            if params and "TZID" in params:
                out.add(str(params["TZID"]))
    return out


@functools.lru_cache(maxsize=64)
def vtimezone(tzid: str, first: dt.date, last: dt.date) -> icalendar.Timezone:
    """VTIMEZONE for ``tzid`` between two dates. icalendar finds the transitions by walking
    the zone hour by hour (~70 ms for a few years), and every per-event file needs one, so
    the same few ranges are made once and shared (the component is never modified)."""
    return icalendar.Timezone.from_tzinfo(ZoneInfo(tzid), tzid, first_date=first,
                                          last_date=last)


def calendar_bytes(com: Community, edition: Edition, evs: list[Event]) -> bytes:
    return bytes(_calendar(com, edition, evs).to_ical())


def files(com: Community, edition: Edition) -> list[tuple[str, bytes]]:
    """(path, bytes) of the edition's calendar and of every visible event's own file."""
    ed = common.check_edition(edition)
    evs = editions.events(com, ed)
    out = [(common.CALENDAR, calendar_bytes(com, ed, evs))]
    for ev in evs:
        out.append((common.EVENT_ICS.format(id=ev.id), calendar_bytes(com, ed, [ev])))
    return out
