"""The field registry: every field of a record kind, with its declaration, for every stage.

The declarations are the models' (``generator/data/models.py``: each field's
``Annotated[..., Meta(...)]``, :mod:`generator.data.meta`); this module only reads them, in
the model's order, so that everything else asks one place:

* :func:`fields` / :func:`entry` — a kind's fields and one field's declaration;
* :func:`visible` — whether an edition may show a field (``data/editions.py``);
* :func:`editable_by` — the fields a role may change (``checks/judge.py``);
* :func:`offered` — what ``new``, an issue form or a request form offers
  (``admin/fields.py``, ``github/forms.py``, ``commands/from_issue.py``; the site's request
  page: :func:`request_forms`);
* :func:`vcard_map`, :func:`api_names` — how the exports name a field
  (``exports/vcard.py``, ``exports/api.py``);
* :func:`schema_extra` — what the JSON Schema carries (``x-courtyard``, ``data/schema.py``).

The registry is read from ``models.KINDS`` at each call (cached per model class), so a test
can put a model with one more field in its place.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, get_args

from pydantic import BaseModel

from generator.data import models
from generator.data.meta import DEFAULT, Channel, Meta, Role

if TYPE_CHECKING:
    from generator.data.plain import JSONObject

REQUEST_FORMS: dict[str, tuple[str, Channel]] = {
    "profile": ("member", "request:profile"),
    "join": ("member", "request:join"),
    "post": ("post", "request:post"),
}
"""The site's request form (request.js): its kinds of request, each the kind of record it
changes and its channel."""


@dataclass(frozen=True)
class Entry:
    """One field of one kind: its name, its declaration and what the model says of it."""

    kind: str
    name: str
    meta: Meta
    required: bool  # the model has no default for it

    def needed(self, channel: Channel) -> bool:
        """Whether ``channel`` needs an answer: the model requires one, or the declaration
        (``required_on``)."""
        return self.required or channel in self.meta.required_on

    @property
    def api(self) -> str | None:
        """Its name in the JSON API (None: not there)."""
        return None if self.meta.api is None else self.meta.api or self.name


def model(kind: str) -> type[BaseModel]:
    """The model of ``kind`` (``member``, ``event``, ``post`` …) as ``models.KINDS`` has it."""
    return models.KINDS[kind][1]


@functools.cache
def _entries(kind: str, cls: type[BaseModel]) -> tuple[Entry, ...]:
    out = []
    for name, info in cls.model_fields.items():
        meta = next((m for m in reversed(info.metadata) if isinstance(m, Meta)), DEFAULT)
        out.append(Entry(kind, name, meta, info.is_required()))
    return tuple(out)


def fields(kind: str) -> tuple[Entry, ...]:
    """Every field of ``kind``, in the model's order."""
    return _entries(kind, model(kind))


def parts(kind: str, name: str) -> tuple[Entry, ...]:
    """The fields of the record nested in field ``name`` (``contact`` → wechat, phone, email),
    each with its own declaration; () for a plain field."""
    info = model(kind).model_fields[name]
    nested = [a for a in (info.annotation, *get_args(info.annotation))
              if isinstance(a, type) and issubclass(a, BaseModel)]
    return _entries(kind, nested[0]) if nested else ()


def entry(kind: str, name: str) -> Entry | None:
    """The field ``name`` of ``kind``, or None when the model has no such field."""
    return next((e for e in fields(kind) if e.name == name), None)


def default(kind: str, name: str) -> object:
    """The value a record of ``kind`` has when its file leaves ``name`` out (None when the
    field is required or unknown)."""
    info = model(kind).model_fields.get(name)
    if info is None or info.is_required():
        return None
    return info.get_default(call_default_factory=True)


def visible(kind: str, name: str, edition: str) -> bool:
    """Whether ``edition`` (public, members) may show the field: ``public`` fields in both,
    ``members`` fields in the members edition, ``private`` ones in neither."""
    e = entry(kind, name)
    vis = e.meta.visibility if e is not None else DEFAULT.visibility
    return vis == "public" or (vis == "members" and edition == "members")


def hidden_in(kind: str, edition: str) -> tuple[str, ...]:
    """The fields ``edition`` may not show, apart from the private ones nothing prints
    (``editions.public_view`` clears these)."""
    return tuple(e.name for e in fields(kind)
                 if e.meta.visibility == "members" and edition != "members")


def editable_by(kind: str, role: Role) -> tuple[str, ...]:
    """The fields of ``kind`` that ``role`` may change."""
    return tuple(e.name for e in fields(kind) if role in e.meta.changed_by)


def not_editable_by(kind: str, role: Role) -> tuple[str, ...]:
    """The fields of ``kind`` that ``role`` may not change (a member's: the admins' fields)."""
    return tuple(e.name for e in fields(kind) if role not in e.meta.changed_by)


def offered(kind: str, channel: Channel) -> tuple[Entry, ...]:
    """The fields of ``kind`` that ``channel`` offers, in the model's order."""
    return tuple(e for e in fields(kind) if channel in e.meta.offer)


def vcard_map(kind: str = "member") -> dict[str, str]:
    """field name → vCard property, for the plain fields a card carries."""
    return {e.name: e.meta.vcard for e in fields(kind) if e.meta.vcard}


def api_names(kind: str) -> dict[str, str]:
    """field name → its name in the JSON API, for the fields the API carries."""
    return {e.name: e.api for e in fields(kind) if e.api is not None}


def schema_extra(kind: str) -> dict[str, JSONObject]:
    """field name → what its JSON Schema property carries under ``x-courtyard`` (fields
    declared without a Meta carry nothing)."""
    out: dict[str, JSONObject] = {}
    for e in fields(kind):
        m = e.meta
        if m is DEFAULT:
            continue
        doc: JSONObject = {"visibility": m.visibility, "changed_by": list(m.changed_by)}
        if m.offer:
            doc["offer"] = list(m.offer)
            doc["widget"] = m.widget
        if m.required_on:
            doc["required_on"] = list(m.required_on)
        if m.vcard:
            doc["vcard"] = m.vcard
        if e.api is not None:
            doc["api"] = e.api
        out[e.name] = doc
    return out


def request_forms() -> dict[str, list[dict[str, Any]]]:
    """The site's request form, for the browser: request kind → its fields in order, each
    ``{"name", "kind", "widget", "required"}`` (the request page embeds it as JSON; the
    labels are the catalogue's ``site.rq.f.<name>``, the checks the schema's constraints of
    ``<kind>.<name>``; a structured field is its parts: ``contact`` → ``wechat``). A change
    (``profile``) requires nothing; a new record what its model or the declaration
    requires."""
    out: dict[str, list[dict[str, Any]]] = {}
    for req, (kind, channel) in REQUEST_FORMS.items():
        out[req] = [{"name": e.name, "kind": kind,
                     "widget": "enum" if e.meta.widget == "choice" else e.meta.widget,
                     "required": req != "profile" and e.needed(channel)}
                    for top in offered(kind, channel)
                    for e in ([p for p in parts(kind, top.name) if channel in p.meta.offer]
                              or [top])]
    return out
