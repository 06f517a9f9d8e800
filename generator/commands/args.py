"""Argument types and options every command shares: dates and amounts as people type them
(read by generator/core/typed.py), and ``--root``, ``--today``, ``--lang``."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from generator.data.community import Community


def parse_date(text: str) -> dt.date:
    """A date flag as people type it (generator/core/typed.py): ``2027-01-20``, ``2027/1/20``,
    ``2027年1月20日``, full-width digits; within the window data dates have (1900-2200: a
    ``--today`` near the calendar's end overflowed the ledger's look ahead)."""
    from generator.core import typed
    from generator.data.models import EARLIEST, LATEST

    try:
        day = typed.date(text)
    except ValueError:
        day = None
    if day is None or not EARLIEST <= day <= LATEST:
        raise argparse.ArgumentTypeError(
            f"expected a date like 2027-01-20, 2027/1/20 or 2027年1月20日 between {EARLIEST} and "
            f"{LATEST}, got {text!r}") from None
    return day



def parse_amount(text: str) -> float:
    """An amount flag as people write it (generator/core/typed.py): ``3000``, ``3,000``,
    ``3000元``, ``¥3,000``, ``3千``, ``1.5万``."""
    from generator.core import typed

    try:
        return typed.amount(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected an amount like 3000, 3,000, 3000元, ¥3,000 or 3千, got {text!r}") from None



def common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--root", default=".", help="repository root holding content/ (default: .)")
    p.add_argument("--today", type=parse_date, default=None, metavar="YYYY-MM-DD",
                   help="the date rules and pages are computed for (default: today in the "
                        "charter's time zone)")
    p.add_argument("--lang", choices=["zh", "en"], default=None,
                   help="message language (default: the charter's language)")


def config_language(root: str, lang: str | None = None) -> str:
    """The language to report an unusable charter in: ``--lang``, else the ``language:`` line
    of ``content/charter.yml`` as written (the charter as a whole may not load), else zh."""
    if lang:
        return lang
    try:
        with open(os.path.join(root, "content", "charter.yml"), encoding="utf-8") as fh:
            found = re.search(r"^language:\s*[\"']?(zh|en)\b", fh.read(65536), re.M)
    except (OSError, UnicodeDecodeError):
        found = None
    return found.group(1) if found else "zh"


def community_or_report(args: argparse.Namespace) -> Community | None:
    """The community at ``--root`` for ``--today``; None (the caller exits 2) after reporting
    an unusable charter on stderr in the charter's language."""
    from generator.data.community import ConfigError, load_community
    from generator.problems import report_text, sort_problems

    try:
        return load_community(args.root, args.today)
    except ConfigError as exc:
        report_text(sort_problems(exc.problems), config_language(args.root, args.lang), None,
                    sys.stderr)
        return None
