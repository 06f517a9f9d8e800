"""Collect the answers for ``new``: from flags, from defaults, or by asking on the terminal.

Every answer, typed or passed as a flag, goes through the same ``parse`` so a script and a
person get the same checks. Asking re-asks until the answer is valid; end of input (Ctrl-D, or
a script's stdin running dry) raises Cancelled so the command exits 2 without writing.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TextIO

from generator import i18n
from generator.admin.fields import KIND_LABELS, SPECS, Spec, Value, Values, specs_for
from generator.core import typed
from generator.data.models import GITHUB_PATTERN
from generator.i18n import messages

if TYPE_CHECKING:
    from generator.data.charter_models import Charter
    from generator.data.community import Community
    from generator.i18n.keys import Key
    from generator.problems import MessageArg


class Cancelled(Exception):
    """End of input while asking."""


class Invalid(Exception):
    """An answer that does not parse or check; carries a message key and its arguments."""

    def __init__(self, key: Key, **args: MessageArg) -> None:
        super().__init__(key)
        self.key, self.args_ = key, args

    def render(self, lang: str) -> str:
        return messages.render(self.key, lang, self.args_)


@dataclass
class Ctx:
    """What parsing and defaults may look at. The community loads only when first needed."""

    root: str
    today: dt.date
    charter: Charter
    lang: str
    loader: Callable[[], Community]
    _com: Community | None = field(default=None, repr=False)

    def community(self) -> Community:
        if self._com is None:
            self._com = self.loader()
        return self._com


_TRUE = {"y", "yes", "true", "1", "是", "对", "好"}
_FALSE = {"n", "no", "false", "0", "否", "不"}


def _split(text: str) -> list[str]:
    return typed.split_list(text)


def parse_date(text: str) -> dt.date:
    try:
        return typed.date(text)
    except ValueError:
        raise Invalid("new.bad.date", found=text) from None


def parse_when(text: str) -> dt.date | dt.datetime:
    try:
        return typed.when(text)
    except ValueError:
        raise Invalid("new.bad.datetime", found=text) from None


def _member(ctx: Ctx, text: str) -> str:
    """A member id, by the one resolver every command uses (:func:`generator.admin.lifecycle
    .member`: an id, or a real name or group nickname only one member has, 李娜 → li-na);
    an unknown one gets the closest id as a suggestion."""
    from generator.admin.lifecycle import Refused, member

    com = ctx.community()
    t = text.strip()
    try:
        return member(com, t).id
    except Refused as exc:
        if exc.key == "life.ambiguous":
            raise Invalid("new.bad.ambiguous", found=t, ids=str(exc.args_["ids"])) from None
    close = difflib.get_close_matches(t, list(com.members), n=1, cutoff=0.6)
    raise Invalid("new.bad.member", found=t, suggestion=close[0] if close else "")


def _check_member(ctx: Ctx, spec: Spec, mid: str) -> None:
    m = ctx.community().members[mid]
    if spec.check == "sponsor" and (m.circle != "inner" or m.status != "active"):
        raise Invalid("new.bad.sponsor", found=mid, circle=m.circle, status=m.status)
    if spec.check == "admin" and mid not in ctx.charter.admins:
        raise Invalid("new.bad.admin", found=mid, admins=", ".join(ctx.charter.admins))
    if spec.check == "owner" and m.status != "active":
        raise Invalid("new.bad.owner", found=mid, status=m.status)


def _choice(spec: Spec, text: str) -> str:
    t = text.strip()
    if t.isdigit() and 1 <= int(t) <= len(spec.choices):
        return spec.choices[int(t) - 1]
    if t in spec.choices:
        return t
    starts = [c for c in spec.choices if c.startswith(t.lower())]
    if len(starts) == 1 and t:
        return starts[0]
    raise Invalid("new.bad.choice", found=t, choices=" / ".join(spec.choices))


def _number(spec: Spec, text: str, as_int: bool) -> float | int:
    t = text.strip().replace(",", "")
    try:
        value: float | int = int(t) if as_int else float(t)
    except ValueError:
        raise Invalid("new.bad.int" if as_int else "new.bad.number", found=text) from None
    if spec.minimum is not None and value < spec.minimum:
        raise Invalid("new.bad.min", found=text, min=f"{spec.minimum:g}")
    return value


def parse(ctx: Ctx, spec: Spec, text: str) -> Value:
    """Turn one answer into a typed value, or raise Invalid with a helpful message."""
    t = text.strip()
    if not t:
        raise Invalid("new.bad.empty")
    if spec.type == "date":
        return parse_date(t)
    if spec.type == "when":
        return parse_when(t)
    if spec.type in ("int", "number"):
        return _number(spec, t, spec.type == "int")
    if spec.type == "choice":
        return _choice(spec, t)
    if spec.type == "bool":
        if t.lower() in _TRUE:
            return True
        if t.lower() in _FALSE:
            return False
        raise Invalid("new.bad.bool")
    if spec.type == "phone":
        try:
            return typed.phone(t)
        except ValueError:
            raise Invalid("new.bad.phone", found=t) from None
    if spec.type == "email":
        try:
            return typed.email(t)
        except ValueError:
            raise Invalid("new.bad.email", found=t) from None
    if spec.type == "github":
        if not re.fullmatch(GITHUB_PATTERN, t.lstrip("@")):
            raise Invalid("new.bad.pattern", found=t,
                          hint=messages.render("new.hint.github", ctx.lang, {}))
        return t.lstrip("@")
    if spec.type == "member":
        mid = _member(ctx, t)
        _check_member(ctx, spec, mid)
        return mid
    if spec.type == "members":
        out: list[str] = []
        for part in _split(t):
            mid = _member(ctx, part)
            _check_member(ctx, spec, mid)
            if mid not in out:
                out.append(mid)
        return out
    if spec.type == "list":
        return _split(t)
    return t


def _show_default(v: Value, lang: str = "en") -> str:
    if isinstance(v, bool):
        return i18n.text(lang, "new.yes" if v else "new.no")
    if isinstance(v, list):
        return ", ".join(str(x) for x in v)
    if isinstance(v, float) and v == int(v):
        return str(int(v))
    return str(v)


def _choice_label(spec: Spec, choice: str, lang: str, charter: Charter | None) -> str:
    """``inner`` and its name from the charter (never "inner inner circle"), ``outer court``
    alone (its label already says it), ``candidate proposed, awaiting approval``."""
    key = spec.labels.get(choice)
    if spec.name == "circle" and choice == "inner" and charter is not None:
        lab = charter.inner_circle.name
    elif key is None:
        return choice
    else:
        lab = i18n.text(lang, key)
    return lab if lab.casefold().startswith(choice) else f"{choice} {lab}"


def _question(spec: Spec, lang: str, default: Value | None,
              charter: Charter | None = None) -> str:
    """The prompt: choices (numbered) on their own line, then ``label * [default]:``."""
    text = ""
    if spec.choices:
        opts = [f"{i}) {_choice_label(spec, c, lang, charter)}"
                for i, c in enumerate(spec.choices, 1)]
        text += "  " + "   ".join(opts) + "\n"
    text += spec.label(lang, charter) + (" *" if spec.required else "")
    if default is not None:
        text += f" [{_show_default(default, lang)}]"
    return text + i18n.text(lang, "punct.prompt")


def ask(ctx: Ctx, spec: Spec, default: Value | None, stdin: TextIO, out: TextIO
        ) -> Value | None:
    """Ask one question until the answer is valid; blank takes the default (or skips an
    optional field)."""
    while True:
        out.write(_question(spec, ctx.lang, default, ctx.charter))
        out.flush()
        line = stdin.readline()
        if not line:
            out.write("\n")
            raise Cancelled()
        if not line.strip():
            if default is not None:
                return default
            if not spec.required:
                return None
            out.write("  " + messages.render("new.bad.empty", ctx.lang, {}) + "\n")
            continue
        try:
            return parse(ctx, spec, line)
        except Invalid as exc:
            out.write("  " + exc.render(ctx.lang) + " " +
                      messages.render("new.tries", ctx.lang, {}) + "\n")


def collect(ctx: Ctx, kind: str, given: dict[str, str], interactive: bool, stdin: TextIO,
            out: TextIO) -> tuple[Values, list[Invalid]]:
    """All answers for ``kind``: flags first (``given``: spec name → text), then defaults or
    questions. Returns (values, problems); problems are for flags and, when not interactive,
    for missing required fields."""
    values: Values = {}
    problems: list[Invalid] = []
    if interactive:
        lab = i18n.text(ctx.lang, KIND_LABELS[kind])
        out.write(messages.render("new.intro", ctx.lang, {"kind_label": lab}) + "\n")
    specs = specs_for(ctx.charter, kind)
    for name in sorted(set(given) - {s.name for s in specs}):
        off = next((s for s in SPECS[kind] if s.name == name and s.rule), None)
        if off is not None:  # a field of a rule this club's charter switches off
            problems.append(Invalid("new.rule-off", flag=off.flag, rule=off.rule))
    for spec in specs:
        if not spec.applies(values):
            continue
        if spec.name in given:
            try:
                values[spec.name] = parse(ctx, spec, given[spec.name])
            except Invalid as exc:
                problems.append(Invalid("new.bad-flag", flag=spec.flag,
                                        detail=exc.render(ctx.lang)))
            continue
        default = spec.default(ctx, values) if spec.default else None
        if interactive and spec.ask:
            values[spec.name] = ask(ctx, spec, default, stdin, out)
        elif default is not None:
            values[spec.name] = default
        elif spec.required:
            problems.append(Invalid("new.missing", label=spec.label(ctx.lang, ctx.charter),
                                    flag=spec.flag))
    return values, problems
