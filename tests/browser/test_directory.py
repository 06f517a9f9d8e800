"""The directory's vendored filter and sort script (assets/courtyard/table.js) in Chromium:
each facet (circle, organisation, city, tag) and the text box narrow the rows to exactly the
members the YAML says, facets combine, the count follows, and a header click sorts."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest
import yaml
from conftest import REPO

from browser.conftest import Site, Tabs
from browser.helpers import open_page

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

FACETS = {"circle": "圈层", "org": "机构", "city": "城市", "tag": "标签"}  # facet: its label
FIELDS = {"circle": "circle", "org": "org", "city": "city", "tag": "tags"}  # facet: YAML key
CIRCLES = {"inner": "菁英会", "outer": "外院"}  # the charter's names (inner_circle, words)


def listed() -> dict[str, dict[str, Any]]:
    """Members the public directory lists (active and alumni), by id, from the YAML."""
    out = {}
    for path in sorted((REPO / "members").glob("*.yml")):
        m = yaml.safe_load(path.read_text(encoding="utf-8"))
        if m["status"] in ("active", "alumni"):
            out[path.stem] = m
    return out


def where(facet: str, value: str) -> set[str]:
    """Ids of listed members a facet set to ``value`` should show."""
    ids = set()
    for mid, m in listed().items():
        got = CIRCLES[m["circle"]] if facet == "circle" else m.get(FIELDS[facet])
        if got == value or (isinstance(got, list) and value in got):
            ids.add(mid)
    assert ids, f"no listed member with {facet} = {value}"
    return ids


VISIBLE_JS = """() => Array.from(document.querySelectorAll('table[data-cy-table] tbody tr'))
  .filter(tr => !tr.hidden && tr.offsetParent !== null)
  .map(tr => tr.querySelector('a.cy-person').getAttribute('href').split('/').slice(-2)[0])"""


def visible(page: Page) -> set[str]:
    return set(page.evaluate(VISIBLE_JS))


def count(page: Page) -> str:
    return str(page.inner_text(".cy-count")).strip()


@pytest.fixture
def directory(tabs: Tabs, public_site: Site) -> Iterator[Page]:
    page, rec = tabs.open(public_site)
    open_page(page, public_site.url("directory/"))
    yield page
    assert rec.errors == []


def test_every_listed_member_shows_before_filtering(directory: Page) -> None:
    everyone = set(listed())
    assert visible(directory) == everyone
    assert count(directory) == f"{len(everyone)} / {len(everyone)}"


@pytest.mark.parametrize(("facet", "value"), [
    ("circle", "外院"), ("org", "分众传媒"), ("city", "广州"), ("tag", "电梯媒体")])
def test_each_facet_narrows_to_exactly_its_members(directory: Page, facet: str,
                                                  value: str) -> None:
    total = len(listed())
    select = directory.locator(f"select[data-cy-facet='{facet}']")
    assert select.get_attribute("aria-label") == FACETS[facet]
    select.select_option(value)
    want = where(facet, value)
    assert visible(directory) == want
    assert count(directory) == f"{len(want)} / {total}"
    select.select_option("")
    assert len(visible(directory)) == total


def test_facets_and_text_combine(directory: Page) -> None:
    directory.select_option("select[data-cy-facet='org']", "分众传媒")
    directory.select_option("select[data-cy-facet='city']", "东莞")
    assert visible(directory) == where("org", "分众传媒") & where("city", "东莞") == {"lin-xiaoyu"}
    directory.select_option("select[data-cy-facet='city']", "")
    directory.fill(".cy-filter-text", "总监")  # a word in some of their titles
    want = {i for i in where("org", "分众传媒") if "总监" in (listed()[i].get("title") or "")}
    assert want and visible(directory) == want


def column(page: Page, table: int, col: int) -> list[str]:
    return list(page.evaluate(
        "([t, c]) => Array.from(document.querySelectorAll('table[data-cy-table]')[t].tBodies[0]"
        ".rows).map(r => r.cells[c].textContent.trim())", [table, col]))


def test_header_click_sorts_and_sorts_back(directory: Page) -> None:
    heads = directory.locator("table[data-cy-table]").first.locator("thead th")
    labels = [h.strip() for h in heads.all_inner_texts()]
    joined, city = labels.index("入会"), labels.index("城市")
    names = column(directory, 0, 0)  # as generated: by joining date

    heads.nth(city).click()  # Chinese order is pinyin order: 东莞 广州 深圳 香港
    assert heads.nth(city).get_attribute("aria-sort") == "ascending"
    cities = column(directory, 0, city)
    order = ["东莞", "广州", "深圳", "香港"]
    assert cities == sorted(cities, key=order.index) and set(cities) == set(order)
    by_city = column(directory, 0, 0)
    assert by_city != names and sorted(by_city) == sorted(names)  # same rows, new order

    heads.nth(joined).click()
    dates = column(directory, 0, joined)
    assert dates == sorted(dates) and column(directory, 0, 0) != by_city
    heads.nth(joined).click()
    assert heads.nth(joined).get_attribute("aria-sort") == "descending"
    assert column(directory, 0, joined) == sorted(dates, reverse=True)
    assert heads.nth(city).get_attribute("aria-sort") is None


def test_filtering_works_on_a_phone(tabs: Tabs, public_site: Site) -> None:
    """On a phone the rows are cards; a filtered-out card disappears from the page."""
    page, _rec = tabs.open(public_site, "phone")
    open_page(page, public_site.url("directory/"))
    page.select_option("select[data-cy-facet='city']", "广州")
    assert visible(page) == where("city", "广州")
    assert page.locator("a.cy-person:visible").count() == len(where("city", "广州"))
