"""`python -m generator apply [--file F | stdin]`: a request text from the site's form (sent
by a member in WeChat, see :mod:`generator.admin.request`) applied through the same code as
the CLI — ``event rsvp`` for an RSVP (per occurrence, waitlist included), the member's own
profile fields, a new board post, a join request (a candidate's file).

What it trusts: a **signed** request is verified against the member's access code, derived
again from the master secret (``COURTYARD_MASTER_SECRET``, the environment only), and refused
naming the failure — a field changed on the way, another member's code, a revoked code, a
member without a code or unknown. The requester is the registry's name of the member whose
code signed it (the sponsor for a join). An **unsigned** request (the public edition's form)
is shown and applied only with ``--unsigned``. Either way the change is judged as that member
would be in a pull request (``generator/checks/judge.py``), not as the admin, and must
keep ``check`` clean.

Where it writes: on the branch ``request/<kind>-<member>-<date>`` (created from the default
branch, or reused), never on the default branch; the admin's checkout is left on the branch
it was on. The same text applied twice changes nothing (an RSVP, profile, post or join
already recorded is recognised by its content). It prints the command that pushes the branch
and opens the pull request.

Exit status: 0 applied (or shown, or already recorded), 1 refused by the check or the
ownership judge, 2 a text that is not a usable request, a signature that does not verify, an
unsigned text without ``--unsigned``, an unknown member or event, no git repository, an
unusable charter.
"""

from __future__ import annotations

import argparse
import os
import shlex
import subprocess
import sys
from typing import TYPE_CHECKING

from generator.admin import edit, lifecycle, profile
from generator.admin.edit import Change
from generator.admin.lifecycle import Refused
from generator.admin.request import (
    MAX_CHARS,
    Request,
    RequestError,
    clean,
    label,
    parse,
    verifies,
)
from generator.build import access
from generator.checks import gitdiff, judge
from generator.commands.lifecycle import add_dry_run, read_text, say, setting
from generator.data.community import load_community
from generator.problems import report_text, sort_problems

if TYPE_CHECKING:
    from generator.data.community import Community
    from generator.data.models import Member


def add_arguments(p: argparse.ArgumentParser) -> None:
    add_dry_run(p)
    p.add_argument("--file", default=None, help="the request text (default: stdin)")
    p.add_argument("--no-commit", action="store_true",
                   help="write the files on the current checkout, do not commit")
    p.add_argument("--unsigned", action="store_true",
                   help="apply an unsigned request (the public edition's form) once you have "
                        "checked with the member it names")


# --------------------------------------------------------------------------- the change


def _same(a: object, b: object) -> bool:
    return clean(str(a or "")) == clean(str(b or ""))


def _posted(com: Community, req: Request, owner: str) -> str | None:
    """The id of a board post this request already made (same owner, type, title, text)."""
    for pid, p in sorted(com.board.items()):
        if p.owner == owner and p.type == req.fields.get("type") and \
                _same(p.title, req.fields.get("title")) and \
                _same(p.description, req.fields.get("description")):
            return pid
    return None


def _joined(com: Community, req: Request) -> str | None:
    """The id of a member file this join request already made (same name and organisation,
    or the same WeChat id)."""
    wechat = clean(req.fields.get("wechat", ""))
    for mid, m in sorted(com.members.items()):
        if _same(m.name, req.fields.get("name")) and _same(m.org, req.fields.get("org")):
            return mid
        field = m.contact.wechat if m.contact is not None else None
        if wechat and field is not None and _same(field.value, wechat):
            return mid
    return None


def build(com: Community, req: Request, lang: str) -> tuple[Change, str]:
    """The change a request asks for, and a one-line summary (an empty change when the
    request is already recorded); a profile change refused with every problem
    (:class:`profile.Refused`)."""
    if req.kind == "rsvp":
        cancel = req.fields.get("action", "join") == "cancel"
        change, signup = lifecycle.rsvp(com, req.get("event"), [req.get("member")], cancel,
                                        req.date("date"))
        when = f" {req.fields['date']}" if req.fields.get("date") else ""
        return change, f"rsvp{' --cancel' if cancel else ''} {req.get('event')}{when}: " \
            + signup.summary()
    if req.kind == "profile":
        m = lifecycle.member(com, req.get("member"))
        changes = {k: v for k, v in req.fields.items() if k != "member"}
        fields = profile.updates(com, m, changes, "request:profile", lang,
                                 lambda name: label("profile", name, lang))
        return profile.change(com, m, fields), f"profile {m.id}: {', '.join(changes)}"
    if req.kind == "post":
        owner = lifecycle.member(com, req.get("member")).id
        done = _posted(com, req, owner)
        if done is not None:
            return Change(com.root), f"post {done} ({owner})"
        data: dict[str, object] = {
            "title": req.get("title"), "type": req.get("type"), "owner": owner,
            "posted": com.today, "audience": req.fields.get("audience") or "public",
            "city": req.fields.get("city") or None, "expires": req.date("expires"),
            "description": req.fields.get("description") or None}
        change, rid = lifecycle.new_record(com, "post", data, req.get("title"),
                                           prefix=req.get("type"))
        return change, f"post {rid} ({owner})"
    sponsor = lifecycle.member(com, req.get("sponsor")).id
    done = _joined(com, req)
    if done is not None:
        return Change(com.root), f"join {done} (sponsor {sponsor})"
    data = {"name": req.get("name"), "org": req.get("org"), "circle": "outer",
            "status": "candidate", "joined": com.today, "sponsor": sponsor,
            "title": req.fields.get("title") or None, "city": req.fields.get("city") or None,
            "contact": {"wechat": {"value": req.get("wechat"), "visibility": "private"}}}
    change, rid = lifecycle.new_record(com, "member", data, req.get("name"))
    return change, f"join {rid} (sponsor {sponsor})"


# --------------------------------------------------------------------------- who signed


def signer(com: Community, req: Request, secret: bytes | None) -> Member:
    """The member whose code signed ``req`` (or whom an unsigned request names); RequestError
    naming why the signature does not hold."""
    sid = req.signer
    m = com.members.get(sid)
    if m is None:
        raise RequestError("ap.unknown-member", id=sid or "-")
    if secret is None:
        return m
    if not access.eligible(com, m):
        raise RequestError("ap.no-code", name=m.name, id=m.id, status=m.status)

    def code(member_id: str, version: int) -> str:
        normal = access.normalise_code(access.access_code(secret, member_id, version))
        assert normal is not None
        return normal

    current = m.access_code_version
    for version in range(current, -1, -1):
        if verifies(code(m.id, version), req):
            if version == current:
                return m
            raise RequestError("ap.revoked", name=m.name, id=m.id, version=str(version),
                               current=str(current))
    for other in access.eligible_members(com):
        if other.id != m.id and verifies(code(other.id, other.access_code_version), req):
            raise RequestError("ap.other-member", name=m.name, id=m.id, signer=other.name,
                               signer_id=other.id)
    raise RequestError("ap.signature", name=m.name, id=m.id)


# --------------------------------------------------------------------------- git


def _git(root: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", "-C", root, *args], capture_output=True, text=True,
                          check=False)


def _branch(root: str) -> str | None:
    done = _git(root, "symbolic-ref", "--quiet", "--short", "HEAD")
    return done.stdout.strip() or None if done.returncode == 0 else None


def _exists(root: str, branch: str) -> bool:
    return _git(root, "rev-parse", "--verify", "--quiet", f"refs/heads/{branch}").returncode == 0


def default_branch(root: str) -> str:
    """The branch pull requests go to: origin's HEAD, else ``init.defaultBranch`` when that
    branch exists, else ``main`` or ``master`` (whichever exists)."""
    done = _git(root, "symbolic-ref", "--quiet", "--short", "refs/remotes/origin/HEAD")
    if done.returncode == 0 and done.stdout.strip():
        return done.stdout.strip().split("/", 1)[-1]
    configured = _git(root, "config", "init.defaultBranch").stdout.strip()
    for name in (configured, "main", "master"):
        if name and _exists(root, name):
            return name
    return configured or "main"


def branch_name(req: Request, m: Member, com: Community) -> str:
    return f"request/{req.kind}-{m.id}-{com.today.isoformat()}"


def _restore(root: str, texts: dict[str, tuple[str, str]]) -> None:
    """Undo :func:`edit.write` (a refusal after writing leaves nothing behind)."""
    for rel, (old, _new) in texts.items():
        if old == "":
            os.remove(os.path.join(root, rel))
    edit.write(root, {rel: (new, old) for rel, (old, new) in texts.items() if old != ""})


# --------------------------------------------------------------------------- the command


def _apply(args: argparse.Namespace, lang: str, req: Request, m: Member, who: str,
           branch: str | None) -> int:
    """Load the community (on the request's branch), build, check, write, judge, commit."""
    root = args.root
    com = load_community(root, args.today_)
    try:
        change, summary = build(com, req, lang)
    except Refused as exc:
        say(lang, exc.key, **exc.args_)
        return 2
    except profile.Refused as exc:
        print("\n".join(exc.lines), file=sys.stderr)
        return 2
    except RequestError as exc:
        say(lang, exc.key, **exc.args_)  # type: ignore[arg-type]
        return 2
    texts = change.texts()
    if not texts:
        say(lang, "ap.already", what=summary)
        return 0
    sys.stdout.write(edit.diff(texts))
    problems = edit.new_errors(com, texts)
    if problems:
        say(lang, "life.refused", count=len(problems))
        report_text(sort_problems(problems), lang, com.charter, sys.stderr)
        return 1
    if args.dry_run or (not req.signed and not args.unsigned):
        if args.dry_run:
            say(lang, "life.dry-run", what=summary)
        else:
            say(lang, "ap.unsigned-refused", name=m.name, id=m.id)
        return 0 if args.dry_run else 2
    edit.write(root, texts)
    try:
        judged = judge.problems_for(root, "HEAD", "", com.charter.max_file_bytes,
                                        com.today.isoformat(), member=m.id, paths=list(texts))
    except gitdiff.GitError as exc:
        _restore(root, texts)
        print(f"ownership check: {exc}", file=sys.stderr)
        return 2
    if judged:
        _restore(root, texts)
        say(lang, "ap.judge", name=m.name, id=m.id, count=len(judged))
        report_text(sort_problems(judged), lang, com.charter, sys.stderr)
        return 1
    if branch is None:  # --no-commit
        say(lang, "life.written", what=summary, files=" ".join(texts))
        return 0
    how = "signed with their access code" if req.signed else \
        "unsigned; the admin checked with them and ran apply --unsigned"
    title = f"apply {summary}"
    body = f"Requested by {who} via WeChat ({how}), through the site's request form."
    _git(root, "add", "--", *texts)
    done = _git(root, "commit", "-q", "-m", f"{title}\n\n{body}", "--", *texts)
    if done.returncode != 0:
        _restore(root, texts)
        print(done.stderr.strip(), file=sys.stderr)
        return 2
    say(lang, "ap.committed", who=who, branch=branch,
        command=f"git push -u origin {shlex.quote(branch)} && gh pr create --head "
                f"{shlex.quote(branch)} --title {shlex.quote(title)} --body {shlex.quote(body)}")
    return 0


def run(args: argparse.Namespace) -> int:
    got = setting(args)
    if got is None:
        return 2
    charter, lang, today = got
    args.today_ = today
    try:
        text = read_text(args.file, MAX_CHARS + 1)
    except (OSError, UnicodeDecodeError) as exc:
        print(exc, file=sys.stderr)
        return 2
    root = args.root
    try:
        req = parse(text, charter)
        secret = None
        if req.signed:
            try:
                secret = access.master_secret()
            except access.SecretError as exc:
                print(exc.message(lang), file=sys.stderr)
                return 2
        com = load_community(root, today)
        m = signer(com, req, secret)
    except RequestError as exc:
        say(lang, exc.key, **exc.args_)  # type: ignore[arg-type]
        return 2
    who = f"{m.name} ({m.id})"
    inside = _git(root, "rev-parse", "--is-inside-work-tree")
    if inside.returncode != 0 or inside.stdout.strip() != "true":
        if args.dry_run:
            return _apply(args, lang, req, m, who, None)
        say(lang, "ap.not-git", root=os.path.abspath(root))
        return 2
    if args.dry_run or args.no_commit or (not req.signed and not args.unsigned):
        return _apply(args, lang, req, m, who, None)
    dirty = _git(root, "status", "--porcelain", "--untracked-files=no").stdout.split("\n")
    dirty = [line[3:] for line in dirty if line.strip()]
    if dirty:
        say(lang, "ap.dirty", files=", ".join(dirty[:5]))
        return 2
    branch = branch_name(req, m, com)
    default = default_branch(root)
    detached = _branch(root) is None
    back = _git(root, "rev-parse", "HEAD").stdout.strip() if detached else str(_branch(root))
    created = not _exists(root, branch)
    start = default if _exists(root, default) else "HEAD"
    start_commit = _git(root, "rev-parse", start).stdout.strip()
    if back != branch:
        switch = ["switch", "-q", "-c", branch, start] if created else ["switch", "-q", branch]
        done = _git(root, *switch)
        if done.returncode != 0:
            say(lang, "ap.branch-failed", branch=branch, detail=done.stderr.strip())
            return 2
    try:
        if _branch(root) == default:  # never: a request's branch is not the default
            say(lang, "ap.default-branch", branch=default)
            return 2
        return _apply(args, lang, req, m, who, branch)
    finally:
        if back != branch:
            _git(root, "switch", "-q", *(["--detach"] if detached else []), back)
            if created and _git(root, "rev-parse", branch).stdout.strip() == start_commit:
                _git(root, "branch", "-q", "-D", branch)  # refused or nothing to do
