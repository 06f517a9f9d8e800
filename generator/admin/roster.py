"""The daily patrol of a WeChat group (R1, R2): a pasted member list against the registry.

Admins copy the group's member list (one nickname per line). In an outer-court group most
people are not in the registry, and that is normal; what an admin acts on comes first:

- **R2 suspects**: nicknames that *look like* a member without surely being them (a real name
  inside a longer name, a member's name with another organisation, a homophone, a nickname one
  character away — the doubtful class of :mod:`generator.analysis.people`), each with the
  member it looks like and why — never a rename request; and registry people the group may
  not hold (candidates not yet approved, expelled members);
- **R1** renames for members whose nickname is not the charter's format;
- registry members the group should hold but does not; the same person twice;
- then one count of the people not in the registry (and how many of them break R1: no
  organisation, no real name — ``广告位招租-小陈``, ``分众传媒HR+Linda`` — or an advert for a
  nickname), listed with ``--all``.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from generator.analysis.people import Matcher
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


MAX_LINES = 2_000   # a WeChat group holds at most 500
MAX_LINE = 100      # a nickname is short; longer lines are cut
_AD = re.compile(r"招租|招商|代理|承接|接单|推广|加[vV微]|微信|广告位|合作|联系|电话|\d{5,}")
_NOT_A_NAME = re.compile(r"^(小|老|阿)[\u4e00-\u9fff]$")


@dataclass
class Suspect:
    nickname: str
    reason: str  # "looks" (a doubtful match) | the member's status
    member: str | None = None
    why: str = ""
    rest: str = ""


@dataclass
class Audit:
    group: str
    lines: int = 0
    renames: list[Rename] = field(default_factory=list)
    unformatted: list[str] = field(default_factory=list)  # not in the registry, not R1
    outsiders: list[str] = field(default_factory=list)    # not in the registry at all
    suspects: list[Suspect] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    duplicates: list[list[str]] = field(default_factory=list)

    def clean(self) -> bool:
        return not (self.renames or self.suspects or self.missing or self.duplicates)

    def as_json(self) -> dict[str, object]:
        return {
            "group": self.group, "lines": self.lines,
            "r1": [{"nickname": r.nickname, "member": r.member, "expected": r.expected}
                   for r in self.renames]
            + [{"nickname": n, "member": None, "expected": None} for n in self.unformatted],
            "r2": [{"nickname": s.nickname, "reason": s.reason, "member": s.member,
                    "why": s.why, "rest": s.rest} for s in self.suspects],
            "not_in_registry": self.outsiders,
            "missing": self.missing,
            "duplicates": self.duplicates,
        }


def nicknames(text: str) -> list[str]:
    """One nickname a line, as copied from the member list: blank lines, BOMs and the
    role tags WeChat shows (群主, 管理员) left out."""
    out = []
    for raw in text.splitlines()[:MAX_LINES]:
        line = raw.strip().lstrip("\ufeff")[:MAX_LINE]
        for tag in _ROLE_TAGS:
            if line.endswith(tag):
                line = line[: -len(tag)].strip()
        if line:
            out.append(line)
    return out


def _formatted(nick: str, seps: str) -> bool:
    """The nickname keeps R1: an organisation and a real name around a separator — the last
    part 2-4 Chinese characters and not a pet name (``小陈``, ``阿杰``), no advert in it."""
    text = unicodedata.normalize("NFKC", nick).strip()
    sep = set(unicodedata.normalize("NFKC", seps)) | {" "}
    parts = [p for p in "".join(" " if c in sep else c for c in text).split() if p]
    if len(parts) < 2 or _AD.search(text):
        return False
    name = parts[-1]
    return (2 <= len(name) <= 4 and all("\u4e00" <= c <= "\u9fff" for c in name)
            and not _NOT_A_NAME.match(name))


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
    out = Audit(group.id, len(roster))
    found: dict[str, list[str]] = defaultdict(list)
    seen: dict[str, list[str]] = defaultdict(list)
    for nick in roster:
        seen[_normalise(nick, seps)].append(nick)
        mid = exact.get(_normalise(nick, seps))
        if mid is None:
            v = matcher.classify(nick)
            if v.cls == "doubtful" and v.member:
                out.suspects.append(Suspect(nick, "looks", v.member, v.why, v.rest))
                continue
            if v.cls != "sure" or v.member is None:
                out.outsiders.append(nick)
                if not _formatted(nick, seps):
                    out.unformatted.append(nick)
                continue
            mid = v.member
        m = com.members[mid]
        found[mid].append(nick)
        if m.status not in ALLOWED:
            out.suspects.append(Suspect(nick, m.status, mid))
        want = expected_display_name(ch, m.org, m.name)
        if _normalise(nick, seps) != _normalise(want, seps):
            out.renames.append(Rename(nick, mid, want))
    # the same nickname twice is two accounts of one member (outsiders share "Amy" freely)
    out.duplicates = [nicks for key, nicks in seen.items() if len(nicks) > 1
                      and key in exact]
    out.duplicates += [nicks for nicks in found.values()
                       if len(nicks) > 1 and nicks not in out.duplicates
                       and len({_normalise(n, seps) for n in nicks}) > 1]
    out.missing = [mid for mid in expected_members(com, group) if mid not in found]
    return out
