"""Load a whole community: charter + every data file → typed records + problems.

Files are parsed in parallel (:mod:`generator.data.parallel_load`) and validated against
their model. A file that fails validation is left out of the community
(its problems say why); cross-file rules then run on what did load.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import difflib
import gc
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import ValidationError

from generator.data.charter_models import Charter
from generator.data.files import load_file, record_problems, unsafe_component
from generator.data.load import DEFAULT_MAX_BYTES, Loaded
from generator.data.models import KINDS, Client, Event, Group, Media, Member, Post, Record
from generator.data.parallel_load import map_loaded
from generator.i18n.keys import Key
from generator.problems import Problem

CHARTER_FILE = "content/charter.yml"

R = TypeVar("R", bound=Record)


class ConfigError(Exception):
    """The charter itself cannot be used: exit status 2."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("configuration error")
        self.problems = problems


@dataclass
class Community:
    root: str
    charter: Charter
    today: dt.date
    members: dict[str, Member] = field(default_factory=dict)
    media: dict[str, Media] = field(default_factory=dict)
    clients: dict[str, Client] = field(default_factory=dict)
    board: dict[str, Post] = field(default_factory=dict)
    events: dict[str, Event] = field(default_factory=dict)
    groups: dict[str, Group] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    unloaded: set[str] = field(default_factory=set)
    """Ids of member files that exist but could not be used (their problems say why):
    references to them are not reported again as missing members."""

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.charter.timezone)

    def by_kind(self, kind: str) -> dict[str, Any]:
        table: dict[str, dict[str, Any]] = {
            "member": self.members,
            "media": self.media,
            "client": self.clients,
            "post": self.board,
            "event": self.events,
            "group": self.groups,
        }
        return table[kind]

    def event_start(self, ev: Event) -> dt.datetime:
        """Event start as an aware datetime in the charter's zone (all-day: local midnight)."""
        return as_aware(ev.start, self.tz)

    def event_end(self, ev: Event) -> dt.datetime:
        if ev.end is None:
            start = self.event_start(ev)
            return start + (dt.timedelta(days=1) if is_all_day(ev) else dt.timedelta(hours=2))
        return as_aware(ev.end, self.tz)

    def active_inner(self) -> list[Member]:
        return [m for m in self.members.values() if m.circle == "inner" and m.status == "active"]

    def forget_positions(self) -> None:
        """Drop every record's source positions (and the raw parse they are recovered
        from): a third of a checked community's memory, needed only to report problems. The
        build calls this once the check has passed; ``where()`` then answers (1, 1)."""
        for kind in KINDS:
            for rec in self.by_kind(kind).values():
                rec._pos = {}


def is_all_day(ev: Event) -> bool:
    return not isinstance(ev.start, dt.datetime)


def as_aware(value: dt.date | dt.datetime, tz: ZoneInfo) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=tz) if value.tzinfo is None else value.astimezone(tz)
    return dt.datetime(value.year, value.month, value.day, tzinfo=tz)


# --------------------------------------------------------------------------- discovery


QUIET_FILES = frozenset({".gitkeep", "README.md"})
"""Files a data folder may hold without being read or warned about."""


def discover(root: str) -> tuple[list[tuple[str, str]], list[Problem]]:
    """(kind, root-relative path) of every data file, sorted, and a problem for each file a
    member might expect to be read that is not (``张伟.YML``, ``..yml``, ``x.json``).

    A data folder reached through a symbolic link (at any component: ``resources`` as well
    as ``resources/media``) is not read, and neither are links and special files inside one:
    :func:`generator.data.files.record_problems` reports them, once."""
    out: list[tuple[str, str]] = []
    problems: list[Problem] = []
    for kind, (folder, _model) in KINDS.items():
        base = os.path.join(root, folder)
        if unsafe_component(root, folder) is not None or not os.path.isdir(base):
            continue
        for entry in sorted(os.scandir(base), key=lambda e: e.name):
            name = entry.name
            if entry.is_symlink() or not (entry.is_file(follow_symlinks=False)
                                          or entry.is_dir(follow_symlinks=False)):
                continue  # a link or a special file: record_problems names it
            if name.endswith((".yml", ".yaml")) and not name.startswith("."):
                out.append((kind, f"{folder}/{name}"))
            elif name not in QUIET_FILES:
                problems.append(Problem.make("data.unread", "warning", f"{folder}/{name}", 1, 1,
                                             "data.unread"))
    return out, problems


def data_files(root: str) -> list[tuple[str, str]]:
    """(kind, root-relative path) of every data file, sorted."""
    return discover(root)[0]


# --------------------------------------------------------------------------- validation

_TYPE_KEYS: dict[str, Key] = {
    "missing": "schema.missing",
    "extra_forbidden": "schema.unknown",
    "literal_error": "schema.enum",
    "int_parsing": "schema.int",
    "int_from_float": "schema.int",
    "float_parsing": "schema.number",
    "bool_parsing": "schema.bool",
    "date_parsing": "schema.date",
    "date_from_datetime_parsing": "schema.date",
    "date_from_datetime_inexact": "schema.date",
    "datetime_from_date_parsing": "schema.datetime",
    "datetime_parsing": "schema.datetime",
    "string_type": "schema.string",
    "list_type": "schema.list",
    "model_type": "schema.mapping",
    "model_attributes_type": "schema.mapping",
    "dict_type": "schema.mapping",
    "string_pattern_mismatch": "schema.pattern",
    "string_too_short": "schema.too-short",
    "string_too_long": "schema.too-long",
    "too_short": "schema.too-few",
    "greater_than_equal": "schema.min",
    "less_than_equal": "schema.max",
    "finite_number": "schema.finite",
    "courtyard_newline": "schema.newline",
    "courtyard_url": "schema.url",
    "courtyard_date_range": "schema.date-range",
    "courtyard_timezone": "schema.timezone",
    "courtyard_invisible": "schema.invisible",
}


def _loc_path(loc: tuple[Any, ...]) -> tuple[Any, ...]:
    # pydantic adds union member names ("datetime", "date", "str", "Location") to locations
    return tuple(p for p in loc if isinstance(p, int) or p in _FIELD_NAMES)


_FIELD_NAMES: set[str] = set()


def _collect_field_names(model: Any) -> None:
    for name, f in model.model_fields.items():
        _FIELD_NAMES.add(name)
        for sub in _submodels(f.annotation):
            if sub.__name__ not in _SEEN_MODELS:
                _SEEN_MODELS.add(sub.__name__)
                _collect_field_names(sub)


_SEEN_MODELS: set[str] = set()


def _submodels(annotation: Any) -> Iterable[Any]:
    from pydantic import BaseModel

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        yield from _submodels(arg)


for _f, _m in KINDS.values():
    _collect_field_names(_m)
_collect_field_names(Charter)


def _model_at(model: Any, path: tuple[Any, ...]) -> Any:
    """The model class that holds the field at ``path`` (for did-you-mean suggestions)."""
    cur = model
    for p in path:
        if isinstance(p, int):
            continue
        f = getattr(cur, "model_fields", {}).get(p)
        if f is None:
            return cur
        subs = list(_submodels(f.annotation))
        if not subs:
            return cur
        cur = subs[0]
    return cur


def validation_problems(exc: ValidationError, ld: Loaded, model: type[Record]) -> list[Problem]:
    out = []
    seen: set[tuple[Any, ...]] = set()
    for err in exc.errors(include_url=False):
        path = _loc_path(err["loc"])
        if err["type"] == "extra_forbidden":  # the unknown key itself is no field name
            path = (*_loc_path(err["loc"][:-1]), err["loc"][-1])
        key: Key = _TYPE_KEYS.get(err["type"], "schema.other")
        dotted = ".".join(str(p) for p in path) or "(top)"
        args: dict[str, Any] = {"field": dotted}
        if key == "schema.unknown":
            name = str(path[-1]) if path else ""
            holder = _model_at(model, path[:-1])
            choices = sorted(getattr(holder, "model_fields", {}))
            close = difflib.get_close_matches(name, choices, n=1, cutoff=0.6)
            args["suggestion"] = close[0] if close else ""
            args["allowed"] = ", ".join(choices)
        elif key == "schema.enum":
            # pydantic says "'a', 'b' or 'c'" (English): list the values plainly instead
            values = re.findall(r"'([^']*)'", str(err.get("ctx", {}).get("expected", "")))
            args["allowed"] = ", ".join(values)
            args["found"] = str(err.get("input"))
            close = difflib.get_close_matches(args["found"], values, n=1, cutoff=0.5)
            args["suggestion"] = close[0] if close else ""
        elif key == "schema.missing":
            args["name"] = str(path[-1]) if path else ""
        elif key == "schema.other":
            args["detail"] = err["msg"]
        else:
            inp = err.get("input")
            args["found"] = inp if isinstance(inp, (str, int, float)) else type(inp).__name__
            args.update({k: v for k, v in (err.get("ctx") or {}).items()
                         if isinstance(v, (str, int, float))})
        # a missing field is reported where its parent mapping is
        where_path = path[:-1] if key == "schema.missing" else path
        line, col = _where(ld.pos, where_path)
        # a union (date or date-time …) fails once per member for the same value: say it once
        sig = (line, col, key == "schema.missing" and args["name"], repr(err.get("input")))
        if sig in seen:
            continue
        seen.add(sig)
        out.append(Problem.make(key, "error", ld.file, line, col, key, **args))
    return out


def _where(pos: dict[tuple[Any, ...], tuple[int, int]], path: tuple[Any, ...]) -> tuple[int, int]:
    p = path
    while p:
        if p in pos:
            return pos[p]
        p = p[:-1]
    return pos.get((), (1, 1))


def build_record(ld: Loaded, model: type[R], charter: Charter | None = None,
                 ) -> tuple[R | None, list[Problem]]:
    """The record in ``ld``, or the problems that keep it out. ``charter``: its lists of
    media kinds, event kinds and post types are the allowed values (default: the sample's)."""
    if ld.data is None:
        return None, []
    try:
        rec = model.model_validate(ld.data,
                                   context=None if charter is None else charter.choices())
    except ValidationError as exc:
        return None, validation_problems(exc, ld, model)
    rec._id, rec._file, rec._pos = ld.id, ld.file, ld.pos
    return rec, []


# --------------------------------------------------------------------------- entry points


def load_charter(root: str) -> Charter:
    ld = load_file(root, CHARTER_FILE, DEFAULT_MAX_BYTES)
    if ld.problems:
        raise ConfigError(ld.problems)
    if ld.data is None:
        raise ConfigError([Problem.make("config", "error", CHARTER_FILE, 1, 1, "config.missing")])
    ld.id = "charter"
    charter, problems = build_record(ld, Charter)
    if charter is None:
        raise ConfigError(problems)
    try:
        ZoneInfo(charter.timezone)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        line, col = charter.where("timezone")
        raise ConfigError([Problem.make("config", "error", CHARTER_FILE, line, col,
                                        "config.timezone", found=charter.timezone)]) from None
    return charter


def load_community(root: str, today: dt.date | None = None, jobs: int | None = None,
                   on_files: Callable[[int, int], None] | None = None) -> Community:
    """Load and validate everything; raise ConfigError only when the charter is unusable.
    ``on_files(done, total)`` is told as files finish loading (for a progress bar)."""
    if not os.path.isfile(os.path.join(root, CHARTER_FILE)):
        raise ConfigError([Problem.make("config", "error", CHARTER_FILE, 1, 1, "config.missing")])
    charter = load_charter(root)
    if today is None:
        today = dt.datetime.now(ZoneInfo(charter.timezone)).date()
    com = Community(root=root, charter=charter, today=today)
    com.problems.extend(record_problems(root))
    files, found = discover(root)
    com.problems.extend(found)
    model_of = {rel: KINDS[kind][1] for kind, rel in files}

    done = 0

    def build(lds: list[Loaded]) -> list[tuple[Loaded, Record | None, list[Problem]]]:
        nonlocal done
        out = [(ld, *build_record(ld, model_of[ld.file], charter)) for ld in lds]
        if on_files is not None:
            done += len(lds)
            on_files(done, len(files))
        return out

    tables = {kind: com.by_kind(kind) for kind in KINDS}
    with _gc_paused():
        built = map_loaded(root, [rel for _k, rel in files], charter.max_file_bytes, build, jobs)
        for (kind, _rel), (ld, rec, probs) in zip(files, built, strict=False):
            com.problems.extend(ld.problems)
            com.problems.extend(probs)
            if kind == "member" and (rec is None or ld.problems):
                com.unloaded.add(ld.id)
            if rec is not None and not ld.problems:
                table = tables[kind]
                existing = table.get(ld.id)  # the record's id (rec.id costs a pydantic look-up)
                if existing is not None:
                    com.problems.append(Problem.make("id.duplicate", "error", rec.file, 1, 1,
                                                     "id.duplicate", id=ld.id,
                                                     other=existing.file))
                    continue
                table[ld.id] = rec
    return com


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """Loading makes a million small objects and no reference cycles: the cycle collector
    would walk the growing heap again and again for nothing (a third of the load time at
    10,000 members). Forked workers inherit the pause."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            if gc.get_freeze_count() == 0:
                # hand what was made straight to the oldest generation, where a community
                # that lives as long as the command belongs, instead of letting the young
                # generations walk it again (a third of the rules' time otherwise)
                gc.freeze()
                gc.unfreeze()
            gc.enable()
