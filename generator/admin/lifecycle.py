"""A membership's events as edits of the data files: approve, dues, promote, suspend,
reinstate, expel; an event's RSVPs and attendance. Each function checks that the step makes
sense for the record as it is (a candidate can be approved, an active member suspended …)
and returns the :class:`~generator.admin.edit.Change`; ``commit`` in the commands validates
and writes it. A step that does not apply raises :class:`Refused` (exit 2)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from generator.admin.edit import (
    Change,
    append_unique,
    drop_key,
    flow_map,
    flow_seq,
    remove_all,
    set_key,
)
from generator.core.ledger import dues_amount, lapsed_years, next_dues_year
from generator.core.occurrences import happenings, occurrence_dates, upcoming
from generator.data.community import Community
from generator.i18n import dynamic

if TYPE_CHECKING:
    from generator.data.models import Event, Member
    from generator.i18n.keys import Key
    from generator.problems import MessageArg


class Refused(Exception):
    """The step does not apply to the record as it is: a message key and its arguments."""

    def __init__(self, key: Key, **args: MessageArg) -> None:
        super().__init__(key)
        self.key = key
        self.args_ = args


# --------------------------------------------------------------------------- look-ups


def member(com: Community, ref: str) -> Member:
    """A member by id, or by an exact real name or group nickname that only one has."""
    if ref in com.members:
        return com.members[ref]
    from generator.core.names import display_name

    found = [m for m in com.members.values()
             if ref in (m.name, display_name(com.charter, m))]
    if len(found) == 1:
        return found[0]
    if found:
        raise Refused("life.ambiguous", ref=ref, ids=", ".join(sorted(m.id for m in found)))
    raise Refused("life.unknown-member", ref=ref)


def event(com: Community, ref: str) -> Event:
    if ref in com.events:
        return com.events[ref]
    raise Refused("life.unknown-event", ref=ref)


def _status(m: Member, action: str, *expected: str) -> None:
    if m.status not in expected:
        raise Refused("life.status", id=m.id, status=m.status, action=action,
                      expected=" / ".join(expected))


# --------------------------------------------------------------------------- members


def approve(com: Community, ref: str, by: str, on: dt.date) -> Change:
    """A candidate becomes an active member: admitted on ``on`` (``joined``), approved by
    the admin ``by`` (added to ``approved_by``)."""
    m = member(com, ref)
    _status(m, "approve", "candidate")
    if by not in com.charter.admins:
        raise Refused("life.not-admin", id=by, admins=", ".join(com.charter.admins))
    ch = Change(com.root)
    doc = ch.doc(m.file)
    set_key(doc, "member", "status", "active")
    set_key(doc, "member", "joined", on)
    append_unique(doc, "member", "approved_by", [by])
    return ch


def dues(com: Community, ref: str, year: int | None, paid: dt.date, amount: float | None,
         note: str | None) -> Change:
    """One line in the dues ledger: ``{year, paid, amount, note}``. The year defaults to the
    earliest unpaid one, the amount to the charter's dues — or, for a year paid in part, to
    the rest (a second instalment: the ledger adds a year's entries up). Alumni and expelled
    members may still pay what they owed on leaving (a debt is a debt: ``report`` lists it),
    for the years up to the one they left in."""
    m = member(com, ref)
    _status(m, "dues", "active", "suspended", "candidate", "alumni", "expelled")
    if paid > com.today:
        raise Refused("life.paid-ahead", id=m.id, paid=paid.isoformat(),
                      today=com.today.isoformat())
    year = year if year is not None else next_dues_year(m)
    if m.status in ("alumni", "expelled") and m.left is not None and year > m.left.year:
        raise Refused("life.dues-after-left", id=m.id, left=m.left.isoformat(), year=year,
                      last=m.left.year)
    recorded = sum(d.amount for d in m.dues if d.year == year)
    if recorded >= dues_amount(com.charter):  # paid in full; a partial year takes the rest
        raise Refused("life.dues-recorded", id=m.id, year=year)
    value = amount if amount is not None else dues_amount(com.charter) - recorded
    ch = Change(com.root)
    doc = ch.doc(m.file)
    ledger = doc.get("dues")
    entry = flow_map(year=year, paid=paid, amount=int(value) if value == int(value) else value,
                     note=note or None)
    if isinstance(ledger, list):
        ledger.append(entry)
    else:
        set_key(doc, "member", "dues", CommentedSeq([entry]))
    return ch


def promote(com: Community, ref: str, on: dt.date) -> Change:
    """An active outer-court member moves into the inner circle on ``on``: it counts in that
    year's intake (C5) and dues start that year (C2)."""
    m = member(com, ref)
    _status(m, "promote", "active")
    if m.circle != "outer":
        raise Refused("life.circle", id=m.id, circle=m.circle)
    ch = Change(com.root)
    doc = ch.doc(m.file)
    set_key(doc, "member", "circle", "inner")
    set_key(doc, "member", "promoted", on)
    return ch


def suspend(com: Community, ref: str, on: dt.date, reason: str | None) -> Change:
    m = member(com, ref)
    _status(m, "suspend", "active")
    ch = Change(com.root)
    doc = ch.doc(m.file)
    set_key(doc, "member", "status", "suspended")
    set_key(doc, "member", "suspended", on)
    if reason:
        set_key(doc, "member", "reason", reason)
    return ch


def _end_suspension(doc: CommentedMap, m: Member, on: dt.date) -> None:
    """A suspension that ends on ``on`` moves from ``suspended``/``reason`` into the
    ``suspensions`` history (start, end, reason), oldest first; the file remembers it."""
    if m.suspended is None:
        return
    entry = flow_map(start=m.suspended, end=on, reason=m.reason or None)
    history = doc.get("suspensions")
    if isinstance(history, list):
        history.append(entry)
    else:
        set_key(doc, "member", "suspensions", CommentedSeq([entry]))
    drop_key(doc, "suspended")
    drop_key(doc, "reason")


def _not_before(m: Member, on: dt.date, action: str) -> None:
    start = m.suspended or m.joined
    if on < start:
        raise Refused("life.before", id=m.id, action=action, date=on.isoformat(),
                      start=start.isoformat())


def reinstate(com: Community, ref: str, on: dt.date) -> Change:
    """The suspension ends on ``on``: active again; its dates and reason go into the
    ``suspensions`` history in the file."""
    m = member(com, ref)
    _status(m, "reinstate", "suspended")
    _not_before(m, on, "reinstate")
    unpaid = lapsed_years(com.charter, m, on)
    if unpaid:
        raise Refused("life.reinstate-dues", id=m.id, years=", ".join(map(str, unpaid)),
                      year=unpaid[0])
    ch = Change(com.root)
    doc = ch.doc(m.file)
    set_key(doc, "member", "status", "active")
    _end_suspension(doc, m, on)
    return ch


def retire(com: Community, ref: str, on: dt.date) -> Change:
    """An active (or suspended) member leaves in good terms on ``on``: alumni, ``left`` set; a
    running suspension ends that day (kept in the history). Alumni stay in the directory's
    alumni list and in every past event."""
    m = member(com, ref)
    _status(m, "retire", "active", "suspended")
    _not_before(m, on, "retire")
    ch = Change(com.root)
    doc = ch.doc(m.file)
    set_key(doc, "member", "status", "alumni")
    set_key(doc, "member", "left", on)
    _end_suspension(doc, m, on)
    return ch


def expel(com: Community, ref: str, on: dt.date, reason: str) -> Change:
    """Expelled on ``on`` for ``reason``: the record stays (the audit trail), the person
    leaves every edition; references from events and sponsorships keep working. A running
    suspension ends that day (kept in the history)."""
    m = member(com, ref)
    _status(m, "expel", "active", "suspended", "candidate")
    ch = Change(com.root)
    doc = ch.doc(m.file)
    set_key(doc, "member", "status", "expelled")
    _end_suspension(doc, m, on)
    set_key(doc, "member", "left", on)
    set_key(doc, "member", "reason", reason)
    return ch


# --------------------------------------------------------------------------- events


def occurrence_target(com: Community, ev: Event, ch: Change,
                      on: dt.date | None) -> CommentedMap:
    """Where an occurrence's RSVPs and attendance live: the event's own document for a
    one-off event (``on``, when given, must be its date), the ``occurrences`` entry for ``on``
    of a recurring one (made, in date order, when the date has none yet)."""
    doc = ch.doc(ev.file)
    if ev.recurrence is None:
        if on is not None and on != com.event_start(ev).date():
            raise Refused("life.occurrence", event=ev.id, date=on.isoformat(),
                          dates=com.event_start(ev).date().isoformat())
        return doc
    dates = occurrence_dates(com, ev)
    if on is None or on not in dates:
        raise Refused("life.occurrence", event=ev.id,
                      date=on.isoformat() if on is not None else "-",
                      dates=", ".join(d.isoformat() for d in dates))
    occ = doc.get("occurrences")
    if not isinstance(occ, list):
        occ = CommentedSeq()
        set_key(doc, "event", "occurrences", occ)
    found: CommentedMap | None = next(
        (o for o in occ if isinstance(o, CommentedMap) and o.get("date") == on), None)
    if found is None:
        found = CommentedMap([("date", on)])
        later = [i for i, o in enumerate(occ) if isinstance(o, dict)
                 and isinstance(o.get("date"), dt.date) and o["date"] > on]
        occ.insert(later[0] if later else len(occ), found)
    return found


_OCC_ORDER = ("date", "rsvp", "waitlist", "guests", "waitlist_guests", "guest_names",
              "attended", "cancelled")


def put_field(target: CommentedMap, key: str, value: object) -> None:
    """Set a key of an event (model order) or of an occurrence entry (its field order)."""
    if "date" in target and "title" not in target:
        if key not in target:
            rank = _OCC_ORDER.index(key)
            pos = sum(1 for k in target if k in _OCC_ORDER and _OCC_ORDER.index(k) < rank)
            target.insert(pos, key, value)
        else:
            target[key] = value
    else:
        set_key(target, "event", key, value)


def _seq(target: CommentedMap, key: str) -> CommentedSeq:
    seq = target.get(key)
    if isinstance(seq, CommentedSeq):
        return seq
    seq = flow_seq([])
    put_field(target, key, seq)
    return seq


def guest_count(target: CommentedMap) -> int:
    value = target.get("guests", 0)
    return int(value) if isinstance(value, int) else 0


def waiting_guests(target: CommentedMap) -> dict[str, int]:
    """The guests each waitlisted host brings (``waitlist_guests``): no place yet."""
    value = target.get("waitlist_guests")
    if not isinstance(value, dict):
        return {}
    return {str(k): int(v) for k, v in value.items() if isinstance(v, int) and v > 0}


def put_waiting_guests(target: CommentedMap, value: dict[str, int]) -> None:
    """Write ``waitlist_guests`` (hosts with no guests left out; none: the key goes)."""
    value = {k: v for k, v in value.items() if v > 0}
    if value == waiting_guests(target) and (value or "waitlist_guests" not in target):
        return
    if value:
        put_field(target, "waitlist_guests", flow_map(**value))
    else:
        del target["waitlist_guests"]


@dataclass
class Signup:
    """What one sign-up step did: ids added to the RSVPs, put on the waitlist, removed
    (cancelled), and moved up from the waitlist; and the guest count before and after."""

    added: list[str] = field(default_factory=list)
    waitlisted: list[str] = field(default_factory=list)
    cancelled: list[str] = field(default_factory=list)
    moved_up: list[str] = field(default_factory=list)
    guests: tuple[int, int] = (0, 0)
    already: list[str] = field(default_factory=list)  # asked to join, already on a list

    def summary(self, lang: str | None = None) -> str:
        """What changed, one clause per kind (empty when nothing did); in ``lang``'s words
        when given (the commands'), else the short form the request and jielong logs use."""
        from generator.i18n import text

        lists = (("added", "+", self.added), ("waitlisted", "waitlist", self.waitlisted),
                 ("cancelled", "-", self.cancelled), ("moved-up", "moved up", self.moved_up),
                 ("already", "", self.already))
        if lang is None:
            parts = [f"{label} {', '.join(ids)}" for k, label, ids in lists
                     if ids and k != "already"]  # the logs' form stays as it was
        else:
            parts = [text(lang, dynamic("life.signup.", k), ids=text(lang, "site.list").join(ids))
                     for k, _label, ids in lists if ids]
        if self.guests[0] != self.guests[1]:
            parts.append(f"guests {self.guests[0]} -> {self.guests[1]}" if lang is None else
                         text(lang, "life.signup.guests", before=self.guests[0],
                              after=self.guests[1]))
        return "; ".join(parts)


def sign_up(com: Community, ev: Event, target: CommentedMap, join: Iterable[str],
            cancel: Iterable[str], guests: int | None = None,
            guest_names: list[str] | None = None) -> Signup:
    """Apply sign-ups and cancellations to one occurrence (``target``): while the capacity
    (RSVPs + guests) allows, a sign-up joins ``rsvp``, after that the ``waitlist`` in order;
    a cancellation leaves either list, and the waitlist moves up into the room it frees —
    a waiting host with guests (``waitlist_guests``) only when host and guests fit, and
    their guests then join ``guests``. ``guests`` (when given) replaces the guest count,
    ``guest_names`` the names."""
    out = Signup()
    before = guest_count(target)
    out.guests = (before, before)
    rsvp, wait = target.get("rsvp"), target.get("waitlist")
    out.cancelled = remove_all(rsvp, cancel) + remove_all(wait, cancel)
    waiting = waiting_guests(target)
    put_waiting_guests(target, {k: v for k, v in waiting.items() if k not in out.cancelled})
    if guests is not None and guests != before:
        if guests:
            put_field(target, "guests", guests)
        elif "guests" in target:
            del target["guests"]
        out.guests = (before, guests)
    if guest_names is not None and list(target.get("guest_names") or []) != guest_names:
        if guest_names:
            put_field(target, "guest_names", flow_seq(guest_names))
        elif "guest_names" in target:
            del target["guest_names"]
    cap = ev.capacity

    def room() -> bool:
        taken = len(target.get("rsvp") or []) + guest_count(target)
        return cap is None or taken < cap

    for mid in join:
        if mid in (target.get("rsvp") or []) or mid in (target.get("waitlist") or []):
            out.already.append(mid)
            continue
        if room():
            _seq(target, "rsvp").append(mid)
            out.added.append(mid)
        else:
            _seq(target, "waitlist").append(mid)
            out.waitlisted.append(mid)
    wait = target.get("waitlist")
    waiting = waiting_guests(target)
    while isinstance(wait, list) and wait and room() and (
            cap is None or len(target.get("rsvp") or []) + guest_count(target) + 1
            + waiting.get(wait[0], 0) <= cap):
        first = wait.pop(0)
        _seq(target, "rsvp").append(first)
        out.moved_up.append(first)
        if waiting.get(first):
            put_field(target, "guests", guest_count(target) + waiting.pop(first))
            put_waiting_guests(target, waiting)
            out.guests = (out.guests[0], guest_count(target))
    if "waitlist" in target and not target["waitlist"]:
        del target["waitlist"]
    return out


def rsvp(com: Community, ref: str, refs: Iterable[str], cancel: bool,
         on: dt.date | None, guests: int | None = None) -> tuple[Change, Signup]:
    """Sign members up for one occurrence (a one-off event, or ``on`` of a recurring one),
    or with ``cancel`` take them off it; capacity overflow goes to the waitlist."""
    ev = event(com, ref)
    ids = [member(com, r).id for r in refs]
    ch = Change(com.root)
    target = occurrence_target(com, ev, ch, on if on is not None else next_session(com, ev))
    done = sign_up(com, ev, target, [] if cancel else ids, ids if cancel else [], guests)
    return ch, done


def next_session(com: Community, ev: Event) -> dt.date | None:
    """The occurrence an RSVP without ``--date`` is for: the next one of a series that is
    not cancelled (today's included); None for a one-off event (its own date)."""
    if ev.recurrence is None:
        return None
    coming = upcoming(com, ev, com.today)
    if not coming:
        raise Refused("life.no-next", event=ev.id, today=com.today.isoformat())
    return coming[0].date


def last_session(com: Community, ev: Event) -> dt.date | None:
    """The occurrence attendance without ``--date`` is for: the latest one of a series on or
    before today; None for a one-off event."""
    if ev.recurrence is None:
        return None
    held = [h.date for h in happenings(com, ev) if h.date <= com.today and not h.cancelled]
    if not held:
        raise Refused("life.not-yet", event=ev.id, date=com.event_start(ev).date().isoformat(),
                      today=com.today.isoformat())
    return held[-1]


def attend(com: Community, ref: str, refs: Iterable[str], cancel: bool,
           on: dt.date | None) -> tuple[Change, list[str]]:
    """Record (or with ``cancel`` remove) attendance: on the event itself, or for one
    occurrence of a recurring event (``on``; an entry in ``occurrences`` is made when the
    date has none yet)."""
    ev = event(com, ref)
    ids = [member(com, r).id for r in refs]
    day = on if on is not None else last_session(com, ev)
    when = day if day is not None else com.event_start(ev).date()
    if when > com.today and not cancel:
        raise Refused("life.not-yet", event=ev.id, date=when.isoformat(),
                      today=com.today.isoformat())
    ch = Change(com.root)
    return ch, record_attendance(occurrence_target(com, ev, ch, day), ids, cancel)


def record_attendance(target: CommentedMap, ids: Iterable[str], cancel: bool = False
                      ) -> list[str]:
    """Add (or remove) ids in an occurrence's ``attended``; returns those that changed."""
    if cancel:
        return remove_all(target.get("attended"), ids)
    seq = _seq(target, "attended")
    done = [i for i in ids if i not in seq]
    seq.extend(done)
    return done


# --------------------------------------------------------------------------- requests
# (a member's own profile: generator/admin/profile.py)


def new_record(com: Community, kind: str, data: dict[str, object], id_text: str,
               prefix: str = "") -> tuple[Change, str]:
    """A new file for a board post or a join request, written like ``new`` writes one;
    returns the change and the new record's id."""
    from generator.data.dump import dump_record, parse_record, record_file
    from generator.data.ids import new_id

    rid = new_id(com.root, kind, id_text, prefix)
    rel = record_file(kind, rid)
    text = dump_record(kind, data)  # type: ignore[arg-type]
    _rec, problems = parse_record(kind, rel, text)
    if problems:
        p = problems[0]
        raise Refused("life.invalid", file=rel, detail=f"{p.key} {dict(p.args)}")
    ch = Change(com.root)
    ch.create(rel, text)
    return ch, rid
