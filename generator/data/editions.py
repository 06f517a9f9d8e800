"""What each edition may show. Every renderer (pages, search, feeds, API, vCards) asks here.

* ``public`` — what CI publishes: no client library, no members-only events, resources or
  posts, no candidates or suspended members, contact fields only when ``public``.
* ``members`` — for members behind access control: adds members-only data, never a
  ``private`` contact field.

Which member fields an edition may show is the field registry's (each field's
``visibility``, generator/data/models.py): :func:`public_view` clears a ``members`` field in
the public edition, so no page, export or API item built from the view can print it.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Literal

from generator.data import registry
from generator.data.models import Client, ContactField, Event, Media, Member, Post

if TYPE_CHECKING:
    from generator.data.community import Community

Edition = Literal["public", "members"]
EDITIONS: tuple[Edition, ...] = ("public", "members")
LISTED_STATUSES = ("active", "alumni")


def field_visible(f: ContactField | None, edition: Edition) -> bool:
    if f is None:
        return False
    if f.visibility == "public":
        return True
    return f.visibility == "members" and edition == "members"


def visible_contact(m: Member, edition: Edition) -> dict[str, str]:
    """{"wechat"|"phone"|"email": value} for the fields this edition may show."""
    if m.contact is None or not member_visible(m, edition):
        return {}
    out = {}
    for name in ("wechat", "phone", "email"):
        f = getattr(m.contact, name)
        if f is not None and field_visible(f, edition):
            out[name] = f.value
    return out


def member_visible(m: Member, edition: Edition) -> bool:
    """Active members and alumni are listed; candidates and suspended members never publicly.
    The members edition also lists candidates (so members can welcome them)."""
    if m.status in LISTED_STATUSES:
        return True
    return edition == "members" and m.status == "candidate"


def shows(m: Member, what: str, edition: Edition) -> bool:
    """Whether this edition shows ``what`` (github, sponsor, dates) of a member: the public
    edition leaves out what the member listed in ``hide``."""
    return edition != "public" or what not in m.hide


def public_view(m: Member, edition: Edition) -> Member:
    """The member as this edition may show them: in the public edition, without the fields
    the registry keeps for members (set to their defaults) and without the login and sponsor
    they chose to hide (so no page, tree edge, chart or export can print them). Hidden dates
    stay in the record (lists sort by them) and are left out where printed."""
    if edition != "public":
        return m
    update: dict[str, object] = {name: registry.default("member", name)
                                 for name in registry.hidden_in("member", edition)
                                 if getattr(m, name) != registry.default("member", name)}
    if not m.hide and not update:
        return m
    if "github" in m.hide:
        update.update(github=None, github_id=None)
    if "sponsor" in m.hide:
        update["sponsor"] = None
    return m.model_copy(update=update)


def members(com: Community, edition: Edition) -> list[Member]:
    return [public_view(m, edition) for _id, m in sorted(com.members.items())
            if member_visible(m, edition)]


def event_visible(ev: Event, edition: Edition) -> bool:
    return ev.audience == "public" or edition == "members"


def events(com: Community, edition: Edition) -> list[Event]:
    return sorted((e for e in com.events.values() if event_visible(e, edition)),
                  key=lambda e: (com.event_start(e), e.id))


def media_visible(r: Media, edition: Edition, com: Community) -> bool:
    owner = com.members.get(r.owner)
    return (r.audience == "public" or edition == "members") and (
        owner is not None and member_visible(owner, edition))


def media(com: Community, edition: Edition) -> list[Media]:
    return [r for _id, r in sorted(com.media.items()) if media_visible(r, edition, com)]


def clients(com: Community, edition: Edition) -> list[Client]:
    """The client library is members-only by nature."""
    return [] if edition != "members" else [c for _id, c in sorted(com.clients.items())]


def post_visible(p: Post, edition: Edition, com: Community, today: dt.date | None = None) -> bool:
    owner = com.members.get(p.owner)
    if owner is None or not member_visible(owner, edition):
        return False
    if p.audience != "public" and edition != "members":
        return False
    return today is None or p.expires is None or p.expires >= today


def board(com: Community, edition: Edition, include_expired: bool = False) -> list[Post]:
    """Board posts for this edition; expired ones only when asked."""
    today = None if include_expired else com.today
    return [p for _id, p in sorted(com.board.items()) if post_visible(p, edition, com, today)]


def count_ids(ids: list[str], com: Community, edition: Edition) -> int:
    """How many people a list holds, as this edition may tell: the public edition counts
    only those it may name (a hidden candidate's reply is not even a number there); the
    members edition counts everyone."""
    return len(ids) if edition == "members" else len(visible_ids(ids, com, edition))


def visible_ids(ids: list[str], com: Community, edition: Edition) -> list[str]:
    """Filter member ids (rsvp, attended, organizers …) to those this edition may name."""
    return [i for i in ids if i in com.members and member_visible(com.members[i], edition)]
