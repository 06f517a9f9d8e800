"""Always current (issue 16), the build's side: the publish workflow also runs every night
just after midnight in the charter's time zone, and every date-dependent page says the date
it is true for (the browser's side: tests/browser/test_current.py)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml
from conftest import REPO, SAMPLE_TODAY
from test_workflows import workflow

DATE_DEPENDENT = ["index.html", "events/index.html", "board/index.html",
                  "events/2026-annual-gathering/index.html"]


def test_publish_runs_daily_after_midnight_in_the_charter_zone() -> None:
    doc = workflow("publish.yml")
    assert "push" in doc["on"]
    crons = [entry["cron"] for entry in doc["on"]["schedule"]]
    assert len(crons) == 1
    minute, hour, day, month, weekday = crons[0].split()
    assert (day, month, weekday) == ("*", "*", "*")  # every day
    charter = yaml.safe_load((REPO / "content" / "charter.yml").read_text(encoding="utf-8"))
    utc = dt.datetime(2026, 12, 1, int(hour), int(minute), tzinfo=dt.UTC)
    there = utc.astimezone(ZoneInfo(charter["timezone"]))
    assert there.time() < dt.time(2, 0)  # after midnight, before anyone reads the site


def test_date_dependent_pages_state_their_date(sample_sites: dict[str, Path]) -> None:
    for rel in DATE_DEPENDENT:
        html = (sample_sites["public"] / rel).read_text(encoding="utf-8")
        assert f'data-cy-today="{SAMPLE_TODAY}"' in html, rel
        assert f"本页内容截至 {SAMPLE_TODAY}。" in html, rel
        assert "assets/courtyard/current.js" in html, rel
