"""Needs and candidates as term sets, and the inverted index that keeps matching near linear.

Why an index: comparing every need with every candidate is quadratic (5,000 posts × 12,000
candidates is sixty million pairs). Instead each candidate is filed under each of its tags,
keywords and media kinds; a need only looks at the candidates filed under its own terms.

What is a candidate for which edition (decided with generator.data.editions, never here by hand):

* active ``offer`` posts (not expired as of ``com.today``) visible in the edition;
* media resources visible in the edition;
* active members visible in the edition;
* client-library entries, in the members edition only (``editions.clients`` is empty for the
  public edition).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from generator.analysis import text
from generator.data import editions
from generator.data.editions import Edition
from generator.data.models import Client, Media, Member, Post

if TYPE_CHECKING:
    from generator.data.community import Community


# A term held by more candidates than this finds nobody by itself (it would make the work per
# need grow with the community); it still counts for candidates found through other terms.
MAX_POSTINGS = 1000


@dataclass(frozen=True)
class Doc:
    """One need or candidate reduced to what matching compares."""

    kind: str                    # "need", "offer", "media", "member" or "client"
    id: str
    owner: str                   # member id of whoever holds it (a member owns itself)
    title: str
    since: dt.date | None        # when it became available: posted, updated, since, joined
    tags: frozenset[str]         # normalised tags
    tag_surface: tuple[tuple[str, str], ...]  # normalised tag -> as written
    tag_words: frozenset[str]    # keywords found inside tags
    words: frozenset[str]        # keywords from the free text (lowercased)
    word_order: tuple[str, ...]  # the same, in order of first appearance
    word_surface: tuple[tuple[str, str], ...]  # lowercased -> as written, where they differ
    all_words: frozenset[str]    # words | tag_words
    kinds: frozenset[str]        # media kinds offered / asked for
    city: str | None             # normalised city key
    city_text: str | None        # the city as written

    @property
    def key(self) -> tuple[str, str]:
        return (self.kind, self.id)


def _doc(kind: str, rid: str, owner: str, title: str, since: dt.date | None,
         tags: Iterable[str], texts: Iterable[str | None], city: str | None,
         explicit_kind: str | None = None) -> Doc:
    tag_list = [t for t in tags if t and t.strip()]
    norm = {text.norm_tag(t): t for t in reversed(tag_list)}
    body = text.terms(texts)
    in_tags = text.terms(tag_list)
    if explicit_kind is not None:
        kinds = frozenset({explicit_kind})
    else:
        kinds = body.kinds | in_tags.kinds | frozenset(text.kinds_in(norm))
    return Doc(
        kind=kind,
        id=rid,
        owner=owner,
        title=title,
        since=since,
        tags=frozenset(norm),
        tag_surface=tuple(sorted(norm.items())),
        tag_words=frozenset(in_tags.words),
        words=frozenset(body.words),
        all_words=frozenset(in_tags.words) | frozenset(body.words),
        word_order=body.words,
        word_surface=tuple(sorted(dict(reversed(body.surface)).items())),
        kinds=kinds,
        city=text.norm_city(city),
        city_text=city.strip() if city else None,
    )


def post_doc(p: Post) -> Doc:
    kind = "need" if p.type == "need" else "offer"
    return _doc(kind, p.id, p.owner, p.title, p.posted, p.tags, [p.title, p.description], p.city)


def media_doc(r: Media) -> Doc:
    return _doc("media", r.id, r.owner, r.title, r.updated, r.tags,
                [r.title, r.description, *r.locations], r.city, explicit_kind=r.kind)


def member_doc(m: Member) -> Doc:
    return _doc("member", m.id, m.id, f"{m.name} · {m.org}", m.joined, m.tags,
                [m.title, m.bio], m.city)


def client_doc(c: Client) -> Doc:
    return _doc("client", c.id, c.owner, c.brand, c.since, [*c.tags, c.industry],
                [c.need, c.notes], c.city)


def is_active(p: Post, today: dt.date) -> bool:
    """Posted by today and not expired (a post expiring today is still active today)."""
    return p.posted <= today and (p.expires is None or p.expires >= today)


def open_needs(com: Community, edition: Edition) -> list[Post]:
    """Active needs visible in this edition that nobody has fulfilled yet, sorted by id.
    A need naming ``fulfilled_by`` is answered: it is shown as such, not matched again."""
    return [p for p in editions.board(com, edition)
            if p.type == "need" and not p.fulfilled_by and is_active(p, com.today)]


def candidate_docs(com: Community, edition: Edition) -> list[Doc]:
    """Every candidate this edition may show, as documents (sorted by kind, then id)."""
    docs: list[Doc] = []
    docs += [post_doc(p) for p in editions.board(com, edition)
             if p.type == "offer" and is_active(p, com.today)]
    docs += [media_doc(r) for r in editions.media(com, edition)]
    docs += [member_doc(m) for m in editions.members(com, edition) if m.status == "active"]
    docs += [client_doc(c) for c in editions.clients(com, edition)
             if _owner_listed(com, c.owner, edition)]
    return docs


def _owner_listed(com: Community, owner: str, edition: Edition) -> bool:
    m = com.members.get(owner)
    return m is not None and editions.member_visible(m, edition)


@dataclass
class Index:
    """term -> positions of the candidates holding it. Terms are prefixed by their family
    (``t:`` tag, ``w:`` keyword, ``k:`` media kind) so a tag and a word never collide."""

    docs: list[Doc]
    postings: dict[str, list[int]] = field(default_factory=dict)

    @classmethod
    def build(cls, docs: list[Doc]) -> Index:
        postings: dict[str, list[int]] = defaultdict(list)
        for i, d in enumerate(docs):
            for term in terms(d):
                postings[term].append(i)
        return cls(docs, dict(postings))

    def candidates(self, need: Doc) -> set[int]:
        """Positions of the candidates sharing at least one selective term with ``need``."""
        found: set[int] = set()
        for term in terms(need):
            hits = self.postings.get(term)
            if hits is not None and len(hits) <= MAX_POSTINGS:
                found.update(hits)
        return found


def terms(d: Doc) -> set[str]:
    """The terms a document is filed under. City is not one: it never introduces anyone."""
    out = {"t:" + t for t in d.tags}
    out.update("w:" + w for w in d.all_words)
    out.update("k:" + k for k in d.kinds)
    return out
