"""Sponsor chains (介绍人, C3): who vouched for whom, back to a founder."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from generator.data.community import Community
    from generator.data.models import Member


def sponsor_chain(com: Community, m: Member) -> tuple[list[str], bool]:
    """Ids from m up its sponsor chain; the flag is True when the chain loops."""
    chain = [m.id]
    cur = m
    while cur.sponsor and cur.sponsor in com.members:
        if cur.sponsor in chain:
            chain.append(cur.sponsor)
            return chain, True
        chain.append(cur.sponsor)
        cur = com.members[cur.sponsor]
    return chain, False


def chains_end_at_founder(com: Community) -> dict[str, bool]:
    """member id → True when :func:`sponsor_chain` ends at a founder without a loop.

    A member's chain is itself followed by its sponsor's chain, so one pass answers for
    everyone and each member is visited once (walking each chain on its own is quadratic
    in the depth of the tree)."""
    ok: dict[str, bool] = {}
    for start in com.members:
        path: list[str] = []
        on_path: set[str] = set()
        cur = start
        while cur not in ok:
            if cur in on_path:  # a loop: everyone on the path reaches it
                result = False
                break
            path.append(cur)
            on_path.add(cur)
            m = com.members[cur]
            if not m.sponsor or m.sponsor not in com.members:  # the top of the chain
                result = bool(m.founder or m.sponsor)  # an unknown sponsor: reported there
                break
            cur = m.sponsor
        else:
            result = ok[cur]
        for mid in path:
            ok[mid] = result
    return ok
