"""``report``, ``check``, ``dues`` and the ledger CSVs agree on every member and year — dues,
standing and R4 — over the sample (two dates) and a synthetic 1,000-member community
(issue 24's Must-show "report and check agree …", issue 27 item 1 "report, check, dues and the
CSV agree on every member and year").

Each command is run once per community (``python -m generator …`` in process, its standard
output parsed back with ``json`` and ``csv``), and the outputs are compared with each other —
not the core's ledger with itself:

- ``dues --format json``: the ledger's lines, the debts and the totals;
- ``dues --format text``: who owes what, parsed back;
- ``dues --format csv`` and the site's ``exports/ledger.csv`` (the members edition's exports
  as the build writes them): the same lines, numbers as numbers;
- ``report --format json --all``: one dues item per year with a balance, for *everyone* who
  owes (suspended members and members who left owing included), with the same amounts and
  the command that settles it; R4 items;
- ``check --format json``: C2.lapsed (= report's lapsed years of active inner members), C2.amount
  (= the partly paid years), R4.attendance (= report's missed years; and report's "this year"
  on 31 December = check's verdict for that year ten days later);
- ``exports/members.csv``'s dues columns and who gets an access code (standing).

The synthetic community is ``benchmarks.synth`` (as bench_check uses it) with a few ledgers
changed so that every kind of debt occurs: partial payments, suspended members past the grace
period, alumni and an expelled member who left owing.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import shutil
from collections import defaultdict
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.__main__ import main
from generator.build.access import eligible_members
from generator.core.standing import standing_on
from generator.data.community import Community, load_community
from generator.exports import common, csv_export
from generator.i18n import dynamic, text
from generator.i18n.catalogue import table
from generator.pages.exports import write_exports

REPO = Path(__file__).resolve().parent.parent
STATES = ("paid", "partial", "not-yet-due", "due-soon", "overdue", "lapsed")
BY_STATE = {"dues-soon": "due-soon", "dues-overdue": "overdue", "dues-lapsed": "lapsed",
            "dues-partial": "partial"}
"""report's dues sections for active inner members → the ledger's state they list."""
OTHERS = "dues-others"
R4_SECTIONS = ("attendance-this-year", "attendance-missed", "sharing")
SLOW = pytest.mark.slow  # the synthetic 1,000 through five commands: > 5 s
CASES = [pytest.param(("sample", day), id=f"sample-{day}")
         for day in ("2026-12-07", "2027-01-10", "2027-03-15")]
CASES.append(pytest.param(("synthetic", "2026-12-07"), id="synthetic-2026-12-07", marks=SLOW))

Line = tuple[str, int]  # (member id, dues year)


# --------------------------------------------------------------------------- the communities

def synthetic(root: Path) -> Path:
    """benchmarks.synth's 1,000 members (seed 5), with ledgers changed so that each kind of
    debt occurs: every 9th active inner member paid half of their last year; every 3rd
    suspended member has no 2026 entry (past the grace period on 2026-12-07); every 4th alumnus
    left without paying the year they left in; one more alumnus was expelled instead."""
    from benchmarks import synth

    synth.generate(root, 1000, seed=5)
    seen: dict[str, int] = defaultdict(int)
    expelled = False
    for f in sorted((root / "members").glob("*.yml")):
        doc = yaml.safe_load(f.read_text(encoding="utf-8"))
        dues = doc.get("dues") or []
        kind = (doc["circle"], doc["status"])
        n = seen[f"{kind}"] = seen[f"{kind}"] + 1
        changed = True
        if kind == ("inner", "active") and dues and n % 9 == 0:
            dues[-1]["amount"] = dues[-1]["amount"] // 2
        elif kind == ("inner", "suspended") and n % 3 == 0:
            doc["dues"] = [d for d in dues if d["year"] != 2026] or None
        elif kind == ("inner", "alumni") and len(dues) > 1 and n % 4 == 0:
            doc["dues"] = dues[:-1]
            if not expelled:
                doc["status"], expelled = "expelled", True
        else:
            changed = False
        if changed:
            if not doc.get("dues"):
                doc.pop("dues", None)
            f.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False),
                         encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def synthetic_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return synthetic(tmp_path_factory.mktemp("synthetic"))


def root_of(which: str, request: pytest.FixtureRequest) -> str:
    """The sample, or the synthetic community (generated once per module, when first asked)."""
    return str(REPO if which == "sample" else request.getfixturevalue("synthetic_root"))


# --------------------------------------------------------------------------- the outputs

def run(*args: str) -> bytes:
    """``python -m generator ARGS`` in this process; its standard output (exit 0 asserted)."""
    raw = io.BytesIO()
    out = io.TextIOWrapper(raw, encoding="utf-8", newline="")
    with redirect_stdout(out), redirect_stderr(io.StringIO()):
        rc = main(list(args))
    out.flush()
    assert rc == 0, (args, rc)
    return raw.getvalue()


def read_csv(data: bytes, com: Community, columns: list[tuple[str, Any]]) -> list[dict[str, str]]:
    """Rows of a CSV the program wrote, by column name (titles are in the charter's language,
    formula guards undone)."""
    assert data.startswith(b"\xef\xbb\xbf")
    names = dict(zip(csv_export.header(com, columns), (c for c, _k in columns), strict=True))
    rows = csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline=""))
    return [{names[t]: csv_export.unguard(v) for t, v in r.items()} for r in rows]


@dataclass
class Outputs:
    which: str  # sample or synthetic
    com: Community  # the data as loaded: circle and status (stored facts, not derived ones)
    today: str
    report: dict[str, Any]
    check: dict[str, Any]
    dues: dict[str, Any]
    dues_text: str
    dues_csv: list[dict[str, str]]
    site_csv: list[dict[str, str]]
    members_csv: list[dict[str, str]]


@pytest.fixture(scope="module", params=CASES)
def out(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Outputs:
    which, today = request.param
    root = root_of(which, request)
    com = load_community(root, dt.date.fromisoformat(today))
    common_args = ("--root", root, "--today", today, "--lang", "en")
    docs = tmp_path_factory.mktemp("docs")
    write_exports(com, "members", str(docs))  # the build's export stage, members edition
    return Outputs(
        which, com, today,
        report=json.loads(run("report", *common_args, "--format", "json", "--all")),
        check=json.loads(run("check", *common_args, "--format", "json")),
        dues=json.loads(run("dues", *common_args, "--format", "json")),
        dues_text=run("dues", *common_args).decode("utf-8"),
        dues_csv=read_csv(run("dues", *common_args, "--format", "csv"), com,
                          csv_export.LEDGER_COLUMNS),
        site_csv=read_csv((docs / common.LEDGER_CSV).read_bytes(), com,
                          csv_export.LEDGER_COLUMNS),
        members_csv=read_csv((docs / common.MEMBERS_CSV).read_bytes(), com,
                             csv_export.MEMBER_COLUMNS))


# --------------------------------------------------------------------------- reading them back

def asked(o: Outputs, mid: str) -> bool:
    """Whom check's C2.lapsed and report's dues sections by state ask: active inner members."""
    m = o.com.members[mid]
    return m.circle == "inner" and m.status == "active"


def json_lines(o: Outputs) -> dict[Line, dict[str, Any]]:
    lines = {(ln["id"], ln["year"]): {k: ln[k] for k in ("amount", "paid", "balance",
                                                          "last_paid", "state")}
             for ln in o.dues["lines"]}
    assert len(lines) == len(o.dues["lines"])  # one line per member and year
    return lines


def csv_lines(o: Outputs, rows: list[dict[str, str]]) -> dict[Line, dict[str, Any]]:
    state = {text(o.com.charter.language, dynamic("ledger.state.", s)): s for s in STATES}
    out = {}
    for r in rows:
        assert re.fullmatch(r"\d{4}-\d\d-\d\d", r["due"])
        out[(r["member"], int(r["year"]))] = {
            "amount": json.loads(r["amount"]), "paid": json.loads(r["paid"]),
            "balance": json.loads(r["balance"]), "last_paid": r["last_paid"] or None,
            "state": state[r["state"]]}
    assert len(out) == len(rows)
    return out


def debts(o: Outputs) -> dict[Line, dict[str, Any]]:
    """(member, year) → the year's line and the member's total, from ``dues``' debts."""
    out = {}
    for d in o.dues["debts"]:
        for r in d["years"]:
            out[(d["id"], r["year"])] = {**r, "owed": d["total"], "owed_years": len(d["years"])}
    return out


def pattern(key: str) -> re.Pattern[str]:
    """A check message (English catalogue) as a regex capturing its arguments."""
    parts = re.split(r"\{(\w+)\}", table("en")[key])
    return re.compile("".join(re.escape(p) if i % 2 == 0 else f"(?P<{p}>.+?)"
                              for i, p in enumerate(parts)))


def check_hits(o: Outputs, rule: str) -> dict[Line, dict[str, str]]:
    """(member, year) → the arguments of check's ``rule`` problems, read from its messages."""
    pat, out = pattern(rule), {}
    for p in o.check["problems"]:
        if p["rule"] == rule:
            found = pat.match(p["message"])
            assert found, p["message"]
            out[(Path(p["file"]).stem, int(found["year"]))] = found.groupdict()
    return out


def report_items(o: Outputs, *sections: str) -> dict[Line, tuple[str, dict[str, Any]]]:
    """(member, year) → (section, item) of report's items in ``sections``."""
    out: dict[Line, tuple[str, dict[str, Any]]] = {}
    for s in o.report["sections"]:
        if s["id"] in sections:
            for it in s["items"]:
                key = (it["id"], int(it["data"]["year"]))
                assert key not in out, key  # one item per member and year
                out[key] = (s["id"], it)
    return out


OWED_LINE = re.compile(r"\((?P<id>[a-z0-9-]+), [^()]+\) owes (?P<total>[\d,.]+) \S+: "
                       r"(?P<years>.+)$")
OWED_YEAR = re.compile(r"(?P<year>\d{4}) (?P<balance>[\d,.]+) \((?P<state>[^()]+(?:\([^()]*\))?"
                       r"[^()]*)\)")


def text_debts(o: Outputs) -> dict[str, tuple[float, dict[int, float]]]:
    """``dues``' text: member → (total, {year: balance})."""
    out = {}
    for line in o.dues_text.splitlines():
        found = OWED_LINE.search(line)
        if found:
            years = {int(y["year"]): float(y["balance"].replace(",", ""))
                     for y in OWED_YEAR.finditer(found["years"])}
            out[found["id"]] = (float(found["total"].replace(",", "")), years)
    return out


# --------------------------------------------------------------------------- dues, four ways

def test_dues_json_text_and_both_csvs_hold_the_same_lines(out: Outputs) -> None:
    lines = json_lines(out)
    assert csv_lines(out, out.dues_csv) == lines
    # the site's ledger.csv: the same lines for the members the members edition lists (its
    # members.csv), notes left out
    shown = {r["id"] for r in out.members_csv}
    assert csv_lines(out, out.site_csv) == {k: v for k, v in lines.items() if k[0] in shown}
    assert not any(r["note"] for r in out.site_csv)
    # debts: exactly the lines with a balance, summed per member and over everyone
    owing = {k: v for k, v in lines.items() if v["balance"] > 0}
    assert {k: {f: v[f] for f in ("balance", "state")} for k, v in debts(out).items()} == {
        k: {f: v[f] for f in ("balance", "state")} for k, v in owing.items()}
    total = sum(v["balance"] for v in owing.values())
    assert out.dues["owed"]["total"] == total == sum(d["total"] for d in out.dues["debts"])
    assert sum(y["outstanding"] for y in out.dues["years"]) == total
    # the text says the same
    assert text_debts(out) == {d["id"]: (float(d["total"]), {r["year"]: float(r["balance"])
                                                            for r in d["years"]})
                               for d in out.dues["debts"]}
    assert f"Total owed {total:,} " in out.dues_text


def test_report_lists_every_debt_with_its_amounts_and_command(out: Outputs) -> None:
    """Every year with a balance in ``dues`` is one report item — suspended members and
    members who left owing included — with the same figures, in the section of its state
    (active inner members) or in dues-others (everyone else), settled by ``member dues``."""
    owing = debts(out)
    items = report_items(out, *BY_STATE, OTHERS)
    assert set(items) == set(owing)
    for key, (section, it) in items.items():
        d, want = it["data"], owing[key]
        assert (d["amount"], d["paid"], d["balance"], d["owed"], d["owed_years"]) == (
            want["amount"], want["paid"], want["balance"], want["owed"], want["owed_years"]), key
        assert d["due"] == want["due"], key
        if asked(out, key[0]):
            assert BY_STATE.get(section) == want["state"], key
        else:
            assert (section, d["state"], d["status"]) == (
                OTHERS, want["state"], out.com.members[key[0]].status), key
        assert it["command"] == f"python -m generator member dues {key[0]} --year {key[1]}"
    assert {type(it["data"]["balance"]) for _s, it in items.values()} <= {int, float}


def test_check_agrees_with_report_and_dues(out: Outputs) -> None:
    lines, owing = json_lines(out), debts(out)
    lapsed = {k for k, v in lines.items() if v["state"] == "lapsed" and asked(out, k[0])}
    assert set(check_hits(out, "C2.lapsed")) == lapsed == set(report_items(out, "dues-lapsed"))
    # a year paid in part: check's C2.amount, dues' partial state, report's partial item
    partial = {k for k, v in lines.items() if v["state"] == "partial"}
    assert set(check_hits(out, "C2.amount")) == partial
    assert partial <= set(owing)
    # members.csv: what each member owes, over the whole ledger
    for r in out.members_csv:
        mine = {y: v for (mid, y), v in owing.items() if mid == r["id"]}
        assert json.loads(r["dues_owed"]) == sum(v["balance"] for v in mine.values()), r["id"]
        assert r["dues_owed_years"] == ";".join(str(y) for y in sorted(mine)), r["id"]


def test_standing_agrees(out: Outputs) -> None:
    """Lapsed standing (no access code, report's lapsed section) is exactly check's C2.lapsed;
    suspended members and those who left are never in the sections for active members, and
    a member in dues-others has the standing of their status."""
    lapsed_members = {mid for mid, _y in check_hits(out, "C2.lapsed")}
    active_inner = {mid for mid in out.com.members if asked(out, mid)}
    today = dt.date.fromisoformat(out.today)
    standing = {mid: standing_on(out.com.charter, m, today) for mid, m in out.com.members.items()}
    assert {mid for mid, st in standing.items() if st == "lapsed"} == lapsed_members
    assert {m.id for m in eligible_members(out.com)} == active_inner - lapsed_members
    for (mid, _y), (_s, it) in report_items(out, OTHERS).items():
        assert standing[mid] == it["data"]["status"] or (
            standing[mid] == "active" and out.com.members[mid].circle != "inner"), mid
    by_state = {k[0] for k in report_items(out, *BY_STATE)}
    assert by_state <= active_inner
    assert {k[0] for k in report_items(out, OTHERS)}.isdisjoint(active_inner)


def test_r4_agrees(out: Outputs) -> None:
    """report's missed years are check's R4.attendance warnings, figure for figure; every R4
    item names an active inner member (whom R4 asks)."""
    missed = {k: (int(it["data"]["count"]), int(it["data"]["need"]))
              for k, (_s, it) in report_items(out, "attendance-missed").items()}
    assert missed == {k: (int(v["count"]), int(v["need"]))
                      for k, v in check_hits(out, "R4.attendance").items()}
    active_inner = {mid for mid in out.com.members if asked(out, mid)}
    for s in out.report["sections"]:
        if s["id"] in R4_SECTIONS:
            assert {it["id"] for it in s["items"]} <= active_inner, s["id"]


@pytest.mark.parametrize("which", ["sample", pytest.param("synthetic", marks=SLOW)])
def test_this_years_attendance_is_checks_verdict_after_new_year(
        which: str, request: pytest.FixtureRequest) -> None:
    """report's "attended too few this year" on 31 December is the R4.attendance warning check
    gives for that year ten days later (two computations: report counts the year's events
    ahead, check the events held)."""
    root = root_of(which, request)
    rep = json.loads(run("report", "--root", root, "--today", "2026-12-31", "--lang", "en",
                         "--format", "json", "--all"))
    chk = json.loads(run("check", "--root", root, "--today", "2027-01-10", "--lang", "en",
                         "--format", "json"))
    pat = pattern("R4.attendance")
    later = {}
    for p in chk["problems"]:
        found = pat.match(p["message"]) if p["rule"] == "R4.attendance" else None
        if found and found["year"] == "2026":
            later[Path(p["file"]).stem] = (int(found["count"]), int(found["need"]))
    now = {it["id"]: (int(it["data"]["count"]), int(it["data"]["need"]))
           for s in rep["sections"] if s["id"] == "attendance-this-year" for it in s["items"]}
    assert now == later


# --------------------------------------------------------------------------- the sample's figures

@pytest.mark.parametrize("out", [CASES[0]], indirect=True)
def test_the_sample_on_2026_12_07(out: Outputs) -> None:
    """The treasurer's figures of the issue: fang-zhi (suspended) owes 2026 and 2027, in
    ``dues`` and now in ``report``; ¥108,000 owed in all."""
    assert (out.which, out.today) == ("sample", "2026-12-07")
    owing = debts(out)
    assert {k: v["state"] for k, v in owing.items() if k[0] == "fang-zhi"} == {
        ("fang-zhi", 2026): "lapsed", ("fang-zhi", 2027): "due-soon"}
    assert set(report_items(out, OTHERS)) == {("fang-zhi", 2026), ("fang-zhi", 2027)}
    assert out.dues["owed"]["total"] == 108000


def test_a_command_in_report_settles_its_item(tmp_path: Path) -> None:
    """Running the command a dues item names removes the item: a suspended member's lapsed
    year; an alumna's year left unpaid (``member dues`` takes a former member's payment for
    the years up to leaving, and refuses a year after it); and a year paid in part (the
    command records the rest, a second instalment that check and the ledger add up)."""
    root = tmp_path / "c"
    shutil.copytree(REPO, root, ignore=shutil.ignore_patterns(
        ".git", ".venv", "site", "node_modules", "__pycache__", "tests", "docs", "benchmarks"))
    f = root / "members" / "ye-qing.yml"  # alumna, left 2026-04-30 — now without her 2026
    f.write_text("".join(ln for ln in f.read_text(encoding="utf-8").splitlines(True)
                         if "year: 2026" not in ln), encoding="utf-8")
    args = ("--root", str(root), "--lang", "en")
    run("member", "dues", "jiang-tao", "--year", "2026", "--amount", "1500", "--paid",
        "2026-11-30", *args, "--today", "2026-12-07")
    args = (*args, "--today", "2026-12-07")

    def items() -> dict[Line, tuple[str, str]]:
        rep = json.loads(run("report", *args, "--format", "json", "--all"))
        return {(it["id"], it["data"]["year"]): (s["id"], it["command"])
                for s in rep["sections"] if s["id"] in (*BY_STATE, OTHERS)
                for it in s["items"] if it["id"] in ("fang-zhi", "ye-qing", "jiang-tao")}

    before = items()
    assert {k: s for k, (s, _c) in before.items()} == {
        ("fang-zhi", 2026): OTHERS, ("fang-zhi", 2027): OTHERS, ("ye-qing", 2026): OTHERS,
        ("jiang-tao", 2026): "dues-partial", ("jiang-tao", 2027): "dues-soon"}
    assert main(["member", "dues", "ye-qing", "--year", "2027", *args]) == 2  # after leaving
    for key in (("fang-zhi", 2026), ("ye-qing", 2026), ("jiang-tao", 2026)):
        run(*before[key][1].removeprefix("python -m generator ").split(), *args)
    assert set(items()) == {("fang-zhi", 2027), ("jiang-tao", 2027)}
    problems = json.loads(run("check", *args, "--format", "json"))["problems"]
    assert not [p for p in problems if p["rule"].startswith("C2.")
                and Path(p["file"]).stem in ("fang-zhi", "ye-qing", "jiang-tao")
                and "2026" in p["message"]]
    got = json.loads(run("dues", *args, "--format", "json", "--year", "2026"))
    line = next(ln for ln in got["lines"] if ln["id"] == "jiang-tao")
    assert (line["paid"], line["balance"], line["state"]) == (3000, 0, "paid")
    assert got["cash"] == [{"year": 2026, "amount": 93000 + 3000 + 3000, "payments": 31 + 3}]


@pytest.mark.parametrize("out", [CASES[-1]], indirect=True)
def test_the_synthetic_community_owes_in_every_way(out: Outputs) -> None:
    """The comparison is not vacuous: the synthetic community has active members owing each
    state, partial payments, suspended members past the grace period and members who left
    owing (alumni and expelled)."""
    assert out.which == "synthetic"
    owing = debts(out)
    status = {k: out.com.members[k[0]].status for k in owing}
    kinds = {(status[k], v["state"]) for k, v in owing.items()}
    assert {("active", "due-soon"), ("active", "partial"), ("active", "lapsed"),
            ("suspended", "lapsed"), ("suspended", "due-soon"), ("alumni", "lapsed"),
            ("expelled", "lapsed")} <= kinds, kinds
    assert len(out.com.members) == 1000
    print(f"synthetic: {len(owing)} member-years owed by {len(out.dues['debts'])} members, "
          f"{sorted(kinds)}")
