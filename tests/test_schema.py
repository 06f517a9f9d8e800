"""JSON Schema files stay in step with the models, and every data file in the repository
names its schema on its first line so that editors (VS Code + YAML extension) autocomplete."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import REPO
from jsonschema import Draft202012Validator

from generator.data import schema
from generator.data.models import KINDS

FIRST = "# yaml-language-server: $schema="


def test_schemas_match_the_models() -> None:
    assert schema.drift(str(REPO)) == [], "run: python -m generator.data"


def test_drift_is_detected(tmp_path: Path) -> None:
    schema.write(str(tmp_path))
    assert schema.drift(str(tmp_path)) == []
    member = tmp_path / "schemas" / "member.schema.json"
    member.write_text(member.read_text(encoding="utf-8").replace('"org"', '"organisation"'),
                      encoding="utf-8")
    (tmp_path / "schemas" / "group.schema.json").unlink()
    assert sorted(schema.drift(str(tmp_path))) == ["group.schema.json", "member.schema.json"]


@pytest.mark.parametrize("name", sorted(schema.schemas()))
def test_schema_files_are_valid_json_schema(name: str) -> None:
    doc = json.loads((REPO / "schemas" / name).read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(doc)
    assert doc["additionalProperties"] is False, "unknown keys must be refused by editors too"


def _data_files() -> list[tuple[str, Path]]:
    files = [("charter", REPO / "content" / "charter.yml")]
    for kind, (folder, _model) in KINDS.items():
        found = sorted((REPO / folder).glob("*.y*ml"))
        assert found, f"the sample community has no {folder}/ files"
        files += [(kind, f) for f in found]
    return files


def test_every_sample_file_names_its_schema() -> None:
    wrong = []
    for kind, path in _data_files():
        first = path.read_text(encoding="utf-8").split("\n", 1)[0]
        target = (path.parent / first.removeprefix(FIRST)).resolve()
        if not first.startswith(FIRST) or target != REPO / "schemas" / f"{kind}.schema.json":
            wrong.append(f"{path.relative_to(REPO)}: {first!r}")
    assert wrong == [], (
        "first line must be " + FIRST + "<relative path to schemas/<kind>.schema.json>"
    )
