"""The numbers behind each chart, counted per edition and turned into SVG.

Privacy comes from ``editions``: the public edition counts only members it may list (active
and alumni; never candidates or suspended members) and only public events; the members edition
may add members-only events and per-member figures. Dates come from the data and
``com.today``, so the same community gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import TYPE_CHECKING

from generator.charts.svg import Bar, Point, Ref, bar_chart, line_chart
from generator.core.names import display_name
from generator.core.occurrences import happenings
from generator.core.sponsors import sponsor_chain
from generator.data import editions
from generator.data.kinds import charter_words
from generator.i18n import text

if TYPE_CHECKING:
    from generator.core.occurrences import Happening
    from generator.data.community import Community
    from generator.data.models import Event
    from generator.i18n.keys import Key
    from generator.problems import MessageArg

PAST_YEAR = dt.timedelta(days=365)
TOP_N = 11  # rows shown before the rest is summed into "other"
MAX_ROWS = 60  # a chart taller than this stops being readable (and the page gets heavy)


def _l(key: Key, lang: str, **args: MessageArg) -> str:
    return text(lang, key, **args)


def _lang(com: Community) -> str:
    return str(com.charter.language)


# --------------------------------------------------------------------------- membership


def _month_ends(first: dt.date, today: dt.date) -> list[dt.date]:
    """The last day of every month from ``first`` to ``today`` (the current month: today)."""
    out, y, m = [], first.year, first.month
    while (y, m) <= (today.year, today.month):
        nxt = dt.date(y + (m == 12), m % 12 + 1, 1)
        out.append(min(nxt - dt.timedelta(days=1), today))
        y, m = nxt.year, nxt.month
    return out


def membership_points(com: Community, edition: editions.Edition) -> list[Point]:
    """Active inner-circle members at each month's end. Alumni count from ``joined`` until
    ``left`` (without a ``left`` date we cannot place them, so they are left out);
    candidates and suspended members never count."""
    people = [m for m in editions.members(com, edition) if m.circle == "inner"
              and (m.status == "active" or (m.status == "alumni" and m.left is not None))]
    if not people:
        return []
    first = min(m.joined for m in people)
    return [Point(f"{day:%Y-%m}", sum(1 for m in people if m.joined <= day
                                      and (m.left is None or m.left > day)))
            for day in _month_ends(first, com.today)]


def membership(com: Community, edition: editions.Edition) -> dict[str, str]:
    lang, ic = _lang(com), com.charter.inner_circle
    points = membership_points(com, edition)
    refs = [Ref("cap", _l("chart.cap", lang), ic.cap),
            Ref("minimum", _l("chart.minimum", lang), ic.minimum)]
    title = _l("chart.membership", lang, circle=ic.name)
    desc = _l("chart.membership.desc", lang, circle=ic.name,
              first=points[0].key if points else "—", last=points[-1].key if points else "—",
              count=points[-1].value if points else 0, cap=ic.cap, minimum=ic.minimum)
    first = points[0].key if points else ""

    def tick(key: str) -> str | None:
        """Each January gets its year; so does the first month unless January is close."""
        return key[:4] if key.endswith("-01") or (key == first and key[5:] <= "09") else None

    svg = line_chart("membership", title, desc, points, refs, tick, _l("chart.empty", lang))
    return {"id": "membership", "title": title, "svg": svg}


# --------------------------------------------------------------------------- attendance


def held_past_year(com: Community, edition: editions.Edition) -> list[tuple[Event, Happening]]:
    """(event, happening) held in the year up to today, not cancelled, visible here."""
    start = com.today - PAST_YEAR
    out = [(ev, h) for ev in editions.events(com, edition)
           for h in happenings(com, ev, until=com.today)
           if not h.cancelled and start < h.date <= com.today]
    out.sort(key=lambda eh: (eh[1].start, eh[0].id))
    return out


def event_attendance(com: Community, edition: editions.Edition) -> dict[str, str]:
    """People at each event held in the past year (only members this edition may list)."""
    lang = _lang(com)
    held = held_past_year(com, edition)
    bars = []
    for ev, h in held:
        n = len(editions.visible_ids(h.attended, com, edition))
        bars.append(Bar(f"{h.date:%m-%d} {ev.title}", n, f"{h.date.isoformat()} {ev.title}: {n}"))
    total = sum(b.value for b in bars)
    n = len(bars)
    if n > MAX_ROWS:  # keep the most recent; the earlier ones are summed into one row
        early = bars[:n - MAX_ROWS + 1]
        bars = [
            Bar(_l("chart.earlier", lang, k=len(early)), sum(b.value for b in early)),
            *bars[n - MAX_ROWS + 1 :],
        ]
    title = _l("chart.events", lang)
    desc = _l("chart.events.desc", lang, n=n, total=total,
              start=(com.today - PAST_YEAR).isoformat(), end=com.today.isoformat())
    return {"id": "attendance-events", "title": title,
            "svg": bar_chart("attendance-events", title, desc, bars, _l("chart.empty", lang),
                             label_above=True)}


def member_attendance(com: Community) -> dict[str, str]:
    """Members edition only: events each active inner member attended in the past year."""
    lang, ic = _lang(com), com.charter.inner_circle
    counts: Counter[str] = Counter()
    for _ev, h in held_past_year(com, "members"):
        counts.update(set(h.attended))
    people = sorted(com.active_inner(), key=lambda m: (-counts[m.id], m.id))
    bars = [Bar(m.name, counts[m.id], f"{display_name(com.charter, m)}: {counts[m.id]}")
            for m in people]
    n, total, zero = len(bars), sum(b.value for b in bars), sum(1 for b in bars if b.value == 0)
    if n > MAX_ROWS:  # the most active first; the rest summed (the report lists who is at 0)
        rest = bars[MAX_ROWS - 1:]
        bars = [
            *bars[: MAX_ROWS - 1],
            Bar(_l("chart.rest", lang, k=len(rest)), sum(b.value for b in rest)),
        ]
    title = _l("chart.people", lang)
    desc = _l("chart.people.desc", lang, n=n, total=total, zero=zero, circle=ic.name,
              start=(com.today - PAST_YEAR).isoformat(), end=com.today.isoformat())
    return {"id": "attendance-members", "title": title,
            "svg": bar_chart("attendance-members", title, desc, bars, _l("chart.empty", lang))}


# --------------------------------------------------------------------------- who


def _top(counter: Counter[str], lang: str) -> list[Bar]:
    ranked = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))
    bars = [Bar(k, v) for k, v in ranked[:TOP_N]]
    rest = ranked[TOP_N:]
    if rest:
        bars.append(Bar(_l("chart.other", lang, k=len(rest)), sum(v for _k, v in rest)))
    return bars


def _grouped(com: Community, edition: editions.Edition, what: str) -> dict[str, str]:
    lang = _lang(com)
    active = [m for m in editions.members(com, edition) if m.status == "active"]
    if what == "orgs":
        counter = Counter(m.org for m in active)
    else:
        counter = Counter(m.city or _l("chart.no-city", lang) for m in active)
    bars = _top(counter, lang)
    keys: tuple[Key, Key] = (("chart.orgs", "chart.orgs.desc") if what == "orgs"
                             else ("chart.cities", "chart.cities.desc"))
    words = charter_words(com.charter, lang)  # what the club calls an organisation
    title = _l(keys[0], lang, **words)
    desc = _l(keys[1], lang, n=len(active), groups=len(counter),
              top=bars[0].label if bars else "—", **words)
    cid = f"members-by-{'org' if what == 'orgs' else 'city'}"
    return {"id": cid, "title": title, "svg": bar_chart(cid, title, desc, bars,
                                                        _l("chart.empty", lang))}


def by_org(com: Community, edition: editions.Edition) -> dict[str, str]:
    return _grouped(com, edition, "orgs")


def by_city(com: Community, edition: editions.Edition) -> dict[str, str]:
    return _grouped(com, edition, "cities")


def depth_counts(com: Community, edition: editions.Edition) -> Counter[int]:
    """Active inner members by their distance from a founder along the sponsor chain
    (founders 0); a looping chain (an error ``check`` reports) is left out."""
    out: Counter[int] = Counter()
    for m in editions.members(com, edition):
        if m.circle != "inner" or m.status != "active":
            continue
        chain, loops = sponsor_chain(com, m)
        if not loops:
            out[len(chain) - 1] += 1
    return out


def sponsor_depth(com: Community, edition: editions.Edition) -> dict[str, str]:
    lang, ic = _lang(com), com.charter.inner_circle
    counts = depth_counts(com, edition)
    depths = range(max(counts) + 1) if counts else range(0)
    bars = [Bar(_l("chart.depth.row", lang, d=d), counts[d]) for d in depths]
    parts = _l("chart.sep", lang).join(_l("chart.depth.part", lang, d=d, v=counts[d])
                                       for d in depths)
    title = _l("chart.depth", lang)
    desc = _l("chart.depth.desc", lang, n=sum(counts.values()), parts=parts or "—",
              circle=ic.name)
    return {"id": "sponsor-depth", "title": title,
            "svg": bar_chart("sponsor-depth", title, desc, bars, _l("chart.empty", lang))}
