"""`python -m generator check`: load everything, run every rule, report every problem."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

from generator.checks import run_all
from generator.commands import progress
from generator.commands.lifecycle import config_language
from generator.data.community import Community, ConfigError, load_community
from generator.problems import Problem, report, sort_problems

HELP = "check every data file against the schema and the charter's rules"


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
    with progress.Progress(None, "loading", verbosity=verbosity) as bar:
        def on_files(done: int, total: int) -> None:
            bar.total = total
            bar.done = done
            bar.advance(0)

        com = load_community(root, today, on_files=on_files)
    problems = com.problems + run_all(com)
    return com, sort_problems(problems)


def extra_problems(args: argparse.Namespace, com: Community) -> list[Problem]:
    """Hook for checks that need more than the data (ownership against a git base)."""
    if getattr(args, "changed_by", None) or getattr(args, "base", None):
        from generator.checks import ownership  # imported only when asked: it shells out to git
        result: list[Problem] = ownership.check(com, args.base, args.changed_by)
        return result
    return []


def run(args: argparse.Namespace) -> int:
    try:
        com, problems = collect(args.root, args.today, progress.verbosity(args))
    except ConfigError as exc:
        report(sort_problems(exc.problems), args.format, config_language(args.root, args.lang),
               None)
        return 2
    problems = sort_problems(problems + extra_problems(args, com))
    lang = args.lang or com.charter.language
    report(problems, args.format, lang, com.charter)
    return exit_code(problems, args.strict)


def exit_code(problems: list[Problem], strict: bool = False) -> int:
    failing: Any = ("error", "warning") if strict else ("error",)
    return 1 if any(p.severity in failing for p in problems) else 0
