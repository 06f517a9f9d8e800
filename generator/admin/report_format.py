"""The report as text (a terminal), Markdown (the weekly issue) or JSON (tools).

Markdown goes into a GitHub issue, so everything that came from data files is escaped: no
raw HTML, no table-breaking ``|``, no ``@mention`` that would ping someone. The hidden marker
``<!-- courtyard-report -->`` lets the weekly workflow find the issue and update it in place.
"""

from __future__ import annotations

import html
import io
import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, TextIO

from generator.admin.report import Fact, Item, Report
from generator.i18n import messages

if TYPE_CHECKING:
    from generator.data.plain import JSONObject
    from generator.i18n.keys import Key
    from generator.problems import MessageArg

MARKER = "<!-- courtyard-report -->"
ISSUE_BODY_MAX = 65_000  # GitHub refuses issue bodies over 65,536 characters
LIMITS = (50, 20, 10, 5, 0)  # items per section, tried in turn until the body fits
DEFAULT_LIMIT = 10  # items per section in text and Markdown unless --all or --limit

_MD_ESC = str.maketrans({"|": "&#124;", "@": "&#64;", "*": "&#42;", "_": "&#95;",
                         "[": "&#91;", "]": "&#93;", "`": "&#96;", "#": "&#35;",
                         "\n": " ", "\r": " "})


def md_escape(value: MessageArg) -> MessageArg:
    """Make one value from the data inert in GitHub Markdown (strings only)."""
    if not isinstance(value, str):
        return value
    return html.escape(value, quote=False).translate(_MD_ESC)


def _render(key: Key, lang: str, args: Mapping[str, MessageArg], md: bool) -> str:
    if md:
        args = {k: md_escape(v) for k, v in args.items()}
    return messages.render(key, lang, args)


def _t(key: Key, lang: str, **args: MessageArg) -> str:
    return messages.render(key, lang, args)


def _what(it: Item, lang: str, md: bool) -> str:
    """An item's message; a wave's ends with where its full list is."""
    msg = _render(it.key, lang, it.render_args(lang), md)
    return _t("report.wave-item", lang, what=msg) if it.folded else msg


# --------------------------------------------------------------------------- markdown


def markdown(rep: Report, out: TextIO, limit: int | None = None) -> None:
    """The issue body; at most ``limit`` items per section (the rest counted)."""
    lang = rep.lang
    w = out.write
    w(MARKER + "\n")
    w("# " + _render("report.title", lang, {"name": rep.community,
                                            "today": rep.today.isoformat()}, True) + "\n\n")
    w(_t("report.intro", lang, today=rep.today.isoformat()) + "\n\n")
    w("> " + _t("report.check", lang, errors=rep.errors, warnings=rep.warnings) + "\n\n")
    w(f"## {_t('report.summary', lang)}\n\n")
    w(f"| {_t('report.col.section', lang)} | {_t('report.col.rule', lang)} | "
      f"{_t('report.col.count', lang)} |\n| --- | --- | ---: |\n")
    for s in rep.sections:
        w(f"| {md_escape(s.title)} | {', '.join(s.rules)} | {s.count} |\n")
    for s in rep.sections:
        w(f"\n## {md_escape(s.title)} · {', '.join(s.rules)}\n\n")
        for f in s.facts:
            w(_render(f.key, lang, f.args, True) + "\n\n")
        if not s.items:
            w(f"_{_t('report.none', lang)}_\n")
            continue
        w(f"| {_t('report.col.rule', lang)} | {_t('report.col.who', lang)} | "
          f"{_t('report.col.what', lang)} | {_t('report.col.file', lang)} |\n")
        w("| --- | --- | --- | --- |\n")
        shown = s.items if limit is None else s.items[:limit]
        for it in shown:
            who = md_escape(it.name) if it.folded else f"{md_escape(it.name)} (`{it.id}`)"
            how = (f"<br>`python -m generator {it.command}`" if it.command
                   else f"<br>_{_t('report.informational', lang)}_" if it.informational else "")
            w(f"| {it.rule} | {who} | {_what(it, lang, True)}{how} | `{it.file}` |\n")
        if len(shown) < len(s.items):
            w(f"| … | | {_t('report.more', lang, n=len(s.items) - len(shown))} | |\n")
    w("\n---\n" + _t("report.footer", lang) + "\n")


def fitted_markdown(rep: Report, limit: int | None = None,
                    max_chars: int = ISSUE_BODY_MAX) -> str:
    """The issue body, with fewer items per section until it fits GitHub's limit."""
    for lim in (limit, *[n for n in LIMITS if limit is None or n < limit]):
        buf = io.StringIO()
        markdown(rep, buf, lim)
        if len(buf.getvalue()) <= max_chars:
            break
    return buf.getvalue()


# --------------------------------------------------------------------------- text

_BOLD, _DIM, _CYAN, _YELLOW, _RESET = "\x1b[1m", "\x1b[2m", "\x1b[36m", "\x1b[33m", "\x1b[0m"


def text(rep: Report, out: TextIO, color: bool = False, limit: int | None = None) -> None:
    lang = rep.lang

    def c(code: str, s: str) -> str:
        return f"{code}{s}{_RESET}" if color else s

    w = out.write
    w(c(_BOLD, _t("report.title", lang, name=rep.community, today=rep.today.isoformat()))
      + "\n")
    w(_t("report.check", lang, errors=rep.errors, warnings=rep.warnings) + "\n")
    for s in rep.sections:
        count = c(_YELLOW, str(s.count)) if s.items else "0"
        w(f"\n{c(_BOLD, s.title)} [{', '.join(s.rules)}] ({count})\n")
        for f in s.facts:
            w(f"  {f.message(lang)}\n")
        if not s.items:
            w(f"  {c(_DIM, _t('report.none', lang))}\n")
        shown = s.items if limit is None else s.items[:limit]
        for it in shown:
            who = it.name if it.folded else f"{it.name} ({it.id})"
            w(f"  {c(_CYAN, it.rule):<4} {who}: {_what(it, lang, False)}\n")
            w(f"       {c(_DIM, it.file)}\n")
            if it.command:
                w(f"       → python -m generator {it.command}\n")
            elif it.informational:
                w(f"       {c(_DIM, '→ ' + _t('report.informational', lang))}\n")
        if len(shown) < len(s.items):
            w(f"  … {_t('report.more', lang, n=len(s.items) - len(shown))}\n")


# --------------------------------------------------------------------------- json


def _item(it: Item, lang: str) -> JSONObject:
    out: JSONObject = {"rule": it.rule, "kind": it.kind, "id": it.id, "name": it.name,
                       "file": it.file, "message": it.message(lang), "data": it.args}
    if it.command:
        out["command"] = f"python -m generator {it.command}"
    if it.informational:
        out["informational"] = True
    if it.folded:  # a wave: the one line, and every member it stands for
        out["count"] = len(it.folded)
        out["members"] = [{"kind": f.kind, "id": f.id, "name": f.name, "file": f.file}
                          for f in it.folded]
    return out


def _fact(f: Fact, lang: str) -> JSONObject:
    return {"key": f.key, "message": f.message(lang), "data": f.args}


def as_json(rep: Report) -> JSONObject:
    return {
        "report": MARKER[5:-4],
        "community": rep.community,
        "today": rep.today.isoformat(),
        "since": rep.since.isoformat(),
        "lang": rep.lang,
        "check": {"errors": rep.errors, "warnings": rep.warnings},
        "sections": [{"id": s.id, "title": s.title, "rules": list(s.rules),
                      "count": s.count,
                      "facts": [_fact(f, rep.lang) for f in s.facts],
                      "items": [_item(i, rep.lang) for i in s.items]} for s in rep.sections],
    }


def write(rep: Report, fmt: str, out: TextIO, color: bool = False,
          limit: int | None = None) -> None:
    """``limit``: items per section in text and Markdown (JSON is always complete)."""
    if fmt == "markdown":
        out.write(fitted_markdown(rep, limit))
    elif fmt == "json":
        out.write(json.dumps(as_json(rep), ensure_ascii=False, indent=2) + "\n")
    else:
        text(rep, out, color, limit)
