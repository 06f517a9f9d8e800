"""The admin report's matching and engagement sections (listed in generator/admin/report.py's
``SECTION_MODULES``): needs nobody matches after 14 days, new matches since ``--since`` (who
to introduce to whom), and inner-circle members with no activity at all this year."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from generator.admin.report import Ctx, Fact, Result, section
from generator.analysis import report
from generator.core.standing import settled_on
from generator.i18n import dynamic, text

if TYPE_CHECKING:
    from generator.analysis.score import Match
    from generator.i18n.keys import Key
    from generator.problems import MessageArg


def _worded(m: Match) -> Callable[[str], dict[str, MessageArg]]:
    """What the match is and why, in the language the item is rendered in."""
    return lambda lang: {"what": text(lang, dynamic("report.what.", m.kind)),
                         "reasons": m.reasons(lang)}


@section("needs-unmatched", ("C4",), "report.section.needs-unmatched")
def needs_unmatched(ctx: Ctx) -> Result:
    """C4 供需平台: a need nobody can be matched with has to be routed by an admin."""
    res = Result()
    for s in report.stale_needs(ctx.com):
        res.items.append(ctx.record_item("C4", "post", s.need, s.need.title,
                                         "report.need-unmatched",
                                         posted=s.need.posted.isoformat(), days=s.age_days)
                         .settled_by(f"post close {s.need.id}"))
    return res


@section("matches-new", ("C4",), "report.section.matches-new")
def matches_new(ctx: Ctx) -> Result:
    """内部协作需求消化机制: who to introduce to whom, and why — one item per need and member
    (their best match: themselves, or an offer, media resource or client they hold)."""
    res = Result()
    for m in report.introductions(ctx.com, ctx.since):
        need = ctx.com.board[m.need]
        what: Key = dynamic("report.what.", m.kind)
        item = ctx.record_item(
            "C4", "post", need, need.title, "report.match-new",
            need=need.title, need_owner=ctx.member_name(m.need_owner),
            owner=ctx.member_name(m.owner), what=text("zh", what), what_en=text("en", what),
            title=m.title, reasons_zh=m.reasons("zh"), reasons_en=m.reasons("en"),
            score=m.score, candidate=f"{m.kind}:{m.id}")  # data as JSON always had it
        item.texts = _worded(m)
        res.items.append(item.for_information())  # the introduction is made in person
    return res


@section("inactive-this-year", ("R4", "C4"), "report.section.inactive-this-year",
         fold=True)
def inactive_this_year(ctx: Ctx) -> Result:
    """R4 积极参与群内客户以及资源分享,每年必须参加一次群内活动; C4 信任、共享、共赢."""
    year = ctx.today.year
    res = Result()
    for m in report.inactive_members(ctx.com, year, circle="inner"):
        if settled_on(ctx.charter, m) > ctx.today:
            continue  # in their first weeks (R4 asks nothing yet)
        res.items.append(ctx.member_item("R4", m.id, "report.inactive", year=year)
                         .settled_by(ctx.take_part(m.id)))
    outer = report.inactive_members(ctx.com, year, circle="outer")
    res.facts.append(Fact("report.inactive-outer", {"count": len(outer)}))
    return res

