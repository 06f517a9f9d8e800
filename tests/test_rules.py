"""Every registered rule has a valid and an invalid fixture, and they behave.

Fixtures live in ``tests/fixtures/rules/<rule-id>/{valid,invalid}/<case>/``, each an overlay
on the clean base community (see ``conftest.py``). A valid case must produce no problem at
all; an invalid case must produce exactly the problems its ``# expect:`` markers name (rule
id, severity, file, line) and nothing else, and the rule under test must itself report.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import BASE, RULE_FIXTURES, TODAY, expected_problems, found, make_community, run_cli

from generator import checks
from generator.checks import CHECKS, REGISTRY, run_all
from generator.checks.events import attendance_by_year
from generator.commands.check import collect
from generator.data.community import load_community


def _cases(kind: str) -> list[Path]:
    return sorted(RULE_FIXTURES.glob(f"[!_]*/{kind}/*/"))


def _id(case: Path) -> str:
    return f"{case.parent.parent.name}/{case.name}"


def test_every_labelled_check_is_listed_once() -> None:
    """CHECKS is the one list: every function labelled with @rule in generator/checks/ is in
    it, exactly once, and no two share a rule id."""
    import inspect

    labelled = {fn for mod in (checks.board, checks.codeowners_drift, checks.events,
                               checks.groups, checks.members, checks.structure)
                for _n, fn in inspect.getmembers(mod, inspect.isfunction)
                if hasattr(fn, "rule_info")}
    listed = [c.fn for c in CHECKS]
    assert len(listed) == len(set(listed)) == len(REGISTRY)
    assert set(listed) == labelled


def test_base_community_is_clean() -> None:
    _com, problems = collect(str(BASE), TODAY)
    assert found(problems) == set()


def test_every_registered_rule_has_valid_and_invalid_fixtures() -> None:
    missing = [f"{rid}/{kind}" for rid in REGISTRY for kind in ("valid", "invalid")
               if not list((RULE_FIXTURES / rid / kind).glob("*/"))]
    assert missing == [], f"rules without fixtures: {missing}"
    stale = sorted(p.name for p in RULE_FIXTURES.iterdir()
                   if p.is_dir() and not p.name.startswith("_") and p.name not in REGISTRY)
    assert stale == [], f"fixture folders for rules that are not registered: {stale}"


@pytest.mark.parametrize("case", _cases("valid"), ids=_id)
def test_valid_fixture(case: Path, tmp_path: Path) -> None:
    root = make_community(tmp_path, case)
    assert expected_problems(case) == set(), "a valid case must not promise problems"
    com, problems = collect(str(root), TODAY)
    assert found(problems) == set()
    assert list(REGISTRY[case.parent.parent.name].fn(com)) == []


@pytest.mark.parametrize("case", _cases("invalid"), ids=_id)
def test_invalid_fixture(case: Path, tmp_path: Path) -> None:
    root = make_community(tmp_path, case)
    want = expected_problems(case)
    assert want, f"{case} marks no expected problem"
    com, problems = collect(str(root), TODAY)
    assert found(problems) == want
    info = REGISTRY[case.parent.parent.name]
    own = found(info.fn(com))
    assert own and own <= want, "the rule under test must report these problems itself"
    if info.time_driven:
        assert {sev for _r, sev, _f, _l in want} == {"warning"}


def test_time_driven_rules_never_error(tmp_path: Path) -> None:
    """run_all turns an error from a time-driven rule into a warning."""
    from generator.checks import RuleInfo
    from generator.problems import Problem
    root = make_community(tmp_path, RULE_FIXTURES / "C2.lapsed" / "invalid" / "grace-over")
    com = load_community(str(root), TODAY)
    original = dict(REGISTRY)

    def erring(_com: object) -> list[Problem]:
        return [Problem.make("X.test", "error", "members/x.yml", 1, 1, "internal")]

    try:
        REGISTRY.clear()
        REGISTRY["X.test"] = RuleInfo("X.test", erring, "", time_driven=True)
        assert [p.severity for p in run_all(com)] == ["warning"]
    finally:
        REGISTRY.clear()
        REGISTRY.update(original)


def test_time_driven_warnings_exit_0_and_1_with_strict(tmp_path: Path) -> None:
    root = make_community(
        tmp_path, RULE_FIXTURES / "R4.attendance" / "invalid" / "no-event-in-2024"
    )
    args = ("check", "--root", str(root), "--today", TODAY.isoformat())
    plain = run_cli(*args)
    assert plain.returncode == 0, plain.stdout + plain.stderr
    assert "R4.attendance" in plain.stdout
    assert run_cli(*args, "--strict").returncode == 1


def test_new_years_eve_counts_in_the_charter_time_zone(tmp_path: Path) -> None:
    """23:30 on 31 December (Asia/Shanghai) counts for that year; the same night written
    with an explicit +00:00 offset that is already 1 January in Shanghai counts for the next."""
    root = make_community(tmp_path)
    events = root / "content" / "events"
    (events / "local.yml").write_text(
        "title: 跨年夜\nstart: 2025-12-31 23:30\nattended: [li-na]\n", encoding="utf-8")
    (events / "utc.yml").write_text(
        "title: 跨年夜(UTC)\nstart: 2025-12-31T16:30:00+00:00\nattended: [zhou-tao]\n",
        encoding="utf-8")
    com = load_community(str(root), dt.date(2027, 1, 1))
    assert com.problems == []
    att = attendance_by_year(com)
    # li-na: 2024 salon, 2025 gathering and the local New Year's Eve party
    assert dict(att["li-na"]) == {2024: 1, 2025: 2}
    # zhou-tao: the UTC party is 2026-01-01 00:30 in Shanghai
    assert dict(att["zhou-tao"]) == {2024: 1, 2025: 1, 2026: 1}
    assert com.event_start(com.events["utc"]).isoformat() == "2026-01-01T00:30:00+08:00"


def test_one_broken_rule_does_not_hide_the_others(tmp_path: Path) -> None:
    """A crash inside one rule becomes an `internal` problem; the other rules still run."""
    from generator.checks import RuleInfo
    root = make_community(tmp_path, RULE_FIXTURES / "C6.capacity" / "invalid" / "too-many")
    com = load_community(str(root), TODAY)
    original = dict(REGISTRY)

    def broken(_com: object) -> list[object]:
        raise RuntimeError("boom")

    try:
        REGISTRY["X.broken"] = RuleInfo("X.broken", broken, "", time_driven=False)
        rules = {p.rule for p in run_all(com)}
    finally:
        REGISTRY.clear()
        REGISTRY.update(original)
    assert {"internal", "C6.capacity"} <= rules
