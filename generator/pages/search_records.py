"""The entity records of site search: who and what a reader looks up by name (members, media
entries, clients), written with the pages of the edition being built — so a record exists
exactly when its page does (the index lists only what the edition may show) — and read in the
browser by Courtyard's search worker (``overrides/assets/courtyard/search-worker.js``).

One JSON file, ``search/courtyard/entities.json`` in the docs (MkDocs copies it to the site)::

    {"v": 1,
     "orgs": [[name, pinyin, traditional-or-""], ...],     # deduplicated organisations
     "entities": [[kind, id, name, org-or--1, detail, pinyin, traditional-or-""], ...]}

``kind`` is ``members`` / ``media`` / ``clients`` (the page is ``<kind>/<id>/``); ``detail``
is a member's title or a client's industry; ``pinyin`` is the name's syllables separated by
spaces (``zhu ge ming hui``; surnames read as surnames), only for Chinese names of people and
organisations, from which the worker derives the full spelling (zhugeminghui) and the
initials (zgmh); ``traditional`` is the name in the other script (traditional for a name
written in simplified, simplified for one written in traditional), only when it differs.
"""

from __future__ import annotations

import functools
import json
import os
import re
from typing import Any

from generator.pages.index import Index

PATH = "search/courtyard/entities.json"
VERSION = 1
HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


@functools.cache
def pinyin(text: str, person: bool = False) -> str:
    """Toneless pinyin syllables of a Chinese name, space-separated ("" when it has no
    Chinese character): what people type in contact apps to find 诸葛明辉 (zhuge minghui)."""
    if not HAN.search(text):
        return ""
    from generator.data.ids import slug

    return " ".join(p for p in slug(text, surname=person).split("-") if p)


@functools.cache
def other_script(text: str) -> str:
    """The name in the other Chinese script (繁 ↔ 简), "" when it reads the same."""
    if not HAN.search(text):
        return ""
    from generator.pages import script

    return script.other(text)


def records(idx: Index) -> dict[str, Any]:
    orgs: dict[str, int] = {}

    def org_of(name: str) -> int:
        if name not in orgs:
            orgs[name] = len(orgs)
        return orgs[name]

    entities: list[list[Any]] = []
    for m in idx.members:
        entities.append(["members", m.id, m.name, org_of(m.org), m.title or "",
                         pinyin(m.name, person=True), other_script(m.name)])
    for r in idx.media:
        entities.append(["media", r.id, r.title, -1, "", "", other_script(r.title)])
    for c in idx.clients:
        entities.append(["clients", c.id, c.brand, -1, c.industry, pinyin(c.brand),
                         other_script(c.brand)])
    return {"v": VERSION,
            "orgs": [[name, pinyin(name), other_script(name)] for name in orgs],
            "entities": entities}


def write(idx: Index, docs_dir: str) -> str:
    """Write the edition's records into the docs; return the path written (docs-relative)."""
    path = os.path.join(docs_dir, PATH)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        json.dump(records(idx), fh, ensure_ascii=False, separators=(",", ":"))
    return PATH
