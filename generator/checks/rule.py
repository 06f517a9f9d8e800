"""What a check is: a function ``fn(com) -> Iterable[Problem]`` with a stable rule id.

``@rule("C1.cap")`` only labels the function (its id, whether it depends on today, its
docstring, which quotes the charter clause); :data:`generator.checks.CHECKS` lists the
labelled functions in the order they run.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from generator.problems import Problem

if TYPE_CHECKING:
    from generator.data.community import Community

RuleFn = Callable[["Community"], Iterable[Problem]]


@dataclass(frozen=True)
class RuleInfo:
    id: str
    fn: RuleFn
    doc: str
    time_driven: bool


def rule(rule_id: str, time_driven: bool = False) -> Callable[[RuleFn], RuleFn]:
    """Label a check. ``time_driven`` checks depend on today and only ever warn."""

    def deco(fn: RuleFn) -> RuleFn:
        fn.rule_info = RuleInfo(rule_id, fn, (fn.__doc__ or "").strip(), time_driven)  # type: ignore[attr-defined]
        return fn

    return deco


def info(fn: RuleFn) -> RuleInfo:
    found = getattr(fn, "rule_info", None)
    if not isinstance(found, RuleInfo):  # pragma: no cover - programming error
        raise TypeError(f"{fn.__name__} is listed in CHECKS without @rule(...)")
    return found
