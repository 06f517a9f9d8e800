"""The daily patrol of a WeChat group (R1, R2): a pasted member list against the registry.

Admins copy the group's member list (one nickname per line) and want to know, at once:

- **R1**: nicknames not in the charter's format (``分众传媒+王健``), with the expected one for
  the members found in the registry, so the paste-back asks each person by name;
- **R2 suspects**: people in the group who are not in the registry (each with the closest
  registry entry, for typos) or who may not be in it (candidates not yet approved, expelled
  members);
- registry members the group should hold but does not (the group's ``members`` list, or
  every active member when it has none);
- the same person twice (two accounts, or a nickname shared).

A nickname is matched like a 接龙 line (:mod:`generator.admin.jielong`), strictly: a real name
inside other text counts only when the rest is the member's organisation.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from generator.admin.jielong import Entry, Matcher, clean
from generator.core.names import display_name, expected_display_name
from generator.core.names import normalise_nickname as _normalise

if TYPE_CHECKING:
    from generator.data.community import Community
    from generator.data.models import Group

ALLOWED = ("active", "suspended", "alumni")
"""Statuses that may be in an outer-court group; a candidate is not yet approved (R2) and an
expelled member has left."""
_ROLE_TAGS = ("群主", "管理员", "Owner", "Admin")


@dataclass
class Rename:
    nickname: str
    member: str
    expected: str


@dataclass
class Suspect:
    nickname: str
    reason: str  # "unknown" | "ambiguous" | the member's status
    member: str | None = None
    closest: str | None = None


@dataclass
class Audit:
    group: str
    lines: int = 0
    renames: list[Rename] = field(default_factory=list)
    unformatted: list[str] = field(default_factory=list)  # not in the registry, no format
    suspects: list[Suspect] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    duplicates: list[list[str]] = field(default_factory=list)

    def clean(self) -> bool:
        return not (self.renames or self.unformatted or self.suspects or self.missing
                    or self.duplicates)

    def as_json(self) -> dict[str, object]:
        return {
            "group": self.group, "lines": self.lines,
            "r1": [{"nickname": r.nickname, "member": r.member, "expected": r.expected}
                   for r in self.renames]
            + [{"nickname": n, "member": None, "expected": None} for n in self.unformatted],
            "r2": [{"nickname": s.nickname, "reason": s.reason, "member": s.member,
                    "closest": s.closest} for s in self.suspects],
            "missing": self.missing,
            "duplicates": self.duplicates,
        }


def nicknames(text: str) -> list[str]:
    """One nickname a line, as copied from the member list: blank lines, BOMs and the
    role tags WeChat shows (群主, 管理员) left out."""
    out = []
    for raw in text.splitlines():
        line = raw.strip().lstrip("\ufeff")
        for tag in _ROLE_TAGS:
            if line.endswith(tag):
                line = line[: -len(tag)].strip()
        if line:
            out.append(line)
    return out


def _formatted(nick: str, seps: str) -> bool:
    """The nickname has the format's shape: two non-empty parts around a separator."""
    text = unicodedata.normalize("NFKC", nick).strip()
    sep = set(unicodedata.normalize("NFKC", seps)) | {" "}
    parts = [p for p in "".join(" " if c in sep else c for c in text).split() if p]
    return len(parts) >= 2


def expected_members(com: Community, group: Group) -> list[str]:
    if group.members:
        return [m for m in group.members if m in com.members]
    return sorted(m.id for m in com.members.values() if m.status == "active")


def audit(com: Community, group: Group, roster: list[str]) -> Audit:
    ch = com.charter
    seps = ch.display_name.separators
    people = list(com.members.values())
    matcher = Matcher(ch, people)
    exact: dict[str, str] = {}
    for m in people:
        exact.setdefault(_normalise(display_name(ch, m), seps), m.id)
        exact.setdefault(_normalise(expected_display_name(ch, m.org, m.name), seps), m.id)
    choices = {display_name(ch, m): m.id for m in people if m.status in ALLOWED}
    out = Audit(group.id, len(roster))
    found: dict[str, list[str]] = defaultdict(list)
    seen: dict[str, list[str]] = defaultdict(list)
    for nick in roster:
        seen[_normalise(nick, seps)].append(nick)
        mid = exact.get(_normalise(nick, seps))
        if mid is None:
            hit = matcher.match(Entry(0, None, nick, clean(nick)), strict=True)
            mid = hit.member
            if mid is None:
                close = difflib.get_close_matches(nick, list(choices), n=1, cutoff=0.5)
                out.suspects.append(Suspect(nick, "ambiguous" if hit.ids else "unknown",
                                            None, close[0] if close else None))
                if not _formatted(nick, seps):
                    out.unformatted.append(nick)
                continue
        m = com.members[mid]
        found[mid].append(nick)
        if m.status not in ALLOWED:
            out.suspects.append(Suspect(nick, m.status, mid, display_name(ch, m)))
        want = expected_display_name(ch, m.org, m.name)
        if _normalise(nick, seps) != _normalise(want, seps):
            out.renames.append(Rename(nick, mid, want))
    out.duplicates = [nicks for nicks in seen.values() if len(nicks) > 1]
    out.duplicates += [nicks for nicks in found.values()
                       if len(nicks) > 1 and nicks not in out.duplicates
                       and len({_normalise(n, seps) for n in nicks}) > 1]
    out.missing = [mid for mid in expected_members(com, group) if mid not in found]
    return out
