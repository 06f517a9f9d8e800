"""CODEOWNERS drift: the review owners GitHub uses still match the data."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from generator.checks.rule import rule
from generator.github import codeowners
from generator.i18n import messages
from generator.problems import Problem

messages.register({
    "codeowners.drift": (
        "{path} 与数据不一致(从第 {from_line} 行起),GitHub 会请错人审阅。"
        "请运行 `python -m generator codeowners` 并提交结果。",
        "{path} no longer matches the data (from line {from_line}), so GitHub would ask the "
        "wrong people to review. Run `python -m generator codeowners` and commit the result."),
})


@rule("codeowners.drift")
def codeowners_drift(com: Any) -> Iterable[Problem]:
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
