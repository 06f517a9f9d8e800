"""The treasurer's view of the dues ledger (``python -m generator dues``): who owes what today
with amounts and a total, totals per dues year (due, paid, outstanding) and cash received per
calendar year (by the payments' dates), in the charter's language.

Every figure is a sum of :func:`generator.core.ledger.book`'s lines (the one ledger that
``check``, ``report``, ``member dues``, the ledger CSV and the admin page read); this module
only arranges and words them. Writes to the stream it is given; prints nothing itself.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, TextIO

from generator.core.ledger import (
    Debt,
    Receipts,
    YearTotal,
    book,
    number,
    owed,
    receipts,
    year_totals,
)
from generator.core.names import display_name
from generator.i18n import dynamic, messages, text

if TYPE_CHECKING:
    from generator.core.ledger import DuesYear, Line
    from generator.data.community import Community
    from generator.data.plain import JSONObject


@dataclass(frozen=True)
class DuesView:
    community: str
    today: dt.date
    year: int | None
    currency: str
    lines: list[Line]
    debts: list[Debt]
    years: list[YearTotal]
    cash: list[Receipts]

    @property
    def total(self) -> float:
        """What is owed in all: the sum of the debts (= the outstanding per year, summed)."""
        return sum(d.total for d in self.debts)


def view(com: Community, year: int | None = None) -> DuesView:
    """The ledger on ``com.today`` (``year``: that dues year, and cash of that calendar
    year)."""
    lines = book(com.charter, com.members.values(), com.today, year)
    return DuesView(com.charter.name, com.today, year, com.charter.dues.currency, lines,
                    owed(lines), year_totals(lines), receipts(com.members.values(), year))


def _money(value: float) -> str:
    """An amount in a text line: 3,000 (thousands separated, no needless decimals)."""
    n = number(value)
    return f"{n:,}" if isinstance(n, int) else f"{n:,.2f}"


def write_text(v: DuesView, com: Community, lang: str, out: TextIO) -> None:
    """The view as lines for a terminal (or a WeChat message)."""
    def t(key: str, **args: object) -> str:
        return messages.render(dynamic("dues.", key), lang, args)

    w = out.write
    title = (t("title-year", name=v.community, year=v.year, today=v.today.isoformat())
             if v.year is not None else t("title", name=v.community, today=v.today.isoformat()))
    w(title + "\n\n" + t("owed") + "\n")
    for d in v.debts:
        years = text(lang, "punct.list").join(
            t("owed-year", year=r.year, balance=_money(r.balance),
              state=text(lang, dynamic("ledger.state.", r.state))) for r in d.years)
        w("  " + t("owed-line", name=display_name(com.charter, d.member), id=d.member.id,
                   status=text(lang, dynamic("site.status.", d.member.status)),
                   total=_money(d.total), currency=v.currency, years=years) + "\n")
    if v.debts:
        w("  " + t("owed-total", total=_money(v.total), currency=v.currency,
                   members=len(v.debts), lines=sum(len(d.years) for d in v.debts)) + "\n")
    else:
        w("  " + t("owed-none") + "\n")
    w("\n" + t("years") + "\n")
    for y in v.years:
        w("  " + t("year-line", year=y.year, due=_money(y.due), paid=_money(y.paid),
                   outstanding=_money(y.outstanding), currency=v.currency,
                   members=y.members) + "\n")
    w("\n" + t("cash") + "\n")
    for c in v.cash:
        w("  " + t("cash-line", year=c.year, amount=_money(c.amount), currency=v.currency,
                   payments=c.payments) + "\n")
    if not v.cash:
        w("  " + t("cash-none") + "\n")


def as_json(v: DuesView, com: Community, lang: str) -> JSONObject:
    """The view for tools: amounts as numbers, dates as ISO dates, states as the ledger's
    words (``paid``, ``partial``, ``due-soon``, ``overdue``, ``lapsed``)."""
    def line(r: DuesYear) -> JSONObject:
        return {"year": r.year, "due": r.due.isoformat(), "amount": number(r.amount),
                "paid": number(r.paid), "balance": number(r.balance),
                "last_paid": r.last_paid.isoformat() if r.last_paid else None,
                "notes": list(r.notes), "state": r.state,
                "state_text": text(lang, dynamic("ledger.state.", r.state))}

    return {
        "ledger": "courtyard-dues",
        "community": v.community,
        "today": v.today.isoformat(),
        "year": v.year,
        "currency": v.currency,
        "owed": {"total": number(v.total), "members": len(v.debts),
                 "lines": sum(len(d.years) for d in v.debts)},
        "debts": [{"id": d.member.id, "name": display_name(com.charter, d.member),
                   "status": d.member.status, "file": d.member.file,
                   "total": number(d.total), "years": [line(r) for r in d.years]}
                  for d in v.debts],
        "years": [{"year": y.year, "due": number(y.due), "paid": number(y.paid),
                   "outstanding": number(y.outstanding), "members": y.members}
                  for y in v.years],
        "cash": [{"year": c.year, "amount": number(c.amount), "payments": c.payments}
                 for c in v.cash],
        "lines": [{"id": m.id, **line(r)} for m, r in v.lines],
    }
