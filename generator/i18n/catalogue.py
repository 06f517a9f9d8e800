"""The catalogue: one YAML file per language, ``generator/i18n/<lang>.yml``, each a flat mapping
of key → text with the same keys. Files are read once (safe loader, duplicate keys refused),
on first use.

* :data:`LANGS` — the languages that have a file, the default (``zh``) first;
* :func:`text` — one text with its ``{placeholders}`` filled; the key is a :data:`Key`, so mypy
  refuses a misspelt literal;
* :func:`dynamic` — a key made at run time (``dynamic("site.kind.", media.kind)``), checked
  against the catalogue on the spot: an unknown key raises :class:`UnknownKey`, it never shows
  up as the key itself;
* :func:`every` — one text in every language at once, default first (issue forms, CODEOWNERS).

Placeholders: :func:`text` fills them with ``str.format`` (``{{``/``}}`` for a literal brace)
and raises ``KeyError`` when one is not given. Problem messages are rendered by
:func:`generator.i18n.messages.render`, which leaves a missing one as ``{name}``.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, cast, overload

import yaml

if TYPE_CHECKING:
    from generator.i18n.keys import Key

HERE = Path(__file__).resolve().parent
DEFAULT_LANG = "zh"
SITE = "site."
"""The namespace of the site's labels: templates and ``Site.t`` take keys without it."""


class UnknownKey(KeyError):
    """A key no catalogue file has (a programming error, reported loudly)."""


def _languages() -> tuple[str, ...]:
    found = sorted(p.stem for p in HERE.glob("*.yml"))
    if DEFAULT_LANG not in found:  # pragma: no cover - a broken installation
        raise RuntimeError(f"no {DEFAULT_LANG}.yml in {HERE}")
    return (DEFAULT_LANG, *(lang for lang in found if lang != DEFAULT_LANG))


LANGS: tuple[str, ...] = _languages()
"""Every language with a catalogue file: the default first, then alphabetical."""


class _Loader(yaml.CSafeLoader):
    """The safe loader (libyaml's parser, as ``data/load.py`` uses: the pure-Python one took
    ~0.25 s of every command's start-up for the two files), refusing a key written twice
    (plain PyYAML keeps the last)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[object] = set()
        for key_node, _value in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"key {key!r} written twice", key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def load(path: Path) -> dict[str, str]:
    """One catalogue file: a mapping of key → text (strings only)."""
    with open(path, encoding="utf-8") as fh:
        data = yaml.load(fh, Loader=_Loader)  # a CSafeLoader subclass
    if not isinstance(data, dict):
        raise ValueError(f"{path}: a mapping of key: text is expected")
    bad = [k for k, v in data.items() if not isinstance(k, str) or not isinstance(v, str)]
    if bad:
        raise ValueError(f"{path}: every key and value must be text: {bad[:5]}")
    return cast("dict[str, str]", data)


_TABLES: dict[str, dict[str, str]] = {}


def table(lang: str) -> dict[str, str]:
    """Every text of ``lang`` by key (read on first use, then kept)."""
    got = _TABLES.get(lang)
    if got is None:
        if lang not in LANGS:
            raise ValueError(f"no catalogue for the language {lang!r} "
                             f"(generator/i18n/ has: {', '.join(LANGS)})")
        got = _TABLES[lang] = load(HERE / f"{lang}.yml")
    return got


def lookup(lang: str, key: str) -> str:
    """The raw text of ``key`` in ``lang``, placeholders unfilled; :class:`UnknownKey` if none."""
    try:
        return table(lang)[key]
    except KeyError:
        raise UnknownKey(f"no text {key!r} in generator/i18n/{lang}.yml") from None


def fill(template: str, args: Mapping[str, object]) -> str:
    """``template`` with its placeholders filled (``KeyError`` for a missing one)."""
    return template.format_map(args) if args or "{" in template else template


def text(lang: str, key: Key, /, **args: object) -> str:
    """The text ``key`` in ``lang`` with its ``{placeholders}`` filled."""
    return fill(lookup(lang, key), args)


def every(key: Key, /, **args: object) -> list[str]:
    """The text ``key`` in every language, the default first."""
    return [text(lang, key, **args) for lang in LANGS]


@overload
def dynamic(prefix: str, name: object) -> Key: ...
@overload
def dynamic(prefix: str, name: object, *, optional: Literal[True]) -> Key | None: ...


def dynamic(prefix: str, name: object, *, optional: bool = False) -> Key | None:
    """The key ``prefix + name``, made at run time from data (a status, a kind …), checked now.
    ``optional``: None instead of raising when there is no such key (a kind the charter adds
    has no label in the catalogue: see :mod:`generator.data.kinds`).

    The prefix must be written out as a literal at the call: tests/test_i18n.py counts every
    key that starts with such a prefix as used."""
    key = f"{prefix}{name}"
    if key not in table(DEFAULT_LANG):
        if optional:
            return None
        raise UnknownKey(f"no text {key!r} in generator/i18n/{DEFAULT_LANG}.yml")
    return cast("Key", key)


def keys() -> list[str]:
    """Every key, sorted (the default language's file; the others have the same keys)."""
    return sorted(table(DEFAULT_LANG))


def keys_module() -> str:
    """The text of ``generator/i18n/keys.py``: the keys as ``Literal`` types."""

    def literal(name: str, doc: str, items: list[str]) -> list[str]:
        return [f"{name} = Literal[", *(f'    "{k}",' for k in items), "]", f'"""{doc}"""', ""]

    everything = keys()
    site = [k.removeprefix(SITE) for k in everything if k.startswith(SITE)]
    lines = [
        '"""Every key of the catalogue as a type (generated from generator/i18n/*.yml by',
        "``python -m generator.i18n --write-keys``: do not edit; tests/test_i18n.py checks that it",
        'is current)."""',
        "",
        "from typing import Literal",
        "",
        *literal("Key", "A catalogue key: mypy refuses a literal that is not one.", everything),
        "",
        *literal("SiteKey", 'A key of the site\'s labels without its "site." prefix (what '
                 "templates and ``Site.t`` take).", site),
    ]
    return "\n".join(lines).rstrip("\n") + "\n"
