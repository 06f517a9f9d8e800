"""`python -m generator apply [--file F | stdin]`: a request text from the site's form (sent
by a member in WeChat, see :mod:`generator.admin.request`) applied through the same code as
the CLI — ``event rsvp`` for an RSVP (per occurrence, waitlist included), the member's own
profile fields, a new board post, a join request (a candidate's file) — with the diff, the
``check`` refusal and ``--dry-run`` of every lifecycle command. A wrong checksum is refused.
In a git repository the change is committed with the requester named in the message, and
the command that opens the pull request is printed.

Exit status: 0 applied (or shown, or nothing to change), 1 refused by the check, 2 a text
that is not a request, a wrong checksum, an unknown member or event, an unusable charter.
"""

from __future__ import annotations

import argparse
import shlex
import subprocess

from generator.admin import lifecycle
from generator.admin.edit import Change
from generator.admin.request import Request, RequestError, parse
from generator.commands.lifecycle import add_dry_run, run_change, say, setting_and_text
from generator.data.community import Community


def add_arguments(p: argparse.ArgumentParser) -> None:
    add_dry_run(p)
    p.add_argument("--file", default=None, help="the request text (default: stdin)")
    p.add_argument("--no-commit", action="store_true", help="write the files, do not commit")


def build(com: Community, req: Request) -> tuple[Change, str]:
    """The change a request asks for, and a one-line summary."""
    if req.kind == "rsvp":
        cancel = req.fields.get("action", "join") == "cancel"
        change, signup = lifecycle.rsvp(com, req.get("event"), [req.get("member")], cancel,
                                        req.date("date"))
        when = f" {req.fields['date']}" if req.fields.get("date") else ""
        return change, f"rsvp{' --cancel' if cancel else ''} {req.get('event')}{when}: " \
            + signup.summary()
    if req.kind == "profile":
        mid = lifecycle.member(com, req.get("member")).id
        changes = {k: v for k, v in req.fields.items() if k not in ("member", "from")}
        return lifecycle.profile(com, mid, changes), f"profile {mid}: {', '.join(changes)}"
    if req.kind == "post":
        owner = lifecycle.member(com, req.get("member")).id
        data: dict[str, object] = {
            "title": req.get("title"), "type": req.get("type"), "owner": owner,
            "posted": com.today, "audience": req.fields.get("audience") or "public",
            "city": req.fields.get("city") or None, "expires": req.date("expires"),
            "description": req.fields.get("description") or None}
        change, rid = lifecycle.new_record(com, "post", data, req.get("title"),
                                           prefix=req.get("type"))
        return change, f"post {rid} ({owner})"
    data = {"name": req.get("name"), "org": req.get("org"), "circle": "outer",
            "status": "candidate", "joined": com.today,
            "sponsor": lifecycle.member(com, req.get("sponsor")).id,
            "title": req.fields.get("title") or None, "city": req.fields.get("city") or None,
            "contact": {"wechat": {"value": req.get("wechat"), "visibility": "private"}}}
    change, rid = lifecycle.new_record(com, "member", data, req.get("name"))
    return change, f"join {rid} (sponsor {data['sponsor']})"


def commit(root: str, files: list[str], message: str) -> bool:
    """Commit ``files`` when ``root`` is a git work tree; False when it is not one."""
    inside = subprocess.run(["git", "-C", root, "rev-parse", "--is-inside-work-tree"],
                            capture_output=True, text=True, check=False)
    if inside.returncode != 0 or inside.stdout.strip() != "true":
        return False
    subprocess.run(["git", "-C", root, "add", "--", *files], check=True)
    subprocess.run(["git", "-C", root, "commit", "-q", "-m", message, "--", *files], check=True)
    return True


def run(args: argparse.Namespace) -> int:
    got = setting_and_text(args)
    if got is None:
        return 2
    lang, _today, text = got
    try:
        req = parse(text)
    except RequestError as exc:
        say(lang, exc.key, **exc.args_)  # type: ignore[arg-type]
        return 2
    made: dict[str, object] = {}

    def make(com: Community) -> tuple[Change, str]:
        change, summary = build(com, req)
        made.update(files=sorted(change.texts()), summary=summary)
        return change, summary

    code = run_change(args, make)
    files = made.get("files")
    if code != 0 or args.dry_run or args.no_commit or not files:
        return code
    who = req.fields.get("from") or req.fields.get("name") or req.fields.get("member", "?")
    message = f"apply {made['summary']}\n\nRequested by {who} via WeChat (the site's form)."
    if commit(args.root, files, message):  # type: ignore[arg-type]
        title = f"apply {made['summary']}"
        say(lang, "ap.committed", who=who,
            command=f"git push -u origin HEAD && gh pr create --title {shlex.quote(title)} "
                    f"--body {shlex.quote(f'Requested by {who} via WeChat.')}")
    return code


