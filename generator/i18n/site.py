"""The site's labels and short sentences: the catalogue's ``site.*`` keys, named without that
prefix by the templates (``t('nav.home')``) and by :class:`generator.pages.context.Site`.

Kept apart from :mod:`generator.i18n.messages` (problem messages for the CLI): these are labels
and short sentences on pages. ``{name}`` placeholders are filled by :func:`t`; templates
escape the result like any other value. An unknown key raises, so a template naming one fails
the build.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from markupsafe import Markup

from generator.i18n import catalogue

if TYPE_CHECKING:
    from generator.i18n.keys import SiteKey
    from generator.problems import MessageArg

_STRINGS: dict[str, dict[str, str]] = {}


def strings(lang: str) -> dict[str, str]:
    """The site's texts in ``lang`` by key without the ``site.`` prefix (made once)."""
    got = _STRINGS.get(lang)
    if got is None:
        n = len(catalogue.SITE)
        got = _STRINGS[lang] = {k[n:]: v for k, v in catalogue.table(lang).items()
                                if k.startswith(catalogue.SITE)}
    return got


def _raw(lang: str, key: str) -> str:
    try:
        return strings(lang)[key]
    except KeyError:
        raise catalogue.UnknownKey(
            f"no text '{catalogue.SITE}{key}' in generator/i18n/{lang}.yml") from None


def t(lang: str, key: SiteKey, **args: MessageArg) -> str:
    """The site's text ``key`` (``nav.home`` for ``site.nav.home``) in ``lang``, filled."""
    return catalogue.fill(_raw(lang, key), args)


def html(lang: str, key: SiteKey, **args: MessageArg) -> Markup:
    """A ``*.html`` text (HTML we wrote, part of the code) as markup, its arguments escaped."""
    if not key.endswith(".html"):
        raise ValueError(f"{key}: only a key ending in .html holds HTML")
    text = Markup(_raw(lang, key))
    return text.format(**args) if args or "{" in text else text
