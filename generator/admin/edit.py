"""Edit data files in place, the way an admin would by hand, but without the mistakes.

Shared by ``python -m generator member …`` and ``event …``: a :class:`Change` loads each file it
touches once with a round-trip YAML parser (ruamel.yaml), so comments, key order, quoting and
flow/block style stay exactly as they were; new keys go where the model's field order puts
them. :func:`commit` then

1. renders the unified diff of every touched file;
2. runs ``check`` on a scratch copy of the data with the change applied, and refuses the
   change (writes nothing, exit 1) when it brings a new error — problems the data already had
   are not the change's fault and do not block it;
3. writes the files (unless ``dry_run``), each atomically.
"""

from __future__ import annotations

import difflib
import io
import os
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from generator.data.community import CHARTER_FILE
from generator.data.models import KINDS

if TYPE_CHECKING:
    from generator.data.community import Community
    from generator.problems import Problem

DATA_DIRS = sorted({folder.split("/")[0] for folder, _model in KINDS.values()}
                   | {os.path.dirname(CHARTER_FILE)})
"""Top-level folders holding everything ``check`` reads (members/, resources/, content/)."""


def _yaml() -> YAML:
    y = YAML(typ="rt")
    y.preserve_quotes = True
    y.width = 4096  # never re-wrap a long line the author wrote on one line
    y.indent(mapping=2, sequence=4, offset=2)  # "  - item", as in every sample file
    return y


def flow_map(**items: Any) -> CommentedMap:
    """``{year: 2027, paid: 2027-01-08, amount: 3000}``: one ledger line, as in the samples."""
    m = CommentedMap((k, v) for k, v in items.items() if v is not None)
    m.fa.set_flow_style()
    return m


def flow_seq(items: Iterable[Any]) -> CommentedSeq:
    s = CommentedSeq(items)
    s.fa.set_flow_style()
    return s


def set_key(doc: CommentedMap, kind: str, key: str, value: Any) -> None:
    """Set ``doc[key]``; a new key goes after the keys that precede it in the model's field
    order (so ``left`` lands after ``joined``, not at the end of the file)."""
    if key in doc:
        doc[key] = value
        return
    order = list(KINDS[kind][1].model_fields)
    rank = order.index(key)
    pos = 0
    for i, existing in enumerate(doc):
        if existing in order and order.index(existing) < rank:
            pos = i + 1
    doc.insert(pos, key, value)


def drop_key(doc: CommentedMap, key: str) -> None:
    if key in doc:
        del doc[key]


def append_unique(doc: CommentedMap, kind: str, key: str, values: Iterable[str]) -> list[str]:
    """Add ``values`` to the list ``doc[key]`` (created flow style ``[a, b]`` if absent);
    returns those that were not there yet."""
    seq = doc.get(key)
    if not isinstance(seq, list):
        seq = flow_seq([])
        set_key(doc, kind, key, seq)
    added = [v for v in values if v not in seq]
    seq.extend(added)
    return added


def remove_all(seq: Any, values: Iterable[str]) -> list[str]:
    if not isinstance(seq, list):
        return []
    gone = [v for v in values if v in seq]
    for v in gone:
        seq.remove(v)
    return gone


@dataclass
class Change:
    """The files one command edits: ``doc(rel)`` hands out the parsed document (loaded once)."""

    root: str
    _docs: dict[str, tuple[str, CommentedMap]] = field(default_factory=dict)
    _new: dict[str, str] = field(default_factory=dict)

    def create(self, rel: str, text: str) -> None:
        """A new file (a board post, a join request); refused later if it exists."""
        if os.path.lexists(os.path.join(self.root, rel)):
            raise FileExistsError(rel)
        self._new[rel] = text

    def doc(self, rel: str) -> CommentedMap:
        if rel not in self._docs:
            with open(os.path.join(self.root, rel), encoding="utf-8") as fh:
                text = fh.read()
            data = _yaml().load(text)
            if not isinstance(data, CommentedMap):
                raise ValueError(rel)
            self._docs[rel] = (text, data)
        return self._docs[rel][1]

    def texts(self) -> dict[str, tuple[str, str]]:
        """rel → (old text, new text) for every file whose text changed."""
        out = {}
        for rel, (old, data) in sorted(self._docs.items()):
            buf = io.StringIO()
            _yaml().dump(data, buf)
            if buf.getvalue() != old:
                out[rel] = (old, buf.getvalue())
        for rel, text in sorted(self._new.items()):
            out[rel] = ("", text)
        return out


def diff(texts: dict[str, tuple[str, str]]) -> str:
    out: list[str] = []
    for rel, (old, new) in texts.items():
        out.extend(difflib.unified_diff(old.splitlines(True), new.splitlines(True),
                                        f"a/{rel}", f"b/{rel}"))
    return "".join(out)


def _same(p: Problem) -> tuple[object, ...]:
    """An error compared across the change: rule, file and message, not the line (lines move
    when a key is added above)."""
    return (p.rule, p.file, p.key, p.args)


def new_errors(com: Community, texts: dict[str, tuple[str, str]]) -> list[Problem]:
    """The errors ``check`` would report after the change that it does not report before
    (``com``: the community as loaded before the change)."""
    from generator.checks import (
        load_and_check,
        run_all,  # the whole rule set: imported when used
    )

    root, today = com.root, com.today
    before = {_same(p) for p in com.problems + run_all(com) if p.severity == "error"}
    with tempfile.TemporaryDirectory(prefix="courtyard-edit-") as scratch:
        for top in DATA_DIRS:
            if os.path.isdir(os.path.join(root, top)):
                shutil.copytree(os.path.join(root, top), os.path.join(scratch, top),
                                symlinks=True)
        for rel, (_old, new) in texts.items():
            os.makedirs(os.path.dirname(os.path.join(scratch, rel)), exist_ok=True)
            with open(os.path.join(scratch, rel), "w", encoding="utf-8", newline="\n") as fh:
                fh.write(new)
        after = load_and_check(scratch, today)[1]
    return [p for p in after if p.severity == "error" and _same(p) not in before]


def write(root: str, texts: dict[str, tuple[str, str]]) -> None:
    """Each file replaced atomically (a crash leaves the old file or the new, never half)."""
    for rel, (_old, new) in texts.items():
        path = os.path.join(root, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".courtyard-", dir=os.path.dirname(path))
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(new)
        os.replace(tmp, path)


