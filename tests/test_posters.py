"""Event posters (issue 16): one portrait PNG per upcoming event, linked from its page, whose
QR code — decoded by zxing-cpp, a real reader — is the event page's absolute URL."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

from generator.pages import posters

SITE_URL = "https://courtyard.example.org/"
UPCOMING_PUBLIC = {"2026-annual-gathering", "2027-01-media-rate-card-launch"}


@pytest.mark.cjk_font
def test_a_poster_per_upcoming_event_whose_qr_opens_its_page(
        sample_sites: dict[str, Path]) -> None:
    site = sample_sites["public"]
    found = {p.stem for p in (site / posters.FOLDER).glob("*.png")}
    assert found == UPCOMING_PUBLIC
    for ev_id in sorted(found):
        with Image.open(site / posters.FOLDER / f"{ev_id}.png") as img:
            assert img.format == "PNG" and img.size == posters.SIZE
            assert img.height > img.width  # portrait
            codes = zxingcpp.read_barcodes(img.convert("RGB"))
        assert [c.text for c in codes] == [f"{SITE_URL}events/{ev_id}/"]
        page = (site / "events" / ev_id / "index.html").read_text(encoding="utf-8")
        assert re.search(rf'href="../../assets/posters/{ev_id}.png" download', page)


def test_past_events_have_no_poster(sample_sites: dict[str, Path]) -> None:
    page = (sample_sites["public"] / "events" / "2026-11-brand-overseas-sharing" / "index.html")
    assert "assets/posters/" not in page.read_text(encoding="utf-8")


@pytest.mark.cjk_font
def test_posters_are_deterministic() -> None:
    args = ("广告菁英会SZ", "沙龙", "测试活动", [("时间", "2026-12-19 19:00")],
            "https://example.org/events/x/", "扫码查看", "example.org")
    one, two = posters.render(*args), posters.render(*args)
    assert one == two
    other = posters.render(*args[:4], "https://example.org/events/y/", *args[5:])
    assert one != other
