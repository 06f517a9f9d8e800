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

import marshal
import os
import pickle
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeAlias, overload

import yaml

from generator.i18n.keys import Key
from generator.problems import MessageArg, Problem

ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
STD = "tag:yaml.org,2002:"
ALLOWED_TAGS = {STD + t for t in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")}
DEFAULT_MAX_BYTES = 262144
MAX_DEPTH = 32  # the deepest legitimate data is about 5 levels
_CHEAP_DEPTH_BOUND = 500  # below this many "[{-:?" nesting cannot hurt: see _too_deep

Raw: TypeAlias = "str | list[Raw] | dict[str, Raw] | None"
"""A parsed YAML value: every scalar stays a string (None for null); the models decide types."""
RawMap: TypeAlias = "dict[str, Raw]"
"""A parsed file: a mapping at the top."""
Path = tuple[str | int, ...]
"""Keys and item indexes down to a value, e.g. ``("dues", 0, "paid")``."""
Pos = dict[Path, tuple[int, int]]
_NULL, _MERGE, _STR = STD + "null", STD + "merge", STD + "str"
_SEQ, _MAP = STD + "seq", STD + "map"

# The only implicit tags the walk tells apart: null (→ None), merge (refused) and value (not
# allowed, so refused as a tag). Every other plain scalar stays a string whatever PyYAML's
# resolver would call it (int, bool, timestamp …), so "str" stands for all of them.
_SPECIAL = {"": _NULL, "~": _NULL, "null": _NULL, "Null": _NULL, "NULL": _NULL,
            "<<": _MERGE, "=": STD + "value"}

_Parser: Any  # a base class chosen at import (the C parser, or PyYAML's own)
try:
    from yaml import _yaml

    _Parser = _yaml.CParser
except ImportError:  # pragma: no cover - libyaml is a declared requirement
    _Parser = yaml.SafeLoader


class _Composer(_Parser):  # type: ignore[misc]
    """libyaml's composer with a cheap resolver.

    PyYAML's resolver runs a chain of regular expressions on every scalar (most of the
    time of composing); the walk only needs to know null, merge and value apart from the
    rest, which a dict look-up answers with the same result for those."""

    def resolve(self, kind: type[yaml.Node], value: str, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode:
            return _SPECIAL.get(value, _STR) if implicit[0] else _STR
        return _SEQ if kind is yaml.SequenceNode else _MAP

    def descend_resolver(self, current_node: yaml.Node | None, current_index: object) -> None:
        pass  # no path resolvers

    def ascend_resolver(self) -> None:
        pass


class Positions(Pos):
    """(line, column) of every key path of one file, e.g. ``("dues", 0, "paid")``.

    The walk only records a flat list of marks, in visiting order; the paths are recovered on
    first use by walking the data again in the same order (mappings keep their key order).
    Most files are never asked where a value is, so most never pay for half a million
    tuples — nor for shipping them between processes. ``data`` must not be changed before
    the first look-up."""

    __slots__ = ("_src",)

    def __init__(self, data: RawMap | None = None, marks: list[int] | None = None) -> None:
        super().__init__()
        self._src: tuple[RawMap | None, list[int]] | None = (data, marks) if marks else None

    def _fill(self) -> None:
        src, self._src = self._src, None
        if src is None:
            return
        data, marks = src
        it = iter(marks)

        def visit(value: RawMap | list[Raw], path: Path) -> None:
            items = value.items() if isinstance(value, dict) else enumerate(value)
            for k, v in items:
                p = (*path, k)
                self[p] = (next(it) + 1, next(it) + 1)
                if isinstance(v, (dict, list)):
                    visit(v, p)

        self[()] = (next(it) + 1, next(it) + 1)
        if data is not None:  # marks come only with a file's data
            visit(data, ())

    def __reduce__(self) -> tuple[Callable[..., Positions], tuple[object, ...]]:
        if self._src is not None:
            return (Positions, self._src)
        return (_filled, (dict(self),))


def _lazy(name: str) -> Callable[..., object]:
    base = getattr(dict, name)

    def method(self: Positions, *args: object, **kwargs: object) -> object:
        if self._src is not None:
            self._fill()
        return base(self, *args, **kwargs)

    method.__name__ = method.__qualname__ = name
    return method


# every way of reading or changing the dict fills it first
for _name in ("__getitem__", "__contains__", "__iter__", "__len__", "__eq__", "__ne__",
              "__repr__", "__or__", "__ror__", "__ior__", "__reversed__", "get", "keys",
              "values", "items", "copy", "pop", "popitem", "setdefault", "update", "clear",
              "__setitem__", "__delitem__"):
    setattr(Positions, _name, _lazy(_name))


def _filled(items: Pos) -> Positions:
    pos = Positions()
    dict.update(pos, items)
    return pos


@dataclass
class Loaded:
    file: str  # relative to root, with forward slashes
    id: str
    data: RawMap | None
    pos: Pos = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


class _Refusal(Exception):
    def __init__(self, rule: str, line: int, col: int, key: Key, **args: MessageArg) -> None:
        super().__init__(key)
        self.rule, self.line, self.col, self.key, self.args_ = rule, line, col, key, args


@overload
def _walk(node: yaml.MappingNode, marks: list[int], seen: set[int] | None,
          dups: list[_Refusal]) -> RawMap: ...
@overload
def _walk(node: yaml.Node, marks: list[int], seen: set[int] | None,
          dups: list[_Refusal]) -> Raw: ...
# ``node`` is loosely typed: the stubs give yaml.Node no ``id`` and ``style``, and telling the
# kinds apart with isinstance would cost a call per node on the hot path
def _walk(node: Any, marks: list[int], seen: set[int] | None, dups: list[_Refusal]) -> Raw:
    """Plain data from a node; appends (line, column) of each mapping key and sequence item to
    ``marks`` in visiting order (:class:`Positions` turns them into key paths when asked).

    ``seen`` holds the identity of every node visited, to find aliases (a node reached
    twice); it is None for a text without ``&``, which has no anchor and so no alias. Scalars
    are then handled inline: they are most of the nodes, and a call each would dominate."""
    if seen is not None:
        if id(node) in seen:
            raise _Refusal("yaml.alias", node.start_mark.line + 1, node.start_mark.column + 1,
                           "yaml.alias")
        seen.add(id(node))
    tag = node.tag
    if tag not in ALLOWED_TAGS:
        raise _Refusal("yaml.tag", node.start_mark.line + 1, node.start_mark.column + 1,
                       "yaml.tag", tag=tag)
    kind = node.id
    if kind == "scalar":
        return None if tag == _NULL and not node.style else node.value  # plain: "" in libyaml
    add = marks.append
    if kind == "sequence":
        items: list[Raw] = []
        for item in node.value:
            m = item.start_mark
            add(m.line)
            add(m.column)
            if seen is None and item.id == "scalar":
                t = item.tag
                if t not in ALLOWED_TAGS:
                    raise _Refusal("yaml.tag", m.line + 1, m.column + 1, "yaml.tag", tag=t)
                items.append(None if t == _NULL and not item.style else item.value)
            else:
                items.append(_walk(item, marks, seen, dups))
        return items
    out: RawMap = {}
    for knode, vnode in node.value:
        km = knode.start_mark
        if knode.tag == _MERGE:
            raise _Refusal("yaml.merge", km.line + 1, km.column + 1, "yaml.merge")
        if knode.id != "scalar":
            raise _Refusal("yaml.key", km.line + 1, km.column + 1, "yaml.key")
        key = knode.value
        if key in out:
            dups.append(_Refusal("yaml.duplicate-key", km.line + 1, km.column + 1,
                                 "yaml.duplicate-key", name=key, first=_first_line(node, key)))
            continue
        # a value is reported at its key: right for scalars and for nested blocks alike
        add(km.line)
        add(km.column)
        if seen is None and vnode.id == "scalar":
            t = vnode.tag
            if t not in ALLOWED_TAGS:
                vm = vnode.start_mark
                raise _Refusal("yaml.tag", vm.line + 1, vm.column + 1, "yaml.tag", tag=t)
            out[key] = None if t == _NULL and not vnode.style else vnode.value
        else:
            out[key] = _walk(vnode, marks, seen, dups)
    return out


def _first_line(mapping: yaml.MappingNode, key: str) -> int:
    """Line of the first occurrence of ``key`` in a mapping node (for duplicate keys)."""
    for knode, _vnode in mapping.value:
        if knode.id == "scalar" and knode.value == key:
            return int(knode.start_mark.line) + 1
    return 1  # pragma: no cover - the key was seen in this mapping


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
                    return _event_at(ev)
            elif isinstance(ev, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.MarkedYAMLError as exc:
        if _is_depth_error(exc):  # libyaml >= 0.2.6 (PyYAML 6.0.4) stops at its own limit
            m = exc.problem_mark or exc.context_mark
            return (m.line + 1, m.column + 1) if m is not None else (1, 1)
    except yaml.YAMLError:
        pass  # the composer reports it, with its position
    return None


def _is_depth_error(exc: yaml.YAMLError) -> bool:
    """libyaml's own nesting limit ("exceeded maximum nesting depth"), raised as a scanner
    error by the libyaml that PyYAML 6.0.4 bundles: still our ``yaml.depth``, never a syntax
    error in libyaml's English."""
    return "nesting depth" in str(getattr(exc, "problem", "") or "")


def _first_alias(text: str) -> tuple[int, int] | None:
    """Line and column of the first alias (``*name``): the node tree only knows anchors."""
    for ev in yaml.parse(text, Loader=yaml.CSafeLoader):
        if isinstance(ev, yaml.AliasEvent):
            return _event_at(ev)
    return None


def _event_at(ev: yaml.Event) -> tuple[int, int]:
    m = ev.start_mark
    return (m.line + 1, m.column + 1) if m is not None else (1, 1)


_CONTROL_IN_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]|\r(?!\n)")
"""Control characters written into the file itself (CRLF line ends are fine)."""
_CONTROL_IN_VALUE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""Control characters a value may not hold: all but tab and newline (free text)."""


def _control_path(value: Raw, path: Path = ()) -> tuple[Path, str] | None:
    """The key path of the first value (or key) holding a control character, which only an
    escape such as ``"\\0"`` or ``"\\e"`` in a double-quoted string can make, and the
    character; or None."""
    if isinstance(value, str):
        bad = _CONTROL_IN_VALUE.search(value)
        return (path, bad.group()) if bad else None
    items = value.items() if isinstance(value, dict) else enumerate(value or ())
    for k, v in items:
        found = _control_path(k, path) if isinstance(k, str) else None
        found = found or _control_path(v, (*path, k))
        if found is not None:
            return found
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

    def refuse(rule: str, line: int, col: int, key: Key, **args: MessageArg) -> Loaded:
        res.problems.append(Problem.make(rule, "error", file, line, col, key, **args))
        return res

    if not ID_RE.match(stem):
        refuse("id.filename", 1, 1, "id.filename", stem=stem, suggestion=_suggest_id(stem))
    if len(raw) > max_bytes:
        return refuse("yaml.size", 1, 1, "yaml.size", size=len(raw), limit=max_bytes)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _line_of_offset(raw, exc.start)
        return refuse("yaml.utf8", line, col, "yaml.utf8", byte=f"0x{raw[exc.start]:02x}")
    text = text.removeprefix("\ufeff")  # a byte-order mark, as Windows editors write
    bad = _CONTROL_IN_TEXT.search(text)
    if bad is not None:
        i = bad.start()
        line, col = text.count("\n", 0, i) + 1, i - text.rfind("\n", 0, i)
        return refuse("yaml.control", line, col, "yaml.control", char=f"U+{ord(bad.group()):04X}")
    deep = _too_deep(text)
    if deep is not None:
        return refuse("yaml.depth", deep[0], deep[1], "yaml.depth", limit=MAX_DEPTH)
    loader = _Composer(text)
    try:
        try:
            node = loader.get_single_node()
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
            if _is_depth_error(exc):
                return refuse("yaml.depth", line, col, "yaml.depth", limit=MAX_DEPTH)
            return refuse("yaml.syntax", line, col, "yaml.syntax",
                          detail=f"{exc.context or ''} {exc.problem or ''}".strip())
        except yaml.YAMLError as exc:
            return refuse("yaml.syntax", 1, 1, "yaml.syntax", detail=str(exc).splitlines()[0])
    finally:
        loader.dispose()
    if node is None or (node.tag == _NULL and not node.style):  # nothing, or only "---"/"~"
        return refuse("yaml.top", 1, 1, "yaml.empty")
    if not isinstance(node, yaml.MappingNode):
        return refuse("yaml.top", node.start_mark.line + 1, node.start_mark.column + 1, "yaml.top",
                      found=type(node).__name__.replace("Node", "").lower())
    marks = [node.start_mark.line, node.start_mark.column]
    dups: list[_Refusal] = []
    try:
        data = _walk(node, marks, set() if "&" in text else None, dups)
    except _Refusal as r:
        where = _first_alias(text) if r.rule == "yaml.alias" else None
        line, col = where or (r.line, r.col)
        return refuse(r.rule, line, col, r.key, **r.args_)
    for d in dups:
        refuse(d.rule, d.line, d.col, d.key, **d.args_)
    if dups:
        return res
    pos = Positions(data, marks)
    if "\\" in text:  # an escape in a double-quoted string may make a control character
        found = _control_path(data)
        if found is not None:
            at, char = found
            line, col = pos.get(at) or pos.get(()) or (1, 1)
            return refuse("yaml.control", line, col, "yaml.control", char=f"U+{ord(char):04X}")
    res.data, res.pos = data, pos
    return res


def pack(lds: list[Loaded]) -> bytes:
    """Loaded files as bytes for another process. ``marshal`` writes plain data (what YAML
    gives: dicts, lists, strings, None, and the marks) three times faster than ``pickle``
    and reads it back faster too; anything else (a Positions already filled) goes by pickle."""
    rows = []
    for ld in lds:
        pos = ld.pos
        if isinstance(pos, Positions) and pos._src is not None:
            marks: list[int] | None = pos._src[1]
        elif not dict.__len__(pos):
            marks = None
        else:
            return b"P" + pickle.dumps(lds, pickle.HIGHEST_PROTOCOL)
        rows.append((ld.file, ld.id, ld.data, marks,
                     [(p.rule, p.severity, p.file, p.line, p.column, p.key, p.args)
                      for p in ld.problems]))
    try:
        return b"M" + marshal.dumps(rows)
    except ValueError:  # a value marshal cannot write (not one YAML gives)
        return b"P" + pickle.dumps(lds, pickle.HIGHEST_PROTOCOL)


def unpack(blob: bytes) -> list[Loaded]:
    """What :func:`pack` made, as Loaded files again."""
    if blob[:1] == b"P":
        out: list[Loaded] = pickle.loads(blob[1:])
        return out
    return [Loaded(file, id_, data, {} if marks is None else Positions(data, marks),
                   [Problem(*p) for p in problems])
            for file, id_, data, marks, problems in marshal.loads(blob[1:])]


def _suggest_id(stem: str) -> str:
    """An id to suggest for a bad file name: the slug (pinyin for Chinese) that ``new`` would
    give it."""
    from generator.data.ids import slug  # pypinyin: loaded only for a bad file name

    return slug(stem) or "my-id"
