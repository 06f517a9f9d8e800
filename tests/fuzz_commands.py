"""Hostile charters and command lines (issue 23 item 6), shared by tests/test_fuzz_commands.py
(a few dozen per target, in the suite) and benchmarks/fuzz.py (10,000 per target).

Targets: ``charter`` (content/charter.yml documents: the tests' charter with one or two values
replaced, wrong types, out-of-range numbers, dangerous strings, or random structures, then
``check``, ``report`` or ``digest``), and the commands people type: ``report``, ``digest``,
``jielong``, ``roster``, ``apply`` and ``access-code``, with texts (pastes, request texts) and
flags as users would type them. Every run is ``python -m generator``'s own ``main`` in this
process on a copy of the tests' base community. The property: no exception escapes, the exit
is 0, 1 or 2, no "Traceback" is printed, and a run that fails leaves every file as it was.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import os
import shutil
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from fuzzing import HOSTILE_TEXT, like, safe_text, values
from hypothesis import strategies as st

from generator.__main__ import main
from generator.admin.request import form, render, sign
from generator.build import access
from generator.data.community import load_charter

BASE = Path(__file__).resolve().parent / "fixtures" / "rules" / "_base"
TODAY = "2026-02-01"
SECRET = "fuzz-master-secret-0123456789abcdefghijklmnopqrstuvwxyz"
MEMBERS = ("li-na", "wang-jian", "zhou-tao", "he-yu", "chen-jing", "sun-li")
EVENTS = ("salon-2026", "salon-2024", "gathering-2025")
TARGETS = ("charter", "report", "digest", "jielong", "roster", "apply", "access-code")


class Traceback(AssertionError):
    """A run raised or printed a traceback, or left a file half-written: a bug to fix."""


@dataclass
class Outcome:
    code: int
    out: str
    err: str
    seconds: float


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


class Harness:
    """A copy of the base community; each run starts from it and is checked against it."""

    def __init__(self) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="courtyard-fuzz-cmd-"))
        self.root = self.dir / "community"
        shutil.copytree(BASE, self.root)
        self.pristine = _tree(self.root)
        self.charter = yaml.safe_load(self.pristine["content/charter.yml"])
        self.input = self.dir / "input.txt"

    def close(self) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)

    def restore(self) -> list[str]:
        """Put every file back as it was; the names of those that had changed."""
        now = _tree(self.root)
        changed = sorted(n for n in set(now) | set(self.pristine)
                         if now.get(n) != self.pristine.get(n))
        for name in changed:
            path = self.root / name
            if name in self.pristine:
                path.write_bytes(self.pristine[name])
            else:
                path.unlink()
        return changed

    def run(self, argv: list[str], text: str | None = None, secret: str | None = None,
            setenv: Callable[[str, str], None] | None = None,
            changes: dict[str, bytes] | None = None) -> Outcome:
        """``python -m generator <argv> --root <copy>`` in-process, ``text`` in the input file
        (``{input}`` in argv), ``secret`` as the master secret, ``changes`` written over the
        copy first. Raises Traceback on an exception, a traceback printed, an exit other
        than 0/1/2, or a failed run that changed a file."""
        for name, data in (changes or {}).items():
            (self.root / name).write_bytes(data)
        if text is not None:
            self.input.write_bytes(text.encode("utf-8", "surrogatepass"))
        argv = [str(self.input) if a == "{input}" else a for a in argv]
        argv += ["--root", str(self.root)]
        if secret is not None:
            (setenv or os.environ.__setitem__)(access.SECRET_ENV, secret)
        out, err = io.StringIO(), io.StringIO()
        t = time.perf_counter()
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                try:
                    code: Any = main(argv)
                except SystemExit as exc:
                    code = exc.code
        except Exception as exc:
            raise Traceback(f"{argv!r}: {''.join(traceback.format_exception(exc))}") from exc
        finally:
            os.environ.pop(access.SECRET_ENV, None)
        took = time.perf_counter() - t
        code = 0 if code is None else code
        written = [n for n in self.restore() if n not in (changes or {})]
        shown = out.getvalue() + err.getvalue()
        if "Traceback" in shown or code not in (0, 1, 2):
            raise Traceback(f"{argv!r}: exit {code}\n{shown[-3000:]}")
        if code != 0 and written:
            raise Traceback(f"{argv!r}: exit {code} but changed {written}")
        return Outcome(int(code), out.getvalue(), err.getvalue(), took)


# --------------------------------------------------------------------------- values

usable_dates = st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31)).map(str)
dates = st.one_of(usable_dates, usable_dates, usable_dates,
                  st.sampled_from(["2026-13-01", "0000-01-01", "9999-12-31", "today", "明天",
                                   "3月14日", "20260301", "-1", "", "2026-02-30", "2026/3/14",
                                   "2026年3月14日", "２０２６-０３-１４"]),
                  safe_text)
words = st.one_of(st.sampled_from(HOSTILE_TEXT), safe_text, st.text(max_size=30),
                  st.sampled_from([*MEMBERS, *EVENTS, "李娜", "王健", "周涛", "recruit"]))
numbers = st.one_of(st.integers(-5, 10**6).map(str),
                    st.sampled_from(["1e309", "nan", "-0", "9" * 400, "", "一百"]))


def lines(item: st.SearchStrategy[str], max_size: int = 30) -> st.SearchStrategy[str]:
    return st.lists(item, max_size=max_size).map("\n".join)


def flag(name: str, value: st.SearchStrategy[str],
         hostile: st.SearchStrategy[str] | None = None) -> st.SearchStrategy[list[str]]:
    """A flag as typed: mostly absent or ``--x v`` / ``--x=v`` with a usable value, sometimes
    a hostile value or a bare ``--x``."""
    odd = (words if hostile is None else hostile).map(lambda v: [name, v])
    usable = st.one_of(value.map(lambda v: [name, v]), value.map(lambda v: [f"{name}={v}"]))
    return st.one_of(st.just([]), st.just([]), st.just([]), st.just([]), usable, usable, usable,
                     usable, st.one_of(odd, st.just([name])))


def switch(name: str) -> st.SearchStrategy[list[str]]:
    return st.sampled_from([[], [name]])


def argv_of(*parts: st.SearchStrategy[list[str]]) -> st.SearchStrategy[list[str]]:
    """The command's parts, ``--today`` and ``--lang`` (mostly usable), rarely a stray word."""
    common = [st.one_of(st.just(["--today", TODAY]), st.just(["--today", TODAY]),
                        st.just(["--today", TODAY]), usable_dates.map(lambda d: ["--today", d]),
                        flag("--today", dates)),
              flag("--lang", st.sampled_from(["zh", "en"]), st.sampled_from(["fr", "", "ZH"]))]
    stray = st.one_of(st.just([]), st.just([]), st.just([]), st.lists(words, max_size=1))
    return st.tuples(*parts, *common, stray).map(lambda ps: [a for p in ps for a in p])


# --------------------------------------------------------------------------- targets

def charter_documents(base: dict[str, Any]) -> st.SearchStrategy[bytes]:
    """The base charter with one or two (nested) values replaced or added, or a random
    document."""
    def paths(d: Any, prefix: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
        if isinstance(d, dict):
            for k, v in d.items():
                yield (*prefix, k)
                yield from paths(v, (*prefix, k))

    every = sorted(paths(base))

    def put(doc: dict[str, Any], path: tuple[str, ...], value: Any) -> dict[str, Any]:
        node: Any = doc
        for key in path[:-1]:
            if not isinstance(node.get(key), dict):
                node[key] = {}
            node = node[key]
        node[path[-1]] = value
        return doc

    def lookup(path: tuple[str, ...]) -> Any:
        node: Any = base
        for key in path:
            node = node[key]
        return node

    one = st.sampled_from(every).flatmap(lambda p: st.tuples(st.just(p), st.one_of(
        like(lookup(p)), like(lookup(p)), like(lookup(p)), values, words)))
    mutated = st.lists(one, min_size=1, max_size=2).map(
        lambda changes: _apply_all(base, changes, put))
    dumped = mutated.map(lambda d: yaml.safe_dump(d, allow_unicode=True).encode("utf-8"))
    raw = st.one_of(st.text(max_size=200), st.sampled_from(
        ["", "~", "- a", "name: [", "timezone: " + "A" * 300, "a: &a [*a]",
         "dues: {grace_days: 1e400}", "!!python/object:os.system x"])).map(
        lambda t: t.encode("utf-8", "surrogatepass"))
    return st.one_of(dumped, dumped, dumped, raw)


def _apply_all(base: dict[str, Any], changes: list[tuple[tuple[str, ...], Any]],
               put: Callable[[dict[str, Any], tuple[str, ...], Any], dict[str, Any]],
               ) -> dict[str, Any]:
    doc = yaml.safe_load(yaml.safe_dump(base, allow_unicode=True))
    for path, value in changes:
        doc = put(doc, path, value)
    return doc


def charter_runs(h: Harness) -> st.SearchStrategy[tuple[list[str], bytes]]:
    return st.tuples(
        st.sampled_from([["check"], ["report"], ["digest"], ["report", "--format", "json"]])
        .map(lambda a: [*a, "--today", TODAY]), charter_documents(h.charter))


paste = st.one_of(
    lines(st.one_of(words, st.tuples(st.integers(-1, 300), words).map(lambda t: f"{t[0]}. {t[1]}"),
                    st.sampled_from(["#接龙", "接龙", "沙龙", "1. 李娜 +2", "2. 王健（分众）",
                                     "3. 周涛 带 3 人", "----", "@所有人"]))),
    st.sampled_from(["1. " + "王健" * 60_000, "李娜\n" * 3000, "\x00" * 50, "\u202e李娜"]))


def command_argv(target: str) -> st.SearchStrategy[tuple[list[str], str | None, str | None]]:
    """(argv, text for the input file or None, master secret or None) for one command."""
    none: st.SearchStrategy[None] = st.none()
    secrets = st.one_of(st.just(SECRET), st.just(SECRET), st.just(SECRET),
                        st.sampled_from(["", "x", "短"]),
                        st.text(max_size=80).filter(lambda t: "\x00" not in t))  # no env holds NUL
    event_dates = st.one_of(st.sampled_from(["2026-03-14", "2024-03-14", "2025-12-20"]),
                            dates)
    if target == "report":
        argv = argv_of(st.just(["report"]), flag("--format", st.sampled_from(
            ["text", "markdown", "json"]), st.just("xml")), flag("--since", dates),
            flag("--limit", st.integers(-2, 50).map(str), numbers), switch("--all"),
            switch("-q"))
        return st.tuples(argv, none, none)
    if target == "digest":
        argv = argv_of(st.just(["digest"]), flag("--kind", st.sampled_from(
            ["weekly", "event"]), st.just("monthly")), flag("--event", st.sampled_from(EVENTS)))
        return st.tuples(argv, none, none)
    if target == "jielong":
        argv = argv_of(st.just(["jielong"]), st.one_of(
            st.sampled_from(EVENTS), st.sampled_from(EVENTS), words).map(lambda e: [e]),
            flag("--date", event_dates), st.just(["--file", "{input}"]), switch("--attended"),
            st.sampled_from([["--dry-run"], ["--dry-run"], []]), switch("--unknown-as-guests"),
            switch("--full-list"))
        return st.tuples(argv, paste, none)
    if target == "roster":
        argv = argv_of(st.just(["roster"]), st.one_of(st.just("recruit"), st.just("recruit"),
                                                      words).map(lambda g: [g]),
                       st.just(["--file", "{input}"]),
                       flag("--format", st.sampled_from(["text", "json"]), st.just("csv")),
                       switch("--all"))
        return st.tuples(argv, paste, none)
    if target == "apply":
        argv = argv_of(st.just(["apply", "--file", "{input}"]),
                       st.sampled_from([["--dry-run"], ["--dry-run"], []]),
                       switch("--unsigned"), switch("--no-commit"))
        return st.tuples(argv, request_texts(), secrets)
    if target == "access-code":
        argv = argv_of(st.just(["access-code"]), st.one_of(
            st.sampled_from(MEMBERS), st.sampled_from(["李娜", "王健"]), words).map(lambda m: [m]))
        return st.tuples(argv, none, st.one_of(secrets, secrets, none))
    raise ValueError(target)


@st.composite
def request_texts(draw: st.DrawFn) -> str:
    """A request as the form makes it (signed with the right code, another one, or not at
    all), with hostile field values, then sometimes edited by hand; or any text."""
    kind = draw(st.sampled_from(sorted(form())))
    usable = {"member": st.sampled_from(MEMBERS), "sponsor": st.sampled_from(MEMBERS),
              "event": st.sampled_from(EVENTS), "date": st.sampled_from(["2026-03-14", ""]),
              "action": st.sampled_from(["join", "cancel"]),
              "expires": st.dates(dt.date(2026, 1, 1), dt.date(2027, 12, 31)).map(str),
              "type": st.sampled_from(["ad", "job", "wanted", "offer"])}
    fields = {name: draw(st.one_of(*[usable.get(name, safe_text)] * 6, words, dates))
              for name in form()[kind] if draw(st.integers(0, 6))}
    signer = fields.get("sponsor" if kind == "join" else "member", "")
    by = draw(st.one_of(st.just(signer), st.just(signer), st.just(signer),
                        st.sampled_from(MEMBERS)))
    version = draw(st.sampled_from([0, 0, 0, 1]))
    code = access.normalise_code(access.access_code(SECRET.encode(), by, version)) or ""
    good = st.just(sign(code, kind, fields))
    signature = draw(st.one_of(good, good, good, st.just("unsigned"), st.text(max_size=40)))
    charter = load_charter(str(BASE))
    text = render(charter, draw(st.sampled_from(["zh", "en"])), kind, fields, signature)
    edit = draw(st.integers(0, 9))
    rows = text.splitlines()
    if edit == 0 and rows:
        rows.insert(draw(st.integers(0, len(rows))), draw(st.sampled_from(rows)))
    elif edit == 1 and rows:
        rows[draw(st.integers(0, len(rows) - 1))] = draw(words)
    elif edit == 2:
        return draw(st.one_of(st.text(max_size=300), st.sampled_from(
            ["", "签名：" + "a" * 5000, "x" * 30_000, "类型：报名\n" * 2000])))
    return "\n".join(rows) + "\n"


def examples(h: Harness, target: str) -> st.SearchStrategy[Callable[..., Outcome]]:
    """Runs of ``target``: each a callable taking the harness's ``run`` keyword ``setenv``."""
    if target == "charter":
        return charter_runs(h).map(lambda ad: lambda **kw: h.run(
            ad[0], changes={"content/charter.yml": ad[1]}, **kw))
    return command_argv(target).map(lambda ats: lambda **kw: h.run(
        ats[0], text=ats[1], secret=ats[2], **kw))
