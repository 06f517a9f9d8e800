"""The charter report: everything that needs an admin's action, one section per concern.

A section is a function ``fn(ctx) -> Result`` registered with ``@section(id, rules, title)``
(``title``: the catalogue key of its heading, ``report.section.<id>``);
each item names the member or entry, its file and the charter clause (``C2``, ``R4`` …). The
report is informational: it never fails a build, it tells the admins what to do next (usually
by a pull request).

Adding a section (the matching work adds "needs without a match" and "new matches since"):
write ``@section(...)`` functions in your own module and add the module's name to
``SECTION_MODULES``.

The report leads with action: sections with something to do come first, by ``urgency``
(``LAPSED`` dues past the grace period, then a ``BREACH`` of the cap, the minimum or R3,
then candidates ``WAITING``, then what is ``DUE`` soon, then the ``ROUTINE`` rest), ties in
the order the modules are listed and the sections defined; sections with nothing to do
follow in the same order. Every format (text, Markdown, JSON) reads this one order. In a
section registered with ``fold=True`` the same item for many members (everyone's dues fall
due on 1 January) becomes one line with the count — ``FOLD_MIN`` or more identical items —
unless the report is built with ``fold=False`` (``report --all``).
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, TypeVar

from generator.core.names import display_name
from generator.data.community import Community
from generator.data.models import Record
from generator.i18n import messages, text
from generator.problems import MessageArg, Problem

if TYPE_CHECKING:
    from generator.core.occurrences import Happening
    from generator.data.charter_models import Charter
    from generator.data.models import Event
    from generator.i18n.keys import Key

R = TypeVar("R", bound=Record)

SECTION_MODULES: list[str] = ["generator.admin.sections", "generator.admin.matching_sections"]
DEFAULT_SINCE_DAYS = 7  # the weekly workflow's window

# urgency of a section, most urgent first (see the module docstring)
LAPSED, BREACH, WAITING, DUE, ROUTINE = range(5)
FOLD_MIN = 5  # this many identical items in a folding section become one line


@dataclass
class Item:
    """One thing to act on. ``args`` are the numbers behind the message (also in JSON)."""

    rule: str
    kind: str  # member, post, event, media, client, charter
    id: str
    name: str
    file: str
    key: Key
    args: dict[str, MessageArg] = field(default_factory=dict)
    texts: Callable[[str], dict[str, MessageArg]] | None = field(
        default=None, repr=False, compare=False)
    """Arguments worded in the language asked for (a match's reasons), beside ``args``."""
    folded: list[Item] = field(default_factory=list)
    """A wave: the identical items this one line stands for (``kind`` is ``wave``)."""
    command: str = ""
    """The command that settles the item (after ``python -m generator``; upper-case words
    such as ``MEMBER`` are for the admin to fill in); a field of its own so other figures can
    join the item. Empty only for an item that is ``informational``."""
    informational: bool = False
    """Nothing to settle: the item tells (new since last week, a match to introduce)."""

    def settled_by(self, command: str) -> Item:
        self.command = command
        return self

    def for_information(self) -> Item:
        self.informational = True
        return self

    def render_args(self, lang: str) -> dict[str, MessageArg]:
        return self.args if self.texts is None else {**self.args, **self.texts(lang)}

    def message(self, lang: str) -> str:
        return messages.render(self.key, lang, self.render_args(lang))


@dataclass
class Fact:
    """A figure worth seeing even when there is nothing to do (cap headroom, quota used)."""

    key: Key
    args: dict[str, MessageArg] = field(default_factory=dict)

    def message(self, lang: str) -> str:
        return messages.render(self.key, lang, self.args)


@dataclass
class Result:
    items: list[Item] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)


@dataclass(frozen=True)
class SectionDef:
    id: str
    rules: tuple[str, ...]
    heading: Key
    fn: Callable[[Ctx], Result]
    urgency: int = ROUTINE
    fold: bool = False

    def title(self, lang: str) -> str:
        return text(lang, self.heading)


SECTIONS: list[SectionDef] = []


def section(sid: str, rules: tuple[str, ...], heading: Key, urgency: int = ROUTINE,
            fold: bool = False) -> Callable[[Callable[[Ctx], Result]], Callable[[Ctx], Result]]:
    """Register a report section (see the module docstring)."""

    def deco(fn: Callable[[Ctx], Result]) -> Callable[[Ctx], Result]:
        if any(s.id == sid for s in SECTIONS):  # pragma: no cover - programming error
            raise ValueError(f"report section {sid} registered twice")
        SECTIONS.append(SectionDef(sid, rules, heading, fn, urgency, fold))
        return fn

    return deco


def load_sections() -> list[SectionDef]:
    for name in SECTION_MODULES:
        importlib.import_module(name)
    return list(SECTIONS)


@dataclass
class Ctx:
    """What sections read: the community, the dates, and the check's own problems (so a
    section can reuse a rule's verdict instead of restating it)."""

    com: Community
    since: dt.date
    problems: list[Problem]
    lang: str = "zh"

    @property
    def today(self) -> dt.date:
        return self.com.today

    @property
    def charter(self) -> Charter:
        return self.com.charter

    def member_name(self, mid: str) -> str:
        m = self.com.members.get(mid)
        return display_name(self.charter, m) if m is not None else mid

    def member_item(self, rule: str, mid: str, key: Key, **args: MessageArg) -> Item:
        m = self.com.members[mid]
        return Item(rule, "member", mid, display_name(self.charter, m), m.file, key, args)

    def take_part(self, mid: str) -> str:
        """The command that has a member take part this year (R4): sign up for the next
        session left this year, else share a media resource."""
        coming = [ev for ev, h in self.happenings if not h.cancelled
                  and self.today < h.date and h.date.year == self.today.year]
        return f"event rsvp {coming[0].id} {mid}" if coming else f"new media --owner {mid}"

    def record_item(self, rule: str, kind: str, rec: Record, label: str, key: Key,
                    **args: MessageArg) -> Item:
        return Item(rule, kind, rec.id, label, rec.file, key, args)

    @cached_property
    def happenings(self) -> list[tuple[Event, Happening]]:
        """(event, happening) for every date an event happens on, in date order."""
        from generator.core.occurrences import happenings
        out = [(ev, h) for ev in self.com.events.values() for h in happenings(self.com, ev)]
        out.sort(key=lambda eh: (eh[1].start, eh[0].id))
        return out

    def rule_hits(self, rule: str, records: Mapping[str, R]) -> list[tuple[Problem, R]]:
        """(problem, record) for each problem of ``rule`` in a file of ``records`` (one
        kind's table): a rule's own verdict, turned back into the record it is about."""
        recs = {r.file: r for r in records.values()}
        return [(p, recs[p.file]) for p in self.problems if p.rule == rule and p.file in recs]


@dataclass
class SectionOut:
    id: str
    rules: tuple[str, ...]
    title: str
    items: list[Item]
    facts: list[Fact]

    @property
    def count(self) -> int:
        """Things to act on, a wave counting each member it stands for."""
        return sum(len(it.folded) or 1 for it in self.items)


@dataclass
class Report:
    today: dt.date
    since: dt.date
    community: str
    lang: str
    errors: int
    warnings: int
    sections: list[SectionOut]


def fold_waves(items: list[Item], lang: str) -> list[Item]:
    """Identical items (same clause, message and figures; only the member differs) become
    one ``wave`` item where there are ``FOLD_MIN`` or more of them, at the first one's place."""
    groups: dict[tuple[str, str, str], list[Item]] = {}
    for it in items:
        if it.texts is None:
            groups.setdefault((it.rule, it.key, repr(sorted(it.args.items()))), []).append(it)
    out: list[Item] = []
    for it in items:
        same = groups.get((it.rule, it.key, repr(sorted(it.args.items()))), []) \
            if it.texts is None else []
        if len(same) < FOLD_MIN:
            out.append(it)
        elif it is same[0]:
            out.append(Item(it.rule, "wave", f"{it.kind}s", messages.render(
                "report.wave", lang, {"count": len(same)}), _common_folder(same), it.key,
                dict(it.args), folded=same,
                command=it.command.replace(it.id, "ID") if it.command else "",
                informational=it.informational))
    return out


def _common_folder(items: list[Item]) -> str:
    """``members/`` for a wave of member files (the folder the items' files share)."""
    folders = {it.file.rpartition("/")[0] for it in items}
    return folders.pop() + "/" if len(folders) == 1 else ""


def build_report(com: Community, problems: list[Problem], lang: str,
                 since: dt.date | None = None, fold: bool = True) -> Report:
    """Run every registered section. ``problems`` are what ``check`` found (load + rules).
    Sections come in the order the module docstring describes; ``fold=False`` lists every
    member of a wave (``report --all``)."""
    since = since or com.today - dt.timedelta(days=DEFAULT_SINCE_DAYS)
    ctx = Ctx(com, since, problems, lang)
    ranked = []
    for n, sd in enumerate(load_sections()):
        if sd.rules and not any(com.charter.rule_on(r) for r in sd.rules):
            continue  # every rule behind the section is switched off in the charter
        res = sd.fn(ctx)
        items = fold_waves(res.items, lang) if fold and sd.fold else res.items
        ranked.append(((not items, sd.urgency, n),
                       SectionOut(sd.id, sd.rules, sd.title(lang), items, res.facts)))
    out = [so for _rank, so in sorted(ranked, key=lambda r: r[0])]
    return Report(com.today, since, com.charter.name, lang,
                  sum(1 for p in problems if p.severity == "error"),
                  sum(1 for p in problems if p.severity == "warning"), out)
