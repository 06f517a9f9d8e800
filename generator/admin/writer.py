"""Write a new record's file for ``python -m generator new`` and the issue-form workflow
(``from-issue``): an id from the name in pinyin, the text from :mod:`generator.data.dump`
(parsed back with the project's own loader and validated by the model before anything touches
the disk), every rule checked, and an existing file never overwritten."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import TYPE_CHECKING

from generator.data.charter_models import Charter
from generator.data.dump import WriteError, dump_record, parse_record, record_file
from generator.data.ids import new_id
from generator.data.models import KINDS, Record
from generator.problems import Problem

if TYPE_CHECKING:
    from generator.data.community import Community
    from generator.data.plain import Plain, PlainMap


def rule_problems(com: Community, kind: str, rec: Record) -> list[Problem]:
    """Every problem ``check`` would report in the new record's file, with the community as
    it is: the record joins it in memory, every rule runs, then it is taken out again. For
    ``new`` and the issue-form workflow, before anything is written."""
    from generator.checks import run_all
    from generator.problems import sort_problems
    records = com.by_kind(kind)
    if rec.id in records:
        raise ValueError(f"{kind} {rec.id} already exists")
    records[rec.id] = rec
    try:
        return sort_problems(p for p in com.problems + run_all(com) if p.file == rec.file)
    finally:
        del records[rec.id]


def id_source(kind: str, data: Mapping[str, Plain]) -> str:
    """The text an id is derived from: a person's name, a brand, otherwise the title."""
    key = {"member": "name", "client": "brand", "group": "name"}.get(kind, "title")
    return str(data.get(key) or "")


def write_record(root: str, kind: str, data: PlainMap, record_id: str | None = None,
                 comment: str | None = None, charter: Charter | None = None) -> str:
    """Validate ``data`` as a ``kind`` record and write it to a new file; return the file's
    root-relative path. The id is derived from the name/title in pinyin with a numeric suffix
    on collision unless ``record_id`` is given. Raises WriteError (schema problems, or the file
    exists: never overwrites)."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}; expected one of {', '.join(KINDS)}")
    rid = record_id or new_id(root, kind, id_source(kind, data))
    rel = record_file(kind, rid)
    text = dump_record(kind, data, comment)
    _rec, problems = parse_record(kind, rel, text, charter)
    if problems:
        raise WriteError(problems)
    path = os.path.join(root, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    if any(os.path.exists(os.path.join(root, KINDS[kind][0], rid + ext))
           for ext in (".yml", ".yaml")):
        raise WriteError([Problem.make("new.exists", "error", rel, 1, 1, "new.exists", path=rel)])
    try:
        with open(path, "x", encoding="utf-8", newline="\n") as fh:  # "x": never overwrite
            fh.write(text)
    except FileExistsError:
        raise WriteError([Problem.make("new.exists", "error", rel, 1, 1, "new.exists",
                                       path=rel)]) from None
    return rel
