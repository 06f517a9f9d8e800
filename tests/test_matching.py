"""Collaboration matching (需求对接) on hand-written needs and offers whose answer is known.

The fixture (tests/fixtures/matching) holds one need, 寻找深圳写字楼电梯广告资源, and an offer,
福田CBD写字楼电梯屏, with no tag in common: only jieba's segmentation finds 写字楼 and 电梯.
Around them: a same-city decoy with nothing else in common, the need owner's own offer, an
expired offer, a candidate and a suspended member who would match, a members-only media
resource and a client-library entry (members edition only), a fulfilled and an expired need.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import random
from pathlib import Path
from typing import Any

import pytest

from generator.analysis import THRESHOLD, clear_cache, compute, matching, text
from generator.analysis import index as mindex
from generator.analysis.index import Doc, Index, candidate_docs, post_doc
from generator.analysis.match import top_matches
from generator.analysis.score import score

_spec = importlib.util.spec_from_file_location(
    "matching_fixture", Path(__file__).parent / "fixtures" / "matching" / "build.py")
assert _spec is not None and _spec.loader is not None
fixture = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(fixture)

NEED = "need-office-elevator"


@pytest.fixture(scope="module")
def com(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return fixture.load(tmp_path_factory.mktemp("matching"))


def ranked(com: Any, edition: str, need: str = NEED) -> list[tuple[str, str]]:
    return [(m.kind, m.id) for m in matching(com, edition).for_need(need)]  # type: ignore[arg-type]


# --------------------------------------------------------------------------- the known answers


def test_segmentation_alone_finds_the_offer(com: Any) -> None:
    need, offer = com.board[NEED], com.board["offer-futian-cbd-screens"]
    assert not {text.norm_tag(t) for t in need.tags} & {text.norm_tag(t) for t in offer.tags}
    assert offer.title not in need.title and need.title not in offer.title
    m = score(post_doc(need), post_doc(offer))
    assert m is not None
    assert m.words == ("写字楼", "电梯")
    assert m.kinds == ("elevator",)
    assert m.reasons("zh") == "同城·深圳 · 关键词: 写字楼、电梯 · 媒体类型: 电梯/楼宇"
    assert m.reasons("en") == "same city: Shenzhen · keywords: 写字楼, 电梯 · medium: elevator"


def test_public_edition_ranking(com: Any) -> None:
    assert ranked(com, "public") == [("offer", "offer-futian-cbd-screens"), ("member", "bo-wen")]


def test_members_edition_adds_members_only_media_and_clients_ties_broken_by_id(com: Any) -> None:
    found = matching(com, "members").for_need(NEED)
    assert [(m.kind, m.id, m.score) for m in found] == [
        ("media", "futian-office-elevator-members", 5),
        ("client", "huacai-office-launch", 5),
        ("offer", "offer-futian-cbd-screens", 5),
        ("member", "bo-wen", 3),
    ]


def test_same_city_decoy_never_matches(com: Any) -> None:
    decoy = post_doc(com.board["offer-wedding-photos"])
    need = post_doc(com.board[NEED])
    assert decoy.city == need.city == text.norm_city("深圳")
    assert score(need, decoy) is None
    for edition in ("public", "members"):
        ids = {cid for _k, cid in ranked(com, edition)}
        assert "offer-wedding-photos" not in ids and "cai-li" not in ids


def test_city_alone_is_below_the_threshold() -> None:
    from generator.analysis.score import CITY_POINTS
    assert CITY_POINTS < THRESHOLD


def test_never_the_needs_own_owner_nor_expired_candidate_or_suspended(com: Any) -> None:
    for edition in ("public", "members"):
        found = matching(com, edition).for_need(NEED)  # type: ignore[arg-type]
        assert all(m.owner != "an-qi" for m in found)
        ids = {m.id for m in found}
        assert not ids & {"offer-own-elevator", "offer-expired-elevator", "er-ya", "fu-qiang"}


def test_only_open_needs_are_matched(com: Any) -> None:
    mm = matching(com, "members")
    assert set(mm.needs) == {NEED, "need-metro-stale"}
    assert mm.for_need("need-fulfilled-metro") == [] and mm.for_need("need-expired-metro") == []
    assert mm.for_need("need-metro-stale") == []


def test_public_edition_uses_public_data_only(com: Any) -> None:
    docs = candidate_docs(com, "public")
    kinds = {d.kind for d in docs}
    assert "client" not in kinds
    assert "futian-office-elevator-members" not in {d.id for d in docs}
    assert {"client", "media", "offer", "member"} <= {
        d.kind for d in candidate_docs(com, "members")
    }


def test_reverse_views_for_members_offers_and_media(com: Any) -> None:
    mm = matching(com, "members")
    assert [m.need for m in mm.for_candidate("offer", "offer-futian-cbd-screens")] == [NEED]
    assert [m.need for m in mm.for_candidate("media", "futian-office-elevator-members")] == [NEED]
    helps = mm.for_member("bo-wen")  # as himself, through his offer and his media resource
    assert [m.need for m in helps] == [NEED]
    assert helps[0].kind != "member" and helps[0].score == 5
    assert matching(com, "public").for_member("gu-yun") == []  # her client is members-only
    assert [m.kind for m in mm.for_member("gu-yun")] == ["client"]


def test_match_date_is_the_later_of_the_two(com: Any) -> None:
    m = matching(com, "public").for_need(NEED)[0]
    assert m.since == dt.date(2026, 11, 20)  # the offer's posted date, after the need's


# --------------------------------------------------------------------------- words and kinds


@pytest.mark.parametrize("phrase, kind", [
    ("楼宇梯媒投放", "elevator"), ("深圳地铁灯箱", "metro"), ("宝安机场到达厅", "airport"),
    ("深南大道户外大牌", "outdoor"), ("影院映前广告", "cinema"), ("KOL达人种草", "kol"),
    ("小红书探店", "social"), ("年会活动场地", "event_space"),
])
def test_media_kind_is_read_from_words(phrase: str, kind: str) -> None:
    assert kind in text.kinds_in(text.segment(phrase))


def test_keywords_drop_stop_words_cities_numbers_and_single_characters() -> None:
    words = text.keywords(["寻找深圳写字楼电梯广告资源,预算 300 万,屏"])
    assert words == {"写字楼", "电梯"}


def test_city_forms_compare_equal() -> None:
    assert text.norm_city("深圳市") == text.norm_city("深圳") == text.norm_city("Shenzhen")
    assert text.norm_city("广州") != text.norm_city("深圳")
    assert text.norm_city(" ") is None
    assert text.city_label("香港", "en") == "Hong Kong" and text.city_label("深圳", "zh") == "深圳"


# --------------------------------------------------------------------------- determinism, scale


def test_ranking_does_not_depend_on_file_order(com: Any) -> None:
    docs = candidate_docs(com, "members")
    need = post_doc(com.board[NEED])
    expected = top_matches(need, Index.build(docs))
    for seed in range(5):
        shuffled = docs[:]
        random.Random(seed).shuffle(shuffled)
        assert top_matches(need, Index.build(shuffled)) == expected


def test_cache_returns_the_same_result_and_compute_agrees(com: Any) -> None:
    assert matching(com, "members") is matching(com, "members")
    fresh = compute(com, "members")
    assert fresh.by_need == matching(com, "members").by_need
    clear_cache()
    assert matching(com, "members").by_need == fresh.by_need


def _doc(i: int, tags: list[str], city: str = "深圳", owner: str = "x") -> Doc:
    return mindex._doc("offer", f"o-{i:05d}", owner, "t", None, tags, [], city)


def test_index_only_visits_candidates_sharing_a_selective_term(monkeypatch: Any) -> None:
    docs = [_doc(i, ["楼宇"]) for i in range(50)] + [_doc(50, ["灯光师"])]
    idx = Index.build(docs)
    need = mindex._doc("need", "n", "y", "t", None, ["灯光师"], [], "深圳")
    assert idx.candidates(need) == {50}  # 50 same-city candidates are never looked at
    common = mindex._doc("need", "n", "y", "t", None, ["楼宇"], [], "深圳")
    assert len(idx.candidates(common)) == 50
    monkeypatch.setattr(mindex, "MAX_POSTINGS", 10)
    assert idx.candidates(common) == set()  # too common to introduce anyone by itself


@pytest.mark.parametrize("cap", [None, 40])
def test_pruned_ranking_equals_scoring_every_candidate(cap: int | None, monkeypatch: Any) -> None:
    """top_matches scores few candidates; it must rank exactly like scoring every candidate
    the index finds (with a low cap, common terms find nobody but still add their points)."""
    if cap is not None:
        monkeypatch.setattr(mindex, "MAX_POSTINGS", cap)
    rng = random.Random(7)
    vocab = [
        "写字楼",
        "电梯",
        "地铁",
        "灯箱",
        "机场",
        "达人",
        "探店",
        "年会",
        "场地",
        "福田",
        "南山",
    ]
    cities = ["深圳", "广州", None]

    def doc(kind: str, i: int) -> Doc:
        return mindex._doc(kind, f"{kind}-{i:03d}", f"owner-{rng.randrange(20)}", "t", None,
                           rng.sample(vocab, rng.randrange(0, 3)),
                           ["".join(rng.sample(vocab, rng.randrange(0, 4)))], rng.choice(cities))
    docs = [doc(k, i) for i in range(150) for k in ("offer", "member")]
    index = Index.build(docs)
    for j in range(40):
        need = doc("need", j)
        found = [docs[i] for i in index.candidates(need)]
        every = sorted((m for m in (score(need, d) for d in found) if m is not None),
                       key=lambda m: m.sort_key())[:8]
        assert top_matches(need, index) == every
