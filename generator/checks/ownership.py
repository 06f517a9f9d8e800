"""R2 ownership: who may change which file — the rights each standing has, and who an author is.

R2 不要私自拉人,拉人前先通过群管理确认,乱拉人会被一并请出。
"No private invitations: confirm with an admin first; whoever brings people in without
approval leaves with them." In a repository that rule becomes: a change is judged by who
made it (the pull request's author, ``--changed-by``) against the state before it
(``--base``, the merge base). Identity and the admin list are always read from the base, so
a pull request can never make its own author a member or an admin.

* Governance files — the charter (with the admin list), ``.github/``, ``generator/``,
  ``mkdocs.yml``, templates and every other file that is not a data file: admins only
  (default deny: a new kind of file is protected until someone decides otherwise).
* A member file: its own member (matched by ``github``, case-insensitive) edits the profile
  fields; the fields admins decide are refused; deleting it is for admins only.
* A new member file: only the sponsor it names, who must be an active inner member, and only
  as a ``candidate`` with the admin fields left empty; anything else needs an admin author.
* Resources, board posts and groups: their owner (groups: their admins) or admins; handing a
  resource to another owner is for admins.
* Events: organisers or admins, except that any member may add or remove their own id in
  ``rsvp``; attendance is for organisers and admins only: every attendance entry a change
  adds, on the event or on an occurrence, is judged against the base and today (R4, the
  clause attendance counts for: :mod:`generator.checks.judge`).
* An author who is not a member changes nothing.

This module holds the rights table (:data:`RIGHTS`, printed on the governance page) and
identity (:func:`identify`: a login, or a member id, as an :class:`Author` from the base's
member files). The judge that applies them to one change, field by field, reading the base
with git, is :mod:`generator.checks.judge`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from generator.i18n import dynamic, text

if TYPE_CHECKING:
    from generator.data.load import Raw

Scope = Literal["governance", "own-profile", "nominate", "owned", "rsvp", "attendance",
                "others"]
SCOPES: tuple[Scope, ...] = ("governance", "own-profile", "nominate", "owned", "rsvp",
                             "attendance", "others")
"""What a change touches: governance files; one's own member file (profile fields); a new
candidate one sponsors; resources, posts, groups and events one owns or organises; one's own
reply in an event's rsvp; the attendance of an event one organised; anyone else's files."""

Standing = Literal["admin", "active", "candidate", "suspended", "expelled", "alumni", "none"]
RIGHTS: dict[Standing, frozenset[Scope]] = {
    "admin": frozenset(SCOPES),
    "active": frozenset({"own-profile", "nominate", "owned", "rsvp", "attendance"}),
    "candidate": frozenset({"own-profile"}),
    "suspended": frozenset({"own-profile"}),
    "expelled": frozenset({"own-profile"}),
    "alumni": frozenset({"own-profile"}),
    "none": frozenset(),
}
"""Rights follow standing: the one table the judge applies and content/pages/governance.md
prints (:func:`rights_table`; tests/test_ownership.py keeps them equal). On top of it:
``nominate`` needs an active inner-circle author; ``attendance`` needs an organiser who was
a member in good standing on the day (``core.standing.standing_on``), never a day after
today, and a new event in the past (or one moved into the past) with attendance is an
admin's; ``own-profile`` never covers the fields admins decide (the registry's fields a
member may not change: ``registry.not_editable_by("member", "self")``)."""


def standing(author: Author) -> Standing:
    if author.admin:
        return "admin"
    if author.member is None:
        return "none"
    for s in ("active", "candidate", "suspended", "expelled", "alumni"):
        if author.status == s:
            return s
    return "none"


def rights_table(lang: str) -> str:
    """RIGHTS as a Markdown table in ``lang``: one row per scope, one column per standing."""
    cols: list[Standing] = ["admin", "active", "candidate", "suspended", "expelled", "alumni",
                            "none"]
    head = [text(lang, "rights.header")] + [text(lang, dynamic("rights.standing.", c))
                                           for c in cols]
    rows = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for scope in SCOPES:
        cells = [text(lang, dynamic("rights.scope.", scope))]
        cells += [text(lang, "rights.yes" if scope in RIGHTS[c] else "rights.no") for c in cols]
        rows.append("| " + " | ".join(cells) + " |")
    return "\n".join(rows) + "\n"


@dataclass(frozen=True)
class Author:
    login: str
    member: str | None  # member id, None when the login matches no member file
    admin: bool
    circle: str
    status: str
    ambiguous: tuple[str, ...] = ()
    joined: str = ""  # ISO date, from the base


# --------------------------------------------------------------------------- identity


def identify(login: str, admins: list[str], members: Mapping[str, Mapping[str, Raw]]) -> Author:
    """Who ``login`` is, from the base's member files (``github``, case-insensitive)."""
    want = login.strip().lstrip("@").casefold()
    found = sorted(mid for mid, data in members.items()
                   if isinstance(gh := data.get("github"), str) and gh.casefold() == want)
    if len(found) != 1:
        return Author(login, None, False, "", "", tuple(found) if len(found) > 1 else ())
    data = members[found[0]]
    return Author(login, found[0], found[0] in admins, str(data.get("circle", "")),
                  str(data.get("status", "")), joined=str(data.get("joined") or ""))


def identify_member(member_id: str, admins: list[str],
                    members: Mapping[str, Mapping[str, Raw]]) -> Author:
    """The member ``member_id`` as an author, from the base's member files."""
    data = members.get(member_id)
    if data is None:
        return Author(f"member:{member_id}", None, False, "", "")
    return Author(f"member:{member_id}", member_id, member_id in admins,
                  str(data.get("circle", "")), str(data.get("status", "")),
                  joined=str(data.get("joined") or ""))
