"""CODEOWNERS drift: the review owners GitHub uses still match the data."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from generator.checks.rule import rule
from generator.github import codeowners
from generator.problems import Problem

if TYPE_CHECKING:
    from generator.data.community import Community


@rule("codeowners.drift")
def codeowners_drift(com: Community) -> Iterable[Problem]:
    """R2 拉人前先通过群管理确认。Review requests follow the data: when the repository
    has a ``.github/CODEOWNERS``, it is exactly what ``python -m generator codeowners``
    writes (a warning otherwise; a repository without one is not asked to have it)."""
    have = codeowners.current(com.root)
    if have is None:
        return
    want = codeowners.render(com)
    if have != want:
        line = codeowners.first_difference(have, want)
        yield Problem.make("codeowners.drift", "warning", codeowners.PATH, line, 1,
                           "codeowners.drift", path=codeowners.PATH, from_line=line)
