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
from typing import Any

from markupsafe import Markup, escape

from generator.analysis import engagement
from generator.analysis import shown as pages
from generator.charts import bars as svg
from generator.data.editions import Edition

Url = Callable[[str], str]
PAGE_SRC = "engagement.md"

T: dict[str, tuple[str, str]] = {
    "matches": ("可能的对接", "Possible matches"),
    "matches.none": ("暂时没有匹配的资源或会员。管理员会在每周报告中跟进;补充标签和描述也有帮助。",
                     "No matching resource or member yet. The admins follow up in the weekly "
                     "report; more tags and a fuller description help."),
    "matches.note": ("按标签、关键词(结巴分词)、同城和媒体类型自动匹配,仅供参考;对接请通过会员本人。",
                     "Suggested from tags, keywords, city and medium; a hint, not a verdict. "
                     "Reach out through the member."),
    "helpable": ("你可以帮忙的需求", "Needs you could help with"),
    "serves": ("可服务的需求", "Needs this could serve"),
    "via": ("通过", "via"),
    "by": ("发布者", "posted by"),
    "owner": ("负责人", "held by"),
    "kind.offer": ("供给", "offer"), "kind.media": ("媒体资源", "media"),
    "kind.member": ("会员", "member"), "kind.client": ("客户", "client"),
    "kind.need": ("需求", "need"),
    "activity": ("我的参与", "Own activity"),
    "activity.none": ("还没有记录在案的参与。", "No recorded activity yet."),
    "year": ("年份", "Year"), "undated": ("未注明日期", "undated"),
    "engagement": ("参与度", "Engagement"),
    "eng.intro": ("以下数字全部来自仓库里的数据(出席记录、资源、供需帖、介绍人、对接记录),"
                  "不排名、不点名。",
                  "Every figure comes from the data in the repository (attendance, resources, "
                  "board posts, sponsors, answered needs). Nobody is ranked or named."),
    "eng.intro.members": ("每位会员本人的参与情况在各自的会员页上(仅会员版)。",
                          "Each member's own activity is on their member page (members "
                          "edition only)."),
    "eng.intro.public": ("公开版只显示汇总数字。", "The public edition shows totals only."),
    "eng.totals": ("社群历年合计", "Community totals by year"),
    "eng.active": ("有参与的会员", "members active"),
    "eng.held": ("举办活动", "events held"),
    "eng.undated": ("未注明日期的资源不计入任何年份;请补上 updated / since 日期。",
                    "Resources without a date count in no year; add their updated / since date."),
    "month": ("本月动态", "This month"),
    "months": ("近 12 个月(公开数据)", "The last 12 months (public data)"),
    "m.month": ("月份", "Month"),
    "m.new_resources": ("新增媒体资源", "new media resources"),
    "m.needs_posted": ("新需求", "needs posted"),
    "m.needs_matched": ("已找到对接", "needs matched"),
    "m.events_held": ("举办活动", "events held"),
}
MONTH_FIELDS = ("new_resources", "needs_posted", "needs_matched", "events_held")


class Fragments:
    """Fragments for one community, edition and language (see the module docstring)."""

    def __init__(self, com: Any, edition: Edition, lang: str) -> None:
        self.com, self.edition, self.lang = com, edition, lang

    def t(self, key: str) -> str:
        zh, en = T[key]
        return zh if self.lang == "zh" else en

    # ------------------------------------------------------------------ matching

    def need(self, post: Any, url: Url) -> Markup:
        entries = pages.need_matches(self.com, post.id, self.edition, self.lang)
        if entries is None:
            return Markup("")
        body = (self._list(entries, url, "owner") if entries
                else Markup("<p>{}</p>").format(self.t("matches.none")))
        return self._section("matches", self.t("matches"), body, note=True)

    def member(self, member: Any, url: Url) -> Markup:
        out = Markup("")
        entries = pages.helpable_needs(self.com, member.id, self.edition, self.lang)
        if entries:
            out += self._section("helpable", self.t("helpable"),
                                 self._list(entries, url, "by"), note=True)
        return out + self.activity(member)

    def serves(self, kind: str, rid: str, url: Url) -> Markup:
        entries = pages.served_needs(self.com, kind, rid, self.edition, self.lang)
        if not entries:
            return Markup("")
        return self._section("serves", self.t("serves"), self._list(entries, url, "by"),
                             note=True)

    def _section(self, anchor: str, title: str, body: Markup, note: bool = False) -> Markup:
        foot = Markup('<p class="cy-muted">{}</p>').format(self.t("matches.note")) if note else ""
        return Markup('<section id="{}" class="cy-matching" data-search-exclude>\n<h2>{}</h2>\n'
                      '{}{}\n</section>\n').format(anchor, title, body, foot)

    def _list(self, entries: Iterable[pages.Entry], url: Url, who: str) -> Markup:
        items = []
        for e in entries:
            via = (Markup(" · {} {}").format(self.t("via"), e.via) if e.via else "")
            owner = ("" if e.kind == "member" else Markup(
                ' · {} <a class="cy-person" href="{}">{}</a>').format(
                    self.t(who), url(e.owner_src), e.owner_name))
            items.append(Markup(
                '<li data-kind="{}" data-id="{}" data-score="{}"><a href="{}">{}</a> '
                '<span class="cy-badge">{}</span>{}{}<br><span class="cy-reasons">{}</span>'
                '</li>').format(e.kind, e.id, e.score, url(e.src), e.title,
                                self.t("kind." + e.kind), owner, via, e.reasons))
        return Markup('<ul class="cy-matches">\n{}\n</ul>').format(Markup("\n").join(items))

    # ------------------------------------------------------------------ engagement

    def activity(self, member: Any) -> Markup:
        """The member's own counts by year (members edition only)."""
        years = pages.member_activity(self.com, member.id, self.edition)
        if years is None:
            return Markup("")
        if not years:
            return self._section("activity", self.t("activity"),
                                 Markup("<p>{}</p>").format(self.t("activity.none")))
        dated = [y for y in years if y is not None]
        labels = [str(y) if y is not None else self.t("undated") for y in years]
        rows = [[years[y][c] for c in engagement.CATEGORIES] for y in years]
        table = self._table(self.t("year"), [engagement.label(c, self.lang)
                                             for c in engagement.CATEGORIES], labels, rows)
        chart = self._chart(f"activity-{member.id}", self.t("activity"),
                            [str(y) for y in dated],
                            [(c, engagement.label(c, self.lang), [years[y][c] for y in dated])
                             for c in engagement.CATEGORIES]) if dated else Markup("")
        return self._section("activity", self.t("activity"), chart + table)

    def home(self, url: Url | None) -> Markup:
        """This month's public aggregates, linking to the engagement page (``url`` None: no
        link, on that page itself)."""
        m = pages.public_months(self.com)[-1]
        cells = "".join(f'<div class="cy-number" data-figure="{f}"><strong>{getattr(m, f)}'
                        f'</strong><span>{escape(self.t("m." + f))}</span></div>'
                        for f in MONTH_FIELDS)
        heading = Markup("{} · {}").format(self.t("month"), m.month)
        if url is not None:
            heading = Markup('<a href="{}">{}</a>').format(url(PAGE_SRC), heading)
        # the site's own "numbers" boxes (cy-numbers), so the home page reads as one
        return Markup('<section id="this-month" class="cy-this-month" data-search-exclude>\n'
                      '<h2>{}</h2>\n<div class="cy-numbers">{}</div>\n</section>\n'
                      ).format(heading, Markup(cells))

    def engagement_body(self, url: Url) -> Markup:
        out = Markup('<div class="cy cy-engagement">\n<p>{} {}</p>\n</div>\n\n').format(
            self.t("eng.intro"), self.t("eng.intro." + self.edition))
        out += self.home(None)
        totals = pages.community_totals(self.com, self.edition)
        if totals is not None and totals["years"]:
            out += self._totals(totals)
        months = pages.public_months(self.com)
        labels = [m.month for m in months]
        series = [(f, self.t("m." + f), [getattr(m, f) for m in months]) for f in MONTH_FIELDS]
        body = self._chart("public-months", self.t("months"), labels, series) + self._table(
            self.t("m.month"), [s[1] for s in series], labels,
            [[getattr(m, f) for f in MONTH_FIELDS] for m in months])
        return out + self._section("months", self.t("months"), body)

    def _totals(self, totals: dict[str, Any]) -> Markup:
        years: list[int] = totals["years"]
        labels = [str(y) for y in years]
        series = [(c, engagement.label(c, self.lang), [totals["totals"][y][c] for y in years])
                  for c in engagement.CATEGORIES]
        cols = [s[1] for s in series] + [self.t("eng.active"), self.t("eng.held")]
        rows = [[*(totals["totals"][y][c] for c in engagement.CATEGORIES),
                 totals["active"][y], totals["held"][y]] for y in years]
        body = (self._chart("community-totals", self.t("eng.totals"), labels, series)
                + self._table(self.t("year"), cols, labels, rows)
                + Markup('<p class="cy-muted">{}</p>').format(self.t("eng.undated")))
        return self._section("totals", self.t("eng.totals"), body)

    def _chart(self, cid: str, title: str, labels: list[str],
               series: list[tuple[str, str, list[int]]]) -> Markup:
        sep = ";" if self.lang == "zh" else "; "
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


def install(env: Any, com: Any, edition: Edition, lang: str) -> Fragments:
    """Make the fragments available to every template as ``matching``."""
    frag = Fragments(com, edition, lang)
    env.globals["matching"] = frag
    return frag


def write_pages(site: Any) -> list[dict[str, str]]:
    """Write the engagement page through the site's writer; return its navigation entry."""
    import yaml

    frag = Fragments(site.com, site.edition, site.lang)
    title = frag.t("engagement")
    body = frag.engagement_body(lambda to: _relative(PAGE_SRC, to))
    front = yaml.safe_dump({"title": title}, allow_unicode=True, sort_keys=True)
    site.write_text(PAGE_SRC, f"---\n{front}---\n\n{body}")
    return [{title: PAGE_SRC}]


def _relative(from_src: str, to: str) -> str:
    from generator.pages.context import relative
    return relative(from_src, to)
