"""The static JSON API: api/v1/{members,events,media,board,groups}.json (+ clients.json in the
members edition) and a JSON Schema for each under api/v1/schema/.

Every item is built through a model in ``api_models`` from what ``editions`` lets the edition
show, and every member id inside an item (sponsor, organisers, attendees, admins …) is filtered
through ``editions.visible_ids``, so a hidden member cannot leak through a reference.

The items' fields are the ``api_models``' plus, from the field registry, every field with an
API name that those models do not list yet and that the edition may show
(:func:`item_model`): a field added to a record reaches the API without code here.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Literal, TypeVar, cast

from pydantic import create_model

from generator.core.names import display_name
from generator.data import editions, registry
from generator.data.community import is_all_day
from generator.data.models import Record
from generator.exports import common, ical
from generator.exports.api_models import (
    API_VERSION,
    ITEM_MODELS,
    MEMBERS_ONLY_FILES,
    PUBLIC_ENUMS,
    Api,
    ApiClient,
    ApiEvent,
    ApiGroup,
    ApiLocation,
    ApiMedia,
    ApiMember,
    ApiOccurrence,
    ApiPost,
    ApiPrice,
    ApiRecurrence,
    ApiRedPacket,
)
from generator.exports.vcard import has_card

if TYPE_CHECKING:
    from generator.data.community import Community
    from generator.data.editions import Edition
    from generator.data.models import Client, Event, Group, Media, Member, Post
    from generator.data.plain import JSONObject

SCHEMA_DIR = f"{common.API_DIR}/schema"


RECORD_KINDS = {"members": "member", "events": "event", "media": "media", "board": "post",
                "clients": "client"}
"""API file → the kind of record its items are made from (groups: none in the registry)."""


@functools.cache
def _extra(name: str, edition: str, base: type[Api], cls: type) -> tuple[registry.Entry, ...]:
    """The registry's fields of file ``name``'s records that its item model lacks, shown in
    ``edition`` (``cls``: the record model, so a test's extended model is a new key)."""
    kind = RECORD_KINDS.get(name)
    if kind is None:
        return ()
    return tuple(e for e in registry.fields(kind)
                 if e.api is not None and e.api not in base.model_fields
                 and registry.visible(kind, e.name, edition))


def _extras(name: str, edition: str) -> tuple[registry.Entry, ...]:
    kind = RECORD_KINDS.get(name)
    cls = registry.model(kind) if kind else Api
    return _extra(name, edition, ITEM_MODELS[name], cls)


@functools.cache
def _item_model(name: str, edition: str, extras: tuple[registry.Entry, ...]) -> type[Api]:
    base = ITEM_MODELS[name]
    if not extras:
        return base
    kind = RECORD_KINDS[name]
    # written in every item (null when absent), but not required by the schema: an item of
    # the public edition, which lacks a members-only field, stays valid in the members one
    fields: dict[str, Any] = {e.api: (registry.model(kind).model_fields[e.name].annotation, None)
                              for e in extras if e.api}
    return cast("type[Api]", create_model(base.__name__, __base__=base, **fields))


def item_model(name: str, edition: str) -> type[Api]:
    """The model of file ``name``'s items in ``edition``: ``ITEM_MODELS[name]`` with the
    registry's fields it lacks that the edition may show (null when absent)."""
    return _item_model(name, edition, _extras(name, edition))


def _item(file: str, rec: Record, ed: editions.Edition, /, **fields: Any) -> Any:
    """An item of API file ``file`` from ``fields`` and the registry's extra fields of
    ``rec``."""
    extras = _extras(file, ed)
    return item_model(file, ed)(**fields, **{e.api: getattr(rec, e.name) for e in extras
                                             if e.api})


def _one(ids: list[str], com: Community, ed: editions.Edition) -> str | None:
    vis = editions.visible_ids(ids, com, ed)
    return vis[0] if vis else None


def member_item(com: Community, m: Member, ed: editions.Edition) -> ApiMember:
    item: ApiMember = _item(
        "members", m, ed, id=m.id, name=m.name, org=m.org,
        display_name=display_name(com.charter, m), title=m.title, circle=m.circle, status=m.status,
        joined=m.joined if editions.shows(m, "dates", ed) else None,
        left=m.left if editions.shows(m, "dates", ed) else None,
        founder=m.founder, sponsor=_one([m.sponsor] if m.sponsor else [], com, ed),
        city=m.city, tags=list(m.tags), bio=m.bio, github=m.github,
        contact=editions.visible_contact(m, ed),
        url=common.page_url(com, "member", m.id, ed),
        vcard=common.absolute(com, common.CONTACT_VCF.format(id=m.id), ed)
        if has_card(m, ed) else None)
    return item


def event_item(com: Community, ev: Event, ed: editions.Edition) -> ApiEvent:
    name, address, city = common.location_parts(ev.location)
    start, end = com.event_start(ev), com.event_end(ev)
    all_day = is_all_day(ev)

    def ids(xs: list[str]) -> list[str]:
        return editions.visible_ids(list(xs), com, ed)

    return ApiEvent(
        id=ev.id, uid=ical.event_uid(com, ev), title=ev.title, all_day=all_day,
        start=start.date().isoformat() if all_day else start.isoformat(),
        end=end.date().isoformat() if all_day else end.isoformat(),
        location=None if ev.location is None else ApiLocation(name=name, address=address,
                                                              city=city),
        kind=ev.kind, audience=ev.audience, status=ev.status, capacity=ev.capacity,
        organizers=ids(ev.organizers), rsvp_count=editions.count_ids(ev.rsvp, com, ed),
        rsvp=ids(ev.rsvp), waitlist_count=editions.count_ids(ev.waitlist, com, ed),
        guests=ev.guests, attended=ids(ev.attended), description=ev.description,
        sequence=ev.sequence,
        updated=ev.updated,
        recurrence=None if ev.recurrence is None else ApiRecurrence(
            rrule=ev.recurrence.rrule, exdates=sorted(ev.recurrence.exdates)),
        occurrences=[ApiOccurrence(date=o.date, cancelled=o.cancelled, attended=ids(o.attended),
                                   rsvp_count=editions.count_ids(o.rsvp, com, ed),
                                   rsvp=ids(o.rsvp),
                                   waitlist_count=editions.count_ids(o.waitlist, com, ed),
                                   guests=o.guests)
                     for o in sorted(ev.occurrences, key=lambda o: o.date)],
        url=common.page_url(com, "event", ev.id, ed),
        ics=common.absolute(com, common.EVENT_ICS.format(id=ev.id), ed))


def media_item(com: Community, r: Media, ed: editions.Edition) -> ApiMedia:
    p = r.price
    return ApiMedia(
        id=r.id, title=r.title, owner=r.owner, kind=r.kind, city=r.city,
        locations=list(r.locations),
        price=None if p is None else ApiPrice(min=p.min, max=p.max, unit=p.unit,
                                              currency=p.currency),
        availability=r.availability, audience=r.audience, tags=list(r.tags),
        description=r.description, updated=r.updated,
        url=common.page_url(com, "media", r.id, ed))


def post_item(com: Community, p: Post, ed: editions.Edition) -> ApiPost:
    rp = p.red_packet
    return ApiPost(
        id=p.id, title=p.title, type=p.type, owner=p.owner, posted=p.posted, expires=p.expires,
        audience=p.audience, city=p.city, tags=list(p.tags), description=p.description,
        red_packet=None if rp is None else ApiRedPacket(amount=rp.amount,
                                                        recipients=rp.recipients, sent=rp.sent),
        fulfilled_by=editions.visible_ids(list(p.fulfilled_by), com, ed),
        url=common.page_url(com, "post", p.id, ed))


def group_item(com: Community, g: Group, ed: editions.Edition) -> ApiGroup:
    return ApiGroup(id=g.id, name=g.name, purpose=g.purpose, size=g.size, capacity=g.capacity,
                    admins=editions.visible_ids(list(g.admins), com, ed), join=g.join,
                    description=g.description)


def client_item(com: Community, c: Client, ed: editions.Edition) -> ApiClient:
    return ApiClient(id=c.id, brand=c.brand, owner=_one([c.owner], com, ed),
                     industry=c.industry, need=c.need, city=c.city, budget=c.budget,
                     since=c.since, tags=list(c.tags), notes=c.notes,
                     url=common.page_url(com, "client", c.id, ed))


R = TypeVar("R", bound=Record)


def _items(source: Callable[[Community, Edition], list[R]],
           build: Callable[[Community, R, Edition], Api]) -> Callable[[Community, Edition],
                                                                   list[Api]]:
    """What one API file lists: each record the edition may show, built into its item."""
    return lambda com, ed: [build(com, rec, ed) for rec in source(com, ed)]


def _groups(com: Community, _ed: Edition) -> list[Group]:
    return [g for _id, g in sorted(com.groups.items())]


SOURCES: dict[str, Callable[[Community, Edition], list[Api]]] = {
    "members": _items(editions.members, member_item),
    "events": _items(editions.events, event_item),
    "media": _items(editions.media, media_item),
    "board": _items(editions.board, post_item),
    "groups": _items(_groups, group_item),
    "clients": _items(editions.clients, client_item),
}


def file_names(edition: Edition) -> list[str]:
    """API files of an edition, in a fixed order."""
    return [n for n in ITEM_MODELS if edition == "members" or n not in MEMBERS_ONLY_FILES]


def document(com: Community, name: str, edition: Edition) -> JSONObject:
    """The envelope of one API file, items sorted by id."""
    ed = common.check_edition(edition)
    items = [item.model_dump(mode="json") for item in SOURCES[name](com, ed)]
    items.sort(key=lambda it: str(it["id"]))
    if name == "board" and not com.charter.rule_on("R3"):
        for it in items:  # a club without the red-packet rule has no such field
            del it["red_packet"]
    return {"version": API_VERSION, "generated_for": com.today.isoformat(), "items": items}


def schema(com: Community, name: str, edition: Edition) -> JSONObject:
    """JSON Schema (2020-12) of one API file in this edition. The public edition's schema also
    pins the values only the public may see (status, audience), so validation checks privacy."""
    ed = common.check_edition(edition)
    item = item_model(name, ed)
    envelope = create_model(
        f"{name.capitalize()}File", __base__=Api, version=(Literal[1], ...),
        generated_for=(Any, ...), items=(list[item], ...))  # type: ignore[valid-type]
    doc = envelope.model_json_schema(mode="serialization")
    doc["properties"]["generated_for"] = {"type": "string", "format": "date",
                                          "title": "Generated For"}
    if name == "board":
        _charter_board(com, doc["$defs"][item.__name__], doc["$defs"])
    if ed == "public":
        props = doc["$defs"][item.__name__]["properties"]
        for (fname, field), allowed in PUBLIC_ENUMS.items():
            if fname == name:
                props[field] = {**props[field], "enum": allowed}
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": common.absolute(com, f"{SCHEMA_DIR}/{name}.json", ed),
            "description": f"Courtyard API v{API_VERSION}: {common.API_DIR}/{name}.json "
                           f"({ed} edition)", **doc}


def _charter_board(com: Community, post: dict[str, Any], defs: dict[str, Any]) -> None:
    """The board's schema as the charter has it: ``type`` is one of its post types; without
    the red-packet rule (R3) there is no ``red_packet`` field."""
    props = post["properties"]
    props["type"] = {**props["type"], "enum": list(com.charter.kinds("post_types"))}
    if not com.charter.rule_on("R3"):
        del props["red_packet"]
        post["required"] = [f for f in post["required"] if f != "red_packet"]
        del defs["ApiRedPacket"]


def files(com: Community, edition: Edition) -> list[tuple[str, bytes]]:
    """(path, bytes) of every API file and its schema."""
    out = []
    for name in file_names(edition):
        out.append((f"{common.API_DIR}/{name}.json", common.json_bytes(document(com, name,
                                                                               edition))))
        out.append((f"{SCHEMA_DIR}/{name}.json", common.json_bytes(schema(com, name, edition))))
    return out
