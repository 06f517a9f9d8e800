"""Event posters (活动海报): the image Chinese communities pass around in groups and Moments.

One portrait PNG per upcoming event (750 × 1334, the size WeChat shows full-screen on a
phone), drawn with Pillow in the club's colours: title, date and time in the charter's time
zone, place, organisers, and a QR code (segno) to the event's page on the edition's own
address. No photo of anyone. Deterministic: same event, same bytes. Linked from the event
page; only upcoming events get one (a poster is an invitation), so there are a handful per
build and they are drawn every time (no cache needed). Without the CJK font no poster is
drawn and the event page links none (:func:`generator.pages.cards.fonts_missing`).
"""

from __future__ import annotations

import os
from io import BytesIO
from typing import TYPE_CHECKING

import segno
from PIL import Image, ImageDraw

from generator.exports import common
from generator.pages import cards

if TYPE_CHECKING:
    from generator.data.models import Event
    from generator.pages.context import Site

SIZE = (750, 1334)
FOLDER = "assets/posters"
QR_PX = 300
MARGIN = 56


def poster_path(ev: Event) -> str:
    return f"{FOLDER}/{ev.id}.png"


def render(site_name: str, label: str, title: str, facts: list[tuple[str, str]], url: str,
           scan: str, host: str) -> bytes:
    """The poster as PNG bytes: ``facts`` are (label, text) lines (time, place, organisers)
    and ``url`` goes into the QR code."""
    w, h = SIZE
    img = Image.new("RGB", SIZE, cards.RED)
    draw = ImageDraw.Draw(img)
    draw.text((MARGIN, 64), site_name, font=cards.font("bold", 30), fill=cards.WHITE)
    draw.text((MARGIN, 112), label, font=cards.font("regular", 26), fill=cards.PALE)
    y = 180
    big = cards.font("bold", 64)
    for line in cards.fit(draw, title, big, w - 2 * MARGIN, 3):
        draw.text((MARGIN, y), line, font=big, fill=cards.WHITE)
        y += 84
    panel_top = max(y + 40, 470)
    panel_bottom = h - QR_PX - 170
    draw.rounded_rectangle((MARGIN - 16, panel_top, w - MARGIN + 16, panel_bottom), 24,
                           fill=cards.WHITE)
    y = panel_top + 36
    key, value = cards.font("regular", 24), cards.font("bold", 34)
    for name, text in facts:
        if y + 90 > panel_bottom:
            break
        draw.text((MARGIN + 16, y), name, font=key, fill=cards.INK)
        y += 36
        for line in cards.fit(draw, text, value, w - 2 * MARGIN - 32, 2):
            draw.text((MARGIN + 16, y), line, font=value, fill=cards.RED)
            y += 46
        y += 22
    qr = segno.make(url, error="m", micro=False)
    buf = BytesIO()
    qr.save(buf, kind="png", scale=max(1, QR_PX // qr.symbol_size(border=2)[0]), border=2)
    code = Image.open(BytesIO(buf.getvalue())).convert("RGB")  # whole pixels per module
    qx, qy = w - MARGIN - code.width, h - QR_PX - 110
    img.paste(code, (qx, qy))
    small = cards.font("regular", 26)
    for i, line in enumerate(cards.fit(draw, scan, small, qx - MARGIN - 24, 3)):
        draw.text((MARGIN, qy + 40 + i * 38), line, font=small, fill=cards.WHITE)
    draw.text((MARGIN, h - 70), host, font=cards.font("regular", 24), fill=cards.PALE)
    out = BytesIO()
    img.quantize(32, method=Image.Quantize.FASTOCTREE).save(out, "PNG")
    return out.getvalue()


def write(site: Site, ev: Event, when: str, organisers: list[str]) -> str | None:
    """Draw ``ev``'s poster into the docs; its docs path, or None without the font."""
    if cards.fonts_missing():
        return None
    place = common.location_text(ev.location)
    facts = [(site.t("e.when"), when)]
    if place:
        facts.append((site.t("e.where"), place))
    if organisers:
        facts.append((site.t("e.organizers"), site.t("list").join(organisers)))
    url = common.page_url(site.com, "event", ev.id, site.edition)
    host = url.split("://", 1)[-1].split("/", 1)[0]
    data = render(site.site_name, site.kind("event", ev.kind),
                  ev.title, facts, url, site.t("poster.scan"), host)
    rel = poster_path(ev)
    path = os.path.join(site.docs_dir, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as fh:
        fh.write(data)
    return rel
