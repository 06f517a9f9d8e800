"""Interface between the site build and the charts (SVG generated at build time).

Each chart is {"id": str, "title": str, "svg": str (a complete, self-contained <svg>)}.
The drawing lives in ``generator.charts``; this module only decides which chart goes where.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from generator.charts import figures
from generator.data.editions import Edition

if TYPE_CHECKING:
    from generator.data.community import Community


def home_charts(com: Community, edition: Edition) -> list[dict[str, str]]:
    """Public-safe aggregates for the home page: the inner circle over time against its cap
    and minimum, attendance per (public, in the public edition) event over the past year, and
    members by organisation and by city. No figure here names a person."""
    ed: Edition = "members" if edition == "members" else "public"
    return [figures.membership(com, ed), figures.event_attendance(com, ed),
            figures.by_org(com, ed), figures.by_city(com, ed)]


def admin_charts(com: Community, edition: Edition) -> list[dict[str, str]]:
    """Charts for the admin page (members edition only; empty for public): everything on the
    home page with members-only events counted, plus attendance per member and the sponsor
    tree's depth."""
    if edition != "members":
        return []
    return [figures.membership(com, "members"), figures.event_attendance(com, "members"),
            figures.member_attendance(com), figures.by_org(com, "members"),
            figures.by_city(com, "members"), figures.sponsor_depth(com, "members")]
