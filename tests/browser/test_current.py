"""Always current (issue 16): pages built on 2026-11-24 and read later, in Chromium with a faked
clock. The reader's clock moves ended events from "upcoming" to "past", drops expired posts
and the RSVP how-to of a past event; the as-of line says so. With the build's own date, or
with JavaScript off, the page is exactly as built."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from conftest import SAMPLE_TODAY

from browser.conftest import Site, Tabs
from browser.helpers import open_page

pytestmark = pytest.mark.browser

BEIJING = dt.timezone(dt.timedelta(hours=8))
GATHERING = "events/2026-annual-gathering/"  # 2026-12-19 17:30, Beijing time
EXPIRES_DEC_15 = "board/need-office-elevator-ads-december/"
EXPIRES_JAN_31 = "board/need-senior-media-planner/"

LISTS_JS = """() => Object.fromEntries(['upcoming', 'past'].map(kind => {
  const ul = document.querySelector(`ul[data-cy-list='${kind}']`);
  return [kind, ul ? Array.from(ul.querySelectorAll('a')).map(a => a.getAttribute('href'))
                   : []];
}))"""


def at(tabs: Tabs, site: Site, when: dt.datetime, path: str, **options: Any) -> Any:
    page, rec = tabs.open(site, **options)
    page.clock.set_fixed_time(when)
    open_page(page, site.url(path))
    assert rec.errors == []
    return page


def where(page: Any, href_part: str) -> list[str]:
    lists = page.evaluate(LISTS_JS)
    return [kind for kind, hrefs in lists.items() if any(href_part in h for h in hrefs)]


def test_on_the_build_date_nothing_moves(tabs: Tabs, public_site: Site) -> None:
    page = at(tabs, public_site, dt.datetime(2026, 11, 24, 20, 0, tzinfo=BEIJING), "events/")
    assert where(page, "2026-annual-gathering") == ["upcoming"]
    assert page.locator(".cy-asof-live").count() == 0
    assert SAMPLE_TODAY in page.locator(".cy-asof").inner_text()


def test_an_event_that_ended_moves_to_past(tabs: Tabs, public_site: Site) -> None:
    # the evening it happens it is still upcoming; the next morning (Beijing) it is past
    evening = at(tabs, public_site, dt.datetime(2026, 12, 19, 21, 0, tzinfo=BEIJING), "events/")
    assert where(evening, "2026-annual-gathering") == ["upcoming"]
    later = at(tabs, public_site, dt.datetime(2026, 12, 20, 9, 0, tzinfo=BEIJING), "events/")
    assert where(later, "2026-annual-gathering") == ["past"]
    first_past = later.evaluate(
        "() => document.querySelector(\"ul[data-cy-list='past'] a\").getAttribute('href')")
    assert "2026-annual-gathering" in first_past  # newest first
    assert "2026-12-20" in later.locator(".cy-asof-live").inner_text()


def test_the_reader_zone_does_not_matter(tabs: Tabs, public_site: Site) -> None:
    """2026-12-20 01:00 in Beijing is still the 19th in Los Angeles: the charter's day counts."""
    page = at(tabs, public_site, dt.datetime(2026, 12, 20, 1, 0, tzinfo=BEIJING), "events/",
              timezone_id="America/Los_Angeles")
    assert where(page, "2026-annual-gathering") == ["past"]


def test_home_drops_ended_events(tabs: Tabs, public_site: Site) -> None:
    built = at(tabs, public_site, dt.datetime(2026, 11, 24, 12, 0, tzinfo=BEIJING), "")
    assert where(built, "2026-annual-gathering") == ["upcoming"]
    later = at(tabs, public_site, dt.datetime(2027, 6, 1, 12, 0, tzinfo=BEIJING), "")
    assert where(later, "events/") == []
    assert later.locator("p[data-cy-none='upcoming']").is_visible()


def test_expired_posts_leave_the_board(tabs: Tabs, public_site: Site) -> None:
    page = at(tabs, public_site, dt.datetime(2026, 12, 16, 9, 0, tzinfo=BEIJING), "board/")
    hrefs = page.evaluate("() => Array.from(document.querySelectorAll('.cy-board a'))"
                          ".map(a => a.getAttribute('href'))")
    assert not any("need-office-elevator-ads-december" in h for h in hrefs)
    assert any("need-senior-media-planner" in h for h in hrefs)


def test_past_event_page_hides_how_to_rsvp(tabs: Tabs, public_site: Site) -> None:
    before = at(tabs, public_site, dt.datetime(2026, 12, 1, 9, 0, tzinfo=BEIJING), GATHERING)
    assert before.locator(".cy-rsvp").is_visible()
    after = at(tabs, public_site, dt.datetime(2026, 12, 21, 9, 0, tzinfo=BEIJING), GATHERING)
    assert not after.locator(".cy-rsvp").is_visible()


def test_without_javascript_the_page_is_as_built(tabs: Tabs, public_site: Site) -> None:
    page = at(tabs, public_site, dt.datetime(2027, 6, 1, 12, 0, tzinfo=BEIJING), "events/",
              java_script_enabled=False)
    assert where(page, "2026-annual-gathering") == ["upcoming"]
