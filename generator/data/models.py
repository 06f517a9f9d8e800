"""Typed records for every kind of data file.

One pydantic model per kind; unknown keys are rejected (``extra="forbid"``). The loader hands
every scalar over as a string (or None), so the models decide types: ``joined: 2026-01-01``
becomes a date, ``amount: 30`` an int, while ``title: yes`` stays the string "yes".

The field names here are a contract (docs, tests, workflows and other communities rely on
them): add fields freely, never rename one.
"""

from __future__ import annotations

import datetime as dt
import re
import urllib.parse
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
)
from pydantic_core import PydanticCustomError

from generator.data.kinds import DEFAULT_KINDS, charter_choice
from generator.data.meta import Channel, Meta, Role

if TYPE_CHECKING:
    from generator.data.charter_models import Charter as Charter
    from generator.data.load import Pos

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
GITHUB_PATTERN = r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,37}[A-Za-z0-9])?$"

Visibility = Literal["public", "members", "private"]
Audience = Literal["public", "members"]


# --------------------------------------------------------------------------- safe values
# Values that land in one-line places (a vCard line, a QR code, an HTML title, a feed's
# title, a link) are refused here when they could break out of that place: a newline in a
# name, a javascript: link, a date no calendar can hold, an infinite amount. The loader has
# already refused every other control character (generator/data/load.py).

EARLIEST, LATEST = dt.date(1900, 1, 1), dt.date(2200, 12, 31)
"""Dates outside this window are typing mistakes, and overflow time-zone arithmetic."""
URL_SCHEMES = ("https", "http")
MAX_COUNT = 1_000_000
"""Upper bound of every count (people, places, guests, recipients, caps): no club has more,
and a bigger number only overflows what is computed from it."""
MAX_AMOUNT = 1e12
"""Upper bound of every amount of money."""
MAX_DAYS = 3660
"""Upper bound of every duration in days (ten years): a grace period of 10^13 days overflowed
the date arithmetic of ``report``."""
MAX_SEQUENCE = 2_147_483_647
"""RFC 5545 SEQUENCE is an INTEGER: 0 to 2^31 - 1 (a larger one broke the calendar export)."""


def _one_line(value: str) -> str:
    if "\n" in value or "\t" in value:
        raise PydanticCustomError("courtyard_newline", "one line only")
    return value


_URL_REFUSED = re.compile(r"[\s\"'<>\\`^{}|\x00-\x1f\x7f]")
"""Characters no address needs and markup or a header uses to break out of an attribute:
whitespace, quotes, angle brackets, backslashes, backticks, braces, pipes and carets."""
_LABEL = r"(?:[^\W_]|[^\W_][\w-]{0,62}(?<!-))"
_HOST = re.compile(rf"^{_LABEL}(?:\.{_LABEL})*\.?$")
"""A host name (IDN letters allowed: 院子.中国), or an IPv4 address, which it also matches."""


def _web_url(value: str) -> str:
    """An http(s) address, parsed: a scheme, a host (no user or password), a valid port and
    none of the characters of :data:`_URL_REFUSED` — not only the right prefix, so that
    ``https://x/"><img src=x onerror=…>`` can never reach a template."""
    try:
        parts = urllib.parse.urlsplit(value)
        port_ok = parts.port is None or 0 < parts.port
    except ValueError:
        port_ok = False
    if (not port_ok or parts.scheme.lower() not in URL_SCHEMES or _URL_REFUSED.search(value)
            or "@" in parts.netloc or not _HOST.match(parts.hostname or "")):
        raise PydanticCustomError("courtyard_url", "an http(s) address")
    return value


def _sane_date(value: dt.date) -> dt.date:
    day = value.date() if isinstance(value, dt.datetime) else value
    if not EARLIEST <= day <= LATEST:
        raise PydanticCustomError("courtyard_date_range", "a date between 1900 and 2200",
                                  {"earliest": EARLIEST.isoformat(),
                                   "latest": LATEST.isoformat()})
    return value


INVISIBLE = {
    **{chr(c): "bidi" for c in range(0x202A, 0x202F)},     # embeddings and overrides
    **{chr(c): "bidi" for c in range(0x2066, 0x206A)},     # isolates
    "\u200b": "zero-width", "\u200c": "zero-width", "\u200d": "zero-width",
    "\u2060": "zero-width", "\ufeff": "zero-width",
    "\u2028": "separator", "\u2029": "separator",
}
"""Characters that are invisible or reorder what a reader sees: a name holding one looks like
another (a zero-width copy of a member's nickname), an id holding one names nobody."""
_INVISIBLE_RE = re.compile("[" + "".join(INVISIBLE) + "]")


def _visible(value: str) -> str:
    bad = _INVISIBLE_RE.search(value)
    if bad is not None:
        raise PydanticCustomError(
            "courtyard_invisible", "no invisible or reordering character",
            {"char": f"U+{ord(bad.group()):04X}", "at": bad.start() + 1,
             "found": value.encode("unicode_escape").decode("ascii")})
    return value


Line = Annotated[str, AfterValidator(_one_line)]
"""Text that is shown on one line: names, titles, cities, tags, phone numbers."""
Name = Annotated[str, AfterValidator(_one_line), AfterValidator(_visible)]
"""A name people are told apart by (a member's name and nickname, an organisation, a
group): one line, and no invisible or reordering character (:data:`INVISIBLE`)."""
MemberId = Annotated[str, AfterValidator(_visible)]
"""A member's id in a reference (its file name): no invisible character either."""
WebUrl = Annotated[str, AfterValidator(_one_line), AfterValidator(_web_url)]
"""An http(s) address: never javascript:, data: or a relative path."""
_NUMBER = re.compile(r"^\s*[-+]?\d+(?:\.\d*)?(?:[eE][-+]?\d+)?\s*$")


def _not_a_number(value: object) -> object:
    """A date is written as a date: pydantic would read ``20270101`` as a Unix timestamp
    (1970-08-23) where a date or date-time is expected."""
    if isinstance(value, (int, float)) or (isinstance(value, str) and _NUMBER.match(value)):
        raise PydanticCustomError("date_parsing", "a date, not a number")
    return value


Date = Annotated[dt.date, BeforeValidator(_not_a_number), AfterValidator(_sane_date)]


class Strict(BaseModel):
    """Base for nested structures: unknown keys are an error; numbers are finite."""

    model_config = ConfigDict(extra="forbid", frozen=False, str_strip_whitespace=True,
                              allow_inf_nan=False)


class Record(Strict):
    """Base for one data file. The loader attaches where it came from."""

    _id: str = PrivateAttr(default="")
    _file: str = PrivateAttr(default="")
    # a default, not default_factory=dict: pydantic inspects a factory's signature for every
    # record (half the validation time); the empty default is copied for each instance
    _pos: Pos = PrivateAttr(default={})

    @property
    def id(self) -> str:
        return self._id

    @property
    def file(self) -> str:
        return self._file

    def where(self, *path: str | int) -> tuple[int, int]:
        """(line, column) of the value at ``path``, falling back to its nearest parent."""
        p = tuple(path)
        while p:
            if p in self._pos:
                return self._pos[p]
            p = p[:-1]
        return self._pos.get((), (1, 1))


# --------------------------------------------------------------------------- the registry
# Every field of a member, event, resource and board post carries its Meta
# (generator/data/meta.py): who sees it, who may change it, which forms offer it and how the
# exports name it. generator/data/registry.py reads them for every other stage; adding a
# field is adding its line here (and its labels in the catalogues, and where a page shows it).

SELF: tuple[Role, ...] = ("self", "admin")
ORGANISER: tuple[Role, ...] = ("organiser", "admin")
PROFILE: tuple[Channel, ...] = ("form:profile", "request:profile")


# --------------------------------------------------------------------------- members


class ContactField(Strict):
    value: Line = Field(min_length=1,
                        description="The phone number, e-mail address or WeChat id.")
    visibility: Visibility = Field(
        default="private",
        description="public: on the published site; members: members edition only; "
        "private: never published (admins read it in the repository).",
    )


class Contact(Strict):
    # each way of contact is asked for on its own (its visibility is the entry's own)
    wechat: Annotated[ContactField | None, Meta(changed_by=SELF, offer=(
        "new", "form:member", "form:profile", "request:join"), required_on=("request:join",))
                      ] = None
    phone: Annotated[ContactField | None, Meta(changed_by=SELF, offer=(
        "new", "form:member", "form:profile"), widget="phone")] = None
    email: Annotated[ContactField | None, Meta(changed_by=SELF, offer=(
        "new", "form:member", "form:profile"), widget="email")] = None


class DuesPayment(Strict):
    year: int = Field(ge=2000, le=2100, description="The membership year the payment covers.")
    paid: Date = Field(description="Date the payment was received.")
    amount: float = Field(ge=0, le=MAX_AMOUNT,
                          description="Amount paid, in the charter's currency.")
    note: str | None = None


class Suspension(Strict):
    start: Date = Field(description="The day the suspension began.")
    end: Date = Field(description="The day it ended (reinstated, retired or expelled).")
    reason: str | None = Field(default=None, max_length=2000, description="Why (never "
                               "published).")


class Member(Record):
    name: Annotated[Name, Meta(changed_by=SELF, offer=("new", "form:member", "form:profile",
                                                       "request:join"))] = Field(
        min_length=1, max_length=40, description="Real name (实名).")
    org: Annotated[Name, Meta(changed_by=SELF, offer=("new", "form:member", "form:profile",
                                                      "request:join"))] = Field(
        min_length=1, max_length=60, description="Organisation or media outlet.")
    display_name: Annotated[Name | None, Meta(changed_by=SELF, offer=("new", *PROFILE))] = Field(
        default=None, description="Group nickname; derived from the charter's format when absent."
    )
    title: Annotated[Line | None, Meta(changed_by=SELF, vcard="TITLE", offer=(
        "new", "form:member", *PROFILE, "request:join"))] = Field(default=None, max_length=60)
    circle: Annotated[Literal["inner", "outer"], Meta(offer=("new", "form:member"),
                                                      widget="choice")] = Field(
        description="inner = 菁英会, outer = outer court.")
    status: Annotated[Literal["candidate", "active", "alumni", "suspended", "expelled"],
                      Meta(offer=("new",), widget="choice")] = Field(
        description="expelled: the record stays in git as the audit trail, the person appears "
        "in no edition.")
    joined: Annotated[Date, Meta(offer=("new",), widget="date")] = Field(
        description="Date of admission (for candidates: date proposed).")
    left: Annotated[Date | None, Meta(widget="date")] = Field(
        default=None, description="Date an alumnus left, or the member was expelled.")
    promoted: Annotated[Date | None, Meta(visibility="private", widget="date", api=None)] = Field(
        default=None, description="Date an outer-court member moved into the inner circle: "
        "the yearly intake (C5) and the dues (C2) count from here.")
    suspended: Annotated[Date | None, Meta(visibility="private", widget="date",
                                           api=None)] = Field(
        default=None, description="Date a suspension began.")
    reason: Annotated[str | None, Meta(visibility="private", widget="textarea",
                                       api=None)] = Field(
        default=None, max_length=2000,
        description="Why the member was suspended or expelled (never published).")
    suspensions: Annotated[list[Suspension], Meta(visibility="private", api=None)] = Field(
        default_factory=list, description="Past suspensions, oldest first (`member reinstate` "
        "adds one; never published).")
    founder: Annotated[bool, Meta(offer=("new",), widget="bool")] = False
    sponsor: Annotated[MemberId | None, Meta(offer=("new", "request:join"), widget="member",
                                             required_on=("new", "request:join"))] = Field(
        default=None, description="Member id of the sponsor (介绍人).")
    approved_by: Annotated[list[MemberId], Meta(offer=("new",), widget="members",
                                                required_on=("new",), api=None)] = Field(
        default_factory=list, description="Admin member ids.")
    dues: Annotated[list[DuesPayment], Meta(visibility="private", offer=("new",),
                                            api=None)] = Field(
        default_factory=list, description="Dues ledger.")
    github: Annotated[str | None, Meta(offer=("new", "form:member"), widget="github",
                                       help="github")] = Field(
        default=None, pattern=GITHUB_PATTERN)
    github_id: Annotated[int | None, Meta(visibility="private", offer=("new",), widget="int",
                                          api=None)] = Field(
        default=None, ge=1, le=2**53, description="Numeric GitHub account id.")
    city: Annotated[Line | None, Meta(changed_by=SELF, offer=(
        "new", "form:member", *PROFILE, "request:join"))] = None
    tags: Annotated[list[Line], Meta(changed_by=SELF, offer=("new", "form:member", *PROFILE),
                                     widget="list")] = Field(default_factory=list)
    bio: Annotated[str | None, Meta(changed_by=SELF, offer=("new", "form:member", *PROFILE),
                                    widget="textarea")] = Field(default=None, max_length=2000)
    # each entry says who sees it (ContactField.visibility; editions.visible_contact)
    contact: Annotated[Contact | None, Meta(changed_by=SELF, offer=(
        "new", "form:member", "form:profile", "request:join"))] = None
    access_code_version: Annotated[int, Meta(visibility="private", api=None)] = Field(
        default=0, ge=0, le=10_000,
        description="Raise by one to give this member a new access code for the encrypted "
        "members edition (the old one stops opening the next build); the others keep theirs.")
    hide: Annotated[list[Literal["github", "sponsor", "dates"]],
                    Meta(visibility="private", changed_by=SELF, api=None)] = Field(
        default_factory=list,
        description="What the public edition leaves out of this member's profile: github (the "
        "login), sponsor (who introduced them, and that edge of the referral tree), dates "
        "(joined, left). Default: all shown; the members edition always shows them.")


# --------------------------------------------------------------------------- resources

MediaKind = Annotated[str, AfterValidator(_one_line), charter_choice("media_kinds"),
                     Field(description="One of the charter's media_kinds (the sample's: examples).",
                           examples=list(DEFAULT_KINDS["media_kinds"]))]


class PriceRange(Strict):
    min: float = Field(ge=0, le=MAX_AMOUNT)
    max: float | None = Field(default=None, ge=0, le=MAX_AMOUNT)
    unit: Line = Field(default="", description="e.g. 元/周/屏, 元/天")
    currency: Line = "CNY"


_NEW: tuple[Channel, ...] = ("new",)


class Media(Record):
    title: Annotated[Line, Meta(changed_by=SELF, offer=_NEW)] = Field(min_length=1,
                                                                      max_length=80)
    owner: Annotated[MemberId, Meta(offer=_NEW, widget="member")]
    kind: Annotated[MediaKind, Meta(changed_by=SELF, offer=_NEW, widget="choice")]
    city: Annotated[Line, Meta(changed_by=SELF, offer=_NEW)]
    locations: Annotated[list[Line], Meta(changed_by=SELF, offer=_NEW, widget="list")] = Field(
        default_factory=list)
    price: Annotated[PriceRange | None, Meta(changed_by=SELF, offer=_NEW)] = None
    availability: Annotated[Line | None, Meta(changed_by=SELF, offer=_NEW)] = None
    audience: Annotated[Audience, Meta(changed_by=SELF, offer=_NEW, required_on=_NEW,
                                       widget="choice")] = "public"
    tags: Annotated[list[Line], Meta(changed_by=SELF, offer=_NEW, widget="list")] = Field(
        default_factory=list)
    description: Annotated[str | None, Meta(changed_by=SELF, offer=_NEW,
                                            widget="textarea")] = Field(default=None,
                                                                        max_length=4000)
    updated: Annotated[Date | None, Meta(changed_by=SELF, offer=_NEW, widget="date")] = None


# the client library is members-only as a whole (editions.clients)
_CLIENT = Meta(visibility="members", changed_by=SELF, offer=_NEW)


class Client(Record):
    brand: Annotated[Name, _CLIENT] = Field(min_length=1, max_length=80)
    owner: Annotated[MemberId, Meta(visibility="members", offer=_NEW, widget="member")] = Field(
        description="The member who holds the relationship (contact owner).")
    industry: Annotated[Line, _CLIENT]
    need: Annotated[str, _CLIENT] = Field(min_length=1, max_length=2000)
    city: Annotated[Line | None, _CLIENT] = None
    budget: Annotated[Line | None, _CLIENT] = None
    since: Annotated[Date | None, Meta(visibility="members", changed_by=SELF, offer=_NEW,
                                       widget="date")] = None
    tags: Annotated[list[Line], Meta(visibility="members", changed_by=SELF, offer=_NEW,
                                     widget="list")] = Field(default_factory=list)
    notes: Annotated[str | None, _CLIENT] = Field(default=None, max_length=4000)


class RedPacket(Strict):
    amount: float = Field(ge=0, le=MAX_AMOUNT, description="Total amount in yuan.")
    recipients: int = Field(ge=0, le=MAX_COUNT, description="Number of people who can open it.")
    sent: Date | None = None


PostType = Annotated[str, AfterValidator(_one_line), charter_choice("post_types"),
                     Field(description="One of the charter's post_types (the sample's: examples).",
                           examples=list(DEFAULT_KINDS["post_types"]))]
_POST: tuple[Channel, ...] = ("new", "form:post", "request:post")


class Post(Record):
    title: Annotated[Line, Meta(changed_by=SELF, offer=_POST)] = Field(min_length=1,
                                                                       max_length=80)
    type: Annotated[PostType, Meta(changed_by=SELF, offer=_POST, widget="choice")]
    owner: Annotated[MemberId, Meta(offer=_NEW, widget="member")]
    posted: Annotated[Date, Meta(changed_by=SELF, offer=_NEW, widget="date")]
    expires: Annotated[Date | None, Meta(changed_by=SELF, offer=_POST, widget="date")] = None
    audience: Annotated[Audience, Meta(changed_by=SELF, offer=("new", "form:post"),
                                       required_on=_NEW, widget="choice")] = "public"
    city: Annotated[Line | None, Meta(changed_by=SELF, offer=_POST)] = None
    tags: Annotated[list[Line], Meta(changed_by=SELF, offer=("new", "form:post"),
                                     widget="list")] = Field(default_factory=list)
    description: Annotated[str | None, Meta(changed_by=SELF, offer=_POST,
                                            widget="textarea")] = Field(default=None,
                                                                        max_length=4000)
    red_packet: Annotated[RedPacket | None, Meta(changed_by=SELF, offer=("new", "form:post"))
                          ] = None
    fulfilled_by: Annotated[list[MemberId], Meta(changed_by=SELF, widget="members")] = Field(
        default_factory=list)


# --------------------------------------------------------------------------- events

EventKind = Annotated[str, AfterValidator(_one_line), charter_choice("event_kinds"),
                     Field(description="One of the charter's event_kinds (the sample's: examples).",
                           examples=list(DEFAULT_KINDS["event_kinds"]))]
_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _date_or_time(value: object) -> object:
    """A bare ``2026-12-05`` is an all-day date: pydantic alone would try datetime first and
    turn it into midnight, losing the all-day meaning."""
    if isinstance(value, str) and _DATE_ONLY.match(value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass  # pydantic then reports its usual "must be a date" error
    return value


DateOrTime = Annotated[dt.datetime | dt.date, BeforeValidator(_date_or_time),
                     BeforeValidator(_not_a_number), AfterValidator(_sane_date)]


class Location(Strict):
    name: Line
    address: Line | None = None
    city: Line | None = None


OPEN_ENDED_DAYS = 366
"""A rule without COUNT or UNTIL is expanded this far past today (the exports, the pages,
and the bound ``check`` puts on a series)."""


class Recurrence(Strict):
    rrule: str = Field(description="RFC 5545 RRULE, e.g. FREQ=MONTHLY;BYDAY=3TH;COUNT=12")
    exdates: list[Date] = Field(default_factory=list)


WaitingGuests = Annotated[int, Field(ge=0, le=MAX_COUNT)]
WAITLIST_GUESTS = ("Guests a waitlisted member brings, by member: they take no place until "
                   "their host has one, then join guests (issue 25).")


class Occurrence(Strict):
    date: Date
    rsvp: list[MemberId] = Field(
        default_factory=list, description="Who signed up for this occurrence, in order.")
    waitlist: list[MemberId] = Field(
        default_factory=list, description="Who signed up once it was full, in order: the first "
        "moves up when someone cancels.")
    guests: int = Field(default=0, ge=0, le=MAX_COUNT, description="Guests (not members) "
                        "signed up; they count against the capacity.")
    waitlist_guests: dict[MemberId, WaitingGuests] = Field(
        default_factory=dict, description=WAITLIST_GUESTS)
    guest_names: list[Line] = Field(default_factory=list,
                                    description="Guests' names (members edition only).")
    attended: list[MemberId] = Field(default_factory=list)
    cancelled: bool = False
    moved_from: Annotated[Date | None, Meta(changed_by=ORGANISER, widget="date")] = Field(
        default=None, description="The date on the event's rule this occurrence was moved "
        "from (its `date` is then off the rule); a date off the rule without it is refused.")


_EVENT: tuple[Channel, ...] = ("new", "form:event")


class Event(Record):
    title: Annotated[Line, Meta(changed_by=ORGANISER, offer=_EVENT)] = Field(min_length=1,
                                                                             max_length=100)
    start: Annotated[DateOrTime, Meta(changed_by=ORGANISER, offer=_EVENT, widget="when",
                                      help="all-day")] = Field(
        description="Date (all-day) or date-time; charter time zone if none.")
    end: Annotated[DateOrTime | None, Meta(changed_by=ORGANISER, offer=_EVENT,
                                           widget="when")] = None
    location: Annotated[Line | Location | None, Meta(changed_by=ORGANISER, offer=_EVENT)] = None
    kind: Annotated[EventKind, Meta(changed_by=ORGANISER, offer=_EVENT, required_on=_NEW,
                                    widget="choice")] = Field(
        default="member_event", validate_default=True)
    audience: Annotated[Audience, Meta(changed_by=ORGANISER, offer=_EVENT, required_on=_NEW,
                                       widget="choice")] = "members"
    capacity: Annotated[int | None, Meta(changed_by=ORGANISER, offer=_EVENT, widget="int")
                        ] = Field(default=None, ge=1, le=MAX_COUNT)
    organizers: Annotated[list[MemberId], Meta(changed_by=ORGANISER, offer=_EVENT,
                                               widget="members")] = Field(default_factory=list)
    # self: anyone may add or remove their own id (checks/judge.py)
    rsvp: Annotated[list[MemberId], Meta(changed_by=("self", "organiser", "admin"), offer=_NEW,
                                         widget="members")] = Field(
        default_factory=list, description="Who signed up (a one-off event; a recurring one "
        "takes RSVPs per occurrence).")
    waitlist: Annotated[list[MemberId], Meta(changed_by=ORGANISER, widget="members",
                                             api=None)] = Field(
        default_factory=list, description="Who signed up once it was full, in order: the "
        "first moves up on a cancel.")
    guests: Annotated[int, Meta(changed_by=ORGANISER, widget="int")] = Field(
        default=0, ge=0, le=MAX_COUNT, description="Guests (not members) signed up; they "
        "count against the capacity.")
    waitlist_guests: Annotated[dict[MemberId, WaitingGuests],
                               Meta(changed_by=ORGANISER, widget="text", api=None)] = Field(
        default_factory=dict, description=WAITLIST_GUESTS)
    guest_names: Annotated[list[Line], Meta(visibility="members", changed_by=ORGANISER,
                                            widget="list", api=None)] = Field(
        default_factory=list, description="Guests' names (members edition only).")
    attended: Annotated[list[MemberId], Meta(changed_by=ORGANISER, widget="members")] = Field(
        default_factory=list)
    status: Annotated[Literal["scheduled", "cancelled"],
                      Meta(changed_by=ORGANISER, widget="choice")] = "scheduled"
    description: Annotated[str | None, Meta(changed_by=ORGANISER, offer=_EVENT,
                                            widget="textarea")] = Field(default=None,
                                                                        max_length=8000)
    sequence: Annotated[int, Meta(changed_by=ORGANISER, widget="int")] = Field(
        default=0, ge=0, le=MAX_SEQUENCE, description="Raise when time or place changes.")
    updated: Annotated[Date | None, Meta(changed_by=ORGANISER, widget="date")] = None
    recurrence: Annotated[Recurrence | None, Meta(changed_by=ORGANISER, offer=_NEW)] = None
    occurrences: Annotated[list[Occurrence], Meta(changed_by=ORGANISER)] = Field(
        default_factory=list)


# --------------------------------------------------------------------------- groups


class Group(Record):
    name: Name = Field(min_length=1, max_length=60)
    purpose: Line = Field(min_length=1, description="e.g. 招聘, 活动, 资源对接")
    size: int = Field(ge=0, le=MAX_COUNT)
    capacity: int = Field(ge=1, le=MAX_COUNT)
    admins: list[MemberId] = Field(min_length=1)
    members: list[MemberId] = Field(
        default_factory=list, description="Registry members expected in the group (the roster "
        "patrol reports those missing); empty: every active member.")
    join: str | None = Field(default=None, description="How to join.")
    description: str | None = Field(default=None, max_length=2000)


# kind name -> (folder relative to root, model). Order is the order of reports.
KINDS: dict[str, tuple[str, type[Record]]] = {
    "member": ("members", Member),
    "media": ("resources/media", Media),
    "client": ("resources/clients", Client),
    "post": ("resources/board", Post),
    "event": ("content/events", Event),
    "group": ("content/groups", Group),
}
