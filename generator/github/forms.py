"""Issue forms for members who don't edit YAML: their definitions, templates and strict parser.

One definition per form drives both sides, so they cannot drift apart:

* ``template(form)`` writes ``.github/ISSUE_TEMPLATE/<name>.yml`` (every catalogue language
  at once, Chinese first, as GitHub shows it to the person filling it in; the texts are the
  catalogue's ``form.*`` keys);
* ``parse_body(form, text)`` reads the issue body GitHub renders from a submitted form —
  ``### <label>`` then the answer, ``_No response_`` for a blank one — and refuses anything
  it does not expect: an unknown or repeated heading, a missing one, a blank required answer,
  an option that is not offered, an unticked required box. Each refusal names the field by
  the label the person saw.

Field ids are the names ``python -m generator new`` uses (``generator/admin/fields.py``), so
answers are parsed and checked by the same code as its flags.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import yaml

from generator import i18n
from generator.admin.fields import AUDIENCES, CIRCLES, POST_TYPES, VISIBILITY
from generator.i18n import messages

if TYPE_CHECKING:
    from generator.data.plain import JSONObject
    from generator.i18n.keys import Key
    from generator.problems import MessageArg

NO_RESPONSE = "_No response_"
CLEAR = "-"  # in the profile form: remove this field
TEMPLATE_DIR = ".github/ISSUE_TEMPLATE"


def _all(key: Key, sep: str, **args: MessageArg) -> str:
    """``key`` in every language at once, the default first: a form is read before anyone
    knows the reader's language."""
    return sep.join(i18n.every(key, **args))


@dataclass(frozen=True)
class Field:
    id: str  # the `new` spec name it feeds, or a form-only name (reason, consent, event …)
    key: Key  # its label in the catalogue (form.field.*)
    type: str = "input"  # input | textarea | dropdown | checkboxes
    required: bool = False
    options: tuple[tuple[str, str], ...] = ()  # (value, text shown); checkboxes: ("", text)
    help: str = ""
    placeholder: str = ""
    default: int | None = None  # dropdown: index of the preselected option

    @property
    def label(self) -> str:
        return _all(self.key, " ")


@dataclass(frozen=True)
class Form:
    name: str  # --form NAME, the template's file name and its label "form:NAME"
    kind: str  # the kind of data file it writes or edits
    key: Key  # its title in the catalogue (form.title.*)
    about: str  # Markdown shown at the top of the form
    fields: tuple[Field, ...] = field(default_factory=tuple)

    @property
    def label(self) -> str:
        return f"form:{self.name}"

    @property
    def title(self) -> str:
        return _all(self.key, " ")


def _opts(labels: dict[str, Key]) -> tuple[tuple[str, str], ...]:
    return tuple((v, f"{v} — {_all(key, ' / ')}") for v, key in labels.items())


def _about(key: Key, private: bool = False) -> str:
    """The text at the top of a form (``private``: with the note that the issue is visible)."""
    about = _all(key, "\n")
    return about + "\n\n" + _all("form.privacy", "\n") if private else about


EVENT_KINDS: dict[str, Key] = {
    "member_event": "choice.event-kind.member_event", "salon": "choice.event-kind.salon",
    "annual_gathering": "choice.event-kind.annual_gathering",
    "open_event": "choice.event-kind.open_event", "training": "choice.event-kind.training",
    "visit": "choice.event-kind.visit"}
RSVP_ACTIONS: dict[str, Key] = {"join": "choice.rsvp.join", "cancel": "choice.rsvp.cancel"}
_VIS_HELP = _all("form.help.visibility", " / ")
_CLEAR_HELP = _all("form.help.clear", " / ", clear=CLEAR)


def _contact(kind: str, label: Key, vis_label: Key, profile: bool) -> tuple[Field, ...]:
    value = Field(kind, label, help=_CLEAR_HELP if profile else "")
    if not profile:
        return (value,)
    return (value, Field(f"{kind}_visibility", vis_label, "dropdown",
                         options=_opts(VISIBILITY), help=_VIS_HELP))


MEMBER = Form("member", "member", "form.title.member", _about("form.about.member", True), (
    Field("name", "form.field.name", required=True, placeholder="张伟"),
    Field("org", "form.field.org", required=True, placeholder="分众传媒"),
    Field("title", "form.field.title"),
    Field("circle", "form.field.circle", "dropdown", True, _opts(CIRCLES), default=0),
    Field("city", "form.field.city", placeholder="深圳"),
    Field("github", "form.field.github", help=_all("form.help.github", " / ")),
    Field("tags", "form.field.tags"),
    Field("bio", "form.field.bio", "textarea"),
    *_contact("wechat", "form.field.wechat", "form.field.wechat_visibility", False),
    *_contact("phone", "form.field.phone", "form.field.phone_visibility", False),
    *_contact("email", "form.field.email", "form.field.email_visibility", False),
    Field("reason", "form.field.reason", "textarea", True),
    Field("consent", "form.field.consent", "checkboxes", True,
          (("", _all("form.consent", " / ")),)),
))

PROFILE = Form("profile", "member", "form.title.profile", _about("form.about.profile", True), (
    Field("name", "form.field.name"),
    Field("org", "form.field.org"),
    Field("display_name", "form.field.display_name", help=_CLEAR_HELP),
    Field("title", "form.field.title", help=_CLEAR_HELP),
    Field("city", "form.field.city", help=_CLEAR_HELP),
    Field("tags", "form.field.profile.tags", help=_CLEAR_HELP),
    Field("bio", "form.field.bio", "textarea", help=_CLEAR_HELP),
    *_contact("wechat", "form.field.wechat", "form.field.wechat_visibility", True),
    *_contact("phone", "form.field.phone", "form.field.phone_visibility", True),
    *_contact("email", "form.field.email", "form.field.email_visibility", True),
))

EVENT = Form("event", "event", "form.title.event", _about("form.about.event"), (
    Field("title", "form.field.event.title", required=True),
    Field("start", "form.field.start", required=True, placeholder="2026-12-05 19:30",
          help=_all("form.help.all-day", " / ")),
    Field("end", "form.field.end", placeholder="2026-12-05 21:30"),
    Field("location", "form.field.location"),
    Field("address", "form.field.address"),
    Field("kind", "form.field.kind", "dropdown", True, _opts(EVENT_KINDS), default=0),
    Field("audience", "form.field.audience", "dropdown", True, _opts(AUDIENCES), default=1),
    Field("capacity", "form.field.capacity"),
    Field("co_organizers", "form.field.co_organizers"),
    Field("description", "form.field.description", "textarea"),
))

RSVP = Form("rsvp", "event", "form.title.rsvp", _about("form.about.rsvp"), (
    Field("event", "form.field.event", required=True, placeholder="2026-03-salon"),
    Field("action", "form.field.action", "dropdown", True, _opts(RSVP_ACTIONS), default=0),
))

POST = Form("post", "post", "form.title.post", _about("form.about.post"), (
    Field("title", "form.field.post.title", required=True),
    Field("type", "form.field.type", "dropdown", True, _opts(POST_TYPES)),
    Field("city", "form.field.city"),
    Field("tags", "form.field.tags"),
    Field("expires", "form.field.expires", placeholder="2026-12-31"),
    Field("audience", "form.field.audience", "dropdown", True, _opts(AUDIENCES), default=0),
    Field("description", "form.field.post.description", "textarea"),
    Field("red_packet_amount", "form.field.red_packet_amount"),
    Field("red_packet_recipients", "form.field.red_packet_recipients"),
))

FORMS: dict[str, Form] = {f.name: f for f in (MEMBER, PROFILE, EVENT, RSVP, POST)}


# --------------------------------------------------------------------------- parsing


@dataclass(frozen=True)
class FormError:
    key: Key
    args: tuple[tuple[str, MessageArg], ...] = ()

    @classmethod
    def make(cls, key: Key, **args: MessageArg) -> FormError:
        return cls(key, tuple(sorted(args.items())))

    def render(self, lang: str) -> str:
        return messages.render(self.key, lang, dict(self.args))


HEADING = re.compile(r"^###[ \t]+(.+?)[ \t]*$")
CHECKBOX = re.compile(r"^- \[([ xX])\] (.*)$")


def sections(body: str) -> tuple[list[tuple[str, str]], bool]:
    """(heading, answer) pairs in order, and whether text came before the first heading."""
    text = body.replace("\r\n", "\n").replace("\r", "\n")
    out: list[tuple[str, list[str]]] = []
    stray = False
    for line in text.split("\n"):
        m = HEADING.match(line)
        if m:
            out.append((m.group(1), []))
        elif out:
            out[-1][1].append(line)
        elif line.strip():
            stray = True
    return [(h, "\n".join(lines).strip()) for h, lines in out], stray


def option_value(f: Field, answer: str) -> str | None:
    """The value of a dropdown answer: the option's full text or its leading value."""
    for value, text in f.options:
        if answer in (text, value) or answer.split(" ", 1)[0] == value:
            return value
    return None


def parse_body(form: Form, body: str) -> tuple[dict[str, str | None], list[FormError]]:
    """Answers by field id (None = left blank) and every problem found, in form order."""
    found, stray = sections(body)
    by_label = {f.label: f for f in form.fields}
    errors: list[FormError] = [FormError.make("form.stray-text")] if stray else []
    raw: dict[str, str] = {}
    for heading, answer in found:
        f = by_label.get(heading)
        if f is None:
            close = difflib.get_close_matches(heading, list(by_label), n=1, cutoff=0.6)
            errors.append(FormError.make("form.unknown-field", found=heading,
                                         suggestion=close[0] if close else ""))
        elif f.id in raw:
            errors.append(FormError.make("form.repeated-field", label=f.label))
        else:
            raw[f.id] = answer
    values: dict[str, str | None] = {}
    for f in form.fields:
        if f.id not in raw:
            errors.append(FormError.make("form.missing-field", label=f.label))
            continue
        answer = raw[f.id]
        if answer in ("", NO_RESPONSE, "None"):
            values[f.id] = None
            if f.required:
                errors.append(FormError.make("form.required", label=f.label))
            continue
        if f.type == "dropdown":
            value = option_value(f, answer)
            if value is None:
                errors.append(FormError.make("form.option", label=f.label, found=answer,
                                             options=" / ".join(v for v, _t in f.options)))
            values[f.id] = value
        elif f.type == "checkboxes":
            ticked = {m.group(2).strip() for line in answer.splitlines()
                      if (m := CHECKBOX.match(line.strip())) and m.group(1) in "xX"}
            for _v, text in f.options:
                if f.required and text not in ticked:
                    errors.append(FormError.make("form.unchecked", label=f.label, option=text))
            values[f.id] = "yes"
        else:
            values[f.id] = answer
    return values, errors


# --------------------------------------------------------------------------- templates


def _element(f: Field) -> JSONObject:
    attrs: JSONObject = {"label": f.label}
    if f.help:
        attrs["description"] = f.help
    if f.type == "dropdown":
        attrs["options"] = [text for _v, text in f.options]
        if f.default is not None:
            attrs["default"] = f.default
    elif f.type == "checkboxes":
        attrs["options"] = [{"label": text, "required": f.required} for _v, text in f.options]
    elif f.placeholder:
        attrs["placeholder"] = f.placeholder
    out: JSONObject = {"type": f.type, "id": f.id, "attributes": attrs}
    if f.required and f.type != "checkboxes":
        out["validations"] = {"required": True}
    return out


def template(form: Form) -> str:
    """The issue form's YAML text (``.github/ISSUE_TEMPLATE/<name>.yml``), deterministic."""
    doc = {
        "name": form.title,
        "description": _all(form.key, " / "),
        "title": f"[{i18n.text(i18n.LANGS[0], form.key)}] ",
        "labels": [form.label],
        "body": [{"type": "markdown", "attributes": {"value": form.about + "\n"}}]
                + [_element(f) for f in form.fields],
    }
    head = "".join(f"# {line}\n" for line in i18n.every("form.generated"))
    return head + yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=100)


def render_body(form: Form, answers: dict[str, str]) -> str:
    """The body GitHub would render for these answers (blank ones: ``_No response_``);
    for tests and for previewing a form."""
    parts = []
    for f in form.fields:
        value = answers.get(f.id) or NO_RESPONSE
        if f.type == "checkboxes" and answers.get(f.id):
            value = "\n".join(f"- [X] {text}" for _v, text in f.options)
        parts.append(f"### {f.label}\n\n{value}")
    return "\n\n".join(parts) + "\n"
