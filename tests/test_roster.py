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
    found_r2 = {s.nickname for s in audit.suspects}
    assert found_r2 == want["r2"]
    # no false R2 for people in the registry (allowed statuses)
    ok = {m.id for m in com.members.values() if m.status in roster.ALLOWED}
    assert not [s for s in audit.suspects if s.member in ok]
    assert set(audit.missing) == want["missing"] and audit.missing
    assert [want["dup"]] * 2 in audit.duplicates
    assert set(audit.unformatted) == want["unformatted"]
    typo = roster.audit(com, com.groups["events"], ["分众传媒+王剑"]).suspects[0]
    assert (typo.reason, typo.closest) == ("unknown", "分众传媒+王健")


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
    assert {x["nickname"] for x in doc["r2"]} == want["r2"]
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
