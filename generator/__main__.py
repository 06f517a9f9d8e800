"""CLI wiring only: ``python -m generator <command> [--root DIR] …``. Commands live in
``generator/commands/<name>.py``, each with ``add_arguments(parser)`` and ``run(args) -> int``
(0 ok, 1 problems found, 2 usage or configuration error); their one-line help is the table
``generator.commands.COMMANDS``."""

from __future__ import annotations

import argparse
import importlib
import re
import sys
from typing import ClassVar, NoReturn

from generator import __version__
from generator.build import secret
from generator.commands import COMMANDS
from generator.commands.args import common

# argparse's own messages (Python 3.11-3.13) → the catalogue's key and the groups it fills in
ARGPARSE_MESSAGES = (
    (re.compile(r"the following arguments are required: (?P<args>.+)"), "cli.required"),
    (re.compile(r"argument (?P<arg>\S+): invalid choice: (?P<found>.+?) "
                r"\(choose from (?P<choices>.+)\)"), "cli.invalid-choice"),
    (re.compile(r"argument (?P<arg>\S+): invalid \S+ value: (?P<found>.+)"), "cli.invalid-value"),
    (re.compile(r"argument (?P<arg>\S+): expected a date.* between (?P<earliest>\S+) and "
                r"(?P<latest>\S+), got (?P<found>.+)"), "cli.bad-date"),
    (re.compile(r"argument (?P<arg>\S+): expected an amount.*, got (?P<found>.+)"),
     "cli.bad-amount"),
    (re.compile(r"argument (?P<arg>\S+): expected (one|at least one) argument"),
     "cli.expected-value"),
    (re.compile(r"unrecognized arguments: (?P<args>.+)"), "cli.unrecognized"),
    (re.compile(r"argument (?P<arg>\S+): not allowed with argument (?P<other>\S+)"),
     "cli.not-allowed-with"),
    (re.compile(r"one of the arguments (?P<args>.+) is required"), "cli.one-required"),
    (re.compile(r"ambiguous option: (?P<arg>\S+) could match (?P<choices>.+)"), "cli.ambiguous"),
)


def message_language(argv: list[str]) -> str:
    """The language for a usage error: ``--lang``, else the charter's at ``--root`` (or
    ``.``), else Chinese (the sample's)."""
    lang, root = None, "."
    for i, arg in enumerate(argv):
        name, eq, value = arg.partition("=")
        if not eq and i + 1 < len(argv):
            value = argv[i + 1]
        if name == "--lang" and value in ("zh", "en"):
            lang = value
        elif name == "--root" and value:
            root = value
    from generator.commands.args import config_language
    return config_language(root, lang)


def localise(message: str, lang: str) -> str:
    """argparse's English message in ``lang`` (unchanged when it is none we know)."""
    from generator.i18n import text
    for pattern, key in ARGPARSE_MESSAGES:
        found = pattern.fullmatch(message)
        if found:
            return text(lang, key, **found.groupdict())  # type: ignore[arg-type]
    return message


class Parser(argparse.ArgumentParser):
    """argparse with its errors in the charter's language (issue 26 item 5): the usage line,
    then what was wrong and how to get help, exit 2."""

    argv: ClassVar[list[str]] = []

    def error(self, message: str) -> NoReturn:
        from generator.i18n import text
        lang = message_language(Parser.argv)
        usage = self.format_usage()
        if usage.startswith("usage: "):
            usage = text(lang, "cli.usage") + usage[len("usage: "):]
        sys.stderr.write(usage)
        self.exit(2, text(lang, "cli.error", prog=self.prog, message=localise(message, lang),
                          help=f"{self.prog} --help") + "\n")


def chosen(argv: list[str]) -> str | None:
    """The subcommand ``argv`` names (its first word that is not an option), if any."""
    return next((a for a in argv if not a.startswith("-")), None)


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """Every subcommand with its help from the table in ``generator/commands``; only the one
    ``argv`` names gets its module imported and its arguments added (``None``: all of them),
    so ``--version``, ``--help`` and each command import nothing they don't use."""
    parser = Parser(prog="python -m generator",
                    description="Courtyard: check, build and serve a community.")
    parser.add_argument("--version", action="version", version=f"courtyard {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    wanted = None if argv is None else chosen(argv)
    for name, help_ in COMMANDS.items():
        p = sub.add_parser(name, help=help_, description=help_)
        if argv is None or name == wanted:
            mod = importlib.import_module(f"generator.commands.{name.replace('-', '_')}")
            common(p)
            mod.add_arguments(p)
            p.set_defaults(_run=mod.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    secret.start()  # out of the environment before anything is read (generator/build/secret.py)
    try:
        parser = build_parser(list(sys.argv[1:] if argv is None else argv))
    except ModuleNotFoundError as exc:  # a Python without Courtyard's dependencies
        if exc.name and exc.name.split(".")[0] == "generator":
            raise
        print(f"{sys.executable} lacks Courtyard's dependencies (no module {exc.name!r}). "
              "Install them with the README's first command (it installs into .venv) and "
              "run .venv/bin/python -m generator …", file=sys.stderr)
        return 2
    Parser.argv = list(sys.argv[1:] if argv is None else argv)
    args = parser.parse_args(argv)
    return int(args._run(args))


if __name__ == "__main__":
    sys.exit(main())
