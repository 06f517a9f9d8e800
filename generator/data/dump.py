"""A record as the text of a YAML file that looks like the hand-written sample files (the
record's format, read by ``new``, the issue-form workflow, the lifecycle commands, init and
the round-trip editor):

* the first line is the ``# yaml-language-server: $schema=…`` comment (relative path), so
  editors autocomplete;
* keys follow the model's field order; empty values are left out;
* block style at the top, with short lists and small flat mappings in flow style
  (``tags: [电梯媒体, 写字楼]``, ``phone: {value: "138 0000 1036", visibility: private}``) as
  in the samples; multi-line text as a literal block;
* Chinese is written as is (never ``\\u`` escapes); dates are plain (``2026-12-05``),
  date-times and phone numbers quoted (``"2026-12-05 19:30"``), and anything YAML would read
  as a number or a boolean is quoted;
* the text is parsed back with the project's own loader and validated by the model before
  anything touches the disk (``generator.admin.writer`` writes it, never overwriting).
"""


from __future__ import annotations

import datetime as dt
import os
import unicodedata
from collections.abc import Mapping
from typing import TYPE_CHECKING

import yaml
from pydantic import BaseModel

from generator.data.charter_models import Charter
from generator.data.community import build_record
from generator.data.load import parse_bytes
from generator.data.models import KINDS, Record
from generator.data.schema import SCHEMA_DIR
from generator.problems import Problem

if TYPE_CHECKING:
    from generator.data.plain import Plain, PlainMap

FLOW_LIMIT = 72  # a flow collection longer than this (in characters) goes block style


class WriteError(Exception):
    """The record cannot be written: ``problems`` say why (schema errors, file exists)."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(p.key for p in problems))
        self.problems = problems


class Quoted(str):
    """A string always written in double quotes (phone numbers, date-times)."""


class _Top(dict[str, "Plain"]):
    """The file's top-level mapping: always block style."""


class _Dumper(yaml.SafeDumper):
    """Indented block sequences (``  - item``) like the charter and sample files."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)

    def ignore_aliases(self, data: object) -> bool:
        return True  # the loader refuses aliases: a value used twice is written out twice


def _scalar_len(v: Plain) -> int:
    """Display width: CJK characters take two columns."""
    text = str(v)
    wide = sum(1 for ch in text if unicodedata.east_asian_width(ch) in "WF")
    return len(text) + wide + (2 if isinstance(v, (Quoted, dt.datetime)) else 0)


def _is_scalar(v: Plain) -> bool:
    return not isinstance(v, (dict, list))


def _flat(items: list[Plain]) -> bool:
    return all(_is_scalar(v) and "\n" not in str(v) for v in items)


def _repr_list(d: _Dumper, data: list[Plain]) -> yaml.Node:
    size = sum(_scalar_len(v) + 2 for v in data)
    flow = bool(data) and _flat(data) and size <= FLOW_LIMIT
    return d.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)


def _repr_dict(d: _Dumper, data: PlainMap) -> yaml.Node:
    size = sum(len(k) + _scalar_len(v) + 4 for k, v in data.items())
    flow = _flat(list(data.values())) and size <= FLOW_LIMIT
    return d.represent_mapping("tag:yaml.org,2002:map", data.items(), flow_style=flow)


def _repr_top(d: _Dumper, data: _Top) -> yaml.Node:
    return d.represent_mapping("tag:yaml.org,2002:map", data.items(), flow_style=False)


def _repr_str(d: _Dumper, data: str) -> yaml.Node:
    if "\n" in data:
        text = "\n".join(line.rstrip() for line in data.strip("\n").splitlines()) + "\n"
        return d.represent_scalar("tag:yaml.org,2002:str", text, style="|")
    return d.represent_scalar("tag:yaml.org,2002:str", data)


def _repr_quoted(d: _Dumper, data: Quoted) -> yaml.Node:
    return d.represent_scalar("tag:yaml.org,2002:str", str(data), style='"')


def _repr_datetime(d: _Dumper, data: dt.datetime) -> yaml.Node:
    return _repr_quoted(d, Quoted(format_datetime(data)))


def _repr_float(d: _Dumper, data: float) -> yaml.Node:
    if data == int(data):  # 3000.0 → 3000, like the samples
        return d.represent_int(int(data))
    return d.represent_float(data)


_Dumper.add_representer(list, _repr_list)
_Dumper.add_representer(dict, _repr_dict)
_Dumper.add_representer(_Top, _repr_top)
_Dumper.add_representer(str, _repr_str)
_Dumper.add_representer(Quoted, _repr_quoted)
_Dumper.add_representer(dt.datetime, _repr_datetime)
_Dumper.add_representer(float, _repr_float)


def format_datetime(value: dt.datetime) -> str:
    """``2026-12-05 19:30`` (seconds and offset only when present)."""
    text = value.strftime("%Y-%m-%d %H:%M" + (":%S" if value.second else ""))
    if value.tzinfo is not None:
        off = value.strftime("%z")
        text += f"{off[:3]}:{off[3:]}"
    return text


# --------------------------------------------------------------------------- shape


def _empty(v: Plain) -> bool:
    return v is None or v == [] or v == {} or v == ""


def _field_model(model: type[BaseModel], name: str) -> type[BaseModel] | None:
    from generator.data.community import _submodels
    f = model.model_fields.get(name)
    subs = list(_submodels(f.annotation)) if f is not None else []
    return subs[0] if subs else None


def ordered(model: type[BaseModel], data: Mapping[str, Plain]) -> PlainMap:
    """``data`` with keys in the model's field order (unknown keys last, so validation names
    them), empty values dropped, nested mappings ordered by their own model."""
    keys = [k for k in model.model_fields if k in data] + [k for k in data
                                                           if k not in model.model_fields]
    out: PlainMap = {}
    for k in keys:
        v = data[k]
        sub = _field_model(model, k)
        if isinstance(v, dict) and sub is not None:
            v = ordered(sub, v)
        elif isinstance(v, list) and sub is not None:
            v = [ordered(sub, x) if isinstance(x, dict) else x for x in v]
        if not _empty(v):
            out[k] = v
    return out


def _phones(kind: str, data: PlainMap) -> PlainMap:
    contact = (data.get("contact") or {}) if kind == "member" else {}
    phone = contact.get("phone") if isinstance(contact, Mapping) else None
    value = phone.get("value") if isinstance(phone, Mapping) else None
    if isinstance(phone, Mapping) and isinstance(contact, Mapping) and isinstance(value, str):
        return {**data, "contact": {**contact, "phone": {**phone, "value": Quoted(value)}}}
    return data


def schema_line(kind: str) -> str:
    folder = KINDS[kind][0]
    rel = os.path.relpath(f"{SCHEMA_DIR}/{kind}.schema.json", folder).replace(os.sep, "/")
    return f"# yaml-language-server: $schema={rel}\n"


def dump_record(kind: str, data: PlainMap, comment: str | None = None) -> str:
    """The file's text: schema line, optional comment line(s), then the YAML."""
    model = KINDS[kind][1]
    body = _Top(_phones(kind, ordered(model, data)))
    text = yaml.dump(body, Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                     default_flow_style=False, width=4096, indent=2)
    lines = [schema_line(kind)]
    if comment:
        lines += [f"# {c}".rstrip() + "\n" for c in comment.splitlines()]
    return "".join(lines) + text


# --------------------------------------------------------------------------- writing


def record_file(kind: str, record_id: str) -> str:
    """Root-relative path (forward slashes) of a record's file."""
    return f"{KINDS[kind][0]}/{record_id}.yml"


def parse_record(kind: str, rel: str, text: str, charter: Charter | None = None,
                 ) -> tuple[Record | None, list[Problem]]:
    """Parse and validate ``text`` as if it were the file ``rel``: what ``check`` would load
    (with ``charter``'s lists of kinds)."""
    ld = parse_bytes(text.encode("utf-8"), rel)
    if ld.problems:
        return None, ld.problems
    rec, problems = build_record(ld, KINDS[kind][1], charter)
    return rec, problems
