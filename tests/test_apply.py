"""`apply`: request texts from the site's form, as an admin receives them in WeChat, applied
through the lifecycle code on a git copy of the sample (issues 15, 23.3, 25.5).

* the protocol: the shared test vectors (canonical form, signature, text — request.js is held
  to the same file in tests/browser/test_request.py), the parser's refusals (duplicate keys,
  unknown fields, size caps);
* signed requests: verified against the member's code derived from the master secret, the
  requester in the commit the registry's name; refused naming the failure — an edited field,
  another member's name, a revoked code, an unknown member, no secret;
* unsigned requests: shown, applied only with ``--unsigned``; the ownership judge runs as the
  member the request names;
* where it writes: a ``request/<kind>-<member>-<date>`` branch, never the default branch; the
  same text twice changes nothing (no ``…-2.yml``).
(The form itself, in Chromium: tests/browser/test_request.py.)"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from generator.admin.request import (
    MAX_CHARS,
    MAX_LINE,
    RequestError,
    canonical,
    parse,
    render,
    sign,
)
from generator.build import access
from generator.data.community import load_charter
from tests.conftest import REPO, SAMPLE_TODAY, run_cli

SECRET = "test-secret-for-signed-requests-0123456789abcdefXYZ"
VECTORS = json.loads((REPO / "tests/fixtures/request/vectors.json").read_text("utf-8"))
CHARTER = load_charter(str(REPO))
SALON = "2026-monthly-member-salon"


def code(member: str, version: int = 0) -> str:
    normal = access.normalise_code(access.access_code(SECRET.encode(), member, version))
    assert normal is not None
    return normal


def signed(kind: str, fields: dict[str, str], by: str | None = None, version: int = 0,
           lang: str = "zh") -> str:
    """The text the form makes for ``fields``, signed with ``by``'s code (default: the
    member the request names as its signer)."""
    signer = by or fields.get("sponsor" if kind == "join" else "member", "")
    return render(CHARTER, lang, kind, fields, sign(code(signer, version), kind, fields))


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, check=True, capture_output=True,
                          text=True).stdout


def git_club(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, secret: str) -> Path:
    """A git copy of the sample on ``main`` (the admin's checkout), the master secret and a
    git identity set for the test (tests/browser/test_request.py uses it too)."""
    monkeypatch.setenv(access.SECRET_ENV, secret)
    for name in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{name}_NAME", "admin")
        monkeypatch.setenv(f"GIT_{name}_EMAIL", "a@example.org")
    root = tmp_path / "club"
    for top in ("content", "members", "resources", "schemas"):
        shutil.copytree(REPO / top, root / top)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "sample")
    return root


@pytest.fixture
def club(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return git_club(tmp_path, monkeypatch, SECRET)


def apply(root: Path, text: str, *extra: str) -> subprocess.CompletedProcess[str]:
    (root.parent / "req.txt").write_text(text, "utf-8")
    return run_cli("apply", "--file", str(root.parent / "req.txt"), "--root", str(root),
                   "--today", SAMPLE_TODAY, *extra)


# --------------------------------------------------------------------------- the protocol


@pytest.mark.parametrize("v", VECTORS["vectors"], ids=lambda v: v["kind"])
def test_vectors(v: dict[str, object]) -> None:
    fields = v["fields"]
    assert isinstance(fields, dict)
    kind, lang = str(v["kind"]), str(v["lang"])
    assert canonical(kind, fields) == v["canonical"]
    assert sign(str(v["code"]), kind, fields) == v["signature"]
    assert render(CHARTER, lang, kind, fields, str(v["signature"]), str(v["summary"])) == v["text"]
    req = parse(str(v["text"]), CHARTER)
    assert (req.kind, req.signature) == (kind, v["signature"])
    assert canonical(req.kind, req.fields) == v["canonical"]


def test_parse_reads_chat_labels_in_any_language_and_refuses_edits() -> None:
    fields = {"event": SALON, "date": "2026-12-17", "member": "li-na", "action": "cancel"}
    text = signed("rsvp", fields)
    assert "kind" not in text and "member:" not in text and "操作：取消报名" in text
    pasted = "你好🙏\n\n" + text.replace("活动：", "活动: ") + "谢谢!"
    assert parse(pasted, CHARTER).fields == fields
    assert parse(signed("rsvp", fields, lang="en"), CHARTER).fields == fields
    for bad, key in (
            ("hello", "ap.no-header"),
            (text.split("签名")[0], "ap.no-signature"),
            (text.replace("会员：li-na", "会员：li-na\n会员：wang-jian"), "ap.duplicate"),
            (text.replace("操作", "status"), "ap.unknown-field"),
            (text.replace("活动报名", "投票"), "ap.kind"),
            (text.replace("签名：", "签名：zz"), "ap.bad-signature"),
            (text + "x" * MAX_CHARS, "ap.too-long"),
            (text.replace("li-na", "li-na" + "啊" * MAX_LINE), "ap.line-too-long")):
        with pytest.raises(RequestError) as exc:
            parse(bad, CHARTER)
        assert exc.value.key == key, bad[:80]


def test_a_megabyte_line_is_refused_before_it_is_read(club: Path) -> None:
    proc = apply(club, "#院子申请\n类型：" + "报" * 1_000_000)
    assert proc.returncode == 2 and "20000" in proc.stderr and "Traceback" not in proc.stderr


# --------------------------------------------------------------------------- signed requests


def test_signed_profile_post_and_join_on_request_branches(club: Path) -> None:
    head = git(club, "rev-parse", "main")
    proc = apply(club, signed("profile", {"member": "li-na", "city": "广州",
                                          "tags": "电梯媒体，快消、新零售"}))
    assert proc.returncode == 0, proc.stderr
    branch = f"request/profile-li-na-{SAMPLE_TODAY}"
    assert branch in proc.stderr and f"gh pr create --head {branch}" in proc.stderr
    assert git(club, "rev-parse", "main") == head, "main never gets a request's commit"
    assert git(club, "branch", "--show-current").strip() == "main"
    doc = yaml.safe_load(git(club, "show", f"{branch}:members/li-na.yml"))
    assert doc["city"] == "广州" and doc["tags"] == ["电梯媒体", "快消", "新零售"]
    message = git(club, "log", "-1", "--format=%B", branch)
    assert "Requested by 李娜 (li-na)" in message and "signed" in message

    post = {"member": "li-na", "type": "offer", "title": "福田写字楼电梯屏 1 月空档",
            "expires": "2027-01-31"}
    proc = apply(club, signed("post", post))
    assert proc.returncode == 0, proc.stderr
    branch = f"request/post-li-na-{SAMPLE_TODAY}"
    added = git(club, "show", "--name-only", "--format=", branch).split()
    assert len(added) == 1 and added[0].startswith("resources/board/offer-")
    doc = yaml.safe_load(git(club, "show", f"{branch}:{added[0]}"))
    assert (doc["owner"], str(doc["posted"])) == ("li-na", SAMPLE_TODAY)

    join = {"sponsor": "wang-jian", "name": "张晓", "org": "星河广告", "wechat": "zhangxiao_ad"}
    proc = apply(club, signed("join", join))
    assert proc.returncode == 0, proc.stderr
    branch = f"request/join-wang-jian-{SAMPLE_TODAY}"
    member = yaml.safe_load(git(club, "show", f"{branch}:members/zhang-xiao.yml"))
    assert (member["status"], member["sponsor"]) == ("candidate", "wang-jian")
    assert member["contact"]["wechat"] == {"value": "zhangxiao_ad", "visibility": "private"}
    assert "Requested by 王健 (wang-jian)" in git(club, "log", "-1", "--format=%B", branch)


def test_the_same_text_twice_changes_nothing(club: Path) -> None:
    texts = [signed("post", {"member": "li-na", "type": "need", "title": "找一家做地铁灯箱的"}),
             signed("join", {"sponsor": "wang-jian", "name": "张晓", "org": "星河广告",
                             "wechat": "zx"}),
             signed("rsvp", {"event": SALON, "date": "2026-12-17", "member": "li-na",
                             "action": "cancel"}),
             signed("profile", {"member": "li-na", "city": "广州"})]
    for text in texts:
        first = apply(club, text)
        assert first.returncode == 0, first.stderr
        branches = git(club, "for-each-ref", "--format=%(refname:short) %(objectname)",
                       "refs/heads/")
        again = apply(club, text)
        assert again.returncode == 0, again.stderr
        assert "已经登记过了" in again.stderr, again.stderr
        assert git(club, "for-each-ref", "--format=%(refname:short) %(objectname)",
                   "refs/heads/") == branches
    board = git(club, "ls-tree", "--name-only", f"request/post-li-na-{SAMPLE_TODAY}",
                "resources/board/").split()
    assert not [b for b in board if b.endswith("-2.yml")]


def test_signature_failures_are_named(club: Path) -> None:
    fields = {"member": "li-na", "city": "广州"}
    text = signed("profile", fields)
    # one field changed on the way
    proc = apply(club, text.replace("广州", "北京"))
    assert proc.returncode == 2 and "签名不符" in proc.stderr, proc.stderr
    # another member's name on a text signed with li-na's code
    proc = apply(club, signed("profile", {"member": "wang-jian", "city": "广州"}, by="li-na"))
    assert proc.returncode == 2 and "李娜" in proc.stderr and "王健" in proc.stderr
    assert "签名对不上" in proc.stderr
    # a member the registry does not have
    proc = apply(club, signed("profile", {"member": "nobody", "city": "广州"}, by="li-na"))
    assert proc.returncode == 2 and "nobody" in proc.stderr
    # a candidate has no code
    proc = apply(club, signed("profile", {"member": "ke-yan", "city": "广州"}, by="li-na"))
    assert proc.returncode == 2 and "没有访问码" in proc.stderr
    # li-na's code revoked: the admin raised her access_code_version
    path = club / "members/li-na.yml"
    path.write_text(path.read_text("utf-8") + "access_code_version: 1\n", "utf-8")
    git(club, "commit", "-qam", "rotate li-na's code")
    proc = apply(club, text)
    assert proc.returncode == 2 and "作废" in proc.stderr, proc.stderr
    assert apply(club, signed("profile", fields, version=1)).returncode == 0
    # nothing was ever written on main or left in the work tree
    assert git(club, "status", "--porcelain") == ""
    assert len(git(club, "log", "--format=%H", "main").split()) == 2


def test_no_secret_no_signed_request(club: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(access.SECRET_ENV)
    proc = apply(club, signed("profile", {"member": "li-na", "city": "广州"}))
    assert proc.returncode == 2 and access.SECRET_ENV in proc.stderr
    assert SECRET not in proc.stdout + proc.stderr


# --------------------------------------------------------------------------- unsigned, judge


def test_unsigned_needs_the_flag_and_is_judged_as_its_member(club: Path) -> None:
    text = render(CHARTER, "zh", "profile", {"member": "li-na", "city": "广州"})
    assert "签名：未签名" in text
    proc = apply(club, text)
    assert proc.returncode == 2 and "--unsigned" in proc.stderr
    assert "+city: 广州" in proc.stdout, "the admin is shown what it would change"
    assert git(club, "status", "--porcelain") == "" and "request/" not in git(club, "branch")
    proc = apply(club, text, "--unsigned")
    assert proc.returncode == 0, proc.stderr
    branch = f"request/profile-li-na-{SAMPLE_TODAY}"
    assert "unsigned" in git(club, "log", "-1", "--format=%B", branch)
    # a candidate may change their own profile only: their board post is refused by the judge
    # (check alone lets it through), nothing written
    post = render(CHARTER, "zh", "post", {"member": "ke-yan", "type": "need", "title": "求助"})
    proc = apply(club, post, "--unsigned")
    assert proc.returncode == 1 and "柯妍" in proc.stderr and "R2" in proc.stderr, proc.stderr
    assert git(club, "status", "--porcelain", "--untracked-files=all") == ""
    assert "request/post-ke-yan" not in git(club, "branch"), "the refused branch is gone"


def test_refusals_leave_nothing(club: Path) -> None:
    # a sponsor who is a candidate cannot sign; unsigned, C3 in check refuses it
    join = {"sponsor": "ke-yan", "name": "张晓", "org": "星河广告", "wechat": "zx"}
    proc = apply(club, render(CHARTER, "zh", "join", join), "--unsigned")
    assert proc.returncode == 1, proc.stderr
    assert git(club, "status", "--porcelain", "--untracked-files=all") == ""
    proc = apply(club, signed("rsvp", {"event": SALON, "date": "2026-12-18",
                                       "member": "li-na"}))
    assert proc.returncode == 2 and "2026-12-17" in proc.stderr
    proc = apply(club, signed("rsvp", {"event": SALON, "date": "2026-12-17",
                                       "member": "han-mei"}), "--dry-run")
    assert proc.returncode == 0 and git(club, "status", "--porcelain") == ""
    assert "request/" not in git(club, "branch")
    # uncommitted work in the tree: apply does not switch branches under it
    (club / "members/li-na.yml").write_text(
        (club / "members/li-na.yml").read_text("utf-8") + "# note\n", "utf-8")
    proc = apply(club, signed("profile", {"member": "li-na", "city": "广州"}))
    assert proc.returncode == 2 and "members/li-na.yml" in proc.stderr


def test_not_a_git_repository(club: Path) -> None:
    shutil.rmtree(club / ".git")
    proc = apply(club, signed("profile", {"member": "li-na", "city": "广州"}))
    assert proc.returncode == 2 and "git" in proc.stderr
    assert "广州" not in (club / "members/li-na.yml").read_text("utf-8")


def test_the_judge_as_a_member_on_a_series_occurrence(club: Path) -> None:
    """A member replying for themselves to one session of a series changes only that
    occurrence's rsvp: allowed (the judge used to refuse every change to ``occurrences`` from
    a non-organiser as attendance); anyone else's reply, or attendance, stays refused; the
    code version is the admins'."""
    from generator.checks import judge

    def judged(member: str) -> list[str]:
        return [p.rule for p in judge.problems_for(str(club), "HEAD", "", member=member,
                                                       today=SAMPLE_TODAY)]

    event = club / "content/events" / f"{SALON}.yml"
    original = event.read_text("utf-8")
    proc = apply(club, signed("rsvp", {"event": SALON, "date": "2026-12-17",
                                       "member": "han-mei"}), "--no-commit")
    assert proc.returncode == 0, proc.stderr
    assert "han-mei" in event.read_text("utf-8")
    assert judged("han-mei") == []
    assert judged("li-na") == ["R2.owner-rsvp"]
    event.write_text(original.replace("attended:\n      - wang-jian",
                                      "attended:\n      - wang-jian\n      - han-mei"), "utf-8")
    assert judged("han-mei") == ["R2.owner-event"]
    event.write_text(original, "utf-8")
    li_na = club / "members/li-na.yml"
    li_na.write_text(li_na.read_text("utf-8") + "access_code_version: 0\n", "utf-8")
    assert judged("li-na") == []  # the same value
    li_na.write_text(li_na.read_text("utf-8").replace("version: 0", "version: 2"), "utf-8")
    assert judged("li-na") == ["R2.owner-member-field"]
