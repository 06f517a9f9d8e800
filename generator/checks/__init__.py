"""Checks: charter rules, ownership (who may change what), CODEOWNERS drift.

Each check is a small function ``fn(com) -> Iterable[Problem]`` labelled with a stable rule id
(:func:`generator.checks.rule.rule`); its docstring quotes the charter clause it enforces
(Chinese original, then English). :data:`CHECKS` is the one ordered list of them: ``run_all``
runs each in turn and turns a crash inside one into a problem record, so one bug never hides
the other problems. Ownership (``R2.*``, who may change which file) needs the git history and
runs only when asked (:mod:`generator.checks.judge`; the rights it applies:
:mod:`generator.checks.ownership`).
"""

from __future__ import annotations

import datetime as dt
import traceback
from collections.abc import Callable
from typing import TYPE_CHECKING

from generator.checks import board, codeowners_drift, events, groups, members, structure
from generator.checks.rule import RuleInfo, info
from generator.problems import Problem, sort_problems

if TYPE_CHECKING:
    from generator.data.community import Community

CHECKS: tuple[RuleInfo, ...] = tuple(info(fn) for fn in (
    # the data holds together: references resolve, the charter's people exist
    structure.member_references,
    structure.charter_people,
    # people: R1 names, R2 approval, C3 sponsors, C1 cap, C2 dues, C5 intake, status dates
    members.r1_display_name,
    members.r1_real_name,
    members.r2_approved_by,
    members.r2_github_unique,
    members.c3_sponsor,
    members.c1_cap,
    members.c2_ledger,
    members.c2_lapsed,
    members.c5_intake,
    members.status_dates,
    members.status_future,
    # outer-court groups: C6
    groups.c6_capacity,
    # events: times, capacity, attendance, recurrence, C7 gathering, R4 attendance
    events.event_times,
    events.event_capacity,
    events.event_attendance,
    events.event_future_attendance,
    events.event_recurrence,
    events.event_occurrence_date,
    events.c7_gathering,
    events.r4_attendance,
    # the supply/demand board: R3 red packets, dates
    board.r3_red_packet,
    board.r3_undeclared_ad,
    board.board_dates,
    # review owners GitHub uses still match the data
    codeowners_drift.codeowners_drift,
))
"""Every check, in the order it runs (rule ids are unique: tests/test_rules.py)."""

REGISTRY: dict[str, RuleInfo] = {c.id: c for c in CHECKS}
"""The checks by rule id (fixtures under tests/fixtures/rules/<id>/ prove each)."""


def run_all(com: Community) -> list[Problem]:
    out: list[Problem] = []
    for check in REGISTRY.values():
        if not com.charter.rule_on(check.id):  # a rule this club's charter does not have
            continue
        try:
            for found in check.fn(com):
                p = found
                if check.time_driven and p.severity == "error":
                    p = Problem(p.rule, "warning", p.file, p.line, p.column, p.key, p.args)
                out.append(p)
        except Exception as exc:  # noqa: BLE001  (a bug in one rule becomes a problem, not a crash)
            tb = traceback.extract_tb(exc.__traceback__)[-1]
            out.append(Problem.make("internal", "error", "generator", 1, 1, "internal",
                                    rule_id=check.id, detail=f"{type(exc).__name__}: {exc} "
                                    f"({tb.filename.rsplit('/', 1)[-1]}:{tb.lineno})"))
    return out


def rules_by_charter_id() -> dict[str, list[RuleInfo]]:
    out: dict[str, list[RuleInfo]] = {}
    for check in REGISTRY.values():
        out.setdefault(check.id.split(".", 1)[0], []).append(check)
    return out


def load_and_check(root: str, today: dt.date | None,
                   on_files: Callable[[int, int], None] | None = None,
                   ) -> tuple[Community, list[Problem]]:
    """Load the community and run every rule: (community, sorted problems) — what ``check``
    reports, and what ``build``, the lifecycle commands and ``report`` start from. Raises
    ConfigError when the charter is unusable; ``on_files(done, total)`` follows the loading."""
    from generator.data.community import load_community

    com = load_community(root, today, on_files=on_files)
    return com, sort_problems(com.problems + run_all(com))
