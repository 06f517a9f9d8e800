"""The month-grid calendar as a reader sees it: each event in the cell of its Beijing-time day
and weekday column, whatever time zone the reader's phone is set to (the page is static; no
script may move events), cancelled ones struck through, and titles that fit their cells on a
390 px screen."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import SAMPLE_TODAY

from browser.conftest import Site, Tabs
from browser.helpers import open_page

pytestmark = pytest.mark.browser

# Where a link to an event sits: its month grid, day number, weekday header, time, and
# whether its title is drawn struck through.
CELL_JS = """([month, href]) => {
  const table = document.getElementById(month).nextElementSibling;
  if (!table || table.tagName !== 'TABLE') return null;
  return Array.from(table.querySelectorAll('a.cy-cal-event'))
    .filter(a => a.getAttribute('href').includes(href))
    .map(a => {
      const td = a.closest('td');
      const text = a.querySelector('del, s') || a;
      return {
        day: td.querySelector('.cy-day').textContent.trim(),
        weekday: table.tHead.rows[0].cells[td.cellIndex].textContent.trim(),
        time: a.querySelector('time') ? a.querySelector('time').textContent : null,
        struck: getComputedStyle(text).textDecorationLine.includes('line-through'),
        title: a.textContent.trim(),
      };
    });
}"""


def cells(page: Any, month: str, href: str) -> list[dict[str, Any]]:
    found = page.evaluate(CELL_JS, [month, href])
    assert found, f"no link to {href} in {month}"
    return list(found)


@pytest.mark.parametrize("zone", ["Asia/Shanghai", "America/Los_Angeles", "Pacific/Kiritimati"])
def test_late_evening_event_sits_on_its_beijing_day(tabs: Tabs, tiny_site: Site,
                                                    zone: str) -> None:
    """跨年倒数 starts 2025-12-31T15:30Z: 23:30 on Wednesday 31 December in Beijing (07:30 the
    same day in Los Angeles, already 1 January in Kiritimati — neither may show)."""
    page, rec = tabs.open(tiny_site, timezone_id=zone)
    open_page(page, tiny_site.url("calendar/"))
    assert cells(page, "m-2025-12", "events/new-year-countdown/") == [{
        "day": "31", "weekday": "三", "time": "23:30", "struck": False, "title": "23:30 跨年倒数"}]
    assert page.evaluate("document.getElementById('m-2026-01').nextElementSibling"
                         ".textContent").count("跨年倒数") == 0
    assert rec.errors == []


def test_cancelled_event_is_struck_through(tabs: Tabs, tiny_site: Site) -> None:
    page, _rec = tabs.open(tiny_site, "phone")
    open_page(page, tiny_site.url("calendar/"))
    [cell] = cells(page, "m-2026-01", "events/typhoon-salon/")
    assert cell["struck"] and cell["day"] == "10" and cell["weekday"] == "六"


def test_sample_calendars_strike_only_the_cancelled(tabs: Tabs, public_site: Site,
                                                    members_site: Site) -> None:
    page, _rec = tabs.open(public_site)
    open_page(page, public_site.url("calendar/"))
    [gba] = cells(page, "m-2026-06", "events/2026-06-gba-brand-matchmaking-dongguan/")
    assert gba["struck"] and gba["day"] == "13"
    [gathering] = cells(page, "m-2026-12", "events/2026-annual-gathering/")
    assert not gathering["struck"] and gathering["day"] == "19" and gathering["time"] == "17:30"

    page, _rec = tabs.open(members_site)
    open_page(page, members_site.url("calendar/"))
    [september] = cells(page, "m-2026-09", "events/2026-monthly-member-salon/")
    [october] = cells(page, "m-2026-10", "events/2026-monthly-member-salon/")
    assert september["struck"] and september["day"] == "17"  # the typhoon-cancelled one
    assert not october["struck"] and october["day"] == "15" and october["weekday"] == "四"


LIST_JS = """id => Array.from(document.querySelectorAll('#' + id + ' + ul.cy-events .cy-when'))
  .map(w => w.textContent.trim().slice(0, 10))"""


def test_events_page_lists_each_event_once_on_the_right_side_of_today(
        tabs: Tabs, public_site: Site) -> None:
    page, _rec = tabs.open(public_site, "phone")
    open_page(page, public_site.url("events/"))
    upcoming, past = page.evaluate(LIST_JS, "upcoming"), page.evaluate(LIST_JS, "past")
    assert upcoming and past
    assert all(d >= SAMPLE_TODAY for d in upcoming), upcoming
    assert all(d < SAMPLE_TODAY for d in past), past


# Event labels that do not fit their day cell (cut off or spilling into the next day).
SPILL_JS = """() => Array.from(document.querySelectorAll('a.cy-cal-event')).filter(a => {
  const td = a.closest('td').getBoundingClientRect(), r = a.getBoundingClientRect();
  return a.scrollWidth > a.clientWidth + 1 || r.left < td.left - 1 || r.right > td.right + 1;
}).map(a => a.textContent.trim())"""


@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_event_titles_fit_their_day_cells(tabs: Tabs, public_site: Site, device: str) -> None:
    page, _rec = tabs.open(public_site, device)
    open_page(page, public_site.url("calendar/"))
    assert page.locator("a.cy-cal-event").count() > 5
    assert page.evaluate(SPILL_JS) == []
