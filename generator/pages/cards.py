"""Share-card images (``og:image``): a PNG per member, event and the home page, drawn with
Pillow in the club's colours — text only (Noto Sans CJK), no photo of anyone.

WeChat, Twitter/X and most chat apps show the image of a pasted link beside its title and
description; 800 × 420 (1.91 : 1, Open Graph's shape, above its 600 × 315 minimum) keeps a
card about 6 KB (a 16-colour palette) and its drawing about 5 ms. Drawing is deterministic
(same text, same bytes: Pillow writes no date into a PNG) and cached by content hash across
builds (:func:`png`), so a build after one member's edit draws one card, not all of them.

Without the font (a machine without Debian's ``fonts-noto-cjk``) nothing is drawn: every page
shares :data:`DEFAULT_CARD` (committed, no text) and the build log says why, once.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
from dataclasses import dataclass
from io import BytesIO

from PIL import Image, ImageDraw, ImageFont
from PIL import __version__ as PIL_VERSION

from generator.build import cache

SIZE = (800, 420)
FONT_DIR = os.environ.get("COURTYARD_CARD_FONTS", "/usr/share/fonts/opentype/noto")
FONT_FILES = {"regular": "NotoSansCJK-Regular.ttc", "bold": "NotoSansCJK-Bold.ttc"}
FONT_INDEX = 2  # the collection's Simplified Chinese face (Noto Sans CJK SC)
RED = "#b3261e"  # the club's red, dark enough for white text (contrast 6.3 : 1)
PALE = "#ffdad6"
WHITE = "#ffffff"
INK = "#5f1410"
DEFAULT_CARD = "assets/courtyard/card.png"  # docs path of the shared card (no text)
FOLDER = "assets/cards"  # docs folder of the drawn cards

log = logging.getLogger("courtyard.cards")  # not under "mkdocs": strict builds go on


@dataclass(frozen=True)
class Card:
    """What one card says: a small label, the title (up to two lines), up to three lines
    below it, and the footer (the site's name and host)."""

    label: str
    title: str
    lines: tuple[str, ...]
    footer: str
    host: str


def font_path(weight: str) -> str:
    return os.path.join(FONT_DIR, FONT_FILES[weight])


@functools.cache
def fonts_missing() -> str | None:
    """The first missing font file, or None when cards can be drawn (checked once)."""
    for weight in FONT_FILES:
        if not os.path.isfile(font_path(weight)):
            log.warning("Courtyard: %s not found (install fonts-noto-cjk): pages share the "
                        "default card image %s instead of their own", font_path(weight),
                        DEFAULT_CARD)
            return font_path(weight)
    return None


@functools.cache
def font(weight: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(font_path(weight), size, index=FONT_INDEX)


def fit(draw: ImageDraw.ImageDraw, text: str, face: ImageFont.FreeTypeFont, width: int,
         lines: int) -> list[str]:
    """``text`` broken into at most ``lines`` lines no wider than ``width`` pixels, at any
    character (Chinese has no spaces), the last one ending in … when something was cut."""
    out: list[str] = []
    rest = " ".join(text.split())
    while rest and len(out) < lines:
        n = len(rest)
        while n > 1 and draw.textlength(rest[:n], font=face) > width:
            n -= 1
        if len(out) == lines - 1 and n < len(rest):
            while n > 1 and draw.textlength(rest[:n] + "…", font=face) > width:
                n -= 1
            out.append(rest[:n] + "…")
            break
        out.append(rest[:n])
        rest = rest[n:].lstrip()
    return out


def render(card: Card) -> bytes:
    """The card as PNG bytes (needs the fonts: see :func:`fonts_missing`)."""
    w, h = SIZE
    margin, foot = 48, 72
    img = Image.new("RGB", SIZE, RED)
    draw = ImageDraw.Draw(img)
    draw.text((margin, 40), card.label, font=font("regular", 24), fill=PALE)
    y = 86
    big = font("bold", 50)
    for line in fit(draw, card.title, big, w - 2 * margin, 2):
        draw.text((margin, y), line, font=big, fill=WHITE)
        y += 66
    y += 8
    small = font("regular", 26)
    for text in card.lines:
        for line in fit(draw, text, small, w - 2 * margin, 1):
            if y + 34 > h - foot - 12:
                break
            draw.text((margin, y), line, font=small, fill=WHITE)
            y += 38
    draw.rectangle((0, h - foot, w, h), fill=WHITE)
    draw.text((margin, h - foot + 20), card.footer, font=font("bold", 26), fill=RED)
    host = font("regular", 20)
    draw.text((w - margin - draw.textlength(card.host, font=host), h - foot + 25), card.host,
              font=host, fill=INK)
    out = BytesIO()
    img.quantize(16, method=Image.Quantize.FASTOCTREE).save(out, "PNG")
    return out.getvalue()


@functools.cache
def _version() -> str:
    sizes = [str(os.path.getsize(font_path(w))) for w in sorted(FONT_FILES)]
    return cache.code_version(__file__, PIL_VERSION, *sizes)


def png(card: Card) -> bytes:
    """:func:`render`'s bytes, from the build cache when this card was drawn before: the
    cache's ``cards`` store maps the card's text to the SHA-256 of its PNG, kept as
    ``cards/<sha>.png`` beside it; a missing or altered file is drawn again."""
    folder = cache.session_folder()
    if folder is None:
        return render(card)
    files = os.path.join(folder, "cards")
    made: list[bytes] = []

    def make() -> str:
        data = render(card)
        made.append(data)
        return _keep(files, data)

    digest = cache.get_or_make("cards", _version(), [card.label, card.title,
                                                     list(card.lines), card.footer,
                                                     card.host], make)
    if made:
        return made[0]
    try:
        with open(os.path.join(files, digest + ".png"), "rb") as fh:
            data = fh.read()
    except OSError:
        data = b""
    if hashlib.sha256(data).hexdigest() != digest:
        data = render(card)
        _keep(files, data)
    return data


def _keep(folder: str, data: bytes) -> str:
    digest = hashlib.sha256(data).hexdigest()
    path = os.path.join(folder, digest + ".png")
    try:
        os.makedirs(folder, exist_ok=True)
        tmp = f"{path}.{os.getpid()}.tmp"
        with open(tmp, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except OSError as exc:
        log.warning("build cache %s: not written (%s)", path, exc)
    return digest
