"""The rules follow the charter's parameters: change content/charter.yml and the same data
passes or fails differently. Another community adopts Courtyard by editing that file only."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from conftest import TODAY, make_community, run_cli, set_charter

from generator.checks.events import attendance_by_year
from generator.commands.check import collect
from generator.data.community import load_community

SURNAMES = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华"
GIVEN = "明"


def rules_of(root: Path, today: dt.date = TODAY) -> list[tuple[str, str, int, str]]:
    """(rule, file, line, English message) of every problem, sorted."""
    com, problems = collect(str(root), today)
    return [(p.rule, p.file, p.line, p.message("en", com.charter)) for p in problems]


def add_members(root: Path, n: int) -> list[str]:
    """n more active inner-circle members who joined one a day from 2025-12-01."""
    ids = []
    for i in range(n):
        mid = f"m-{i + 1:02d}"
        joined = dt.date(2025, 12, 1) + dt.timedelta(days=i)
        (root / "members" / f"{mid}.yml").write_text(
            f"name: {SURNAMES[i]}{GIVEN}\norg: 分众传媒\ncircle: inner\nstatus: active\n"
            f"joined: {joined}\nsponsor: wang-jian\napproved_by: [wang-jian]\n"
            f"dues:\n  - {{year: 2025, paid: {joined}, amount: 3000}}\n", encoding="utf-8")
        ids.append(mid)
    return ids


def test_cap(tmp_path: Path) -> None:
    root = make_community(tmp_path)
    set_charter(root, {"inner_circle.cap": 30, "inner_circle.yearly_intake": 30})
    ids = add_members(root, 27)  # 4 in the base + 27 = 31 active inner-circle members
    problems = rules_of(root)
    assert [(r, f, line) for r, f, line, _m in problems] == [
        ("C1.cap", f"members/{ids[-1]}.yml", 4)
    ]
    assert "31 active members of 菁英会 exceed the cap of 30 (by 1)" in problems[0][3]
    set_charter(root, {"inner_circle.cap": 31})
    assert rules_of(root) == []


def test_minimum_is_a_warning(tmp_path: Path) -> None:
    root = make_community(tmp_path)
    set_charter(root, {"inner_circle.minimum": 20})
    _com, problems = collect(str(root), TODAY)
    assert [(p.rule, p.severity, p.file, p.line) for p in problems] == [
        ("C1.minimum", "warning", "content/charter.yml", 11)]


def test_yearly_intake(tmp_path: Path) -> None:
    root = make_community(tmp_path)
    ids = add_members(root, 3)
    assert rules_of(root) == []
    set_charter(root, {"inner_circle.yearly_intake": 2})
    assert [(r, f) for r, f, _l, _m in rules_of(root)] == [("C5.intake", f"members/{ids[2]}.yml")]


def test_red_packet_minimum(tmp_path: Path) -> None:
    root = make_community(tmp_path)
    (root / "resources" / "board" / "ad-screens.yml").write_text(
        "title: 电梯屏招商\ntype: ad\nowner: li-na\nposted: 2026-01-20\n"
        "red_packet: {amount: 40, recipients: 5}\n", encoding="utf-8")
    assert rules_of(root) == []
    set_charter(root, {"red_packet.min_amount": 50})
    problems = rules_of(root)
    assert [(r, f) for r, f, _l, _m in problems] == [
        ("R3.red-packet", "resources/board/ad-new-year.yml"),
        ("R3.red-packet", "resources/board/ad-screens.yml")]
    assert "The red packet is 40 yuan; the charter asks for at least 50." in problems[1][3]
    set_charter(root, {"red_packet.min_amount": 30, "red_packet.min_recipients": 8})
    assert "asks for at least 8" in rules_of(root)[1][3]


def test_language(tmp_path: Path) -> None:
    root = make_community(tmp_path)
    set_charter(root, {"language": "en", "red_packet.min_amount": 50})
    out = run_cli("check", "--root", str(root), "--today", TODAY.isoformat())
    assert out.returncode == 1
    assert "error [R3.red-packet] The red packet is 30 yuan; the charter asks for at least 50." \
        in out.stdout
    assert out.stdout.endswith("1 error(s), 0 warning(s).\n")


def test_events_per_year(tmp_path: Path) -> None:
    root = make_community(tmp_path)
    (root / "content" / "events" / "salon-2025.yml").write_text(
        "title: 秋季沙龙\nstart: 2025-09-20 19:00\n", encoding="utf-8")
    assert rules_of(root) == []
    set_charter(root, {"attendance.events_per_year": 2})
    problems = rules_of(root)
    assert {(r, f) for r, f, _l, _m in problems} == {
        ("R4.attendance", f"members/{m}.yml") for m in ("wang-jian", "chen-jing", "li-na",
                                                        "zhou-tao")}
    assert all("Attended 1 event(s) in 2025; at least 2 expected" in m for *_x, m in problems)
    set_charter(root, {"attendance.events_per_year": 0})
    assert rules_of(root) == []


def test_group_capacity(tmp_path: Path) -> None:
    root = make_community(tmp_path)
    set_charter(root, {"groups.capacity": 200})
    problems = rules_of(root)
    assert [(r, f, line) for r, f, line, _m in problems] == [
        ("C6.capacity", "content/groups/recruit.yml", 3),
        ("C6.capacity", "content/groups/recruit.yml", 4)]
    assert "limit of 200 per group" in problems[1][3]


def test_display_name_format(tmp_path: Path) -> None:
    root = make_community(tmp_path)
    set_charter(root, {"display_name.format": '"{name}@{org}"'})
    problems = rules_of(root)
    assert [(r, f, line) for r, f, line, _m in problems] == [
        ("R1.display-name", "members/li-na.yml", 3)]
    assert "expected `李娜@深圳报业集团`" in problems[0][3]
    li_na = root / "members" / "li-na.yml"
    li_na.write_text(li_na.read_text(encoding="utf-8").replace(
        "深圳报业集团+李娜", "李娜＠深圳报业集团"), encoding="utf-8")  # full-width ＠
    assert rules_of(root) == []


def test_gathering_size(tmp_path: Path) -> None:
    root = make_community(tmp_path)
    set_charter(root, {"annual_gathering.min_capacity": 300})
    assert [(r, f) for r, f, _l, _m in rules_of(root)] == [
        ("C7.gathering", "content/events/gathering-2025.yml")]


def test_dues_grace_and_amount(tmp_path: Path) -> None:
    root = make_community(tmp_path)
    set_charter(root, {"dues.grace_days": 30})  # 2026 dues fell due on 1 January
    assert {(r, f) for r, f, _l, _m in rules_of(root)} == {
        ("C2.lapsed", f"members/{m}.yml") for m in ("wang-jian", "chen-jing", "li-na",
                                                    "zhou-tao")}
    set_charter(root, {"dues.grace_days": 31, "dues.amount": 3500})
    problems = rules_of(root)
    assert {r for r, *_x in problems} == {"C2.amount"} and len(problems) == 11


def test_admins(tmp_path: Path) -> None:
    root = make_community(tmp_path)
    set_charter(root, {"admins": "[wang-jian]"})
    assert [(r, f, line) for r, f, line, _m in rules_of(root)] == [
        ("R2.approved-by", "members/zhou-tao.yml", 7)]


def test_time_zone(tmp_path: Path) -> None:
    """00:30 on 1 January in Shanghai is still 31 December in UTC."""
    root = make_community(tmp_path)
    (root / "content" / "events" / "party.yml").write_text(
        "title: 跨年\nstart: 2026-01-01T00:30:00+08:00\nattended: [li-na]\n", encoding="utf-8")
    later = dt.date(2027, 1, 2)
    assert attendance_by_year(load_community(str(root), later))["li-na"][2026] == 1
    set_charter(root, {"timezone": "UTC"})
    com = load_community(str(root), later)
    assert dict(attendance_by_year(com)["li-na"]) == {2024: 1, 2025: 2}
