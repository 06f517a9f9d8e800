"""One profile update (issue 24, "one fact, one place"): a member changes their own profile
through the issue form (``from-issue --form profile``) or a signed request from the site's
form (``apply``); both run :func:`generator.admin.profile.updates`, so the same bad value is
refused with the same problem, every problem at once, and a field the registry adds reaches
both."""

# ruff: noqa: F811
# (the pytest fixtures imported from governance_helpers and test_registry are parameters)
from __future__ import annotations

from pathlib import Path

import pytest
from governance_helpers import committed_community, repo  # noqa: F401
from test_registry import LINKEDIN, linkedin  # noqa: F401

from generator.admin import profile
from generator.admin.request import Request, protocol, render
from generator.commands.apply import build
from generator.commands.from_issue import handle
from generator.data.community import Community, load_community
from generator.github import forms
from tests.conftest import SAMPLE_TODAY

LONG_TITLE = "电梯" * 31  # 62 characters: the model allows 60
HIDDEN = "李\u200b娜"  # a zero-width space: a lookalike of a nickname


def _community(root: Path) -> Community:
    import datetime as dt

    return load_community(str(root), dt.date.fromisoformat(SAMPLE_TODAY))


def by_issue(com: Community, answers: dict[str, str]) -> list[str]:
    """The problems of the profile issue form with ``answers`` (li-na's login is lina; the
    form made now, from the registry as it is)."""
    form = forms.make_forms()["profile"]
    with pytest.raises(profile.Refused) as exc:
        handle(com, form, forms.render_body(form, answers), "lina", "en")
    return exc.value.lines


def by_request(com: Community, fields: dict[str, str]) -> list[str]:
    """The problems of a profile request for li-na with ``fields``, read back from its text
    as ``apply`` reads it (the signature is apply's own business, tested in test_apply)."""
    from generator.admin.request import parse

    text = render(com.charter, "en", "profile", {"member": "li-na", **fields})
    req = parse(text, com.charter)
    assert isinstance(req, Request) and req.kind == "profile"
    with pytest.raises(profile.Refused) as exc:
        build(com, req, "en")
    return exc.value.lines


def detail(line: str) -> str:
    """A problem without the channel's label (``**Title**: …`` → ``…``)."""
    return line.split("**: ", 1)[-1]


def test_the_same_bad_values_are_refused_the_same_way_by_both_channels(repo: Path) -> None:
    com = _community(repo)
    answers = {"title": LONG_TITLE, "display_name": HIDDEN}
    issue, request = by_issue(com, answers), by_request(com, answers)
    assert len(issue) == len(request) == 2, (issue, request)  # every problem, not the first
    assert sorted(map(detail, issue)) == sorted(map(detail, request))
    assert any("60" in detail(x) for x in issue) and any("U+200B" in x for x in request)


def test_tags_are_split_as_people_type_them_by_both_channels(repo: Path) -> None:
    com = _community(repo)
    m = com.members["li-na"]
    for channel in ("form:profile", "request:profile"):
        got = profile.updates(com, m, {"tags": "生活;旅行；摄影\n美食"}, channel, "en")
        assert got == {"tags": ["生活", "旅行", "摄影", "美食"]}, channel


def test_a_field_only_the_issue_form_offers_is_refused_by_a_request(repo: Path) -> None:
    com = _community(repo)
    with pytest.raises(profile.Refused) as exc:
        profile.updates(com, com.members["li-na"], {"org": "坪山户外传媒"}, "request:profile",
                        "en")
    assert "org" in exc.value.lines[0]


def test_a_field_the_registry_adds_reaches_both_channels(linkedin: None, repo: Path) -> None:
    com = _community(repo)
    m = com.members["li-na"]
    for channel in ("form:profile", "request:profile"):
        assert "linkedin" in profile.names(channel)
        assert profile.updates(com, m, {"linkedin": LINKEDIN}, channel, "en") == {
            "linkedin": LINKEDIN}
    bad = {"linkedin": "javascript:alert(1)"}
    issue, request = by_issue(com, bad), by_request(com, bad)
    assert len(issue) == len(request) == 1
    assert detail(issue[0]) == detail(request[0])
    change = profile.change(com, m, {"linkedin": LINKEDIN})
    # the site's form: the field, its widget and label, prefilled from the member's value
    page = protocol(com.charter, "en")
    assert "linkedin" in page["form"]["profile"] and "linkedin" in page["profile_fields"]
    assert page["widgets"]["profile"]["linkedin"] == "text"
    assert page["page_labels"]["profile"]["linkedin"] == "LinkedIn profile"
    assert f"linkedin: {LINKEDIN}" in change.texts()[m.file][1]
