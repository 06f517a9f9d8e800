"""The admin report's matching and engagement sections (listed in generator/admin/report.py's
``SECTION_MODULES``): needs nobody matches after 14 days, new matches since ``--since`` (who
to introduce to whom), and inner-circle members with no activity at all this year."""

from __future__ import annotations

from generator.admin.report import Ctx, Fact, Result, section
from generator.analysis import report
from generator.i18n import messages

messages.register({
    "report.need-unmatched": (
        "发布于 {posted}({days} 天前),仍没有可能的对接。请管理员在群里或会员沙龙上分派,"
        "或请发布者补充标签与描述。",
        "Posted on {posted} ({days} days ago) and still without a possible match. Route it "
        "by hand (group or member salon), or ask the poster to add tags and a description."),
    "report.match-new": (
        "请介绍 {need_owner} 认识 {owner}:「{need}」↔ {what}「{title}」({reasons_zh})。",
        "Introduce {need_owner} to {owner}: \u201c{need}\u201d \u2194 {what_en} "
        "\u201c{title}\u201d ({reasons_en})."),
    "report.inactive": (
        "{year} 年还没有任何记录在案的参与(活动、资源与客户分享、供需发帖、介绍会员、对接)。",
        "No recorded activity in {year} (events, shared resources or clients, board posts, "
        "sponsoring, answered needs)."),
    "report.inactive-outer": (
        "外院在籍成员中有 {count} 位今年没有记录在案的参与(只计人数,不列名单)。",
        "{count} active outer-court member(s) have no recorded activity this year (a count, "
        "not a list)."),
})

WHAT = {"offer": ("供给帖", "offer"), "media": ("媒体资源", "media resource"),
        "member": ("会员", "member"), "client": ("客户", "client")}


@section("needs-unmatched", ("C4",), "超过 14 天仍无对接的需求",
         "Needs without a match after 14 days")
def needs_unmatched(ctx: Ctx) -> Result:
    """C4 供需平台: a need nobody can be matched with has to be routed by an admin."""
    res = Result()
    for s in report.stale_needs(ctx.com):
        res.items.append(ctx.record_item("C4", "post", s.need, s.need.title,
                                         "report.need-unmatched",
                                         posted=s.need.posted.isoformat(), days=s.age_days))
    return res


@section("matches-new", ("C4",), "新的可能对接(自 --since 起)", "New possible matches since --since")
def matches_new(ctx: Ctx) -> Result:
    """内部协作需求消化机制: who to introduce to whom, and why — one item per need and member
    (their best match: themselves, or an offer, media resource or client they hold)."""
    res = Result()
    for m in report.introductions(ctx.com, ctx.since):
        need = ctx.com.board[m.need]
        zh, en = WHAT[m.kind]
        res.items.append(ctx.record_item(
            "C4", "post", need, need.title, "report.match-new",
            need=need.title, need_owner=ctx.member_name(m.need_owner),
            owner=ctx.member_name(m.owner), what=zh, what_en=en, title=m.title,
            reasons_zh=m.reasons("zh"), reasons_en=m.reasons("en"), score=m.score,
            candidate=f"{m.kind}:{m.id}"))
    return res


@section("inactive-this-year", ("R4", "C4"), "今年没有任何参与的菁英会会员",
         "Inner-circle members with no activity this year")
def inactive_this_year(ctx: Ctx) -> Result:
    """R4 积极参与群内客户以及资源分享,每年必须参加一次群内活动; C4 信任、共享、共赢."""
    year = ctx.today.year
    res = Result()
    for m in report.inactive_members(ctx.com, year, circle="inner"):
        res.items.append(ctx.member_item("R4", m.id, "report.inactive", year=year))
    outer = report.inactive_members(ctx.com, year, circle="outer")
    res.facts.append(Fact("report.inactive-outer", {"count": len(outer)}))
    return res

