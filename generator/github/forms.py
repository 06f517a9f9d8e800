"""Issue forms for members who don't edit YAML: their definitions, templates and strict parser.

One definition per form drives both sides, so they cannot drift apart:

* ``template(form)`` writes ``.github/ISSUE_TEMPLATE/<name>.yml`` (every catalogue language
  at once, the charter's language first, as GitHub shows it to the person filling it in; the
  texts are the catalogue's ``form.*`` keys);
* ``parse_body(form, text)`` reads the issue body GitHub renders from a submitted form —
  ``### <label>`` then the answer, ``_No response_`` for a blank one — and refuses anything
  it does not expect: an unknown or repeated heading, a missing one, a blank required answer,
  an option that is not offered, an unticked required box. Each refusal names the field by
  the label the person saw.

Field ids are the names ``python -m generator new`` uses (``generator/admin/fields.py``), so
answers are parsed and checked by the same code as its flags.

The forms follow the charter (:func:`for_charter`): its language first, its event kinds and
post types as the options, and no red-packet fields or text when it has no rule R3.
:data:`FORMS` are the forms of a charter with the defaults (the sample's).
"""

from __future__ import annotations

import difflib
import functools
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, cast

import yaml

from generator import i18n
from generator.data import kinds, registry
from generator.data.kinds import AUDIENCES, CIRCLES, POST_TYPES, VISIBILITY
from generator.i18n import messages

if TYPE_CHECKING:
    from generator.data.charter_models import Charter
    from generator.data.meta import Channel
    from generator.data.plain import JSONObject
    from generator.i18n.keys import Key
    from generator.problems import MessageArg

NO_RESPONSE = "_No response_"
CLEAR = "-"  # in the profile form: remove this field
TEMPLATE_DIR = ".github/ISSUE_TEMPLATE"


def _all(key: Key, sep: str, langs: tuple[str, ...] = i18n.LANGS, **args: MessageArg) -> str:
    """``key`` in every language at once, the charter's first: a form is read before anyone
    knows the reader's language."""
    return sep.join(i18n.text(lang, key, **args) for lang in langs)


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
    langs: tuple[str, ...] = i18n.LANGS  # the label's languages, in order
    word: str | None = None  # the charter's word for it (kinds.field_word), else the key's

    @property
    def label(self) -> str:
        return self.word or _all(self.key, " ", self.langs)


@dataclass(frozen=True)
class Form:
    name: str  # --form NAME, the template's file name and its label "form:NAME"
    kind: str  # the kind of data file it writes or edits
    key: Key  # its title in the catalogue (form.title.*)
    about: str  # Markdown shown at the top of the form
    fields: tuple[Field, ...] = field(default_factory=tuple)
    langs: tuple[str, ...] = i18n.LANGS

    @property
    def label(self) -> str:
        return f"form:{self.name}"

    @property
    def title(self) -> str:
        return _all(self.key, " ", self.langs)


EVENT_KINDS: dict[str, Key] = {
    "member_event": "choice.event-kind.member_event", "salon": "choice.event-kind.salon",
    "annual_gathering": "choice.event-kind.annual_gathering",
    "open_event": "choice.event-kind.open_event", "training": "choice.event-kind.training",
    "visit": "choice.event-kind.visit"}
RSVP_ACTIONS: dict[str, Key] = {"join": "choice.rsvp.join", "cancel": "choice.rsvp.cancel"}


FORM_KINDS: dict[str, str] = {"member": "member", "profile": "member", "event": "event",
                              "post": "post"}
"""The forms that write a record's fields, and the kind of record: which fields each offers
is the registry's (``form:<name>`` in a field's Meta, generator/data/models.py)."""
FORM_DEFAULTS: dict[tuple[str, str], str] = {("member", "circle"): "inner"}
"""A dropdown's preselected value where the model has no default of its own."""
PLACEHOLDERS: dict[tuple[str, str], str] = {
    ("event", "start"): "2026-12-05 19:30", ("event", "end"): "2026-12-05 21:30",
    ("post", "expires"): "2026-12-31"}


def make_forms(langs: tuple[str, ...] = i18n.LANGS, charter: Charter | None = None,
               ) -> dict[str, Form]:
    """The forms, their texts in ``langs`` (in that order), following ``charter`` (None:
    the defaults) for the event kinds, the post types and whether ads need a red packet.
    The fields of the member, profile, event and post forms are those the registry offers
    them, in the model's order."""
    red_packet = charter is None or charter.rule_on("R3")

    def every(key: Key, sep: str, **args: MessageArg) -> str:
        return _all(key, sep, langs, **args)

    def opts(labels: dict[str, Key]) -> tuple[tuple[str, str], ...]:
        return tuple((v, f"{v} — {every(key, ' / ')}") for v, key in labels.items())

    def kind_opts(family: str, labels: dict[str, Key]) -> tuple[tuple[str, str], ...]:
        """The charter's list ``family``: a value the catalogue names (and whose text is
        right for this club: "ad (needs a red packet)" only with R3) in every language,
        otherwise as the charter or the value's words name it."""
        if charter is None:
            return opts(labels)
        known = {v: k for v, k in labels.items() if red_packet or v != "ad"}
        return tuple((v, f"{v} — {every(known[v], ' / ')}") if v in known
                     else (v, f"{v} — {kinds.label(charter, family, v, langs[0], None)}")
                     for v in charter.kinds(family))

    def about(key: Key, private: bool = False) -> str:
        """The text at the top of a form (``private``: with the note that the issue is
        visible)."""
        text = every(key, "\n")
        return text + "\n\n" + every("form.privacy", "\n") if private else text

    f = functools.partial(Field, langs=langs)

    # sample answers on the member form, read in Chinese first (a name, an outlet, a city)
    example = {"name": "张伟", "org": "分众传媒", "city": "深圳"} if langs[0] == "zh" else {}
    vis_help = every("form.help.visibility", " / ")
    clear_help = every("form.help.clear", " / ", clear=CLEAR)
    named = kinds.charter_words(charter, langs[0]) if charter is not None else {}

    def circle(v: str, key: Key) -> tuple[str, str]:
        """A circle as the charter names it, or the catalogue's bilingual label where that
        already says the charter's name (the sample: submitted issues keep parsing)."""
        name = named.get(f"{v}_circle")
        if name is None or name in _all(key, " / ", langs):
            return (v, f"{v} — {every(key, ' / ')}")
        return (v, f"{v} — {name}")

    circles = tuple(circle(v, key) for v, key in CIRCLES.items())
    choices: dict[tuple[str, str], tuple[tuple[str, str], ...]] = {
        ("member", "circle"): circles, ("event", "audience"): opts(AUDIENCES),
        ("post", "audience"): opts(AUDIENCES),
        ("event", "kind"): kind_opts("event_kinds", EVENT_KINDS),
        ("post", "type"): kind_opts("post_types", POST_TYPES)}

    def plain(form: str, e: registry.Entry) -> Field:
        """A field the registry offers this form, as it declares it."""
        change = form == "profile"  # a change: nothing required, a blank clears
        kind = FORM_KINDS[form]
        label = (i18n.dynamic("form.field.", f"{form}.{e.name}", optional=True)
                 or i18n.dynamic("form.field.", e.name))
        help_text = (every(i18n.dynamic("form.help.", e.meta.help), " / ") if e.meta.help
                     else clear_help if change and not e.required else "")
        if e.meta.widget == "choice":
            options = choices[(kind, e.name)]
            values = [v for v, _t in options]
            want = FORM_DEFAULTS.get((form, e.name), registry.default(kind, e.name))
            return f(e.name, label, "dropdown", not change, options, help_text,
                     default=values.index(want) if want in values else None)
        return f(e.name, label, "textarea" if e.meta.widget == "textarea" else "input",
                 e.required and not change, help=help_text,
                 placeholder=PLACEHOLDERS.get((form, e.name))
                 or (example.get(e.name, "") if form == "member" else ""),
                 word=kinds.field_word(charter, e.name, langs[0]))

    def composite(form: str, e: registry.Entry) -> tuple[Field, ...]:
        """The answers a structured field takes on a form."""
        if e.name == "contact":  # one answer per way of contact (+ who sees it, on a change)
            out: list[Field] = []
            for way in (p.name for p in registry.parts("member", "contact")
                        if f"form:{form}" in p.meta.offer):
                label = i18n.dynamic("form.field.", way)
                if form != "profile":
                    out.append(f(way, label))
                    continue
                out += [f(way, label, help=clear_help),
                        f(f"{way}_visibility", i18n.dynamic("form.field.", f"{way}_visibility"),
                          "dropdown", options=opts(VISIBILITY), help=vis_help)]
            return tuple(out)
        if e.name == "location":  # a place's name and address
            return (f("location", "form.field.location"), f("address", "form.field.address"))
        if e.name == "organizers":  # the author organises; others may join them
            return (f("co_organizers", "form.field.co_organizers"),)
        if e.name == "red_packet":  # R3: only where the charter has the rule
            return (f("red_packet_amount", "form.field.red_packet_amount"),
                    f("red_packet_recipients", "form.field.red_packet_recipients"),
                    ) if red_packet else ()
        return (plain(form, e),)

    def answers(form: str) -> tuple[Field, ...]:
        channel = cast("Channel", f"form:{form}")
        return tuple(x for e in registry.offered(FORM_KINDS[form], channel)
                     for x in composite(form, e))

    member = Form("member", "member", "form.title.member", about("form.about.member", True), (
        *answers("member"),
        f("reason", "form.field.reason", "textarea", True),
        f("consent", "form.field.consent", "checkboxes", True,
          (("", every("form.consent", " / ")),)),
    ), langs)

    profile = Form("profile", "member", "form.title.profile", about("form.about.profile", True),
                   answers("profile"), langs)

    event = Form("event", "event", "form.title.event", about("form.about.event"),
                 answers("event"), langs)

    rsvp = Form("rsvp", "event", "form.title.rsvp", about("form.about.rsvp"), (
        f("event", "form.field.event", required=True, placeholder="2026-03-salon"),
        f("action", "form.field.action", "dropdown", True, opts(RSVP_ACTIONS), default=0),
    ), langs)

    post = Form("post", "post", "form.title.post",
                about("form.about.post" if red_packet else "form.about.post.plain"),
                answers("post"), langs)

    return {fm.name: fm for fm in (member, profile, event, rsvp, post)}


def for_charter(charter: Charter) -> dict[str, Form]:
    """The forms of the club whose charter this is: its language first."""
    lang = str(charter.language)
    return make_forms((lang, *(x for x in i18n.LANGS if x != lang)), charter)


FORMS: dict[str, Form] = make_forms()
MEMBER, PROFILE, EVENT, RSVP, POST = (FORMS[n] for n in ("member", "profile", "event", "rsvp",
                                                        "post"))


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
        "description": _all(form.key, " / ", form.langs),
        "title": f"[{i18n.text(form.langs[0], form.key)}] ",
        "labels": [form.label],
        "body": [{"type": "markdown", "attributes": {"value": form.about + "\n"}}]
                + [_element(f) for f in form.fields],
    }
    head = "".join(f"# {i18n.text(lang, 'form.generated')}\n" for lang in form.langs)
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
