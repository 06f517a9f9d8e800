"""Contact cards: a vCard 3.0 file per member whose contact details the edition shows, a file
with all of them, and a QR code (inline SVG, made here by segno, no outside service) that a
phone camera reads as the contact.

Only ``editions.visible_contact`` decides which phone/e-mail/WeChat id appear; a member with
none visible gets no card and no QR code. The card's plain fields (``TITLE`` …) are the
registry's: each member field with a ``vcard`` property that the edition may show
(``registry.vcard_map``); name, organisation, city and contact are written here.

The QR code carries a minimal vCard (no URL, no address) at error-correction level M, and
sheds the title, then the organisation, if it would otherwise need more than
``MAX_QR_VERSION`` (57 × 57 modules, easy to scan from a screen).

Making a code takes segno 7–8 ms (its own mask search, public API); during a build
(:func:`generator.cache.store.session`) each SVG and each card is kept in the community's
build cache, keyed by the hash of what it is made from, so the next build makes only those
whose contact details changed.
"""

from __future__ import annotations

import json
from typing import Any

import segno
import vobject  # type: ignore[import-untyped]

from generator.cache import store as cache
from generator.data import editions, registry
from generator.exports import common
from generator.i18n import exports as labels

MAX_QR_VERSION = 10

# Two-character surnames, so 欧阳娜娜 files under 欧阳 and not under 欧.
COMPOUND_SURNAMES = frozenset(
    """
        欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 轩辕 令狐 钟离
        端木 独孤 南宫 百里 呼延 澹台 太史 申屠 闻人 西门 万俟 东郭 公冶 赫连 第五 左丘
    """.split())


NAME_DOTS = "·‧・•･"  # the middle dots that join the parts of a transliterated name


def split_name(name: str) -> tuple[str, str]:
    """(family, given) for the vCard N property. Chinese names put the surname first
    (one character, or two for a compound surname); Latin names ("Lisa Wang") last, and so do
    names written with a middle dot (阿丽木江·买买提, 约翰·史密斯: given name, then family or
    father's name — never a one-character "surname" cut off the front)."""
    name = name.strip()
    dot = next((d for d in NAME_DOTS if d in name), None)
    if dot is not None:
        given, _, family = name.rpartition(dot)
        return family.strip(), given.strip()
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


def card_fields(com: Any, m: Any, edition: str) -> dict[str, Any] | None:
    """Everything the member's vCard is made of (plain values), or None when no contact
    field is visible. The card is made from these alone, so they key it in the build cache."""
    contact = editions.visible_contact(m, common.check_edition(edition))
    if not contact:
        return None
    family, given = split_name(m.name)
    props = {prop: str(value) for name, prop in registry.vcard_map("member").items()
             if registry.visible("member", name, edition) and (value := getattr(m, name, None))}
    return {"family": family, "given": given, "name": m.name, "org": m.org,
            "props": props, "contact": dict(contact),
            "note": (labels.text(com, "feeds.wechat", id=contact["wechat"])
                     if "wechat" in contact else None),
            "city": m.city or None, "community": com.charter.name,
            "url": common.page_url(com, "member", m.id, edition),
            "uid": f"{m.id}@{common.site_domain(com)}"}


def card(com: Any, m: Any, edition: str) -> Any | None:
    """The member's vCard (a vobject component), or None when no contact field is visible."""
    fields = card_fields(com, m, edition)
    return None if fields is None else _card(fields)


def _card(f: dict[str, Any], minimal: bool = False) -> Any:
    """The vCard of :func:`card_fields`; ``minimal``: only what a phone files from a QR
    code (name, organisation, title, phone, e-mail, the WeChat note). The .vcf file and the
    QR code are both this card serialised by vobject: one escaping for both (a ``;`` in a
    name is ``\\;``, never a new name component)."""
    contact = f["contact"]
    vc = vobject.vCard()
    vc.add("n").value = vobject.vcard.Name(family=f["family"], given=f["given"])
    vc.add("fn").value = f["name"]
    if f["org"]:
        vc.add("org").value = [f["org"]]
    for prop, value in f["props"].items():  # the registry's plain properties (title …)
        if not minimal or prop == "TITLE":
            vc.add(prop.lower()).value = value
    if "phone" in contact:
        tel = vc.add("tel")
        tel.value = contact["phone"]
        tel.type_param = "CELL"
    if "email" in contact:
        mail = vc.add("email")
        mail.value = contact["email"]
        mail.type_param = "INTERNET"
    if "wechat" in contact:
        if not minimal:
            vc.add("x-wechat").value = contact["wechat"]
        vc.add("note").value = f["note"]
    if minimal:
        return vc
    if f["city"]:
        adr = vc.add("adr")
        adr.value = vobject.vcard.Address(city=f["city"])
        adr.type_param = "WORK"
    vc.add("categories").value = [f["community"]]
    vc.add("url").value = f["url"]
    vc.add("uid").value = f["uid"]
    return vc


def card_bytes(com: Any, m: Any, edition: str) -> bytes | None:
    """The member's .vcf (about 0.4 ms with vobject: kept in the build cache, keyed by
    :func:`card_fields`)."""
    fields = card_fields(com, m, edition)
    if fields is None:
        return None
    text = cache.get_or_make(f"vcard-{edition}", _CODE_VERSION, fields,
                             lambda: str(_card(fields).serialize()))
    return text.encode("utf-8")


def qr_payloads(com: Any, m: Any, edition: str) -> list[str]:
    """Candidate QR payloads, fullest first: the minimal card (:func:`_card`), then without
    the title, then without the organisation too."""
    fields = card_fields(com, m, edition)
    return [] if fields is None else _payloads(fields)


def _payloads(fields: dict[str, Any]) -> list[str]:
    out: list[str] = []
    no_title = {k: v for k, v in fields["props"].items() if k != "TITLE"}
    for shed in ({}, {"props": no_title}, {"props": no_title, "org": None}):
        data = str(_card({**fields, **shed}, minimal=True).serialize())
        if data not in out:
            out.append(data)
    return out


def qr_code(com: Any, m: Any, edition: str) -> segno.QRCode | None:
    """The QR code: the fullest payload that fits ``MAX_QR_VERSION`` at level M."""
    payloads = qr_payloads(com, m, edition)
    return _best(payloads) if payloads else None


def _best(payloads: list[str]) -> segno.QRCode:
    """The first payload that fits ``MAX_QR_VERSION`` at level M (boosted where it fits),
    else the shortest at level L."""
    for data in payloads:
        qr = segno.make(data, error="m", micro=False, boost_error=True)
        if int(qr.version) <= MAX_QR_VERSION:
            return qr
    return segno.make(payloads[-1], error="l", micro=False, boost_error=False)


def qr_svg(com: Any, m: Any, edition: str) -> str | None:
    """Inline SVG (no XML declaration, no external reference) of the member's QR code: one
    unit per module and a viewBox instead of a fixed size, so the page's CSS scales it
    without cropping (give ``svg.courtyard-qr`` a width; ~40 mm on paper, 10rem on screen)."""
    key = _svg_key(com, m, edition)
    if key is None:
        return None
    return cache.get_or_make(f"qr-svg-{edition}", _CODE_VERSION, [key[0], key[1]],
                             lambda: render_svg(key))


SvgKey = tuple[str, str]  # (the card's fields as canonical JSON, title)
_CODE_VERSION = cache.code_version(__file__, f"segno {segno.__version__}",
                                   f"vobject {vobject.VERSION}")
"""What a cached card or code was made by: this file, segno and vobject (any of them changing
makes them anew)."""


def _svg_key(com: Any, m: Any, edition: str) -> SvgKey | None:
    """The code's inputs: the card's plain fields (canonical JSON) and the title — no card is
    serialised to make the key, so a cached code costs no vobject work."""
    fields = card_fields(com, m, edition)
    if fields is None:
        return None
    return (json.dumps(fields, sort_keys=True, ensure_ascii=False),
            labels.text(com, "feeds.qr-title", name=m.name))


def render_svg(key: SvgKey) -> str:
    """The SVG for one code (7–8 ms: making the code takes nearly all of it)."""
    fields, title = key
    qr = _best(_payloads(json.loads(fields)))
    return str(qr.svg_inline(scale=1, border=4, omitsize=True, dark="#000", light="#fff",
                             svgclass="courtyard-qr", lineclass=None, title=title))


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
