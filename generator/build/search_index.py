"""Courtyard's search index, made after MkDocs built the site (``on_post_build``).

Material's search plugin still extracts the text of every page and section of the edition
(``search/search_index.json``); this module turns that into what Courtyard's search worker
(``overrides/assets/courtyard/search-worker.js``) reads, instead of lunr's index built in
the browser (issue 17: 4.2 s to a first result on a throttled phone at 5,000 members):

* ``search/courtyard/entities.json`` — members, media, clients by name, organisation,
  pinyin and the other Chinese script (:mod:`generator.pages.search_records`, written with
  the pages); the worker loads it first and answers name queries from it alone;
* ``search/courtyard/text-N.json`` — every page and section as plain text
  (``[[location, title, text], …]``), in chunks of about :data:`CHUNK_BYTES`, fetched in
  parallel right after and scanned for substrings ("pages that mention it");
* ``search/search_index.json`` — Material's file, kept for its configuration (the main
  script fetches it, hands it to the worker and uses its separator to highlight the page a
  result opens), with ``docs`` emptied and ``config.courtyard`` listing the files above.

Plain text, not HTML: the worker escapes everything it shows.
"""

from __future__ import annotations

import html
import json
import os
import re
from typing import Any

from generator.pages.search_records import PATH as ENTITIES

INDEX = "search/search_index.json"
FOLDER = "search/courtyard"
CHUNK_BYTES = 256 * 1024
TAG = re.compile(r"<[^>]*>")
SPACE = re.compile(r"\s+")


def plain(text: str) -> str:
    """Material's indexed HTML as the text a reader sees: no tags, no jieba word breaks
    (U+200B), entities decoded, runs of white space as one space."""
    text = TAG.sub(" ", text.replace("\u200b", ""))
    return SPACE.sub(" ", html.unescape(text)).strip()


def chunks(docs: list[list[str]], size: int = CHUNK_BYTES) -> list[list[list[str]]]:
    """Consecutive runs of documents of about ``size`` bytes of JSON each."""
    out: list[list[list[str]]] = []
    current: list[list[str]] = []
    used = 0
    for doc in docs:
        n = len(json.dumps(doc, ensure_ascii=False).encode())
        if current and used + n > size:
            out.append(current)
            current, used = [], 0
        current.append(doc)
        used += n
    if current:
        out.append(current)
    return out


def _dump(path: str, data: Any) -> None:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        json.dump(data, fh, ensure_ascii=False, separators=(",", ":"))


def write(site_dir: str) -> list[str]:
    """Write the text chunks and rewrite Material's index; return the search files the
    worker reads (site-relative), or [] when the site has no search index."""
    index_path = os.path.join(site_dir, INDEX)
    if not os.path.isfile(index_path):
        return []
    with open(index_path, encoding="utf-8") as fh:
        index = json.load(fh)
    docs = [[d["location"], plain(d["title"]), plain(d.get("text", ""))]
            for d in index.get("docs", [])]
    text = []
    for n, chunk in enumerate(chunks(docs)):
        rel = f"{FOLDER}/text-{n}.json"
        _dump(os.path.join(site_dir, rel), chunk)
        text.append(rel)
    entities = ENTITIES if os.path.isfile(os.path.join(site_dir, ENTITIES)) else None
    config = dict(index.get("config", {}))
    base = os.path.dirname(INDEX) + "/"
    config["courtyard"] = {"entities": entities and entities.removeprefix(base),
                           "text": [rel.removeprefix(base) for rel in text]}
    _dump(index_path, {"config": config, "docs": []})
    return ([entities] if entities else []) + text
