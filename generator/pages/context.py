"""What every page writer needs: community, edition, language, URLs, templates, the writer.

Pages are Markdown files with YAML front matter (written with ``yaml.safe_dump``, never by
string concatenation) whose bodies come from Jinja2 templates with autoescape on. Links in
bodies are plain ``<a href>`` inside HTML blocks, which MkDocs neither checks nor rewrites, so
:meth:`Site.url` computes them for ``use_directory_urls`` and a test follows every one.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2
import yaml
from markupsafe import Markup

from generator.core.names import display_name
from generator.data import editions, kinds
from generator.data.community import Community
from generator.data.editions import Edition
from generator.i18n import site as i18n
from generator.pages import safe, timeline

if TYPE_CHECKING:
    from generator.data.models import Member
    from generator.data.plain import JSON, JSONObject
    from generator.i18n.keys import SiteKey
    from generator.problems import MessageArg

SAFE_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # yaml.safe_dump, in C
TEMPLATES = Path(__file__).resolve().parent / "templates"


@cache
def table_page() -> JSONObject:
    """Front matter of a sortable, filterable list page (directory, libraries): no table of
    contents, and the table script."""
    return {"hide": ["toc"], "courtyard_js": ["table"]}


def page_url(src: str) -> str:
    """Site URL (no leading slash) of a docs file, as MkDocs makes it with
    ``use_directory_urls``: ``a/b.md`` → ``a/b/``, ``a/index.md`` → ``a/``; other files keep
    their path."""
    if not src.endswith(".md"):
        return src
    stem = src[:-3]
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def relative(from_src: str, to: str) -> str:
    """Link from the page built from ``from_src`` to ``to`` (a docs path: ``x.md`` or an
    asset path, optionally with ``#fragment``): up to the site root, then down. Longer than
    the shortest relative path, but computed in constant time for every link of every page
    (a 10,000-member site has hundreds of thousands)."""
    to, _, frag = to.partition("#")
    link = "../" * page_url(from_src).count("/") + page_url(to)
    return (link or "./") + ("#" + frag if frag else "")


PERSON = Markup('<a class="cy-person" href="{}">{}</a>')


@dataclass
class Site:
    com: Community
    edition: Edition
    docs_dir: str
    lang: str = "zh"
    written: list[str] = field(default_factory=list)
    nav: list[JSON] = field(default_factory=list)
    _env: jinja2.Environment | None = None
    _claimed: set[str] = field(default_factory=set)
    _words: dict[str, dict[str, str]] = field(default_factory=dict)

    # ------------------------------------------------------------------ helpers for templates

    @property
    def today(self) -> dt.date:
        return self.com.today

    @property
    def site_name(self) -> str:
        ch = self.com.charter
        return ch.name_en if self.lang == "en" and ch.name_en else ch.name

    @property
    def words(self) -> dict[str, str]:
        """The charter's words (``{organisation}``, ``{inner_circle}`` …) every text may use."""
        found = self._words.get(self.lang)
        if found is None:
            found = self._words[self.lang] = kinds.charter_words(self.com.charter, self.lang)
        return found

    def t(self, key: SiteKey, **args: MessageArg) -> str:
        """The site's text ``key`` (a ``site.*`` key without the prefix), the charter's words
        filled in; unknown: raises."""
        return i18n.t(self.lang, key, **{**self.words, **args})

    def html(self, key: SiteKey, **args: MessageArg) -> Markup:
        """The site's HTML text ``key`` (ending in ``.html``), its arguments escaped."""
        args = {**self.words, **args}
        return i18n.html(self.lang, key, **args)

    def kind(self, family: str, value: str) -> str:
        """A media kind, event kind or post type as the site names it (kinds.kind_label)."""
        return kinds.kind_label(self.com.charter, family, value, self.lang)

    def name(self, member_id: str) -> str:
        m = self.com.members.get(member_id)
        return m.name if m is not None else member_id

    def display(self, m: Member) -> str:
        return display_name(self.com.charter, m)

    def date(self, d: dt.date | None) -> str:
        return "" if d is None else d.isoformat()

    def dates_shown(self, m: Member) -> bool:
        """Whether this edition prints a member's joined/left dates (``hide: [dates]``)."""
        return editions.shows(m, "dates", self.edition)

    @property
    def env(self) -> jinja2.Environment:
        if self._env is None:
            env = jinja2.Environment(
                loader=jinja2.FileSystemLoader(str(TEMPLATES)),
                autoescape=True,
                undefined=jinja2.StrictUndefined,
                trim_blocks=True,
                lstrip_blocks=True,
                keep_trailing_newline=True,
            )
            env.filters["rich"] = safe.rich
            env.globals.update(t=self.t, html=self.html, kind=self.kind, site=self,
                               circle_members=kinds.circle_members,
                               edition=self.edition,
                               lang=self.lang, charter=self.com.charter,
                               site_when=lambda s: timeline.when(s, self.lang))
            self._env = env
        return self._env

    # ------------------------------------------------------------------ writing

    def page(self, src: str, title: str, template: str, meta: JSONObject | None = None,
             index: bool = True, **ctx: object) -> None:
        """Render ``template`` for the page ``src`` and write it with its front matter.
        ``url(target)`` inside the template links relative to this page. ``index=False``
        keeps a list page (directory, calendar …) out of the search index: the entities it
        lists have pages of their own, and the index stays small (≈ 1 KB per member)."""
        if src in self._claimed:  # two writers claiming one path is a bug, not a last-wins
            raise ValueError(f"page {src} written twice")
        self._claimed.add(src)
        front: JSONObject = {"title": title}
        front.update(meta or {})
        if not index:
            front["search"] = {"exclude": True}
        up = "../" * page_url(src).count("/")

        def person(m: Member) -> Markup:
            """Link to a member's page (hot: called ~10 times per page)."""
            return PERSON.format(f"{up}members/{m.id}/", m.name)

        body = self.env.get_template(template).render(
            url=lambda to: relative(src, to), person=person, page_src=src, **ctx)
        meta_text = yaml.dump(front, Dumper=SAFE_DUMPER, allow_unicode=True, sort_keys=True,
                              width=1000)
        self.write_text(src, "---\n" + meta_text + "---\n\n" + body)

    def write_text(self, rel: str, text: str) -> None:
        path = os.path.join(self.docs_dir, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        self.written.append(rel)
