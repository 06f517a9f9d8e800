"""Display names (群昵称): the charter's format ``{org}{name}`` and how two nicknames compare
(R1: full-width and half-width separators count as the same)."""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from generator.data.charter_models import Charter
    from generator.data.models import Member


def expected_display_name(charter: Charter, org: str, name: str) -> str:
    """The nickname the charter's ``display_name.format`` gives ``org`` and ``name``."""
    fmt: str = charter.display_name.format
    return fmt.replace("{org}", org).replace("{name}", name)


def display_name(charter: Charter, m: Member) -> str:
    """The member's group nickname: as written, or derived from the charter's format."""
    return m.display_name or expected_display_name(charter, m.org, m.name)


def normalise_nickname(text: str, separators: str) -> str:
    """A nickname as compared: NFKC, the charter's separators and spaces dropped, casefolded."""
    text = unicodedata.normalize("NFKC", text)
    seps = set(unicodedata.normalize("NFKC", separators)) | {" ", "\u3000"}
    return "".join(ch for ch in text if ch not in seps).casefold()
