"""Safe YAML loading: records that remember file, line and column of every value.

PyYAML's C parser composes the node tree; we walk it ourselves instead of constructing
Python objects, so that we can

* keep every scalar as a string (the models decide types — no "Norway problem"),
* remember (line, column) for every key path,
* refuse duplicate keys (naming both lines), aliases and merge keys (no "billion laughs"),
  non-standard tags, oversized files, invalid UTF-8, bad file names and non-mapping tops.

Loading a file never raises: it returns the data (or None) and a list of problems.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from .problems import Problem

try:
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - libyaml is a declared requirement
    _Loader = yaml.SafeLoader

ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
STD = "tag:yaml.org,2002:"
ALLOWED_TAGS = {STD + t for t in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")}
DEFAULT_MAX_BYTES = 262144
MAX_DEPTH = 32  # the deepest legitimate data is about 5 levels
_CHEAP_DEPTH_BOUND = 500  # below this many "[{-:?" nesting cannot hurt: see _too_deep

Pos = dict[tuple[Any, ...], tuple[int, int]]


@dataclass
class Loaded:
    file: str  # relative to root, with forward slashes
    id: str
    data: dict[str, Any] | None
    pos: Pos = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


class _Refusal(Exception):
    def __init__(self, rule: str, line: int, col: int, key: str, **args: Any) -> None:
        super().__init__(key)
        self.rule, self.line, self.col, self.key, self.args_ = rule, line, col, key, args


def _walk(node: Any, path: tuple[Any, ...], pos: Pos, seen: set[int], dups: list[_Refusal]) -> Any:
    if id(node) in seen:
        raise _Refusal("yaml.alias", node.start_mark.line + 1, node.start_mark.column + 1, "yaml.alias")
    seen.add(id(node))
    tag = node.tag
    if tag not in ALLOWED_TAGS:
        raise _Refusal("yaml.tag", node.start_mark.line + 1, node.start_mark.column + 1,
                       "yaml.tag", tag=tag)
    if isinstance(node, yaml.ScalarNode):
        if tag == STD + "null" and not node.style:  # plain: None in PyYAML, "" in libyaml
            return None
        return node.value
    if isinstance(node, yaml.SequenceNode):
        items = []
        for i, item in enumerate(node.value):
            pos[path + (i,)] = (item.start_mark.line + 1, item.start_mark.column + 1)
            items.append(_walk(item, path + (i,), pos, seen, dups))
        return items
    # mapping
    out: dict[str, Any] = {}
    lines: dict[str, int] = {}
    for knode, vnode in node.value:
        kline, kcol = knode.start_mark.line + 1, knode.start_mark.column + 1
        if knode.tag == STD + "merge":
            raise _Refusal("yaml.merge", kline, kcol, "yaml.merge")
        if not isinstance(knode, yaml.ScalarNode):
            raise _Refusal("yaml.key", kline, kcol, "yaml.key")
        key = knode.value
        if key in lines:
            dups.append(_Refusal("yaml.duplicate-key", kline, kcol, "yaml.duplicate-key",
                                 name=key, first=lines[key]))
            continue
        lines[key] = kline
        # a value is reported at its key: right for scalars and for nested blocks alike
        pos[path + (key,)] = (kline, kcol)
        out[key] = _walk(vnode, path + (key,), pos, seen, dups)
    return out


def _too_deep(text: str) -> tuple[int, int] | None:
    """Where nesting first exceeds MAX_DEPTH, or None. libyaml's composer recurses in C, so
    100,000 nested ``[`` overflow the stack (a crash, not an error): measure the depth with
    the iterative parser first, but only when a cheap bound says it could be deep (every
    level of nesting needs one of the characters counted)."""
    if sum(map(text.count, "[{-:?")) <= _CHEAP_DEPTH_BOUND:
        return None
    depth = 0
    try:
        for ev in yaml.parse(text, Loader=yaml.CSafeLoader):
            if isinstance(ev, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    return ev.start_mark.line + 1, ev.start_mark.column + 1
            elif isinstance(ev, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        pass  # the composer reports it, with its position
    return None


def _first_alias(text: str) -> tuple[int, int] | None:
    """Line and column of the first alias (``*name``): the node tree only knows anchors."""
    for ev in yaml.parse(text, Loader=yaml.CSafeLoader):
        if isinstance(ev, yaml.AliasEvent):
            return ev.start_mark.line + 1, ev.start_mark.column + 1
    return None


def _line_of_offset(raw: bytes, offset: int) -> tuple[int, int]:
    before = raw[:offset]
    line = before.count(b"\n") + 1
    col = offset - (before.rfind(b"\n") + 1) + 1
    return line, col


def parse_bytes(raw: bytes, file: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Loaded:
    """Parse one file's bytes. ``file`` is the root-relative path used in problems."""
    stem = os.path.basename(file).rsplit(".", 1)[0]
    res = Loaded(file=file, id=stem, data=None)

    def refuse(rule: str, line: int, col: int, key: str, **args: Any) -> Loaded:
        res.problems.append(Problem.make(rule, "error", file, line, col, key, **args))
        return res

    if not ID_RE.match(stem):
        refuse("id.filename", 1, 1, "id.filename", stem=stem, suggestion=slugify(stem))
    if len(raw) > max_bytes:
        return refuse("yaml.size", 1, 1, "yaml.size", size=len(raw), limit=max_bytes)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _line_of_offset(raw, exc.start)
        return refuse("yaml.utf8", line, col, "yaml.utf8", byte=f"0x{raw[exc.start]:02x}")
    if text.startswith("\ufeff"):
        text = text[1:]
    deep = _too_deep(text)
    if deep is not None:
        return refuse("yaml.depth", deep[0], deep[1], "yaml.depth", limit=MAX_DEPTH)
    loader = _Loader(text)
    try:
        try:
            node = loader.get_single_node()
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
            return refuse("yaml.syntax", line, col, "yaml.syntax",
                          detail=f"{exc.context or ''} {exc.problem or ''}".strip())
        except yaml.YAMLError as exc:
            return refuse("yaml.syntax", 1, 1, "yaml.syntax", detail=str(exc).splitlines()[0])
    finally:
        loader.dispose()
    if node is None or (node.tag == STD + "null" and not node.style):  # nothing, "---", "~"
        return refuse("yaml.top", 1, 1, "yaml.empty")
    if not isinstance(node, yaml.MappingNode):
        return refuse("yaml.top", node.start_mark.line + 1, node.start_mark.column + 1, "yaml.top",
                      found=type(node).__name__.replace("Node", "").lower())
    pos: Pos = {(): (node.start_mark.line + 1, node.start_mark.column + 1)}
    dups: list[_Refusal] = []
    try:
        data = _walk(node, (), pos, set(), dups)
    except _Refusal as r:
        where = _first_alias(text) if r.rule == "yaml.alias" else None
        return refuse(r.rule, *(where or (r.line, r.col)), r.key, **r.args_)
    for d in dups:
        refuse(d.rule, d.line, d.col, d.key, **d.args_)
    if dups:
        return res
    res.data, res.pos = data, pos
    return res


def load_file(root: str, rel: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Loaded:
    path = os.path.join(root, rel)
    try:
        size = os.path.getsize(path)
        if size > max_bytes:
            return Loaded(rel, os.path.basename(rel).rsplit(".", 1)[0], None, {}, [
                Problem.make("yaml.size", "error", rel, 1, 1, "yaml.size", size=size, limit=max_bytes)])
        with open(path, "rb") as fh:
            raw = fh.read()
    except OSError as exc:
        return Loaded(rel, "", None, {}, [
            Problem.make("io", "error", rel, 1, 1, "io", detail=exc.strerror or str(exc))])
    return parse_bytes(raw, rel, max_bytes)


def slugify(text: str) -> str:
    """Best-effort id suggestion for a bad file name (pinyin for Chinese)."""
    try:
        from pypinyin import lazy_pinyin

        text = "-".join(lazy_pinyin(text))
    except ImportError:  # pragma: no cover
        pass
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug or "my-id"
