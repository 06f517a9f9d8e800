"""The request form (issue 15) in Chromium: a member without GitHub fills an RSVP for the
salon's 17 December session on a phone (390 px), sees a too-long field refused as they type,
copies the request with the page's button, and the admin applies the copied text with
`python -m generator apply` on a copy of the repository: `check` passes, the RSVP is on that
occurrence, the commit names the requester. No request leaves the site."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from conftest import REPO, SAMPLE_TODAY, run_cli

from browser.conftest import Site, Tabs
from browser.helpers import open_page

pytestmark = pytest.mark.browser

SALON = "2026-monthly-member-salon"


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-c", "user.name=admin", "-c", "user.email=a@example.org",
                           *args], cwd=root, check=True, capture_output=True, text=True).stdout


def test_rsvp_from_the_form_to_the_occurrence(tabs: Tabs, members_site: Site,
                                              tmp_path: Path) -> None:
    page, rec = tabs.open(members_site, "phone",
                          permissions=["clipboard-read", "clipboard-write"])
    open_page(page, members_site.url(f"request/?kind=rsvp&event={SALON}"))
    assert page.input_value("#cy-rq-kind") == "rsvp"
    assert page.input_value("#cy-rq-f-occurrence") == f"{SALON}|2026-12-17"
    issue = page.get_attribute("#cy-rq-issue", "href") or ""
    assert issue.endswith(f"/issues/new?template=rsvp.yml&event={SALON}"), issue
    page.select_option("#cy-rq-f-member", "han-mei")
    page.fill("#cy-rq-from", "韩梅")
    # checked as they type: a profile's title longer than the schema allows
    page.select_option("#cy-rq-kind", "profile")
    page.fill("#cy-rq-f-title", "长" * 61)
    assert "60" in page.text_content("#cy-rq-f-title-error")
    page.select_option("#cy-rq-kind", "rsvp")
    page.select_option("#cy-rq-f-occurrence", f"{SALON}|2026-12-17")
    page.select_option("#cy-rq-f-member", "han-mei")
    page.click("button[type=submit]")
    page.wait_for_selector("#cy-rq-out:not([hidden])")
    page.click("#cy-rq-copy")
    page.wait_for_selector("#cy-rq-copied:not([hidden])")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == page.input_value("#cy-rq-text")
    assert copied.startswith("#院子申请\nkind: rsvp\n") and "\ncheck: " in copied
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the form overflows a 390 px phone: {width}"
    assert not rec.foreign() and not rec.errors, (rec.foreign(), rec.errors)

    club = tmp_path / "club"
    for top in ("content", "members", "resources", "schemas"):
        shutil.copytree(REPO / top, club / top)
    git(club, "init", "-q")
    git(club, "add", "-A")
    git(club, "commit", "-qm", "sample")
    # as pasted from WeChat: a greeting around it
    (club / "request.txt").write_text("管理员好,麻烦帮我报名:\n" + copied + "谢谢!🙏\n", "utf-8")
    git(club, "config", "user.name", "admin")
    git(club, "config", "user.email", "a@example.org")
    proc = run_cli("apply", "--file", str(club / "request.txt"), "--root", str(club),
                   "--today", SAMPLE_TODAY)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "gh pr create" in proc.stderr
    assert "Requested by 韩梅" in git(club, "log", "-1", "--format=%B")
    doc = yaml.safe_load((club / "content" / "events" / f"{SALON}.yml").read_text("utf-8"))
    occ = next(o for o in doc["occurrences"] if str(o["date"]) == "2026-12-17")
    assert occ["rsvp"][-1] == "han-mei"
    assert run_cli("check", "--root", str(club), "--today", SAMPLE_TODAY).returncode == 0
    # the same text edited on the way is refused
    (club / "request.txt").write_text(copied.replace("han-mei", "he-xin"), "utf-8")
    proc = run_cli("apply", "--file", str(club / "request.txt"), "--root", str(club),
                   "--today", SAMPLE_TODAY)
    assert proc.returncode == 2 and "校验码不符" in proc.stderr
