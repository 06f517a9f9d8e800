"""What the browser tests do to a page: open it and let its scripts settle, type into Material's
search like a reader, find what sticks out past the viewport, and take screenshots."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from browser.conftest import ARTIFACTS

if TYPE_CHECKING:
    from playwright.sync_api import Page

SEARCH_PLACEHOLDER = "键入以开始搜索"  # Material's zh "type to start searching"
SEARCH_DONE = "结果"                    # every zh result count ends in 结果 ("results")


def open_page(page: Page, url: str) -> None:
    """Navigate and wait until the network is quiet (scripts, the search index, Mermaid)."""
    response = page.goto(url, wait_until="load")
    assert response is not None and response.ok, f"{url}: {response and response.status}"
    page.wait_for_load_state("networkidle")


def search(page: Page, query: str) -> tuple[str, list[str]]:
    """Type ``query`` into the search box as a reader would (an IME commits the whole word at
    once, then a key press), wait for the answer, and return (the count line, the paths of the
    result pages in the order shown, without Material's ``?h=`` highlight parameter)."""
    box = page.locator(".md-search__input")
    icon = page.locator("label.md-header__button[for='__search']")
    if icon.is_visible():  # phone and tablet: the box opens from the magnifier icon
        if not page.is_checked("#__search"):
            icon.click()
    else:
        box.click()
    box.fill("")
    meta = page.locator(".md-search-result__meta")
    meta.filter(has_text=SEARCH_PLACEHOLDER).wait_for()
    page.keyboard.insert_text(query)
    page.keyboard.press("End")
    meta.filter(has_text=SEARCH_DONE).wait_for()
    hrefs = page.eval_on_selector_all(
        ".md-search-result__list > .md-search-result__item > a",
        "links => links.map(a => a.href)")
    return meta.inner_text(), [urlsplit(h).path for h in hrefs]


# Elements whose box reaches past the right edge of the screen, outermost first, ignoring
# what an ancestor clips or scrolls (wide tables in a scroll box are fine) and hidden things.
# The screen's width is passed in: a mobile browser widens its layout viewport (and zooms
# the whole page out) to fit content that is too wide, so innerWidth alone would hide it.
OVERFLOW_JS = """width => {
  const name = el => {
    let s = el.tagName.toLowerCase();
    if (el.id) s += '#' + el.id;
    const cls = (typeof el.className === 'string' ? el.className : '').trim();
    if (cls) s += '.' + cls.split(/\\s+/).join('.');
    return s;
  };
  const path = el => {
    const parts = [];
    for (let e = el; e && e !== document.body && parts.length < 4; e = e.parentElement)
      parts.unshift(name(e));
    return parts.join(' > ');
  };
  const clipped = el => {
    for (let e = el.parentElement; e && e !== document.body; e = e.parentElement) {
      const ox = getComputedStyle(e).overflowX;
      if (ox !== 'visible') return true;
    }
    return false;
  };
  const out = [];
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || r.right <= width + 0.5) continue;
    const st = getComputedStyle(el);
    if (st.visibility === 'hidden' || st.position === 'fixed' || clipped(el)) continue;
    if (el.parentElement && out.some(o => o.el.contains(el))) continue;
    out.push({el, text: path(el) + ' (right edge ' + Math.round(r.right) + 'px)'});
  }
  return {scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth,
          offenders: out.map(o => o.text)};
}"""


@dataclass(frozen=True)
class Overflow:
    """How wide a page is against the screen it is shown on, and what sticks out."""

    scroll_width: int
    inner_width: int
    screen_width: int
    offenders: list[str]

    @property
    def fits(self) -> bool:
        return (self.scroll_width <= self.screen_width and self.inner_width <= self.screen_width
                and not self.offenders)


def overflow(page: Page) -> Overflow:
    size = page.viewport_size
    assert size is not None
    got = page.evaluate(OVERFLOW_JS, size["width"])
    return Overflow(got["scrollWidth"], got["innerWidth"], size["width"], got["offenders"])


def screenshot(page: Page, name: str) -> Path:
    """A full-page screenshot in tests/_artifacts/ (gitignored) for a person to look at."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True, animations="disabled")
    return path
