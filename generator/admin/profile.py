"""A member changes their own profile: the one implementation, whichever way they ask.

Two channels reach it: the profile issue form (``from-issue --form profile``, channel
``form:profile``) and a signed request from the site's form (``apply``, channel
``request:profile``). Which fields each offers is the field registry's
(``registry.offered("member", channel)``); :func:`updates` reads every answer as people type
it (``admin.prompts.parse``: dates, lists split on ``;``/``；``/``、``, phone numbers …), checks
the value against the model's field (length, one line, no invisible character — the problem
``check`` would report for it), writes the charter's display name again when a new name or
organisation makes the stored one wrong (R1), and refuses with **every** problem at once
(:class:`Refused`). What it returns is the fields to set (None: remove); the callers write
them their way (``yamledit.set_fields`` for an issue, an ``edit.Change`` for a request,
:func:`change`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from pydantic import ValidationError

from generator.admin.edit import Change, drop_key, flow_seq, set_key
from generator.admin.fields import SPECS, spec_for
from generator.admin.prompts import Ctx, Invalid, parse
from generator.core.names import expected_display_name
from generator.data import registry
from generator.data.community import validation_problems
from generator.data.load import Loaded
from generator.github.forms import CLEAR
from generator.i18n import messages

if TYPE_CHECKING:
    from generator.data.community import Community
    from generator.data.meta import Channel
    from generator.data.models import Member
    from generator.data.plain import PlainMap


class Refused(Exception):
    """The change cannot be made; ``lines`` say why (already rendered, one per problem)."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__("; ".join(lines))
        self.lines = lines


def names(channel: Channel) -> tuple[str, ...]:
    """What ``channel`` may send: the plain fields it offers, and for a structured one
    (``contact``) each part it offers and, on an issue form, who sees it."""
    out: list[str] = []
    for e in registry.offered("member", channel):
        ways = [p.name for p in registry.parts("member", e.name) if channel in p.meta.offer]
        if not ways:
            out.append(e.name)
        for way in ways:
            out += [way, f"{way}_visibility"] if channel.startswith("form:") else [way]
    return tuple(out)


def _ctx(com: Community, lang: str) -> Ctx:
    return Ctx(com.root, com.today, com.charter, lang, lambda: com)


def _model_problem(com: Community, m: Member, name: str, value: object, lang: str
                   ) -> str | None:
    """What ``check`` would say of ``value`` in field ``name`` of ``m``'s file (None: fine)."""
    try:  # the whole record, so that an error names its field as check names it
        type(m).model_validate({**m.model_dump(), name: value}, context=com.charter.choices())
    except ValidationError as exc:
        found = validation_problems(exc, Loaded(m.file, m.id, None), type(m))
        return "; ".join(p.message(lang, com.charter) for p in found) or str(exc)
    return None


def updates(com: Community, m: Member, values: Mapping[str, str | None], channel: Channel,
            lang: str, label: Callable[[str], str] = str) -> PlainMap:
    """The fields to set in ``m``'s file for the answers ``values`` (field → text as typed;
    None or absent: not answered; :data:`CLEAR` or blank: remove), or :class:`Refused` with
    every problem, each named by ``label(field)`` (the channel's label)."""
    ctx = _ctx(com, lang)
    allowed = names(channel)
    problems = [messages.render("life.field", lang, {"field": k, "fields": ", ".join(allowed)})
                for k in values if k not in allowed]
    out: PlainMap = {}

    def bad(name: str, detail: str) -> None:
        problems.append(f"**{label(name)}**: {detail}")

    for e in registry.offered("member", channel):
        name = e.name
        v = values.get(name)
        if v is None or registry.parts("member", name):  # contact: one answer per way
            continue
        if v.strip() in (CLEAR, ""):
            if e.required:
                problems.append(messages.render("fi.cannot-clear", lang, {"label": label(name)}))
            out[name] = None
            continue
        try:
            value = parse(ctx, spec_for(e), v)
        except Invalid as exc:
            bad(name, exc.render(lang))
            continue
        detail = _model_problem(com, m, name, value, lang)
        if detail:
            bad(name, detail)
        else:
            out[name] = value
    _regenerate_display_name(com, m, values, out)
    contact = _contact(ctx, m, values, channel, lang, label, problems)
    if contact is not None:
        detail = _model_problem(com, m, "contact", contact or None, lang)
        if detail:
            bad("contact", detail)
        out["contact"] = contact or None
    if problems:
        raise Refused(problems)
    return out


def _contact(ctx: Ctx, m: Member, values: Mapping[str, str | None], channel: Channel,
             lang: str, label: Callable[[str], str], problems: list[str]) -> PlainMap | None:
    """The member's ways of contact after the answers (None: unchanged): a value as people
    type it (a phone number, an e-mail address), who sees it (kept, else the default)."""
    specs = {s.name: s for s in SPECS["member"]}
    contact: PlainMap = m.contact.model_dump(exclude_none=True) if m.contact else {}
    before = dict(contact)
    for part in registry.parts("member", "contact"):
        kind = part.name
        if channel not in part.meta.offer:
            continue
        v, vis = values.get(kind), values.get(f"{kind}_visibility")
        if v is not None and v.strip() not in (CLEAR, ""):
            try:
                v = str(parse(ctx, specs[kind], v))
            except Invalid as exc:
                problems.append(f"**{label(kind)}**: {exc.render(lang)}")
                continue
        old = contact.get(kind)
        old_vis = old.get("visibility") if isinstance(old, dict) else None
        if v is not None and v.strip() in (CLEAR, ""):
            contact.pop(kind, None)
        elif v is not None:
            default = specs[f"{kind}_visibility"].default
            keep = old_vis or (default(ctx, {}) if default else None)
            contact[kind] = {"value": v, "visibility": vis or keep}
        elif vis is not None:
            if isinstance(old, dict):
                contact[kind] = {**old, "visibility": vis}
            else:
                problems.append(messages.render("fi.no-contact", lang, {"label": label(kind)}))
    return None if contact == before else contact


def _regenerate_display_name(com: Community, m: Member, values: Mapping[str, str | None],
                             updates: PlainMap) -> None:
    """A new ``org`` or ``name`` makes a stored display name wrong (R1): write the charter's
    format for the new ones, unless the answers set a display name themselves. A member
    without a stored one needs nothing (it is derived from the format)."""
    if m.display_name is None or values.get("display_name") is not None:
        return
    org, name = updates.get("org", m.org), updates.get("name", m.name)
    if (org, name) != (m.org, m.name) and isinstance(org, str) and isinstance(name, str):
        updates["display_name"] = expected_display_name(com.charter, org, name)


def change(com: Community, m: Member, fields: PlainMap) -> Change:
    """The edit of ``m``'s file that sets ``fields`` (None removes one; a list is written
    inline, as the sample writes tags)."""
    ch = Change(com.root)
    doc = ch.doc(m.file)
    for key, value in fields.items():
        if value is None:
            drop_key(doc, key)
        else:
            set_key(doc, "member", key, flow_seq(value) if isinstance(value, list) else value)
    return ch
