"""api/v1/*.json: every file validates against its published schema, items are sorted and
deterministic, and the public edition carries only public data — checked on every field."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from typing import Any

import jsonschema
import pytest
from feeds_testlib import MEMBERS_ONLY, NEVER, REPO, TODAY, exports, load, read

from generator.data import editions
from generator.data.community import load_community
from generator.exports import api

FILES = {"public": {"members", "events", "media", "board", "groups"},
         "members": {"members", "events", "media", "board", "groups", "clients"}}
# Item fields that hold member ids, per file (a hidden member must not leak through them).
MEMBER_REFS = {"members": ["sponsor"], "events": ["organizers", "rsvp", "attended"],
               "media": ["owner"], "board": ["owner", "fulfilled_by"], "groups": ["admins"],
               "clients": ["owner"]}


def doc(edition: str, name: str) -> dict[str, Any]:
    return dict(json.loads(read(edition, f"api/v1/{name}.json")))


def validator(edition: str, name: str) -> jsonschema.Draft202012Validator:
    schema = json.loads(read(edition, f"api/v1/schema/{name}.json"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield k
            yield from strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from strings(v)


@pytest.mark.parametrize("edition", ["public", "members"])
def test_files_exist_and_validate_against_their_schema(edition: str) -> None:
    paths = set(exports(edition)[1])
    for name in FILES[edition]:
        assert f"api/v1/{name}.json" in paths and f"api/v1/schema/{name}.json" in paths
        validator(edition, name).validate(doc(edition, name))
    assert ("api/v1/clients.json" in paths) == (edition == "members")
    assert {p for p in paths if p.startswith("api/")} == {
        f"api/v1/{d}{n}.json" for n in FILES[edition] for d in ("", "schema/")}


@pytest.mark.parametrize("edition", ["public", "members"])
def test_envelope_sorted_and_stable_json(edition: str) -> None:
    for name in FILES[edition]:
        raw = read(edition, f"api/v1/{name}.json")
        d = json.loads(raw)
        assert d["version"] == 1 and d["generated_for"] == TODAY.isoformat()
        ids = [it["id"] for it in d["items"]]
        assert ids == sorted(set(ids)) and ids, name
        assert raw == (json.dumps(d, ensure_ascii=False, sort_keys=True, indent=2)
                       + "\n").encode("utf-8")


def test_public_files_hold_only_public_values_in_every_field() -> None:
    com = load()
    public_ids = {m.id for m in editions.members(com, "public")}
    assert public_ids == {"ouyang-nana", "zhang-wei", "li-lei", "alumni-zhou"}
    for name in FILES["public"]:
        d = doc("public", name)
        leaked = [s for s in strings(d) for v in MEMBERS_ONLY + NEVER if v in s]
        assert not leaked, (name, leaked)
        for item in d["items"]:
            for field in MEMBER_REFS[name]:
                refs = item[field] if isinstance(item[field], list) else [item[field]]
                assert {r for r in refs if r is not None} <= public_ids, (name, field, item)
    members = {it["id"]: it for it in doc("public", "members")["items"]}
    for ident, item in members.items():
        contact = com.members[ident].contact
        for key, value in item["contact"].items():
            field = getattr(contact, key)
            assert field.value == value and field.visibility == "public", (ident, key)
    assert members["ouyang-nana"]["contact"] == {"phone": "+86 138 0000 0001"}
    assert members["zhang-wei"]["contact"] == {} and members["zhang-wei"]["vcard"] is None
    talk = {it["id"]: it for it in doc("public", "events")["items"]}["2026-03-open-talk"]
    assert talk["organizers"] == ["ouyang-nana"] and talk["rsvp"] == ["ouyang-nana", "zhang-wei"]
    assert talk["rsvp_count"] == 2  # the public edition counts only whom it lists (issue 14)


def test_members_edition_adds_members_data_but_never_private_or_suspended() -> None:
    com = load()
    for name in FILES["members"]:
        d = doc("members", name)
        assert not [s for s in strings(d) for v in NEVER if v in s], name
    members = {it["id"]: it for it in doc("members", "members")["items"]}
    assert set(members) == {"ouyang-nana", "zhang-wei", "li-lei", "alumni-zhou",
                            "candidate-chen"}
    assert members["ouyang-nana"]["contact"] == {"phone": "+86 138 0000 0001",
                                                 "email": "nana-members@example.com"}
    for ident, item in members.items():
        for key in item["contact"]:
            assert getattr(com.members[ident].contact, key).visibility != "private"
    salon = {it["id"]: it for it in doc("members", "events")["items"]}["2026-monthly-salon"]
    assert salon["recurrence"] == {"rrule": "FREQ=MONTHLY;BYDAY=3TH;COUNT=6",
                                   "exdates": ["2026-02-19"]}
    assert salon["occurrences"][0] == {"date": "2026-01-15", "cancelled": False,
                                       "attended": ["ouyang-nana", "zhang-wei",
                                                    "candidate-chen"],
                                       "rsvp": [], "rsvp_count": 0, "waitlist_count": 0,
                                       "guests": 0}
    assert [c["id"] for c in doc("members", "clients")["items"]] == ["secret-brand"]


@pytest.mark.parametrize("name,field,value", [
    ("members", "status", "candidate"), ("events", "audience", "members"),
    ("media", "audience", "members"), ("board", "audience", "members")])
def test_public_schema_itself_rejects_members_only_items(name: str, field: str,
                                                         value: str) -> None:
    d = copy.deepcopy(doc("public", name))
    d["items"][0][field] = value
    with pytest.raises(jsonschema.ValidationError):
        validator("public", name).validate(d)
    validator("members", name).validate(d)  # the members edition allows it


def test_schema_rejects_unknown_fields_and_missing_version() -> None:
    d = doc("public", "groups")
    bad = copy.deepcopy(d)
    bad["items"][0]["secret"] = "x"
    with pytest.raises(jsonschema.ValidationError):
        validator("public", "groups").validate(bad)
    bad = {k: v for k, v in d.items() if k != "version"}
    with pytest.raises(jsonschema.ValidationError):
        validator("public", "groups").validate(bad)


def test_sample_community_api_validates() -> None:
    com = load_community(str(REPO), TODAY)
    for edition in ("public", "members"):
        for name in api.file_names(edition):
            schema = api.schema(com, name, edition)
            data = json.loads(json.dumps(api.document(com, name, edition)))
            jsonschema.Draft202012Validator(
                schema, format_checker=jsonschema.FormatChecker()).validate(data)
