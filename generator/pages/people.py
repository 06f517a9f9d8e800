"""Pages about people: home, directory, one page per member, groups, referral tree, tags."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from generator.data import editions
from generator.data.kinds import circle_members, has_groups
from generator.pages import charts, safe, share, timeline
from generator.pages import exports as extras
from generator.pages.context import Site, table_page
from generator.pages.events import CURRENT
from generator.pages.events import rows as event_rows
from generator.pages.index import Index

if TYPE_CHECKING:
    from generator.data.models import Member
    from generator.pages.index import Listed

NEWEST = 6
UPCOMING = 5
TREE_DIAGRAM_MAX = 200  # above this many people the diagram shows the inner circle only


def _charts(found: list[dict[str, str]]) -> list[dict[str, str]]:
    out = []
    for c in found:
        svg = safe.vetted_svg(c.get("svg"))
        if svg is not None:
            out.append({"id": c.get("id", ""), "title": c.get("title", ""), "svg": svg})
    return out


def home(site: Site, idx: Index) -> None:
    com = site.com
    active = [m for m in idx.members if m.status == "active"]
    inner = sum(1 for m in active if m.circle == "inner")
    groups = sorted(com.groups.values(), key=lambda g: g.id)
    year = site.today.year
    with_groups = has_groups(com.charter, com.groups)
    numbers = [
        (site.t("home.inner", members=circle_members(com.charter, site.lang)), inner),
        (site.t("home.outer"), len(active) - inner),
        *([(site.t("home.groups"), len(groups)),
           (site.t("home.group_people"), sum(g.size for g in groups))] if with_groups else []),
        (site.t("home.media"), len(idx.media)),
        (site.t("home.posts"), len(idx.posts)),
        (site.t("home.events_year", year=year),
         sum(1 for s in idx.slots if s.start.year == year and not s.cancelled)),
    ]
    newest = sorted(active, key=lambda m: (m.joined, m.id), reverse=True)[:NEWEST]
    site.page("index.md", site.site_name, "home.md.j2", site_name=site.site_name,
              meta={"hide": ["navigation", "toc"], **CURRENT, **share.home(site)}, numbers=numbers,
              upcoming=event_rows(site, timeline.split(com, idx.slots)[0])[:UPCOMING],
              newest=newest, with_groups=with_groups,
              charts=_charts(charts.home_charts(com, site.edition)))


def directory(site: Site, idx: Index) -> None:
    active = [m for m in idx.members if m.status == "active"]
    active.sort(key=lambda m: (m.circle != "inner", not m.founder, m.joined, m.id))
    alumni = [m for m in idx.members if m.status == "alumni"]
    candidates = [m for m in idx.members if m.status == "candidate"]
    facets = {
        "org": sorted({m.org for m in active}),
        "city": sorted({m.city for m in active if m.city}),
        "tag": sorted({t for m in active for t in m.tags}),
    }
    inner = sum(1 for m in active if m.circle == "inner")
    site.page("directory.md", site.t("nav.directory"), "directory.md.j2", index=False,
              meta=table_page(), active=active, alumni=alumni, candidates=candidates,
              facets=facets, inner=inner, outer=len(active) - inner)


def member_pages(site: Site, idx: Index) -> None:
    """One page per member."""
    com = site.com
    for m in idx.members:
        sponsor = com.members.get(m.sponsor) if m.sponsor in idx.member_ids else None
        card = extras.member_contact_card(com, m, site.edition)
        qr = safe.vetted_svg(card.get("qr_svg")) if card else None
        site.page(f"members/{m.id}.md", m.name, "member.md.j2",
                  meta={"hide": ["navigation"], **share.member(site, m)}, m=m, sponsor=sponsor,
                  former_sponsor=m.sponsor in idx.former,
                  sponsored=idx.sponsored.get(m.id, []),
                  attended=idx.attended.get(m.id, []), organised=idx.organised.get(m.id, []),
                  media=idx.media_by.get(m.id, []), posts=idx.posts_by.get(m.id, []),
                  clients=idx.clients_by.get(m.id, []),
                  contact=editions.visible_contact(m, site.edition),
                  vcf=card.get("vcf") if card else None, qr=qr,
                  jsonld=safe.json_for_script(extras.member_jsonld(com, m, site.edition)),
                  tag_src=idx.tag_src, city_src=idx.city_src)


def groups(site: Site, idx: Index) -> None:
    if not has_groups(site.com.charter, site.com.groups):
        return
    gs = sorted(site.com.groups.values(), key=lambda g: (g.purpose, g.id))
    site.page("groups.md", site.t("nav.groups"), "groups.md.j2", groups=gs, idx=idx)


def tree(site: Site, idx: Index) -> None:
    """The sponsor tree from the founders down: a Mermaid diagram (vendored) and a nested
    list that works without JavaScript and links every member."""
    people = [m for m in idx.members if m.status in ("active", "alumni")]
    ids = {m.id for m in people}
    children: dict[str, list[Member]] = {}
    roots = []
    for m in sorted(people, key=lambda x: (x.joined, x.id)):
        if m.sponsor in ids and m.sponsor != m.id:
            children.setdefault(m.sponsor, []).append(m)
        else:
            roots.append(m)
    roots.sort(key=lambda m: (not m.founder, m.joined, m.id))
    drawn = people if len(people) <= TREE_DIAGRAM_MAX else _top_of_tree(roots, children)
    drawn_ids = {m.id for m in drawn}
    node = {m.id: f"n{i}" for i, m in enumerate(sorted(drawn, key=lambda x: x.id))}
    lines = ["graph LR"]
    for m in sorted(drawn, key=lambda x: x.id):
        label = safe.mermaid_label(m.name)
        shape = ('(["', '"])') if m.founder else ('["', '"]')
        lines.append(f"  {node[m.id]}{shape[0]}{label}{shape[1]}")
        if m.circle == "inner":
            lines.append(f"  class {node[m.id]} inner")
    for m in sorted(drawn, key=lambda x: (x.joined, x.id)):
        if m.sponsor in drawn_ids and m.sponsor != m.id:
            lines.append(f"  {node[m.sponsor]} --> {node[m.id]}")
    lines.append("  classDef inner fill:#fdecea,stroke:#c0392b")
    rows: list[tuple[int, Member]] = []  # (depth, member), depth first, without recursion
    stack = [(0, m) for m in reversed(roots)]
    while stack:
        depth, m = stack.pop()
        rows.append((depth, m))
        stack.extend((depth + 1, c) for c in reversed(children.get(m.id, [])))
    site.page("tree.md", site.t("nav.tree"), "tree.md.j2",
              index=False, meta={"courtyard_js": ["mermaid"]}, mermaid="\n".join(lines), rows=rows,
              partial=len(drawn) < len(people), drawn=len(drawn))


def _top_of_tree(roots: list[Member], children: dict[str, list[Member]]) -> list[Member]:
    """The inner circle from the founders down, breadth first, at most TREE_DIAGRAM_MAX
    people: a diagram a phone can still draw (the list below the diagram has everyone)."""
    out: list[Member] = []
    level = [m for m in roots if m.circle == "inner"]
    while level and len(out) < TREE_DIAGRAM_MAX:
        out.extend(level[: TREE_DIAGRAM_MAX - len(out)])
        level = [c for m in level for c in children.get(m.id, []) if c.circle == "inner"]
    return out


def tags(site: Site, idx: Index) -> None:
    def counted(table: dict[str, dict[str, list[Listed]]]) -> list[tuple[str, int]]:
        n = Counter({k: sum(len(v) for v in kinds.values()) for k, kinds in table.items()})
        return sorted(n.items(), key=lambda kv: (-kv[1], kv[0]))

    site.page("tags.md", site.t("nav.tags"), "tags.md.j2", index=False, tags=counted(idx.tags),
              cities=counted(idx.cities), tag_src=idx.tag_src, city_src=idx.city_src)
    for table, src_of, city in ((idx.tags, idx.tag_src, False),
                                (idx.cities, idx.city_src, True)):
        for key, kinds in sorted(table.items()):
            n = sum(len(v) for v in kinds.values())
            about = (site.t("share.city", site=site.site_name, name=key, count=n) if city
                     else site.t("share.tag", site=site.site_name, name=key, count=n))
            site.page(src_of(key), key, "tag.md.j2", key=key, kinds=kinds,
                      meta={"hide": ["navigation"], "description": about})
