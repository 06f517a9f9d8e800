"""`python -m generator check`: load everything, run every rule, report every problem."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from typing import Any

from generator.checks import load_and_check
from generator.commands import progress
from generator.commands.args import config_language
from generator.data.community import Community, ConfigError
from generator.problems import Problem, report, sort_problems


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--format", choices=["text", "json", "github"], default="text",
                   help="text for people, json for tools, github for inline PR annotations")
    p.add_argument("--strict", action="store_true", help="warnings fail the check too")
    progress.add_arguments(p)
    p.add_argument("--changed-by", metavar="LOGIN", default=None,
                   help="GitHub login of the change's author: adds ownership checks (R2)")
    p.add_argument("--base", metavar="REF", default=None,
                   help="git ref to compare with for ownership checks (use the merge base)")


def collect(root: str, today: dt.date | None,
            verbosity: int = progress.NORMAL) -> tuple[Community, list[Problem]]:
    """Load the community and run every rule: (community, sorted problems).
    Raises ConfigError when the charter is unusable. On a terminal (not in CI, not
    --quiet) a bar shows the files loading; --verbose leaves one line per stage."""
    with progress.loading(verbosity) as on_files:
        return load_and_check(root, today, on_files)


class JudgeUsage(Exception):
    """The ownership check could not run (its JudgeError, or an unusable argument): exit 2."""


def extra_problems(args: argparse.Namespace, com: Community) -> list[Problem]:
    """Hook for checks that need more than the data (ownership against a git base)."""
    if getattr(args, "changed_by", None) or getattr(args, "base", None):
        from generator.checks import judge  # imported only when asked: it shells out to git
        try:
            result: list[Problem] = judge.check(com, args.base, args.changed_by)
        except judge.JudgeError as exc:
            raise JudgeUsage(str(exc)) from None
        return result
    return []


def run(args: argparse.Namespace) -> int:
    try:
        com, problems = collect(args.root, args.today, progress.verbosity(args))
    except ConfigError as exc:
        report(sort_problems(exc.problems), args.format, config_language(args.root, args.lang),
               None)
        return 2
    try:
        problems = sort_problems(problems + extra_problems(args, com))
    except JudgeUsage as exc:
        print(exc, file=sys.stderr)
        return 2
    lang = args.lang or com.charter.language
    report(problems, args.format, lang, com.charter)
    return exit_code(problems, args.strict)


def exit_code(problems: list[Problem], strict: bool = False) -> int:
    failing: Any = ("error", "warning") if strict else ("error",)
    return 1 if any(p.severity in failing for p in problems) else 0
