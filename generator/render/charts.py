"""Interface between the site build and the charts (SVG generated at build time).
The site build calls these; the admin-tools work fills them in.

Each chart is {"id": str, "title": str, "svg": str (a complete, self-contained <svg>)}.
"""

from __future__ import annotations

from typing import Any


def home_charts(com: Any, edition: str) -> list[dict[str, str]]:
    """Public-safe aggregate charts for the home page."""
    return []


def admin_charts(com: Any, edition: str) -> list[dict[str, str]]:
    """Charts for the admin page (members edition only; empty for public)."""
    return []
