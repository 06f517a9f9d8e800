"""The steps that settle the report's remaining items, as edits of the data files (like
:mod:`generator.admin.lifecycle`, whose resolver, :class:`~generator.admin.lifecycle.Refused`
and ``Change`` they use): a candidate's new sponsor, a member's GitHub login, a board post
renewed, closed or declared an ad with its red packet, an event's organisers and capacity.

Each function checks that the step makes sense for the record as it is and returns the
``Change``; the commands diff, check and write it (``commands/lifecycle.run_change``)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from generator.admin.edit import Change, append_unique, flow_map, set_key
from generator.admin.lifecycle import Refused, event, member
from generator.data.models import GITHUB_PATTERN

if TYPE_CHECKING:
    from generator.data.community import Community
    from generator.data.models import Post


def post(com: Community, ref: str) -> Post:
    """A board post by id (its file name in resources/board/)."""
    if ref in com.board:
        return com.board[ref]
    raise Refused("life.unknown-post", ref=ref)


# --------------------------------------------------------------------------- members


def sponsor(com: Community, ref: str, by: str) -> Change:
    """A member's sponsor (介绍人, C3) becomes ``by``, who must be an active inner member —
    what a candidate whose sponsor left or was suspended needs before approval."""
    m = member(com, ref)
    s = member(com, by)
    if s.id == m.id or s.circle != "inner" or s.status != "active":
        raise Refused("life.bad-sponsor", id=m.id, sponsor=s.id, circle=s.circle,
                      status=s.status, circle_name=str(com.charter.inner_circle.name))
    ch = Change(com.root)
    set_key(ch.doc(m.file), "member", "sponsor", s.id)
    return ch


def github(com: Community, ref: str, login: str) -> Change:
    """A member's GitHub login (R2: how CODEOWNERS lets them edit their own file)."""
    m = member(com, ref)
    login = login.strip().removeprefix("@")
    if not re.fullmatch(GITHUB_PATTERN, login):
        raise Refused("life.github-login", login=login)
    taken = [o.id for o in com.members.values()
             if o.id != m.id and (o.github or "").lower() == login.lower()]
    if taken:
        raise Refused("life.github-taken", login=login, id=taken[0])
    ch = Change(com.root)
    set_key(ch.doc(m.file), "member", "github", login)
    return ch


# --------------------------------------------------------------------------- board posts


def renew(com: Community, ref: str, until: dt.date) -> Change:
    """The post stays on the board through ``until`` (its new ``expires``)."""
    p = post(com, ref)
    if until < com.today:
        raise Refused("life.renew-past", post=p.id, until=until.isoformat(),
                      today=com.today.isoformat())
    return _expires(com, p, until)


def close(com: Community, ref: str, on: dt.date) -> Change:
    """The post leaves the board on ``on``: it expires the day before (a post is shown up to
    and including its ``expires`` day)."""
    p = post(com, ref)
    if on - dt.timedelta(days=1) < p.posted:
        raise Refused("life.close-before", post=p.id, date=on.isoformat(),
                      posted=p.posted.isoformat())
    return _expires(com, p, on - dt.timedelta(days=1))


def _expires(com: Community, p: Post, day: dt.date) -> Change:
    ch = Change(com.root)
    set_key(ch.doc(p.file), "post", "expires", day)
    return ch


def declare_ad(com: Community, ref: str, amount: float | None, recipients: int | None,
               sent: dt.date | None) -> Change:
    """The post is an ad (R3) with the red packet sent for it: ``type: ad`` and
    ``red_packet: {amount, recipients, sent}``; what is not given stays as the post has it,
    else the charter's minimum. Settles an ad without its red packet (or with one too small)
    and an offer that reads like an ad."""
    p = post(com, ref)
    if sent is not None and sent > com.today:
        raise Refused("life.paid-ahead", id=p.id, paid=sent.isoformat(),
                      today=com.today.isoformat())
    rp, had = com.charter.red_packet, p.red_packet
    value = amount if amount is not None else had.amount if had else rp.min_amount
    ch = Change(com.root)
    doc = ch.doc(p.file)
    set_key(doc, "post", "type", "ad")
    set_key(doc, "post", "red_packet", flow_map(
        amount=int(value) if value == int(value) else value,
        recipients=recipients if recipients is not None
        else had.recipients if had else rp.min_recipients,
        sent=sent or (had.sent if had else None)))
    return ch


# --------------------------------------------------------------------------- events


def organise(com: Community, ref: str, refs: Iterable[str]) -> tuple[Change, list[str]]:
    """Members added to an event's ``organizers`` (C7); returns those that were not yet."""
    ev = event(com, ref)
    ids = [member(com, r).id for r in refs]
    ch = Change(com.root)
    return ch, append_unique(ch.doc(ev.file), "event", "organizers", ids)


def capacity(com: Community, ref: str, places: int) -> Change:
    """An event's capacity (RSVPs and guests), e.g. raised to the RSVPs it already has."""
    ev = event(com, ref)
    if places < 1:
        raise Refused("life.capacity", event=ev.id, capacity=places)
    ch = Change(com.root)
    set_key(ch.doc(ev.file), "event", "capacity", places)
    return ch
