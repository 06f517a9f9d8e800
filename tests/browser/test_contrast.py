"""WCAG AA on the public site (issue 16), measured in Chromium: links in text are underlined
and at least 4.5 : 1 against the page, the header's text against the header, and every badge
with white text against its background."""

from __future__ import annotations

import pytest

from browser.conftest import Site, Tabs
from browser.helpers import open_page

pytestmark = pytest.mark.browser

CONTRAST_JS = """() => {
  const rgb = s => s.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const lum = c => { const [r, g, b] = c.map(v => { v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const ratio = (a, b) => { const [x, y] = [lum(rgb(a)), lum(rgb(b))].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05); };
  const opaque = c => { const v = c.match(/[\\d.]+/g); return v.length < 4 || +v[3] >= 0.5; };
  const bg = el => { for (; el; el = el.parentElement) { const c = getComputedStyle(el)
      .backgroundColor; if (opaque(c)) return c; }  // a faint tint: the page shows through
    return 'rgb(255, 255, 255)'; };
  const out = [];
  document.querySelectorAll('.md-typeset p a, .md-typeset li a, .md-header__title, .cy-badge')
    .forEach(el => { const s = getComputedStyle(el);
      if (!el.textContent.trim() || !el.offsetParent) return;
      out.push({text: el.textContent.trim().slice(0, 20), ratio: ratio(s.color, bg(el)),
                underline: s.textDecorationLine.includes('underline'), link: el.tagName === 'A'
                  && !el.classList.contains('cy-chip') && !el.closest('nav')}); });
  return out;
}"""


@pytest.mark.parametrize("path", ["", "events/", "board/", "members/wang-jian/"])
def test_text_meets_wcag_aa(tabs: Tabs, public_site: Site, path: str) -> None:
    page, _rec = tabs.open(public_site, "phone")
    open_page(page, public_site.url(path))
    found = page.evaluate(CONTRAST_JS)
    assert found
    low = [f for f in found if f["ratio"] < 4.5]
    assert low == [], low
    plain = [f for f in found if f["link"] and not f["underline"]]
    assert plain == [], plain
