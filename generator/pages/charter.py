"""The charter (text, parameters, every rule and how it is enforced), the contributing page
with real sample files from the repository, and the admin page (members edition only)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import TYPE_CHECKING

import yaml

from generator import i18n
from generator.checks import rules_by_charter_id
from generator.core.ledger import book, number, owed, receipts, year_totals
from generator.data import editions
from generator.data.dump import dump_record
from generator.data.models import KINDS, Event, Media, Member, Post
from generator.exports.common import LEDGER_CSV
from generator.pages import charts
from generator.pages.context import Site
from generator.pages.people import _charts

if TYPE_CHECKING:
    from generator.problems import MessageArg

SAMPLE_KINDS = ("members", "content/events", "resources/board", "resources/media")


def rule_values(site: Site, rule_id: str) -> list[str]:
    """The charter parameters each rule is driven by (the charter's numbers, not code)."""
    ch = site.com.charter
    t = site.t
    dues: dict[str, MessageArg] = {"amount": f"{ch.dues.amount:g}",
                                   "currency": ch.dues.currency, "grace": ch.dues.grace_days}
    table: dict[str, list[str]] = {
        "R1": [ch.display_name.format],
        "R3": [t("p.red_packet_value", amount=f"{ch.red_packet.min_amount:g}",
                 recipients=ch.red_packet.min_recipients)],
        "R4": [t("p.events_value", n=ch.attendance.events_per_year)],
        "C1": [t("p.cap_value", minimum=ch.inner_circle.minimum, cap=ch.inner_circle.cap)],
        "C2": [t("p.dues_value.anniversary", **dues) if ch.dues.year == "anniversary"
               else t("p.dues_value", **dues)],
        "C5": [t("p.intake_value", n=ch.inner_circle.yearly_intake)],
        "C6": [t("p.groups_value", n=ch.groups.capacity)],
        "C7": [t("p.gathering_value", n=ch.annual_gathering.min_capacity)],
    }
    return table.get(rule_id, [])


def check_summary(doc: str, lang: str) -> str:
    """A check's one-line summary for the charter page. Its docstring opens with the sample
    charter's clause in Chinese (``R3 本群发广告规则……。Every ad …``): a site in another
    language shows only what the check does, not another club's wording."""
    first = (doc.splitlines() or [""])[0]
    if lang == "zh":
        return first
    text = " ".join(line.strip() for line in doc.split("\n\n", 1)[0].splitlines())
    return text.rsplit("。", 1)[-1].strip() or first


def charter(site: Site) -> None:
    ch = site.com.charter
    checks = rules_by_charter_id()
    rows = []
    for r in ch.rules:
        if not ch.rule_on(r.id):
            continue  # switched off: this club does not have the rule
        rows.append({"rule": r, "values": rule_values(site, r.id),
                     "checks": [(info.id, check_summary(info.doc, site.lang))
                                for info in checks.get(r.id, [])]})
    params = [(label, value) for rule_id, label, value in [
        ("C1", site.t("p.cap"), rule_values(site, "C1")[0]),
        ("C5", site.t("p.intake"), rule_values(site, "C5")[0]),
        ("C2", site.t("p.dues"), rule_values(site, "C2")[0]),
        ("R3", site.t("p.red_packet"), rule_values(site, "R3")[0]),
        ("R4", site.t("p.events"), rule_values(site, "R4")[0]),
        ("C6", site.t("p.groups"), rule_values(site, "C6")[0]),
        ("C7", site.t("p.gathering"), rule_values(site, "C7")[0]),
        ("R1", site.t("p.name_format"), ch.display_name.format),
        ("", site.t("p.timezone"), ch.timezone),
    ] if ch.rule_on(rule_id)]  # a rule the charter switches off has no parameter to show
    site.page("charter.md", site.t("nav.charter"), "charter.md.j2", rows=rows, params=params)


def _public_ids(site: Site, ids: list[str]) -> bool:
    return all(i in site.com.members and editions.member_visible(site.com.members[i], "public")
               for i in ids)


def _sample_ok(site: Site, rec: Member | Event | Post | Media) -> bool:
    """A sample is shown in both editions, so it must be public-safe as a whole file: the
    record is public and every member it names is publicly listed."""
    if isinstance(rec, Member):
        return rec.status == "active" and _public_ids(site, [rec.id, *rec.approved_by] + (
            [rec.sponsor] if rec.sponsor else []))
    if isinstance(rec, Event):
        named = rec.organizers + rec.rsvp + rec.attended + [
            i for o in rec.occurrences for i in o.attended]
        return rec.audience == "public" and rec.recurrence is None and _public_ids(site, named)
    if isinstance(rec, Post):
        return rec.audience == "public" and _public_ids(site, [rec.owner, *rec.fulfilled_by])
    return bool(rec.audience == "public" and _public_ids(site, [rec.owner]))


def _sample(site: Site, folder: str) -> tuple[str, str] | None:
    """(path, text) of the first data file in ``folder`` that is public-safe: its data read
    from the repository and written out again by the writer ``new`` uses, so the page never
    drifts from the real format — and never shows the file's ``#`` comments (an admin's
    note is not for the public) nor a member's contact details and dues ledger."""
    by_folder: dict[str, Mapping[str, Member | Event | Post | Media]] = {
        "members": site.com.members, "content/events": site.com.events,
        "resources/board": site.com.board, "resources/media": site.com.media}
    records = by_folder[folder]
    for rec_id in sorted(records):
        rec = records[rec_id]
        if not _sample_ok(site, rec):
            continue
        try:
            with open(os.path.join(site.com.root, rec.file), encoding="utf-8") as fh:
                data = yaml.safe_load(fh)
        except (OSError, yaml.YAMLError):
            continue
        if not isinstance(data, dict):
            continue
        for private in ("contact", "dues") if folder == "members" else ():
            data.pop(private, None)
        kind = next(k for k, (where, _model) in KINDS.items() if where == folder)
        return rec.file, dump_record(kind, data)
    return None


def contributing(site: Site) -> None:
    samples = {folder: _sample(site, folder) for folder in SAMPLE_KINDS}
    site.page("contributing.md", site.t("nav.contributing"), "contributing.md.j2",
              samples=samples, repo=site.com.charter.site.repo)


def money(value: float) -> str:
    """An amount in a table cell: 3,000 (thousands separated, no needless decimals)."""
    n = number(value)
    return f"{n:,}" if isinstance(n, int) else f"{n:,.2f}"


def admin(site: Site) -> None:
    """The admin page (members edition only): charts, and the dues ledger's section (totals
    per dues year, cash received per calendar year, who owes what — the same lines as
    ``python -m generator dues``)."""
    if site.edition != "members":
        return
    com = site.com
    lines = book(com.charter, com.members.values(), com.today)
    site.page("admin.md", site.t("nav.admin"), "admin.md.j2", index=False,
              charts=_charts(charts.admin_charts(site.com, site.edition)),
              ledger={"years": year_totals(lines), "cash": receipts(com.members.values()),
                      "debts": owed(lines), "currency": com.charter.dues.currency,
                      "csv": LEDGER_CSV, "today": com.today.isoformat()},
              money=money, state=lambda s: i18n.text(site.lang, i18n.dynamic("ledger.state.", s)),
              # a suspended member owes too, but has no page in this edition to link to
              listed=lambda m: editions.member_visible(m, site.edition))
