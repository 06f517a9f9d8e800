"""A new club from zero (``python -m generator init DIR``, issue 26 item 1).

:func:`files` turns a :class:`Setup` (name, language, cap, dues, year kind, rules, founders)
into every file a club's repository needs, by path; :func:`write` puts them in an empty (or
new) folder, all or nothing. What a club gets:

* ``content/charter.yml`` in its language, with the chosen rules (texts from the catalogue:
  ``init.rule.<id>.title`` / ``.text``; a rule not chosen is simply not listed, so nothing
  checks, asks for or shows it), the founders as founders and admins;
* one file per founder in ``members/``: inner circle, active, ``founder: true`` (no sponsor),
  joined on the founding date, and a dues line for every membership year from the founding
  year to today, so nobody starts with ``C2.lapsed``;
* ``schemas/`` (the ``$schema`` lines of every file written later point there), ``.gitignore``,
  the issue forms for the charter, ``.github/CODEOWNERS`` and the workflows, a page to edit
  (``content/pages/about.md``), a README with the first hour;
* the program itself (``generator/``, ``overrides/``, ``requirements/``, ``pyproject.toml``,
  ``mkdocs.yml``, the workflows): a club's repository builds and judges with the code it holds,
  as the sample's does.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from generator import i18n
from generator.data.dump import dump_record
from generator.data.ids import slug, unique_id
from generator.data.schema import render as render_schema
from generator.data.schema import schemas

if TYPE_CHECKING:
    from generator.data.plain import PlainMap

PROGRAM = Path(__file__).resolve().parents[2]
"""The checkout this program runs from: what a new club's repository copies."""
CODE = ("generator", "overrides", "requirements", "pyproject.toml", "mkdocs.yml",
        ".github/workflows/publish.yml", ".github/workflows/judge.yml",
        ".github/workflows/pull-request.yml", ".github/workflows/from-issue.yml",
        ".github/workflows/weekly.yml", ".github/dependabot.yml")
SKIP = shutil.ignore_patterns("__pycache__", "*.pyc", ".mypy_cache", ".ruff_cache")
RULES = ("R1", "R2", "R3", "R4", "R5", "C1", "C2", "C3", "C4", "C5", "C6", "C7")
DEFAULT_RULES = ("R1", "R2", "R4", "R5", "C1", "C2", "C3", "C5")
"""What a new club starts with: the clauses any club has. Red packets (R3), shared values as
a report item (C4), outer-court groups (C6) and an annual gathering (C7) are chosen."""
ENFORCEMENT = {"R1": "check", "R2": "check", "R3": "check", "R4": "report", "R5": "human",
               "C1": "check", "C2": "report", "C3": "check", "C4": "report", "C5": "check",
               "C6": "check", "C7": "check"}
GITIGNORE = """\
__pycache__/
*.egg-info/
/site/
/site-*/
/.courtyard/
/.venv/
/build/
"""


class InitError(Exception):
    """The setup cannot be written: a message key and its arguments."""

    def __init__(self, key: i18n.Key, **args: object) -> None:
        super().__init__(key)
        self.key, self.args_ = key, args


@dataclass(frozen=True)
class Founder:
    name: str
    org: str


@dataclass
class Setup:
    name: str
    language: str = "en"
    cap: int = 50
    dues: float = 0
    currency: str = "CNY"
    year: str = "calendar"  # or "anniversary"
    rules: tuple[str, ...] = DEFAULT_RULES
    founders: list[Founder] = field(default_factory=list)
    founded: dt.date | None = None  # default: today
    timezone: str = "Asia/Shanghai"
    url: str = "https://example.org/"
    circle: str | None = None  # the inner circle's name (default: the language's word)
    organisation: str | None = None  # what a member's organisation is called (charter words)

    def founding(self, today: dt.date) -> dt.date:
        return self.founded or today


def founder_ids(setup: Setup) -> list[str]:
    """Each founder's id (pinyin slug of the name, -2 … when two share one)."""
    taken: set[str] = set()
    out = []
    for f in setup.founders:
        rid = unique_id(slug(f.name, surname=True) or "member", taken)
        taken.add(rid)
        out.append(rid)
    return out


def check_setup(setup: Setup, today: dt.date) -> None:
    """InitError for a setup that cannot make a club (no founder, an unknown rule, a year kind
    or language Courtyard lacks, a founding date after today)."""
    if not setup.name.strip():
        raise InitError("init.bad.name")
    if setup.language not in i18n.LANGS:
        raise InitError("init.bad.language", found=setup.language, allowed=", ".join(i18n.LANGS))
    if not setup.founders:
        raise InitError("init.bad.no-founder")
    unknown = [r for r in setup.rules if r not in RULES]
    if unknown:
        raise InitError("init.bad.rule", found=", ".join(unknown), allowed=", ".join(RULES))
    if setup.year not in ("calendar", "anniversary"):
        raise InitError("init.bad.year", found=setup.year)
    if setup.cap < len(setup.founders):
        raise InitError("init.bad.cap", cap=setup.cap, founders=len(setup.founders))
    if setup.founded is not None and setup.founded > today:
        raise InitError("init.bad.founded", date=setup.founded.isoformat(),
                        today=today.isoformat())


def charter_text(setup: Setup, today: dt.date) -> str:
    lang = setup.language
    ids = founder_ids(setup)
    org = setup.organisation or i18n.text(lang, "word.organisation")
    rules = [{"id": r, "title": i18n.text(lang, i18n.dynamic("init.rule.title.", r)),
              "text": i18n.text(lang, i18n.dynamic("init.rule.text.", r), organisation=org),
              "enforcement": ENFORCEMENT[r]} for r in RULES if r in setup.rules]
    data: dict[str, object] = {
        "name": setup.name.strip(),
        "language": lang,
        "timezone": setup.timezone,
        "founded": setup.founding(today),
        "site": {"url": setup.url,
                 "how_to_join": i18n.text(lang, "init.how-to-join")},
        "display_name": {"format": i18n.text(lang, "init.display-format")},
        "inner_circle": {"name": setup.circle or i18n.text(lang, "init.inner-name"),
                         "minimum": len(ids), "cap": setup.cap,
                         "yearly_intake": max(1, setup.cap // 5)},
        "words": {"organisation": org,
                  "outer_circle": i18n.text(lang, "word.outer-circle")},
        "dues": {"amount": int(setup.dues) if setup.dues == int(setup.dues) else setup.dues,
                 "currency": setup.currency, "year": setup.year},
        "admins": list(ids),
        "founders": list(ids),
        "rules": rules,
    }
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=4096, indent=2)
    head = i18n.text(lang, "init.charter-comment")
    return ("# yaml-language-server: $schema=../schemas/charter.schema.json\n"
            + "".join(f"# {line}\n" for line in head.splitlines()) + body)


def founder_record(setup: Setup, f: Founder, today: dt.date) -> PlainMap:
    """A founder's file: no sponsor, and a paid dues line for every membership year from the
    founding year through this one (their dues start on founding, as they were the club)."""
    joined = setup.founding(today)
    record: PlainMap = {"name": f.name.strip(), "org": f.org.strip(),
                                 "circle": "inner", "status": "active", "joined": joined,
                                 "founder": True}
    record["dues"] = [{"paid": joined, "amount": setup.dues,
                       "note": i18n.text(setup.language, "init.dues-note")}]
    founding_dues(record, today)
    return record


def founding_dues(record: PlainMap, today: dt.date) -> None:
    """A founder's ledger (``record["dues"]``: the first entry, as ``init`` or ``new`` made
    it) repeated for every membership year from joining through ``today``'s: a founder who
    joined last year does not start the club with last year unpaid (C2.lapsed)."""
    joined, dues = record.get("joined"), record.get("dues")
    if not isinstance(joined, dt.date) or not isinstance(dues, list) or not dues:
        return
    first = dict(dues[0])
    amount = first.get("amount")
    if isinstance(amount, float) and amount == int(amount):
        first["amount"] = int(amount)
    record["dues"] = [{**first, "year": y} for y in range(joined.year, today.year + 1)]


def list_founder(root: str, rid: str) -> None:
    """Add ``rid`` to the charter's founders (comments and layout kept), for ``new member``
    creating a founder the charter does not list yet."""
    from generator.admin.edit import Change, flow_seq
    from generator.admin.edit import write as write_texts

    ch = Change(root)
    doc = ch.doc("content/charter.yml")
    founders = doc.get("founders")
    if isinstance(founders, list) and founders:
        if rid not in founders:
            founders.append(rid)
    else:  # none yet (or an empty list): written as [id]
        doc["founders"] = flow_seq([rid])
    write_texts(root, ch.texts())


def files(setup: Setup, today: dt.date) -> dict[str, str]:
    """Every data file, page and setting of the new club (program files not included), by
    root-relative path."""
    check_setup(setup, today)
    lang = setup.language
    out = {"content/charter.yml": charter_text(setup, today), ".gitignore": GITIGNORE}
    for rid, f in zip(founder_ids(setup), setup.founders, strict=True):
        out[f"members/{rid}.yml"] = dump_record(
            "member", founder_record(setup, f, today),
            comment=i18n.text(lang, "init.founder-comment"))
    for name, doc in schemas().items():
        out[f"schemas/{name}"] = render_schema(doc)
    out["content/pages/about.md"] = i18n.text(lang, "init.page.about", name=setup.name)
    out["README.md"] = i18n.text(lang, "init.readme", name=setup.name)
    for folder in ("content/events", "content/groups", "resources/media", "resources/clients",
                   "resources/board"):
        out[f"{folder}/.gitkeep"] = ""
    return out


def github_files(root: str) -> dict[str, str]:
    """The issue forms and CODEOWNERS for the club at ``root`` (its charter and members)."""
    from generator.data.community import load_community
    from generator.github import codeowners, forms

    com = load_community(root, None)
    out = {f"{forms.TEMPLATE_DIR}/{form.name}.yml": forms.template(form)
           for form in forms.for_charter(com.charter).values()}
    out[codeowners.PATH] = codeowners.render(com)
    return out


def write(root: str, setup: Setup, today: dt.date, program: bool = True) -> list[str]:
    """Write the new club into ``root`` (created; it must not exist or be empty), all or
    nothing: the files go to a temporary folder beside it first. Returns the paths written
    (data and settings; the program's files are copied too unless ``program`` is False)."""
    if os.path.exists(root) and (not os.path.isdir(root) or os.listdir(root)):
        raise InitError("init.not-empty", path=root)
    made = files(setup, today)
    parent = os.path.dirname(os.path.abspath(root)) or "."
    os.makedirs(parent, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix=".courtyard-init-", dir=parent)
    try:
        _put(tmp, made)
        extra = github_files(tmp)
        _put(tmp, extra)
        if program:
            for rel in CODE:
                src = PROGRAM / rel
                if src.is_dir():
                    shutil.copytree(src, Path(tmp) / rel, ignore=SKIP)
                elif src.is_file():
                    os.makedirs((Path(tmp) / rel).parent, exist_ok=True)
                    shutil.copy2(src, Path(tmp) / rel)
        if os.path.isdir(root):
            os.rmdir(root)
        os.rename(tmp, root)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return sorted([*made, *extra])


def _put(base: str, texts: dict[str, str]) -> None:
    for rel, text in texts.items():
        path = os.path.join(base, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "x", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
