"""The encrypted members edition on a phone (issues 27.2, 27.3, 23.9, 26.7) and the phone-first
pages (27.4) in Chromium at 390 px: the 404 page works locked and unlocked without a console
error, in the charter's language; a new tab of an unlocked device opens unlocked (and one
opened after "not my phone" does not); search data is fetched on the first search, never
with the page, in both editions, and a members-only client found by search opens at its
opaque path; the code form fits, offers one plain choice and a way back; on an address shared
with other sites nothing is kept beyond the tab; WeChat's browser gets the download hints and
the copy buttons work.
"""

from __future__ import annotations

import http.server
import json
from collections.abc import Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from conftest import MEMBERS_SECRET

from browser.conftest import Recorder, Site, Tabs, serve
from browser.helpers import search
from generator.build import access
from generator.i18n import text

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

SECRET = MEMBERS_SECRET  # what the shared encrypted build of the sample is sealed with
MEMBER = "liu-yang"
CLIENT = "大疆创新"
WECHAT_UA = ("Mozilla/5.0 (Linux; Android 13; V2049A Build/TP1A.220624.014; wv) "
             "AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/116.0.0.0 Mobile "
             "Safari/537.36 XWEB/1160065 MMWEBSDK/20231202 MicroMessenger/8.0.47.2560"
             "(0x28002F35) WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64")


def code(member: str = MEMBER) -> str:
    return access.access_code(SECRET.encode(), member)


class Host(http.server.SimpleHTTPRequestHandler):
    """A static host as GitHub Pages or a bucket behaves: 404.html for what is missing;
    ``prefix`` serves the site under a path of a shared address (owner.github.io/club/)."""

    prefix = ""

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def translate_path(self, path: str) -> str:
        if self.prefix and path.startswith(self.prefix):
            path = "/" + path[len(self.prefix):]
        return super().translate_path(path)

    def send_error(self, code: int, message: str | None = None,
                   explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        data = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


def host(folder: Path, prefix: str = "") -> AbstractContextManager[Site]:
    """``folder`` served as a static host does (:class:`Host`), under ``prefix``."""
    return serve(folder, type("PrefixHost", (Host,), {"prefix": prefix}), prefix)


@pytest.fixture(scope="module")
def sealed(sample_encrypted: Path) -> Path:
    """The sample's encrypted members edition, sealed with SECRET (shared, read-only)."""
    return sample_encrypted


@pytest.fixture(scope="module")
def enc(sealed: Path) -> Iterator[Site]:
    with host(sealed) as site:
        yield site


def errors(rec: Recorder, *answered_404: str) -> list[str]:
    """Script and console errors, except the host's own 404 answer for a page asked for on
    purpose, and Chromium's look for /favicon.ico after document.open()."""
    return [e for e in rec.errors if "/favicon.ico" not in e
            and not any("status of 404" in e and e.endswith(f"({url})") for url in answered_404)]


def unlock(page: Page, remember: bool = True) -> None:
    """Type the member's code in the form (opened from the banner or the header)."""
    if not page.locator(".cy-lock-dialog").count():
        opener = page.locator(".cy-lock-banner-open, .cy-lock-login").first
        opener.click()
    page.fill(".cy-lock-dialog input[name=code]", code())
    page.locator(".cy-lock-open" if remember else ".cy-lock-forget").click()
    page.locator(".cy-lock-logout").wait_for()


def stored(page: Page) -> str:
    return str(page.evaluate("JSON.stringify([localStorage, sessionStorage])"))


def test_members_404_page_loads_without_a_console_error(enc: Site, tabs: Tabs) -> None:
    page, rec = tabs.open(enc, "phone")
    missing = enc.url("no/such/page/")
    title = text("zh", "site.notfound.title")
    page.goto(missing)
    page.locator(".cy-lock-banner").wait_for()
    assert page.locator("article h1").inner_text() == title  # not "404 - Not found"
    assert errors(rec, missing) == []
    unlock(page)
    assert page.url == missing
    assert page.locator("article h1").inner_text() == title
    assert "会员版" in page.locator(".md-banner").inner_text()  # the members version
    assert page.locator("article a").first.get_attribute("href") == "/"
    assert errors(rec, missing) == []


def kept(page: Page) -> dict[str, str]:
    return dict(json.loads(page.evaluate("JSON.stringify(localStorage)")))


def test_a_new_tab_of_an_unlocked_device_opens_unlocked(enc: Site, sealed: Path,
                                                        tabs: Tabs) -> None:
    page, rec = tabs.open(enc, "phone")
    page.goto(enc.url())
    unlock(page)  # "Open": remembered on this device
    assert code() not in stored(page) and code().replace("-", "") not in stored(page)
    # the device keeps the KDF output, this build's key and the form's words, nothing else
    build = json.loads((sealed / "_c" / "lock.json").read_text(encoding="utf-8"))["build"]
    assert sorted(kept(page)) == ["courtyard-lock:/kek", "courtyard-lock:/key",
                                  "courtyard-lock:/text"]
    assert kept(page)["courtyard-lock:/key"].startswith(build + ":")
    tab = page.context.new_page()
    first = len(rec.requests)
    tab.goto(enc.url("directory/"))
    tab.locator(".cy-lock-logout").wait_for()
    assert tab.locator(".cy-lock-dialog").count() == 0
    # the page names its build, the device keeps that build's key: one request for the
    # members version, none for lock.json (issue 27.2)
    sealed_files = [u for u in rec.requests[first:] if "/_c/" in u]
    assert len(sealed_files) == 1 and "lock.json" not in sealed_files[0], sealed_files
    assert errors(rec) == []

    # a build published since: the key kept is an older build's; lock.json opens the new one
    tab.evaluate("localStorage.setItem('courtyard-lock:/key', 'f00dfeedf00dfeed:' + "
                 "btoa('x'.repeat(32)))")
    tab = page.context.new_page()
    first = len(rec.requests)
    tab.goto(enc.url("members/li-na/"))
    tab.locator(".cy-lock-logout").wait_for()
    assert any(u.endswith("/_c/lock.json") for u in rec.requests[first:])
    assert kept(tab)["courtyard-lock:/key"].startswith(build + ":")

    # logging out leaves nothing on the device
    tab.locator(".cy-lock-logout").click()
    tab.locator(".cy-lock-login").wait_for()
    assert kept(tab) == {}
    assert errors(rec) == []

    # someone else's phone: "Not my phone" opens this tab only
    page, rec = tabs.open(enc, "phone")
    page.goto(enc.url())
    unlock(page, remember=False)
    assert kept(page) == {}
    tab = page.context.new_page()
    tab.goto(enc.url("directory/"))
    tab.locator(".cy-lock-login").wait_for()
    assert tab.locator(".cy-lock-logout").count() == 0
    assert errors(rec) == []


def test_search_data_is_fetched_on_the_first_search_only(enc: Site, public_site: Site,
                                                         tabs: Tabs) -> None:
    # the public edition: nothing under search/ until the reader searches
    page, rec = tabs.open(public_site, "phone")
    page.goto(public_site.url("directory/"))
    page.wait_for_load_state("networkidle")
    assert [u for u in rec.requests if "/search/" in u] == []
    _meta, found = search(page, "李娜")
    assert "/members/li-na/" in found
    assert any(u.endswith("/search/search_index.json") for u in rec.requests)
    assert any("/search/courtyard/entities.json" in u for u in rec.requests)

    # the members edition, unlocked: the page's sealed file only (no lock.json: the device
    # keeps this build's key; no manifest: the page has no image), no index
    page, rec = tabs.open(enc, "phone")
    page.goto(enc.url())
    unlock(page)
    tab = page.context.new_page()
    first = len(rec.requests)
    tab.goto(enc.url("directory/"))
    tab.locator(".cy-lock-logout").wait_for()
    tab.wait_for_load_state("networkidle")
    sealed_files = [u for u in rec.requests[first:] if "/_c/" in u]
    assert len(sealed_files) == 1, sealed_files
    assert [u for u in rec.requests[first:] if "/search/" in u] == []
    _meta, found = search(tab, CLIENT)
    assert len([u for u in rec.requests[first:] if "/_c/" in u]) > 2  # now the index
    client = [path for path in found if path.count("/") == 3]
    assert client and all("/clients/" not in path for path in client)
    tab.goto(enc.url(client[0]))
    tab.locator(".cy-lock-logout").wait_for()
    assert CLIENT in tab.locator("article h1").inner_text()
    assert errors(rec) == []


def test_a_tap_asks_for_the_next_pages_sealed_file_at_once(enc: Site, sealed: Path,
                                                          tabs: Tabs) -> None:
    """A finger on a link starts the fetch of the next page's members version (a prefetch,
    which outlives the page), so the next page waits one round trip, not two; the page then
    takes it from the cache."""
    page, rec = tabs.open(enc, "phone")
    page.goto(enc.url())
    unlock(page)
    page.wait_for_load_state("networkidle")
    page.evaluate("""() => Array.from(document.querySelectorAll('article a[href$="/"]'))
        .find(a => a.getBoundingClientRect().height > 0 && !a.getAttribute('href')
              .startsWith('http')).id = 'cy-next'""")
    link = page.locator("#cy-next")
    first = len(rec.requests)
    link.dispatch_event("touchstart")
    page.wait_for_function("document.querySelector('link[rel=prefetch]')")
    asked = [u for u in rec.requests[first:] if "/_c/" in u]
    assert len(asked) == 1 and "lock.json" not in asked[0], asked
    asked_after = len(rec.requests)
    with page.expect_navigation():
        link.click()
    page.locator(".cy-lock-logout").wait_for()
    assert "会员版" in page.locator(".md-banner").inner_text()
    assert errors(rec) == []
    # the file asked for at the tap is the one the next page opens
    assert asked[0] in rec.requests[asked_after:]


def placeholder_fits(page: Page) -> bool:
    return bool(page.evaluate("""() => {
        const input = document.querySelector('.cy-lock-dialog input[name=code]');
        const cs = getComputedStyle(input);
        const ctx = document.createElement('canvas').getContext('2d');
        ctx.font = cs.font;
        const ph = input.placeholder;
        const width = ctx.measureText(ph).width + ph.length * (parseFloat(cs.letterSpacing) || 0);
        const room = input.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
        return width <= room;
    }"""))


def test_the_code_form_fits_offers_one_choice_and_a_way_back(enc: Site, sealed: Path,
                                                             tabs: Tabs) -> None:
    page, rec = tabs.open(enc, "phone")
    page.goto(enc.url())
    page.locator(".cy-lock-banner-open").click()
    assert placeholder_fits(page)
    assert page.locator(".cy-lock-dialog input[type=checkbox]").count() == 0
    assert page.locator(".cy-lock-open").is_visible()
    assert page.locator(".cy-lock-forget").inner_text() == text("zh", "lock.ui.forget")
    assert page.locator(".cy-lock-keep").inner_text() == text("zh", "lock.ui.remember")
    box = page.locator(".cy-lock-banner-open").bounding_box()
    assert box is not None and box["height"] >= 44 and box["width"] >= 300  # a thumb's target
    page.locator(".cy-lock-close").click()  # a non-member goes back to the public page
    assert page.locator(".cy-lock-dialog").count() == 0

    # a members-only path: the form at once, and the way back leads home
    shell = next(p for p in sorted(sealed.glob("*/*/index.html"))
                 if b"data-shell" in p.read_bytes())
    page.goto(enc.url(shell.relative_to(sealed).parent.as_posix() + "/"))
    page.locator(".cy-lock-dialog").wait_for()
    back = page.locator(".cy-lock-close")
    assert back.inner_text() == text("zh", "lock.ui.back")
    back.click()
    page.wait_for_url(enc.url())
    assert errors(rec) == []


def test_a_shared_address_keeps_nothing_beyond_the_tab(sealed: Path, tabs: Tabs) -> None:
    with host(sealed, "/club/") as site:
        page, rec = tabs.open(site, "phone")
        page.goto(site.url())
        page.locator(".cy-lock-banner-open").click()
        assert page.locator(".cy-lock-keep").inner_text() == text("zh", "lock.ui.shared")
        assert page.locator(".cy-lock-forget").count() == 0
        unlock(page)
        assert json.loads(page.evaluate("JSON.stringify(localStorage)")) == {}
        tab = page.context.new_page()
        tab.goto(site.url("directory/"))
        tab.locator(".cy-lock-login").wait_for()
        assert errors(rec) == []


def test_wechat_hints_and_copy_buttons(members_site: Site, tabs: Tabs) -> None:
    event = "events/2026-annual-gathering/"
    page, rec = tabs.open(members_site, "phone", user_agent=WECHAT_UA,
                          permissions=["clipboard-read", "clipboard-write"])
    page.goto(members_site.url(event))
    assert page.locator(".cy-wx").first.is_visible()
    assert page.locator("a.cy-poster").get_attribute("download") is None  # long-press it
    page.goto(members_site.url("members/guo-qiang/"))
    copy = page.locator(".cy-copy").first
    copy.click()
    # the label changes when the clipboard's promise settles: wait for it, not a fixed time
    page.wait_for_function("(want) => document.querySelector('.cy-copy').innerText === want",
                           arg=text("zh", "site.m.copied"))
    assert page.evaluate("navigator.clipboard.readText()") == "guoqiang_pcsd"
    # the contact comes before the bio and the network
    assert page.evaluate("""() => {
        const top = sel => document.querySelector(sel).getBoundingClientRect().top;
        return top('.cy-contact-top') < top('.cy-related');
    }""")

    page, rec2 = tabs.open(members_site, "phone")  # any other browser: no hint, a download
    page.goto(members_site.url(event))
    assert not page.locator(".cy-wx").first.is_visible()
    assert page.locator("a.cy-poster").get_attribute("download") is not None
    assert errors(rec) == [] and errors(rec2) == []
