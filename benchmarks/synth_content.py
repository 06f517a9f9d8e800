"""Synthetic events (with RSVPs and attendance), media, clients, board posts and groups.

Everything refers only to members who existed at the time (an RSVP names someone who had
joined by the event's date), so the community passes ``check`` without errors; attendance is
topped up so that active inner members meet R4 in completed years, as a real community
mostly would.
"""

from __future__ import annotations

import bisect
import datetime as dt
import random
from typing import Any

from benchmarks import names
from benchmarks.synth_people import FOUNDED, Person

Record = tuple[str, dict[str, Any]]  # (id, mapping)


class Roster:
    """Members by joining date, for 'who could take part on this day' in O(log n)."""

    def __init__(self, people: list[Person]) -> None:
        self.people = people  # already in joining order
        self.joined = [p.joined for p in people]
        self.active = [p for p in people if p.status == "active"]
        self.inner_active = [p for p in self.active if p.circle == "inner"]
        self._inner_joined = [p.joined for p in self.inner_active]

    def present(self, rng: random.Random, day: dt.date, k: int) -> list[str]:
        """Up to ``k`` distinct members present on ``day``."""
        n = bisect.bisect_right(self.joined, day)
        picks = rng.sample(range(n), min(n, int(k * 1.3) + 2))
        out = [self.people[i].id for i in picks if self.people[i].present_on(day)]
        return out[:k]

    def inner_on(self, rng: random.Random, day: dt.date, k: int) -> list[str]:
        n = bisect.bisect_right(self._inner_joined, day)
        return [self.inner_active[i].id for i in rng.sample(range(n), min(n, k))]


def _when(rng: random.Random, day: dt.date, kind: str) -> tuple[Any, Any]:
    if kind == "training" and rng.random() < 0.3:  # all-day, two days
        return day, day + dt.timedelta(days=1)
    hour = 14 if day.weekday() >= 5 or kind == "annual_gathering" else 19
    start = dt.datetime(day.year, day.month, day.day, hour, 0)
    hours = 5 if kind == "annual_gathering" else rng.choice((2, 2, 3))
    fmt = "%Y-%m-%dT%H:%M" if rng.random() < 0.7 else "%Y-%m-%dT%H:%M:%S+08:00"
    return start.strftime(fmt), (start + dt.timedelta(hours=hours)).strftime(fmt)


def events(rng: random.Random, roster: Roster, count: int, today: dt.date) -> list[Record]:
    last = today + dt.timedelta(days=120)
    plan: list[tuple[dt.date, str, str]] = []
    for year in range(FOUNDED.year, last.year + 1):
        day = dt.date(year, 12, rng.randrange(10, 20))
        if FOUNDED < day <= last:
            plan.append((day, "annual_gathering", f"{year}年度菁英盛典"))
    span = (last - dt.date(2023, 4, 1)).days
    while len(plan) < count:
        day = dt.date(2023, 4, 1) + dt.timedelta(days=rng.randrange(span))
        kind, label = rng.choice(names.EVENT_KINDS)
        plan.append((day, kind, f"{rng.choice(names.TOPICS)}{label}"))
    plan.sort()
    out: list[Record] = []
    for i, (day, kind, title) in enumerate(plan[:count]):
        size = rng.randrange(160, 400) if kind == "annual_gathering" else rng.randrange(10, 60)
        rsvp = roster.present(rng, day, size)
        cancelled = kind != "annual_gathering" and rng.random() < 0.04
        went = [] if cancelled or day > today else [m for m in rsvp if rng.random() < 0.8]
        start, end = _when(rng, day, kind)
        ev: dict[str, Any] = {"title": title, "start": start, "end": end}
        venue = rng.choice(names.VENUES)
        ev["location"] = (
            venue
            if rng.random() < 0.5
            else {
                "name": venue,
                "address": f"深圳市{rng.choice(names.DISTRICTS)}{rng.randrange(1, 300)}号",
                "city": "深圳",
            }
        )
        ev["kind"] = kind
        ev["audience"] = "public" if kind in ("open_event", "annual_gathering") else "members"
        ev["organizers"] = roster.inner_on(rng, day, rng.choice((1, 2, 3))) or [roster.people[0].id]
        ev["rsvp"], ev["attended"] = rsvp, went
        if cancelled:
            ev["status"] = "cancelled"
        ev["description"] = (
            f"{title}:{rng.choice(names.TOPICS)}、{rng.choice(names.TOPICS)}经验分享与资源对接。"
        )
        out.append((f"{day.isoformat()}-{kind.replace('_', '-')}-{i:05d}", ev))
    _top_up_attendance(rng, roster, plan[:count], out, today)
    for _id, ev in out:
        floor = 150 if ev["kind"] == "annual_gathering" else 10
        ev["capacity"] = max(floor, len(ev["rsvp"]) + rng.randrange(0, 20))
    return out


def _top_up_attendance(rng: random.Random, roster: Roster, plan: list[tuple[dt.date, str, str]],
                       out: list[Record], today: dt.date) -> None:
    """Add each active inner member to one event in every completed year they missed (R4)."""
    by_year: dict[int, list[int]] = {}
    went: dict[str, set[int]] = {}
    for i, ((day, _k, _t), (_id, ev)) in enumerate(zip(plan, out, strict=False)):
        if ev.get("status") != "cancelled" and day <= today:
            by_year.setdefault(day.year, []).append(i)
            for mid in ev["attended"]:
                went.setdefault(mid, set()).add(day.year)
    for p in roster.inner_active:
        for year in range(p.joined.year, today.year):
            if year in went.get(p.id, ()):
                continue
            options = [i for i in by_year.get(year, []) if plan[i][0] >= p.joined]
            if options:
                ev = out[rng.choice(options)][1]
                ev["attended"].append(p.id)
                if p.id not in ev["rsvp"]:
                    ev["rsvp"].append(p.id)


def media(rng: random.Random, roster: Roster, count: int, today: dt.date) -> list[Record]:
    out: list[Record] = []
    for i in range(count):
        kind, label, unit = rng.choice(names.MEDIA_KINDS)
        district = rng.choice(names.DISTRICTS)
        low = rng.choice((500, 800, 1200, 3000, 5000, 12000, 30000))
        rec: dict[str, Any] = {
            "title": f"{district}{label}",
            "owner": rng.choice(roster.active).id,
            "kind": kind,
            "city": "深圳" if rng.random() < 0.8 else rng.choice(names.CITIES),
            "locations": rng.sample(names.DISTRICTS, rng.randrange(1, 4)),
            "price": {"min": low, "max": low * rng.choice((2, 3, 5)), "unit": unit},
            "availability": rng.choice(
                ("常年可售", "按月排期", "节假日需提前两周预订", "Q4 档期紧张")
            ),
            "audience": "members" if rng.random() < 0.3 else "public",
            "tags": rng.sample(names.TAGS, rng.randrange(1, 4)),
            "description": (f"覆盖{district}及周边,"
                            f"适合{rng.choice(names.INDUSTRIES)}品牌{label}投放。"),
            "updated": today - dt.timedelta(days=rng.randrange(0, 400)),
        }
        out.append((f"{kind.replace('_', '-')}-{i:05d}", rec))
    return out


def clients(rng: random.Random, roster: Roster, count: int, today: dt.date) -> list[Record]:
    out: list[Record] = []
    for i in range(count):
        industry = rng.choice(names.INDUSTRIES)
        rec: dict[str, Any] = {
            "brand": rng.choice(names.BRAND_CORE) + rng.choice(names.BRAND_TYPE),
            "owner": rng.choice(roster.inner_active).id, "industry": industry,
            "need": f"寻找{rng.choice(names.TAGS)}与{rng.choice(names.TAGS)}资源,配合新品上市。",
            "city": rng.choice(names.CITIES),
            "budget": f"{rng.choice((20, 50, 80, 120, 300))}万/年",
            "since": FOUNDED + dt.timedelta(days=rng.randrange(0, (today - FOUNDED).days)),
            "tags": [industry, *rng.sample(names.TAGS, rng.randrange(1, 3))],
            "notes": "对接前请先联系资源负责人。",
        }
        out.append((f"client-{i:05d}", rec))
    return out


def posts(rng: random.Random, roster: Roster, count: int, today: dt.date) -> list[Record]:
    out: list[Record] = []
    start = dt.date(2024, 1, 1)
    for i in range(count):
        kind = rng.choices(("offer", "need", "ad"), (45, 40, 15))[0]
        posted = start + dt.timedelta(days=rng.randrange((today - start).days))
        owner = roster.present(rng, posted, 1) or [roster.people[0].id]
        tag = rng.choice(names.TAGS)
        verb = {"offer": "提供", "need": "求", "ad": "推广"}[kind]
        rec: dict[str, Any] = {
            "title": f"{verb}{rng.choice(names.DISTRICTS)}{tag}资源", "type": kind,
            "owner": owner[0], "posted": posted,
            "expires": posted + dt.timedelta(days=rng.choice((14, 30, 60, 90))),
            "audience": "members" if rng.random() < 0.4 else "public",
            "city": rng.choice(names.CITIES), "tags": [tag, *rng.sample(names.TAGS, 1)],
            "description": f"{verb}{tag}相关合作,预算与档期可议,有意请私信。",
        }
        if kind == "ad":
            rec["red_packet"] = {"amount": rng.choice((30, 50, 66, 88, 100, 200)),
                                 "recipients": rng.choice((5, 8, 10, 20)), "sent": posted}
        if kind == "need" and rng.random() < 0.2:
            rec["fulfilled_by"] = roster.present(rng, posted, rng.choice((1, 2)))
        out.append((f"{posted:%Y%m%d}-{kind}-{i:05d}", rec))
    return out


def groups(rng: random.Random, roster: Roster, count: int) -> list[Record]:
    out: list[Record] = []
    for i in range(count):
        purpose = names.GROUP_PURPOSES[i % len(names.GROUP_PURPOSES)]
        capacity = rng.choice((200, 500, 500, 500))
        rec: dict[str, Any] = {
            "name": f"广告菁英会·{purpose}{i // len(names.GROUP_PURPOSES) + 1}群",
            "purpose": purpose, "size": rng.randrange(capacity // 3, capacity + 1),
            "capacity": capacity,
            "admins": [p.id for p in rng.sample(roster.inner_active, rng.choice((1, 2, 3)))],
            "join": "请先联系群管理确认,由管理员拉入(不要私自拉人)。",
            "description": f"外院{purpose}群:消息传达、需求对接,群昵称请用「媒体+实名」。",
        }
        out.append((f"group-{i + 1:03d}", rec))
    return out
