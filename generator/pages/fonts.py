"""The CJK font share cards and posters are drawn in, found the way the platform finds one.

In this order (the first that names an existing file wins; :func:`find` looks once):

1. ``COURTYARD_CJK_FONT`` — a font file (``.ttc``/``.otc``/``.ttf``/``.otf``) chosen
   explicitly, optionally with a bold one in ``COURTYARD_CJK_FONT_BOLD``; when it names a
   missing file nothing else is tried (an explicit choice is not second-guessed: the build
   falls back to the default card and says why);
2. fontconfig (Linux, BSD, Homebrew on macOS): ``fc-match ':lang=zh-cn'`` and
   ``':lang=zh-cn:weight=bold'``, kept only when the match really covers Simplified Chinese
   (fontconfig always answers with *some* font);
3. the usual files: macOS (PingFang, Hiragino Sans GB, STHeiti), Windows (Microsoft YaHei
   ``msyh.ttc``, SimHei ``simhei.ttf``), Debian/Ubuntu, Fedora and Arch's Noto Sans CJK.

In a collection the Simplified Chinese face is used (fontconfig's index, else the face whose
family name ends in ``SC``/``GB``). Nothing found: :func:`find` is None and the callers use
the committed default card (:mod:`generator.pages.cards`).

Why no font is shipped instead (issue 22, measured on Debian's fonts-noto-cjk 20220127):
Noto Sans CJK's regular and bold collections are 19.5 MB and 20.1 MB; one SC face as OTF is
about 16 MB per weight (SIL OFL, so it could be committed) — 32 MB in every clone and every
publish job's checkout, for images WeChat shows at 800 × 420. A subset (GB 2312's 6,763
characters) would be a few MB but drops rarer characters used in names (e.g. 喆, 堃, 玥 are
outside GB 2312), which would then draw as boxes; every platform an admin builds on already
has a complete CJK font that this search finds. So: find, don't ship.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
from dataclasses import dataclass

ENV = "COURTYARD_CJK_FONT"
ENV_BOLD = "COURTYARD_CJK_FONT_BOLD"

CANDIDATES: tuple[tuple[str, str], ...] = (
    # (regular, bold); bold may equal regular (one weight: Pillow draws it as it is)
    # macOS
    ("/System/Library/Fonts/PingFang.ttc", "/System/Library/Fonts/PingFang.ttc"),
    ("/System/Library/Fonts/Hiragino Sans GB.ttc", "/System/Library/Fonts/Hiragino Sans GB.ttc"),
    ("/System/Library/Fonts/STHeiti Light.ttc", "/System/Library/Fonts/STHeiti Medium.ttc"),
    # Windows
    ("C:/Windows/Fonts/msyh.ttc", "C:/Windows/Fonts/msyhbd.ttc"),
    ("C:/Windows/Fonts/simhei.ttf", "C:/Windows/Fonts/simhei.ttf"),
    # Debian, Ubuntu (fonts-noto-cjk)
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
     "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"),
    # Fedora (google-noto-sans-cjk-fonts, older google-noto-cjk-fonts), Arch (noto-fonts-cjk)
    ("/usr/share/fonts/google-noto-sans-cjk-fonts/NotoSansCJK-Regular.ttc",
     "/usr/share/fonts/google-noto-sans-cjk-fonts/NotoSansCJK-Bold.ttc"),
    ("/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
     "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Bold.ttc"),
    ("/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
     "/usr/share/fonts/noto-cjk/NotoSansCJK-Bold.ttc"),
)
"""Where the usual CJK fonts live when fontconfig does not say."""

INSTALL_HINT = "fonts-noto-cjk"
"""The Debian package the warning names."""


@dataclass(frozen=True)
class Face:
    path: str
    index: int  # the face in a collection (0 in a single font)


@dataclass(frozen=True)
class Found:
    """The faces to draw with, the family's name and how they were found."""

    regular: Face
    bold: Face
    name: str
    source: str  # "COURTYARD_CJK_FONT", "fontconfig" or "path"


@dataclass(frozen=True)
class Missing:
    """No usable font; ``wanted`` is what was looked for (the explicit file, or the list)."""

    wanted: str


def _sc_face(path: str) -> Face:
    """The Simplified Chinese face of ``path``: in a collection the face whose family ends in
    SC or GB (Noto Sans CJK SC, Hiragino Sans GB, PingFang SC), else the first."""
    if not path.lower().endswith((".ttc", ".otc")):
        return Face(path, 0)
    from PIL import ImageFont

    for index in range(32):
        try:
            family = ImageFont.truetype(path, 12, index=index).getname()[0] or ""
        except OSError:
            break
        if family.rstrip().endswith((" SC", " GB", "SC")):
            return Face(path, index)
    return Face(path, 0)


def _family(face: Face) -> str:
    from PIL import ImageFont

    try:
        return ImageFont.truetype(face.path, 12, index=face.index).getname()[0] or face.path
    except OSError:
        return os.path.basename(face.path)


def _fc_match(pattern: str) -> Face | None:
    """fontconfig's best match for ``pattern`` if it exists and covers Simplified Chinese."""
    exe = shutil.which("fc-match")
    if exe is None:
        return None
    try:
        done = subprocess.run([exe, "-f", "%{file}\n%{index}\n%{lang}\n", pattern],
                              capture_output=True, text=True, timeout=20, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    lines = done.stdout.splitlines()
    if done.returncode != 0 or len(lines) < 3 or not os.path.isfile(lines[0]):
        return None
    if "zh-cn" not in lines[2].split("|"):
        return None
    try:
        return Face(lines[0], int(lines[1] or 0))
    except ValueError:
        return Face(lines[0], 0)


def search(candidates: tuple[tuple[str, str], ...] = CANDIDATES,
           fontconfig: bool = True) -> Found | Missing:
    """Look for the font (not cached: :func:`find` is)."""
    explicit = os.environ.get(ENV, "").strip()
    if explicit:
        if not os.path.isfile(explicit):
            return Missing(explicit)
        bold_path = os.environ.get(ENV_BOLD, "").strip()
        regular = _sc_face(explicit)
        bold = _sc_face(bold_path) if bold_path and os.path.isfile(bold_path) else regular
        return Found(regular, bold, _family(regular), ENV)
    if fontconfig:
        regular_fc = _fc_match(":lang=zh-cn")
        if regular_fc is not None:
            bold_fc = _fc_match(":lang=zh-cn:weight=bold") or regular_fc
            return Found(regular_fc, bold_fc, _family(regular_fc), "fontconfig")
    for regular_path, bold_path in candidates:
        if os.path.isfile(regular_path):
            regular = _sc_face(regular_path)
            bold = _sc_face(bold_path) if os.path.isfile(bold_path) else regular
            return Found(regular, bold, _family(regular), "path")
    return Missing(", ".join(r for r, _ in candidates))


@functools.cache
def located() -> Found | Missing:
    """:func:`search`'s answer, looked for once per process."""
    return search()


def find() -> Found | None:
    """The font to draw with (looked for once per process); None when there is none."""
    got = located()
    return got if isinstance(got, Found) else None


def identity() -> str:
    """What the drawn cards depend on, for cache keys: the faces (file, index, size), or
    "none" (then the pages name the default card)."""
    got = find()
    if got is None:
        return "none"
    return " ".join(f"{f.path}:{f.index}:{os.path.getsize(f.path)}"
                    for f in (got.regular, got.bold))
