"""The request form in Chromium (issues 15, 23.3, 25.5, 26.3), on the encrypted members edition
of a copy of the sample built with a test master secret, at 390 px:

* request.js makes the shared test vectors' canonical form, signature and text exactly as
  generator/admin/request.py does (tests/fixtures/request/vectors.json);
* a member unlocks the edition with their code, signs up for the salon's 17 December session,
  copies the text with the page's button; ``apply`` on a git copy of the repository commits
  it on ``request/rsvp-<member>-<date>`` with the registry's name; applied twice, the second
  changes nothing; the same text with one field changed, with another member's name, or
  signed with a code since revoked is refused;
* a board post made through the form is applied;
* every input has a visible border (contrast ≥ 3:1 against what surrounds it), the member's
  current profile is prefilled, an unchanged profile and a sign-up for a date the member is
  already on are refused on the page; the member's page links to the form; the page shows a
  summary in Chinese and no developer command; no request leaves the site.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import yaml
from conftest import MEMBERS_SECRET, REPO, SAMPLE_TODAY, run_cli
from test_apply import git, git_club

from browser.conftest import ARTIFACTS, Site, Tabs, serve
from generator.build import access

if TYPE_CHECKING:
    import subprocess

    from playwright.sync_api import Page

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SECRET = MEMBERS_SECRET  # the shared encrypted build of the sample is sealed with it
SALON = "2026-monthly-member-salon"
MEMBER, NAME = "liu-yang", "刘洋"
VECTORS = json.loads((REPO / "tests/fixtures/request/vectors.json").read_text("utf-8"))


def code(member: str) -> str:
    return access.access_code(SECRET.encode(), member)


@pytest.fixture(scope="module")
def site(sample_encrypted: Path) -> Iterator[Site]:
    """The sample's encrypted members edition, sealed with SECRET (shared), served."""
    with serve(sample_encrypted) as served:
        yield served


@pytest.fixture
def club(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The admin's git copy of the repository (on main), the secret and a git identity set."""
    return git_club(tmp_path, monkeypatch, SECRET)


def apply(root: Path, text: str) -> subprocess.CompletedProcess[str]:
    # as pasted from WeChat: a greeting around it
    (root.parent / "request.txt").write_text("管理员好，麻烦帮我登记：\n" + text + "谢谢!🙏\n",
                                             "utf-8")
    return run_cli("apply", "--file", str(root.parent / "request.txt"), "--root", str(root),
                   "--today", SAMPLE_TODAY)


def unlock(page: Page, site: Site, member: str) -> None:
    page.goto(site.url())
    page.locator(".cy-lock-login").click()
    page.fill(".cy-lock-dialog input[name=code]", code(member))
    page.locator(".cy-lock-dialog button[type=submit]").click()
    page.locator(".cy-lock-logout").wait_for()


def form(page: Page, site: Site, query: str, member: str = MEMBER) -> None:
    """Open the form in the unlocked members edition. The device keeps only the code's KDF
    output and this page was not the one the code was typed in, so lock.js holds no code: the
    form asks for it ("访问码（用于签名）") and signs with what is typed there."""
    page.goto(site.url(f"request/?{query}"))
    page.locator(".cy-lock-logout").wait_for()
    page.locator("#cy-rq-fields select, #cy-rq-fields input").first.wait_for()
    assert page.evaluate("window.courtyardAccessCode()") is None
    assert page.is_visible("#cy-rq-code")
    assert "访问码（用于签名）" in page.inner_text("label[for=cy-rq-code]")
    page.fill("#cy-rq-code", code(member).lower())  # normalised like the lock's form


def make(page: Page) -> str:
    """Make the text, copy it with the page's button, return what the clipboard holds."""
    page.click("#cy-request button[type=submit]")
    page.wait_for_selector("#cy-rq-out:not([hidden])")
    page.click("#cy-rq-copy")
    page.wait_for_selector("#cy-rq-copied:not([hidden])")
    copied = str(page.evaluate("navigator.clipboard.readText()"))
    assert copied == page.input_value("#cy-rq-text")
    return copied


BORDERS_JS = """() => {
  const rgba = s => { const v = s.match(/[\\d.]+/g).map(Number);
    return v.length > 3 ? v : v.concat([1]); };
  const lum = c => { const [r, g, b] = c.slice(0, 3).map(v => { v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const bg = el => { for (; el; el = el.parentElement) { const c = rgba(getComputedStyle(el)
      .backgroundColor); if (c[3] > 0) return c; } return [255, 255, 255, 1]; };
  const over = (c, under) => c.slice(0, 3).map((v, i) => c[3] * v + (1 - c[3]) * under[i]);
  const fields = '#cy-request input, #cy-request select, #cy-request textarea, #cy-rq-text';
  return Array.from(document.querySelectorAll(fields))
    .filter(el => el.offsetParent).map(el => { const s = getComputedStyle(el);
      const around = bg(el.parentElement), border = over(rgba(s.borderTopColor), around);
      const [x, y] = [lum(border), lum(around)].sort((p, q) => q - p);
      return {name: el.name || el.id, width: parseFloat(s.borderTopWidth),
              style: s.borderTopStyle, ratio: (x + 0.05) / (y + 0.05)}; });
}"""


def test_request_js_matches_the_shared_vectors(tabs: Tabs, site: Site) -> None:
    page, _rec = tabs.open(site, "phone")
    page.goto(site.url("request/"))
    page.locator("#cy-rq-fields select").first.wait_for()
    for v in VECTORS["vectors"]:
        got = page.evaluate("""async v => {
            const r = window.courtyardRequest;
            return [r.canonical(v.kind, v.fields), await r.sign(v.code, v.kind, v.fields)]; }""", v)
        assert got == [v["canonical"], v["signature"]], v["kind"]
        if v["lang"] == "zh":  # the page speaks the sample's language
            text = page.evaluate("v => window.courtyardRequest.render(v.kind, v.fields, "
                                 "v.signature, v.summary)", v)
            assert text == v["text"]


def test_signed_rsvp_from_the_form_to_a_request_branch(tabs: Tabs, site: Site,
                                                       club: Path) -> None:
    page, rec = tabs.open(site, "phone", permissions=["clipboard-read", "clipboard-write"])
    unlock(page, site, MEMBER)
    form(page, site, f"kind=rsvp&event={SALON}")
    assert page.input_value("#cy-rq-f-occurrence") == f"{SALON}|2026-12-17"
    # li-na is already on the 17 December list: refused on the page
    page.select_option("#cy-rq-f-member", "li-na")
    page.click("#cy-request button[type=submit]")
    assert "已经在这一场的名单上" in page.text_content("#cy-rq-f-member-error")
    assert page.is_hidden("#cy-rq-out")
    page.select_option("#cy-rq-f-member", MEMBER)
    copied = make(page)
    assert page.is_visible("#cy-rq-signed")
    summary = page.text_content("#cy-rq-summary") or ""
    assert summary.startswith(NAME + "报名 2026-12-17") and summary in copied
    for english in ("kind:", "member:", "rsvp", "check:", "python -m generator"):
        assert english not in copied and english not in page.inner_text("article"), english
    assert "会员：liu-yang" in copied and "签名：" in copied
    # the code itself is kept nowhere on the device (only the KDF output)
    kept = page.evaluate("JSON.stringify([Object.assign({}, localStorage),"
                         " Object.assign({}, sessionStorage)])")
    assert code(MEMBER) not in kept and code(MEMBER).replace("-", "") not in kept
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the form overflows a 390 px phone: {width}"
    assert not rec.foreign(), rec.foreign()

    head = git(club, "rev-parse", "main")
    proc = apply(club, copied)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    branch = f"request/rsvp-{MEMBER}-{SAMPLE_TODAY}"
    assert f"gh pr create --head {branch}" in proc.stderr
    assert git(club, "rev-parse", "main") == head
    assert f"Requested by {NAME} ({MEMBER})" in git(club, "log", "-1", "--format=%B", branch)
    doc = yaml.safe_load(git(club, "show", f"{branch}:content/events/{SALON}.yml"))
    occ = next(o for o in doc["occurrences"] if str(o["date"]) == "2026-12-17")
    assert occ["rsvp"][-1] == MEMBER
    # applied twice: the second changes nothing
    tip = git(club, "rev-parse", branch)
    proc = apply(club, copied)
    assert proc.returncode == 0 and "已经登记过了" in proc.stderr, proc.stderr
    assert git(club, "rev-parse", branch) == tip
    # one field changed on the way, another member's name, a revoked code: refused
    proc = apply(club, copied.replace("日期：2026-12-17", "日期：2027-01-21"))
    assert proc.returncode == 2 and "签名不符" in proc.stderr, proc.stderr
    proc = apply(club, copied.replace(f"会员：{MEMBER}", "会员：wang-jian"))
    assert proc.returncode == 2 and "签名不符" in proc.stderr and "王健" in proc.stderr
    # made in the form with another member's name: signed with this member's code
    page.select_option("#cy-rq-f-action", "cancel")
    page.select_option("#cy-rq-f-member", "wang-jian")
    forged = make(page)
    assert "王健取消报名" in forged
    proc = apply(club, forged)
    assert proc.returncode == 2 and "签名对不上" in proc.stderr and NAME in proc.stderr, \
        proc.stderr
    member = club / "members" / f"{MEMBER}.yml"
    member.write_text(member.read_text("utf-8") + "access_code_version: 1\n", "utf-8")
    git(club, "commit", "-qam", f"rotate {MEMBER}'s access code")
    git(club, "branch", "-D", branch)
    proc = apply(club, copied)
    assert proc.returncode == 2 and "作废" in proc.stderr, proc.stderr
    assert git(club, "status", "--porcelain") == ""


def test_a_board_post_through_the_form(tabs: Tabs, site: Site, club: Path) -> None:
    page, rec = tabs.open(site, "phone", permissions=["clipboard-read", "clipboard-write"])
    unlock(page, site, MEMBER)
    form(page, site, "kind=post")
    types = page.eval_on_selector_all("#cy-rq-f-type option", "os => os.map(o => o.value)")
    assert types == ["", "offer", "need", "ad"]  # the charter's post types
    page.select_option("#cy-rq-f-member", MEMBER)
    page.select_option("#cy-rq-f-type", "offer")
    page.fill("#cy-rq-f-title", "南山科技园写字楼电梯屏 1 月空档")
    page.fill("#cy-rq-f-expires", "2027-01-31")
    page.fill("#cy-rq-f-description", "30 块屏，\n按周售卖。")
    copied = make(page)
    assert "帖子类型：供给" in copied and "offer" not in copied
    proc = apply(club, copied)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    branch = f"request/post-{MEMBER}-{SAMPLE_TODAY}"
    added = git(club, "show", "--name-only", "--format=", branch).split()
    assert len(added) == 1 and added[0].startswith("resources/board/offer-")
    post = yaml.safe_load(git(club, "show", f"{branch}:{added[0]}"))
    assert (post["owner"], post["type"], str(post["expires"])) == (MEMBER, "offer", "2027-01-31")
    assert run_cli("check", "--root", str(club), "--today", SAMPLE_TODAY).returncode == 0
    again = apply(club, copied)
    assert again.returncode == 0 and "已经登记过了" in again.stderr
    assert len(git(club, "ls-tree", "--name-only", branch, "resources/board/").split()) == \
        len(git(club, "ls-tree", "--name-only", "main", "resources/board/").split()) + 1
    assert not rec.foreign(), rec.foreign()


def test_a_form_a_member_can_see(tabs: Tabs, site: Site, club: Path) -> None:
    page, rec = tabs.open(site, "phone", permissions=["clipboard-read", "clipboard-write"])
    unlock(page, site, MEMBER)
    # the member's own page links to the form, their profile prefilled
    page.goto(site.url(f"members/{MEMBER}/"))
    page.locator(".cy-lock-logout").wait_for()
    page.click(".cy-rq-edit a")
    page.locator("#cy-rq-f-city").wait_for()
    page.locator(".cy-lock-logout").wait_for()
    assert page.input_value("#cy-rq-kind") == "profile"
    assert page.input_value("#cy-rq-f-member") == MEMBER
    record = yaml.safe_load((REPO / "members" / f"{MEMBER}.yml").read_text("utf-8"))
    assert page.input_value("#cy-rq-f-city") == record["city"]
    assert page.input_value("#cy-rq-f-title") == record["title"]
    borders = page.evaluate(BORDERS_JS)
    assert len(borders) >= 6
    weak = [b for b in borders if b["width"] < 1 or b["style"] == "none" or b["ratio"] < 3]
    assert weak == [], weak
    assert page.is_visible("#cy-rq-code")  # lock.js holds no code after the navigation
    page.fill("#cy-rq-code", code(MEMBER))
    # unchanged: refused on the page
    page.click("#cy-request button[type=submit]")
    assert "没有改动" in page.text_content("#cy-rq-problem")
    assert page.is_hidden("#cy-rq-out")
    page.fill("#cy-rq-f-city", "广州")
    copied = make(page)
    assert page.text_content("#cy-rq-summary") == f"{NAME}修改资料：城市"
    assert "城市：广州" in copied and "职务" not in copied  # only what changed
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(ARTIFACTS / "request-phone-after.png"), full_page=True)
    proc = apply(club, copied)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    doc = yaml.safe_load(git(club, "show", f"request/profile-{MEMBER}-{SAMPLE_TODAY}:"
                                          f"members/{MEMBER}.yml"))
    assert (doc["city"], doc["title"]) == ("广州", record["title"])
    assert not rec.foreign() and not [e for e in rec.errors if "favicon" not in e], rec.errors
