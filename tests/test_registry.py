"""The field registry (generator/data/registry.py): each field is declared once, in its model,
and every stage reads that declaration.

The end-to-end tests add a field the way a club would — ``linkedin``, members-only, changed
by the member, offered by the profile forms, written to the vCard as ``X-SOCIALPROFILE`` —
by putting a model with that one more field in the registry's place (and its labels in the
catalogue), in-process: no file of the project is edited. They then find it in the JSON
Schema, the issue form, the request form's JSON, from-issue, the ownership check, the members
edition only (the view, the API and its schema) and the vCard, parsed back with vobject.
"""

# ruff: noqa: F811
# (the pytest fixtures imported from governance_helpers are parameters below)
from __future__ import annotations

from pathlib import Path
from typing import Annotated

import pytest
import vobject  # type: ignore[import-untyped]
import yaml
from governance_helpers import TODAY, committed_community, edit, repo  # noqa: F401
from pydantic import Field

from generator.admin import fields
from generator.checks import judge
from generator.commands.from_issue import handle
from generator.data import editions, models, registry, schema
from generator.data.community import Community, load_community
from generator.data.meta import DEFAULT, Meta
from generator.data.models import PROFILE, SELF, Member, WebUrl
from generator.exports import api, vcard
from generator.exports.api_models import ITEM_MODELS
from generator.github import forms
from generator.i18n import catalogue

LINKEDIN = "https://www.linkedin.com/in/li-na"
LI_NA = "members/li-na.yml"


class LinkedInMember(Member):
    """The member model with the one field a club adds (the worked example in the note adds
    the same line to ``Member`` itself)."""

    linkedin: Annotated[WebUrl | None, Meta(visibility="members", changed_by=SELF,
                                            offer=PROFILE, vcard="X-SOCIALPROFILE")] = Field(
        default=None, description="LinkedIn profile address (members edition only).")


@pytest.fixture
def linkedin(monkeypatch: pytest.MonkeyPatch) -> None:
    """The registry with ``linkedin``: the model in KINDS, its labels in both catalogues,
    and ``new``'s questions made again from the registry."""
    monkeypatch.setitem(models.KINDS, "member", ("members", LinkedInMember))
    for lang, label in (("zh", "领英主页"), ("en", "LinkedIn profile")):
        table = catalogue.table(lang)
        monkeypatch.setitem(table, "field.linkedin", label)
        monkeypatch.setitem(table, "form.field.linkedin", label)
    monkeypatch.setitem(fields.SPECS, "member", fields.build_specs("member"))


def with_linkedin(root: Path) -> None:
    """li-na's file with her LinkedIn address and a public e-mail address (so that both
    editions give her a vCard)."""
    edit(root, LI_NA, "city: 深圳\n", f"city: 深圳\nlinkedin: {LINKEDIN}\n"
         "contact:\n  email: {value: lina@example.org, visibility: public}\n")


def li_na(com: Community, edition: editions.Edition) -> LinkedInMember:
    """li-na as ``edition`` shows her."""
    m = next(m for m in editions.members(com, edition) if m.id == "li-na")
    assert isinstance(m, LinkedInMember)
    return m


# --------------------------------------------------------------------------- one new field


def test_the_json_schema_carries_the_field_and_its_declaration(linkedin: None) -> None:
    prop = schema.schemas()["member.schema.json"]["properties"]["linkedin"]
    assert prop["x-courtyard"] == {
        "visibility": "members", "changed_by": ["self", "admin"],
        "offer": ["form:profile", "request:profile"], "widget": "text",
        "vcard": "X-SOCIALPROFILE", "api": "linkedin"}
    assert {"type": "string"} in prop["anyOf"]


def test_the_issue_form_and_the_request_form_offer_it(linkedin: None) -> None:
    made = forms.make_forms()
    doc = yaml.safe_load(forms.template(made["profile"]))
    element = next(e for e in doc["body"] if e.get("id") == "linkedin")
    assert element["type"] == "input"
    assert element["attributes"]["label"] == "领英主页 LinkedIn profile"
    assert "linkedin" not in [f.id for f in made["member"].fields]  # not offered there
    assert {"name": "linkedin", "kind": "member", "widget": "text",
            "required": False} in registry.request_forms()["profile"]
    assert "linkedin" not in [f["name"] for f in registry.request_forms()["join"]]


def test_a_profile_form_sets_it_and_the_ownership_check_lets_only_the_member(
        linkedin: None, repo: Path) -> None:
    profile = forms.make_forms(("en",))["profile"]
    body = forms.render_body(profile, {"linkedin": LINKEDIN})
    rel = handle(load_community(str(repo), TODAY), profile, body, "lina", "en")
    assert rel == LI_NA
    assert f"linkedin: {LINKEDIN}\n" in (repo / LI_NA).read_text(encoding="utf-8")
    # the ownership table: the member may change it, another member may not
    assert "linkedin" in registry.editable_by("member", "self")
    assert judge.problems_for(str(repo), "HEAD", "lina", today=TODAY.isoformat()) == []
    other = judge.problems_for(str(repo), "HEAD", "zhouyu", today=TODAY.isoformat())
    assert [(p.rule, p.file) for p in other] == [("R2.owner-member", LI_NA)]


def test_only_the_members_edition_shows_it(linkedin: None, repo: Path) -> None:
    with_linkedin(repo)
    com = load_community(str(repo), TODAY)
    assert isinstance(com.members["li-na"], LinkedInMember)
    assert li_na(com, "members").linkedin == LINKEDIN
    assert li_na(com, "public").linkedin is None
    items = {ed: next(i for i in api.document(com, "members", ed)["items"] if i["id"] == "li-na")
             for ed in editions.EDITIONS}
    assert items["members"]["linkedin"] == LINKEDIN
    assert "linkedin" not in items["public"]
    props = {ed: api.schema(com, "members", ed)["$defs"]["ApiMember"]["properties"]
             for ed in editions.EDITIONS}
    assert "linkedin" in props["members"] and "linkedin" not in props["public"]


def test_the_vcard_carries_it_in_the_members_edition_only(linkedin: None, repo: Path) -> None:
    with_linkedin(repo)
    com = load_community(str(repo), TODAY)
    cards = {}
    for ed in editions.EDITIONS:
        data = vcard.card_bytes(com, li_na(com, ed), ed)
        assert data is not None
        cards[ed] = vobject.readOne(data.decode("utf-8"))
    assert [p.value for p in cards["members"].contents["x-socialprofile"]] == [LINKEDIN]
    assert "x-socialprofile" not in cards["public"].contents
    assert cards["public"].title.value == "销售总监"  # the plain fields the registry maps


# --------------------------------------------------------------------------- the registry


@pytest.mark.parametrize("kind", ["member", "event", "post", "media", "client"])
def test_every_field_is_declared(kind: str) -> None:
    assert [e.name for e in registry.fields(kind) if e.meta is DEFAULT] == []


def test_the_api_items_carry_every_field_with_an_api_name_their_edition_shows() -> None:
    """The project's own fields are written out in api_models (their types and descriptions
    are the published schema); what a club adds to the registry the item model gains in the
    editions that may show it."""
    for name, kind in api.RECORD_KINDS.items():
        for ed in editions.EDITIONS:
            declared, have = ITEM_MODELS[name].model_fields, api.item_model(name, ed).model_fields
            for e in registry.fields(kind):
                if e.api is None:
                    continue
                shown = e.api in declared or registry.visible(kind, e.name, ed)
                assert (e.api in have) == shown, (name, ed, e.name)


def test_rights_are_the_ones_ownership_always_had() -> None:
    admins_decide = {"status", "circle", "sponsor", "approved_by", "dues", "founder", "joined",
                     "left", "promoted", "suspended", "reason", "suspensions", "github",
                     "github_id", "access_code_version"}
    assert set(registry.not_editable_by("member", "self")) == admins_decide
    assert registry.editable_by("event", "self") == ("rsvp",)
    for kind in ("media", "client", "post"):
        assert registry.not_editable_by(kind, "self") == ("owner",)


def test_new_asks_what_it_always_asked() -> None:
    """The questions it asked before the registry, in the same order (a field added later
    adds its own)."""
    before = ["name", "org", "display_name", "title", "circle", "status", "joined", "founder",
              "sponsor", "approved_by", "dues_paid", "dues_amount", "dues_year", "github",
              "github_id", "city", "tags", "bio", "wechat", "wechat_visibility", "phone",
              "phone_visibility", "email", "email_visibility"]
    assert [s.name for s in fields.SPECS["member"] if s.name in before] == before
    specs = {s.name: s for s in fields.SPECS["member"]}
    assert specs["title"].key == "field.member.title" and specs["bio"].type == "text"
    assert specs["sponsor"].required and not specs["title"].required
    assert specs["status"].choices == ("candidate", "active", "alumni", "suspended")
    assert [s.name for s in fields.SPECS["event"]][:6] == [
        "title", "start", "end", "location", "address", "location_city"]
    assert fields.SPECS["event"][6].required  # kind: required_on new
