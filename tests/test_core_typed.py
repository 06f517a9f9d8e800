"""What people type, as a table: input → expected (or refused), for generator/core/typed.py.

TUNE is what the parsers were written against; HELD_OUT was written at the same time, before
the amount parser existed, and never used to adjust it: its pass rate is what the closing note
reports (``pytest tests/test_core_typed.py -k held_out``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from generator.core import typed

REFUSED = object()
D = dt.date

TUNE: list[tuple[Callable[[str], object], str, object]] = [
    (typed.date, "2027-01-20", D(2027, 1, 20)),
    (typed.date, "2027/1/20", D(2027, 1, 20)),
    (typed.date, "2027年1月20日", D(2027, 1, 20)),
    (typed.date, "２０２７年１月２０日", D(2027, 1, 20)),
    (typed.date, "2027-02-30", REFUSED),
    (typed.date, "明天", REFUSED),
    (typed.amount, "3000", 3000.0),
    (typed.amount, "3,000", 3000.0),
    (typed.amount, "3000元", 3000.0),
    (typed.amount, "¥3,000", 3000.0),
    (typed.amount, "3千", 3000.0),
    (typed.amount, "1.5万", 15000.0),
    (typed.amount, "1500.50", 1500.5),
    (typed.amount, "", REFUSED),
    (typed.amount, "三千", REFUSED),
    (typed.amount, "abc", REFUSED),
    (typed.amount, "-3000", REFUSED),
    (typed.amount, "3,00", REFUSED),
    (typed.split_list, "生活;旅行；摄影", ["生活", "旅行", "摄影"]),
    (typed.split_list, "机场，地铁、高铁", ["机场", "地铁", "高铁"]),
    (typed.split_list, "a\nb\n\nc", ["a", "b", "c"]),
    (typed.phone, "+86 138 0013 8000", "138 0013 8000"),
    (typed.phone, "12345", REFUSED),
    (typed.email, "Li.Na@Example.COM", "Li.Na@example.com"),
    (typed.email, "lina@", REFUSED),
]

HELD_OUT: list[tuple[Callable[[str], object], str, object]] = [
    (typed.date, "2027.1.8", D(2027, 1, 8)),
    (typed.date, "2027年1月8号", D(2027, 1, 8)),
    (typed.date, "2027/13/1", REFUSED),
    (typed.amount, "￥3000", 3000.0),
    (typed.amount, "３０００", 3000.0),
    (typed.amount, "3000 元", 3000.0),
    (typed.amount, "RMB 3,000", 3000.0),
    (typed.amount, "3000块", 3000.0),
    (typed.amount, "0.3万", 3000.0),
    (typed.amount, "2k", 2000.0),
    (typed.amount, "3000元整", 3000.0),
    (typed.amount, "1,500.5", 1500.5),
    (typed.amount, "3000美元", REFUSED),
    (typed.amount, "3千万亿", REFUSED),
    (typed.amount, "3..0", REFUSED),
    (typed.amount, "元", REFUSED),
    (typed.split_list, "生活\r\n旅行 ; 摄影", ["生活", "旅行", "摄影"]),
    (typed.split_list, " , 摄影,, ", ["摄影"]),
    (typed.phone, "0755-8888 8888", "0755 8888 8888"),
    (typed.email, "name@例子.中国", "name@例子.中国"),
]


def _run(parse: Callable[[str], object], text: str, want: object) -> None:
    if want is REFUSED:
        with pytest.raises(ValueError):
            parse(text)
    else:
        assert parse(text) == want


@pytest.mark.parametrize("parse, text, want", TUNE,
                         ids=[f"{p.__name__}:{t!r}" for p, t, _w in TUNE])
def test_tune(parse: Callable[[str], object], text: str, want: object) -> None:
    _run(parse, text, want)


@pytest.mark.parametrize("parse, text, want", HELD_OUT,
                         ids=[f"{p.__name__}:{t!r}" for p, t, _w in HELD_OUT])
def test_held_out(parse: Callable[[str], object], text: str, want: object) -> None:
    _run(parse, text, want)


def test_a_refused_amount_says_what_was_typed() -> None:
    with pytest.raises(ValueError, match="3000美元"):
        typed.amount("3000美元")


def test_a_profile_request_splits_tags_as_the_prompts_do() -> None:
    """``生活;旅行；摄影`` from the request form is three tags, as in ``new``'s prompts."""
    from pathlib import Path

    from generator.admin import profile
    from generator.data.community import load_community

    com = load_community(str(Path(__file__).resolve().parent.parent), dt.date(2026, 12, 7))
    m = com.members["li-na"]
    ch = profile.change(com, m, profile.updates(com, m, {"tags": "生活;旅行；摄影\n美食"},
                                                "request:profile", "en"))
    doc = ch.doc(m.file)
    assert list(doc["tags"]) == ["生活", "旅行", "摄影", "美食"]


@pytest.mark.parametrize("amount, today, written", [
    ("3,000", "2026-12-07", "amount: 3000"), ("1.5千", "2026/12/7", "amount: 1500")])
def test_member_dues_flags_take_amounts_and_dates_as_typed(
        capsys: pytest.CaptureFixture[str], amount: str, today: str, written: str) -> None:
    from pathlib import Path

    from generator.__main__ import main

    root = str(Path(__file__).resolve().parent.parent)
    assert main(["member", "dues", "jiang-tao", "--amount", amount, "--today", today,
                 "--dry-run", "--root", root]) == 0
    assert f"{{year: 2026, paid: 2026-12-07, {written}}}" in capsys.readouterr().out


def test_member_dues_refuses_a_foreign_amount(capsys: pytest.CaptureFixture[str]) -> None:
    from generator.__main__ import main

    with pytest.raises(SystemExit) as exc:
        main(["member", "dues", "jiang-tao", "--amount", "3000美元", "--dry-run"])
    assert exc.value.code == 2 and "3000美元" in capsys.readouterr().err
