"""Events on the site's time line: one slot per date an event happens (recurring events expand
their RRULE minus EXDATEs), in the charter's time zone (Beijing time for the sample)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from generator.data.community import is_all_day
from generator.exports.recur import happenings


@dataclass(frozen=True)
class Slot:
    event: Any
    start: dt.datetime
    end: dt.datetime
    cancelled: bool
    all_day: bool
    attended: list[str] = field(default_factory=list)

    @property
    def day(self) -> dt.date:
        return self.start.date()


def slots(com: Any, ev: Any) -> list[Slot]:
    """Every date the event happens on, in order, with cancellations and attendance: the
    feeds' expansion (RRULE minus EXDATEs, recorded occurrences merged), so the calendar page
    and calendar.ics always agree."""
    all_day = is_all_day(ev)
    return [Slot(ev, h.start, h.end, h.cancelled, all_day, list(h.attended))
            for h in happenings(com, ev)]


def all_slots(com: Any, events: list[Any]) -> list[Slot]:
    out = [s for ev in events for s in slots(com, ev)]
    out.sort(key=lambda s: (s.start, s.event.id))
    return out


def split(com: Any, slots: list[Slot]) -> tuple[list[Slot], list[Slot]]:
    """(upcoming, past) of time-ordered slots: upcoming have not ended before today began
    (today's events count as upcoming), in order; past ones newest first."""
    midnight = dt.datetime.combine(com.today, dt.time(0), tzinfo=com.tz)
    ahead = [s for s in slots if s.end > midnight]
    behind = [s for s in reversed(slots) if s.end <= midnight]
    return ahead, behind


def when(slot: Slot, lang: str) -> str:
    """``2026-01-15 (周四) 19:30–21:30`` in the charter's zone."""
    wd = ("一二三四五六日"[slot.start.weekday()] if lang == "zh"
          else slot.start.strftime("%a"))
    day = slot.start.date().isoformat() + (f" (周{wd})" if lang == "zh" else f" ({wd})")
    if slot.all_day:
        last = (slot.end - dt.timedelta(days=1)).date()
        return day if last <= slot.start.date() else f"{day} – {last.isoformat()}"
    if slot.end.date() == slot.start.date():
        return f"{day} {slot.start:%H:%M}–{slot.end:%H:%M}"
    return f"{day} {slot.start:%H:%M} – {slot.end.date().isoformat()} {slot.end:%H:%M}"
