"""Cross-references computed once per build (linear in the data): who sponsored whom, who
attended or organised what, what each member owns, which tags and cities are in use. Every
list holds only what the edition may show, so templates never have to decide visibility."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING

from generator.data import editions
from generator.data.ids import slug
from generator.pages import timeline

if TYPE_CHECKING:
    from generator.data.community import Community
    from generator.data.models import Client, Event, Media, Member, Post

    Listed = Member | Media | Post  # what a tag or city page lists


@cache
def tag_slug(text: str) -> str:
    """A file name for a tag or city page: pinyin for reading, a hash for uniqueness (two
    tags may share their pinyin, and tags may contain any character)."""
    digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:6]
    return f"{slug(text)[:40].strip('-') or 'tag'}-{digest}"


@dataclass
class Index:
    members: list[Member]
    member_ids: set[str]
    events: list[Event]
    slots: list[timeline.Slot]
    media: list[Media]
    clients: list[Client]
    posts: list[Post]
    edition: editions.Edition = "public"
    sponsored: dict[str, list[Member]] = field(default_factory=lambda: defaultdict(list))
    attended: dict[str, list[timeline.Slot]] = field(default_factory=lambda: defaultdict(list))
    organised: dict[str, list[Event]] = field(default_factory=lambda: defaultdict(list))
    media_by: dict[str, list[Media]] = field(default_factory=lambda: defaultdict(list))
    clients_by: dict[str, list[Client]] = field(default_factory=lambda: defaultdict(list))
    posts_by: dict[str, list[Post]] = field(default_factory=lambda: defaultdict(list))
    tags: dict[str, dict[str, list[Listed]]] = field(default_factory=dict)
    cities: dict[str, dict[str, list[Listed]]] = field(default_factory=dict)
    former: set[str] = field(default_factory=set)
    """Expelled members: never named, shown as "a former member" where a record refers to
    them (an event they organised, someone they sponsored)."""

    def former_count(self, ids: list[str]) -> int:
        return sum(1 for i in ids if i in self.former)

    def visible(self, ids: list[str]) -> list[str]:
        return [i for i in ids if i in self.member_ids]

    def count(self, ids: list[str]) -> int:
        """How many the edition may tell (see :func:`generator.data.editions.count_ids`)."""
        return len(ids) if self.edition == "members" else len(self.visible(ids))

    def tag_src(self, tag: str) -> str:
        return f"tags/{tag_slug(tag)}.md"

    def city_src(self, city: str) -> str:
        return f"cities/{tag_slug(city)}.md"


def _file_under(table: dict[str, dict[str, list[Listed]]], key: str | None, kind: str,
                item: Listed) -> None:
    if key:
        table.setdefault(key, {"members": [], "media": [], "posts": []})[kind].append(item)


def build_index(com: Community, edition: editions.Edition) -> Index:
    members = editions.members(com, edition)
    evs = editions.events(com, edition)
    idx = Index(members=members, member_ids={m.id for m in members}, events=evs,
                slots=timeline.all_slots(com, evs), media=editions.media(com, edition),
                clients=editions.clients(com, edition), posts=editions.board(com, edition),
                edition=edition,
                former={i for i, m in com.members.items() if m.status == "expelled"})
    for m in members:
        if m.sponsor in idx.member_ids:
            idx.sponsored[m.sponsor].append(m)
        for tag in m.tags:
            _file_under(idx.tags, tag, "members", m)
        _file_under(idx.cities, m.city, "members", m)
    for s in idx.slots:
        for mid in idx.visible(s.attended):
            idx.attended[mid].append(s)
    for ev in evs:
        for mid in idx.visible(ev.organizers):
            idx.organised[mid].append(ev)
    for r in idx.media:
        idx.media_by[r.owner].append(r)
        for tag in r.tags:
            _file_under(idx.tags, tag, "media", r)
        _file_under(idx.cities, r.city, "media", r)
    for c in idx.clients:
        if c.owner in idx.member_ids:
            idx.clients_by[c.owner].append(c)
    for p in idx.posts:
        idx.posts_by[p.owner].append(p)
        for tag in p.tags:
            _file_under(idx.tags, tag, "posts", p)
        _file_under(idx.cities, p.city, "posts", p)
    return idx
