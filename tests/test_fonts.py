"""The CJK font of share cards and posters (issue 22): found through fontconfig, named by
``COURTYARD_CJK_FONT``, or missing — then every page shares the default card and the build
warns once, in the charter's language. No test here depends on which fonts this machine has:
the fontconfig test skips (naming the packages) where fontconfig or a CJK font is missing,
and the fallback tests force the fallback themselves."""

from __future__ import annotations

import logging
import shutil
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path

import pytest
from PIL import Image, ImageChops

from generator.pages import cards, fonts

NAMES = ("王健", "欧阳娜娜", "诸葛明辉")


@pytest.fixture(autouse=True)
def _fresh(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Each test looks for the font itself (nothing from the machine's environment), and
    leaves no font it made up in the process-wide lookup for the tests after it (a later
    test in the same xdist worker computes the build cache's key with fonts.identity())."""
    monkeypatch.delenv(fonts.ENV, raising=False)
    monkeypatch.delenv(fonts.ENV_BOLD, raising=False)
    fonts.located.cache_clear()
    cards.announce.cache_clear()
    yield
    cards.announce.cache_clear()  # fonts.located: tests/conftest.py clears it after the test


def fontconfig_font() -> fonts.Found:
    if shutil.which("fc-match") is None:
        pytest.skip("needs fontconfig's fc-match: apt-get install fontconfig fonts-noto-cjk")
    got = fonts.search(candidates=(), fontconfig=True)
    if not isinstance(got, fonts.Found):
        pytest.skip("fontconfig knows no Simplified Chinese font: apt-get install "
                    "fonts-noto-cjk")
    return got


def use(monkeypatch: pytest.MonkeyPatch, got: fonts.Found | fonts.Missing) -> None:
    monkeypatch.setattr(fonts, "located", lambda: got)


def card(title: str) -> cards.Card:
    return cards.Card("会员", title, ("分众传媒 · 总监", "深圳"), "广告菁英会SZ", "example.org")


def test_a_card_is_drawn_in_the_font_fontconfig_finds(monkeypatch: pytest.MonkeyPatch) -> None:
    """fc-match ':lang=zh-cn' names the font; the card is drawn with it, with real glyphs:
    two names of the same length draw differently (missing glyphs would all be the same
    box), and the regular and bold faces are both Simplified Chinese ones."""
    got = fontconfig_font()
    assert got.source == "fontconfig" and Path(got.regular.path).is_file()
    use(monkeypatch, got)
    assert cards.fonts_missing() is None
    assert cards.face("regular") == got.regular and cards.face("bold") == got.bold
    face = cards.font("bold", 50)
    masks = {bytes(face.getmask(name[0])) for name in NAMES}
    assert len(masks) == len(NAMES), "the font draws boxes for Chinese characters"
    png = cards.render(card("王健"))
    with Image.open(BytesIO(png)) as img:
        assert img.format == "PNG" and img.size == cards.SIZE
        first = img.convert("RGB")
    with Image.open(BytesIO(cards.render(card("王俭")))) as other:
        assert ImageChops.difference(first, other.convert("RGB")).getbbox() is not None
    assert got.name in cards.describe("en") and got.regular.path in cards.describe("zh")


def test_the_environment_variable_names_the_font(monkeypatch: pytest.MonkeyPatch) -> None:
    """COURTYARD_CJK_FONT wins over fontconfig and the usual places."""
    found = fontconfig_font()
    monkeypatch.setenv(fonts.ENV, found.regular.path)
    got = fonts.search()
    assert isinstance(got, fonts.Found) and got.source == fonts.ENV
    assert got.regular.path == found.regular.path


def test_a_missing_named_font_falls_back_to_the_default_card(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
        caplog: pytest.LogCaptureFixture) -> None:
    """COURTYARD_CJK_FONT naming a missing file: nothing else is tried, no card is drawn,
    and the build warns once, in the charter's language, naming the package to install."""
    missing = str(tmp_path / "no-such-font.ttc")
    monkeypatch.setenv(fonts.ENV, missing)
    got = fonts.search()
    assert got == fonts.Missing(missing)
    use(monkeypatch, got)
    assert cards.fonts_missing() == missing
    with caplog.at_level(logging.INFO, logger="courtyard.cards"):
        for _ in range(3):
            cards.announce("zh")
    warned = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warned) == 1, warned
    assert "没有找到中文字体" in warned[0] and "fonts-noto-cjk" in warned[0]
    assert missing in warned[0] and cards.DEFAULT_CARD in warned[0]
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="courtyard.cards"):
        cards.announce("en")
    assert "no CJK font found" in caplog.records[0].getMessage()


def test_nothing_found_anywhere_is_missing(tmp_path: Path) -> None:
    """No environment variable, no fontconfig, none of the usual files: Missing, listing
    where it looked (the search list is the test's own: no machine dependence)."""
    places = ((str(tmp_path / "a.ttc"), str(tmp_path / "a-bold.ttc")),
              (str(tmp_path / "b.ttf"), str(tmp_path / "b.ttf")))
    got = fonts.search(candidates=places, fontconfig=False)
    assert isinstance(got, fonts.Missing)
    assert str(tmp_path / "a.ttc") in got.wanted and str(tmp_path / "b.ttf") in got.wanted


def test_the_usual_places_are_searched_in_order(tmp_path: Path) -> None:
    """Without fontconfig the first existing file of the list is used (a font file that
    fontconfig found stands in for the platform's; skipped like the fontconfig test)."""
    found = fontconfig_font()
    regular = tmp_path / Path(found.regular.path).name
    regular.symlink_to(found.regular.path)
    places = ((str(tmp_path / "absent.ttc"), str(tmp_path / "absent.ttc")),
              (str(regular), str(tmp_path / "no-bold.ttc")))
    got = fonts.search(candidates=places, fontconfig=False)
    assert isinstance(got, fonts.Found) and got.source == "path"
    assert got.regular.path == got.bold.path == str(regular)
    if found.regular.path.endswith(".ttc"):
        assert got.name.endswith(("SC", "GB"))  # the Simplified Chinese face
