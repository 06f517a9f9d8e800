"""Privacy editions: build both editions of a fixture community whose every non-public value
carries a distinctive marker, then read EVERY output file (HTML, search index, sitemap and its
.gz, calendars, JSON API, vCards, feeds …) for every marker.

public  — never the client library, members-only or private contact fields, members-only
          events/resources/posts, candidates, suspended members, expired posts;
members — adds the members-level values, and still never a ``private`` field.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import make_community
from test_site import both_editions, write_yaml

PUBLIC = ["PUBWECHATZZ", "Publicpersonzz"]
MEMBERS_ONLY = ["MEMPHONEZZ", "MEMEVENTZZ", "MEMEVENTDESCZZ", "MEMMEDIAZZ", "MEMTAGZZ",
                "MEMCITYZZ", "CLIENTBRANDZZ", "CLIENTNEEDZZ", "CLIENTNOTEZZ", "MEMPOSTZZ",
                "Candidatezz", "CANDORGZZ", "CANDBIOZZ", "CANDTAGZZ", "CANDCITYZZ",
                "CANDMEDIAZZ", "CANDWECHATZZ", "Guestnamezz"]
NEVER = ["privmailzz", "PRIVPHONEZZ", "DUESNOTEZZ", "Suspendedzz", "SUSPORGZZ", "SUSPBIOZZ",
         "SUSPPOSTZZ", "susp-zz", "EXPIREDPOSTZZ", "SUSPWECHATZZ", "SUSPREASONZZ",
         # an expelled member: in no edition at all (issue 13)
         "Expelledzz", "expel-zz", "EXPELORGZZ", "EXPELREASONZZ", "expelgithubzz",
         "EXPELWECHATZZ"]
HIDDEN_FROM_PUBLIC = ["hidegithubzz", "2024-10-23"]
"""A member's ``hide: [github, sponsor, dates]``: the members edition still shows them."""


def marked_community(tmp: Path) -> Path:
    root = make_community(tmp)
    w = write_yaml
    w(root, "members/pub-zz.yml", {
        "name": "Publicpersonzz", "org": "公开机构", "circle": "outer", "status": "active",
        "joined": "2025-03-01", "sponsor": "wang-jian", "approved_by": ["wang-jian"],
        "dues": [{"year": 2025, "paid": "2025-03-01", "amount": 3000, "note": "DUESNOTEZZ"}],
        "contact": {"wechat": {"value": "PUBWECHATZZ", "visibility": "public"},
                    "phone": {"value": "MEMPHONEZZ", "visibility": "members"},
                    "email": {"value": "privmailzz@example.com", "visibility": "private"}}})
    w(root, "members/cand-zz.yml", {
        "name": "Candidatezz", "org": "CANDORGZZ", "circle": "outer", "status": "candidate",
        "joined": "2026-01-20", "sponsor": "wang-jian", "bio": "CANDBIOZZ",
        "tags": ["CANDTAGZZ"], "city": "CANDCITYZZ",
        "contact": {"wechat": {"value": "CANDWECHATZZ", "visibility": "public"},
                    "phone": {"value": "PRIVPHONEZZ", "visibility": "private"}}})
    w(root, "members/susp-zz.yml", {
        "name": "Suspendedzz", "org": "SUSPORGZZ", "circle": "outer", "status": "suspended",
        "joined": "2024-05-01", "sponsor": "wang-jian", "approved_by": ["wang-jian"],
        "bio": "SUSPBIOZZ", "suspended": "2025-12-01", "reason": "SUSPREASONZZ",
        "contact": {"wechat": {"value": "SUSPWECHATZZ", "visibility": "public"}}})
    w(root, "members/expel-zz.yml", {
        "name": "Expelledzz", "org": "EXPELORGZZ", "circle": "outer", "status": "expelled",
        "joined": "2024-05-01", "left": "2025-11-30", "reason": "EXPELREASONZZ",
        "sponsor": "wang-jian", "approved_by": ["wang-jian"], "github": "expelgithubzz",
        "contact": {"wechat": {"value": "EXPELWECHATZZ", "visibility": "public"}}})
    w(root, "members/hider-zz.yml", {
        "name": "Hiderzz", "org": "隐私机构", "circle": "outer", "status": "active",
        "joined": "2024-10-23", "sponsor": "li-na", "approved_by": ["wang-jian"],
        "github": "hidegithubzz", "hide": ["github", "sponsor", "dates"]})
    w(root, "content/events/mem-event-zz.yml", {
        "title": "MEMEVENTZZ", "start": "2026-03-20 19:00", "audience": "members",
        "description": "MEMEVENTDESCZZ", "organizers": ["wang-jian"], "rsvp": ["susp-zz"]})
    w(root, "content/events/open-zz.yml", {
        "title": "公开活动", "start": "2026-01-10 19:00", "audience": "public",
        "kind": "open_event", "organizers": ["wang-jian", "expel-zz"],
        "rsvp": ["susp-zz", "cand-zz", "pub-zz", "expel-zz"], "guests": 1,
        "guest_names": ["Guestnamezz"],  # a guest's name: members edition only (issue 15)
        "attended": ["susp-zz", "pub-zz", "expel-zz"]})
    w(root, "resources/media/mem-media-zz.yml", {
        "title": "MEMMEDIAZZ", "owner": "wang-jian", "kind": "outdoor", "city": "MEMCITYZZ",
        "audience": "members", "tags": ["MEMTAGZZ"]})
    w(root, "resources/media/cand-media-zz.yml", {
        "title": "CANDMEDIAZZ", "owner": "cand-zz", "kind": "outdoor", "city": "深圳"})
    w(root, "resources/clients/client-zz.yml", {
        "brand": "CLIENTBRANDZZ", "owner": "wang-jian", "industry": "零售",
        "need": "CLIENTNEEDZZ", "notes": "CLIENTNOTEZZ"})
    w(root, "resources/board/mem-post-zz.yml", {
        "title": "MEMPOSTZZ", "type": "need", "owner": "wang-jian", "posted": "2026-01-05",
        "audience": "members"})
    w(root, "resources/board/susp-post-zz.yml", {
        "title": "SUSPPOSTZZ", "type": "offer", "owner": "susp-zz", "posted": "2026-01-05"})
    w(root, "resources/board/expired-zz.yml", {
        "title": "EXPIREDPOSTZZ", "type": "offer", "owner": "wang-jian",
        "posted": "2025-12-01", "expires": "2026-01-15", "fulfilled_by": ["susp-zz"]})
    return root


@pytest.fixture(scope="module")
def editions(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, str]]:
    """edition → {relative path: text} of every file in the built site."""
    tmp = tmp_path_factory.mktemp("privacy")
    return both_editions(marked_community(tmp), tmp)


def where(files: dict[str, str], marker: str) -> list[str]:
    m = marker.lower()
    return [rel for rel, text in files.items() if m in text.lower()]


@pytest.mark.parametrize("marker", MEMBERS_ONLY + NEVER)
def test_public_edition_contains_no_private_value(editions: dict[str, dict[str, str]],
                                                  marker: str) -> None:
    assert where(editions["public"], marker) == []


@pytest.mark.parametrize("marker", NEVER)
def test_members_edition_never_contains_private_values(editions: dict[str, dict[str, str]],
                                                       marker: str) -> None:
    assert where(editions["members"], marker) == []


@pytest.mark.parametrize("marker", MEMBERS_ONLY)
def test_members_edition_shows_members_values(editions: dict[str, dict[str, str]],
                                              marker: str) -> None:
    """The markers are really rendered somewhere, so the absence above means something."""
    assert where(editions["members"], marker)


@pytest.mark.parametrize("marker", HIDDEN_FROM_PUBLIC)
def test_a_member_can_hide_login_and_dates_from_the_public(editions: dict[str, dict[str, str]],
                                                           marker: str) -> None:
    assert where(editions["public"], marker) == []
    assert where(editions["members"], marker)


def test_a_hidden_sponsor_is_no_link_no_tree_edge(editions: dict[str, dict[str, str]]) -> None:
    """``hide: [sponsor]``: neither the member's page, the sponsor's page, the referral
    tree nor the API tells who introduced them; the members edition does."""
    import json

    def api_sponsor(ed: str) -> object:
        people = json.loads(editions[ed]["api/v1/members.json"])
        people = people.get("items", people) if isinstance(people, dict) else people
        return next(p for p in people if p["id"] == "hider-zz")["sponsor"]

    public, members = editions["public"], editions["members"]
    assert "li-na/" not in public["members/hider-zz/index.html"]
    assert "hider-zz/" not in public["members/li-na/index.html"]
    assert api_sponsor("public") is None and api_sponsor("members") == "li-na"
    assert "li-na/" in members["members/hider-zz/index.html"]
    trees = [rel for rel, text in public.items() if "flowchart" in text or "graph TD" in text]
    for rel in trees:
        assert not re.search(r"li-na\S*\s*-->\s*\S*hider", public[rel]), rel


def test_an_expelled_organiser_is_a_former_member(editions: dict[str, dict[str, str]]) -> None:
    page = editions["public"]["events/open-zz/index.html"]
    assert "1 位前成员" in page
    assert "已报名 1 人" in page  # of four replies, the public may see only pub-zz


@pytest.mark.parametrize("marker", PUBLIC)
def test_public_values_are_published(editions: dict[str, dict[str, str]], marker: str) -> None:
    assert "members/pub-zz/index.html" in where(editions["public"], marker)


def test_public_edition_has_no_client_library_at_all(editions: dict[str, dict[str, str]]
                                                     ) -> None:
    public = editions["public"]
    assert not [rel for rel in public if rel.startswith(("clients/", "admin/"))]
    assert "clients/index.html" in editions["members"]
    assert 'name="robots" content="noindex' in editions["members"]["index.html"]
    assert 'name="robots"' not in public["index.html"]


def test_every_search_index_file_is_scanned(editions: dict[str, dict[str, str]]) -> None:
    """Issue 17: the search index is several files (Material's configuration, the entities,
    the text chunks). Each is among the files scanned above; the members edition's hold the
    members-level values (a client's brand, a candidate, a members-only event), so the public
    edition's holding none of them means something."""
    def search(edition: str) -> dict[str, str]:
        return {rel: text for rel, text in editions[edition].items()
                if rel.startswith("search/")}

    for edition in ("public", "members"):
        files = sorted(search(edition))
        assert "search/courtyard/entities.json" in files, files
        assert any(rel.startswith("search/courtyard/text-") for rel in files), files
    members = search("members")
    for marker in ("CLIENTBRANDZZ", "Candidatezz", "CANDORGZZ", "MEMEVENTZZ", "MEMMEDIAZZ"):
        assert where(members, marker), marker
    public = search("public")
    assert [m for m in MEMBERS_ONLY + NEVER if where(public, m)] == []
    assert where(public, "Publicpersonzz")
