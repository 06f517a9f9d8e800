"""Input as people type it (issue 13): dates, phone numbers, e-mail addresses and lists as they
come from a Chinese phone keyboard or a laptop, through the parsers, the prompts of ``new``
and its flags."""

from __future__ import annotations

import datetime as dt
import io
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from generator.__main__ import main
from generator.core import typed

FIXTURE = Path(__file__).parent / "fixtures" / "report"


@pytest.mark.parametrize("text", ["2027-01-20", "2027/1/20", "2027年1月20日", "2027.1.20",
                                  "20270120", "２０２７年１月２０日", " 2027 年 1 月 20 日 ",
                                  "2027年1月20号"])
def test_dates(text: str) -> None:
    assert typed.date(text) == dt.date(2027, 1, 20)


@pytest.mark.parametrize("text, want", [
    ("2027年1月20日", dt.date(2027, 1, 20)),
    ("2027-01-20 19:30", dt.datetime(2027, 1, 20, 19, 30)),
    ("2027年1月20日 19:30", dt.datetime(2027, 1, 20, 19, 30)),
    ("2027/1/20 19：30", dt.datetime(2027, 1, 20, 19, 30)),
    ("2027年1月20日19点", dt.datetime(2027, 1, 20, 19, 0)),
    ("2027-01-20T19:30:00+08:00",
     dt.datetime(2027, 1, 20, 19, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))),
])
def test_date_and_time(text: str, want: dt.date) -> None:
    assert typed.when(text) == want


@pytest.mark.parametrize("text, want", [
    ("13800138000", "138 0013 8000"),
    ("138 0013 8000", "138 0013 8000"),
    ("+86 138 0013 8000", "138 0013 8000"),
    ("+8613800138000", "138 0013 8000"),
    ("0086-138-0013-8000", "138 0013 8000"),
    ("１３８００１３８０００", "138 0013 8000"),
    ("0755-8888 8888", "0755 8888 8888"),  # a Shenzhen landline
    ("(010) 6552 9988", "010 6552 9988"),
    ("+852 9123 4567", "+852 9123 4567"),  # Hong Kong
    ("+1 650 253 0000", "+1 650-253-0000"),
])
def test_phone_numbers(text: str, want: str) -> None:
    assert typed.phone(text) == want


@pytest.mark.parametrize("text, want", [
    ("lina@example.com", "lina@example.com"),
    (" Li.Na+club@Example.COM ", "Li.Na+club@example.com"),
    ("王@例子.中国", "王@例子.中国"),
])
def test_email_addresses(text: str, want: str) -> None:
    assert typed.email(text) == want


REFUSED = {
    typed.date: ["2027-02-30", "1月20日", "明天", "2027-1", "27/1/20", ""],
    typed.when: ["2027-01-20 25:00", "下周三晚上", "2027年1月20日 晚上"],
    typed.phone: ["深圳", "12345", "138001380001", "1380013800", "+86 123", "name@example.com"],
    typed.email: ["13800001111", "lina@", "@example.com", "li na@example.com", "lina@example",
                  "lina@@example.com", "深圳"],
}


@pytest.mark.parametrize("parse, text", [(f, t) for f, texts in REFUSED.items() for t in texts])
def test_refused(parse: Callable[[str], object], text: str) -> None:
    with pytest.raises(ValueError):
        parse(text)


@pytest.mark.parametrize("text", ["机场,地铁", "机场，地铁", "机场、地铁", "机场;地铁",
                                  "机场；地铁", "机场\n地铁", "机场 ， 地铁\n",
                                  "机场\r\n\r\n地铁"])
def test_lists(text: str) -> None:
    assert typed.split_list(text) == ["机场", "地铁"]


def test_a_list_keeps_spaces_inside_items() -> None:
    assert typed.split_list("Times Square、机场 T3") == ["Times Square", "机场 T3"]


# --------------------------------------------------------------------------- through `new`


@pytest.fixture()
def root(tmp_path: Path) -> Path:
    dest = tmp_path / "community"
    shutil.copytree(FIXTURE, dest)
    return dest


def new(root: Path, *args: str) -> int:
    return main(["new", *args[:1], "--root", str(root), "--today", "2026-12-10", *args[1:]])


def test_flags_accept_what_people_type(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = new(root, "member", "--yes", "--name", "张伟", "--org", "分众传媒", "--sponsor",
               "li-yi", "--joined", "2026年12月1日", "--tags", "机场，地铁、高铁",
               "--phone", "+86 138 0013 8000", "--email", "ZW@Example.com")
    assert code == 0, capsys.readouterr().err
    data = yaml.safe_load((root / "members" / "zhang-wei.yml").read_text(encoding="utf-8"))
    assert data["joined"] == dt.date(2026, 12, 1)
    assert data["tags"] == ["机场", "地铁", "高铁"]
    assert data["contact"]["phone"]["value"] == "138 0013 8000"
    assert data["contact"]["email"]["value"] == "ZW@example.com"


@pytest.mark.parametrize("flag, value, message", [
    ("--phone", "深圳", "`深圳` 不是电话号码"),
    ("--email", "13800001111", "`13800001111` 不是电子邮箱地址"),
    ("--joined", "2026年13月1日", "2026/12/5"),
])
def test_flags_refuse_what_is_not_one(root: Path, capsys: pytest.CaptureFixture[str],
                                      flag: str, value: str, message: str) -> None:
    code = new(root, "member", "--yes", "--name", "张伟", "--org", "分众传媒", "--sponsor",
               "li-yi", flag, value)
    assert code == 2
    assert message in capsys.readouterr().err
    assert not (root / "members" / "zhang-wei.yml").exists()


def test_prompts_reask_until_the_phone_and_email_are_real(
        root: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """Typed answers: "深圳" is not taken as a phone number nor "13800001111" as an e-mail
    address; the prompt says why and asks again."""
    answers = {"founder": "", "wechat": "", "phone": ["深圳", "138 0013 8000"],
               "phone_visibility": "",
               "email": ["13800001111", "zw@example.com"], "email_visibility": ""}
    flags = ["--name", "张伟", "--org", "分众传媒", "--sponsor", "li-yi", "--circle", "inner",
             "--status", "candidate", "--joined", "2026年12月1日", "--title", "总监",
             "--github", "zhangwei", "--city", "深圳", "--tags", "机场，地铁", "--bio", "无"]
    lines: list[str] = []
    for v in answers.values():
        lines += v if isinstance(v, list) else [v]
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(lines) + "\n"))
    code = new(root, "member", *flags)
    err = capsys.readouterr().err
    assert code == 0, err
    assert "`深圳` 不是电话号码" in err and "`13800001111` 不是电子邮箱地址" in err
    data = yaml.safe_load((root / "members" / "zhang-wei.yml").read_text(encoding="utf-8"))
    assert data["contact"]["phone"]["value"] == "138 0013 8000"
    assert data["contact"]["email"]["value"] == "zw@example.com"
    assert data["tags"] == ["机场", "地铁"] and data["joined"] == dt.date(2026, 12, 1)
