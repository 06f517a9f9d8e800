"""Generate every page of one edition into a docs directory (plain Markdown + front matter),
plus the exports, and describe the result (navigation, title, language) for the engine."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from typing import Any

import yaml

from generator.cache import store as cache
from generator.data.community import Community
from generator.data.editions import Edition
from generator.data.kinds import has_groups
from generator.exports import common
from generator.pages import charter as pages_charter
from generator.pages import context, jieba_dict, search_records
from generator.pages import events as pages_events
from generator.pages import exports as extras
from generator.pages import matching as matching_pages
from generator.pages import people as pages_people
from generator.pages import resources as pages_resources
from generator.pages.context import Site
from generator.pages.index import build_index
from generator.pages.request import request_page

PAGES_DIR = "content/pages"  # hand-written pages, copied as they are


@dataclass
class Generated:
    docs_dir: str
    edition: Edition
    lang: str
    site_name: str
    site_description: str
    site_url: str
    nav: list[Any]
    jieba_dict: str
    pages: list[str] = field(default_factory=list)
    exports: list[str] = field(default_factory=list)
    share_url: str = ""  # the edition's own address, for absolute links in share tags


def _front_matter(text: str) -> dict[str, Any]:
    if not text.startswith("---\n"):
        return {}
    end = text.find("\n---", 4)
    meta = yaml.safe_load(text[4:end]) if end > 0 else None
    return meta if isinstance(meta, dict) else {}


def _regular_files(src: str) -> list[str]:
    """Paths relative to ``src`` of its regular files, sorted, never through a link: the
    check refused every link and special file here already (generator.data.files.
    record_problems); what one slipped in since would be left out, not followed."""
    found = []
    for dirpath, dirs, names in os.walk(src):  # does not descend into linked folders
        dirs[:] = [d for d in dirs if not os.path.islink(os.path.join(dirpath, d))]
        for name in names:
            path = os.path.join(dirpath, name)
            if stat.S_ISREG(os.lstat(path).st_mode):
                found.append(os.path.relpath(path, src))
    return sorted(found)


def _read_regular(path: str) -> bytes:
    """A regular file's bytes; OSError for a link (O_NOFOLLOW) or anything else."""
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(f"{path}: not a regular file")
        with os.fdopen(os.dup(fd), "rb") as fh:
            return fh.read()
    finally:
        os.close(fd)


def copy_hand_written(root: str, docs_dir: str) -> dict[str, list[dict[str, str]]]:
    """Copy the regular files of ``content/pages`` into the docs; return nav entries by
    section (front matter ``courtyard_section``: ``community`` or ``join``, the default)."""
    src = os.path.join(root, PAGES_DIR)
    sections: dict[str, list[dict[str, str]]] = {"community": [], "join": []}
    if not os.path.isdir(src) or os.path.islink(src):
        return sections
    for rel in _regular_files(src):
        raw = _read_regular(os.path.join(src, rel))
        dest = os.path.join(docs_dir, rel)
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        with open(dest, "wb") as fh:
            fh.write(raw)
        name = rel.replace(os.sep, "/")
        if "/" not in name and name.endswith(".md") and not name.startswith("."):
            meta = _front_matter(raw.decode("utf-8"))
            section = str(meta.get("courtyard_section", "join"))
            title = str(meta.get("title", name[:-3]))
            sections.setdefault(section, []).append({title: name})
    return sections


def navigation(site: Site, extra: dict[str, list[dict[str, str]]]) -> list[Any]:
    t = site.t
    resources: list[Any] = [{t("nav.media"): "media.md"}, {t("nav.board"): "board.md"}]
    if site.edition == "members":
        resources.append({t("nav.clients"): "clients.md"})
    nav: list[Any] = [
        {t("nav.home"): "index.md"},
        {t("nav.directory"): "directory.md"},
        {
            t("nav.events"): [
                {t("nav.events_list"): "events.md"},
                {t("nav.calendar"): "calendar.md"},
            ]
        },
        {t("nav.resources"): resources},
        {
            t("nav.community"): [
                *([{t("nav.groups"): "groups.md"}] if has_groups(site.com.charter, site.com.groups)
                  else []),
                {t("nav.tree"): "tree.md"},
                {t("nav.tags"): "tags.md"},
                {t("nav.charter"): "charter.md"},
                *extra.get("community", []),
            ]
        },
        {t("nav.join"): [{t("nav.contributing"): "contributing.md"}, *extra.get("join", [])]},
    ]
    if site.edition == "members":
        nav.append({t("nav.admin"): "admin.md"})
    return nav


def generate(com: Community, edition: Edition, docs_dir: str, jieba_path: str) -> Generated:
    """Write the edition's pages into ``docs_dir`` (which should be empty) and the jieba
    dictionary to ``jieba_path`` (outside the docs: it is a build input, not a page).
    Outputs that are slow to make (QR codes, vCards, compiled templates) come from the
    community's build cache when their inputs have not changed since the last build
    (:mod:`generator.cache.store`)."""
    with cache.session(com.root):
        return _generate(com, edition, docs_dir, jieba_path)


def _generate(com: Community, edition: Edition, docs_dir: str, jieba_path: str) -> Generated:
    os.makedirs(docs_dir, exist_ok=True)
    lang = com.charter.language
    site = Site(com=com, edition=edition, docs_dir=docs_dir, lang=lang)
    site.env.bytecode_cache = cache.template_cache(site.env, context.__file__)
    extra = copy_hand_written(com.root, docs_dir)
    matching_pages.install(site.env, com, edition, lang)  # `matching` in every template
    extra.setdefault("community", []).extend(matching_pages.write_pages(site))
    idx = build_index(com, edition)
    pages_people.home(site, idx)
    pages_people.directory(site, idx)
    pages_people.member_pages(site, idx)
    pages_people.groups(site, idx)
    pages_people.tree(site, idx)
    pages_resources.media(site, idx)
    pages_resources.clients(site, idx)
    pages_resources.board(site, idx)
    pages_events.events(site, idx)
    extra.setdefault("join", []).extend(request_page(site, idx))
    pages_charter.charter(site)
    pages_charter.contributing(site)
    pages_charter.admin(site)
    pages_people.tags(site, idx)
    jieba_dict.write(idx, jieba_path)
    search_records.write(idx, docs_dir)
    exports = extras.write_exports(site.com, site.edition, site.docs_dir)
    ch = com.charter
    return Generated(docs_dir=docs_dir, edition=edition, lang=lang, site_name=site.site_name,
                     site_description=ch.site.description or "", site_url=ch.site.url,
                     nav=navigation(site, extra), jieba_dict=jieba_path,
                     pages=sorted(site.written), exports=sorted(exports),
                     share_url=common.site_url(com, edition))
