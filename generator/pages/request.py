"""The request form (issue 15): members without a GitHub account fill a profile change, an
RSVP for one occurrence, a board post or a join request in the browser, checked as they type
against the published JSON Schemas (``schemas/*.schema.json``: length, pattern, choices); the
page makes the short request text of :mod:`generator.admin.request` with its checksum
(WebCrypto) and a copy button, to send to an admin in WeChat, who runs
``python -m generator apply``. Members with an account get the prefilled GitHub issue form.
The script (assets/courtyard/request.js) makes no request: everything it needs is in the page.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from generator.core.names import display_name
from generator.core.occurrences import happenings
from generator.core.signup import occurrence_open
from generator.data import editions
from generator.data.schema import schemas
from generator.pages import safe

if TYPE_CHECKING:
    from generator.pages.context import Site
    from generator.pages.index import Index

PAGE = "request.md"
_FIELDS = {
    "profile": ("member", ("title", "city", "bio", "tags", "display_name")),
    "post": ("post", ("title", "type", "city", "expires", "description")),
    "join": ("member", ("name", "org", "title", "city")),
}


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


def data(site: Site, idx: Index) -> dict[str, Any]:
    com, ed = site.com, site.edition
    people = [{"id": m.id, "label": f"{display_name(com.charter, m)} ({m.id})"}
              for m in editions.members(com, ed) if m.status in ("active", "candidate")]
    occurrences = []
    for ev in idx.events:
        for h in happenings(com, ev):
            if occurrence_open(ev, h, com.today):
                occurrences.append({"event": ev.id, "date": h.date.isoformat(),
                                    "label": f"{h.date.isoformat()} {ev.title}"})
    occurrences.sort(key=lambda o: (o["date"], o["event"]))
    schemas = {}
    for kind, (schema_kind, names) in _FIELDS.items():
        props = _schema(schema_kind)["properties"]
        schemas[kind] = {n: _constraints(props[n]) for n in names}
    repo = (com.charter.site.repo or "").rstrip("/")
    return {"members": people, "occurrences": occurrences, "schemas": schemas,
            "issues": f"{repo}/issues/new" if repo else ""}


def request_page(site: Site, idx: Index) -> list[dict[str, str]]:
    """Write the page; returns its navigation entry (under "join")."""
    site.page(PAGE, site.t("rq.title"), "request.md.j2", index=False,
              meta={"courtyard_js": ["request"]},
              data=safe.json_for_script(json.dumps(data(site, idx), ensure_ascii=False,
                                                   sort_keys=True)))
    return [{site.t("rq.title"): PAGE}]
