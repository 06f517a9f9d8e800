"""Events: upcoming and past lists, a month-grid calendar in the charter's time zone, and one
page per event (time, place, organisers, capacity, RSVPs, how to RSVP, attendance)."""

from __future__ import annotations

import calendar as cal
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from generator.pages import exports as extras
from generator.pages import posters, safe, share, timeline
from generator.pages.context import Site
from generator.pages.index import Index

if TYPE_CHECKING:
    from generator.data.community import Community
    from generator.data.plain import JSONObject

CURRENT: JSONObject = {"courtyard_js": ["current"]}
"""Front matter of a page the reader's clock corrects (assets/courtyard/current.js)."""


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
              index=False, meta=dict(CURRENT), upcoming=upcoming, past=past,
              links=links)
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
                  ev=ev, slots=ev_slots, nxt=nxt,
                  idx=idx, links=extras.event_links(com, ev, site.edition),
                  jsonld=safe.json_for_script(extras.event_jsonld(com, ev, site.edition)),
                  past=nxt is None,
                  until=(nxt.day if nxt is not None else com.event_start(ev).date()).isoformat(),
                  poster=poster)

