"""Events: upcoming and past lists, a month-grid calendar in the charter's time zone, and one
page per event (time, place, organisers, capacity, RSVPs, how to RSVP, attendance)."""

from __future__ import annotations

import calendar as cal
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from generator.core import occurrences
from generator.pages import exports as extras
from generator.pages import posters, safe, share, timeline
from generator.pages.context import Site
from generator.pages.index import Index

if TYPE_CHECKING:
    from generator.data.community import Community
    from generator.data.models import Event
    from generator.data.plain import JSONObject
    from generator.i18n.keys import SiteKey

CURRENT: JSONObject = {"courtyard_js": ["current"]}
"""Front matter of a page the reader's clock corrects (assets/courtyard/current.js)."""


LATER = 3
"""Sessions after the next one that a series' row names (events list, home page)."""
FOLD = 6
"""Names (and a series' dates) an event page shows before "show the other N"."""
COMING = 6
"""Sessions of a series the sign-up form offers (:func:`coming`)."""


def coming(com: Community, ev: Event, limit: int = COMING) -> list[dt.date]:
    """The dates of an event's coming sessions, soonest first (core's
    :func:`generator.core.occurrences.upcoming`: from today, not cancelled), at most
    ``limit``: what the sign-up form's date list offers (issue 26.4)."""
    if ev.status == "cancelled":
        return []
    return [h.date for h in occurrences.upcoming(com, ev, com.today)[:limit]]


@dataclass(frozen=True)
class Row:
    """One line of an events list: a one-off event's slot, or a whole recurring series as
    its next session (upcoming) or latest one (past), its rule in words and, upcoming, the
    few sessions after it (issue 26.4: one row per series, not 52)."""

    slot: timeline.Slot
    rule: str = ""       # "每周四 19:30 · 下次 12 月 10 日"; "" for a one-off event
    later: str = ""      # "之后：12 月 17 日 · 12 月 24 日 · 12 月 31 日"
    end: dt.datetime | None = None  # when current.js moves the row to "past"

    @property
    def until(self) -> dt.datetime:
        return self.end or self.slot.end


def short_date(site: Site, day: dt.date) -> str:
    """``12 月 10 日`` / ``December 10``."""
    return site.t("series.date", month=site.t(dynamic_month(day.month)), day=day.day)


def dynamic_month(month: int) -> SiteKey:
    return cast("SiteKey", f"cal.month_name.{month}")


def rule_words(site: Site, slot: timeline.Slot) -> str:
    """A series' rule as people say it: ``每周四 19:30``, ``每 2 周的周四 19:30``,
    ``每月 19:30``; what the words cannot say reads ``定期 · 19:30``."""
    import icalendar

    ev = slot.event
    time = "" if slot.all_day else f"{slot.start:%H:%M}"
    days = site.t("cal.days").split()
    try:
        parts = icalendar.vRecur.from_ical(ev.recurrence.rrule) if ev.recurrence else {}
    except ValueError:
        parts = {}
    freq = (parts.get("FREQ") or [""])[0]
    interval = int((parts.get("INTERVAL") or [1])[0])
    byday = [str(d) for d in parts.get("BYDAY") or []]
    if freq == "WEEKLY" and len(byday) <= 1 and not any(d[:-2] for d in byday):
        code = byday[0][-2:] if byday else WEEKDAYS[slot.start.weekday()]
        day = days[WEEKDAYS.index(code)]
        if interval == 1:
            return site.t("series.weekly", day=day, time=time).strip()
        return site.t("series.weeks", n=interval, day=day, time=time).strip()
    if freq == "MONTHLY" and interval == 1:
        return site.t("series.monthly", time=time).strip()
    return site.t("series.other", time=time).strip(" ·")


WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def rows(site: Site, slots: list[timeline.Slot], upcoming: bool = True) -> list[Row]:
    """The lines of an events list from its slots (in the list's order): a recurring
    series once, where its first slot in the list stands (upcoming: the next session and
    the :data:`LATER` after it; past: the latest session)."""
    out: list[Row] = []
    series: dict[str, tuple[int, list[timeline.Slot]]] = {}
    for s in slots:
        if s.event.recurrence is None:
            out.append(Row(s))
            continue
        got = series.get(s.event.id)
        if got is None:
            series[s.event.id] = (len(out), [s])
            out.append(Row(s))
        elif upcoming:
            got[1].append(s)
    for at, found in series.values():
        first, rest = found[0], [s for s in found[1:] if not s.cancelled][:LATER]
        day = short_date(site, first.day)
        said = site.t("series.next", date=day) if upcoming else site.t("series.last", date=day)
        later = site.t("series.more", dates=" · ".join(short_date(site, s.day) for s in rest))
        out[at] = Row(first, f"{rule_words(site, first)} · {said}", later if rest else "",
                      found[-1].end)
    return out


@dataclass(frozen=True)
class Month:
    year: int
    month: int
    weeks: list[list[tuple[dt.date | None, list[timeline.Slot]]]]

    @property
    def anchor(self) -> str:
        return f"m-{self.year}-{self.month:02d}"


def months(com: Community, slots: list[timeline.Slot]) -> list[Month]:
    """One grid per month that has an event, plus the current month; Monday first. Each
    slot sits in the cell of the day it starts on, in the charter's time zone."""
    by_day: dict[dt.date, list[timeline.Slot]] = defaultdict(list)
    for s in slots:
        by_day[s.day].append(s)
    keys = {(d.year, d.month) for d in by_day} | {(com.today.year, com.today.month)}
    out = []
    for year, month in sorted(keys):
        weeks = []
        for week in cal.Calendar(firstweekday=0).monthdatescalendar(year, month):
            weeks.append([(d, by_day.get(d, [])) if d.month == month else (None, [])
                          for d in week])
        out.append(Month(year, month, weeks))
    return out


def events(site: Site, idx: Index) -> None:
    com = site.com
    upcoming, past = timeline.split(com, idx.slots)
    links = extras.calendar_links(com, site.edition)
    site.page("events.md", site.t("nav.events"), "events.md.j2",
              index=False, meta=dict(CURRENT), upcoming=rows(site, upcoming),
              past=rows(site, past, upcoming=False), links=links)
    grids = months(com, idx.slots)
    now = (com.today.year, com.today.month)
    site.page(
        "calendar.md",
        site.t("nav.calendar"),
        "calendar.md.j2",
        index=False,
        meta={"hide": ["toc"]},
        links=links,
        today=com.today,
        ahead=[m for m in grids if (m.year, m.month) >= now],
        behind=[m for m in reversed(grids) if (m.year, m.month) < now],
    )
    for ev in idx.events:
        ev_slots = timeline.slots(com, ev)
        first = ev_slots[0] if ev_slots else None
        when = timeline.when(first, site.lang) if first else com.event_start(ev).isoformat()
        # sign-ups are per occurrence: the page offers the next one that is not cancelled
        nxt = next((s for s in ev_slots if s.day >= com.today and not s.cancelled), None)
        poster = None
        if nxt is not None and ev.status != "cancelled":  # an invitation: upcoming only
            poster = posters.write(site, ev, timeline.when(nxt, site.lang),
                                   [site.name(i) for i in idx.visible(ev.organizers)])
        site.page(f"events/{ev.id}.md", ev.title, "event.md.j2",
                  meta={"hide": ["navigation"], **CURRENT, **share.event(site, ev, first, when)},
                  ev=ev, slots=ev_slots, nxt=nxt, fold=FOLD,
                  rule=rule_words(site, nxt or first) if ev.recurrence and first else "",
                  idx=idx, links=extras.event_links(com, ev, site.edition),
                  jsonld=safe.json_for_script(extras.event_jsonld(com, ev, site.edition)),
                  past=nxt is None,
                  until=(nxt.day if nxt is not None else com.event_start(ev).date()).isoformat(),
                  poster=poster)

