"""Change a few top-level fields of a data file and leave every other line as it was.

Why not load and dump the whole file: a person wrote it, with comments and an order that
reviewers know; an RSVP should show up in the pull request as the one ``rsvp:`` line that
changed. Each changed field is written with the same writer as ``new`` (sample-file style)
and put where the old one stood, or, for a new field, before the first field that follows
it in the model's order. The result is parsed back and compared with what was asked for.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import yaml

from generator.data.dump import dump_record
from generator.data.load import parse_bytes
from generator.data.models import KINDS

if TYPE_CHECKING:
    from generator.data.plain import Plain


class EditError(Exception):
    """The file cannot be edited safely (it does not parse, or the edit did not come out)."""


def _field_text(kind: str, key: str, value: Plain) -> list[str]:
    """The lines of ``key: value`` in the writer's style ([] when the value is empty)."""
    if value in (None, [], {}, ""):
        return []
    text = dump_record(kind, {key: value})
    return text.splitlines(True)[1:]  # drop the schema comment line


def _is_filler(line: str) -> bool:
    return not line.strip() or line.startswith("#")


def set_fields(kind: str, text: str, updates: Mapping[str, Plain]) -> str:
    """``text`` with each top-level field in ``updates`` replaced (None or empty: removed)."""
    ld = parse_bytes(text.encode("utf-8"), f"{KINDS[kind][0]}/edit.yml")
    if ld.data is None or ld.problems:
        raise EditError("the file does not parse")
    lines = text.splitlines(True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    starts = {k: ld.pos[(k,)][0] - 1 for k in ld.data}  # 0-based line of each key
    order = sorted(starts, key=lambda k: starts[k])
    # the block of each key: up to the next key, minus trailing blank and comment lines
    blocks: dict[str, tuple[int, int]] = {}
    for i, k in enumerate(order):
        end = starts[order[i + 1]] if i + 1 < len(order) else len(lines)
        while end > starts[k] + 1 and _is_filler(lines[end - 1]):
            end -= 1
        blocks[k] = (starts[k], end)
    model_order = list(KINDS[kind][1].model_fields)
    inserts: dict[int, list[str]] = {}
    replaced: dict[int, tuple[int, list[str]]] = {}
    for key, value in updates.items():
        new = _field_text(kind, key, value)
        if key in blocks:
            start, end = blocks[key]
            replaced[start] = (end, new)
            continue
        later = [k for k in order if k in model_order and key in model_order
                 and model_order.index(k) > model_order.index(key)]
        at = starts[later[0]] if later else len(lines)
        inserts.setdefault(at, []).extend(new)
    out: list[str] = []
    i = 0
    while i <= len(lines):
        out.extend(inserts.get(i, []))
        if i == len(lines):
            break
        if i in replaced:
            end, new = replaced[i]
            out.extend(new)
            i = end
            continue
        out.append(lines[i])
        i += 1
    result = "".join(out)
    _verify(text, result, updates)
    return result


def _verify(before: str, after: str, updates: Mapping[str, Plain]) -> None:
    try:
        old = yaml.safe_load(before) or {}
        new = yaml.safe_load(after) or {}
    except yaml.YAMLError as exc:
        raise EditError(f"the edited file does not parse: {exc}") from None
    want = {k: v for k, v in old.items() if k not in updates}
    want.update({k: v for k, v in updates.items() if v not in (None, [], {}, "")})
    if _normal(new) != _normal(want):
        raise EditError("the edited file does not hold the expected values")


def _normal(value: object) -> object:
    """Compare as YAML would read it back (3000.0 == 3000, a literal block's final newline
    does not count)."""
    if isinstance(value, dict):
        return {k: _normal(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_normal(v) for v in value]
    if isinstance(value, str):
        return value.rstrip("\n")
    if isinstance(value, float) and value == int(value):
        return int(value)
    return value
