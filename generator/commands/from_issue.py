"""`python -m generator from-issue --form NAME --body FILE --author LOGIN`: an issue form
becomes a data file, for members who don't edit YAML.

The issue-form workflow writes the issue body to a file and runs this; the author is the
issue's author as GitHub reports it. Forms (``generator/github/forms.py``): ``member`` (a sponsor
proposes a candidate), ``profile`` (update my own profile), ``event`` (I organise an event),
``rsvp`` (sign me up or cancel), ``post`` (my board post). Whatever the form says, the author
decides who they are: the sponsor, organiser, owner or RSVP is always the author's own id.

The body is parsed strictly; the file is written with ``new``'s writer (new files) or by
changing only the fields concerned (``generator/data/yamledit.py``), then checked against every
rule. Standard output is Markdown for the workflow to post: the pull request's description
on success (exit 0), otherwise a comment that says what to fix (exit 1). Nothing is left
changed on disk when the answer is 1. Exit 2: usage error or unusable charter.
"""

from __future__ import annotations

import argparse
import difflib
import io
import os
import sys
from typing import TYPE_CHECKING

from generator import i18n
from generator.admin import profile
from generator.admin.fields import SPECS, assemble
from generator.admin.profile import Refused
from generator.admin.prompts import Ctx, Invalid, collect
from generator.admin.writer import id_source, rule_problems, write_record
from generator.checks import ownership
from generator.commands.args import community_or_report
from generator.commands.check import collect as check_all
from generator.data import yamledit
from generator.data.community import Community, ConfigError, load_charter
from generator.data.dump import dump_record, parse_record, record_file
from generator.data.ids import new_id
from generator.github import forms
from generator.i18n import messages
from generator.problems import Problem, report_text, sort_problems

if TYPE_CHECKING:
    from generator.data.models import Event
    from generator.data.plain import PlainMap
    from generator.i18n.keys import Key



# fixed answers (the author's own id) are reported under these labels
_FIXED: dict[str, Key] = {"sponsor": "fi.fixed.sponsor", "owner": "fi.fixed.owner",
                          "organizers": "fi.fixed.organizers"}
_FIXED_LABELS = {name: " ".join(i18n.every(key)) for name, key in _FIXED.items()}


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--form", choices=sorted(forms.FORMS), help="which form was submitted")
    p.add_argument("--body", metavar="FILE", help="file holding the issue body ('-': stdin)")
    p.add_argument("--author", metavar="LOGIN", help="GitHub login of the issue's author")
    p.add_argument("--issue", type=int, default=None, metavar="N",
                   help="issue number, for the pull request's description")
    p.add_argument("--write-templates", action="store_true",
                   help=f"write the issue forms to {forms.TEMPLATE_DIR}/ and exit")


# --------------------------------------------------------------------------- helpers


def md_safe(text: str) -> str:
    """Text that came from an issue, made inert where it could ping people: @mentions are
    broken with a zero-width space (GitHub already strips scripts and proxies images)."""
    return text.replace("@", "@\u200b")


def _fence(text: str) -> str:
    """A code fence longer than any run of backticks inside, so the content cannot end it."""
    best = run = 0
    for ch in text:
        run = run + 1 if ch == "`" else 0
        best = max(best, run)
    ticks = "`" * max(3, best + 1)
    return f"{ticks}yaml\n{text.rstrip()}\n{ticks}"


def _ctx(com: Community, lang: str) -> Ctx:
    return Ctx(com.root, com.today, com.charter, lang, lambda: com)


def _invalid_lines(form: forms.Form, kind: str, bad: list[Invalid], lang: str) -> list[str]:
    labels = {s.flag: s.name for s in SPECS[kind]}
    by_id = {f.id: f.label for f in form.fields}
    out = []
    for b in bad:
        args = dict(b.args_)
        name = labels.get(str(args.get("flag", "")), "")
        label = by_id.get(name) or _FIXED_LABELS.get(name) or name
        detail = str(args.get("detail") or b.render(lang))
        out.append(i18n.text(lang, "fi.field-problem", label=label, detail=detail))
    return out


def _problem_lines(problems: list[Problem], lang: str, com: Community) -> list[str]:
    head = messages.render("fi.check", lang, {})
    return [head] + [f"`{p.file}:{p.line}` [{p.rule}] {p.message(lang, com.charter)}"
                     for p in problems]


def _errors_in(root: str, com: Community, rel: str, lang: str) -> list[str]:
    _c, problems = check_all(root, com.today)
    bad = [p for p in problems if p.file == rel and p.severity == "error"]
    return _problem_lines(bad, lang, com) if bad else []


# --------------------------------------------------------------------------- the forms


def _create(com: Community, form: forms.Form, values: dict[str, str | None],
            fixed: dict[str, str], lang: str, comment: str | None = None) -> str:
    """A new record from the answers plus the author's fixed ones; returns its path."""
    kind = form.kind
    names = {s.name for s in SPECS[kind]}
    given = {k: v for k, v in values.items() if v is not None and k in names}
    given.update(fixed)
    vals, bad = collect(_ctx(com, lang), kind, given, False, io.StringIO(), io.StringIO())
    if bad:
        raise Refused(_invalid_lines(form, kind, bad, lang))
    data = assemble(kind, vals)
    start = data.get("start")
    prefix = f"{start:%Y-%m}" if kind == "event" and hasattr(start, "year") else ""
    rid = new_id(com.root, kind, id_source(kind, data), prefix)
    rel = record_file(kind, rid)
    rec, problems = parse_record(kind, rel, dump_record(kind, data, comment), com.charter)
    if rec is not None:
        problems = rule_problems(com, kind, rec)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise Refused(_problem_lines(errors, lang, com))
    return write_record(com.root, kind, data, rid, comment, com.charter)


def _profile(com: Community, form: forms.Form, values: dict[str, str | None], me: str,
             lang: str) -> tuple[str, PlainMap]:
    m = com.members[me]
    labels = {f.id: f.label for f in form.fields}
    given = {k: v for k, v in values.items() if v is not None}
    updates = profile.updates(com, m, given, "form:profile", lang,
                              lambda name: labels.get(name, name))
    if not updates:
        raise Refused([messages.render("fi.nothing", lang, {})])
    return m.file, updates


def _find_event(com: Community, text: str, lang: str) -> Event:
    t = text.strip()
    if t in com.events:
        return com.events[t]
    same = sorted(eid for eid, ev in com.events.items() if ev.title == t)
    if len(same) == 1:
        return com.events[same[0]]
    if same:
        raise Refused([messages.render("fi.event-ambiguous", lang,
                                       {"found": t, "ids": ", ".join(same)})])
    close = difflib.get_close_matches(t, list(com.events), n=1, cutoff=0.6)
    raise Refused([messages.render("fi.event-unknown", lang,
                                   {"found": t, "suggestion": close[0] if close else ""})])


def _rsvp(com: Community, values: dict[str, str | None], me: str,
          lang: str) -> tuple[str, PlainMap]:
    ev = _find_event(com, values.get("event") or "", lang)
    start = com.event_start(ev).date()
    if ev.status == "cancelled":
        raise Refused([messages.render("fi.event-cancelled", lang, {"id": ev.id})])
    if start < com.today:
        raise Refused([messages.render("fi.event-past", lang,
                                       {"id": ev.id, "date": start.isoformat()})])
    rsvp = list(ev.rsvp)
    if values.get("action") == "cancel":
        if me not in rsvp:
            raise Refused([messages.render("fi.rsvp-not", lang, {"id": ev.id})])
        rsvp.remove(me)
    else:
        if me in rsvp:
            raise Refused([messages.render("fi.rsvp-already", lang, {"id": ev.id})])
        rsvp.append(me)
    return ev.file, {"rsvp": rsvp}


def _edit(com: Community, rel: str, kind: str, updates: PlainMap, lang: str) -> str:
    """Change the fields in place, check, and put the file back if the check fails."""
    path = os.path.join(com.root, rel)
    with open(path, encoding="utf-8") as fh:
        before = fh.read()
    after = yamledit.set_fields(kind, before, updates)
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(after)
    errors = _errors_in(com.root, com, rel, lang)
    if errors:
        with open(path, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(before)
        raise Refused(errors)
    return rel


def handle(com: Community, form: forms.Form, body: str, login: str, lang: str) -> str:
    """Turn one submitted form into a file; returns the file's path or raises Refused."""
    values, errors = forms.parse_body(form, body)
    if errors:
        raise Refused([e.render(lang) for e in errors])
    people = {mid: {"github": m.github, "circle": m.circle, "status": m.status}
              for mid, m in com.members.items()}
    me = ownership.identify(login, list(com.charter.admins), people).member
    if me is None:
        raise Refused([messages.render("fi.not-member", lang, {"login": login})])
    if form.name == "member":
        sponsor = com.members[me]
        comment = f"{sponsor.name}({me})推荐:{values.get('reason') or ''}"
        return _create(com, form, values, {"sponsor": me, "status": "candidate"}, lang,
                       comment)
    if form.name == "event":
        co = values.get("co_organizers")
        return _create(com, form, values, {"organizers": me + (f", {co}" if co else "")}, lang)
    if form.name == "post":
        return _create(com, form, values, {"owner": me}, lang)
    rel, updates = (_profile(com, form, values, me, lang) if form.name == "profile"
                    else _rsvp(com, values, me, lang))
    return _edit(com, rel, form.kind, updates, lang)


# --------------------------------------------------------------------------- output


def success_text(com: Community, form: forms.Form, rel: str, login: str, lang: str,
                 issue: int | None) -> str:
    people = {mid: {"github": m.github} for mid, m in com.members.items()}
    me = ownership.identify(login, [], people).member or "-"
    with open(os.path.join(com.root, rel), encoding="utf-8") as fh:
        content = fh.read()
    review: Key = "fi.review.member" if form.name == "member" else "fi.review.other"
    parts = [messages.render("fi.ok", lang, {"path": rel}),
             md_safe(messages.render("fi.by", lang, {
                 "form": form.title, "login": login, "member": me})),
             _fence(content), messages.render(review, lang, {})]
    if issue is not None:
        parts.append(f"Closes #{issue}")
    return "\n\n".join(parts) + "\n"


def failure_text(lines: list[str], lang: str) -> str:
    items = "\n".join(f"- {md_safe(line)}" for line in lines)
    return f"{messages.render('fi.failed', lang, {})}\n\n{items}\n"


def write_templates(root: str) -> int:
    """Write the issue forms of the charter at ``root`` (its language first, its kinds)."""
    try:
        club = forms.for_charter(load_charter(root))
    except ConfigError as exc:
        report_text(sort_problems(exc.problems), "zh", None, sys.stderr)
        return 2
    folder = os.path.join(root, forms.TEMPLATE_DIR)
    os.makedirs(folder, exist_ok=True)
    for form in club.values():
        with open(os.path.join(folder, f"{form.name}.yml"), "w", encoding="utf-8",
                  newline="\n") as fh:
            fh.write(forms.template(form))
    print(f"{forms.TEMPLATE_DIR}/: {len(club)} forms written")
    return 0


def run(args: argparse.Namespace) -> int:
    if args.write_templates:
        return write_templates(args.root)
    if not (args.form and args.body and args.author):
        print("from-issue needs --form, --body and --author", file=sys.stderr)
        return 2
    try:
        if args.body == "-":
            body = sys.stdin.read()
        else:
            with open(args.body, encoding="utf-8") as fh:
                body = fh.read()
    except (OSError, UnicodeDecodeError) as exc:
        print(f"--body {args.body}: {exc}", file=sys.stderr)
        return 2
    com = community_or_report(args)
    if com is None:
        return 2
    lang = args.lang or com.charter.language
    form = forms.for_charter(com.charter)[args.form]
    try:
        rel = handle(com, form, body, args.author, lang)
    except Refused as exc:
        sys.stdout.write(failure_text(exc.lines, lang))
        return 1
    except yamledit.EditError as exc:
        print(f"from-issue: {exc}", file=sys.stderr)
        return 2
    sys.stdout.write(success_text(com, form, rel, args.author, lang, args.issue))
    return 0
