"""Problem messages as the reporters print them (``check``, ``build``, ``report``, ``new``,
``from-issue``), in the language asked for; the texts are in the catalogue
(``generator/i18n/<lang>.yml``).

Each message says what was found, what is expected and how to fix it; the file, line and
rule id are added by the reporter, the charter clause (quoted in its original language) by
the problem itself. Keys are stable: tests snapshot them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING

from generator.i18n import catalogue

if TYPE_CHECKING:
    from generator.i18n.keys import Key


class _Default(dict[str, object]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def joiner(lang: str) -> str:
    """Between two sentences (Chinese full stops need no space)."""
    return catalogue.text(lang, "punct.sentence")


_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _visible(value: object) -> object:
    """A value quoted in a message, with line breaks and control characters written as
    escapes (``\\n``, ``\\x1b``): a message is one line, and never drives a terminal."""
    if not isinstance(value, str) or not _UNPRINTABLE.search(value):
        return value
    return _UNPRINTABLE.sub(lambda m: repr(m.group())[1:-1], value)


def render(key: Key, lang: str, args: Mapping[str, object]) -> str:
    """The message ``key`` in ``lang``: an unknown key raises; a placeholder missing from
    ``args`` stays ``{name}`` (a report never fails on its own wording); a ``suggestion``
    adds "did you mean …"."""
    if key == "yaml.top":  # the loader's English word for what it found, in ``lang``
        args = {**args, "found": catalogue.text(
            lang, catalogue.dynamic("yaml.found.", args.get("found")))}
    elif key == "R2.standing":  # which kind of change, in ``lang``
        args = {**args, "scope": catalogue.text(
            lang, catalogue.dynamic("rights.scope.", args.get("scope")))}
    args = {k: _visible(v) for k, v in args.items()}
    text = catalogue.lookup(lang, key).format_map(_Default(args))
    if args.get("suggestion") and key not in ("id.filename", "hint.did-you-mean"):
        text += joiner(lang) + render("hint.did-you-mean", lang,
                                      {"suggestion": args["suggestion"]})
    return text
