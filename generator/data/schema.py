"""JSON Schema for every kind of data file, generated from the models.

Each property of a record kind carries its field's declaration from the registry under
``x-courtyard`` (visibility, who may change it, the forms that offer it and with which
widget, its vCard property and API name), so editors and other tools read the same facts.

``python -m generator.data`` rewrites ``schemas/``; ``--check`` exits 1 when the files on
disk differ from the models (the drift test runs the same comparison).
"""

from __future__ import annotations

import json
import os
from typing import TYPE_CHECKING

from pydantic import BaseModel

from generator.data import registry
from generator.data.charter_models import Charter
from generator.data.models import KINDS

if TYPE_CHECKING:
    from generator.data.plain import JSONObject

SCHEMA_DIR = "schemas"


def schemas() -> dict[str, JSONObject]:
    out: dict[str, JSONObject] = {}
    entries: list[tuple[str, tuple[str, type[BaseModel]]]] = [
        *KINDS.items(), ("charter", ("content", Charter))]
    for kind, (folder, model) in entries:
        doc = model.model_json_schema(mode="validation")
        if kind in KINDS:
            props = doc["properties"]
            for name, extra in registry.schema_extra(kind).items():
                props[name] = {**props[name], "x-courtyard": extra}
        doc = {"$schema": "https://json-schema.org/draft/2020-12/schema",
               "$id": f"{kind}.schema.json",
               "description": f"Courtyard {kind} file ({folder}/<id>.yml)",
               **doc}
        out[f"{kind}.schema.json"] = doc
    return out


def render(doc: JSONObject) -> str:
    return json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def drift(root: str) -> list[str]:
    """Names of schema files that are missing or differ from the models."""
    bad = []
    for name, doc in schemas().items():
        path = os.path.join(root, SCHEMA_DIR, name)
        try:
            with open(path, encoding="utf-8") as fh:
                if fh.read() == render(doc):
                    continue
        except OSError:
            pass
        bad.append(name)
    return bad


def write(root: str) -> None:
    os.makedirs(os.path.join(root, SCHEMA_DIR), exist_ok=True)
    for name, doc in schemas().items():
        with open(os.path.join(root, SCHEMA_DIR, name), "w", encoding="utf-8", newline="\n") as fh:
            fh.write(render(doc))
