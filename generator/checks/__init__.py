"""Checks: charter rules, ownership (who may change what), CODEOWNERS drift.

One small function per check, registered under a stable id.

Each rule is ``fn(com: Community) -> Iterable[Problem]``; its docstring quotes the charter
clause it enforces (Chinese original, then English). ``run_all`` runs every rule and turns a
crash inside one rule into a problem record, so one bug never hides the other problems.
"""

from __future__ import annotations

import traceback
from dataclasses import dataclass
from typing import Any, Callable, Iterable

from generator.problems import Problem

RuleFn = Callable[[Any], Iterable[Problem]]


@dataclass(frozen=True)
class RuleInfo:
    id: str
    fn: RuleFn
    doc: str
    time_driven: bool


REGISTRY: dict[str, RuleInfo] = {}


def rule(rule_id: str, time_driven: bool = False) -> Callable[[RuleFn], RuleFn]:
    """Register a rule. ``time_driven`` rules depend on today and only ever warn."""

    def deco(fn: RuleFn) -> RuleFn:
        if rule_id in REGISTRY:  # pragma: no cover - programming error
            raise ValueError(f"rule {rule_id} registered twice")
        REGISTRY[rule_id] = RuleInfo(rule_id, fn, (fn.__doc__ or "").strip(), time_driven)
        return fn

    return deco


def _ensure_loaded() -> None:
    from generator.checks import (  # noqa: F401
        board,
        codeowners_drift,
        events,
        groups,
        members,
        structure,
    )


def run_all(com: Any) -> list[Problem]:
    _ensure_loaded()
    out: list[Problem] = []
    for info in REGISTRY.values():
        try:
            for p in info.fn(com):
                if info.time_driven and p.severity == "error":
                    p = Problem(p.rule, "warning", p.file, p.line, p.column, p.key, p.args)
                out.append(p)
        except Exception as exc:  # a bug in one rule becomes a problem, not a crash
            tb = traceback.extract_tb(exc.__traceback__)[-1]
            out.append(Problem.make("internal", "error", "generator", 1, 1, "internal",
                                    rule_id=info.id, detail=f"{type(exc).__name__}: {exc} "
                                    f"({tb.filename.rsplit('/', 1)[-1]}:{tb.lineno})"))
    return out


def rules_by_charter_id() -> dict[str, list[RuleInfo]]:
    _ensure_loaded()
    out: dict[str, list[RuleInfo]] = {}
    for info in REGISTRY.values():
        out.setdefault(info.id.split(".", 1)[0], []).append(info)
    return out
