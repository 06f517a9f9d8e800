"""`python -m generator roster GROUP [--file F | stdin] [--format text|json] [--all]`: the
daily patrol of a WeChat group — a pasted member list (one nickname per line, as copied from
the group's member list) checked against the registry (:mod:`generator.admin.roster`).

The text output leads with what an admin acts on: R2 suspects (nicknames that look like a
member, with the member and why — never a rename request — and people not yet approved),
then the R1 @-list of renames for members, members missing from the group, duplicates, and
one line counting the people not in the registry (``--all`` lists them). It stays under
1,500 characters for a 500-person group. ``--format json`` gives everything for scripts.

Exit status: 0 nothing to report, 1 findings, 2 unknown group, unreadable file or charter.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

from generator.admin import roster
from generator.analysis.people import WHY_KEYS
from generator.commands.lifecycle import say, setting_and_text
from generator.core.names import display_name
from generator.data.community import Community, load_community
from generator.i18n import catalogue, messages

if TYPE_CHECKING:
    from generator.data.models import Group
    from generator.i18n.keys import Key



def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("group", metavar="GROUP", help="group id (file name under content/groups/)")
    p.add_argument("--file", default=None, help="the pasted member list (default: stdin)")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.add_argument("--all", action="store_true",
                   help="also list everyone not in the registry (default: one line counting them)")


def text(audit: roster.Audit, com: Community, group: Group, lang: str,
         everyone: bool = False) -> str:
    """Plain text to paste: what an admin acts on first (R2 suspects with the member they look
    like and why, R1 renames for members, members missing, duplicates), then one line
    counting the people not in the registry (``everyone``: the list)."""
    def r(key: Key, **args: object) -> str:
        return messages.render(key, lang, args)

    sep = catalogue.text(lang, "punct.list")
    example = com.charter.display_name.format.replace("{org}", r("roster.org"))
    example = example.replace("{name}", r("roster.name"))
    out = [r("roster.head", group=group.name, date=com.today.isoformat(), lines=audit.lines)]
    if audit.suspects:
        out += ["", r("roster.r2")]
        for s in audit.suspects:
            m = com.members.get(s.member or "")
            if s.reason == "looks" and m is not None:
                why = r(WHY_KEYS.get(s.why, "jl.why-other"), rest=s.rest or "-")
                out.append(r("roster.r2-looks", nickname=s.nickname, name=m.name, org=m.org,
                             why=why))
            else:
                out.append(r("roster.r2-status", nickname=s.nickname, member=s.member,
                             status=s.reason))
    if audit.renames:
        out += ["", r("roster.r1", format=example)]
        out += [r("roster.r1-line", nickname=x.nickname, expected=x.expected)
                for x in audit.renames]
    if audit.missing:
        out += ["", r("roster.missing", count=len(audit.missing),
                      names=sep.join(display_name(com.charter, com.members[m])
                                     for m in audit.missing))]
    for nicks in audit.duplicates:
        out += ["", r("roster.dup", nicknames=sep.join(nicks))]
    if audit.outsiders:
        out += ["", r("roster.outsiders", count=len(audit.outsiders),
                      r1=len(audit.unformatted), format=example)]
        if everyone:
            bad = set(audit.unformatted)
            out += [r("roster.outsiders-all", count=len(audit.outsiders))]
            out += [r("roster.outsider-line", nickname=n,
                      note=r("roster.outsider-r1") if n in bad else "")
                    for n in audit.outsiders]
    if audit.clean():
        out += ["", r("roster.ok")]
    return "\n".join(out) + "\n"


def run(args: argparse.Namespace) -> int:
    got = setting_and_text(args)
    if got is None:
        return 2
    lang, today, pasted = got
    com = load_community(args.root, today)
    group = com.groups.get(args.group)
    if group is None:
        say(lang, "roster.unknown-group", ref=args.group, groups=", ".join(sorted(com.groups)))
        return 2
    lines = pasted.splitlines()
    cut = sum(1 for x in lines[:roster.MAX_LINES] if len(x.strip()) > roster.MAX_LINE)
    if len(lines) > roster.MAX_LINES or cut:
        say(lang, "roster.capped", lines=len(lines), max_lines=roster.MAX_LINES, cut=cut,
            max_line=roster.MAX_LINE)
    audit = roster.audit(com, group, roster.nicknames(pasted))
    if args.format == "json":
        json.dump(audit.as_json(), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(text(audit, com, group, lang, args.all))
    return 0 if audit.clean() else 1
