"""`python -m generator roster GROUP [--file F | stdin] [--format text|json]`: the daily
patrol of a WeChat group — a pasted member list (one nickname per line, as copied from the
group's member list) checked against the registry (:mod:`generator.admin.roster`).

The text output is ready to paste back into the group: an @-list asking for renames (R1)
first, then, for the admins, the R2 suspects with the closest registry entry, the members
missing from the group, and duplicates. ``--format json`` gives the same for scripts.

Exit status: 0 nothing to report, 1 findings, 2 unknown group, unreadable file or charter.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

from generator.admin import roster
from generator.commands.lifecycle import say, setting_and_text
from generator.core.names import display_name
from generator.data.community import Community, load_community
from generator.i18n import catalogue, messages

if TYPE_CHECKING:
    from generator.data.models import Group
    from generator.i18n.keys import Key

HELP = "patrol a WeChat group: a pasted member list against the registry (R1, R2)"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("group", metavar="GROUP", help="group id (file name under content/groups/)")
    p.add_argument("--file", default=None, help="the pasted member list (default: stdin)")
    p.add_argument("--format", choices=["text", "json"], default="text")


def text(audit: roster.Audit, com: Community, group: Group, lang: str) -> str:
    def r(key: Key, **args: object) -> str:
        return messages.render(key, lang, args)

    sep = catalogue.text(lang, "punct.list")
    example = com.charter.display_name.format.replace("{org}", r("roster.org"))
    example = example.replace("{name}", r("roster.name"))
    out = [r("roster.head", group=group.name, date=com.today.isoformat(), lines=audit.lines)]
    if audit.renames or audit.unformatted:
        out += ["", r("roster.r1", format=example)]
        out += [r("roster.r1-line", nickname=x.nickname, expected=x.expected)
                for x in audit.renames]
        out += [r("roster.r1-format", nickname=n, format=example) for n in audit.unformatted]
    if audit.suspects:
        out += ["", r("roster.r2")]
        for s in audit.suspects:
            if s.member:
                out.append(r("roster.r2-status", nickname=s.nickname, member=s.member,
                             status=s.reason))
            elif s.closest:
                out.append(r("roster.r2-unknown", nickname=s.nickname, closest=s.closest))
            else:
                out.append(r("roster.r2-unknown-none", nickname=s.nickname))
    if audit.missing:
        out += ["", r("roster.missing", count=len(audit.missing),
                      names=sep.join(display_name(com.charter, com.members[m])
                                     for m in audit.missing))]
    for nicks in audit.duplicates:
        out += ["", r("roster.dup", nicknames=sep.join(nicks))]
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
    audit = roster.audit(com, group, roster.nicknames(pasted))
    if args.format == "json":
        json.dump(audit.as_json(), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(text(audit, com, group, lang))
    return 0 if audit.clean() else 1
