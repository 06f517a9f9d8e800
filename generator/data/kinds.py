"""What a media kind, an event kind or a board post type is called, and the inner circle's
members together.

The lists are the charter's (``media_kinds``, ``event_kinds``, ``post_types``), so a club can
add its own (``typography``, ``studio_visit``). A value is named, in order of preference, by
the label the charter gives it, by the catalogue (the sample's kinds have texts in every
language, under a prefix per place: ``site.kind.`` on pages, ``reasons.kind.`` in match
reasons …), or by the value itself, written as words (``studio_visit`` → "Studio visit").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from generator.i18n import text

if TYPE_CHECKING:
    from generator.data.models import Charter
    from generator.i18n.keys import Key

FAMILY = {"media": "media_kinds", "event": "event_kinds", "post": "post_types"}
"""What a record's kind is chosen from: media.kind, event.kind, post.type."""


def words(value: str) -> str:
    """``studio_visit`` → ``Studio visit``: a value without a label, readable."""
    out = value.replace("_", " ").replace("-", " ")
    return out[:1].upper() + out[1:]


def label(charter: Charter, family: str, value: str, lang: str, key: Key | None) -> str:
    """The name of ``value`` from the charter's list ``family``: the charter's label, else
    the catalogue's text ``key`` (``dynamic(prefix, value, optional=True)`` at the call),
    else the value as words."""
    own = charter.kind_label(family, value)
    if own:
        return own
    return text(lang, key) if key is not None else words(value)


def circle_members(charter: Charter, lang: str) -> str:
    """The inner circle's members as a heading names them: the charter's
    ``inner_circle.members_label``, else "<name> members" ("菁英会会员") — or the name alone
    when it already says members ("Members", "Studio Members"), never "Members members"."""
    ic = charter.inner_circle
    if ic.members_label:
        return ic.members_label
    word = text(lang, "circle.members", circle="").strip()
    if ic.name.strip().casefold().endswith(word.casefold()):
        return ic.name
    return text(lang, "circle.members", circle=ic.name)
