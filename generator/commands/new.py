"""`python -m generator new member|event|media|client|post`: write a valid new data file
without knowing YAML.

Asks in the charter's language (defaults in brackets, choices listed, each answer checked as
it is typed), or takes a flag for every field (``--name 张伟 --org 分众传媒 --sponsor li-na``)
for scripts and the issue-form workflow; ``--yes``/``--no-input`` never asks and fails on a
missing required field. The new record is checked against every rule together with the rest
of the community before it is written, so the file it writes passes ``check``; an existing file
is never overwritten.

Exit status: 0 written (or printed with --dry-run), 1 the record would fail the check,
2 usage error, missing input, cancelled, file exists or unusable charter.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from generator import i18n
from generator.admin.fields import SPECS, all_flags, assemble
from generator.admin.init import founding_dues, list_founder
from generator.admin.prompts import Cancelled, Ctx, collect
from generator.admin.writer import id_source, rule_problems, write_record
from generator.commands import progress
from generator.commands.lifecycle import charter_or_report
from generator.data.community import ConfigError, load_community
from generator.data.dump import WriteError, dump_record, parse_record, record_file
from generator.data.ids import new_id, taken_ids
from generator.data.models import ID_PATTERN
from generator.i18n import messages
from generator.problems import report_text, sort_problems

if TYPE_CHECKING:
    from generator.data.plain import PlainMap
    from generator.i18n.keys import Key
    from generator.problems import MessageArg



def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("kind", choices=list(SPECS), help="what to create")
    p.add_argument("--id", default=None, help="file name/id to use (default: the name or "
                   "title in pinyin, with -2, -3 … if taken)")
    p.add_argument("--yes", "--no-input", dest="no_input", action="store_true",
                   help="never ask: use flags and defaults, fail if a required field is missing")
    p.add_argument("--dry-run", action="store_true", help="print the file instead of writing it")
    progress.add_arguments(p)
    fields = p.add_argument_group("fields (each applies to the kinds in brackets)")
    for name, uses in all_flags().items():
        spec = uses[0][1]
        kinds = ", ".join(k for k, _s in uses)
        labels = " / ".join(dict.fromkeys(f"{i18n.text('en', s.key)} ({i18n.text('zh', s.key)})"
                                          for _k, s in uses))
        if spec.type == "bool":
            fields.add_argument(spec.flag, dest=f"f_{name}", action="store_const", const="yes",
                                default=None, help=f"{labels} [{kinds}]")
        else:
            fields.add_argument(spec.flag, dest=f"f_{name}", default=None,
                                metavar=spec.type.upper(), help=f"{labels} [{kinds}]")


def _today(args: argparse.Namespace, tz: str) -> dt.date:
    today: dt.date | None = args.today
    return today if today is not None else dt.datetime.now(ZoneInfo(tz)).date()


def _fail(lang: str, key: Key, **kw: MessageArg) -> int:
    print(messages.render(key, lang, kw), file=sys.stderr)
    return 2


def _record_id(args: argparse.Namespace, kind: str, data: PlainMap) -> str:
    if args.id:
        return str(args.id)
    prefix = ""
    start = data.get("start")
    if kind == "event" and isinstance(start, dt.date):
        prefix = f"{start:%Y-%m}"
    return new_id(args.root, kind, id_source(kind, data), prefix)


def run(args: argparse.Namespace) -> int:
    log = progress.Log(progress.verbosity(args))
    charter = charter_or_report(args)
    if charter is None:
        return 2
    lang = args.lang or charter.language
    kind = args.kind
    given = {n[2:]: v for n, v in vars(args).items() if n.startswith("f_") and v is not None}
    names = {s.name for s in SPECS[kind]}
    for name in sorted(set(given) - names):
        return _fail(lang, "new.not-for-kind", flag="--" + name.replace("_", "-"), kind=kind)
    if args.id and not re.fullmatch(ID_PATTERN, args.id):
        return _fail(lang, "new.bad-flag", flag="--id",
                     detail=messages.render("new.hint.id", lang, {}))
    today = _today(args, charter.timezone)
    ctx = Ctx(args.root, today, charter, lang, lambda: load_community(args.root, today))
    try:
        values, bad = collect(ctx, kind, given, not args.no_input, sys.stdin, sys.stderr)
    except (Cancelled, KeyboardInterrupt):
        return _fail(lang, "new.cancelled")
    except ConfigError as exc:
        report_text(sort_problems(exc.problems), lang, None, sys.stderr)
        return 2
    if bad:
        for b in bad:
            print(b.render(lang), file=sys.stderr)
        return 2
    data = assemble(kind, values)
    if kind == "member" and data.get("founder"):
        founding_dues(data, today)
    rid = _record_id(args, kind, data)
    rel = record_file(kind, rid)
    if rid in taken_ids(args.root, kind):
        return _fail(lang, "new.exists", path=rel)
    text = dump_record(kind, data)
    rec, problems = parse_record(kind, rel, text, charter)
    new_founder = kind == "member" and bool(data.get("founder")) and rid not in charter.founders
    if rec is not None:
        log.detail(f"{rel}: checking against every rule")
        com = ctx.community()
        if new_founder:  # the charter will list them (below): check as if it did
            com.charter.founders.append(rid)
        problems = rule_problems(com, kind, rec)
    if problems:
        report_text(problems, lang, charter, sys.stderr)
    if any(p.severity == "error" for p in problems):
        print(messages.render("new.rejected", lang, {}), file=sys.stderr)
        return 1
    if args.dry_run:
        sys.stdout.write(text)
        return 0
    try:
        rel = write_record(args.root, kind, data, rid, charter=charter)
    except WriteError as exc:
        for p in exc.problems:
            print(p.message(lang), file=sys.stderr)
        return 2
    if new_founder:
        list_founder(args.root, rid)
        log.info(messages.render("new.founder-listed", lang, {"id": rid}))
    print(rel)
    log.info(messages.render("new.written", lang, {"file": rel}))
    return 0
