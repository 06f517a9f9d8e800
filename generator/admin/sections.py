"""The report's sections (their urgency decides where they appear). Every figure comes from
the charter (dues amount and grace days, events per year, cap, minimum, yearly intake, red
packet) and from ``--today``; where a rule already decides (R4 missed years, R3 red packets)
the section reuses the rule's verdict so the report and ``check`` never disagree."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import TYPE_CHECKING

from generator.admin.report import BREACH, DUE, LAPSED, WAITING, Ctx, Fact, Item, Result, section
from generator.checks.events import attendance_by_year
from generator.core.ledger import ledger, number, owed
from generator.core.standing import admissions, settled_on
from generator.data.kinds import words
from generator.i18n import dynamic, text

if TYPE_CHECKING:
    from collections.abc import Callable

    from generator.core.ledger import DuesState
    from generator.data.models import Member
    from generator.i18n.keys import Key
    from generator.problems import MessageArg

_REPORT_STATE = {"due-soon": "soon", "overdue": "overdue", "lapsed": "lapsed",
                 "partial": "partial"}
"""The ledger's states as the report's catalogue keys (report.dues-soon …)."""
EXPIRING_DAYS = 14
UNRECORDED_DAYS = 365


def _label(ctx: Ctx, key: str) -> str:
    """A status, circle or post type in the report's language (inner: the charter's name)."""
    if key == "inner":
        return str(ctx.charter.inner_circle.name)
    found = dynamic("report.label.", key, optional=True)  # a club's own post type: as words
    return text(ctx.lang, found) if found is not None else words(key)


def _active_inner(ctx: Ctx) -> list[Member]:
    return sorted(ctx.com.active_inner(), key=lambda m: m.id)


def _settled(ctx: Ctx) -> list[Member]:
    """Active inner members past their first weeks (the charter's grace period after joining
    or promotion): R4 asks nothing of someone who joined yesterday."""
    return [m for m in _active_inner(ctx) if settled_on(ctx.charter, m) <= ctx.today]


def _asked(m: Member) -> bool:
    """Whom the dues sections by state ask about: active inner-circle members (as check's
    C2.lapsed). Everyone else who owes — suspended, left owing — is in ``dues-others``."""
    return m.circle == "inner" and m.status == "active"


def _dues_items(ctx: Ctx, asked: bool, states: tuple[DuesState, ...]) -> Result:
    """Ledger lines with a balance in one of ``states``, of the members :func:`_asked` (or,
    with ``asked=False``, of everyone else). Each item carries the year's amount, paid and
    balance as numbers, and what the member owes in all (``owed``, over ``owed_years``
    years: :func:`generator.core.ledger.owed`, the lines ``dues`` lists); a member owing more
    than one year says the total on each line, since each year's state asks for its own
    action. ``member dues ID --year Y`` settles each (for a year paid in part it records the
    rest, a second instalment)."""
    dues = ctx.charter.dues
    res = Result()
    for m in sorted(ctx.com.members.values(), key=lambda m: m.id):
        if _asked(m) != asked:
            continue
        rows = ledger(ctx.charter, m, ctx.today)
        debt = owed((m, r) for r in rows)
        total, years = (debt[0].total, len(debt[0].years)) if debt else (0.0, 0)
        for r in rows:
            if r.state not in states:
                continue
            args: dict[str, MessageArg] = {
                "year": r.year, "due": r.due.isoformat(),
                "days": abs((ctx.today - r.due).days), "grace": dues.grace_days,
                "grace_end": r.grace_end.isoformat(), "amount": number(r.amount),
                "paid": number(r.paid), "balance": number(r.balance), "owed": number(total),
                "owed_years": years, "currency": dues.currency}
            if asked:
                key = dynamic("report.dues-", _REPORT_STATE[r.state] + ("-total" if years > 1
                                                                        else ""))
            else:
                key = _OTHERS_KEY.get(m.status, "report.dues-other")
                args.update(status=m.status, state=r.state)
                if key == "report.dues-left":
                    args["left"] = m.left.isoformat() if m.left else "—"
            item = ctx.member_item("C2", m.id, key, **args)
            if not asked:
                item.texts = _worded(m.status, r.state)
            res.items.append(item.settled_by(f"member dues {m.id} --year {r.year}"))
    return res


_OTHERS_KEY: dict[str, Key] = {"suspended": "report.dues-suspended",
                               "alumni": "report.dues-left", "expelled": "report.dues-left"}


def _worded(status: str, state: DuesState) -> Callable[[str], dict[str, MessageArg]]:
    """The member's status and the year's state in the report's language (the JSON's data
    keeps the words ``suspended``, ``lapsed`` … that ``dues --format json`` uses)."""
    return lambda lang: {"status": text(lang, dynamic("site.status.", status)),
                         "state": text(lang, dynamic("ledger.state.", state))}


def _dues(ctx: Ctx, state: DuesState) -> Result:
    """Years of active inner members in the dues ledger's ``state``: due-soon (due within 30
    days), overdue (past due, inside the grace period), lapsed (past it) or partial (paid in
    part)."""
    return _dues_items(ctx, True, (state,))


@section("dues-soon", ("C2",), "report.section.dues-soon", DUE, fold=True)
def dues_soon(ctx: Ctx) -> Result:
    return _dues(ctx, "due-soon")


@section("dues-overdue", ("C2",), "report.section.dues-overdue", DUE, fold=True)
def dues_overdue(ctx: Ctx) -> Result:
    return _dues(ctx, "overdue")


@section("dues-partial", ("C2",), "report.section.dues-partial", DUE, fold=True)
def dues_partial(ctx: Ctx) -> Result:
    return _dues(ctx, "partial")


@section("dues-lapsed", ("C2",), "report.section.dues-lapsed", LAPSED, fold=True)
def dues_lapsed(ctx: Ctx) -> Result:
    return _dues(ctx, "lapsed")


@section("dues-others", ("C2",), "report.section.dues-others", DUE)
def dues_others(ctx: Ctx) -> Result:
    """What members outside the active inner circle still owe — suspended members (dues
    accrue while suspended), and alumni and expelled members who left owing (a debt is a
    debt: ``dues`` and the ledger CSV list it, so the report does too) — every ledger line
    with a balance, in whatever state."""
    return _dues_items(ctx, False, ("due-soon", "overdue", "lapsed", "partial"))


@section("attendance-this-year", ("R4",), "report.section.attendance-this-year",
         fold=True)
def attendance_this_year(ctx: Ctx) -> Result:
    """R4 每年必须参加一次群内活动 — for the current year, with the events still ahead
    (counting only events after the member's grace period, see ``settled_on``)."""
    need_per_year = ctx.charter.attendance.events_per_year
    year = ctx.today.year
    this_year = [(ev, h) for ev, h in ctx.happenings if h.date.year == year and not h.cancelled]
    remaining = [(ev, h) for ev, h in this_year if h.date > ctx.today]
    res = Result(facts=[Fact("report.remaining-events", {
        "year": year, "remaining": len(remaining),
        "next": ", ".join(f"{h.date:%m-%d} {ev.title}" for ev, h in remaining[:3]) or "—"})])
    if need_per_year <= 0:
        return res
    att = attendance_by_year(ctx.com)
    for m in _settled(ctx):
        start = settled_on(ctx.charter, m)
        possible = sum(1 for _ev, h in this_year if h.date >= start)
        need = min(need_per_year, possible)
        got = att.get(m.id, {}).get(year, 0)
        if got < need:
            res.items.append(ctx.member_item("R4", m.id, "report.attend-year", year=year,
                                             count=got, need=need, remaining=len(remaining),
                                             ).settled_by(
                ctx.take_part(m.id) if remaining else f"event attend EVENT --date DATE {m.id}"))
    return res


@section("attendance-missed", ("R4",), "report.section.attendance-missed")
def attendance_missed(ctx: Ctx) -> Result:
    """The R4.attendance rule's own warnings, one per member and year; the command records
    the year's last session (if they came: attendance not written down is the usual cause)."""
    res = Result()
    for p, m in ctx.rule_hits("R4.attendance", ctx.com.members):
        held = [(ev, h) for ev, h in ctx.happenings
                if h.date.year == dict(p.args)["year"] and not h.cancelled and h.date <= ctx.today]
        where = f"{held[-1][0].id} --date {held[-1][1].date.isoformat()}" if held \
            else "EVENT --date DATE"
        res.items.append(ctx.member_item("R4", m.id, "report.missed-year", **dict(p.args))
                         .settled_by(f"event attend {where} {m.id}"))
    return res


def _shares(ctx: Ctx) -> dict[str, list[int]]:
    """member id → [entries owned in total, entries dated this year] across the client
    library (since), the media library (updated) and the board (posted)."""
    year = ctx.today.year
    out: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    dated = ([(c.owner, c.since) for c in ctx.com.clients.values()]
             + [(r.owner, r.updated) for r in ctx.com.media.values()]
             + [(p.owner, p.posted) for p in ctx.com.board.values()])
    for owner, day in dated:
        out[owner][0] += 1
        if day is not None and day.year == year and day <= ctx.today:
            out[owner][1] += 1
    return out


@section("sharing", ("R4", "C4"), "report.section.sharing")
def sharing(ctx: Ctx) -> Result:
    """R4 积极参与群内客户以及资源分享 (C4 共享): active inner members with nothing dated
    this year in the two libraries or on the board (not in their grace period)."""
    shares = _shares(ctx)
    res = Result()
    for m in _settled(ctx):
        total, this_year = shares.get(m.id, [0, 0])
        if this_year == 0:
            res.items.append(ctx.member_item("R4", m.id, "report.no-share",
                                             year=ctx.today.year, total=total,
                                             ).settled_by(f"new media --owner {m.id}"))
    return res


def _inner_candidates(ctx: Ctx) -> list[Member]:
    return sorted((m for m in ctx.com.members.values()
                   if m.circle == "inner" and m.status == "candidate"),
                  key=lambda m: (m.joined, m.id))


@section("cap", ("C1",), "report.section.cap", BREACH)
def cap(ctx: Ctx) -> Result:
    ic = ctx.charter.inner_circle
    n = len(ctx.com.active_inner())
    waiting = _inner_candidates(ctx)
    headroom = max(ic.cap - n, 0)
    res = Result(facts=[Fact("report.cap-fact", {
        "name": ic.name, "count": n, "cap": ic.cap, "minimum": ic.minimum,
        "headroom": headroom, "candidates": len(waiting)})])
    ch = ctx.charter
    if n > ic.cap:
        res.items.append(Item("C1", "charter", "charter", ic.name, ch.file, "report.over-cap",
                              {"count": n, "cap": ic.cap, "over": n - ic.cap},
                              command="member retire ID"))
    elif n < ic.minimum:
        res.items.append(Item("C1", "charter", "charter", ic.name, ch.file,
                              "report.under-minimum",
                              {"count": n, "minimum": ic.minimum, "missing": ic.minimum - n},
                              command=f"member approve {waiting[0].id} --by {ch.admins[0]}"
                              if waiting else "new member"))
    if len(waiting) > headroom:
        res.items.append(Item("C1", "charter", "charter", ic.name, ch.file,
                              "report.waiting-over-headroom",
                              {"candidates": len(waiting), "headroom": headroom},
                              command="member retire ID"))
    return res


@section("intake", ("C5", "C3"), "report.section.intake", WAITING)
def intake(ctx: Ctx) -> Result:
    """C5 每年吸纳入会 within the yearly quota; candidates waiting, with their sponsors
    (C3: the sponsor must be an active inner member)."""
    quota = ctx.charter.inner_circle.yearly_intake
    year = ctx.today.year
    admitted = len(admissions(ctx.com.members.values()).get(year, []))
    left = max(quota - admitted, 0)
    res = Result(facts=[Fact("report.intake-fact", {"year": year, "admitted": admitted,
                                                    "quota": quota, "left": left})])
    for m in _inner_candidates(ctx):
        s = ctx.com.members.get(m.sponsor or "")
        good = s is not None and s.circle == "inner" and s.status == "active"
        key: Key = (("report.candidate" if good else "report.candidate-bad-sponsor") if left
                    else "report.candidate-no-quota")
        res.items.append(ctx.member_item(
            "C5", m.id, key, sponsor=m.sponsor or "—", sponsor_name=ctx.member_name(
                m.sponsor or "—"), proposed=m.joined.isoformat(),
            days=max((ctx.today - m.joined).days, 0), next_year=year + 1,
        ).settled_by(f"member approve {m.id} --by {ctx.charter.admins[0]}" if good
                     else f"member sponsor {m.id} --by SPONSOR"))
    return res


@section("board-expiring", ("C4",), "report.section.board-expiring", DUE)
def board_expiring(ctx: Ctx) -> Result:
    horizon = ctx.today + dt.timedelta(days=EXPIRING_DAYS)
    res = Result()
    for p in sorted(ctx.com.board.values(), key=lambda p: (p.expires or dt.date.max, p.id)):
        if p.expires is not None and ctx.today <= p.expires <= horizon:
            res.items.append(ctx.record_item(
                "C4", "post", p, p.title, "report.expiring", type=_label(ctx, p.type),
                expires=p.expires.isoformat(), days=(p.expires - ctx.today).days,
                owner=ctx.member_name(p.owner)).settled_by(f"post renew {p.id}"))
    return res


@section("red-packet", ("R3",), "report.section.red-packet", BREACH)
def red_packet(ctx: Ctx) -> Result:
    """The R3.red-packet rule's own errors, with the post's owner."""
    rp = ctx.charter.red_packet
    raise_ = {"R3.amount": f" --amount {rp.min_amount:g}",
              "R3.recipients": f" --recipients {rp.min_recipients}"}
    return Result([ctx.record_item("R3", "post", p, p.title, "report.red-packet",
                                   owner=ctx.member_name(p.owner), detail=prob.message(ctx.lang),
                                   amount=f"{rp.min_amount:g}", recipients=rp.min_recipients)
                   .settled_by(f"post ad {p.id}{raise_.get(prob.key, '')}")
                   for prob, p in ctx.rule_hits("R3.red-packet", ctx.com.board)])


@section("ad-review", ("R3",), "report.section.ad-review", DUE)
def ad_review(ctx: Ctx) -> Result:
    """The R3.undeclared-ad rule's warnings for posts still on the board: an admin decides
    whether the offer is an ad (which owes the red packet)."""
    return Result([ctx.record_item("R3", "post", p, p.title, "report.red-packet",
                                   owner=ctx.member_name(p.owner), detail=prob.message(ctx.lang))
                   .settled_by(f"post ad {p.id}")
                   for prob, p in ctx.rule_hits("R3.undeclared-ad", ctx.com.board)
                   if p.expires is None or p.expires >= ctx.today])


@section("events", ("C7",), "report.section.events", DUE)
def events(ctx: Ctx) -> Result:
    res = Result()
    seen: set[str] = set()
    for ev, h in ctx.happenings:
        if h.cancelled or h.date < ctx.today or ev.id in seen:
            continue
        seen.add(ev.id)  # organisers and RSVPs belong to the event, not to one date
        if not ev.organizers:
            res.items.append(ctx.record_item("C7", "event", ev, ev.title,
                                             "report.no-organizer", date=h.date.isoformat())
                             .settled_by(f"event organiser {ev.id} MEMBER"))
        if ev.capacity is not None and len(ev.rsvp) > ev.capacity:
            res.items.append(ctx.record_item("C7", "event", ev, ev.title,
                                             "report.over-capacity", date=h.date.isoformat(),
                                             count=len(ev.rsvp), capacity=ev.capacity)
                             .settled_by(f"event capacity {ev.id} {len(ev.rsvp)}"))
    return res


@section("attendance-unrecorded", ("R4",), "report.section.attendance-unrecorded", DUE)
def attendance_unrecorded(ctx: Ctx) -> Result:
    """R4 is counted from attendance lists: a held event without one needs an admin."""
    start = ctx.today - dt.timedelta(days=UNRECORDED_DAYS)
    res = Result()
    for ev, h in ctx.happenings:
        if not h.cancelled and start <= h.date < ctx.today and not h.attended:
            res.items.append(ctx.record_item("R4", "event", ev, ev.title, "report.unrecorded",
                                             date=h.date.isoformat()).settled_by(
                f"event attend {ev.id} --date {h.date.isoformat()} MEMBER…"))
    return res


@section("github", ("R2",), "report.section.github")
def github(ctx: Ctx) -> Result:
    """Ownership (R2) is matched by ``github``: without it a member cannot edit their own
    file and every change goes through an admin."""
    res = Result()
    for mid, m in sorted(ctx.com.members.items()):
        if m.status == "active" and not m.github:
            res.items.append(ctx.member_item("R2", mid, "report.no-github",
                                             circle=_label(ctx, m.circle))
                             .settled_by(f"member github {mid} LOGIN"))
    return res


@section("since", ("C3", "C4"), "report.section.since")
def since(ctx: Ctx) -> Result:
    """Members proposed or admitted and board posts published since ``--since``."""
    res = Result(facts=[Fact("report.since-fact", {"since": ctx.since.isoformat()})])
    for mid, m in sorted(ctx.com.members.items(), key=lambda kv: (kv[1].joined, kv[0])):
        if ctx.since <= m.joined <= ctx.today:
            res.items.append(ctx.member_item("C3", mid, "report.new-member",
                                             status=_label(ctx, m.status),
                                             circle=_label(ctx, m.circle),
                                             joined=m.joined.isoformat()).for_information())
    for p in sorted(ctx.com.board.values(), key=lambda p: (p.posted, p.id)):
        if ctx.since <= p.posted <= ctx.today:
            res.items.append(ctx.record_item("C4", "post", p, p.title, "report.new-post",
                                             type=_label(ctx, p.type),
                                             posted=p.posted.isoformat(),
                                             owner=ctx.member_name(p.owner)).for_information())
    return res
