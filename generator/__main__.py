"""CLI wiring only: ``python -m generator <command> [--root DIR] …``. Commands live in
``generator/commands/<name>.py``, each with ``HELP``, ``add_arguments(parser)`` and
``run(args) -> int`` (0 ok, 1 problems found, 2 usage or configuration error)."""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import sys

from generator import __version__
from generator.build import secret

COMMANDS = ["check", "build", "serve", "report", "new", "codeowners", "from-issue", "member",
            "event", "deploy", "access-code", "jielong", "roster", "digest", "apply"]


def parse_date(text: str) -> dt.date:
    """A date flag as people type it (generator/core/typed.py): ``2027-01-20``, ``2027/1/20``,
    ``2027年1月20日``, full-width digits."""
    from generator.core import typed

    try:
        return typed.date(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected a date like 2027-01-20, 2027/1/20 or 2027年1月20日, got {text!r}") from None


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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m generator",
                                     description="Courtyard: check, build and serve a community.")
    parser.add_argument("--version", action="version", version=f"courtyard {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for name in COMMANDS:
        mod = importlib.import_module(f".commands.{name.replace('-', '_')}", __package__)
        p = sub.add_parser(name, help=mod.HELP, description=mod.HELP)
        common(p)
        mod.add_arguments(p)
        p.set_defaults(_run=mod.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    secret.start()  # out of the environment before anything is read (generator/build/secret.py)
    try:
        parser = build_parser()
    except ModuleNotFoundError as exc:  # a Python without Courtyard's dependencies
        if exc.name and exc.name.split(".")[0] == "generator":
            raise
        print(f"{sys.executable} lacks Courtyard's dependencies (no module {exc.name!r}). "
              "Install them with the README's first command (it installs into .venv) and "
              "run .venv/bin/python -m generator …", file=sys.stderr)
        return 2
    args = parser.parse_args(argv)
    return int(args._run(args))


if __name__ == "__main__":
    sys.exit(main())
