"""The charter's models: ``content/charter.yml`` (the club's name, language, time zone, rules,
dues, inner circle, kinds of things …) as :class:`Charter` and its parts.

The records (members, resources, events, groups) are in :mod:`generator.data.models`; the
values both use (one-line text, dates, web addresses, the bounds of counts and amounts) are
defined there once.
"""

from __future__ import annotations

import re
import zoneinfo
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import AfterValidator, Field
from pydantic_core import PydanticCustomError

from generator.data.kinds import DEFAULT_KINDS, KIND_PATTERN
from generator.data.models import (
    MAX_AMOUNT,
    MAX_COUNT,
    MAX_DAYS,
    Date,
    Line,
    MemberId,
    Record,
    Strict,
    WebUrl,
    _one_line,
)
from generator.i18n.catalogue import LANGS

if TYPE_CHECKING:
    Language = str
else:  # a value pydantic checks: every language with a catalogue file (zh, en …)
    Language = Literal[LANGS]


class RuleText(Strict):
    id: str = Field(pattern=r"^[A-Z][0-9]+$")
    title: Line
    title_en: Line | None = None
    text: str = Field(description="The rule as written (original language).")
    text_en: str | None = None
    enforcement: Literal["check", "report", "human", "off"] = Field(
        description="check: `check` enforces it; report: the report lists it; human: the "
        "admins judge it; off: this club does not have the rule (nothing checks, reports or "
        "shows it).")


class DisplayName(Strict):
    format: Line = Field(default="{org}+{name}", description="Uses {org} and {name}.")
    separators: str = Field(default="+-_·|/ ", description="Characters treated alike.")


_ZONE_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_+-]*(?:/[A-Za-z0-9_+-]+){0,2}")
"""How the names of the zoneinfo database are spelled (``Asia/Shanghai``,
``America/Argentina/Buenos_Aires``, ``Etc/GMT+8``): never a path."""


def _time_zone(value: str) -> str:
    """A name from the zoneinfo database: spelled as one (never a path: a 300-character name
    crashed every command with ENAMETOOLONG, ``../`` would read another file), and one that
    zoneinfo finds. (Asking for the one name, not listing every zone: the list reads the
    header of each of ~600 files, 0.3 s of every command's start on a busy disk.)"""
    if len(value) > 64 or not _ZONE_NAME.fullmatch(value):
        raise PydanticCustomError("courtyard_timezone", "an IANA time zone")
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        raise PydanticCustomError("courtyard_timezone", "an IANA time zone") from None
    return value


TimeZoneName = Annotated[str, AfterValidator(_one_line), AfterValidator(_time_zone),
                         Field(max_length=64, description="An IANA time zone name.",
                               examples=["Asia/Shanghai"])]


class InnerCircle(Strict):
    name: Line = "菁英会"
    minimum: int = Field(default=20, ge=0, le=MAX_COUNT)
    cap: int = Field(default=50, ge=1, le=MAX_COUNT)
    yearly_intake: int = Field(default=10, ge=0, le=MAX_COUNT,
                               description="Admissions per calendar year.")
    members_label: Line | None = Field(
        default=None, description="Its members together, as headings name them (e.g. "
        "Fellows); default: the name and the catalogue's word for members.")


class Dues(Strict):
    amount: float = Field(ge=0, le=MAX_AMOUNT)
    currency: Line = "CNY"
    grace_days: int = Field(default=60, ge=0, le=MAX_DAYS)
    year: Literal["calendar", "anniversary"] = Field(
        default="calendar", description="calendar: every year's dues fall due on 1 January "
        "(the joining year's on joining); anniversary: each member's year runs from their "
        "joining date.")


class RedPacketRule(Strict):
    min_amount: float = Field(default=30, ge=0, le=MAX_AMOUNT)
    min_recipients: int = Field(default=5, ge=1, le=MAX_COUNT)


class Attendance(Strict):
    events_per_year: int = Field(default=1, ge=0, le=366)


class Groups(Strict):
    capacity: int = Field(default=500, ge=1, le=MAX_COUNT)


class Gathering(Strict):
    min_capacity: int = Field(default=150, ge=1, le=MAX_COUNT)


class KindEntry(Strict):
    id: str = Field(pattern=KIND_PATTERN, description="The value data files use.")
    label: Line | None = Field(default=None, description="Shown on the site and in forms "
                               "(default: the catalogue's label, else the id).")


KindList = list[Annotated[str, Field(pattern=KIND_PATTERN)] | KindEntry]


def _kinds(family: str) -> KindList:
    return list(DEFAULT_KINDS[family])


class Words(Strict):
    """What the club calls things its pages, forms and messages name (default: the
    catalogue's word in the charter's language). The inner circle's name is
    ``inner_circle.name``."""

    organisation: Line | None = Field(
        default=None, description="What a member's organisation is called (default: 机构 / "
        "organisation), e.g. studio, company, 媒体.")
    outer_circle: Line | None = Field(
        default=None, description="What the circle outside the inner one is called (default: "
        "外院 / outer court).")


class Site(Strict):
    url: WebUrl = "https://example.org/"
    members_url: WebUrl | None = Field(
        default=None, description="Address of the members edition (behind access control): "
        "its calendar subscription and links use it; without it that edition offers "
        "downloads only.")
    repo: WebUrl | None = None
    description: str | None = None
    how_to_join: str | None = None


class Charter(Record):
    name: Line
    name_en: Line | None = None
    language: Language = "zh"
    timezone: TimeZoneName = "Asia/Shanghai"
    founded: Date | None = None
    values: list[Line] = Field(default_factory=list)
    site: Site = Field(default_factory=Site)
    display_name: DisplayName = Field(default_factory=DisplayName)
    inner_circle: InnerCircle = Field(default_factory=InnerCircle)
    words: Words = Field(default_factory=Words)
    dues: Dues
    red_packet: RedPacketRule = Field(default_factory=RedPacketRule)
    attendance: Attendance = Field(default_factory=Attendance)
    groups: Groups = Field(default_factory=Groups)
    annual_gathering: Gathering = Field(default_factory=Gathering)
    admins: list[MemberId] = Field(min_length=1)
    founders: list[MemberId] = Field(default_factory=list)
    max_file_bytes: int = Field(default=262144, ge=1024, le=64 * 1024 * 1024)
    rules: list[RuleText] = Field(default_factory=list)
    intro: str | None = None
    media_kinds: KindList = Field(default_factory=lambda: _kinds("media_kinds"),
                                  min_length=1, description="Kinds of media resource.")
    event_kinds: KindList = Field(default_factory=lambda: _kinds("event_kinds"),
                                  min_length=1, description="Kinds of event.")
    post_types: KindList = Field(default_factory=lambda: _kinds("post_types"),
                                 min_length=1, description="Types of board post (`ad`: R3).")

    def rule(self, rule_id: str) -> RuleText | None:
        for r in self.rules:
            if r.id == rule_id:
                return r
        return None

    def rule_on(self, rule_id: str) -> bool:
        """Whether this club has the charter rule ``rule_id`` (``R3``; a check id such as
        ``R3.red-packet`` or ``status.dates`` counts by its prefix). A charter that lists
        rules has exactly those, less the ones marked ``enforcement: off``; a charter
        without a ``rules`` list has them all. Ids that are no charter clause (``status``,
        ``event`` …) are always on."""
        clause = rule_id.split(".", 1)[0]
        if not re.fullmatch(r"[A-Z][0-9]+", clause) or not self.rules:
            return True
        r = self.rule(clause)
        return r is not None and r.enforcement != "off"

    def kinds(self, family: str) -> tuple[str, ...]:
        """The values of ``media_kinds``, ``event_kinds`` or ``post_types``, in order."""
        entries: KindList = getattr(self, family)
        return tuple(e if isinstance(e, str) else e.id for e in entries)

    def kind_label(self, family: str, value: str) -> str | None:
        """The label the charter gives ``value`` in ``family``, if it gives one."""
        entries: KindList = getattr(self, family)
        return next((e.label for e in entries
                     if not isinstance(e, str) and e.id == value and e.label), None)

    def choices(self) -> dict[str, tuple[str, ...]]:
        """The validation context for data files: every list of kinds."""
        return {family: self.kinds(family) for family in DEFAULT_KINDS}
