"""The request form (issues 15, 23.3, 26.3): members without a GitHub account fill an RSVP
for one occurrence, a profile change, a board post or a join request for someone they sponsor
in the browser, checked as they type against the published JSON Schemas
(``schemas/*.schema.json``: length, pattern) and the charter's choices; the page shows a
summary in the club's language and the request text of :mod:`generator.admin.request`,
signed with a key derived from the member's access code in the encrypted members edition
(the code lock.js's ``courtyardAccessCode`` still holds in memory if it was typed in this
page, else one more field asks for it: the device keeps only the code's KDF output, which
cannot sign), unsigned elsewhere; a copy button puts it on
the clipboard to send to an admin in WeChat. The member's current profile is prefilled, an
unchanged profile or a sign-up for a date one is already on is refused on the page. Members
with an account get the prefilled GitHub issue form. The script
(assets/courtyard/request.js) makes no request: everything it needs is in the page, and the
protocol (fields, labels, canonical form) comes from :func:`generator.admin.request.protocol`.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from generator.admin.request import form, profile_fields, protocol
from generator.core.names import display_name
from generator.core.occurrences import happenings
from generator.core.signup import occurrence_open
from generator.data import editions
from generator.data.schema import schemas
from generator.pages import events, safe

if TYPE_CHECKING:
    from generator.data.community import Community
    from generator.data.models import Member
    from generator.pages.context import Site
    from generator.pages.index import Index

PAGE = "request.md"
_SCHEMA = {"profile": "member", "post": "post", "join": "member"}
"""The published schema each kind's fields are checked against."""


def _schema(kind: str) -> dict[str, Any]:
    """The published schema (``schemas/<kind>.schema.json`` is written from the same models)."""
    doc: dict[str, Any] = schemas()[f"{kind}.schema.json"]
    return doc


def _constraints(prop: dict[str, Any]) -> dict[str, Any]:
    """What the form checks of one schema property (the first non-null branch of anyOf)."""
    branches = [b for b in prop.get("anyOf", [prop]) if b.get("type") != "null"]
    b = branches[0] if branches else prop
    out = {k: b[k] for k in ("type", "maxLength", "minLength", "pattern", "enum", "format")
           if k in b}
    if b.get("type") == "array":
        out["items"] = _constraints(b.get("items", {}))
    return out


def _profile(com: Community, m: Member) -> dict[str, str]:
    """The member's current values of the fields a request may change, as the form shows
    them (tags joined by the language's list separator)."""
    sep = "，" if com.charter.language == "zh" else ", "
    out = {}
    for name in profile_fields():
        value = getattr(m, name)
        out[name] = sep.join(value) if isinstance(value, list) else (value or "")
    return out


def data(site: Site, idx: Index) -> dict[str, Any]:
    com, ed = site.com, site.edition
    people, profiles = [], {}
    for m in editions.members(com, ed):
        if m.status in ("active", "candidate"):
            people.append({"id": m.id, "name": m.name,
                           "label": f"{display_name(com.charter, m)} ({m.id})"})
            profiles[m.id] = _profile(com, editions.public_view(m, ed))
    occurrences = []
    for ev in idx.events:
        by_date = {h.date: h for h in happenings(com, ev)}
        for day in events.coming(com, ev):  # the coming sessions, as the event page lists them
            h = by_date[day]
            if occurrence_open(ev, h, com.today):
                listed = editions.visible_ids(h.rsvp + h.waitlist, com, ed)
                occurrences.append({"event": ev.id, "date": h.date.isoformat(),
                                    "title": ev.title, "listed": listed,
                                    "label": f"{h.date.isoformat()} {ev.title}"})
    occurrences.sort(key=lambda o: (o["date"], o["event"]))
    schemas = {}
    shown = form()
    for kind, schema_kind in _SCHEMA.items():
        props = _schema(schema_kind)["properties"]
        schemas[kind] = {n: _constraints(props[n]) for n in shown[kind] if n in props}
    repo = (com.charter.site.repo or "").rstrip("/")
    return {"members": people, "profiles": profiles, "occurrences": occurrences,
            "schemas": schemas, "protocol": protocol(com.charter, site.lang),
            "signed": ed == "members", "issues": f"{repo}/issues/new" if repo else ""}


def request_page(site: Site, idx: Index) -> list[dict[str, str]]:
    """Write the page; returns its navigation entry (under "join")."""
    site.page(PAGE, site.t("rq.title"), "request.md.j2", index=False,
              meta={"courtyard_js": ["request"]},
              data=safe.json_for_script(json.dumps(data(site, idx), ensure_ascii=False,
                                                   sort_keys=True)))
    return [{site.t("rq.title"): PAGE}]
