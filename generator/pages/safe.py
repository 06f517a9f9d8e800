"""Make values from YAML safe where they land.

Python-Markdown passes raw HTML, ``javascript:`` links and ``attr_list`` handlers through, and
MkDocs' Jinja has autoescape off. So page bodies are HTML blocks written by Jinja with
autoescape on (a Markdown engine leaves HTML blocks alone), and the only values that become
markup are the free-text fields, which go through :func:`rich` (Markdown → nh3 sanitizer with
a small allow-list). Everything produced by other code and embedded as markup (SVG charts, QR
codes, JSON-LD) is vetted here too, so one bug elsewhere cannot open a hole in the site.
"""

from __future__ import annotations

import html.parser
import json
import re
from functools import lru_cache

import markdown  # type: ignore[import-untyped]
import nh3
from markupsafe import Markup, escape

RICH_TAGS = {"p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "a", "code", "blockquote"}
RICH_ATTRS = {"a": {"href", "title"}}
URL_SCHEMES = {"http", "https", "mailto"}


@lru_cache(maxsize=1)
def _md() -> markdown.Markdown:
    # nl2br: a line break typed in YAML is a line break on the page (Chinese has no spaces)
    return markdown.Markdown(extensions=["nl2br", "sane_lists"], output_format="html")


def rich(text: str | None) -> Markup:
    """Free text (bio, description …) as Markdown, then sanitized: a few inline and list
    tags, links only to http/https/mailto, no attributes but ``href``/``title`` on links."""
    if not text:
        return Markup("")
    md = _md()
    md.reset()
    rendered = md.convert(text)
    clean = nh3.clean(rendered, tags=RICH_TAGS, attributes=RICH_ATTRS, url_schemes=URL_SCHEMES,
                      link_rel="noopener noreferrer nofollow", strip_comments=True)
    return Markup(clean)


_MERMAID_UNSAFE = re.compile(r"[^\w\s\u00b7+\-.]", re.UNICODE)


def mermaid_label(text: str) -> str:
    """A node label that Mermaid cannot read as syntax or markup: letters, digits, spaces and
    ``+-.·`` only (enough for 「机构+姓名」); the result is still HTML-escaped by the template."""
    cleaned = _MERMAID_UNSAFE.sub(" ", text)
    return " ".join(cleaned.split())[:40] or "?"


def json_for_script(doc: str | None) -> Markup | None:
    """A JSON document safe inside ``<script type="application/ld+json">``: it must parse,
    and ``<``, ``>`` and ``&`` are written as \\u escapes so no ``</script>`` can appear."""
    if not doc:
        return None
    try:
        data = json.loads(doc)
    except ValueError:
        return None
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)


SVG_TAGS = {
    "svg", "g", "path", "rect", "circle", "ellipse", "line", "polyline", "polygon", "text",
    "tspan", "title", "desc", "defs", "lineargradient", "radialgradient", "stop", "clippath",
    "use", "style", "symbol", "marker", "pattern", "mask",
}


class _SvgVetter(html.parser.HTMLParser):
    """Refuses anything in an SVG that could run code or load from elsewhere."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ok = True
        self.in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in SVG_TAGS:
            self.ok = False
        self.in_style = tag == "style"
        for name, value in attrs:
            v = (value or "").strip().lower()
            if name.startswith("on") or v.startswith(("javascript:", "data:text/html")):
                self.ok = False
            if name in ("href", "xlink:href") and not v.startswith("#"):
                self.ok = False

    def handle_data(self, data: str) -> None:
        if self.in_style and ("@import" in data or "url(" in data.lower()):
            self.ok = False

    def handle_endtag(self, tag: str) -> None:
        self.in_style = False


def vetted_svg(svg: str | None) -> Markup | None:
    """The SVG as markup when it is a plain drawing (allow-listed tags, no event handlers, no
    external references); None otherwise, and the page simply goes without it."""
    if not svg or not svg.lstrip().startswith(("<svg", "<?xml")):
        return None
    body = re.sub(r"^\s*<\?xml[^>]*\?>", "", svg)
    vetter = _SvgVetter()
    vetter.feed(body)
    vetter.close()
    return Markup(body) if vetter.ok else None


def text(value: object) -> Markup:
    """Plain text, escaped (for the few places that build markup in Python)."""
    return escape("" if value is None else str(value))
