"""Matching every open need of one edition, once per community and edition.

Why a cache: the site asks for matches on every need page, every member page and every offer
or media page; computing them once per (community, edition) keeps the build linear.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from generator.analysis import index as index_module
from generator.analysis.cache import per_community
from generator.analysis.index import Doc, Index, candidate_docs, open_needs, post_doc, terms
from generator.analysis.score import (
    CITY_POINTS,
    KIND_POINTS,
    TAG_POINTS,
    THRESHOLD,
    WORD_POINTS,
    Match,
    explain,
)
from generator.data.editions import Edition
from generator.data.models import Post

if TYPE_CHECKING:
    from generator.data.community import Community

TOP_N = 8  # matches kept per need: enough choice for an introduction, short enough to read
WEIGHT = {"t": TAG_POINTS, "w": WORD_POINTS, "k": KIND_POINTS}  # by term family (index.terms)


@dataclass
class Matching:
    """All matches of one edition, from the needs' side and from the candidates' side."""

    edition: Edition
    needs: dict[str, Post]                                  # open needs, by id
    by_need: dict[str, list[Match]] = field(default_factory=dict)
    by_candidate: dict[tuple[str, str], list[Match]] = field(default_factory=dict)
    by_owner: dict[str, list[Match]] = field(default_factory=dict)

    def for_need(self, need_id: str) -> list[Match]:
        """Best first; empty for a need that is expired, fulfilled or unknown."""
        return self.by_need.get(need_id, [])

    def for_candidate(self, kind: str, cid: str) -> list[Match]:
        """Needs this offer / media resource / member / client could serve, best first."""
        return self.by_candidate.get((kind, cid), [])

    def for_member(self, member_id: str) -> list[Match]:
        """One match per need that the member can help with, themselves or through something
        they own (the strongest such match per need; on a tie the offer, media resource or
        client, which says *how* they can help), best first."""
        best: dict[str, Match] = {}
        for m in self.by_owner.get(member_id, []):
            cur = best.get(m.need)
            if cur is None or (m.score, m.kind != "member") > (cur.score, cur.kind != "member"):
                best[m.need] = m
        return sorted(best.values(), key=lambda m: (-m.score, m.need))


def compute(com: Community, edition: Edition) -> Matching:
    """Match every open need of ``edition`` against that edition's candidates."""
    needs = open_needs(com, edition)
    index = Index.build(candidate_docs(com, edition))
    result = Matching(edition=edition, needs={p.id: p for p in needs})
    by_cand: dict[tuple[str, str], list[Match]] = defaultdict(list)
    by_owner: dict[str, list[Match]] = defaultdict(list)
    for p in needs:
        need = post_doc(p)
        found = top_matches(need, index)
        result.by_need[p.id] = found
        for m in found:
            by_cand[(m.kind, m.id)].append(m)
            by_owner[m.owner].append(m)

    def order(m: Match) -> tuple[float, str]:
        return (-m.score, m.need)

    result.by_candidate = {k: sorted(v, key=order) for k, v in sorted(by_cand.items())}
    result.by_owner = {k: sorted(v, key=order) for k, v in sorted(by_owner.items())}
    return result


def top_matches(need: Doc, index: Index, n: int = TOP_N) -> list[Match]:
    """The ``n`` best matches for one need. Term at a time: every candidate filed under one
    of the need's selective terms gets that term's points; terms too common to search by
    (``index.MAX_POSTINGS``) and the city are then added for the candidates found. The sum
    is ``score.points`` exactly, so only the ``n`` kept matches are explained in words."""
    docs = index.docs
    acc: dict[int, int] = {}
    common: dict[str, set[str]] = {"t": set(), "w": set(), "k": set()}
    for term in terms(need):
        hits = index.postings.get(term)
        if hits is None:
            continue
        if len(hits) > index_module.MAX_POSTINGS:
            common[term[0]].add(term[2:])
            continue
        w = WEIGHT[term[0]]
        for i in hits:
            acc[i] = acc.get(i, 0) + w
    ct, cw, ck = common["t"], common["w"], common["k"]
    city = need.city
    ranked = []
    for i, base in acc.items():
        d = docs[i]
        if d.owner == need.owner:
            continue
        p = base
        if ct or cw or ck:
            p += (TAG_POINTS * len(ct & d.tags) + WORD_POINTS * len(cw & d.all_words)
                  + KIND_POINTS * len(ck & d.kinds))
        if city is not None and d.city == city:
            p += CITY_POINTS
        if p >= THRESHOLD:
            ranked.append((-p, d.id, d.kind, i))
    return [explain(need, docs[i], -p) for p, _id, _k, i in heapq.nsmallest(n, ranked)]


def matching(com: Community, edition: Edition) -> Matching:
    """The matches of ``edition`` for ``com``, computed on first use and then reused."""
    return per_community(com, f"matching:{edition}", lambda: compute(com, edition))
