"""No external requests: a reader in Shenzhen waits on no host but the site's own. Every
request a page makes (its scripts, styles, images, fonts, and what Material's search worker
and Mermaid fetch) is recorded; only the site's own server may be asked. No script errors."""

from __future__ import annotations

import pytest

from browser.conftest import Site, Tabs
from browser.helpers import open_page, search

pytestmark = pytest.mark.browser

PUBLIC_PAGES = ("", "directory/", "members/wang-jian/", "calendar/", "events/",
                "events/2026-annual-gathering/", "tree/", "media/", "board/", "charter/",
                "groups/", "tags/")
MEMBERS_PAGES = ("", "directory/", "members/li-na/", "calendar/", "clients/", "tree/")


def visit_all(tabs: Tabs, site: Site, paths: tuple[str, ...]) -> None:
    page, rec = tabs.open(site)
    for path in paths:
        open_page(page, site.url(path))
    # the search index comes on the first search (issue 27.2): search once, then look
    search(page, "李娜")
    assert rec.foreign() == [], "requests that leave the site"
    assert rec.errors == [], "errors in the browser console"
    # The recorder saw the page's own assets and the search worker's index fetch: it works.
    assert any(u.endswith("/assets/courtyard/courtyard.css") for u in rec.requests)
    assert any("/search/search_index.json" in u for u in rec.requests)
    if "tree/" in paths:
        assert any(u.endswith("/assets/courtyard/mermaid.min.js") for u in rec.requests)


def test_public_pages_ask_only_the_site(tabs: Tabs, public_site: Site) -> None:
    visit_all(tabs, public_site, PUBLIC_PAGES)


def test_members_pages_ask_only_the_site(tabs: Tabs, members_site: Site) -> None:
    visit_all(tabs, members_site, MEMBERS_PAGES)


def test_recorder_catches_a_foreign_request(tabs: Tabs, public_site: Site) -> None:
    """The check above can fail: a page that loads a CDN script and throws is caught."""
    page, rec = tabs.open(public_site)
    open_page(page, public_site.url(""))
    with page.expect_event("pageerror"), page.expect_event("requestfailed"):
        page.evaluate("""() => {
            const s = document.createElement('script');
            s.src = 'https://unpkg.com/mermaid@10/dist/mermaid.min.js';
            document.head.appendChild(s);
            setTimeout(() => { throw new Error('boom'); }, 0);
        }""")
    assert rec.foreign() == ["https://unpkg.com/mermaid@10/dist/mermaid.min.js"]
    assert any("boom" in e for e in rec.errors)
