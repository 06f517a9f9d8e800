"""The numbers behind each chart, counted per edition and turned into SVG.

Privacy comes from ``editions``: the public edition counts only members it may list (active
and alumni; never candidates or suspended members) and only public events; the members edition
may add members-only events and per-member figures. Dates come from the data and
``com.today``, so the same community gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from generator.charts.svg import Bar, Point, Ref, bar_chart, line_chart
from generator.checks.members import display_name, sponsor_chain
from generator.data import editions
from generator.exports.recur import happenings

PAST_YEAR = dt.timedelta(days=365)
TOP_N = 11  # rows shown before the rest is summed into "other"
MAX_ROWS = 60  # a chart taller than this stops being readable (and the page gets heavy)

L: dict[str, tuple[str, str]] = {
    "membership": ("{circle}在籍人数", "{circle} members over time"),
    "membership.desc": ("{first} 至 {last} 每月的{circle}在籍人数;目前 {count} 人,上限 {cap},"
                        "下限 {minimum}。",
                        "Active {circle} members each month from {first} to {last}: {count} "
                        "now, cap {cap}, minimum {minimum}."),
    "cap": ("上限", "cap"),
    "minimum": ("下限", "minimum"),
    "events": ("过去一年各场活动出席人数", "Attendance per event, past year"),
    "events.desc": ("{start} 至 {end} 举行的 {n} 场活动,共 {total} 人次出席。",
                    "{n} event(s) held from {start} to {end}, {total} attendances in all."),
    "people": ("过去一年每位会员参加活动次数", "Events attended per member, past year"),
    "people.desc": ("{start} 至 {end},{n} 位{circle}在籍会员共参加 {total} 次活动,其中 {zero} 位"
                    "一次也没有参加。",
                    "{start} to {end}: {n} active {circle} members attended {total} events in "
                    "all; {zero} attended none."),
    "orgs": ("会员所在机构", "Members by organisation"),
    "orgs.desc": ("{n} 位在籍会员来自 {groups} 家机构;人数最多的是 {top}。",
                  "{n} active members from {groups} organisations; most from {top}."),
    "cities": ("会员所在城市", "Members by city"),
    "cities.desc": ("{n} 位在籍会员分布在 {groups} 个城市;最多的是 {top}。",
                    "{n} active members in {groups} cities; most in {top}."),
    "other": ("其他({k} 个)", "other ({k})"),
    "earlier": ("更早的 {k} 场", "{k} earlier"),
    "rest": ("其余 {k} 位", "{k} more"),
    "no-city": ("未填写", "not given"),
    "depth": ("介绍人链条深度", "Depth in the sponsor tree"),
    "depth.desc": ("{n} 位{circle}在籍会员:{parts}。第 0 层是创始人,第 1 层由创始人介绍,依此类推。",
                   "{n} active {circle} members: {parts}. Depth 0 are the founders, depth 1 "
                   "were sponsored by a founder, and so on."),
    "depth.row": ("第 {d} 层", "depth {d}"),
    "depth.part": ("第 {d} 层 {v} 人", "{v} at depth {d}"),
    "empty": ("暂无数据", "No data yet"),
    "sep": (";", "; "),
}


def _l(key: str, lang: str, **args: Any) -> str:
    zh, en = L[key]
    return (zh if lang == "zh" else en).format(**args)


def _lang(com: Any) -> str:
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


def membership_points(com: Any, edition: editions.Edition) -> list[Point]:
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


def membership(com: Any, edition: editions.Edition) -> dict[str, str]:
    lang, ic = _lang(com), com.charter.inner_circle
    points = membership_points(com, edition)
    refs = [Ref("cap", _l("cap", lang), ic.cap), Ref("minimum", _l("minimum", lang), ic.minimum)]
    title = _l("membership", lang, circle=ic.name)
    desc = _l("membership.desc", lang, circle=ic.name, first=points[0].key if points else "—",
              last=points[-1].key if points else "—", count=points[-1].value if points else 0,
              cap=ic.cap, minimum=ic.minimum)
    first = points[0].key if points else ""

    def tick(key: str) -> str | None:
        """Each January gets its year; so does the first month unless January is close."""
        return key[:4] if key.endswith("-01") or (key == first and key[5:] <= "09") else None

    svg = line_chart("membership", title, desc, points, refs, tick, _l("empty", lang))
    return {"id": "membership", "title": title, "svg": svg}


# --------------------------------------------------------------------------- attendance


def held_past_year(com: Any, edition: editions.Edition) -> list[tuple[Any, Any]]:
    """(event, happening) held in the year up to today, not cancelled, visible here."""
    start = com.today - PAST_YEAR
    out = [(ev, h) for ev in editions.events(com, edition)
           for h in happenings(com, ev, until=com.today)
           if not h.cancelled and start < h.date <= com.today]
    out.sort(key=lambda eh: (eh[1].start, eh[0].id))
    return out


def event_attendance(com: Any, edition: editions.Edition) -> dict[str, str]:
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
            Bar(_l("earlier", lang, k=len(early)), sum(b.value for b in early)),
            *bars[n - MAX_ROWS + 1 :],
        ]
    title = _l("events", lang)
    desc = _l("events.desc", lang, n=n, total=total,
              start=(com.today - PAST_YEAR).isoformat(), end=com.today.isoformat())
    return {"id": "attendance-events", "title": title,
            "svg": bar_chart("attendance-events", title, desc, bars, _l("empty", lang),
                             label_above=True)}


def member_attendance(com: Any) -> dict[str, str]:
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
            Bar(_l("rest", lang, k=len(rest)), sum(b.value for b in rest)),
        ]
    title = _l("people", lang)
    desc = _l("people.desc", lang, n=n, total=total, zero=zero, circle=ic.name,
              start=(com.today - PAST_YEAR).isoformat(), end=com.today.isoformat())
    return {"id": "attendance-members", "title": title,
            "svg": bar_chart("attendance-members", title, desc, bars, _l("empty", lang))}


# --------------------------------------------------------------------------- who


def _top(counter: Counter[str], lang: str) -> list[Bar]:
    ranked = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))
    bars = [Bar(k, v) for k, v in ranked[:TOP_N]]
    rest = ranked[TOP_N:]
    if rest:
        bars.append(Bar(_l("other", lang, k=len(rest)), sum(v for _k, v in rest)))
    return bars


def _grouped(com: Any, edition: editions.Edition, what: str) -> dict[str, str]:
    lang = _lang(com)
    active = [m for m in editions.members(com, edition) if m.status == "active"]
    if what == "orgs":
        counter = Counter(m.org for m in active)
    else:
        counter = Counter(m.city or _l("no-city", lang) for m in active)
    bars = _top(counter, lang)
    title = _l(what, lang)
    desc = _l(f"{what}.desc", lang, n=len(active), groups=len(counter),
              top=bars[0].label if bars else "—")
    cid = f"members-by-{'org' if what == 'orgs' else 'city'}"
    return {"id": cid, "title": title, "svg": bar_chart(cid, title, desc, bars,
                                                        _l("empty", lang))}


def by_org(com: Any, edition: editions.Edition) -> dict[str, str]:
    return _grouped(com, edition, "orgs")


def by_city(com: Any, edition: editions.Edition) -> dict[str, str]:
    return _grouped(com, edition, "cities")


def depth_counts(com: Any, edition: editions.Edition) -> Counter[int]:
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


def sponsor_depth(com: Any, edition: editions.Edition) -> dict[str, str]:
    lang, ic = _lang(com), com.charter.inner_circle
    counts = depth_counts(com, edition)
    depths = range(max(counts) + 1) if counts else range(0)
    bars = [Bar(_l("depth.row", lang, d=d), counts[d]) for d in depths]
    parts = _l("sep", lang).join(_l("depth.part", lang, d=d, v=counts[d]) for d in depths)
    title = _l("depth", lang)
    desc = _l("depth.desc", lang, n=sum(counts.values()), parts=parts or "—", circle=ic.name)
    return {"id": "sponsor-depth", "title": title,
            "svg": bar_chart("sponsor-depth", title, desc, bars, _l("empty", lang))}
