"""Escaping: XSS payloads in every free-text and name field of every kind of record, both
editions built, and every output file read back: no script that is not the theme's, no
``on*`` attribute, no ``javascript:`` URL — in HTML pages, in the search index (Material renders
its titles and texts as HTML) and in feeds whose content is HTML. The payloads still show up
as text where the value belongs (escaping, not deletion).
"""

from __future__ import annotations

import html
import html.parser
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import make_community
from test_site import both_editions, write_yaml

# digit-free, so names pass R1's real-name check (no digits in a name)
PAYLOADS = [
    "<script>alert(document)</script>",
    "<img src=x onerror=alert(document)>",
    "[x](javascript:alert(document))",
    "{ onmouseover=alert(document) }",
    '"><svg onload=alert(document)>',
]
URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcset"}


def payload_community(tmp: Path) -> Path:
    root = make_community(tmp)
    w = write_yaml
    for i, p in enumerate(PAYLOADS):
        mid = f"x{'abcde'[i]}"
        w(root, f"members/{mid}.yml", {
            "name": p, "org": p + "机构", "title": p, "circle": "outer", "status": "active",
            "joined": "2025-03-01", "sponsor": "wang-jian", "approved_by": ["wang-jian"],
            "city": p, "tags": [p, "正常标签"], "bio": f"{p}\n\n简介 {p}",
            "contact": {"wechat": {"value": p, "visibility": "public"},
                        "email": {"value": p, "visibility": "public"},
                        "phone": {"value": p, "visibility": "members"}}})
        w(root, f"members/cand-{mid}.yml", {
            "name": p, "org": p + "候选", "circle": "outer", "status": "candidate",
            "joined": "2026-01-20", "sponsor": "wang-jian", "bio": p})
        w(root, f"content/events/ev-{mid}.yml", {
            "title": p, "start": "2026-03-14 19:00", "audience": "public", "description": p,
            "location": {"name": p, "address": p, "city": p}, "organizers": [mid],
            "rsvp": [mid], "kind": "salon"})
        w(root, f"content/events/evs-{mid}.yml", {
            "title": p, "start": "2025-06-14", "audience": "members", "location": p,
            "attended": [mid], "description": p})
        w(root, f"resources/media/md-{mid}.yml", {
            "title": p, "owner": mid, "kind": "outdoor", "city": p, "locations": [p],
            "availability": p, "tags": [p], "description": p,
            "price": {"min": 1, "max": 2, "unit": p}})
        w(root, f"resources/clients/cl-{mid}.yml", {
            "brand": p, "owner": mid, "industry": p, "need": p, "city": p, "budget": p,
            "tags": [p], "notes": p})
        w(root, f"content/groups/gr-{mid}.yml", {
            "name": p, "purpose": p, "size": 10, "capacity": 100, "admins": ["wang-jian"],
            "join": p, "description": p})
        w(root, f"resources/board/po-{mid}.yml", {
            "title": p, "type": "ad", "owner": mid, "posted": "2026-01-10", "city": p,
            "tags": [p], "description": p,
            "red_packet": {"amount": 30, "recipients": 5, "sent": "2026-01-10"}})
    return root


class Live(html.parser.HTMLParser):
    """Collects whatever would run in a browser."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.bad: list[str] = []
        self.script: tuple[dict[str, str | None], list[str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.bad.append(f"<{tag} {name}=…>")
            if name in URL_ATTRS and (value or "").strip().lower().replace(
                    "\t", "").replace("\n", "").startswith(("javascript:", "vbscript:")):
                self.bad.append(f"<{tag} {name}={value}>")
        if tag == "img" and a.get("src") == "x":
            self.bad.append("<img src=x>")
        if tag == "script":
            self.script = (a, [])

    def handle_data(self, data: str) -> None:
        if self.script is not None:
            self.script[1].append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag != "script" or self.script is None:
            return
        attrs, parts = self.script
        body = "".join(parts)
        self.script = None
        if attrs.get("type") in ("application/ld+json", "application/json"):
            json.loads(body)  # data (never run), and it must parse
            if "</" in body or ("alert" in body and "<" in body):
                self.bad.append("ld+json with markup")
        elif "alert" in body or (attrs.get("src") or "").lower().startswith(
                ("http:", "https:", "//", "data:", "javascript:")):
            self.bad.append(f"<script> {attrs} {body[:60]}")


def live(markup: str) -> list[str]:
    p = Live()
    p.feed(markup)
    p.close()
    return p.bad


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, str]]:
    tmp = tmp_path_factory.mktemp("escaping")
    return both_editions(payload_community(tmp), tmp)


@pytest.mark.parametrize("edition", ["public", "members"])
def test_no_payload_is_live_html(sites: dict[str, dict[str, str]], edition: str) -> None:
    found = []
    for rel, text in sites[edition].items():
        if rel.endswith(".html"):
            found += [f"{rel}: {b}" for b in live(text)]
    assert not found, "\n".join(found[:30])


@pytest.mark.parametrize("edition", ["public", "members"])
def test_search_index_holds_plain_text(sites: dict[str, dict[str, str]], edition: str) -> None:
    """Courtyard's search worker HTML-escapes everything it shows (issue 17), so its index
    holds the text a reader sees: the title as the member wrote it, and none of the markup
    Material's indexer leaves in (a tag there would be shown as text)."""
    docs = [doc for rel, text in sites[edition].items()
            if rel.startswith("search/courtyard/text-") for doc in json.loads(text)]
    assert len(docs) > 10
    assert "<script>alert(document)</script>" in {title for _loc, title, _text in docs}
    assert [loc for loc, _title, text in docs if "<p>" in text or "\u200b" in text] == []


@pytest.mark.parametrize("edition", ["public", "members"])
def test_feeds_carry_no_live_html(sites: dict[str, dict[str, str]], edition: str) -> None:
    found = []
    for rel, text in sites[edition].items():
        if not rel.endswith((".xml", ".atom", ".rss")) or rel.startswith("sitemap"):
            continue
        for el in ET.fromstring(text.encode()).iter():
            if el.get("type") in ("html", "xhtml") and el.text:
                found += [f"{rel}: {b}" for b in live(el.text)]
    assert not found, "\n".join(found)


def test_values_are_shown_as_text(sites: dict[str, dict[str, str]]) -> None:
    """Escaped, not dropped: the visitor sees exactly what the member wrote."""
    page = sites["public"]["members/xa/index.html"]
    assert "<title>&lt;script&gt;alert(document)&lt;/script&gt; - " in page
    assert "&lt;script&gt;alert(document)&lt;/script&gt;机构" in page
    svg = sites["public"]["members/xe/index.html"]
    assert "&#34;&gt;&lt;svg onload=alert(document)&gt;" in svg or \
        "&quot;&gt;&lt;svg onload=alert(document)&gt;" in svg
    md = sites["public"]["members/xc/index.html"]
    assert "[x](javascript:alert(document))" in md  # as text, not a link
    tree = sites["public"]["tree/index.html"]
    diagram = tree[tree.index('class="cy-mermaid"'):]
    source = html.unescape(diagram[diagram.index(">") + 1:diagram.index("</pre>")])
    labels = re.findall(r'\["(.*?)"\]', source)
    assert len(labels) >= len(PAYLOADS) + 2
    for label in labels:  # reduced to words Mermaid cannot read as syntax or markup
        assert re.fullmatch(r"[\w\s\u00b7+\-.]+", label), label
