"""How well a candidate serves a need, and why, in plain words.

Points (kept as small integers so a score can be explained by counting):

* each tag both carry ................. 2
* each keyword both use ............... 1  (words inside tags count: a shared tag 写字楼 is
                                            also a shared word; the reasons name it once)
* each medium asked for and offered ... 2
* same city ........................... 1

A candidate is a match from ``THRESHOLD`` (2) points. Same city alone is 1 point, so a
candidate that merely lives in the same city never matches; one shared keyword in the same city
does. Ranking: score (high first), then candidate id, then candidate kind — deterministic.

The score is a plain sum over shared terms, so an inverted index can add it up term by term
(generator/analysis/match.py) and only the few kept matches are explained in words.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator import i18n
from generator.analysis import text
from generator.analysis.index import Doc

TAG_POINTS = 2
WORD_POINTS = 1
KIND_POINTS = 2
CITY_POINTS = 1
THRESHOLD = 2
MAX_WORDS_SHOWN = 5
SEP = " · "


@dataclass(frozen=True)
class Match:
    """One suggested introduction: candidate (kind, id, owned by ``owner``) for ``need``."""

    need: str
    need_owner: str
    kind: str
    id: str
    owner: str
    title: str
    score: int
    tags: tuple[str, ...]      # shared tags, as the need writes them
    words: tuple[str, ...]     # shared keywords, in the need's order, as the need writes them
    kinds: tuple[str, ...]     # shared media kinds
    city: str | None           # the shared city as the need writes it, or None
    since: dt.date | None      # the day the match became possible (later of the two dates)

    def sort_key(self) -> tuple[int, str, str]:
        return (-self.score, self.id, self.kind)

    def reasons(self, lang: str) -> str:
        """同城·深圳 · 标签: 电梯媒体 · 关键词: 写字楼 (zh) / same city: Shenzhen · tags: … (en)."""
        parts: list[str] = []
        if self.city:
            parts.append(i18n.text(lang, "reasons.city", city=text.city_label(self.city, lang)))
        lst = i18n.text(lang, "punct.list")
        if self.tags:
            parts.append(i18n.text(lang, "reasons.tags", tags=lst.join(self.tags)))
        if self.words:
            shown = list(self.words[:MAX_WORDS_SHOWN])
            more = "…" if len(self.words) > MAX_WORDS_SHOWN else ""
            parts.append(i18n.text(lang, "reasons.words", words=lst.join(shown) + more))
        if self.kinds:
            labels = lst.join(text.kind_label(k, lang) for k in self.kinds)
            parts.append(i18n.text(lang, "reasons.kinds", kinds=labels))
        return SEP.join(parts)


def points(need: Doc, cand: Doc) -> int:
    """The score of ``cand`` for ``need`` (0 for the need's own owner: nobody is introduced
    to themselves)."""
    if cand.owner == need.owner:
        return 0
    return (TAG_POINTS * len(need.tags & cand.tags)
            + WORD_POINTS * len(need.all_words & cand.all_words)
            + KIND_POINTS * len(need.kinds & cand.kinds) + same_city(need, cand))


def same_city(need: Doc, cand: Doc) -> int:
    return CITY_POINTS if need.city is not None and need.city == cand.city else 0


def explain(need: Doc, cand: Doc, score: int | None = None) -> Match:
    """The match of ``cand`` for ``need`` with everything its reasons name (keywords that
    only repeat a shared tag are left out of the words, not of the score)."""
    tags = need.tags & cand.tags
    words = need.all_words & cand.all_words
    if tags:
        words = words - text.tag_words(tags)
    tag_surface = dict(need.tag_surface)
    word_surface = dict(need.word_surface)
    order = {w: i for i, w in enumerate(need.word_order)}
    ordered = sorted(words, key=lambda w: (order.get(w, len(order)), w))
    since = max((d for d in (need.since, cand.since) if d is not None), default=None)
    return Match(
        need=need.id, need_owner=need.owner, kind=cand.kind, id=cand.id, owner=cand.owner,
        title=cand.title, score=points(need, cand) if score is None else score,
        tags=tuple(sorted(tag_surface.get(t, t) for t in tags)),
        words=tuple(word_surface.get(w, w) for w in ordered),
        kinds=tuple(sorted(need.kinds & cand.kinds)),
        city=need.city_text if same_city(need, cand) else None, since=since)


def score(need: Doc, cand: Doc) -> Match | None:
    """The match of ``cand`` for ``need``, or None below the threshold."""
    p = points(need, cand)
    return explain(need, cand, p) if p >= THRESHOLD else None
