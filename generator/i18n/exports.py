"""Texts the exports show to people (calendar names, feed titles, vCard notes, CSV headers,
dues states), in the community's own language: the charter's ``language``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from generator.i18n import catalogue

if TYPE_CHECKING:
    from generator.data.community import Community
    from generator.i18n.keys import Key
    from generator.problems import MessageArg


def lang(com: Community) -> str:
    return str(com.charter.language)


def text(com: Community, key: Key, **args: MessageArg) -> str:
    """A catalogue text in the charter's language."""
    return catalogue.text(lang(com), key, **args)
