"""What ``new`` asks for, per kind: one Spec per answer, in the model's order.

A spec knows its label (a catalogue key, ``field.*``), how to parse and check an answer, its
default (computed from the charter and the community, never from the clock: ``today`` is the
``--today`` date; never for a fact only the author knows, such as a red packet), when it
applies (a red packet only for ads) and where the value goes in the record. The same specs
drive the interactive prompts and the command-line flags, so the two can never disagree.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, TypeAlias, get_args

from generator import i18n
from generator.core.ledger import dues_amount
from generator.data import registry
from generator.data.kinds import (
    AUDIENCES,
    CIRCLES,
    DEFAULT_KINDS,
    POST_TYPES,
    STATUSES,
    VISIBILITY,
    field_word,
)

if TYPE_CHECKING:
    from generator.admin.prompts import Ctx
    from generator.data.charter_models import Charter
    from generator.data.plain import PlainMap
    from generator.i18n.keys import Key

Value = str | int | float | bool | dt.date | list[str]
"""A parsed answer: text, a number, yes/no, a date or date-time, or a list (ids, words)."""
Values = dict[str, Value | None]  # None: an optional question left blank
Default: TypeAlias = "Callable[[Ctx, Values], Value | None]"
"""A spec's default, from the context and the answers so far (None: no default)."""


@dataclass(frozen=True)
class Spec:
    name: str  # flag --name-with-hyphens and key in the answers
    path: tuple[str, ...]  # where the value goes in the record
    key: Key  # its label in the catalogue
    type: str = "text"  # text date when int number choice bool member members list github
    #                     phone email (generator/core/typed.py)
    required: bool = False
    choices: tuple[str, ...] = ()
    default: Default | None = None
    when: Callable[[Values], bool] | None = None
    ask: bool = True  # False: flag only, never prompted
    check: str = ""  # extra member check: sponsor, admin, owner
    minimum: float | None = None
    labels: dict[str, Key] = field(default_factory=dict)  # choice → its label's key
    family: str = ""  # choices: the charter's list of that name (media_kinds, post_types …)
    rule: str = ""  # asked and accepted only when the charter has this rule (R3)

    @property
    def flag(self) -> str:
        return "--" + self.name.replace("_", "-")

    def label(self, lang: str, charter: Charter | None = None) -> str:
        """The question's label: the charter's word for the field (kinds.field_word), else
        the catalogue's."""
        return field_word(charter, self.name, lang) or i18n.text(lang, self.key)

    def applies(self, values: Values) -> bool:
        return self.when is None or self.when(values)


def _today(ctx: Ctx, _v: Values) -> dt.date:
    return ctx.today


def _common_city(ctx: Ctx, _v: Values) -> str | None:
    """The city most members name (ties: alphabetical), so a Shenzhen club defaults to 深圳."""
    cities = Counter(m.city for m in ctx.community().members.values() if m.city)
    best = sorted(cities.items(), key=lambda kv: (-kv[1], kv[0]))
    return best[0][0] if best else None


def _const(value: Value) -> Default:
    return lambda _ctx, _v: value


def _is(name: str, *wanted: Value) -> Callable[[Values], bool]:
    return lambda v: v.get(name) in wanted


def _given(name: str) -> Callable[[Values], bool]:
    return lambda v: v.get(name) not in (None, "", [])


# choice → the catalogue key of its label (also the issue forms' options)



def _dues_amount(ctx: Ctx, _v: Values) -> float:
    return dues_amount(ctx.charter)


def _first_member(ctx: Ctx, _v: Values) -> bool:
    """The first member of a new club is a founder (nobody could sponsor them)."""
    return not ctx.community().members


def _status(ctx: Ctx, v: Values) -> str:
    """A candidate, unless this is a founder: the club's first member (asked before the
    founder question, which the model's order puts later) or one already said to be."""
    return "active" if v.get("founder") or _first_member(ctx, v) else "candidate"


def _founding_paid(_ctx: Ctx, v: Values) -> dt.date | None:
    """A founder's dues are paid on founding (their joining day) unless told otherwise."""
    joined = v.get("joined")
    return joined if v.get("founder") and isinstance(joined, dt.date) else None


def _joined_year(_ctx: Ctx, v: Values) -> int | None:
    joined = v.get("joined")
    return joined.year if isinstance(joined, dt.date) else None


def _first_kind(family: str) -> Default:
    return lambda ctx, _v: ctx.charter.kinds(family)[0]


# What ``new`` adds to a field's declaration (generator/data/models.py: which fields it asks
# for, in which order, with which label and type, is the registry's): defaults, when a
# question applies, the member checks, and the choices of the charter's lists.
_ad = _is("type", "ad")
ASKING: dict[tuple[str, str], Callable[[Spec], Spec]] = {
    ("member", "display_name"): lambda s: replace(s, ask=False),
    ("member", "circle"): lambda s: replace(s, default=_const("inner"), labels=CIRCLES),
    ("member", "status"): lambda s: replace(s, choices=tuple(STATUSES),
                                            default=_status, labels=STATUSES),
    ("member", "joined"): lambda s: replace(s, default=_today),
    ("member", "founder"): lambda s: replace(s, default=_first_member),
    ("member", "sponsor"): lambda s: replace(s, check="sponsor",
                                             when=lambda v: not v.get("founder")),
    ("member", "approved_by"): lambda s: replace(
        s, check="admin",
        when=lambda v: v.get("status") == "active" and not v.get("founder")),
    ("member", "github_id"): lambda s: replace(s, ask=False, minimum=1),
    ("member", "city"): lambda s: replace(s, default=_common_city),
    ("event", "kind"): lambda s: replace(s, choices=DEFAULT_KINDS["event_kinds"],
                                         default=_first_kind("event_kinds"),
                                         family="event_kinds"),
    ("event", "audience"): lambda s: replace(s, default=_const("members"),
                                             labels=AUDIENCES),
    ("event", "capacity"): lambda s: replace(s, minimum=1),
    ("event", "organizers"): lambda s: replace(s, check="owner"),
    ("event", "rsvp"): lambda s: replace(s, ask=False),
    ("media", "owner"): lambda s: replace(s, check="owner"),
    ("media", "kind"): lambda s: replace(s, choices=DEFAULT_KINDS["media_kinds"],
                                         family="media_kinds"),
    ("media", "city"): lambda s: replace(s, default=_common_city),
    ("media", "audience"): lambda s: replace(s, default=_const("public"),
                                             labels=AUDIENCES),
    ("media", "updated"): lambda s: replace(s, default=_today, ask=False),
    ("client", "owner"): lambda s: replace(s, check="owner"),
    ("client", "city"): lambda s: replace(s, default=_common_city),
    ("client", "since"): lambda s: replace(s, default=_today),
    ("post", "type"): lambda s: replace(s, choices=tuple(POST_TYPES), labels=POST_TYPES,
                                        family="post_types"),
    ("post", "owner"): lambda s: replace(s, check="owner"),
    ("post", "posted"): lambda s: replace(s, default=_today),
    ("post", "audience"): lambda s: replace(s, default=_const("public"),
                                            labels=AUDIENCES),
    ("post", "city"): lambda s: replace(s, default=_common_city),
}


def _contact(kind: str, vis: str) -> list[Spec]:
    return [
        Spec(kind, ("contact", kind, "value"), i18n.dynamic("field.", kind),
             kind if kind in ("phone", "email") else "text"),
        Spec(f"{kind}_visibility", ("contact", kind, "visibility"),
             i18n.dynamic("field.", f"{kind}_visibility"), "choice",
             choices=tuple(VISIBILITY), labels=VISIBILITY, default=_const(vis),
             when=_given(kind)),
    ]


# The questions a structured field takes (its parts, each with its own label).
PARTS: dict[tuple[str, str], list[Spec]] = {
    ("member", "dues"): [
        Spec("dues_paid", ("dues", "0", "paid"), "field.dues_paid", "date",
             default=_founding_paid,
             when=lambda v: v.get("status") == "active" and v.get("circle") == "inner"),
        Spec("dues_amount", ("dues", "0", "amount"), "field.dues_amount", "number",
             default=_dues_amount, when=_given("dues_paid"), minimum=0),
        Spec("dues_year", ("dues", "0", "year"), "field.dues_year", "int",
             default=_joined_year, when=_given("dues_paid"), ask=False),
    ],
    ("member", "contact"): [*_contact("wechat", "members"), *_contact("phone", "private"),
                            *_contact("email", "members")],
    ("event", "location"): [
        Spec("location", ("location", "name"), "field.location"),
        Spec("address", ("location", "address"), "field.address", when=_given("location")),
        Spec("location_city", ("location", "city"), "field.location_city",
             default=_common_city, when=_given("location")),
    ],
    ("event", "recurrence"): [Spec("rrule", ("recurrence", "rrule"), "field.rrule", ask=False)],
    ("media", "price"): [
        Spec("price_min", ("price", "min"), "field.price_min", "number", minimum=0),
        Spec("price_max", ("price", "max"), "field.price_max", "number", minimum=0,
             when=_given("price_min")),
        Spec("price_unit", ("price", "unit"), "field.price_unit", when=_given("price_min")),
    ],
    # R3: what the author sent, never a default — a blank red packet stays blank and the
    # ad fails R3 with the rule's message (the tool must not invent compliance)
    ("post", "red_packet"): [
        Spec("red_packet_amount", ("red_packet", "amount"), "field.red_packet_amount", "number",
             minimum=0, when=_ad, rule="R3"),
        Spec("red_packet_recipients", ("red_packet", "recipients"),
             "field.red_packet_recipients", "int", minimum=1, when=_ad, rule="R3"),
        Spec("red_packet_sent", ("red_packet", "sent"), "field.red_packet_sent", "date",
             when=_ad, rule="R3"),
    ],
}


def _choices(kind: str, name: str) -> tuple[str, ...]:
    """The values a Literal field allows (its model's annotation)."""
    info = registry.model(kind).model_fields[name]
    return tuple(str(a) for a in get_args(info.annotation) if isinstance(a, str))


def build_specs(kind: str) -> list[Spec]:
    """``kind``'s questions: every field the registry offers ``new``, in the model's order,
    as declared (label ``field.<kind>.<name>``, else ``field.<name>``; the widget's type;
    required when the model or the declaration requires it), with what ``new`` adds
    (ASKING) or its parts (PARTS)."""
    out: list[Spec] = []
    for e in registry.offered(kind, "new"):
        parts = PARTS.get((kind, e.name))
        out += parts if parts is not None else [spec_for(e)]
    return out


def spec_for(e: registry.Entry) -> Spec:
    """The question for one plain field, as declared: what parses and checks its answer
    wherever it is typed (``new``, an issue form)."""
    widget = e.meta.widget
    spec = Spec(e.name, (e.name,),
                i18n.dynamic("field.", f"{e.kind}.{e.name}", optional=True)
                or i18n.dynamic("field.", e.name),
                "text" if widget == "textarea" else widget, e.needed("new"),
                _choices(e.kind, e.name) if widget == "choice" else ())
    adjust = ASKING.get((e.kind, e.name))
    return adjust(spec) if adjust else spec


SPECS: dict[str, list[Spec]] = {kind: build_specs(kind)
                                for kind in ("member", "event", "media", "client", "post")}
KIND_LABELS: dict[str, Key] = {"member": "new.kind.member", "event": "new.kind.event",
                               "media": "new.kind.media", "client": "new.kind.client",
                               "post": "new.kind.post"}


def specs_for(charter: Charter, kind: str) -> list[Spec]:
    """``kind``'s specs for this club: choices from the charter's lists, without the fields
    of rules the charter switches off (no red-packet questions without R3)."""
    out = []
    for spec in SPECS[kind]:
        if spec.rule and not charter.rule_on(spec.rule):
            continue
        if not spec.family:
            out.append(spec)
            continue
        # a label that names a rule the club does not have is left out ("ad (R3)")
        labels = {c: k for c, k in spec.labels.items() if c != "ad" or charter.rule_on("R3")}
        out.append(replace(spec, choices=charter.kinds(spec.family), labels=labels))
    return out


def all_flags() -> dict[str, list[tuple[str, Spec]]]:
    """flag name → [(kind, spec)], for registering every flag once on the parser."""
    out: dict[str, list[tuple[str, Spec]]] = {}
    for kind, specs in SPECS.items():
        for s in specs:
            out.setdefault(s.name, []).append((kind, s))
    return out


def assemble(kind: str, values: Values) -> PlainMap:
    """Put the answers where they belong in the record (``("dues", "0", "paid")`` is the
    first entry of the ``dues`` list). A location with only a name stays a plain string."""
    data: PlainMap = {}
    for s in SPECS[kind]:
        v = values.get(s.name)
        if v is None or v == [] or (s.type == "bool" and v is False) or not s.applies(values):
            continue  # a yes/no field's "no" is the model's default: left out
        cur: PlainMap | list[PlainMap] = data
        for i, key in enumerate(s.path[:-1]):
            nxt_is_list = s.path[i + 1].isdigit()
            if isinstance(cur, list):  # made for this key, an index ("0")
                idx = int(key)
                while len(cur) <= idx:
                    cur.append({})
                cur = cur[idx]
            else:
                nxt = cur.setdefault(key, [] if nxt_is_list else {})
                if not isinstance(nxt, (dict, list)):  # pragma: no cover - the paths agree
                    raise TypeError(f"{s.name}: {key} is already a value")
                cur = nxt
        if isinstance(cur, list):  # pragma: no cover - no path ends in an index
            raise TypeError(f"{s.name}: the path ends in a list")
        cur[s.path[-1]] = v
    loc = data.get("location")
    if isinstance(loc, dict) and set(loc) == {"name"}:
        data["location"] = loc["name"]
    return data
