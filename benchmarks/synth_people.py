"""Synthetic members: names, organisations, sponsor trees from five founders, dues ledgers.

Members are generated in joining order, so a sponsor is always chosen among inner-circle
members who were already active on the day the new member joined: the sponsor chain of
every member leads back to a founder by construction, the way the charter (C3) wants it.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from benchmarks import names

FOUNDED = dt.date(2023, 3, 18)


@dataclass
class Person:
    """What the other generators need to know about a member (dates, circle, status)."""

    id: str
    name: str
    org: str
    circle: str
    status: str
    joined: dt.date
    founder: bool = False
    left: dt.date | None = None
    sponsor: str | None = None
    data: dict[str, Any] = field(default_factory=dict)

    def present_on(self, day: dt.date) -> bool:
        """Was a member (active or later alumnus) on ``day``: may attend, organise, sponsor."""
        if self.status not in ("active", "alumni") or self.joined > day:
            return False
        return self.left is None or self.left >= day


def _day_between(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randrange(max(1, (end - start).days)))


class _Ids:
    """Pinyin ids, made unique with a numeric suffix (zhang-wei, zhang-wei-2, …)."""

    def __init__(self) -> None:
        self.used: dict[str, int] = {}

    def make(self, base: str) -> str:
        n = self.used.get(base, 0) + 1
        self.used[base] = n
        return base if n == 1 else f"{base}-{n}"


def _name(rng: random.Random) -> tuple[str, str]:
    sur, sur_py = rng.choice(names.SURNAMES)
    parts = [rng.choice(names.GIVEN) for _ in range(rng.choice((1, 2, 2, 2)))]
    return sur + "".join(c for c, _ in parts), f"{sur_py}-{''.join(p for _, p in parts)}"


def organisations(rng: random.Random, count: int) -> list[str]:
    pool = [p + c + t for p in names.ORG_PLACE for c in names.ORG_CORE for t in names.ORG_TYPE]
    rng.shuffle(pool)
    return pool[:max(10, min(len(pool), count))]


def _status(rng: random.Random, joined: dt.date, today: dt.date) -> tuple[str, str]:
    circle = "inner" if rng.random() < 0.45 else "outer"
    r = rng.random()
    if r < 0.04 and (today - joined).days < 120:
        return "inner", "candidate"
    if r < 0.10 and (today - joined).days > 90:
        return circle, "alumni"
    if r < 0.12:
        return circle, "suspended"
    return circle, "active"


def make_people(rng: random.Random, count: int, today: dt.date) -> list[Person]:
    """``count`` members in joining order; the first five are the founders."""
    ids = _Ids()
    orgs = organisations(rng, count // 8)
    last_join = today - dt.timedelta(days=20)
    dates = sorted(_day_between(rng, dt.date(2023, 4, 1), last_join) for _ in range(count - 5))
    people: list[Person] = []
    for i in range(count):
        name, base = _name(rng)
        if i < 5:
            p = Person(ids.make(base), name, rng.choice(orgs), "inner", "active", FOUNDED, True)
        else:
            joined = dates[i - 5]
            circle, status = _status(rng, joined, today)
            p = Person(ids.make(base), name, rng.choice(orgs), circle, status, joined)
            if status == "alumni":
                p.left = _day_between(rng, joined + dt.timedelta(days=30), today)
        people.append(p)
    _sponsor(rng, people)
    return people


def _sponsor(rng: random.Random, people: list[Person]) -> None:
    """A random recursive tree: each member is vouched for by an earlier active inner member.
    Alumni and suspended members never sponsor (their later dates could break C3)."""
    pool: list[Person] = []
    for p in people:
        if not p.founder:
            p.sponsor = rng.choice(pool).id
        if p.circle == "inner" and p.status == "active":
            pool.append(p)


def member_record(rng: random.Random, p: Person, admins: list[str], today: dt.date,
                  dues_amount: int) -> dict[str, Any]:
    """The YAML mapping of one member file."""
    d: dict[str, Any] = {"name": p.name, "org": p.org}
    style = rng.random()
    if style < 0.3:
        d["display_name"] = f"{p.org}+{p.name}"
    elif style < 0.4:
        d["display_name"] = f"{p.org}\uff0b{p.name}"  # full-width plus: tolerated by R1
    d["title"] = rng.choice(names.TITLES)
    d["circle"], d["status"], d["joined"] = p.circle, p.status, p.joined
    if p.left is not None:
        d["left"] = p.left
    if p.founder:
        d["founder"] = True
    else:
        d["sponsor"] = p.sponsor
        d["approved_by"] = rng.sample(admins, rng.choice((1, 1, 2)))
    if p.circle == "inner" and p.status != "candidate":
        d["dues"] = _dues(rng, p, today, dues_amount)
    if rng.random() < 0.3:
        d["github"] = p.id.replace("-", "")[:30] + str(rng.randrange(10, 99))
        d["github_id"] = rng.randrange(1_000_000, 150_000_000)
    d["city"] = rng.choice(names.CITIES)
    d["tags"] = rng.sample(names.TAGS, rng.randrange(1, 5))
    years = rng.randrange(3, 20)
    t1, t2 = rng.sample(names.TAGS, 2)
    d["bio"] = (f"{years}年{rng.choice(names.FIELDS)}从业经验,专注{t1}与{t2},"
                f"服务过{rng.choice(names.INDUSTRIES)}、{rng.choice(names.INDUSTRIES)}等行业客户。")
    contact: dict[str, Any] = {
        "wechat": {"value": p.id.replace("-", "_") + "_wx", "visibility": "members"},
        "phone": {"value": f"1{rng.choice('3589')}{rng.randrange(10**8, 10**9)}",
                  "visibility": "private"},
    }
    if rng.random() < 0.4:
        contact["email"] = {"value": f"{p.id}@example.cn", "visibility": "public"}
    d["contact"] = contact
    p.data = d
    return d


def _dues(rng: random.Random, p: Person, today: dt.date, amount: int) -> list[dict[str, Any]]:
    """One payment per year of membership; a few members are late with this year's."""
    last = today.year if p.left is None else p.left.year
    out = []
    for year in range(p.joined.year, last + 1):
        if year == today.year and year != p.joined.year and rng.random() < 0.02:
            continue  # realistic: a C2.lapsed warning
        due = p.joined if year == p.joined.year else dt.date(year, 1, 1)
        paid = min(due + dt.timedelta(days=rng.randrange(0, 45)), today)
        out.append({"year": year, "paid": paid, "amount": amount})
    return out
