"""Share-card images (``og:image``): a PNG per member, event and the home page, drawn with
Pillow in the club's colours — text only (the CJK font :mod:`generator.pages.fonts` finds:
Noto Sans CJK, PingFang, Microsoft YaHei …), no photo of anyone.

WeChat, Twitter/X and most chat apps show the image of a pasted link beside its title and
description; 800 × 420 (1.91 : 1, Open Graph's shape, above its 600 × 315 minimum) keeps a
card about 6 KB (a 16-colour palette) and its drawing about 5 ms. Drawing is deterministic
(same text, same bytes: Pillow writes no date into a PNG) and cached by content hash across
builds (:func:`png`), so a build after one member's edit draws one card, not all of them.

Without a CJK font (:func:`generator.pages.fonts.find` found none) nothing is drawn: every page
shares :data:`DEFAULT_CARD` (committed, no text) and the build log says why, once, in the
charter's language (:func:`announce`).
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

from generator import i18n
from generator.cache import store as cache
from generator.pages import fonts

SIZE = (800, 420)
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


def face(weight: str) -> fonts.Face:
    """The regular or bold face to draw with (only when :func:`fonts_missing` is None)."""
    found = fonts.find()
    assert found is not None, "no CJK font: check fonts_missing() first"
    return found.bold if weight == "bold" else found.regular


def fonts_missing() -> str | None:
    """What was looked for and not found (the explicit file or the usual places), or None
    when cards can be drawn."""
    got = fonts.located()
    return got.wanted if isinstance(got, fonts.Missing) else None


@functools.cache
def announce(lang: str) -> None:
    """Say once per process, in ``lang``, which font the cards are drawn in, or warn that
    every page shares the default card and how to get a font."""
    got = fonts.located()
    if isinstance(got, fonts.Missing):
        log.warning("%s", i18n.text(lang, "fonts.missing", wanted=got.wanted,
                                    package=fonts.INSTALL_HINT, env=fonts.ENV,
                                    card=DEFAULT_CARD))
    else:
        log.info("%s", describe(lang))


def describe(lang: str) -> str:
    """One line for the build's summary: the font the cards use, or that there is none."""
    got = fonts.located()
    if isinstance(got, fonts.Missing):
        return i18n.text(lang, "fonts.none", card=DEFAULT_CARD)
    return i18n.text(lang, "fonts.used", name=got.name, path=got.regular.path,
                     source=got.source)


def font(weight: str, size: int) -> ImageFont.FreeTypeFont:
    f = face(weight)
    return _truetype(f.path, f.index, size)


@functools.cache
def _truetype(path: str, index: int, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(path, size, index=index)


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


def _version() -> str:
    faces = tuple(face(w) for w in ("bold", "regular"))
    return _version_of(faces)


@functools.cache
def _version_of(faces: tuple[fonts.Face, ...]) -> str:
    ids = [f"{os.path.basename(f.path)}:{f.index}:{os.path.getsize(f.path)}" for f in faces]
    return cache.code_version(__file__, PIL_VERSION, *ids)


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
