"""Issue forms → data files: each form with bodies as GitHub renders them.

The bodies in ``tests/fixtures/forms/`` are what GitHub puts in an issue submitted through
``.github/ISSUE_TEMPLATE/<form>.yml`` (``### label``, a blank line, the answer, and
``_No response_`` for blank answers; one of them with CRLF line ends). Each successful case
also runs what the workflow runs next — ``check --changed-by AUTHOR --base HEAD`` — so the
file written is one the author may submit, and passes every rule.
"""


# ruff: noqa: F811
# (the pytest fixtures imported from governance_helpers are parameters below)
from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from governance_helpers import REPO, TODAY, cli, committed_community, edit, git, repo  # noqa: F401

from generator.commands.from_issue import Refused, handle
from generator.data.community import load_community
from generator.github import forms

BODIES = Path(__file__).resolve().parent / "fixtures" / "forms"


def body(name: str) -> str:
    return (BODIES / name).read_text(encoding="utf-8")


def submit(root: Path, form: str, login: str, text: str,
           *extra: str) -> tuple[int, str]:
    path = root.parent / "body.md"
    path.write_text(text, encoding="utf-8", newline="")
    done = cli(root, "from-issue", "--form", form, "--body", str(path), "--author", login,
               "--today", TODAY.isoformat(), *extra)
    assert done.returncode in (0, 1), done.stderr
    return done.returncode, done.stdout


def refused(root: Path, form: str, login: str, text: str) -> str:
    """The Markdown comment for a refused form (English), asserting nothing was changed."""
    before = git(root, "status", "--porcelain")
    com = load_community(str(root), TODAY)
    with pytest.raises(Refused) as exc:
        handle(com, forms.FORMS[form], text, login, "en")
    assert git(root, "status", "--porcelain") == before
    return "\n".join(exc.value.lines)


def allowed_for(root: Path, login: str) -> None:
    """What the workflow runs after from-issue: ownership + every rule, no errors."""
    done = cli(root, "check", "--today", TODAY.isoformat(), "--changed-by", login,
               "--base", "HEAD", "--format", "json")
    assert done.returncode == 0, done.stdout + done.stderr


def changed_lines(root: Path) -> list[str]:
    diff = git(root, "diff", "-U0")
    return [line for line in diff.splitlines()
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]


# --------------------------------------------------------------------------- member


def test_sponsor_proposes_a_candidate(repo: Path) -> None:
    code, out = submit(repo, "member", "lina", body("member.md"), "--issue", "12")
    assert code == 0, out
    text = (repo / "members/wu-fang.yml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../schemas/member.schema.json\n"
                           "# 李娜(li-na)推荐:合作三年,守信靠谱。\n")
    data = yaml.safe_load(text)
    assert data["status"] == "candidate" and data["sponsor"] == "li-na"
    assert data["joined"] == TODAY and data["circle"] == "inner"
    assert data["github"] == "wufang-ps" and data["tags"] == ["户外", "大牌"]
    assert data["contact"] == {"wechat": {"value": "wufang_ps", "visibility": "members"}}
    assert "approved_by" not in data and "dues" not in data
    assert "`members/wu-fang.yml`" in out and "Closes #12" in out
    allowed_for(repo, "lina")


def test_crlf_body_is_read_like_any_other(repo: Path) -> None:
    com = load_community(str(repo), TODAY)
    rel = handle(com, forms.MEMBER, body("member-crlf.md"), "zhaomin", "en")
    assert rel == "members/zheng-qiang.yml"
    assert yaml.safe_load((repo / rel).read_text(encoding="utf-8"))["circle"] == "outer"


@pytest.mark.parametrize("login,why", [
    ("zhouyu", "is not an active inner-circle member"),  # outer member
    ("sunli", "is not an active inner-circle member"),  # candidate
    ("stranger", "is not the `github` of any member file"),
])
def test_only_active_inner_members_propose(repo: Path, login: str, why: str) -> None:
    assert why in refused(repo, "member", login, body("member.md"))


@pytest.mark.parametrize("change,expected", [
    (("### 职位 Job title\n\n媒介经理\n\n", ""),
     "The section \u201c职位 Job title\u201d is missing"),
    (("### 职位 Job title", "### 职务 Job title"), "Did you mean `职位 Job title`?"),
    (("吴芳", "_No response_"), "\u201c姓名(实名) Real name\u201d is required"),
    (("- [X] 候选人", "- [ ] 候选人"), "Please tick"),
    (("inner — 菁英会(内院) / inner circle", "both"), "not one of the options: inner / outer"),
    (("### 姓名(实名)", "Hello\n\n### 姓名(实名)"), "text before the first section"),
    (("### 城市 City\n\n深圳", "### 城市 City\n\n深圳\n\n### 城市 City\n\n广州"), "appears twice"),
    (("wufang-ps", "wu fang"), "is not valid"),
])
def test_strict_parsing_says_what_to_fix(repo: Path, change: tuple[str, str],
                                         expected: str) -> None:
    old, new = change
    text = body("member.md")
    assert old in text
    assert expected in refused(repo, "member", "lina", text.replace(old, new, 1))


def test_comment_is_markdown_and_pings_nobody(repo: Path) -> None:
    text = body("member.md").replace("### 职位 Job title", "### @everyone look")
    code, out = submit(repo, "member", "lina", text)
    assert code == 1
    assert out.startswith("### ❌")
    assert "@\u200beveryone" in out and "@everyone" not in out
    assert not (repo / "members/wu-fang.yml").exists()


# --------------------------------------------------------------------------- profile


def test_member_updates_own_profile(repo: Path) -> None:
    code, out = submit(repo, "profile", "lina", body("profile.md"))
    assert code == 0, out
    data = yaml.safe_load((repo / "members/li-na.yml").read_text(encoding="utf-8"))
    assert data["title"] == "坪山户外总经理" and data["tags"] == ["户外", "地铁", "社区"]
    assert "bio" not in data
    assert data["contact"] == {"wechat": {"value": "lina-new", "visibility": "public"},
                               "phone": {"value": "138 0000 9999", "visibility": "private"}}
    # only the fields asked for changed; everything else kept its lines
    assert sorted(changed_lines(repo)) == sorted([
        "-title: 销售总监", "+title: 坪山户外总经理",
        "-tags: [电梯, 社区]", "+tags: [户外, 地铁, 社区]",
        "-bio: 十年电梯媒体销售经验。",
        "+contact:", "+  wechat: {value: lina-new, visibility: public}",
        '+  phone: {value: "138 0000 9999", visibility: private}'])
    allowed_for(repo, "lina")


@pytest.mark.parametrize("answers,expected", [
    ({}, "Nothing to change"),
    ({"name": "-"}, "cannot be removed"),
    ({"email_visibility": "public — 公开网站可见 / on the public site"},
     "no 邮箱 E-mail on file"),
])
def test_profile_refusals(repo: Path, answers: dict[str, str], expected: str) -> None:
    text = forms.render_body(forms.PROFILE, answers)
    assert expected in refused(repo, "profile", "lina", text)


def test_profile_org_change_regenerates_the_display_name(repo: Path) -> None:
    """Issue 13: a new organisation used to leave the stored display name behind (R1 error);
    now the charter's format is written for the new org, unless the form sets one."""
    edit(repo, "members/li-na.yml", "title: 销售总监\n",
         "display_name: 罗湖电梯媒体+李娜\ntitle: 销售总监\n")
    git(repo, "commit", "-qam", "li-na's display name, written out")
    code, out = submit(repo, "profile", "lina", forms.render_body(forms.PROFILE,
                                                                  {"org": "坪山户外传媒"}))
    assert code == 0, out
    assert sorted(changed_lines(repo)) == sorted([
        "-org: 罗湖电梯媒体", "+org: 坪山户外传媒",
        "-display_name: 罗湖电梯媒体+李娜", "+display_name: 坪山户外传媒+李娜"])
    allowed_for(repo, "lina")


def test_profile_display_name_set_in_the_form_is_kept(repo: Path) -> None:
    edit(repo, "members/li-na.yml", "title: 销售总监\n",
         "display_name: 罗湖电梯媒体+李娜\ntitle: 销售总监\n")
    git(repo, "commit", "-qam", "li-na's display name, written out")
    answers = {"org": "坪山户外传媒", "display_name": "坪山户外传媒·李娜"}
    code, out = submit(repo, "profile", "lina", forms.render_body(forms.PROFILE, answers))
    assert code == 0, out
    data = yaml.safe_load((repo / "members/li-na.yml").read_text(encoding="utf-8"))
    assert data["display_name"] == "坪山户外传媒·李娜"


def test_profile_without_a_stored_display_name_stays_without(repo: Path) -> None:
    code, out = submit(repo, "profile", "lina", forms.render_body(forms.PROFILE,
                                                                  {"org": "坪山户外传媒"}))
    assert code == 0, out
    assert changed_lines(repo) == ["-org: 罗湖电梯媒体", "+org: 坪山户外传媒"]


@pytest.mark.parametrize("answers,expected", [
    ({"phone": "深圳"}, "`深圳` is not a phone number"),
    ({"email": "13800001111"}, "`13800001111` is not an e-mail address"),
])
def test_profile_contact_is_validated(repo: Path, answers: dict[str, str],
                                      expected: str) -> None:
    assert expected in refused(repo, "profile", "lina", forms.render_body(forms.PROFILE, answers))


def test_profile_phone_and_email_as_people_type_them(repo: Path) -> None:
    answers = {"phone": "+86 138-0000-9999", "email": "Li.Na@Example.COM"}
    code, out = submit(repo, "profile", "lina", forms.render_body(forms.PROFILE, answers))
    assert code == 0, out
    data = yaml.safe_load((repo / "members/li-na.yml").read_text(encoding="utf-8"))
    assert data["contact"]["phone"]["value"] == "138 0000 9999"
    assert data["contact"]["email"]["value"] == "Li.Na@example.com"


# --------------------------------------------------------------------------- event and rsvp


def test_member_adds_an_event(repo: Path) -> None:
    code, out = submit(repo, "event", "lina", body("event.md"))
    assert code == 0, out
    rel = "content/events/2026-04-si-yue-tu-bu-jiao-liu.yml"
    data = yaml.safe_load((repo / rel).read_text(encoding="utf-8"))
    assert data["organizers"] == ["li-na", "huang-lei"]
    assert data["start"] == "2026-04-12 09:30" and data["capacity"] == 30
    allowed_for(repo, "lina")


def test_event_form_takes_dates_as_people_type_them(repo: Path) -> None:
    text = body("event.md").replace("2026-04-12 09:30", "2026年4月12日 9:30") \
        .replace("2026-04-12 12:00", "2026/4/12 12：00")
    code, out = submit(repo, "event", "lina", text)
    assert code == 0, out
    data = yaml.safe_load((repo / "content/events/2026-04-si-yue-tu-bu-jiao-liu.yml")
                          .read_text(encoding="utf-8"))
    assert (data["start"], data["end"]) == ("2026-04-12 09:30", "2026-04-12 12:00")


def test_rsvp_changes_one_line(repo: Path) -> None:
    code, out = submit(repo, "rsvp", "zhouyu", body("rsvp.md"))
    assert code == 0, out
    assert changed_lines(repo) == ["-rsvp: [li-na]", "+rsvp: [li-na, zhou-yu]"]
    allowed_for(repo, "zhouyu")


def test_rsvp_cancel_by_title(repo: Path) -> None:
    com = load_community(str(repo), TODAY)
    handle(com, forms.RSVP, body("rsvp-cancel.md"), "lina", "en")
    assert changed_lines(repo) == ["-rsvp: [li-na]"]
    allowed_for(repo, "lina")


@pytest.mark.parametrize("login,text,expected", [
    ("lina", "rsvp.md", "already signed up"),
    ("zhouyu", "rsvp-cancel.md", "not signed up"),
])
def test_rsvp_refusals(repo: Path, login: str, text: str, expected: str) -> None:
    assert expected in refused(repo, "rsvp", login, body(text))


def test_rsvp_unknown_event_suggests_one(repo: Path) -> None:
    text = body("rsvp.md").replace("2026-03-salon", "2026-03-salom")
    assert "Did you mean `2026-03-salon`?" in refused(repo, "rsvp", "zhouyu", text)


def test_rsvp_closed_after_the_event(repo: Path) -> None:
    late = load_community(str(repo), TODAY.replace(month=4))
    with pytest.raises(Refused) as exc:
        handle(late, forms.RSVP, body("rsvp.md"), "zhouyu", "en")
    assert "RSVPs are closed" in exc.value.lines[0]


def test_rsvp_over_capacity_is_refused_and_undone(repo: Path) -> None:
    path = repo / "content/events/2026-03-salon.yml"
    path.write_text(path.read_text(encoding="utf-8") + "capacity: 1\n", encoding="utf-8")
    before = path.read_bytes()
    com = load_community(str(repo), TODAY)
    with pytest.raises(Refused) as exc:
        handle(com, forms.RSVP, body("rsvp.md"), "zhouyu", "en")
    assert "[event.capacity]" in "\n".join(exc.value.lines)
    assert path.read_bytes() == before


# --------------------------------------------------------------------------- post


def test_member_posts_an_ad(repo: Path) -> None:
    code, out = submit(repo, "post", "lina", body("post-ad.md"))
    assert code == 0, out
    rel = "resources/board/chun-jie-dang-dian-ti-ping-te-jia.yml"
    data = yaml.safe_load((repo / rel).read_text(encoding="utf-8"))
    assert data["owner"] == "li-na" and data["posted"] == TODAY and data["type"] == "ad"
    assert data["red_packet"] == {"amount": 50, "recipients": 10}  # nothing invented
    allowed_for(repo, "lina")


def test_ad_with_blank_red_packet_fields_is_refused(repo: Path) -> None:
    """Blank form fields stay blank: the ad fails R3 instead of getting the charter's
    minimum filled in for the author."""
    text = body("post-ad.md").replace("\n50\n", "\n_No response_\n") \
        .replace("\n10\n", "\n_No response_\n")
    assert "_No response_" in text and "\n50\n" not in text and "\n10\n" not in text
    before = sorted((repo / "resources" / "board").iterdir())
    assert "[R3.red-packet]" in refused(repo, "post", "lina", text)
    assert sorted((repo / "resources" / "board").iterdir()) == before


def test_ad_below_the_red_packet_minimum_is_refused(repo: Path) -> None:
    text = body("post-ad.md").replace("\n50\n", "\n10\n")
    assert "[R3.red-packet]" in refused(repo, "post", "lina", text)


# --------------------------------------------------------------------------- templates


@pytest.mark.parametrize("name", sorted(forms.FORMS))
def test_committed_templates_match_the_definitions(name: str) -> None:
    path = REPO / forms.TEMPLATE_DIR / f"{name}.yml"
    assert path.read_text(encoding="utf-8") == forms.template(forms.FORMS[name]), (
        "run `python -m generator from-issue --write-templates`")
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert doc["labels"] == [f"form:{name}"]
    ids = [e["id"] for e in doc["body"] if e["type"] != "markdown"]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("fixture,form", [("member.md", "member"), ("profile.md", "profile"),
                                          ("event.md", "event"), ("rsvp.md", "rsvp"),
                                          ("post-ad.md", "post")])
def test_fixture_headings_are_the_template_labels(fixture: str, form: str) -> None:
    doc = yaml.safe_load((REPO / forms.TEMPLATE_DIR / f"{form}.yml").read_text("utf-8"))
    labels = [e["attributes"]["label"] for e in doc["body"] if e["type"] != "markdown"]
    found, stray = forms.sections(body(fixture))
    assert [h for h, _a in found] == labels and not stray
