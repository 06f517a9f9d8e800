"""Contact cards: a vCard 3.0 file per member whose contact details the edition shows, a file
with all of them, and a QR code (inline SVG, made here by segno, no outside service) that a
phone camera reads as the contact.

Only ``editions.visible_contact`` decides which phone/e-mail/WeChat id appear; a member with
none visible gets no card and no QR code. The QR code carries a minimal vCard (no URL, no
address) at error-correction level M, and sheds the title, then the organisation, if it would
otherwise need more than ``MAX_QR_VERSION`` (57 × 57 modules, easy to scan from a screen).
"""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from typing import Any

import segno
import vobject  # type: ignore[import-untyped]
from segno import helpers

from generator.build import forking
from generator.data import editions
from generator.exports import common, qrmask
from generator.i18n import exports as labels

MAX_QR_VERSION = 10

# Two-character surnames, so 欧阳娜娜 files under 欧阳 and not under 欧.
COMPOUND_SURNAMES = frozenset(
    """
        欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 轩辕 令狐 钟离
        端木 独孤 南宫 百里 呼延 澹台 太史 申屠 闻人 西门 万俟 东郭 公冶 赫连 第五 左丘
    """.split())


def split_name(name: str) -> tuple[str, str]:
    """(family, given) for the vCard N property. Chinese names put the surname first
    (one character, or two for a compound surname); Latin names ("Lisa Wang") last."""
    name = name.strip()
    if " " in name:
        given, _, family = name.rpartition(" ")
        return family, given
    if len(name) >= 3 and name[:2] in COMPOUND_SURNAMES:
        return name[:2], name[2:]
    if len(name) >= 2 and not name.isascii():
        return name[:1], name[1:]
    return name, ""


def has_card(m: Any, edition: str) -> bool:
    """True when the edition shows at least one of the member's contact fields."""
    return bool(editions.visible_contact(m, common.check_edition(edition)))


def card(com: Any, m: Any, edition: str) -> Any | None:
    """The member's vCard (a vobject component), or None when no contact field is visible."""
    contact = editions.visible_contact(m, common.check_edition(edition))
    if not contact:
        return None
    family, given = split_name(m.name)
    vc = vobject.vCard()
    vc.add("n").value = vobject.vcard.Name(family=family, given=given)
    vc.add("fn").value = m.name
    vc.add("org").value = [m.org]
    if m.title:
        vc.add("title").value = m.title
    if "phone" in contact:
        tel = vc.add("tel")
        tel.value = contact["phone"]
        tel.type_param = "CELL"
    if "email" in contact:
        mail = vc.add("email")
        mail.value = contact["email"]
        mail.type_param = "INTERNET"
    if "wechat" in contact:
        vc.add("x-wechat").value = contact["wechat"]
        vc.add("note").value = labels.text(com, "feeds.wechat", id=contact["wechat"])
    if m.city:
        adr = vc.add("adr")
        adr.value = vobject.vcard.Address(city=m.city)
        adr.type_param = "WORK"
    vc.add("categories").value = [com.charter.name]
    vc.add("url").value = common.page_url(com, "member", m.id, edition)
    vc.add("uid").value = f"{m.id}@{common.site_domain(com)}"
    return vc


def card_bytes(com: Any, m: Any, edition: str) -> bytes | None:
    vc = card(com, m, edition)
    return None if vc is None else str(vc.serialize()).encode("utf-8")


def qr_payloads(com: Any, m: Any, edition: str) -> list[str]:
    """Candidate QR payloads, fullest first (minimal vCard 3.0 text built by segno)."""
    contact = editions.visible_contact(m, common.check_edition(edition))
    if not contact:
        return []
    family, given = split_name(m.name)
    memo = labels.text(com, "feeds.wechat", id=contact["wechat"]) if "wechat" in contact else None
    base: dict[str, Any] = {"name": f"{family};{given}", "displayname": m.name,
                            "email": contact.get("email"), "phone": contact.get("phone"),
                            "memo": memo}
    fuller = [{"org": m.org, "title": m.title}, {"org": m.org}, {}]
    out: list[str] = []
    for extra in fuller:
        data = str(helpers.make_vcard_data(**base, **extra))
        if data not in out:
            out.append(data)
    return out


def qr_code(com: Any, m: Any, edition: str) -> segno.QRCode | None:
    """The QR code: the fullest payload that fits ``MAX_QR_VERSION`` at level M."""
    payloads = qr_payloads(com, m, edition)
    return _best(payloads) if payloads else None


def _best(payloads: list[str]) -> segno.QRCode:
    """The first payload that fits at level M (boosted where it fits), else the shortest at
    level L — what ``segno.make`` makes, with the mask chosen by :mod:`.qrmask`."""
    for data in payloads:
        qr = qrmask.make(data, "m", True, max_version=MAX_QR_VERSION)
        if qr is not None:
            return qr
    last = qrmask.make(payloads[-1], "l", False)
    assert last is not None
    return last


def qr_svg(com: Any, m: Any, edition: str) -> str | None:
    """Inline SVG (no XML declaration, no external reference) of the member's QR code: one
    unit per module and a viewBox instead of a fixed size, so the page's CSS scales it
    without cropping (give ``svg.courtyard-qr`` a width; ~40 mm on paper, 10rem on screen)."""
    key = _svg_key(com, m, edition)
    if key is None:
        return None
    if key not in _SVGS:
        warm(com, edition)
    svg = _SVGS.get(key)
    if svg is None:
        svg = _SVGS[key] = render_svg(key)
    return svg


SvgKey = tuple[tuple[str, ...], str]  # (candidate payloads, title)
PARALLEL_MIN = 64  # below this many codes a process pool costs more than it saves
_SVGS: dict[SvgKey, str] = {}
_WARMED: set[tuple[int, str]] = set()


def _svg_key(com: Any, m: Any, edition: str) -> SvgKey | None:
    payloads = qr_payloads(com, m, edition)
    if not payloads:
        return None
    return tuple(payloads), labels.text(com, "feeds.qr-title", name=m.name)


def render_svg(key: SvgKey) -> str:
    """The SVG for one code (about 3 ms: making the code 2.5, the SVG 0.7)."""
    payloads, title = key
    qr = _best(list(payloads))
    return str(qr.svg_inline(scale=1, border=4, omitsize=True, dark="#000", light="#fff",
                             svgclass="courtyard-qr", lineclass=None, title=title))


def warm(com: Any, edition: str, jobs: int | None = None) -> None:
    """Make every QR code of the edition at once, on every core (or ``jobs`` processes), the
    first time a page asks for one; pages then take theirs from memory. Same bytes as one at
    a time. ``jobs=1``: only mark the edition warm, so each page makes its own code."""
    mark = (id(com), edition)
    if mark in _WARMED:
        return
    _WARMED.add(mark)
    if len(_SVGS) > 50_000:  # a long `serve` session: forget earlier builds
        _SVGS.clear()
    jobs = min(forking.jobs_wanted(), 8) if jobs is None else jobs
    if jobs < 2:
        return
    keys = [k for m in editions.members(com, common.check_edition(edition))
            if (k := _svg_key(com, m, edition)) is not None and k not in _SVGS]
    if len(keys) < PARALLEL_MIN:
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        chunk = max(1, len(keys) // (jobs * 4))
        for key, svg in zip(keys, pool.map(render_svg, keys, chunksize=chunk), strict=False):
            _SVGS[key] = svg


def files(com: Any, edition: str) -> list[tuple[str, bytes]]:
    """One .vcf per member with visible contact fields, and contacts.vcf with all of them."""
    ed = common.check_edition(edition)
    out: list[tuple[str, bytes]] = []
    for m in editions.members(com, ed):
        data = card_bytes(com, m, ed)
        if data is not None:
            out.append((common.CONTACT_VCF.format(id=m.id), data))
    if out:
        out.append((common.CONTACTS, b"".join(data for _rel, data in out)))
    return out
