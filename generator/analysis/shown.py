"""What the site shows about matching and engagement, as plain data (no markup).

Why separate from rendering: the site's templates, the JSON API or a test can use the same
lists; generator/pages/matching.py turns them into escaped HTML fragments and charts.
Every function takes the edition and returns only what that edition may show.

Page paths (``src``) follow the site's layout: ``board/<id>.md`` for offers and needs,
``media/<id>.md``, ``clients/<id>.md`` (members edition only), ``members/<id>.md``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, TypedDict

from generator.analysis import engagement
from generator.analysis.cache import per_community
from generator.analysis.match import matching
from generator.analysis.score import Match
from generator.data.editions import Edition

if TYPE_CHECKING:
    from generator.data.community import Community

MONTHS = 12  # how far back the public aggregates go

SRC = {"offer": "board/{}.md", "need": "board/{}.md", "media": "media/{}.md",
       "client": "clients/{}.md", "member": "members/{}.md"}


def src_of(kind: str, rid: str) -> str:
    """The docs path of the page for a record of ``kind`` (the site writes one per record)."""
    return SRC[kind].format(rid)



class Totals(TypedDict):
    """The community's figures per dated year (see :func:`community_totals`)."""

    years: list[int]
    totals: dict[int, engagement.Counts]
    active: dict[int, int]
    held: dict[int, int]


@dataclass(frozen=True)
class Entry:
    """One line of a match list: what to link to, whose it is, and why it matches."""

    kind: str          # offer, media, member, client — or "need" in the reverse lists
    id: str
    src: str
    title: str
    owner: str
    owner_name: str
    score: int
    reasons: str
    via: str | None = None  # reverse lists: the offer/media/client that matched, if not the member

    @property
    def owner_src(self) -> str:
        return src_of("member", self.owner)


def _name(com: Community, mid: str) -> str:
    m = com.members.get(mid)
    return m.name if m is not None else mid


def need_matches(com: Community, need_id: str, edition: Edition, lang: str) -> list[Entry] | None:
    """Possible matches for one need, best first; None when the need is not open in this
    edition (expired, fulfilled, not a need, or not visible) — nothing to show then."""
    mm = matching(com, edition)
    if need_id not in mm.needs:
        return None
    return [Entry(m.kind, m.id, src_of(m.kind, m.id), _candidate_title(com, m), m.owner,
                  _name(com, m.owner), m.score, m.reasons(lang))
            for m in mm.for_need(need_id)]


def _candidate_title(com: Community, m: Match) -> str:
    return _name(com, m.id) if m.kind == "member" else m.title


def _need_entry(com: Community, m: Match, lang: str, via: str | None = None) -> Entry:
    need = com.board[m.need]
    return Entry("need", need.id, src_of("need", need.id), need.title, need.owner,
                 _name(com, need.owner), m.score, m.reasons(lang), via)


def helpable_needs(com: Community, member_id: str, edition: Edition, lang: str) -> list[Entry]:
    """你可以帮忙的需求: open needs the member matches, themselves or through an offer, media
    resource or (members edition) client they hold; ``via`` names that resource."""
    out = []
    for m in matching(com, edition).for_member(member_id):
        via = None if m.kind == "member" else m.title
        out.append(_need_entry(com, m, lang, via))
    return out


def served_needs(com: Community, kind: str, rid: str, edition: Edition, lang: str) -> list[Entry]:
    """Open needs an offer, media resource or client-library entry could serve, best first."""
    return [_need_entry(com, m, lang) for m in matching(com, edition).for_candidate(kind, rid)]


# --------------------------------------------------------------------------- engagement


def member_activity(
    com: Community, member_id: str, edition: Edition
) -> dict[int | None, dict[str, int]] | None:
    """A member's own counts by year (None: undated resources), members edition only — the
    public edition never shows per-member engagement."""
    if edition != "members":
        return None
    return engagement.of(com, "members").member_years(member_id)


def community_totals(com: Community, edition: Edition) -> Totals | None:
    """The community's totals per year, members edition only: counts per category, members
    with any activity, events held."""
    if edition != "members":
        return None
    eng = engagement.of(com, "members")
    return {"years": eng.years(), "totals": eng.totals(), "active": eng.active_members(),
            "held": {y: eng.events_held.get(y, 0) for y in eng.years()}}


def public_months(com: Community, count: int = MONTHS) -> list[engagement.MonthFigures]:
    """This month and the ones before it, from public data only (safe in either edition)."""
    def compute() -> list[engagement.MonthFigures]:
        mm = matching(com, "public")
        matched = {nid for nid, found in mm.by_need.items() if found}
        return engagement.month_series(com, engagement.recent_months(com.today, count), matched)

    return per_community(com, f"months:{count}", compute)

