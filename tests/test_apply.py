"""`apply`: request texts from the site's form, as an admin receives them in WeChat, applied
through the lifecycle code on a git copy of the sample — an RSVP (one occurrence, waitlist),
a profile change, a board post, a join request — each committed with the requester named;
and the refusals: no request, a wrong checksum, a field a member may not change, a change
that fails `check`. (The form itself, in Chromium: tests/browser/test_request.py.)"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from generator.admin.request import RequestError, checksum, parse
from tests.conftest import REPO, SAMPLE_TODAY, run_cli


def request(*pairs: tuple[str, str]) -> str:
    return "#院子申请\n" + "".join(f"{k}: {v}\n" for k, v in pairs) + \
        f"check: {checksum(list(pairs))}\n"


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, check=True, capture_output=True,
                          text=True).stdout


@pytest.fixture
def club(tmp_path: Path) -> Path:
    root = tmp_path / "club"
    for top in ("content", "members", "resources", "schemas"):
        shutil.copytree(REPO / top, root / top)
    git(root, "init", "-q")
    git(root, "config", "user.name", "admin")
    git(root, "config", "user.email", "a@example.org")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "sample")
    return root


def apply(root: Path, text: str, *extra: str) -> subprocess.CompletedProcess[str]:
    (root.parent / "req.txt").write_text(text, "utf-8")
    return run_cli("apply", "--file", str(root.parent / "req.txt"), "--root", str(root),
                   "--today", SAMPLE_TODAY, *extra)


def test_parse_reads_chat_decorations_and_full_width_colons() -> None:
    pairs = [("kind", "rsvp"), ("event", "e"), ("member", "li-na")]
    text = "你好🙏\n" + request(*pairs).replace("event: e", "event：e") + "谢谢!"
    assert parse(text).fields == {"event": "e", "member": "li-na"}
    for bad, key in (("hello", "ap.no-header"), ("#院子申请\nkind: rsvp\n", "ap.no-check"),
                     (request(*pairs).replace("li-na", "wang-jian"), "ap.checksum"),
                     (request(("kind", "vote")), "ap.kind")):
        with pytest.raises(RequestError) as exc:
            parse(bad)
        assert exc.value.key == key


def test_profile_post_and_join(club: Path) -> None:
    proc = apply(club, request(("kind", "profile"), ("member", "li-na"), ("city", "广州"),
                               ("tags", "电梯媒体，快消、新零售"), ("from", "李娜")))
    assert proc.returncode == 0, proc.stderr
    doc = yaml.safe_load((club / "members/li-na.yml").read_text("utf-8"))
    assert doc["city"] == "广州" and doc["tags"] == ["电梯媒体", "快消", "新零售"]
    assert "Requested by 李娜" in git(club, "log", "-1", "--format=%B")
    proc = apply(club, request(("kind", "post"), ("member", "li-na"), ("type", "offer"),
                               ("title", "福田写字楼电梯屏 1 月空档"), ("expires", "2027-01-31")))
    assert proc.returncode == 0, proc.stderr
    added = git(club, "show", "--name-only", "--format=", "HEAD").split()
    assert len(added) == 1 and added[0].startswith("resources/board/offer-")
    post = yaml.safe_load((club / added[0]).read_text("utf-8"))
    assert (post["owner"], str(post["posted"])) == ("li-na", SAMPLE_TODAY)
    proc = apply(club, request(("kind", "join"), ("name", "张晓"), ("org", "星河广告"),
                               ("sponsor", "wang-jian"), ("wechat", "zhangxiao_ad")))
    assert proc.returncode == 0, proc.stderr
    member = yaml.safe_load((club / "members/zhang-xiao.yml").read_text("utf-8"))
    assert (member["status"], member["sponsor"]) == ("candidate", "wang-jian")
    assert member["contact"]["wechat"] == {"value": "zhangxiao_ad", "visibility": "private"}
    assert run_cli("check", "--root", str(club), "--today", SAMPLE_TODAY).returncode == 0


def test_refusals(club: Path) -> None:
    proc = apply(club, request(("kind", "profile"), ("member", "li-na"), ("status", "alumni")))
    assert proc.returncode == 2 and "status" in proc.stderr
    # a sponsor who is a candidate fails C3 in check: refused, nothing written or committed
    proc = apply(club, request(("kind", "join"), ("name", "张晓"), ("org", "星河广告"),
                               ("sponsor", "ke-yan"), ("wechat", "zx")))
    assert proc.returncode == 1, proc.stderr
    assert not (club / "members/zhang-xiao.yml").exists()
    assert git(club, "status", "--porcelain") == ""
    proc = apply(club, request(("kind", "rsvp"), ("event", "2026-monthly-member-salon"),
                               ("date", "2026-12-18"), ("member", "li-na")))
    assert proc.returncode == 2 and "2026-12-17" in proc.stderr
    proc = apply(club, request(("kind", "rsvp"), ("event", "2026-monthly-member-salon"),
                               ("date", "2026-12-17"), ("member", "han-mei")), "--dry-run")
    assert proc.returncode == 0 and git(club, "status", "--porcelain") == ""
