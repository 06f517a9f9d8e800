"""Looks right: the home, directory, a member page and the calendar at phone width (390 px,
as in WeChat on an iPhone) and at desktop width. No horizontal scrolling; Chinese drawn with
a CJK font (not boxes); a full-page screenshot of each in tests/_artifacts/ for a person to
look at. ``COURTYARD_SCREENSHOTS=1`` also refreshes the curated, size-capped copies in
docs/screenshots/ that the README shows.
"""

from __future__ import annotations

import os
import re
from typing import TYPE_CHECKING

import pytest
from conftest import REPO

from browser.conftest import Site, Tabs
from browser.helpers import open_page, overflow, screenshot

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

PAGES = {"home": "", "directory": "directory/", "member": "members/wang-jian/",
         "calendar": "calendar/"}
DOCS = REPO / "docs" / "screenshots"
CURATED = {("home", "phone"), ("directory", "phone"), ("member", "phone"),
           ("calendar", "phone"), ("home", "desktop"), ("calendar", "desktop")}
CURATED_HEIGHT = {"phone": 1200, "desktop": 900}  # CSS px from the top: what a reader sees first
HAN = re.compile(r"[\u4e00-\u9fff]")

# Which font drew each text node (Chromium's own answer, through the DevTools protocol).
FONT_SELECTORS = ("h1", ".md-header__topic", ".md-content p", ".md-content td, .md-content li")


def cjk_font_glyphs(page: Page, selector: str) -> tuple[int, int, list[str]]:
    """(Han characters in the first element matching ``selector``, glyphs drawn with a CJK
    font, the font families used)."""
    if page.locator(selector).count() == 0:
        return 0, 0, []
    text = page.locator(selector).first.inner_text()
    cdp = page.context.new_cdp_session(page)
    try:
        cdp.send("DOM.enable")
        cdp.send("CSS.enable")
        root = cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
        node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
        fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    finally:
        cdp.detach()
    cjk = sum(f["glyphCount"] for f in fonts if "CJK" in f["familyName"])
    return len(HAN.findall(text)), cjk, [f["familyName"] for f in fonts]


@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_pages_fit_the_screen_and_draw_chinese(tabs: Tabs, public_site: Site,
                                               device: str) -> None:
    page, rec = tabs.open(public_site, device)
    too_wide = {}
    for name, path in PAGES.items():
        open_page(page, public_site.url(path))
        shot = screenshot(page, f"{name}-{device}")
        assert shot.stat().st_size > 10_000
        if (name, device) in CURATED and os.environ.get("COURTYARD_SCREENSHOTS") == "1":
            DOCS.mkdir(parents=True, exist_ok=True)
            width = page.viewport_size["width"] if page.viewport_size else 390
            page.screenshot(path=str(DOCS / f"{name}-{device}.png"), scale="css",
                            animations="disabled", full_page=True,
                            clip={"x": 0, "y": 0, "width": width,
                                  "height": CURATED_HEIGHT[device]})
        got = overflow(page)
        if not got.fits:
            too_wide[name] = got
        for selector in FONT_SELECTORS:
            han, cjk, families = cjk_font_glyphs(page, selector)
            assert cjk >= han, f"{name} {selector}: {han} Han characters, {families}"
    assert too_wide == {}, "pages that scroll sideways, and what sticks out"
    assert rec.errors == []


MORE_PAGES = ("events/", "events/2026-annual-gathering/", "tree/", "media/", "board/",
              "charter/", "groups/", "tags/", "contributing/", "about/", "feeds/", "engagement/")


def test_other_pages_fit_a_phone(tabs: Tabs, public_site: Site) -> None:
    page, _rec = tabs.open(public_site, "phone")
    too_wide = {}
    for path in MORE_PAGES:
        open_page(page, public_site.url(path))
        got = overflow(page)
        if not got.fits:
            too_wide[path] = got
    assert too_wide == {}, "pages that scroll sideways, and what sticks out"


def test_card_lists_draw_no_bullets(tabs: Tabs, public_site: Site) -> None:
    page, _rec = tabs.open(public_site, "phone")
    for path in ("", "board/"):
        open_page(page, public_site.url(path))
        styles = page.evaluate("Array.from(document.querySelectorAll('ul.cy-cards > li'))"
                               ".map(li => getComputedStyle(li).listStyleType)")
        assert styles and set(styles) == {"none"}, (path, styles)


def test_overflow_finder_names_the_element(tabs: Tabs, public_site: Site) -> None:
    """The finder above can fail, and says which element is too wide."""
    page, _rec = tabs.open(public_site, "phone")
    open_page(page, public_site.url("members/wang-jian/"))
    page.evaluate("""() => {
        const d = document.createElement('div');
        d.className = 'too-wide';
        d.style.width = '600px';
        d.textContent = '太宽了';
        document.querySelector('.md-content__inner').appendChild(d);
    }""")
    got = overflow(page)
    assert not got.fits and got.scroll_width > got.screen_width
    assert any("div.too-wide" in o for o in got.offenders), got
