"""``.github/CODEOWNERS`` from the data: GitHub asks the right people to review each change.

Why generated: ownership lives in the data (a member file's ``github``, a resource's
``owner``, an event's ``organizers``, a group's ``admins``, the charter's ``admins``), and a
hand-kept CODEOWNERS drifts the day someone joins. The same owners decide the R2 checks
(``generator/checks/judge.py``), so review requests and CI verdicts agree.

GitHub reads CODEOWNERS top to bottom and the *last* matching line wins, so the file starts
with the admins owning everything (governance files, and anything new) and every data file's
line repeats the admins after its own owners. Handles are the members' ``github`` logins;
a member without one is simply not requested (the admins still are).
"""

from __future__ import annotations

import difflib
import os
from typing import TYPE_CHECKING

from generator import i18n
from generator.data.models import Client, Event, Group, Media, Member, Post

if TYPE_CHECKING:
    from generator.data.community import Community
    from generator.i18n.keys import Key

PATH = ".github/CODEOWNERS"
GOVERNANCE = ("/content/charter.yml", "/.github/", "/generator/", "/mkdocs.yml",
              "/overrides/", "/schemas/")
SECTIONS: tuple[tuple[str, Key], ...] = (  # the comments: every catalogue language at once
    ("members", "codeowners.section.members"),
    ("media", "codeowners.section.media"),
    ("clients", "codeowners.section.clients"),
    ("board", "codeowners.section.board"),
    ("events", "codeowners.section.events"),
    ("groups", "codeowners.section.groups"),
)


def _comment(key: Key) -> str:
    return "# " + " / ".join(i18n.every(key))


def handle(com: Community, member_id: str) -> str | None:
    m = com.members.get(member_id)
    return f"@{m.github}" if m is not None and m.github else None


def handles(com: Community, ids: list[str]) -> list[str]:
    """``@login`` of each member id that has one, in order, without repeats."""
    out: list[str] = []
    for mid in ids:
        h = handle(com, mid)
        if h is not None and h.casefold() not in {x.casefold() for x in out}:
            out.append(h)
    return out


Owned = Member | Media | Client | Post | Event | Group  # a record someone owns


def record_owners(rec: Owned) -> list[str]:
    if isinstance(rec, Member):
        return [rec.id]
    if isinstance(rec, Event):
        return list(rec.organizers)
    if isinstance(rec, Group):
        return list(rec.admins)
    return [rec.owner]


def render(com: Community) -> str:
    """The whole CODEOWNERS text (deterministic: sections in a fixed order, files sorted)."""
    admins = handles(com, list(com.charter.admins))
    admin_text = " ".join(admins)
    header = "".join(f"# {line}\n" for line in i18n.every("codeowners.generated"))
    lines = [header + _comment("codeowners.last-wins") + "\n",
             _comment("codeowners.section.default"), f"* {admin_text}".rstrip()]
    lines += [f"{p} {admin_text}".rstrip() for p in GOVERNANCE]
    for section, key in SECTIONS:
        records: dict[str, Owned] = getattr(com, section)
        if not records:
            continue
        lines += ["", _comment(key)]
        for rec in sorted(records.values(), key=lambda r: r.file):
            owners = handles(com, record_owners(rec) + list(com.charter.admins))
            lines.append(f"/{rec.file} {' '.join(owners)}".rstrip())
    return "\n".join(lines) + "\n"


def current(root: str) -> str | None:
    """The committed CODEOWNERS text, or None when the repository has none."""
    try:
        with open(os.path.join(root, PATH), encoding="utf-8") as fh:
            return fh.read()
    except FileNotFoundError:
        return None


def first_difference(have: str, want: str) -> int:
    """1-based line number of the first line that differs."""
    a, b = have.splitlines(), want.splitlines()
    for i, (x, y) in enumerate(zip(a, b, strict=False), 1):
        if x != y:
            return i
    return min(len(a), len(b)) + 1


def diff(have: str, want: str) -> str:
    return "".join(difflib.unified_diff(have.splitlines(True), want.splitlines(True),
                                        PATH + " (committed)", PATH + " (from the data)"))


def id_list(com: Community) -> list[tuple[str, str, int]]:
    """(member id, login, numeric id) for members who recorded ``github_id``: the weekly
    workflow asks GitHub whether each login still has that id (accounts get renamed)."""
    return [(m.id, m.github, m.github_id) for m in sorted(com.members.values(),
                                                          key=lambda m: m.id)
            if m.github and m.github_id]
