"""Events on the site's time line: one slot per date an event happens (recurring events expand
their RRULE minus EXDATEs), in the charter's time zone (Beijing time for the sample)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from generator.core.occurrences import happenings
from generator.data.community import is_all_day
from generator.i18n import site

if TYPE_CHECKING:
    from generator.data.community import Community
    from generator.data.models import Event


@dataclass(frozen=True)
class Slot:
    event: Event
    start: dt.datetime
    end: dt.datetime
    cancelled: bool
    all_day: bool
    attended: list[str] = field(default_factory=list)
    rsvp: list[str] = field(default_factory=list)
    waitlist: list[str] = field(default_factory=list)
    guests: int = 0
    guest_names: list[str] = field(default_factory=list)  # members edition only

    @property
    def day(self) -> dt.date:
        return self.start.date()


def slots(com: Community, ev: Event) -> list[Slot]:
    """Every date the event happens on, in order, with cancellations and attendance: the
    feeds' expansion (RRULE minus EXDATEs, recorded occurrences merged), so the calendar page
    and calendar.ics always agree."""
    all_day = is_all_day(ev)
    return [Slot(ev, h.start, h.end, h.cancelled, all_day, list(h.attended), list(h.rsvp),
                 list(h.waitlist), h.guests, list(h.guest_names))
            for h in happenings(com, ev)]


def all_slots(com: Community, events: list[Event]) -> list[Slot]:
    out = [s for ev in events for s in slots(com, ev)]
    out.sort(key=lambda s: (s.start, s.event.id))
    return out


def split(com: Community, slots: list[Slot]) -> tuple[list[Slot], list[Slot]]:
    """(upcoming, past) of time-ordered slots: upcoming have not ended before today began
    (today's events count as upcoming), in order; past ones newest first."""
    midnight = dt.datetime.combine(com.today, dt.time(0), tzinfo=com.tz)
    ahead = [s for s in slots if s.end > midnight]
    behind = [s for s in reversed(slots) if s.end <= midnight]
    return ahead, behind


def when(slot: Slot, lang: str) -> str:
    """``2026-01-15 (周四) 19:30–21:30`` in the charter's zone."""
    wd = site.t(lang, "cal.days").split()[slot.start.weekday()]
    day = site.t(lang, "when.day", date=slot.start.date().isoformat(), weekday=wd)
    if slot.all_day:
        last = (slot.end - dt.timedelta(days=1)).date()
        return day if last <= slot.start.date() else f"{day} – {last.isoformat()}"
    if slot.end.date() == slot.start.date():
        return f"{day} {slot.start:%H:%M}–{slot.end:%H:%M}"
    return f"{day} {slot.start:%H:%M} – {slot.end.date().isoformat()} {slot.end:%H:%M}"
