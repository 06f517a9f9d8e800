"""Traditional ↔ simplified Chinese by OpenCC (the maintained converter with its own phrase
dictionaries), so search finds 深圳廣電集團 typed for 深圳广电集团 and the reverse."""

from __future__ import annotations

import functools
from typing import Any


@functools.cache
def _converter(config: str) -> Any:
    import opencc  # here: only builds that index need it

    return opencc.OpenCC(config)


def to_traditional(text: str) -> str:
    return str(_converter("s2t").convert(text))


def to_simplified(text: str) -> str:
    return str(_converter("t2s").convert(text))


def other(text: str) -> str:
    """``text`` in the other script: simplified when it is written in traditional, else
    traditional; "" when both read the same (names in neither script, or shared forms)."""
    simplified = to_simplified(text)
    if simplified != text:
        return simplified
    traditional = to_traditional(text)
    return traditional if traditional != text else ""
