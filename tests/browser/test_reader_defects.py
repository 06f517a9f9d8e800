"""Issue 16's reader defects that only a phone shows (390 px, Chromium): the activity chart's
legend stays readable, and a media card's first line is its title, not a label run into it."""

from __future__ import annotations

import pytest

from browser.conftest import Site, Tabs
from browser.helpers import open_page

pytestmark = pytest.mark.browser

LEGEND_PX = """() => {
  const svg = document.querySelector('figure.cy-chart svg.courtyard-chart');
  if (!svg) return null;
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  return 11 * scale;
}"""

FIRST_CELL = """() => {
  const td = document.querySelector('table.cy-cards-sm tbody tr td');
  const label = getComputedStyle(td, '::before').content;
  const next = td.nextElementSibling;
  return {first: label, second: getComputedStyle(next, '::before').content,
          gap: parseFloat(getComputedStyle(next, '::before').marginRight)};
}"""


def test_activity_legend_is_readable_on_a_phone(tabs: Tabs, members_site: Site) -> None:
    page, rec = tabs.open(members_site, "phone")
    open_page(page, members_site.url("members/li-na/"))
    size = page.evaluate(LEGEND_PX)
    assert size is not None and size >= 9.5, size
    assert rec.errors == []


def test_media_cards_start_with_their_title(tabs: Tabs, public_site: Site) -> None:
    page, _rec = tabs.open(public_site, "phone")
    open_page(page, public_site.url("media/"))
    got = page.evaluate(FIRST_CELL)
    assert got["first"] == "none"
    assert got["second"] not in ("none", "normal") and got["gap"] > 0
