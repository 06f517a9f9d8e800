"""`python -m generator digest [--kind weekly|event] [--event ID]`: a message ready to paste
into WeChat (:mod:`generator.admin.digest`) — the weekly digest for the outer-court groups
(public edition data only), or an event's announcement. Plain text, at most 1,500
characters, no Markdown, full-width punctuation in Chinese, links to the site's pages.

Exit status: 0 written to stdout, 2 unknown event, an event with nothing on or after today
(an ended series is not announced), --kind event without --event, or an unusable charter.
"""

from __future__ import annotations

import argparse
import sys

from generator.admin import digest
from generator.commands.lifecycle import say, setting
from generator.data.community import load_community


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--kind", choices=["weekly", "event"], default="weekly")
    p.add_argument("--event", metavar="ID", default=None, help="the event (with --kind event)")


def run(args: argparse.Namespace) -> int:
    got = setting(args)
    if got is None:
        return 2
    _charter, lang, today = got
    if args.kind == "event" and not args.event:
        say(lang, "dg.need-event")
        return 2
    com = load_community(args.root, today)
    if args.kind == "weekly":
        sys.stdout.write(digest.weekly(com, lang))
        return 0
    ev = com.events.get(args.event)
    if ev is None:
        say(lang, "dg.unknown-event", ref=args.event)
        return 2
    try:
        sys.stdout.write(digest.announcement(com, ev, lang))
    except digest.Ended as exc:
        say(lang, "dg.ended", event=ev.id, last=exc.last.isoformat() if exc.last else "-")
        return 2
    return 0
