"""Rules about outer-court groups (C6)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from generator.checks.rule import rule
from generator.problems import Problem

if TYPE_CHECKING:
    from generator.data.community import Community


@rule("C6.capacity")
def c6_capacity(com: Community) -> Iterable[Problem]:
    """C6 又建立了N个500人的群,比如有招聘群、活动群等。Each outer-court group holds at
    most the charter's group capacity, and no more people than its own capacity."""
    limit = com.charter.groups.capacity
    for g in com.groups.values():
        if g.capacity > limit:
            line, col = g.where("capacity")
            yield Problem.make("C6.capacity", "error", g.file, line, col, "C6.capacity-limit",
                               capacity=g.capacity, limit=limit)
        if g.size > min(g.capacity, limit):
            line, col = g.where("size")
            yield Problem.make("C6.capacity", "error", g.file, line, col, "C6.size",
                               size=g.size, capacity=min(g.capacity, limit))
