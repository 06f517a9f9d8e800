"""Matching and engagement on the site: escaped HTML fragments, charts and one page.

The site's templates call a ``Fragments`` object bound to (community, edition, language):

* ``need(post, url)``        — "可能的对接" on a need's page;
* ``member(member, url)``    — "你可以帮忙的需求" on a member's page, plus, in the members
  edition only, the member's own activity by year (table and chart);
* ``serves(kind, id, url)``  — the needs an offer, media resource or client could serve;
* ``home(url)``              — this month's public aggregates (resources, needs, events);
* ``engagement_body(url)``   — the engagement page: community totals over time in the members
  edition, public aggregates only in the public edition.

``url`` is the template's own link function (docs path → link relative to the page). Every
value from the data is escaped here; the charts are our own SVG (generator/charts/bars.py).
Nothing here ranks members: per-member figures appear only on that member's own page.

Markup notes: each fragment is a ``<section data-search-exclude>`` (not a ``<div>``: Material's
search parser tracks excluded elements by tag name, so an excluded ``div`` inside the site's
excluded ``div`` would end the outer exclusion early), and its heading has no ``id`` (the
anchor is on the section), so the fragments add nothing to the search index.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from markupsafe import Markup, escape

from generator.analysis import engagement
from generator.analysis import shown as pages
from generator.charts import bars as svg
from generator.data.editions import Edition
from generator.i18n import dynamic, text

if TYPE_CHECKING:
    import jinja2

    from generator.data.community import Community
    from generator.data.models import Member, Post
    from generator.i18n.keys import Key
    from generator.pages.context import Site

Url = Callable[[str], str]
PAGE_SRC = "engagement.md"

MONTH_FIELDS = ("new_resources", "needs_posted", "needs_matched", "events_held")


class Fragments:
    """Fragments for one community, edition and language (see the module docstring)."""

    def __init__(self, com: Community, edition: Edition, lang: str) -> None:
        self.com, self.edition, self.lang = com, edition, lang

    def t(self, key: Key) -> str:
        return text(self.lang, key)

    # ------------------------------------------------------------------ matching

    def need(self, post: Post, url: Url) -> Markup:
        entries = pages.need_matches(self.com, post.id, self.edition, self.lang)
        if entries is None:
            return Markup("")
        body = (self._list(entries, url, "matching.owner") if entries
                else Markup("<p>{}</p>").format(self.t("matching.matches.none")))
        return self._section("matches", self.t("matching.matches"), body, note=True)

    def member(self, member: Member, url: Url) -> Markup:
        out = Markup("")
        entries = pages.helpable_needs(self.com, member.id, self.edition, self.lang)
        if entries:
            out += self._section("helpable", self.t("matching.helpable"),
                                 self._list(entries, url, "matching.by"), note=True)
        return out + self.activity(member)

    def serves(self, kind: str, rid: str, url: Url) -> Markup:
        entries = pages.served_needs(self.com, kind, rid, self.edition, self.lang)
        if not entries:
            return Markup("")
        return self._section("serves", self.t("matching.serves"),
                             self._list(entries, url, "matching.by"), note=True)

    def _section(self, anchor: str, title: str, body: Markup, note: bool = False) -> Markup:
        foot = (Markup('<p class="cy-muted">{}</p>').format(self.t("matching.matches.note"))
                if note else "")
        return Markup('<section id="{}" class="cy-matching" data-search-exclude>\n<h2>{}</h2>\n'
                      '{}{}\n</section>\n').format(anchor, title, body, foot)

    def _list(self, entries: Iterable[pages.Entry], url: Url, who: Key) -> Markup:
        items = []
        for e in entries:
            via = (Markup(" · {} {}").format(self.t("matching.via"), e.via) if e.via else "")
            owner = ("" if e.kind == "member" else Markup(
                ' · {} <a class="cy-person" href="{}">{}</a>').format(
                    self.t(who), url(e.owner_src), e.owner_name))
            items.append(Markup(
                '<li data-kind="{}" data-id="{}" data-score="{}"><a href="{}">{}</a> '
                '<span class="cy-badge">{}</span>{}{}<br><span class="cy-reasons">{}</span>'
                '</li>').format(e.kind, e.id, e.score, url(e.src), e.title,
                                self.t(dynamic("matching.kind.", e.kind)), owner, via,
                                e.reasons))
        return Markup('<ul class="cy-matches">\n{}\n</ul>').format(Markup("\n").join(items))

    # ------------------------------------------------------------------ engagement

    def activity(self, member: Member) -> Markup:
        """The member's own counts by year (members edition only)."""
        years = pages.member_activity(self.com, member.id, self.edition)
        if years is None:
            return Markup("")
        if not years:
            return self._section("activity", self.t("matching.activity"),
                                 Markup("<p>{}</p>").format(self.t("matching.activity.none")))
        dated = [y for y in years if y is not None]
        labels = [str(y) if y is not None else self.t("matching.undated") for y in years]
        rows = [[years[y][c] for c in engagement.CATEGORIES] for y in years]
        table = self._table(self.t("matching.year"), [engagement.label(c, self.lang)
                                             for c in engagement.CATEGORIES], labels, rows)
        chart = self._chart(f"activity-{member.id}", self.t("matching.activity"),
                            [str(y) for y in dated],
                            [(c, engagement.label(c, self.lang), [years[y][c] for y in dated])
                             for c in engagement.CATEGORIES]) if dated else Markup("")
        return self._section("activity", self.t("matching.activity"), chart + table)

    def home(self, url: Url | None) -> Markup:
        """This month's public aggregates, linking to the engagement page (``url`` None: no
        link, on that page itself)."""
        m = pages.public_months(self.com)[-1]
        cells = "".join(f'<div class="cy-number" data-figure="{f}"><strong>{getattr(m, f)}'
                        f'</strong><span>{escape(self.t(dynamic("matching.m.", f)))}'
                        '</span></div>'
                        for f in MONTH_FIELDS)
        heading = Markup("{} · {}").format(self.t("matching.month"), m.month)
        if url is not None:
            heading = Markup('<a href="{}">{}</a>').format(url(PAGE_SRC), heading)
        # the site's own "numbers" boxes (cy-numbers), so the home page reads as one
        return Markup('<section id="this-month" class="cy-this-month" data-search-exclude>\n'
                      '<h2>{}</h2>\n<div class="cy-numbers">{}</div>\n</section>\n'
                      ).format(heading, Markup(cells))

    def engagement_body(self, url: Url) -> Markup:
        out = Markup('<div class="cy cy-engagement">\n<p>{} {}</p>\n</div>\n\n').format(
            self.t("matching.eng.intro"), self.t(dynamic("matching.eng.intro.", self.edition)))
        out += self.home(None)
        totals = pages.community_totals(self.com, self.edition)
        if totals is not None and totals["years"]:
            out += self._totals(totals)
        months = pages.public_months(self.com)
        labels = [m.month for m in months]
        series = [(f, self.t(dynamic("matching.m.", f)), [getattr(m, f) for m in months])
                  for f in MONTH_FIELDS]
        title = self.t("matching.months")
        body = self._chart("public-months", title, labels, series) + self._table(
            self.t("matching.m.month"), [s[1] for s in series], labels,
            [[getattr(m, f) for f in MONTH_FIELDS] for m in months])
        return out + self._section("months", title, body)

    def _totals(self, totals: pages.Totals) -> Markup:
        years: list[int] = totals["years"]
        labels = [str(y) for y in years]
        series = [(c, engagement.label(c, self.lang), [totals["totals"][y][c] for y in years])
                  for c in engagement.CATEGORIES]
        cols = [s[1] for s in series] + [self.t("matching.eng.active"),
                                         self.t("matching.eng.held")]
        rows = [[*(totals["totals"][y][c] for c in engagement.CATEGORIES),
                 totals["active"][y], totals["held"][y]] for y in years]
        body = (self._chart("community-totals", self.t("matching.eng.totals"), labels, series)
                + self._table(self.t("matching.year"), cols, labels, rows)
                + Markup('<p class="cy-muted">{}</p>').format(self.t("matching.eng.undated")))
        return self._section("totals", self.t("matching.eng.totals"), body)

    def _chart(self, cid: str, title: str, labels: list[str],
               series: list[tuple[str, str, list[int]]]) -> Markup:
        sep = self.t("chart.sep")
        drawing = svg.bar_chart(cid, title, svg.describe(labels, series, sep), labels, series)
        return Markup(f'<figure class="cy-chart">{drawing}</figure>\n')

    @staticmethod
    def _table(head: str, cols: list[str], labels: list[str], rows: list[list[int]]) -> Markup:
        """A table of counts (built with plain strings: thousands of member pages call this,
        and every text is escaped here; the cells are integers)."""
        th = "".join(f"<th>{escape(c)}</th>" for c in cols)
        trs = "\n".join(f'<tr><th scope="row">{escape(label)}</th>'
                        + "".join(f"<td>{int(v)}</td>" for v in row) + "</tr>"
                        for label, row in zip(labels, rows, strict=False))
        # no class: Material styles and, on phones, scrolls ``table:not([class])`` itself
        return Markup(f'<table>\n<thead><tr><th>{escape(head)}</th>{th}</tr>'
                      f'</thead>\n<tbody>\n{trs}\n</tbody>\n</table>\n')


def install(env: jinja2.Environment, com: Community, edition: Edition, lang: str) -> Fragments:
    """Make the fragments available to every template as ``matching``."""
    frag = Fragments(com, edition, lang)
    env.globals["matching"] = frag
    return frag


def write_pages(site: Site) -> list[dict[str, str]]:
    """Write the engagement page through the site's writer; return its navigation entry."""
    import yaml

    frag = Fragments(site.com, site.edition, site.lang)
    title = frag.t("matching.engagement")
    body = frag.engagement_body(lambda to: _relative(PAGE_SRC, to))
    front = yaml.safe_dump({"title": title}, allow_unicode=True, sort_keys=True)
    site.write_text(PAGE_SRC, f"---\n{front}---\n\n{body}")
    return [{title: PAGE_SRC}]


def _relative(from_src: str, to: str) -> str:
    from generator.pages.context import relative
    return relative(from_src, to)
