"""`python -m generator access-code MEMBER` (an id, or a name only one member has): print a
member's access code for the encrypted members edition and their secret calendar address,
for an admin to send privately.

Both are derived from ``COURTYARD_MASTER_SECRET`` (:mod:`generator.build.access`); exit 2 when
it is missing or weak or MEMBER is unknown, 1 when the member gets no code (not an active
inner-circle member in good standing: the build wraps no key for them).
"""

from __future__ import annotations

import argparse
import sys


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("member", metavar="MEMBER",
                   help="member id (file name in members/, no .yml), or a real name or group "
                        "nickname only one member has")


def run(args: argparse.Namespace) -> int:
    from generator.build import access, encrypt
    from generator.commands.args import config_language
    from generator.commands.check import collect
    from generator.core.ledger import lapsed_years
    from generator.data.community import ConfigError
    from generator.exports import common
    from generator.i18n import text
    from generator.problems import report_text, sort_problems

    try:
        com, _problems = collect(args.root, args.today)
    except ConfigError as exc:
        report_text(sort_problems(exc.problems), config_language(args.root, args.lang), None,
                    sys.stderr)
        return 2
    lang = args.lang or com.charter.language
    try:
        secret = access.master_secret()
    except access.SecretError as exc:
        print(exc.message(lang), file=sys.stderr)
        return 2
    from generator.admin.lifecycle import Refused, member
    from generator.i18n import messages

    try:
        m = member(com, args.member)  # the lifecycle commands' resolver: id, name, nickname
    except Refused as exc:
        print(messages.render(exc.key, lang, exc.args_), file=sys.stderr)
        return 2
    if not access.eligible(com, m):
        lapsed = lapsed_years(com.charter, m, com.today) if m.circle == "inner" else []
        print(text(lang, "access.not-eligible", name=m.name, id=m.id, status=m.status,
                   circle=m.circle, lapsed=", ".join(map(str, lapsed)) or "-"),
              file=sys.stderr)
        return 1
    url = common.absolute(com, f"{encrypt.CAL_DIR}/{access.member_calendar(secret, m)}.ics",
                          "members")
    print(text(lang, "access.code", name=m.name, id=m.id, code=access.member_code(secret, m)))
    print(text(lang, "access.calendar", url=url))
    print(text(lang, "access.send"))
    return 0
