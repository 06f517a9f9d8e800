"""The JSON API's records (api/v1/*.json). Each file is an envelope ``{"version": 1,
"generated_for": <date>, "items": [...]}``; its JSON Schema is generated from these models
and published beside the files (api/v1/schema/<name>.json).

These are not the data-file models: they hold only what an edition may publish, with member
references already filtered, so building an item through them proves its shape. Every field
is required (``null`` when absent) so consumers never guess whether a key exists.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

API_VERSION = 1


class Api(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


ContactKey = Literal["wechat", "phone", "email"]


class ApiMember(Api):
    id: str
    name: str
    org: str
    display_name: str
    title: str | None
    circle: Literal["inner", "outer"]
    status: Literal["candidate", "active", "alumni"]
    joined: dt.date | None = Field(description="null when the member hides their dates "
                                   "from the public edition.")
    left: dt.date | None
    founder: bool
    sponsor: str | None = Field(description="Sponsor's id, when the edition lists the sponsor.")
    city: str | None
    tags: list[str]
    bio: str | None
    github: str | None
    contact: dict[ContactKey, str] = Field(
        description="Only the contact fields this edition shows; a missing key means hidden.")
    url: str
    vcard: str | None = Field(description="Absolute URL of the member's vCard, if any.")


class ApiLocation(Api):
    name: str | None
    address: str | None
    city: str | None


class ApiRecurrence(Api):
    rrule: str
    exdates: list[dt.date]


class ApiOccurrence(Api):
    date: dt.date
    cancelled: bool
    attended: list[str]
    rsvp_count: int = Field(default=0, description="Who signed up for this occurrence "
                            "(counted like the event's rsvp_count).")
    rsvp: list[str] = Field(default_factory=list)
    waitlist_count: int = 0
    guests: int = Field(default=0, description="Guests signed up (not members).")


class ApiEvent(Api):
    id: str
    uid: str = Field(description="The calendar UID (stable across edits).")
    title: str
    all_day: bool
    start: str = Field(description="ISO 8601; a date for all-day events, else with offset.")
    end: str = Field(description="Exclusive end for all-day events.")
    location: ApiLocation | None
    kind: str
    audience: Literal["public", "members"]
    status: Literal["scheduled", "cancelled"]
    capacity: int | None
    organizers: list[str]
    rsvp_count: int = Field(description="Who replied: everyone in the members edition, those "
                            "it lists in the public edition.")
    rsvp: list[str] = Field(description="Ids of the repliers this edition lists.")
    waitlist_count: int = 0
    guests: int = 0
    attended: list[str]
    description: str | None
    sequence: int
    updated: dt.date | None
    recurrence: ApiRecurrence | None
    occurrences: list[ApiOccurrence]
    url: str
    ics: str = Field(description="Absolute URL of the event's calendar file.")


class ApiPrice(Api):
    min: float
    max: float | None
    unit: str
    currency: str


class ApiMedia(Api):
    id: str
    title: str
    owner: str
    kind: str
    city: str
    locations: list[str]
    price: ApiPrice | None
    availability: str | None
    audience: Literal["public", "members"]
    tags: list[str]
    description: str | None
    updated: dt.date | None
    url: str


class ApiRedPacket(Api):
    amount: float
    recipients: int
    sent: dt.date | None


class ApiPost(Api):
    id: str
    title: str
    type: str  # one of the charter's post_types (its schema lists them: exports/api.py)
    owner: str
    posted: dt.date
    expires: dt.date | None
    audience: Literal["public", "members"]
    city: str | None
    tags: list[str]
    description: str | None
    red_packet: ApiRedPacket | None
    fulfilled_by: list[str]
    url: str


class ApiGroup(Api):
    id: str
    name: str
    purpose: str
    size: int
    capacity: int
    admins: list[str]
    join: str | None
    description: str | None


class ApiClient(Api):
    id: str
    brand: str
    owner: str | None
    industry: str
    need: str
    city: str | None
    budget: str | None
    since: dt.date | None
    tags: list[str]
    notes: str | None
    url: str


ITEM_MODELS: dict[str, type[Api]] = {
    "members": ApiMember,
    "events": ApiEvent,
    "media": ApiMedia,
    "board": ApiPost,
    "groups": ApiGroup,
    "clients": ApiClient,
}
MEMBERS_ONLY_FILES = ("clients",)

# What the public edition's schemas pin down further, so validating a public file also
# proves the privacy rule: (file, item field) → allowed values.
PUBLIC_ENUMS: dict[tuple[str, str], list[str]] = {
    ("members", "status"): ["active", "alumni"],
    ("events", "audience"): ["public"],
    ("media", "audience"): ["public"],
    ("board", "audience"): ["public"],
}
