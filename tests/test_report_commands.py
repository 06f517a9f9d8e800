"""Every item of `report` carries the command that settles it (issue 26, "every item").

On a copy of the sample community, with one case planted per item kind the sample does not
show on its own day: each kind's first item carries a command (or says it is for
information only); the command — its upper-case words filled in as an admin would, then the
next step it prints where one is needed (an RSVP is settled by the attendance after the
session) — runs with exit 0, and the report afterwards no longer lists the item.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.__main__ import main
from tests.conftest import REPO

DATA = ("content", "members", "resources", "schemas")
T1, T2 = "2026-12-07", "2027-01-20"  # the sample's day; a day after the new year's dues fell due


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def report(capsys: pytest.CaptureFixture[str], root: Path, today: str) -> dict:
    code, out, err = cli(capsys, "report", "--root", str(root), "--today", today,
                         "--format", "json", "--all", "--lang", "en")
    assert code == 0, err
    return json.loads(out)


def identity(section: str, it: dict) -> tuple[object, ...]:
    """What one item is about: its section, record, year or date, and which figures its
    message has (over the cap or under the minimum; a dues year owed alone or with others is
    the same item)."""
    data = it["data"]
    return (section, it["id"], data.get("year"), data.get("date"), frozenset(data))


def listed(rep: dict) -> dict[tuple[object, ...], dict]:
    return {identity(s["id"], it): it for s in rep["sections"] for it in s["items"]}


# --------------------------------------------------------------------------- planting

def edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, (rel, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def write(root: Path, rel: str, text: str) -> None:
    (root / rel).write_text(text, encoding="utf-8")


def member(mid: str, joined: str, *extra: str) -> tuple[str, str]:
    return (f"members/{mid}.yml",
            "\n".join([f"name: 测试{mid[-1]}", "org: 测试公司", "circle: inner",
                       "status: active", f"joined: {joined}", "sponsor: li-na",
                       "approved_by: [wang-jian]", *extra]) + "\n")


def plant_partial(root: Path) -> None:
    edit(root, "members/li-na.yml", "  - {year: 2026, paid: 2026-02-10, amount: 3000}",
         "  - {year: 2026, paid: 2026-02-10, amount: 3000}\n"
         "  - {year: 2027, paid: 2026-12-01, amount: 1000}")


def plant_suspended(root: Path) -> None:  # dues accrue while suspended (dues-others)
    edit(root, "members/guo-qiang.yml", "status: active",
         "status: suspended\nsuspended: 2026-06-01")


def plant_missed(root: Path) -> None:
    write(root, *member("test-missed", "2025-01-05", "dues:",
                        "  - {year: 2025, paid: 2025-01-05, amount: 3000}",
                        "  - {year: 2026, paid: 2026-01-05, amount: 3000}"))


def plant_over_cap(root: Path) -> None:
    edit(root, "content/charter.yml", "  cap: 50", "  cap: 31")


def plant_under_minimum(root: Path) -> None:
    edit(root, "content/charter.yml", "  minimum: 20", "  minimum: 33")


def plant_waiting(root: Path) -> None:  # three candidates, room for two
    edit(root, "content/charter.yml", "  cap: 50", "  cap: 34")


def plant_bad_sponsor(root: Path) -> None:
    edit(root, "members/peng-fei.yml", "sponsor: wu-hao", "sponsor: bai-lu")


def plant_no_quota(root: Path) -> None:
    edit(root, "content/charter.yml", "  yearly_intake: 10", "  yearly_intake: 1")


def plant_red_packet(root: Path) -> None:
    write(root, "resources/board/ad-test-screens.yml",
          "title: 测试广告位\ntype: ad\nowner: li-na\nposted: 2026-12-01\n"
          "expires: 2027-03-01\ndescription: 年底特价。\n")


def plant_small_red_packet(root: Path) -> None:
    write(root, "resources/board/ad-test-small.yml",
          "title: 测试小红包\ntype: ad\nowner: li-na\nposted: 2026-12-01\n"
          "expires: 2027-03-01\nred_packet: {amount: 10, recipients: 20, sent: 2026-12-01}\n")


def plant_no_organiser(root: Path) -> None:
    edit(root, "content/events/2027-01-media-rate-card-launch.yml",
         "organizers: [huang-lei, tang-yi]\n", "")


def plant_over_capacity(root: Path) -> None:
    edit(root, "content/events/2027-01-media-rate-card-launch.yml", "capacity: 200",
         "capacity: 10")


def plant_unmatched(root: Path) -> None:
    write(root, "resources/board/need-test-zeppelin.yml",
          "title: 需要飞艇广告\ntype: need\nowner: li-na\nposted: 2026-11-01\n"
          "expires: 2027-03-01\ntags: [飞艇]\ndescription: 飞艇。\n")


def plant_inactive(root: Path) -> None:
    write(root, *member("test-quiet", "2026-01-05", "dues:",
                        "  - {year: 2026, paid: 2026-01-05, amount: 3000}"))


# (section, the sample's day, planting, the item's record id, how to fill its command)
Case = tuple[str, str, Callable[[Path], None] | None, str | None, dict[str, str]]
CASES: dict[str, Case] = {
    "dues-lapsed": ("dues-lapsed", T1, None, "guo-qiang", {}),
    "dues-soon": ("dues-soon", T1, None, "li-na", {}),
    "dues-overdue": ("dues-overdue", T2, None, "li-na", {}),
    "dues-partial": ("dues-partial", T1, plant_partial, "li-na", {}),
    "dues-others": ("dues-others", T1, plant_suspended, "guo-qiang", {}),
    "attendance-this-year": ("attendance-this-year", T2, None, "cao-ying", {}),
    "attendance-missed": ("attendance-missed", T2, plant_missed, "test-missed", {}),
    "attendance-unrecorded": ("attendance-unrecorded", T2, None, None, {"MEMBER…": "li-na"}),
    "sharing": ("sharing", T1, None, "chen-hao", {}),
    "over-cap": ("cap", T1, plant_over_cap, None, {"ID": "jiang-tao"}),
    "under-minimum": ("cap", T1, plant_under_minimum, None, {}),
    "waiting-over-headroom": ("cap", T1, plant_waiting, None, {"ID": "jiang-tao"}),
    "candidate": ("intake", T1, None, "peng-fei", {}),
    "candidate-bad-sponsor": ("intake", T1, plant_bad_sponsor, "peng-fei",
                              {"SPONSOR": "li-na", "ADMIN": "wang-jian"}),
    "candidate-no-quota": ("intake", T1, plant_no_quota, "ke-yan", {}),
    "board-expiring": ("board-expiring", T1, None, "need-tea-xiaohongshu-kol", {}),
    "red-packet": ("red-packet", T1, plant_red_packet, "ad-test-screens", {}),
    "red-packet-amount": ("red-packet", T1, plant_small_red_packet, "ad-test-small", {}),
    "ad-review": ("ad-review", T1, None, "offer-futian-elevator-december", {}),
    "no-organizer": ("events", T1, plant_no_organiser, "2027-01-media-rate-card-launch",
                     {"MEMBER": "li-na"}),
    "over-capacity": ("events", T1, plant_over_capacity, "2027-01-media-rate-card-launch", {}),
    "github": ("github", T1, None, "bai-lu", {"LOGIN": "bailu-design"}),
    "needs-unmatched": ("needs-unmatched", T1, plant_unmatched, "need-test-zeppelin", {}),
    "inactive-this-year": ("inactive-this-year", T1, plant_inactive, "test-quiet", {}),
}
# Items for information only: what they are about (they leave the report with time).
INFORMATIONAL = {"since", "matches-new"}

# The extra flags `new` needs to write without asking (the report names the owner).
NEW_FLAGS = {"media": ["--yes", "--title", "测试屏", "--kind", "elevator"],
             "member": ["--yes", "--name", "测试新人", "--org", "测试公司", "--sponsor", "li-na"]}


@pytest.fixture
def club(tmp_path: Path) -> Path:
    root = tmp_path / "club"
    for top in DATA:
        shutil.copytree(REPO / top, root / top)
    return root


def fill(command: str, values: dict[str, str], today: str) -> tuple[list[str], str]:
    """The command as the admin runs it: placeholders filled, ``new``'s flags added; and the
    day to run it on (the new year's for a candidate waiting for next year's quota)."""
    words = command.removeprefix("python -m generator ").split("  (")[0].split()
    words = [values.get(w, w) for w in words]
    if words[0] == "new":
        words += NEW_FLAGS[words[1]]
    return words, today


def test_the_case_list_covers_every_section() -> None:
    """A section added to the report must be walked here too (or be informational)."""
    from generator.admin.report import load_sections

    sections = {sd.id for sd in load_sections()}
    assert sections == {c[0] for c in CASES.values()} | INFORMATIONAL


@pytest.mark.parametrize("case", sorted(CASES))
def test_every_item_carries_the_command_that_settles_it(
        club: Path, capsys: pytest.CaptureFixture[str], case: str) -> None:
    section, today, plant, rid, values = CASES[case]
    if plant is not None:
        plant(club)
    rep = report(capsys, club, today)
    items = [it for s in rep["sections"] if s["id"] == section for it in s["items"]
             if rid is None or it["id"] == rid]
    if section == "cap":
        items = [it for it in items if _cap_kind(it) == case]
    assert items, (case, [s["id"] for s in rep["sections"] if s["items"]])
    item = items[0]
    assert item.get("command"), item
    target = identity(section, item)
    # the command, then (while the item is still listed) the next step it names
    words, day = fill(item["command"], values, today)
    if case == "candidate-no-quota":
        day = f"{item['data']['next_year']}-01-05"  # admission in the new year's quota
    for _step in range(3):
        code, _out, err = cli(capsys, *words, "--root", str(club), "--today", day,
                              "--lang", "en")
        assert code == 0, (words, err)
        if target not in listed(report(capsys, club, day)):
            break
        nxt = re.search(r"^Next: python -m generator (.+)$", err, re.M)
        assert nxt, (words, err)
        words, _day = fill(nxt.group(1), values, day)
        when = re.search(r"--date (\d{4}-\d\d-\d\d)", nxt.group(1))
        day = max(day, when.group(1)) if when else day  # attendance after the session
    assert target not in listed(report(capsys, club, day)), (case, words)
    if case == "red-packet-amount":  # raised to the minimum; what was recorded stays
        assert "red_packet: {amount: 30, recipients: 20, sent: 2026-12-01}" in (
            club / "resources/board/ad-test-small.yml").read_text(encoding="utf-8")


def _cap_kind(it: dict) -> str:
    data = it["data"]
    return ("over-cap" if "over" in data else "under-minimum" if "missing" in data
            else "waiting-over-headroom")


def test_informational_items_say_so(club: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """New members and posts since last week, and matches to introduce, carry no command
    but say they are for information; every other item of the sample's report has one."""
    plant_inactive(club)
    write(club, "resources/board/need-test-new.yml",
          "title: 需要春节户外大屏\ntype: need\nowner: li-na\nposted: 2027-01-18\n"
          "expires: 2027-03-01\ntags: [户外大屏, 春节]\ndescription: 春节档户外大屏。\n")
    for today in (T1, T2):
        rep = report(capsys, club, today)
        for s in rep["sections"]:
            for it in s["items"]:
                if s["id"] in INFORMATIONAL:
                    assert it.get("informational") and "command" not in it, it
                else:
                    assert it.get("command"), (s["id"], it)
    assert any(s["items"] for s in rep["sections"] if s["id"] in INFORMATIONAL)
    code, out, _err = cli(capsys, "report", "--root", str(club), "--today", T2, "--lang", "en")
    assert code == 0 and "For information: nothing to settle" in out
