"""The two libraries and the platform: media library, client library (members edition only)
and the supply/demand board, each with one page per entry linking to its owner."""

from __future__ import annotations

from generator.pages.context import Site, table_page
from generator.pages.events import CURRENT
from generator.pages.index import Index


def media(site: Site, idx: Index) -> None:
    kinds = sorted({site.kind("media", r.kind) for r in idx.media})
    cities = sorted({r.city for r in idx.media if r.city})
    site.page("media.md", site.t("nav.media"), "media.md.j2", index=False, meta=table_page(),
              items=idx.media, kinds=kinds, cities=cities, idx=idx)
    for r in idx.media:
        site.page(f"media/{r.id}.md", r.title, "media_item.md.j2",
                  meta={"hide": ["navigation"]}, r=r, idx=idx)


def clients(site: Site, idx: Index) -> None:
    """Only ever written for the members edition (``editions.clients`` is empty otherwise,
    and the page itself is not generated)."""
    if site.edition != "members":
        return
    site.page("clients.md", site.t("nav.clients"), "clients.md.j2", index=False,
              meta=table_page(), items=idx.clients, idx=idx)
    for c in idx.clients:
        site.page(f"clients/{c.id}.md", c.brand, "client_item.md.j2",
                  meta={"hide": ["navigation"]}, c=c, idx=idx)


def board(site: Site, idx: Index) -> None:
    order = {"need": 0, "offer": 1, "ad": 2}  # then a club's own types, as its charter lists them
    types = site.com.charter.kinds("post_types")
    posts = sorted(idx.posts, key=lambda p: (order.get(p.type, len(order) + types.index(p.type)),
                                             -p.posted.toordinal(), p.id))
    site.page("board.md", site.t("nav.board"), "board.md.j2",
              index=False, meta={"hide": ["toc"], **CURRENT},
              posts=posts, idx=idx)
    for p in posts:
        site.page(f"board/{p.id}.md", p.title, "post_item.md.j2",
                  meta={"hide": ["navigation"]}, p=p, idx=idx)
