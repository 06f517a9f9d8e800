"""Hostile documents for the loader and ``check``, shared by tests/test_fuzz.py (a few hundred
per kind, in the suite) and benchmarks/fuzz.py (10,000 per kind, with the slowest run).

A document is either arbitrary text or a mapping built from the kind's own field names (and
a few wrong ones) with values chosen to hurt: control characters and escapes, line breaks,
huge and non-finite numbers, far dates, deep nesting, aliases, tags, empty and long strings.
``exercise`` runs what ``check`` runs for one file — parse, validate, then every rule over
the tests' base community with this record added — and returns the problems; anything it
raises is a bug (a traceback in ``check``).
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import strategies as st

from generator.checks import run_all
from generator.data.community import Community, build_record, load_community
from generator.data.load import parse_bytes
from generator.data.models import KINDS
from generator.problems import Problem

BASE = Path(__file__).resolve().parent / "fixtures" / "rules" / "_base"
TODAY = dt.date(2026, 2, 1)

HOSTILE_TEXT = ["李\x00娜", "a\x1b[2Jb", "x\ny", "x\r\ny", "\u2028", "\ufeff", "javascript:x",
                "data:,x", "1e400", "-1e400", "nan", ".inf", "9999-12-31", "0001-01-01 00:30",
                "2026-02-30", "FREQ=MINUTELY;BYMONTH=2;BYMONTHDAY=30", "FREQ=DAILY;COUNT=0",
                "", " ", "~", "null", "yes", "0x1F", "{{ x }}", "<script>x</script>",
                "[x](javascript:alert(1))", "../../etc/passwd", "a" * 5000]

scalars = st.one_of(
    st.sampled_from(HOSTILE_TEXT), st.text(max_size=40), st.integers(), st.floats(),
    st.booleans(), st.none(),
    st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)),
    st.datetimes(min_value=dt.datetime(1, 1, 2), max_value=dt.datetime(9999, 12, 30)),
)
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)),
    max_leaves=12)


def field_names(kind: str) -> list[str]:
    return [*KINDS[kind][1].model_fields, "titel", "github", "rrule", "<<", ""]


def valid_record(kind: str) -> dict[str, Any]:
    """A record of this kind that passes every rule: the first of the base community's."""
    path = sorted((BASE / KINDS[kind][0]).glob("*.yml"))[0]
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


safe_text = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")),
                    min_size=1, max_size=30)
plausible = st.one_of(values, safe_text, safe_text, st.integers(0, 10_000),
                      st.dates(min_value=dt.date(2020, 1, 1),
                               max_value=dt.date(2030, 12, 31)).map(str),
                      st.sampled_from(["li-na", "wang-jian", "zhou-tao", "nobody"]),
                      st.lists(st.sampled_from(["li-na", "wang-jian", "zhou-tao", "he-yu"]),
                               max_size=4))


def like(value: object) -> st.SearchStrategy[Any]:
    """Values of the same shape as ``value`` (so they often validate), or anything at all."""
    if isinstance(value, bool):
        same: st.SearchStrategy[Any] = st.booleans()
    elif isinstance(value, int):
        same = st.integers(-5, 100_000)
    elif isinstance(value, dt.date):
        same = st.dates(min_value=dt.date(1890, 1, 1), max_value=dt.date(2210, 12, 31))
    elif isinstance(value, list):
        same = st.lists(st.one_of(*(like(v) for v in value[:1])) if value else plausible,
                        max_size=5)
    elif isinstance(value, dict):
        same = st.fixed_dictionaries({k: like(v) for k, v in value.items()})
    else:
        same = st.one_of(safe_text, st.sampled_from(HOSTILE_TEXT))
    return st.one_of(same, same, same, plausible)


def mappings(kind: str) -> st.SearchStrategy[dict[str, Any]]:
    """Mostly a valid record with one or two fields replaced (by values of the same shape,
    so the rules see hostile values that validate) or added, sometimes random fields."""
    base = valid_record(kind)
    fields = sorted(base)
    replaced = st.lists(st.sampled_from(fields), min_size=1, max_size=2, unique=True).flatmap(
        lambda names: st.fixed_dictionaries({n: like(base[n]) for n in names}))
    added = st.dictionaries(st.sampled_from(field_names(kind)), plausible, max_size=1)
    mutated = st.tuples(replaced, added).map(lambda ra: {**base, **ra[0], **ra[1]})
    return st.one_of(mutated, mutated, mutated,
                     st.dictionaries(st.sampled_from(field_names(kind)), values, max_size=8))


def raw_texts() -> st.SearchStrategy[str]:
    return st.one_of(
        st.text(max_size=200),
        st.sampled_from(["a: &a [*a]", "a: !!python/object:os.system x", "- x",
                         "a: " + "[" * 5000, "a: b\na: c", "<<: {a: 1}", "---\n---",
                         'a: "\\0\\e\\a"', "\t a: b", "a: |\n  \x07"]))


def documents(kind: str) -> st.SearchStrategy[bytes]:
    dumped = mappings(kind).map(
        lambda d: yaml.safe_dump(d, allow_unicode=True, sort_keys=False).encode("utf-8"))
    return st.one_of(dumped, dumped, dumped,
                     raw_texts().map(lambda t: t.encode("utf-8", "surrogatepass")))


class Harness:
    """The base community loaded once; each document is checked as one more file of its kind."""

    def __init__(self) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="courtyard-fuzz-"))
        shutil.copytree(BASE, self.dir / "community")
        self.com: Community = load_community(str(self.dir / "community"), TODAY)
        self.reached_rules = 0  # documents that validated, so every rule ran over them

    def close(self) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)

    def exercise(self, kind: str, data: bytes) -> list[Problem]:
        folder, model = KINDS[kind]
        ld = parse_bytes(data, f"{folder}/fuzzed.yml")
        problems = list(ld.problems)
        rec, more = build_record(ld, model)
        problems += more
        if rec is None:
            return problems
        self.reached_rules += 1
        table = self.com.by_kind(kind)
        table["fuzzed"] = rec
        try:
            problems += run_all(self.com)
        finally:
            del table["fuzzed"]
        crashed = [p for p in problems if p.rule == "internal"]
        assert not crashed, crashed[0].message("en")
        return problems
