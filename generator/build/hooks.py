"""MkDocs hook module (``hooks:`` in mkdocs.yml), so plain ``mkdocs build`` / ``mkdocs serve``
generate the site too. Edition from ``COURTYARD_AUDIENCE`` (default public), date from
``COURTYARD_TODAY``, else ``SOURCE_DATE_EPOCH``, else today; data root from ``COURTYARD_ROOT``
(default: the folder of mkdocs.yml).

MkDocs loads this file by path, so it imports the real code from :mod:`generator.pages`.
"""

from __future__ import annotations

import os
import sys
from typing import Any

try:
    import generator  # noqa: F401
except ImportError:  # not installed: run from a checkout
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(
        __file__)))))

from markupsafe import Markup, escape
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from generator.build import encrypt, engine, search_index, secret, share

_COMMAND: list[str] = []  # the mkdocs command this process runs, from on_startup


def on_startup(command: str, dirty: bool) -> None:
    _COMMAND[:] = [command]


def refuse_members_deploy(command: str | None, edition: str) -> None:
    """``mkdocs gh-deploy`` publishes to a public host: never the members edition (client
    library, contacts, admin page, exports). Raises PluginError before anything is built."""
    if command == "gh-deploy" and edition == "members":
        raise PluginError(
            "Courtyard: refusing to deploy the members edition (COURTYARD_AUDIENCE=members) "
            "with gh-deploy: GitHub Pages is public and this edition holds the client "
            "library, contact details and the admin page. Deploy the public edition, and "
            "host the members edition only behind access control (content/pages/hosting.md)."
            " / 会员版不能发布到公开的 GitHub Pages。")


@event_priority(100)  # before the search plugin reads the language and the jieba dictionary
def on_config(config: Any) -> Any:
    secret.take()  # plain `mkdocs build`: no page, template or later hook sees the secret
    gen = engine.PREPARED.get(os.path.abspath(config.docs_dir))
    try:
        edition = gen.edition if gen is not None else engine.env_edition()
    except engine.BuildError as exc:
        raise PluginError(f"Courtyard: {exc}") from None
    refuse_members_deploy(_COMMAND[0] if _COMMAND else None, edition)
    if gen is None:
        try:
            gen = engine.generate_for_hook(config)
        except engine.BuildError as exc:
            raise PluginError(f"Courtyard: refusing to build.\n{exc}") from None
    return encrypt.on_config(engine.configure(config, gen))


def on_files(files: Any, config: Any) -> Any:
    return encrypt.on_files(files, config)  # the encrypted edition's opaque paths


def on_page_markdown(markdown: str, page: Any, **kwargs: Any) -> str:
    """Material prints ``page.meta.title`` unescaped in <title>, the header and the search
    index; hand it an escaped Markup so every template shows the text, never runs it."""
    title = page.meta.get("title")
    if isinstance(title, str) and not isinstance(title, Markup):
        page.meta["title"] = Markup(escape(title))
    for key in ("description", "author"):
        value = page.meta.get(key)
        if isinstance(value, str) and not isinstance(value, Markup):
            page.meta[key] = Markup(escape(value))
    return markdown


def on_page_content(html: str, page: Any, config: Any, **kwargs: Any) -> str:
    """Every page's description and share tags (Open Graph, Twitter), for the template; in
    the encrypted members edition, links to the opaque paths."""
    share.describe(page, html, str(config.site_name))
    page.meta["courtyard_share"] = share.tags(page, config)
    return encrypt.on_page_content(html, page, config)


def on_post_build(config: Any, **kwargs: Any) -> None:
    engine.write_edition_marker(config.site_dir, (config.extra.get("courtyard") or {}).get(
        "edition", "public"))
    search_index.write(config.site_dir)  # Courtyard's search (issue 17), from Material's text
    encrypt.on_post_build(config)  # the encrypted edition's search results at opaque paths
