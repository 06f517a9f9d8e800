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

from pydantic import AfterValidator, ValidationInfo
from pydantic_core import PydanticCustomError

from generator.i18n import dynamic, text

if TYPE_CHECKING:
    from collections.abc import Mapping

    from generator.data.charter_models import Charter
    from generator.i18n.keys import Key

# The kinds a club uses are the charter's lists (``media_kinds``, ``event_kinds``,
# ``post_types``); these are the sample's, used when a charter names none. A record is
# validated with the charter's lists as pydantic's context (``{"media_kinds": (...)}``,
# generator/data/community.py); without a context these defaults apply.
DEFAULT_KINDS: dict[str, tuple[str, ...]] = {
    "media_kinds": ("elevator", "outdoor", "metro", "airport", "cinema", "digital", "social",
                    "kol", "tv", "radio", "print", "event_space", "other"),
    "event_kinds": ("member_event", "salon", "annual_gathering", "open_event", "training",
                    "visit"),
    "post_types": ("offer", "need", "ad"),
}
KIND_PATTERN = r"^[a-z0-9]+(?:[_-][a-z0-9]+)*$"


def charter_choice(family: str) -> AfterValidator:
    """A value from the charter's list ``family`` (reported like any other fixed choice:
    the allowed values and a did-you-mean)."""

    def check(value: str, info: ValidationInfo) -> str:
        context = info.context if isinstance(info.context, dict) else {}
        allowed = context.get(family) or DEFAULT_KINDS[family]
        if value not in allowed:
            raise PydanticCustomError("literal_error", "one of {expected}",
                                      {"expected": ", ".join(repr(a) for a in allowed)})
        return value

    return AfterValidator(check)


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


def kind_label(charter: Charter, family: str, value: str, lang: str) -> str:
    """A media kind (``media``), event kind (``event``) or post type (``post``) as the site
    names it: the charter's label, the catalogue's, or the value as words."""
    if family == "media":
        key = dynamic("site.kind.", value, optional=True)
    elif family == "event":
        key = dynamic("site.e.kind.", value, optional=True)
    else:
        key = dynamic("site.b.type.", value, optional=True)
    return label(charter, FAMILY[family], value, lang, key)


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


def charter_words(charter: Charter, lang: str) -> dict[str, str]:
    """The charter's words as the catalogue's placeholders: ``{organisation}`` (what a
    member's organisation is called), ``{inner_circle}`` (``inner_circle.name``),
    ``{outer_circle}``, each also capitalised (``{Organisation}``) for a label or heading;
    the charter's ``words``, else the catalogue's word in ``lang``."""
    w = charter.words
    found = {"organisation": w.organisation or text(lang, "word.organisation"),
             "inner_circle": str(charter.inner_circle.name),
             "outer_circle": w.outer_circle or text(lang, "word.outer-circle")}
    return {**found, **{k[:1].upper() + k[1:]: v[:1].upper() + v[1:]
                        for k, v in found.items()}}


def field_word(charter: Charter | None, name: str, lang: str) -> str | None:
    """A field's label from the charter's words, capitalised (``org``: what the charter
    calls an organisation, ``words.organisation``), or None where the catalogue's label
    stands (no charter, or no word set): ``new``'s questions, the issue forms and the
    request form ask with it."""
    if name == "org" and charter is not None and charter.words.organisation:
        return charter_words(charter, lang)["Organisation"]
    return None


def has_groups(charter: Charter, groups: Mapping[str, object]) -> bool:
    """Whether the club has outer-court groups to show: the charter keeps C6 (its groups
    rule) or group files exist. A club without either gets no groups page, link or tiles."""
    return charter.rule_on("C6") or bool(groups)


# The fixed choices of the models' fields and their labels in the catalogue: what `new`'s
# questions, the issue forms and the request form show for each value.
CIRCLES: dict[str, Key] = {"inner": "choice.circle.inner", "outer": "choice.circle.outer"}
STATUSES: dict[str, Key] = {"candidate": "choice.status.candidate",
                            "active": "choice.status.active", "alumni": "choice.status.alumni",
                            "suspended": "choice.status.suspended"}
VISIBILITY: dict[str, Key] = {"public": "choice.visibility.public",
                              "members": "choice.visibility.members",
                              "private": "choice.visibility.private"}
AUDIENCES: dict[str, Key] = {"public": "choice.audience.public",
                             "members": "choice.audience.members"}
POST_TYPES: dict[str, Key] = {"offer": "choice.post-type.offer", "need": "choice.post-type.need",
                              "ad": "choice.post-type.ad"}
