"""Problem records and their reporters (text, JSON, GitHub Actions workflow commands).

A problem is ``{rule, severity, file, line, column, message}``. Charter rules' ids start
with the charter id (``R3``, ``C3.sponsor-active`` …); structural ones are ``schema.*``,
``yaml.*``, ``id.*``, ``ref.*``. Messages are rendered late, in the language asked for.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal, TextIO

from generator.i18n import dynamic, messages

if TYPE_CHECKING:
    from generator.data.charter_models import Charter
    from generator.i18n.keys import Key

Severity = Literal["error", "warning"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning")

MessageArg = str | int | float | None
"""A value a message may quote (rendered with ``str.format``; None as "None")."""


@dataclass(frozen=True)
class Problem:
    rule: str
    severity: Severity
    file: str
    line: int
    column: int
    key: Key
    args: tuple[tuple[str, MessageArg], ...] = field(default=())

    @classmethod
    def make(cls, rule: str, severity: Severity, file: str, line: int, column: int, key: Key,
             **args: MessageArg) -> Problem:
        return cls(rule, severity, file, line, column, key, tuple(sorted(args.items())))

    def sort_key(self) -> tuple[str, int, int, str, str, str]:
        return (self.file, self.line, self.column, self.rule, self.key, repr(self.args))

    def message(self, lang: str, charter: Charter | None = None) -> str:
        text = messages.render(self.key, lang, dict(self.args))
        charter_id = self.rule.split(".", 1)[0]
        rule = (
            charter.rule(charter_id) if charter is not None and hasattr(charter, "rule") else None
        )
        if rule is not None:
            text += messages.joiner(lang) + messages.render("quote", lang, {
                "id": charter_id, "title": rule.title, "text": " ".join(rule.text.split())})
        return text

    def record(self, lang: str, charter: Charter | None = None) -> dict[str, str | int]:
        return {
            "rule": self.rule,
            "severity": self.severity,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "message": self.message(lang, charter),
        }


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    return sorted(set(problems), key=Problem.sort_key)


def counts(problems: list[Problem]) -> dict[Severity, int]:
    return {s: sum(1 for p in problems if p.severity == s) for s in SEVERITIES}


def report_text(problems: list[Problem], lang: str, charter: Charter | None, out: TextIO,
                color: bool = False) -> None:
    colors = {"error": "\x1b[31m", "warning": "\x1b[33m"} if color else {}
    reset = "\x1b[0m" if color else ""
    for p in problems:
        sev = messages.render(dynamic("sev.", p.severity), lang, {})
        c = colors.get(p.severity, "")
        # one problem per line, whatever the data holds (a value may contain a newline)
        text = p.message(lang, charter).replace("\r", "\\r").replace("\n", "\\n")
        out.write(f"{p.file}:{p.line}:{p.column}: {c}{sev}{reset} [{p.rule}] {text}\n")
    n = counts(problems)
    out.write(messages.render("summary", lang, {"errors": n["error"], "warnings": n["warning"]})
              + "\n")


def report_json(problems: list[Problem], lang: str, charter: Charter | None, out: TextIO) -> None:
    n = counts(problems)
    doc = {
        "problems": [p.record(lang, charter) for p in problems],
        "errors": n["error"],
        "warnings": n["warning"],
    }
    json.dump(doc, out, ensure_ascii=False, indent=2)
    out.write("\n")


def _gh_escape(value: str, prop: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


def report_github(problems: list[Problem], lang: str, charter: Charter | None, out: TextIO) -> None:
    for p in problems:
        props = ",".join([
            f"file={_gh_escape(p.file, True)}",
            f"line={p.line}",
            f"col={p.column}",
            f"title={_gh_escape(p.rule, True)}",
        ])
        out.write(f"::{p.severity} {props}::{_gh_escape(p.message(lang, charter))}\n")
    n = counts(problems)
    out.write(messages.render("summary", lang, {"errors": n["error"], "warnings": n["warning"]})
              + "\n")


def report(problems: list[Problem], fmt: str, lang: str, charter: Charter | None,
           out: TextIO | None = None) -> None:
    out = out or sys.stdout
    if fmt == "json":
        report_json(problems, lang, charter, out)
    elif fmt == "github":
        report_github(problems, lang, charter, out)
    else:
        report_text(problems, lang, charter, out, color=out.isatty())
