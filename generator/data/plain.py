"""Type aliases for plain data: what JSON documents, YAML files being written and model dumps
hold. (Parsed YAML, where every scalar is still a string, is ``generator.data.load.Raw``.)

Nested lists and mappings are read-only views (``Sequence``, ``Mapping``: covariant, so a
``list[str]`` is a ``Sequence[JSON]``); the top-level mappings are dicts, to be filled."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import TypeAlias

JSON: TypeAlias = "str | int | float | bool | Sequence[JSON] | Mapping[str, JSON] | None"
"""A value ``json.dumps`` writes as is."""
JSONObject: TypeAlias = "dict[str, JSON]"

Plain: TypeAlias = (
    "str | int | float | bool | dt.date | Sequence[Plain] | Mapping[str, Plain] | None"
)
"""A value of a record's data with its types: what a new record is written from, what
``model_dump()`` gives. Dates and date-times stay as they are (the YAML writer and the models
know them)."""
PlainMap: TypeAlias = "dict[str, Plain]"
