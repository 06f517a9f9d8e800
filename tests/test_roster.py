"""The daily group patrol (`roster`) on a 500-line member list made from the sample plus
noise: every planted R1 nickname and R2 suspect is found, no member of the registry is taken
for an R2 suspect, the missing members and the duplicates are listed; text and JSON."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from benchmarks.bench_roster import planted
from generator.admin import roster
from generator.core.names import expected_display_name
from generator.data.community import Community, load_community
from tests.conftest import REPO, SAMPLE_TODAY, run_cli


@pytest.fixture(scope="module")
def com() -> Community:
    return load_community(str(REPO), dt.date.fromisoformat(SAMPLE_TODAY))


def test_every_planted_case_is_found(com: Community) -> None:
    lines, want = planted(com)
    assert len(lines) == 500
    audit = roster.audit(com, com.groups["events"], lines)
    assert {r.nickname: r.expected for r in audit.renames} == want["r1"]
    # issue 25: an outsider is counted, not an R2 suspect; suspects are lookalikes
    found_r2 = {s.nickname for s in audit.suspects} | set(audit.outsiders)
    assert found_r2 == want["r2"]
    # no false R2 for people in the registry (allowed statuses)
    ok = {m.id for m in com.members.values() if m.status in roster.ALLOWED}
    assert not [s for s in audit.suspects if s.member in ok and s.reason != "looks"]
    assert set(audit.missing) == want["missing"] and audit.missing
    assert [want["dup"]] * 2 in audit.duplicates
    assert want["unformatted"] <= set(audit.unformatted)  # type: ignore[operator]
    typo = roster.audit(com, com.groups["events"], ["分众传媒+王剑"]).suspects[0]
    assert (typo.reason, typo.member, typo.why) == ("looks", "wang-jian", "sounds")


def test_command_text_and_json(tmp_path: Path, com: Community) -> None:
    lines, want = planted(com)
    src = tmp_path / "roster.txt"
    src.write_text("\n".join(lines) + "\n", "utf-8")
    proc = run_cli("roster", "events", "--file", str(src), "--today", SAMPLE_TODAY)
    assert proc.returncode == 1, proc.stderr
    out = proc.stdout
    assert "【R1 群昵称】请以下群友按「媒体+实名」修改群昵称" in out
    for nick, expected in want["r1"].items():  # type: ignore[attr-defined]
        assert f"@{nick} 请改为「{expected}」" in out
    assert "兆讯传媒+柯妍：会员 ke-yan 的状态是 candidate" in out
    proc = run_cli("roster", "events", "--file", str(src), "--format", "json", "--today",
                   SAMPLE_TODAY)
    doc = json.loads(proc.stdout)
    assert {x["nickname"] for x in doc["r2"]} | set(doc["not_in_registry"]) == want["r2"]
    assert run_cli("roster", "no-such-group", "--file", str(src)).returncode == 2


def test_a_clean_roster_exits_0(tmp_path: Path, com: Community) -> None:
    ch = com.charter
    group = com.groups["jobs"]
    src = tmp_path / "roster.txt"
    src.write_text("\n".join(expected_display_name(ch, m.org, m.name)
                             for m in com.members.values() if m.status == "active")
                   + "\n群主\n", "utf-8")
    proc = run_cli("roster", group.id, "--file", str(src), "--today", SAMPLE_TODAY)
    assert proc.returncode == 0, proc.stdout
    assert "没有发现问题" in proc.stdout


# --------------------------------------------------------------------------- the corpus

ROSTERS = Path(__file__).parent / "fixtures" / "wechat" / "corpus" / "rosters"


@pytest.mark.parametrize("name", ["r1-resource-matching", "r2-jobs", "r3-big-group",
                                  "r4-events", "r5-outer-462"])
def test_roster_corpus(name: str, com: Community) -> None:
    """Issue 25: lookalikes are R2 suspects with the member they look like (never renames),
    nicknames that only look right break R1, outsiders are counted."""
    import yaml

    want = yaml.safe_load((ROSTERS / "expected.yml").read_text("utf-8"))[name]
    lines = roster.nicknames((ROSTERS / f"{name}.txt").read_text("utf-8"))
    audit = roster.audit(com, com.groups[want["group"]], lines)
    assert {s.nickname: s.member for s in audit.suspects if s.reason == "looks"} == \
        want["suspects"]
    assert {s.nickname: s.member for s in audit.suspects if s.reason != "looks"} == \
        want["status"]
    assert {r.nickname: r.member for r in audit.renames} == want["renames"]
    assert set(want["r1"]) <= set(audit.unformatted)
    assert len(audit.outsiders) == want["outsiders"]
    if "duplicates" in want:
        assert [want["duplicates"] * 2] == audit.duplicates
    if "missing" in want:
        assert sorted(audit.missing) == want["missing"]


def test_the_462_line_roster_fits_one_message(tmp_path: Path) -> None:
    """Issue 25 item 4: under 1,500 characters, every planted suspect in it; --all lists the
    people not in the registry."""
    import yaml

    want = yaml.safe_load((ROSTERS / "expected.yml").read_text("utf-8"))["r5-outer-462"]
    src = ROSTERS / "r5-outer-462.txt"
    proc = run_cli("roster", "events", "--file", str(src), "--today", SAMPLE_TODAY)
    assert proc.returncode == 1, proc.stderr
    print(f"\nr5-outer-462: {len(proc.stdout)} characters")
    assert len(proc.stdout) < 1500
    for nick in [*want["suspects"], *want["status"]]:
        assert f"{nick}：" in proc.stdout
    assert "另有 416 人不在名录中" in proc.stdout and "请改为「分众传媒+王健」" not in proc.stdout
    full = run_cli("roster", "events", "--file", str(src), "--today", SAMPLE_TODAY, "--all")
    assert "广告位招租-小陈（群昵称不符合格式）" in full.stdout


def test_a_huge_paste_is_capped_with_a_message(tmp_path: Path) -> None:
    """Issue 23 item 5: a 1 MB line is cut, said so, and the patrol still answers."""
    src = tmp_path / "huge.txt"
    src.write_text("分众传媒+王健" * 150_000 + "\n", "utf-8")
    proc = run_cli("roster", "events", "--file", str(src), "--today", SAMPLE_TODAY)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert "超过 100 个字符" in proc.stderr
