"""Open Graph and Twitter tags of a built page (what WeChat, Moments and Twitter/X show for
a pasted link), called by the hook for every page.

The generator gives members, events and the home page their own description and card image
in front matter (:mod:`generator.pages.share`); any other page gets "title · first
paragraph" as its description and the site's default card. URLs are absolute, on the
edition's own address (``config.extra.courtyard.url``).
"""

from __future__ import annotations

import os
from html.parser import HTMLParser
from typing import Any

from markupsafe import Markup, escape

from generator.pages import cards
from generator.pages.share import HOME_CARD

DESCRIPTION_MAX = 120  # characters: WeChat shows two or three lines of it


class _FirstParagraph(HTMLParser):
    """The text of the first non-empty ``<p>`` of a page's HTML."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.parts: list[str] = []
        self.done = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "p" and not self.done:
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "p" and self.depth:
            self.depth -= 1
            self.done = self.done or bool("".join(self.parts).strip())

    def handle_data(self, data: str) -> None:
        if self.depth and not self.done:
            self.parts.append(data)


def first_paragraph(html: str) -> str:
    parser = _FirstParagraph()
    parser.feed(html)
    return " ".join("".join(parser.parts).split())


def _plain(value: object) -> str:
    return value.unescape() if isinstance(value, Markup) else str(value or "")


def shorten(text: str, limit: int = DESCRIPTION_MAX) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def describe(page: Any, html: str, site_name: str) -> None:
    """Give a page without a description of its own "title · first paragraph" (escaped, as
    the hook hands every description to Material)."""
    if page.meta.get("description"):
        return
    title = _plain(page.meta.get("title") or page.title or site_name)
    text = first_paragraph(html)
    page.meta["description"] = Markup(escape(shorten(f"{title} · {text}" if text else title)))


def tags(page: Any, config: Any) -> list[tuple[str, str, str]]:
    """``(attribute, name, content)`` of every share tag of ``page`` (``property`` for Open
    Graph, ``name`` for Twitter); the template escapes the content."""
    cy = config.extra.get("courtyard") or {}
    base = str(cy.get("url") or config.site_url or "")
    image = str(page.meta.get("courtyard_card") or "")
    if not image:
        drawn = os.path.isfile(os.path.join(config.docs_dir, HOME_CARD))
        image = HOME_CARD if drawn else cards.DEFAULT_CARD
    site_name = _plain(config.site_name)
    title = site_name if page.is_homepage else _plain(page.meta.get("title") or page.title)
    description = _plain(page.meta.get("description"))
    image_url = base + image
    width, height = cards.SIZE
    og = [("og:type", "website"), ("og:site_name", site_name), ("og:title", title),
          ("og:description", description), ("og:url", base + page.url),
          ("og:locale", "zh_CN" if cy.get("lang") == "zh" else "en_US"),
          ("og:image", image_url), ("og:image:type", "image/png"),
          ("og:image:width", str(width)), ("og:image:height", str(height)),
          ("og:image:alt", title)]
    tw = [("twitter:card", "summary_large_image"), ("twitter:title", title),
          ("twitter:description", description), ("twitter:image", image_url)]
    return [("property", k, v) for k, v in og] + [("name", k, v) for k, v in tw]
