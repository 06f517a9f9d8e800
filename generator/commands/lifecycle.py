"""What ``member`` and ``event`` share: options repeated on each action (so ``--root`` and
``--dry-run`` work after the action's name too), loading the community, and committing a
:class:`~generator.admin.edit.Change` — diff, check, write."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from generator.admin import edit
from generator.admin.lifecycle import Refused
from generator.commands.args import config_language, parse_date
from generator.data.community import Community, ConfigError, load_charter, load_community
from generator.i18n import messages
from generator.problems import report_text, sort_problems

if TYPE_CHECKING:
    from generator.data.charter_models import Charter
    from generator.i18n.keys import Key
    from generator.problems import MessageArg


def action_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser], name: str,
                  help_text: str) -> argparse.ArgumentParser:
    """One action (``approve``, ``rsvp`` …) with the command's common options repeated;
    SUPPRESS keeps a value given before the action's name."""
    p = sub.add_parser(name, help=help_text, description=help_text)
    p.add_argument("--root", default=argparse.SUPPRESS, help="repository root (default: .)")
    p.add_argument("--today", type=parse_date, default=argparse.SUPPRESS, metavar="YYYY-MM-DD",
                   help="the date the change is made on (default: today)")
    p.add_argument("--lang", choices=["zh", "en"], default=argparse.SUPPRESS)
    p.add_argument("--dry-run", action="store_true", default=argparse.SUPPRESS,
                   help="print the diff, write nothing")
    return p


def add_dry_run(p: argparse.ArgumentParser) -> None:
    p.add_argument("--dry-run", action="store_true", help="print the diff, write nothing")


def run_change(args: argparse.Namespace,
               make: Callable[[Community], tuple[edit.Change, str]],
               next_step: str | Callable[[], str] | None = None) -> int:
    """Load, let ``make`` build the change (and a one-line summary), then diff, check and
    write it; after writing, say ``next_step`` (the command that usually follows). Exit 0
    written (or shown with --dry-run), 1 refused by the check, 2 the step does not apply or
    the charter is unusable."""
    got = setting(args)
    if got is None:
        return 2
    charter, lang, today = got
    com = load_community(args.root, today)
    try:
        change, summary = make(com)
    except Refused as exc:
        say(lang, exc.key, **exc.args_)
        return 2
    texts = change.texts()
    if not texts:
        say(lang, "life.unchanged", what=summary)
        return 0  # no next step: nothing happened
    sys.stdout.write(edit.diff(texts))
    problems = edit.new_errors(com, texts)
    if problems:
        say(lang, "life.refused", count=len(problems))
        report_text(sort_problems(problems), lang, charter, sys.stderr)
        return 1
    if args.dry_run:
        say(lang, "life.dry-run", what=summary)
        return 0
    edit.write(args.root, texts)
    say(lang, "life.written", what=summary, files=" ".join(texts))
    step = next_step() if callable(next_step) else next_step
    if step:
        say(lang, "life.next", command=f"python -m generator {step}")
    return 0


def setting(args: argparse.Namespace) -> tuple[Charter, str, dt.date] | None:
    """The charter, the message language and today (``--today``, else today in the charter's
    time zone); None after printing why the charter is unusable (the caller exits 2)."""
    charter = charter_or_report(args)
    if charter is None:
        return None
    today = args.today or dt.datetime.now(ZoneInfo(charter.timezone)).date()
    return charter, args.lang or charter.language, today


def read_text(path: str | None, limit: int = -1) -> str:
    """A pasted text: the file (a BOM dropped), or stdin when ``path`` is None; at most
    ``limit`` characters when it is given (a caller refusing longer texts reads one more)."""
    if path is None:
        return sys.stdin.read(limit)
    with open(path, encoding="utf-8-sig") as fh:
        return fh.read(limit)


def setting_and_text(args: argparse.Namespace) -> tuple[str, dt.date, str] | None:
    """:func:`setting`'s language and today, and the pasted text of ``--file`` (or stdin);
    None after saying why either is unusable (the caller exits 2)."""
    got = setting(args)
    if got is None:
        return None
    try:
        return got[1], got[2], read_text(args.file)
    except (OSError, UnicodeDecodeError) as exc:
        print(exc, file=sys.stderr)
        return None


def charter_or_report(args: argparse.Namespace) -> Charter | None:
    """The charter, or None after printing why it is unusable (the caller exits 2)."""
    try:
        return load_charter(args.root)
    except ConfigError as exc:
        report_text(sort_problems(exc.problems), config_language(args.root, args.lang), None,
                    sys.stderr)
        return None


def say(lang: str, key: Key, **args: MessageArg) -> None:
    print(messages.render(key, lang, args), file=sys.stderr)
