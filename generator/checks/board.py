"""Rules about the supply/demand board (R3)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from generator.checks.rule import rule
from generator.problems import Problem

if TYPE_CHECKING:
    from generator.data.community import Community


@rule("R3.red-packet")
def r3_red_packet(com: Community) -> Iterable[Problem]:
    """R3 本群发广告规则,每次需发不低于30元5人以上的群红包,以感谢大家支持,违者请出。
    Every ad on the board carries a red packet of at least the charter's amount, for at
    least the charter's number of recipients."""
    rp = com.charter.red_packet
    for post in com.board.values():
        if post.type != "ad":
            continue
        if post.red_packet is None:
            line, col = post.where("type")
            yield Problem.make("R3.red-packet", "error", post.file, line, col, "R3.missing",
                               amount=f"{rp.min_amount:g}", recipients=rp.min_recipients)
            continue
        if post.red_packet.amount < rp.min_amount:
            line, col = post.where("red_packet", "amount")
            yield Problem.make("R3.red-packet", "error", post.file, line, col, "R3.amount",
                               found=f"{post.red_packet.amount:g}", amount=f"{rp.min_amount:g}")
        if post.red_packet.recipients < rp.min_recipients:
            line, col = post.where("red_packet", "recipients")
            yield Problem.make("R3.red-packet", "error", post.file, line, col, "R3.recipients",
                               found=post.red_packet.recipients, recipients=rp.min_recipients)


SELLING = re.compile(
    r"(?:[¥￥]|RMB|CNY)\s*\d[\d,.]*|\d[\d,.]*\s*万?(?:元|块钱|RMB|CNY|yuan)"
    r"|\d(?:\.\d)?\s*折|\d+\s*%\s*off"
    r"|特价|早鸟价|优惠价|促销|限时优惠|限时特惠|打折|折扣|报价|刊例价"
    r"|discount|special price|early[- ]bird",
    re.IGNORECASE)
"""What a sale sounds like: a price in yuan, a discount (9 折, 20% off) or the words that
announce one. Deliberately short: every word here is one an admin can read and agree with."""


@rule("R3.undeclared-ad")
def r3_undeclared_ad(com: Community) -> Iterable[Problem]:
    """R3 本群发广告规则: an offer that names a price or a discount is reviewed as an ad.
    An ``offer`` whose title or description says ``9 折``, ``特价``, ``¥3,000``… is selling
    something: an admin decides whether it is an ad, which owes the red packet. Review, not
    verdict: a warning that quotes the words it found (needs name budgets: never flagged)."""
    for post in com.board.values():
        if post.type != "offer":
            continue
        found = SELLING.search(f"{post.title}\n{post.description or ''}")
        if found is not None:
            line, col = post.where("type")
            yield Problem.make("R3.undeclared-ad", "warning", post.file, line, col,
                               "R3.undeclared-ad", found=found.group(0).strip())


@rule("board.dates")
def board_dates(com: Community) -> Iterable[Problem]:
    """A post expires after it was posted."""
    for post in com.board.values():
        if post.expires is not None and post.expires < post.posted:
            line, col = post.where("expires")
            yield Problem.make("board.dates", "error", post.file, line, col, "board.expires",
                               expires=post.expires.isoformat(), posted=post.posted.isoformat())
