"""The encrypted members edition as a member and a stranger see it in Chromium (issue 18): a
member's code decrypts a client-library page and search finds a client; a wrong code decrypts
nothing; once that member is suspended and the site rebuilt, their saved and typed code both
fail while another member's still works. Everything from the site's own server, at 390 px too.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import yaml
from conftest import MEMBERS_SECRET, REPO, SAMPLE_TODAY, run_cli

from browser.conftest import ARTIFACTS, Recorder, Site, Tabs, serve
from browser.helpers import search
from generator.build import access
from generator.i18n import text

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

SECRET = MEMBERS_SECRET  # the shared encrypted build of the sample is sealed with it
MEMBER, OTHER = "liu-yang", "wang-jian"
CLIENT = "大疆创新"


def code(member: str) -> str:
    return access.access_code(SECRET.encode(), member)


def build(root: Path, out: Path) -> None:
    proc = run_cli("build", "--root", str(root), "--audience", "members", "--encrypt",
                   "--out", str(out), "--today", SAMPLE_TODAY, env={access.SECRET_ENV: SECRET})
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert SECRET not in proc.stdout + proc.stderr


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory,
           sample_encrypted: Path) -> Iterator[tuple[Path, Site]]:
    """A copy of the sample (so a member can be suspended and the site rebuilt from it) and
    of its encrypted build (the shared one, sealed with SECRET), served."""
    tmp = tmp_path_factory.mktemp("encrypted-browser")
    root = tmp / "community"
    for folder in ("content", "members", "resources"):
        shutil.copytree(REPO / folder, root / folder)
    out = tmp / "site"
    shutil.copytree(sample_encrypted, out)
    with serve(out) as site:
        yield root, site


def log_in(page: Page, typed: str) -> str:
    """Open the code form from the header, type, submit; the form's message ('' if the page
    reloaded into the members edition)."""
    page.locator(".cy-lock-login").click()
    page.fill(".cy-lock-dialog input[name=code]", typed)
    page.locator(".cy-lock-dialog button[type=submit]").click()
    page.wait_for_function("""() => document.querySelector('.cy-lock-logout') ||
        (document.querySelector('.cy-lock-message') || {textContent: ''}).textContent.length > 20
        && !document.querySelector('.cy-lock-message').textContent.includes('……')""")
    msg = page.locator(".cy-lock-message")
    return msg.first.inner_text() if msg.count() else ""


def link(page: Page, label: str, scope: str = "") -> str:
    href = page.evaluate("""([label, scope]) => Array.from(document.querySelectorAll(scope + ' a'))
        .filter(a => a.textContent.trim() === label).map(a => a.href)[0]""", [label, scope])
    assert href, f"no link {label!r}"
    return str(href)


def client_page(page: Page, site: Site) -> str:
    """From the home page through the nav to the client library, then to CLIENT."""
    page.goto(site.url())
    page.locator(".cy-lock-logout").wait_for()
    page.goto(link(page, "客户共享库"))
    page.locator(".cy-lock-logout").wait_for()
    url = link(page, CLIENT, "article")
    page.goto(url)
    page.locator(".cy-lock-logout").wait_for()
    return url


def errors(rec: Recorder) -> list[str]:
    """Script and console errors, but Chromium's own look for /favicon.ico once a page was
    rewritten by document.open() (the site's icon is declared; the host has no .ico)."""
    return [e for e in rec.errors if "/favicon.ico" not in e]


def test_member_code_wrong_code_and_revocation(sample: tuple[Path, Site], tabs: Tabs) -> None:
    root, site = sample
    zh = {"lock.ui.wrong": text("zh", "lock.ui.wrong"),
          "lock.ui.revoked": text("zh", "lock.ui.revoked")}

    # a stranger: a well-formed wrong code opens nothing, a members-only path shows the form
    page, rec = tabs.open(site, "phone")
    page.goto(site.url())
    assert log_in(page, "K7QM-3XHD-9PZA-WT2C") == zh["lock.ui.wrong"]
    assert page.locator(".cy-lock-logout").count() == 0
    assert CLIENT not in page.content()

    # a member: the client page decrypts at its opaque path, search finds a client
    page, rec = tabs.open(site, "phone")
    page.goto(site.url())
    assert log_in(page, code(MEMBER).lower()) == ""
    url = client_page(page, site)
    assert "/clients/" not in url and "dji" not in url
    assert CLIENT in page.locator("article h1").inner_text()
    assert "宝安机场" in page.locator("article").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "encrypted-client-phone.png"))
    _count, results = search(page, "大疆")
    assert any(r.rstrip("/") == url.split(site.netloc, 1)[1].rstrip("/") for r in results), results
    assert rec.foreign() == [] and errors(rec) == []

    # the stranger's tab at that opaque path sees only the form
    stranger, _rec = tabs.open(site, "desktop")
    stranger.goto(url)
    stranger.locator(".cy-lock-dialog").wait_for()
    assert CLIENT not in stranger.content()

    # suspend the member and rebuild: the saved code and the typed code both fail
    path = root / "members" / f"{MEMBER}.yml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    doc["status"] = "suspended"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    build(root, site.folder)
    page.goto(site.url())
    page.locator(".cy-lock-dialog").wait_for()
    assert page.locator(".cy-lock-message").inner_text() == zh["lock.ui.revoked"]
    page.locator(".cy-lock-close").click()
    assert log_in(page, code(MEMBER)) == zh["lock.ui.wrong"]
    page.goto(url)
    page.locator(".cy-lock-dialog").wait_for()
    assert CLIENT not in page.content()

    # another member's code still opens the rebuilt site
    other, rec = tabs.open(site, "desktop")
    other.goto(site.url())
    assert log_in(other, code(OTHER)) == ""
    client_page(other, site)
    assert CLIENT in other.locator("article h1").inner_text()
    other.locator(".cy-lock-logout").click()  # on a members-only page: back to the form
    other.locator(".cy-lock-dialog").wait_for()
    assert CLIENT not in other.content()
    other.goto(site.url())
    other.locator(".cy-lock-login").wait_for()
    assert other.locator(".cy-edition").count() == 0  # the public home page again
    assert rec.foreign() == [] and errors(rec) == []
