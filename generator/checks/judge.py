"""The ownership judge: who made a change may make it? R2 ownership (the rights table and
identity: :mod:`generator.checks.ownership`) applied to one change set, field by field,
against a trusted base.

A change is judged by who made it (the pull request's author, ``--changed-by``; for ``apply``
the member whose code signed the request) against the state before it (``--base``, the merge
base, read with git: :mod:`generator.checks.gitdiff`). Identity and the admin list are always
read from the base, so a pull request can never make its own author a member or an admin.
:func:`problems_for` is the entry point (``check --changed-by --base`` calls :func:`check`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pydantic import ValidationError

from generator.checks import gitdiff
from generator.checks.ownership import RIGHTS, Author, Scope, identify, identify_member, standing
from generator.core.standing import standing_on
from generator.data import registry
from generator.data.charter_models import Charter
from generator.data.community import CHARTER_FILE, build_record
from generator.data.files import load_file
from generator.data.load import DEFAULT_MAX_BYTES, Loaded, parse_bytes
from generator.data.models import KINDS, Member, Record
from generator.i18n import dynamic
from generator.problems import Problem

if TYPE_CHECKING:
    from generator.data.community import Community
    from generator.data.load import Path, Pos, RawMap
    from generator.data.plain import JSON, JSONObject
    from generator.i18n.keys import Key
    from generator.problems import MessageArg

# Who may change which field is the field registry's (``changed_by`` in each field's Meta,
# generator/data/models.py): a member's own file, every field but those admins decide
# (registry.not_editable_by("member", "self"): status, circle, dates, dues, the account
# fields ownership itself is keyed on …); someone else's event, only their own rsvp entry.
ATTENDANCE_FIELDS = ("attended", "occurrences")


@dataclass
class Version:
    """One side of a changed file: raw data (strings, for owner look-ups), typed data (for
    comparing values rather than spellings) and positions (for line numbers)."""

    file: str
    raw: RawMap | None
    typed: JSONObject | None
    pos: Pos

    def line(self, *path: str | int) -> tuple[int, int]:
        p = tuple(path)
        while p:
            if p in self.pos:
                return self.pos[p]
            p = p[:-1]
        return (1, 1)

    def get(self, key: str) -> JSON:
        if self.typed is not None:
            return self.typed.get(key)
        return (self.raw or {}).get(key)

    def ids(self, key: str) -> list[str]:
        value = (self.raw or {}).get(key)
        if isinstance(value, str):
            return [value]
        if isinstance(value, list):
            return [v for v in value if isinstance(v, str)]
        return []


def kind_of(path: str) -> str | None:
    """The data kind of a root-relative path, or None for anything else (governance)."""
    folder, _, name = path.rpartition("/")
    if not name.endswith((".yml", ".yaml")) or name.startswith("."):
        return None
    for kind, (kfolder, _model) in KINDS.items():
        if folder == kfolder:
            return kind
    return None


def owners_of(kind: str, v: Version) -> list[str]:
    """Member ids that own a record: the member themself, the owner, organisers, group admins."""
    if kind == "member":
        return [v.file.rsplit("/", 1)[-1].rsplit(".", 1)[0]]
    if kind == "event":
        return v.ids("organizers")
    if kind == "group":
        return v.ids("admins")
    return v.ids("owner")


def _version(ld: Loaded, kind: str | None, charter: Charter | None = None) -> Version:
    """One side of a change; typed when it validates (with ``charter``'s lists of kinds)."""
    typed = None
    if kind is not None and ld.data is not None and not ld.problems:
        rec, _probs = build_record(ld, KINDS[kind][1], charter)
        if rec is not None:
            typed = _plain(rec)
    return Version(ld.file, ld.data, typed, ld.pos)


def _plain(rec: Record) -> JSONObject:
    return rec.model_dump(mode="json")


def changed_fields(old: Version, new: Version) -> list[str]:
    """Top-level fields whose values differ (typed when both sides validate, so that
    ``joined: 2024-01-01`` and ``joined: "2024-01-01"`` are the same value)."""
    a: Mapping[str, JSON]
    b: Mapping[str, JSON]
    if old.typed is not None and new.typed is not None:
        a, b = old.typed, new.typed
    else:
        a, b = old.raw or {}, new.raw or {}
    keys = list(b) + [k for k in a if k not in b]
    return [k for k in keys if a.get(k) != b.get(k)]


# --------------------------------------------------------------------------- the rules


class _Judge:
    """Applies the rules to one change set; collects problems."""

    def __init__(self, author: Author, admins: list[str], today: str = "",
                 charter: Charter | None = None, record: Member | None = None) -> None:
        self.author = author
        self.admins = admins
        self.today = today  # ISO date; "" when unknown
        self.charter = charter  # the base's, typed (None when it does not validate)
        self.record = record  # the author's member file in the base, typed (None: none valid)
        self.problems: list[Problem] = []

    def may(self, scope: Scope, v: Version, where: Path = ()) -> bool:
        """Whether the author's standing includes ``scope``; refuses the change if not."""
        st = standing(self.author)
        if scope in RIGHTS[st]:
            return True
        self.refuse("R2.standing", v, where, "R2.standing", status=self.author.status or "-",
                    scope=scope)
        return False

    def refuse(self, rule: str, v: Version, where: Path, key: Key, **args: MessageArg) -> None:
        line, col = v.line(*where) if where else (1, 1)
        self.problems.append(Problem.make(rule, "error", v.file, line, col, key, **args))

    def judge(self, status: str, path: str, old: Version, new: Version) -> None:
        a = self.author
        kind = kind_of(path)
        shown = new if status != "D" else old
        if kind is None:
            if not a.admin:
                self.refuse("R2.owner-governance", shown, (), "R2.owner-governance", path=path,
                            admins=", ".join(self.admins) or "-")
            return
        if a.admin:  # every right; but nobody certifies attendance ahead of the day
            if kind == "event" and status != "D":
                self._attendance(old if status != "A" else None, new, owners_of(kind, new))
            return
        if a.member is None:
            if a.ambiguous:
                self.refuse("R2.not-member", shown, (), "R2.ambiguous-login", login=a.login,
                            members=", ".join(a.ambiguous))
            else:
                self.refuse("R2.not-member", shown, (), "R2.not-member", login=a.login, path=path)
            return
        if standing(a) != "active":  # candidates, suspended, alumni: their own profile only
            own = kind == "member" and status == "M" and a.member in owners_of(kind, old)
            if not self.may("own-profile" if own else "others", shown):
                return
        if status == "D":
            self._delete(kind, old)
        elif status == "A":
            self._add(kind, new)
        else:
            self._modify(kind, old, new)

    # -- deletions and additions

    def _delete(self, kind: str, old: Version) -> None:
        if kind != "member" and self.author.member in owners_of(kind, old):
            return
        if kind == "member":
            self.refuse("R2.owner-delete", old, (), "R2.owner-delete", path=old.file)
        else:
            self.refuse("R2.owner-delete", old, (), "R2.owner-delete-owned", path=old.file,
                        owners=_names(owners_of(kind, old)))

    def _add(self, kind: str, new: Version) -> None:
        a = self.author
        if kind == "member":
            self._new_member(new)
        elif kind == "event":
            if a.member not in owners_of(kind, new):
                self.refuse("R2.owner-event", new, ("organizers",), "R2.owner-event",
                            owners=_names(owners_of(kind, new)), author=a.member,
                            field="organizers")
            self._attendance(None, new, owners_of(kind, new))
        elif a.member not in owners_of(kind, new):
            field = "admins" if kind == "group" else "owner"
            self.refuse("R2.owner-resource", new, (field,), "R2.owner-resource",
                        path=new.file, owners=_names(owners_of(kind, new)), author=a.member)

    def _new_member(self, new: Version) -> None:
        a = self.author
        sponsor = new.get("sponsor")
        if sponsor != a.member:
            self.refuse("R2.owner-new-member", new, ("sponsor",), "R2.new-member-sponsor",
                        sponsor=_shown(sponsor or "-"), author=a.member)
            return
        if a.circle != "inner" or a.status != "active":
            self.refuse("R2.owner-new-member", new, ("sponsor",), "R2.new-member-inactive",
                        author=a.member, circle=a.circle or "-", status=a.status or "-")
        status = new.get("status")
        if status != "candidate":
            self.refuse("R2.owner-new-member", new, ("status",), "R2.new-member-status",
                        found=_shown(status or "-"))
        for field in ("approved_by", "dues", "founder", "left", "github_id"):
            if new.get(field) not in (None, False, [], "false"):
                self.refuse("R2.owner-new-member", new, (field,), "R2.new-member-field",
                            field=field)

    # -- modifications

    def _modify(self, kind: str, old: Version, new: Version) -> None:
        a = self.author
        fields = changed_fields(old, new)
        owners = owners_of(kind, old)
        if kind == "member":
            if a.member not in owners:
                self.refuse("R2.owner-member", new, tuple(fields[:1]), "R2.owner-member",
                            owner=owners[0], author=a.member)
                return
            admins_decide = registry.not_editable_by("member", "self")
            for f in fields:
                if f in admins_decide:
                    self.refuse("R2.owner-member-field", new, (f,), "R2.owner-member-field",
                                field=f, fields=", ".join(admins_decide))
        elif kind == "event":
            if a.member not in owners:
                self._rsvp_only(old, new, fields, owners)
            else:
                self._attendance(old, new, owners)
        elif a.member not in owners:
            self.refuse("R2.owner-resource", new, tuple(fields[:1]), "R2.owner-resource",
                        path=new.file, owners=_names(owners), author=a.member)
        elif kind != "group":  # handing a record to another owner is for admins
            for f in fields:
                if f in registry.not_editable_by(kind, "self"):
                    self.refuse("R2.owner-resource", new, (f,), "R2.owner-transfer",
                                field=f, old=_shown(old.get(f)), new=_shown(new.get(f)))

    def _attendance(self, old: Version | None, new: Version, owners: list[str]) -> None:
        """Judge every attendance entry the change adds (:func:`added_attendance`), on the
        event or on any occurrence, against the base and today. Each is certified by the
        author, who must be an admin (and not date it after today) or one of the organisers
        (``owners``) and
        - not date it after today (attendance is recorded afterwards);
        - not date it before the event existed: before the base's start for an event already
          in the base (a future event moved, or given an occurrence moved, into the past),
          before today for a new file (a new event that already happened, with attendance,
          is an admin's: anyone could otherwise certify an event nobody held);
        - have been a member in good standing on that day (joined by then, and
          ``core.standing.standing_on`` active: not a candidate, suspended or lapsed).
        One problem per reason and day, on the line of the day's first such entry."""
        entries = added_attendance(old, new)
        today = _parse_day(self.today)
        floor = _parse_day(old.get("start")) if old is not None else today
        found: dict[tuple[str, Key, dt.date], tuple[Path, list[str]]] = {}
        for day, mid, where in entries:
            for rule, key in self._certify(day, owners, floor, today, old is None):
                found.setdefault((rule, key, day), (where, []))[1].append(mid)
        for (rule, key, day), (where, mids) in found.items():
            self.refuse(rule, new, where, key, day=day.isoformat(), members=_names(mids),
                        owners=_names(owners), field=str(where[0]), today=self.today or "-",
                        joined=self.author.joined or "-", start=str(floor or "-"),
                        standing=self._standing_on(day) or "-")

    def _certify(self, day: dt.date, owners: list[str], floor: dt.date | None,
                 today: dt.date | None, new_file: bool) -> list[tuple[str, Key]]:
        """Why the author may not certify attendance on ``day``: (rule, message key)s. An
        admin may certify anyone's attendance, on any day up to today."""
        a = self.author
        if a.member not in owners and not a.admin:
            return [("R2.owner-event", "R2.owner-attendance")]
        out: list[tuple[str, Key]] = []
        if today is not None and day > today:
            out.append(("R4.attendance-future", "R4.attendance-future"))
        if a.admin:
            return out
        if floor is not None and day < floor:
            out.append(("R4.attendance-past", "R4.attendance-past" if new_file
                        else "R4.attendance-before"))
        joined = _parse_day(a.joined)
        if joined is not None and day < joined:
            out.append(("R4.attendance-standing", "R4.attendance-joined"))
        elif self._standing_on(day) != "active":
            out.append(("R4.attendance-standing", "R4.attendance-standing"))
        return out

    def _standing_on(self, day: dt.date) -> str | None:
        """The author's standing on ``day`` (``core.standing.standing_on``, from the base's
        charter and member file), or None when either does not validate."""
        if self.charter is None or self.record is None:
            return None
        return standing_on(self.charter, self.record, day)

    def _rsvp_only(self, old: Version, new: Version, fields: list[str], owners: list[str]) -> None:
        me = self.author.member
        if not fields:  # the text changed but no value did (comments, layout)
            self.refuse("R2.owner-event", new, (), "R2.owner-event", owners=_names(owners),
                        author=me, field="(layout)")
        for f in fields:
            replies = _occurrence_replies(old, new) if f == "occurrences" else None
            if replies is not None:  # only sign-ups of some occurrences changed
                for mid, action in replies:
                    if mid != me:
                        self.refuse("R2.owner-rsvp", new, (f,),
                                    dynamic("R2.owner-rsvp-", action), author=me, found=mid)
            elif f in ATTENDANCE_FIELDS:
                if f in {str(w[0]) for _d, _m, w in added_attendance(old, new)}:
                    continue  # the entries it adds are judged below, each on its line
                self.refuse("R2.owner-event", new, (f,), "R2.owner-attendance", field=f,
                            owners=_names(owners))
            elif f not in registry.editable_by("event", "self"):  # one's own rsvp entry
                self.refuse("R2.owner-event", new, (f,), "R2.owner-event",
                            owners=_names(owners), author=me, field=f)
        if any(f in ATTENDANCE_FIELDS for f in fields):
            self._attendance(old, new, owners)
        if "rsvp" not in fields:
            return
        before, after = set(old.ids("rsvp")), set(new.ids("rsvp"))
        added = [(m, "add") for m in sorted(after - before)]
        removed = [(m, "remove") for m in sorted(before - after)]
        for mid, action in added + removed:
            if mid != me:
                self.refuse("R2.owner-rsvp", new, ("rsvp",), dynamic("R2.owner-rsvp-", action),
                            author=me, found=mid)


def _occurrence_replies(old: Version, new: Version) -> list[tuple[str, str]] | None:
    """(member id, "add"/"remove") for each sign-up (``rsvp`` or ``waitlist``) a change makes
    to an event's occurrences, or None when it changes anything else in them (attendance,
    guests, a cancellation): a member replying for themselves to one session of a series
    touches only those lists (``apply`` and ``event rsvp`` add an entry for a date that had
    none)."""
    def parts(v: Version) -> tuple[dict[str, JSON], dict[str, set[str]]] | None:
        rest: dict[str, JSON] = {}
        ids: dict[str, set[str]] = {}
        listed = v.get("occurrences") or []
        if not isinstance(listed, list):
            return None
        for occ in listed:
            if not isinstance(occ, dict):
                return None
            day = str(occ.get("date"))
            ids[day] = set()
            for key in ("rsvp", "waitlist"):
                got = occ.get(key) or []
                ids[day] |= {i for i in got if isinstance(i, str)} if isinstance(got, list) \
                    else set()
            rest[day] = {k: x for k, x in occ.items()
                         if k not in ("date", "rsvp", "waitlist") and x not in (None, [], 0, False)}
        return rest, ids

    a, b = parts(old), parts(new)
    if a is None or b is None:
        return None
    days = sorted(set(a[0]) | set(b[0]))
    if any((a[0].get(d) or {}) != (b[0].get(d) or {}) for d in days):
        return None
    out = []
    for d in days:
        before, after = a[1].get(d, set()), b[1].get(d, set())
        out += [(m, "add") for m in sorted(after - before)]
        out += [(m, "remove") for m in sorted(before - after)]
    return out


def _parse_day(value: object) -> dt.date | None:
    """The day of an ISO date or date-time as a data file holds it (its first ten
    characters), or None (no value, or not a date: the schema check reports it)."""
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def added_attendance(old: Version | None, new: Version) -> list[tuple[dt.date, str, Path]]:
    """(day, member id, where) for each attendance entry of ``new`` that ``old`` (None: a
    new file) does not have on that day: the event's ``attended`` counts on its start's day,
    an occurrence's on its ``date``. Moving an event or an occurrence to another day adds
    its entries anew. Entries whose day is not a date are left to the schema check."""
    def entries(v: Version) -> list[tuple[dt.date, str, Path]]:
        out: list[tuple[dt.date, str, Path]] = []
        start = _parse_day(v.get("start"))
        listed = v.get("attended")
        if start is not None and isinstance(listed, list):
            out += [(start, m, ("attended", i)) for i, m in enumerate(listed)
                    if isinstance(m, str)]
        occurrences = v.get("occurrences")
        for j, occ in enumerate(occurrences if isinstance(occurrences, list) else []):
            if not isinstance(occ, dict):
                continue
            day, listed = _parse_day(occ.get("date")), occ.get("attended")
            if day is not None and isinstance(listed, list):
                out += [(day, m, ("occurrences", j, "attended", i))
                        for i, m in enumerate(listed) if isinstance(m, str)]
        return out

    before = {(d, m) for d, m, _w in entries(old)} if old is not None else set()
    return [(d, m, w) for d, m, w in entries(new) if (d, m) not in before]


def _shown(value: JSON) -> MessageArg:
    """A value as a message quotes it: a list or a mapping (in a file that does not validate)
    as its text, as ``str.format`` would show it (a problem's arguments must be hashable)."""
    return value if value is None or isinstance(value, (str, int, float)) else str(value)


def _names(ids: Iterable[str]) -> str:
    return ", ".join(ids) or "-"


# --------------------------------------------------------------------------- entry point


def _parse(path: str, data: bytes | None, max_bytes: int) -> Loaded:
    return parse_bytes(data, path, max_bytes) if data is not None else Loaded(path, "", None)


def _base_people(raw: dict[str, bytes | None], login: str, max_bytes: int
                 ) -> dict[str, RawMap]:
    """member id → data for the base's member files that could name ``login`` (only files
    whose bytes contain it, case-insensitively, are parsed: 10,000 members cost one scan)."""
    needle = login.strip().lstrip("@").casefold().encode("utf-8")
    out: dict[str, RawMap] = {}
    for p, data in raw.items():
        if data is not None and needle and needle in data.lower():
            out[p.rsplit("/", 1)[-1].rsplit(".", 1)[0]] = _parse(p, data, max_bytes).data or {}
    return out


def problems_for(root: str, base: str, login: str, max_bytes: int = DEFAULT_MAX_BYTES,
                 today: str = "", member: str | None = None,
                 paths: Iterable[str] | None = None) -> list[Problem]:
    """Ownership problems of the change from commit ``base`` to the working tree made by
    ``login`` — or, with ``member``, by that member (``apply``: a request signed with their
    code, whether or not they have a GitHub login). Raises gitdiff.GitError when git cannot
    answer. ``paths``: judge only these files of the change (the ones ``apply`` wrote)."""
    commit = gitdiff.resolve(root, base)
    todo = gitdiff.changes(root, commit)
    if paths is not None:
        wanted = set(paths)
        todo = [c for c in todo if c.path in wanted]
    if not todo:
        return []
    listing = gitdiff.tree(root, commit)
    base_members = [p for p in gitdiff.files_at(listing, KINDS["member"][0])
                    if kind_of(p) == "member"]
    data_changes = [c.path for c in todo if kind_of(c.path) is not None]
    raw = gitdiff.read_at(root, listing, sorted({CHARTER_FILE, *base_members, *data_changes}))
    charter = _parse(CHARTER_FILE, raw[CHARTER_FILE], max_bytes).data or {}
    admins = [a for a in charter.get("admins") or [] if isinstance(a, str)]
    if member is not None:
        author = identify_member(member, admins, {
            p.rsplit("/", 1)[-1].rsplit(".", 1)[0]: _parse(p, raw[p], max_bytes).data or {}
            for p in base_members if p.rsplit("/", 1)[-1].rsplit(".", 1)[0] == member})
    else:
        people = _base_people({p: raw[p] for p in base_members}, login, max_bytes)
        author = identify(login, admins, people)
    try:  # the base's charter: its lists of kinds type the records on both sides
        kinds: Charter | None = Charter.model_validate(charter)
    except ValidationError:
        kinds = None
    own = next((p for p in base_members if author.member is not None
                and p.rsplit("/", 1)[-1].rsplit(".", 1)[0] == author.member), None)
    record = None
    if own is not None:  # the author's standing on a day of attendance: their base file
        record, _probs = build_record(_parse(own, raw[own], max_bytes), KINDS["member"][1],
                                      kinds)
    judge = _Judge(author, admins, today, kinds,
                   record if isinstance(record, Member) else None)
    for c in todo:
        if c.status != "D" and c.mode in (gitdiff.LINK_MODE, gitdiff.SUBMODULE_MODE, "special"):
            # the record is regular files, whoever adds a link (record_problems in check)
            key: Key = "io.symlink" if c.mode == gitdiff.LINK_MODE else "io.special"
            judge.problems.append(Problem.make(key, "error", c.path, 1, 1, key))
            continue
        kind = kind_of(c.path)
        if kind is None:  # governance: who changed it is all that matters
            before = after = Version(c.path, None, None, {})
        else:
            before = _version(_parse(c.path, raw[c.path], max_bytes), kind, kinds)
            after = (_version(load_file(root, c.path, max_bytes), kind, kinds) if c.status != "D"
                     else Version(c.path, None, None, {}))
        judge.judge(c.status, c.path, before, after)
    return judge.problems


class JudgeError(Exception):
    """The ownership check cannot run (a usage or configuration error: exit 2)."""


def check(com: Community, base_ref: str | None, changed_by_login: str | None) -> list[Problem]:
    """Hook called by ``check --changed-by LOGIN --base REF``: both are required. Raises
    JudgeError when one is missing or git cannot answer."""
    if not base_ref or not changed_by_login:
        raise JudgeError("--changed-by and --base go together: the author's GitHub login and "
                         "the git ref to compare with (the merge base).")
    try:
        return problems_for(com.root, base_ref, changed_by_login, com.charter.max_file_bytes,
                            com.today.isoformat())
    except gitdiff.GitError as exc:
        raise JudgeError(f"ownership check: {exc}") from None
