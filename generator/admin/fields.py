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
from typing import TYPE_CHECKING, TypeAlias

from generator import i18n
from generator.core.ledger import dues_amount
from generator.data.kinds import DEFAULT_KINDS

if TYPE_CHECKING:
    from generator.admin.prompts import Ctx
    from generator.data.models import Charter
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

    def label(self, lang: str) -> str:
        return i18n.text(lang, self.key)

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
CIRCLES: dict[str, Key] = {"inner": "choice.circle.inner", "outer": "choice.circle.outer"}
STATUSES: dict[str, Key] = {"candidate": "choice.status.candidate",
                            "active": "choice.status.active", "alumni": "choice.status.alumni",
                            "suspended": "choice.status.suspended"}
VISIBILITY: dict[str, Key] = {"public": "choice.visibility.public",
                              "members": "choice.visibility.members",
                              "private": "choice.visibility.private"}
AUDIENCES: dict[str, Key] = {"public": "choice.audience.public",
                             "members": "choice.audience.members"}
POST_TYPES: dict[str, Key] = {"offer": "choice.post-type.offer", "need": "choice.post-type.need",
                              "ad": "choice.post-type.ad"}


def _contact(kind: str, label: Key, vis_label: Key, vis: str) -> list[Spec]:
    return [
        Spec(kind, ("contact", kind, "value"), label,
             kind if kind in ("phone", "email") else "text"),
        Spec(f"{kind}_visibility", ("contact", kind, "visibility"), vis_label, "choice",
             choices=tuple(VISIBILITY), labels=VISIBILITY, default=_const(vis),
             when=_given(kind)),
    ]


def _dues_amount(ctx: Ctx, _v: Values) -> float:
    return dues_amount(ctx.charter)


def _joined_year(_ctx: Ctx, v: Values) -> int | None:
    joined = v.get("joined")
    return joined.year if isinstance(joined, dt.date) else None


MEMBER = [
    Spec("name", ("name",), "field.name", required=True),
    Spec("org", ("org",), "field.org", required=True),
    Spec("display_name", ("display_name",), "field.display_name", ask=False),
    Spec("title", ("title",), "field.member.title"),
    Spec("circle", ("circle",), "field.circle", "choice", True, tuple(CIRCLES),
         _const("inner"), labels=CIRCLES),
    Spec("status", ("status",), "field.status", "choice", True, tuple(STATUSES),
         _const("candidate"), labels=STATUSES),
    Spec("joined", ("joined",), "field.joined", "date", True, default=_today),
    Spec("founder", ("founder",), "field.founder", "bool", ask=False),
    Spec("sponsor", ("sponsor",), "field.sponsor",
         "member", True, check="sponsor", when=lambda v: not v.get("founder")),
    Spec("approved_by", ("approved_by",), "field.approved_by", "members", True, check="admin",
         when=lambda v: v.get("status") == "active" and not v.get("founder")),
    Spec("dues_paid", ("dues", "0", "paid"), "field.dues_paid", "date",
         when=lambda v: v.get("status") == "active" and v.get("circle") == "inner"),
    Spec("dues_amount", ("dues", "0", "amount"), "field.dues_amount", "number",
         default=_dues_amount, when=_given("dues_paid"), minimum=0),
    Spec("dues_year", ("dues", "0", "year"), "field.dues_year", "int",
         default=_joined_year, when=_given("dues_paid"), ask=False),
    Spec("github", ("github",), "field.github", "github"),
    Spec("github_id", ("github_id",), "field.github_id", "int", ask=False, minimum=1),
    Spec("city", ("city",), "field.city", default=_common_city),
    Spec("tags", ("tags",), "field.tags", "list"),
    Spec("bio", ("bio",), "field.bio"),
    *_contact("wechat", "field.wechat", "field.wechat_visibility", "members"),
    *_contact("phone", "field.phone", "field.phone_visibility", "private"),
    *_contact("email", "field.email", "field.email_visibility", "members"),
]

EVENT = [
    Spec("title", ("title",), "field.event.title", required=True),
    Spec("start", ("start",), "field.start", "when", True),
    Spec("end", ("end",), "field.end", "when"),
    Spec("location", ("location", "name"), "field.location"),
    Spec("address", ("location", "address"), "field.address", when=_given("location")),
    Spec("location_city", ("location", "city"), "field.location_city",
         default=_common_city, when=_given("location")),
    Spec("kind", ("kind",), "field.event.kind", "choice", True,
         DEFAULT_KINDS["event_kinds"], lambda ctx, _v: ctx.charter.kinds("event_kinds")[0],
         family="event_kinds"),
    Spec("audience", ("audience",), "field.audience", "choice", True, tuple(AUDIENCES),
         _const("members"), labels=AUDIENCES),
    Spec("capacity", ("capacity",), "field.capacity", "int", minimum=1),
    Spec("organizers", ("organizers",), "field.organizers", "members", check="owner"),
    Spec("rsvp", ("rsvp",), "field.rsvp", "members", ask=False),
    Spec("description", ("description",), "field.event.description"),
    Spec("rrule", ("recurrence", "rrule"), "field.rrule", ask=False),
]

MEDIA = [
    Spec("title", ("title",), "field.media.title", required=True),
    Spec("owner", ("owner",), "field.media.owner", "member", True, check="owner"),
    Spec("kind", ("kind",), "field.media.kind", "choice", True, DEFAULT_KINDS["media_kinds"],
         family="media_kinds"),
    Spec("city", ("city",), "field.city", required=True, default=_common_city),
    Spec("locations", ("locations",), "field.locations", "list"),
    Spec("price_min", ("price", "min"), "field.price_min", "number", minimum=0),
    Spec("price_max", ("price", "max"), "field.price_max", "number", minimum=0,
         when=_given("price_min")),
    Spec("price_unit", ("price", "unit"), "field.price_unit", when=_given("price_min")),
    Spec("availability", ("availability",), "field.availability"),
    Spec("audience", ("audience",), "field.audience", "choice", True, tuple(AUDIENCES),
         _const("public"), labels=AUDIENCES),
    Spec("tags", ("tags",), "field.tags", "list"),
    Spec("description", ("description",), "field.media.description"),
    Spec("updated", ("updated",), "field.updated", "date", default=_today, ask=False),
]

CLIENT = [
    Spec("brand", ("brand",), "field.brand", required=True),
    Spec("owner", ("owner",), "field.client.owner", "member", True, check="owner"),
    Spec("industry", ("industry",), "field.industry", required=True),
    Spec("need", ("need",), "field.need", required=True),
    Spec("city", ("city",), "field.city", default=_common_city),
    Spec("budget", ("budget",), "field.budget"),
    Spec("since", ("since",), "field.since", "date", default=_today),
    Spec("tags", ("tags",), "field.tags", "list"),
    Spec("notes", ("notes",), "field.notes"),
]

_ad = _is("type", "ad")

POST = [
    Spec("title", ("title",), "field.post.title", required=True),
    Spec("type", ("type",), "field.type", "choice", True, tuple(POST_TYPES), labels=POST_TYPES,
         family="post_types"),
    Spec("owner", ("owner",), "field.post.owner", "member", True, check="owner"),
    Spec("posted", ("posted",), "field.posted", "date", True, default=_today),
    Spec("expires", ("expires",), "field.expires", "date"),
    Spec("audience", ("audience",), "field.audience", "choice", True, tuple(AUDIENCES),
         _const("public"), labels=AUDIENCES),
    Spec("city", ("city",), "field.city", default=_common_city),
    Spec("tags", ("tags",), "field.tags", "list"),
    Spec("description", ("description",), "field.post.description"),
    # R3: what the author sent, never a default — a blank red packet stays blank and the
    # ad fails R3 with the rule's message (the tool must not invent compliance)
    Spec("red_packet_amount", ("red_packet", "amount"), "field.red_packet_amount", "number",
         minimum=0, when=_ad, rule="R3"),
    Spec("red_packet_recipients", ("red_packet", "recipients"), "field.red_packet_recipients",
         "int", minimum=1, when=_ad, rule="R3"),
    Spec("red_packet_sent", ("red_packet", "sent"), "field.red_packet_sent", "date",
         when=_ad, rule="R3"),
]

SPECS: dict[str, list[Spec]] = {"member": MEMBER, "event": EVENT, "media": MEDIA,
                                "client": CLIENT, "post": POST}
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
        if v is None or v == [] or not s.applies(values):
            continue
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
