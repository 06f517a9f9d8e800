"""Rules about people: names (R1), admission (R2, C3), cap (C1), dues (C2), intake (C5)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING

from generator.checks.rule import rule
from generator.core.ledger import inner_since, ledger
from generator.core.names import expected_display_name, normalise_nickname
from generator.core.sponsors import chains_end_at_founder, sponsor_chain
from generator.core.standing import admissions
from generator.problems import Problem

if TYPE_CHECKING:
    from generator.data.community import Community
    from generator.data.models import Member


@rule("R1.display-name")
def r1_display_name(com: Community) -> Iterable[Problem]:
    """R1 进群所有人统一修改群昵称方便交流,统一格式:媒体+实名。
    Everyone's display name is in the charter's format (its ``{org}`` and real name);
    full-width and half-width separators count as the same."""
    ch = com.charter
    for m in com.members.values():
        if m.display_name is None:
            continue
        want = expected_display_name(ch, m.org, m.name)
        if normalise_nickname(m.display_name, ch.display_name.separators) != normalise_nickname(
                want, ch.display_name.separators):
            line, col = m.where("display_name")
            yield Problem.make("R1.display-name", "error", m.file, line, col, "R1.display-name",
                               found=m.display_name, expected=want,
                               format=ch.display_name.format)


@rule("R1.real-name")
def r1_real_name(com: Community) -> Iterable[Problem]:
    """R1 统一格式:媒体+实名。The name is a real name: not the ``org`` field, no digits."""
    for m in com.members.values():
        name = m.name.strip()
        if any(ch.isdigit() for ch in name) or name == m.org.strip():
            line, col = m.where("name")
            yield Problem.make("R1.real-name", "error", m.file, line, col, "R1.real-name",
                               found=m.name)


@rule("C3.sponsor")
def c3_sponsor(com: Community) -> Iterable[Problem]:
    """C3 / R2 既是你认可的就是我认可的;不要私自拉人。Every member who is not a founder
    names a sponsor who is not themself and who was an active inner-circle member
    when they joined; the chain of sponsors leads back to a founder without loops."""
    ok: dict[str, bool] | None = None
    for m in com.members.values():
        if m.founder:
            if m.sponsor:
                line, col = m.where("sponsor")
                yield Problem.make("C3.sponsor", "error", m.file, line, col, "C3.founder-sponsor")
            continue
        if not m.sponsor:
            line, col = m.where()
            yield Problem.make("C3.sponsor", "error", m.file, line, col, "C3.sponsor-missing")
            continue
        if m.sponsor == m.id:
            line, col = m.where("sponsor")
            yield Problem.make("C3.sponsor", "error", m.file, line, col, "C3.sponsor-self")
            continue
        s = com.members.get(m.sponsor)
        if s is None:
            continue  # reported by ref.member
        # a suspension has no date: it must not turn the sponsor's earlier admissions into
        # errors in other people's files (the change that suspends would fail on them)
        if s.circle != "inner" or s.status == "candidate" or inner_since(s) > m.joined \
                or (s.left is not None and s.left < m.joined):
            line, col = m.where("sponsor")
            yield Problem.make("C3.sponsor-active", "error", m.file, line, col,
                               "C3.sponsor-active", sponsor=s.id, circle=s.circle,
                               status=s.status, sponsor_joined=s.joined.isoformat(),
                               joined=m.joined.isoformat())
        if ok is None:
            ok = chains_end_at_founder(com)
        if ok[m.id]:
            continue
        line, col = m.where("sponsor")
        chain, loops = sponsor_chain(com, m)
        if loops:
            yield Problem.make("C3.chain", "error", m.file, line, col, "C3.chain-loop",
                               chain=" → ".join(chain))
        elif not (com.members[chain[-1]].founder or com.members[chain[-1]].sponsor):
            # (a chain stopping at an unknown or unusable sponsor is reported there)
            yield Problem.make("C3.chain", "error", m.file, line, col, "C3.chain-founder",
                               chain=" → ".join(chain), top=chain[-1])


@rule("R2.approved-by")
def r2_approved_by(com: Community) -> Iterable[Problem]:
    """R2 不要私自拉人,拉人前先通过群管理确认,乱拉人会被一并请出。
    Every active member who is not a founder was approved by at least one admin, and
    ``approved_by`` names admins only."""
    admins = set(com.charter.admins)
    for m in com.members.values():
        for i, a in enumerate(m.approved_by):
            if a in com.members and a not in admins:
                line, col = m.where("approved_by", i)
                yield Problem.make("R2.approved-by", "error", m.file, line, col,
                                   "R2.not-admin", found=a, admins=", ".join(sorted(admins)))
        if m.status == "active" and not m.founder and not m.approved_by:
            line, col = m.where("status")
            yield Problem.make("R2.approved-by", "error", m.file, line, col, "R2.unapproved",
                               admins=", ".join(sorted(admins)))


@rule("R2.github-unique")
def r2_github_unique(com: Community) -> Iterable[Problem]:
    """R2 不要私自拉人,拉人前先通过群管理确认,乱拉人会被一并请出。
    Who may change what is decided by the GitHub account (``github``, case-insensitive, and
    ``github_id`` where recorded), so each account belongs to one member file: a second file
    claiming an admin's login would otherwise borrow the admin's rights, or lock the admin
    out."""
    by_account: dict[tuple[str, str], list[Member]] = defaultdict(list)
    for m in com.members.values():
        if m.github:
            by_account[("github", m.github.lower())].append(m)
        if m.github_id is not None:
            by_account[("github_id", str(m.github_id))].append(m)
    for (field, _account), holders in sorted(by_account.items()):
        if len(holders) < 2:
            continue
        for m in holders:  # every claim is suspect: none may act until an admin decides
            others = ", ".join(sorted(o.file for o in holders if o is not m))
            line, col = m.where(field)
            yield Problem.make("R2.github-unique", "error", m.file, line, col,
                               "R2.github-taken", found=str(getattr(m, field)), other=others)


@rule("C1.cap")
def c1_cap(com: Community) -> Iterable[Problem]:
    """C1 人员控制在20-50人,不会超过上限。Active inner-circle members never exceed the
    cap; fewer than the minimum is a warning."""
    ic = com.charter.inner_circle
    active = sorted(com.active_inner(), key=lambda m: (m.joined, m.id))
    n = len(active)
    if n > ic.cap:
        for m in active[ic.cap:]:
            line, col = m.where("status")
            yield Problem.make("C1.cap", "error", m.file, line, col, "C1.cap", count=n,
                               cap=ic.cap, over=n - ic.cap)
    elif n < ic.minimum:
        line, col = com.charter.where("inner_circle", "minimum")
        yield Problem.make("C1.minimum", "warning", com.charter.file, line, col, "C1.minimum",
                           count=n, minimum=ic.minimum)


@rule("C2.ledger")
def c2_ledger(com: Community) -> Iterable[Problem]:
    """C2 每年都要缴纳会费。The dues ledger is well formed: a year recorded again only as an
    instalment (the ledger adds a year's entries up; a second entry taking them past the dues
    is a double record), no year before joining, only for inner-circle members, and each
    year's entries adding up to the charter's dues."""
    dues = com.charter.dues
    for m in com.members.values():
        paid: dict[int, float] = {}  # year → its entries so far, added up
        first: dict[int, int] = {}  # year → index of its first entry
        last: dict[int, int] = {}  # year → index of its last entry
        for i, d in enumerate(m.dues):
            before = paid.get(d.year)
            paid[d.year] = (before or 0.0) + d.amount
            if before is not None and paid[d.year] > dues.amount:  # not an instalment
                line, col = m.where("dues", i)
                yield Problem.make("C2.ledger", "error", m.file, line, col, "C2.duplicate",
                                   year=d.year, first=m.where("dues", first[d.year])[0])
            first.setdefault(d.year, i)
            last[d.year] = i
            if d.year < inner_since(m).year:
                line, col = m.where("dues", i)
                yield Problem.make("C2.ledger", "error", m.file, line, col, "C2.before-joined",
                                   year=d.year, joined=inner_since(m).isoformat())
        for year, i in sorted(last.items(), key=lambda kv: kv[1]):
            if paid[year] < dues.amount:  # at the year's last entry: the rest is still owed
                line, col = m.where("dues", i)
                yield Problem.make("C2.amount", "warning", m.file, line, col, "C2.amount",
                                   year=year, amount=f"{paid[year]:g}",
                                   expected=f"{dues.amount:g}", currency=dues.currency)
        if m.dues and m.circle != "inner":
            line, col = m.where("dues")
            yield Problem.make("C2.ledger", "warning", m.file, line, col, "C2.outer")


@rule("C2.lapsed", time_driven=True)
def c2_lapsed(com: Community) -> Iterable[Problem]:
    """C2 每年都要缴纳会费。Each year of active inner membership has its dues recorded,
    at the latest ``grace_days`` after they fell due (time-driven: warning)."""
    for m in com.members.values():
        if m.circle != "inner" or m.status != "active":
            continue
        for r in ledger(com.charter, m, com.today):
            if r.state != "lapsed":
                continue
            line, col = m.where("dues") if m.dues else m.where()
            yield Problem.make("C2.lapsed", "warning", m.file, line, col, "C2.lapsed",
                               year=r.year, due=r.due.isoformat(),
                               grace=com.charter.dues.grace_days)


@rule("C5.intake")
def c5_intake(com: Community) -> Iterable[Problem]:
    """C5 有不错的人员还可以每年吸纳入会。Inner-circle admissions (non-founders, by the
    year they joined or were promoted from the outer court, alumni and expelled members
    included) stay within the yearly quota."""
    quota = com.charter.inner_circle.yearly_intake
    for year, ms in sorted(admissions(com.members.values()).items()):
        if len(ms) > quota:
            for m in sorted(ms, key=lambda x: (inner_since(x), x.id))[quota:]:
                line, col = m.where("promoted" if m.promoted else "joined")
                yield Problem.make("C5.intake", "error", m.file, line, col, "C5.intake",
                                   year=year, count=len(ms), quota=quota)


@rule("status.dates")
def status_dates(com: Community) -> Iterable[Problem]:
    """Alumni and expelled members have a ``left`` date after they joined (expelled ones
    must); others have none. ``suspended`` only on a suspended member, ``promoted`` only on
    an inner-circle member, after joining."""
    for m in com.members.values():
        if m.left is not None and m.left < m.joined:
            line, col = m.where("left")
            yield Problem.make("status.dates", "error", m.file, line, col, "status.left-before",
                               left=m.left.isoformat(), joined=m.joined.isoformat())
        if m.left is not None and m.status not in ("alumni", "expelled"):
            line, col = m.where("left")
            yield Problem.make("status.dates", "error", m.file, line, col, "status.left-status",
                               status=m.status)
        if m.status == "expelled" and m.left is None:
            line, col = m.where("status")
            yield Problem.make("status.dates", "error", m.file, line, col,
                               "status.expelled-left")
        if m.suspended is not None and m.status != "suspended":
            line, col = m.where("suspended")
            yield Problem.make("status.dates", "error", m.file, line, col,
                               "status.suspended-status", status=m.status)
        if m.promoted is not None and (m.circle != "inner" or m.promoted < m.joined):
            line, col = m.where("promoted")
            yield Problem.make("status.dates", "error", m.file, line, col, "status.promoted",
                               promoted=m.promoted.isoformat(), joined=m.joined.isoformat(),
                               circle=m.circle)


@rule("status.future", time_driven=True)
def status_future(com: Community) -> Iterable[Problem]:
    """An active member's joining date is not in the future (time-driven: warning)."""
    for m in com.members.values():
        if m.status == "active" and m.joined > com.today:
            line, col = m.where("joined")
            yield Problem.make("status.future", "warning", m.file, line, col, "status.future",
                               joined=m.joined.isoformat(), today=com.today.isoformat())
