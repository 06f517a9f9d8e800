"""The referral tree (二度人脉) is drawn by the vendored Mermaid into an SVG in the page: every
member node and sponsor edge of the generated diagram source is in the drawing, with its
Chinese name, and no Mermaid error is shown. The script comes from the site (test_offline
proves no CDN is asked)."""

from __future__ import annotations

import html
import re

import pytest

from browser.conftest import Site, Tabs
from browser.helpers import open_page

pytestmark = pytest.mark.browser

NODE = re.compile(r"^\s*(n\d+)[\[(]+\"(.+?)\"[\])]+\s*$", re.MULTILINE)
EDGE = re.compile(r"^\s*n\d+\s*-->\s*n\d+\s*$", re.MULTILINE)


def diagram_source(site: Site) -> str:
    page = (site.folder / "tree" / "index.html").read_text(encoding="utf-8")
    source = page.split('<pre class="cy-mermaid">', 1)[1].split("</pre>", 1)[0]
    return html.unescape(source)


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_referral_tree_renders_to_svg(tabs: Tabs, public_site: Site, device: str) -> None:
    source = diagram_source(public_site)
    nodes = dict(NODE.findall(source))
    edges = EDGE.findall(source)
    assert len(nodes) > 30 and len(edges) >= len(nodes) - 10, source[:300]

    page, rec = tabs.open(public_site, device)
    open_page(page, public_site.url("tree/"))
    svg = page.locator(".cy-diagram svg")
    svg.wait_for()
    assert page.locator(".cy-diagram svg g.node").count() == len(nodes)
    assert page.locator(".cy-diagram svg .edgePaths path").count() == len(edges)
    drawn = str(svg.text_content())
    labels = set(page.evaluate(
        "Array.from(document.querySelectorAll('.cy-diagram svg g.node')).map(g => "
        "g.textContent.trim())"))
    assert labels == set(nodes.values()), drawn[:200]
    assert "王健" in labels and "Syntax error" not in page.content()
    box = svg.bounding_box()
    assert box is not None and box["width"] > 200 and box["height"] > 200
    assert rec.errors == []
