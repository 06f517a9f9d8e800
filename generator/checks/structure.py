"""Structural rules: every reference resolves, no duplicates inside lists, charter lists valid."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import TYPE_CHECKING

from generator.checks.rule import rule
from generator.problems import Problem

if TYPE_CHECKING:
    from generator.data.community import Community
    from generator.data.models import Record


def _ref(com: Community, rec: Record, field: str, value: str, *path: str | int) -> Problem | None:
    if value in com.members or value in getattr(com, "unloaded", ()):
        return None  # (an unusable member file has its own problems)
    close = difflib.get_close_matches(value, list(com.members), n=1, cutoff=0.6)
    line, col = rec.where(*path)
    return Problem.make("ref.member", "error", rec.file, line, col, "ref.member",
                        field=field, found=value, suggestion=close[0] if close else "")


def _list_refs(com: Community, rec: Record, field: str) -> Iterable[Problem]:
    seen: set[str] = set()
    for i, value in enumerate(getattr(rec, field)):
        p = _ref(com, rec, field, value, field, i)
        if p:
            yield p
        if value in seen:
            line, col = rec.where(field, i)
            yield Problem.make("ref.duplicate", "error", rec.file, line, col, "ref.duplicate",
                               field=field, found=value)
        seen.add(value)


@rule("ref.member")
def member_references(com: Community) -> Iterable[Problem]:
    """Every member id named anywhere (sponsor, approved_by, owner, organizers, rsvp,
    attended, fulfilled_by, group admins) is the id of a member file."""
    for m in com.members.values():
        if m.sponsor:
            p = _ref(com, m, "sponsor", m.sponsor, "sponsor")
            if p:
                yield p
        yield from _list_refs(com, m, "approved_by")
    for kind in ("media", "clients", "board"):
        for r in getattr(com, kind).values():
            p = _ref(com, r, "owner", r.owner, "owner")
            if p:
                yield p
    for post in com.board.values():
        yield from _list_refs(com, post, "fulfilled_by")
    for ev in com.events.values():
        for f in ("organizers", "rsvp", "waitlist", "attended"):
            yield from _list_refs(com, ev, f)
        for i, occ in enumerate(ev.occurrences):
            seen: set[str] = set()
            for key in ("rsvp", "waitlist", "attended"):
                for j, value in enumerate(getattr(occ, key)):
                    p = _ref(com, ev, key, value, "occurrences", i, key, j)
                    if p:
                        yield p
                    seen.add(value)
    for g in com.groups.values():
        yield from _list_refs(com, g, "admins")


@rule("config.people")
def charter_people(com: Community) -> Iterable[Problem]:
    """The charter's admins and founders are members; founders are exactly the members
    marked ``founder: true``."""
    ch = com.charter
    for field in ("admins", "founders"):
        for i, mid in enumerate(getattr(ch, field)):
            line, col = ch.where(field, i)
            m = com.members.get(mid)
            if m is None:
                close = difflib.get_close_matches(mid, list(com.members), n=1, cutoff=0.6)
                yield Problem.make("ref.member", "error", ch.file, line, col, "ref.member",
                                   field=field, found=mid, suggestion=close[0] if close else "")
            elif field == "admins" and m.status != "active":
                yield Problem.make("config.admin-active", "error", ch.file, line, col,
                                   "config.admin-active", id=mid, status=m.status)
    for m in com.members.values():
        if m.founder and m.id not in ch.founders:
            line, col = m.where("founder")
            yield Problem.make("C3.founder", "error", m.file, line, col, "founder.not-in-charter",
                               id=m.id)
    for i, fid in enumerate(ch.founders):
        m = com.members.get(fid)
        if m is not None and not m.founder:
            line, col = ch.where("founders", i)
            yield Problem.make("C3.founder", "error", ch.file, line, col, "founder.not-marked",
                               id=fid, path=m.file)
