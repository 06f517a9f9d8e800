"""The treasurer's ledger (issue 27 item 1): ``dues``, the ledger CSV and report's amounts
read the one ledger (generator/core/ledger.py) and add up to the YAML."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import shutil
from collections import Counter
from pathlib import Path

import yaml

from generator.__main__ import main
from generator.admin import dues
from generator.data.community import load_community
from generator.exports import csv_export

REPO = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 12, 7)


def run_json(capsys, *args: str) -> dict:  # type: ignore[no-untyped-def,type-arg]
    assert main(["dues", *args, "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)  # type: ignore[no-any-return]


def test_cash_by_payment_year_matches_the_yaml_summed_independently(capsys) -> None:  # type: ignore[no-untyped-def]
    cash: Counter[int] = Counter()
    count: Counter[int] = Counter()
    for f in sorted((REPO / "members").glob("*.yml")):
        for d in yaml.safe_load(f.read_text(encoding="utf-8")).get("dues") or []:
            cash[d["paid"].year] += d["amount"]
            count[d["paid"].year] += 1
    assert dict(cash) == {2023: 36000, 2024: 60000, 2025: 87000, 2026: 93000}
    assert count[2026] == 31
    got = run_json(capsys, "--root", str(REPO), "--today", "2026-12-07")
    assert {c["year"]: c["amount"] for c in got["cash"]} == dict(cash)
    assert {c["year"]: c["payments"] for c in got["cash"]} == dict(count)


def test_totals_are_the_sums_of_the_lines_for_2026_and_2027(capsys) -> None:  # type: ignore[no-untyped-def]
    for year in (2026, 2027):
        got = run_json(capsys, "--root", str(REPO), "--today", "2026-12-07",
                       "--year", str(year))
        lines = got["lines"]
        assert {ln["year"] for ln in lines} == {year}
        (tot,) = got["years"]
        assert tot["due"] == sum(ln["amount"] for ln in lines)
        assert tot["paid"] == sum(ln["paid"] for ln in lines)
        assert tot["outstanding"] == sum(ln["balance"] for ln in lines) == got["owed"]["total"]
        assert got["owed"]["total"] == sum(d["total"] for d in got["debts"])
        assert all(isinstance(ln["amount"], int) for ln in lines)
        assert "fang-zhi" in {d["id"] for d in got["debts"]}
    assert tot["outstanding"] == 99000  # 2027: 33 members owe it on 2026-12-07


def test_partial_payment_owes_the_rest(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path / "c"
    shutil.copytree(REPO, root, ignore=shutil.ignore_patterns(".git", ".venv", "site",
                                                              "node_modules", "__pycache__"))
    assert main(["member", "dues", "jiang-tao", "--amount", "1500", "--root", str(root),
                 "--today", "2026-12-07"]) == 0
    capsys.readouterr()
    got = run_json(capsys, "--root", str(root), "--today", "2026-12-07", "--year", "2026")
    debt = next(d for d in got["debts"] if d["id"] == "jiang-tao")
    assert debt["total"] == 1500 and debt["years"][0]["state"] == "partial"
    assert main(["report", "--root", str(root), "--today", "2026-12-07", "--format",
                 "json"]) == 0
    rep = json.loads(capsys.readouterr().out)
    items = [i for s in rep["sections"] if s["id"] == "dues-partial" for i in s["items"]]
    assert [(i["id"], i["data"]["balance"], i["data"]["owed"]) for i in items] == [
        ("jiang-tao", 1500, 4500)]


def test_ledger_csv_reads_back() -> None:
    com = load_community(str(REPO), TODAY)
    data = csv_export.ledger_csv(com)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    titles = [csv_export.header(com, csv_export.LEDGER_COLUMNS)[i] for i in range(11)]
    member, _n, _s, year, due, amount, paid, balance, last, _note, _st = titles
    keys = [(r[member], r[year]) for r in rows]
    assert len(keys) == len(set(keys)) == len(dues.view(com).lines)
    for r in rows:
        for col in (amount, paid, balance):
            float(r[col])
        assert re.fullmatch(r"\d{4}-\d\d-\d\d", r[due])
        assert r[last] == "" or re.fullmatch(r"\d{4}-\d\d-\d\d", r[last])


def test_year_totals_for_2026_and_2027_are_the_yaml_summed_by_dues_year(capsys) -> None:  # type: ignore[no-untyped-def]
    """Must show: ``dues`` on the sample for 2026 and 2027 — what was paid per dues year is
    the YAML's ledger entries of that year added up here (not by the program), what is
    outstanding is what fell due less that; the text says the same figures, fang-zhi
    (suspended) among those owing."""
    by_year: Counter[int] = Counter()
    for f in sorted((REPO / "members").glob("*.yml")):
        for d in yaml.safe_load(f.read_text(encoding="utf-8")).get("dues") or []:
            by_year[d["year"]] += d["amount"]
    assert (by_year[2026], by_year[2027]) == (93000, 0)
    for year in (2026, 2027):
        args = ("--root", str(REPO), "--today", "2026-12-07", "--year", str(year))
        (tot,) = run_json(capsys, *args)["years"]
        assert tot["paid"] == by_year[year]
        assert tot["outstanding"] == tot["due"] - by_year[year]
        assert main(["dues", *args, "--lang", "en"]) == 0
        out = capsys.readouterr().out
        assert (f"{year}: due {tot['due']:,}, paid {by_year[year]:,}, outstanding "
                f"{tot['outstanding']:,} CNY") in out
        assert f"Total owed {tot['outstanding']:,} CNY" in out
        assert "(fang-zhi, Suspended) owes" in out
    assert (tot["due"], tot["outstanding"]) == (99000, 99000)


def test_an_expelled_member_is_in_the_ledger_csv_in_words() -> None:
    """``dues`` and its CSV crashed (UnknownKey site.status.expelled) as soon as an expelled
    member had a ledger line."""
    com = load_community(str(REPO), TODAY)
    m = com.members["qian-lei"]  # alumnus, left 2025-08-31 with both years paid
    com.members["qian-lei"] = m.model_copy(update={"status": "expelled"})
    rows = list(csv.reader(io.StringIO(csv_export.ledger_csv(com).decode("utf-8-sig"))))
    assert {r[2] for r in rows if r[0] == "qian-lei"} == {"已除名"}
