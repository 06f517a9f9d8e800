"""Answers as people type them: dates, amounts, phone numbers, e-mail addresses and lists.

What a member types into ``new``'s prompts, its flags or an issue form comes from a Chinese
phone keyboard as often as from a laptop: full-width digits and punctuation, ``2027年1月20日``,
``机场，地铁`` with the Chinese comma, ``+86 138 0013 8000``. Each parser here accepts those
forms, returns the one form the data files use, and raises ``ValueError`` for anything else
(``generator/admin/prompts.py`` and the commands' flags turn it into a message that says what
is expected). tests/test_core_typed.py holds the table of cases, with a held-out part.

Phone numbers are read by ``phonenumbers`` (Google's libphonenumber metadata: mainland mobiles
and landlines, Hong Kong, anywhere with a ``+`` country code) and e-mail addresses by
``email-validator`` (the syntax of RFC 5321/5322, internationalised domains; no DNS look-up),
rather than by patterns of our own. Both are imported when first needed: every command's
module is loaded at start-up, and ``check`` should not pay ~100 ms for ``new``'s parsers.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

REGION = "CN"
"""Where a number without ``+`` or ``00`` is dialled: the club is in mainland China."""

# separators between list items: , ， 、 ; ； and line breaks (escapes, so that no editor or
# normalisation step can turn the full-width ones into their ASCII look-alikes)
_LIST_SEP = re.compile(r"\s*(?:[,\uff0c\u3001;\uff1b]|\r?\n)\s*")
_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?")
_AMOUNT = re.compile(r"(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?([千kK万wW]?)")
_UNIT = {"": 1, "千": 1000, "k": 1000, "K": 1000, "万": 10000, "w": 10000, "W": 10000}
_CURRENCY_BEFORE = re.compile(r"^(?:¥|RMB|CNY|人民币)\s*", re.IGNORECASE)
_CURRENCY_AFTER = re.compile(r"\s*(?:元整|元|块钱|块|RMB|CNY)$", re.IGNORECASE)
_TIME = re.compile(r"(\d{1,2})\s*[:点]\s*(\d{2})?\s*分?")


def plain(text: str) -> str:
    """Full-width digits, letters and punctuation as their ASCII forms (NFKC), trimmed."""
    return unicodedata.normalize("NFKC", text).strip()


def split_list(text: str) -> list[str]:
    """``机场，地铁、高铁; 公交`` or one item per line → the items, blanks dropped."""
    return [p for p in _LIST_SEP.split(text.strip()) if p]


def date(text: str) -> dt.date:
    """``2027-01-20``, ``2027/1/20``, ``2027.1.20``, ``20270120`` or ``2027年1月20日``."""
    t = plain(text)
    if re.fullmatch(r"\d{8}", t):
        t = f"{t[:4]}-{t[4:6]}-{t[6:]}"
    m = _DATE.fullmatch(t)
    if m is None:
        raise ValueError(text)
    return dt.date(*(int(g) for g in m.groups()))  # ValueError for 2027-02-30


def amount(text: str) -> float:
    """An amount of money as people write it: ``3000``, ``3,000``, ``3000元``, ``¥3,000``,
    ``RMB 3000``, ``3千``, ``1.5万``, ``2k``, full-width digits. Negative amounts, other
    currencies, numbers in words and anything else raise ``ValueError`` naming the text."""
    t = _CURRENCY_AFTER.sub("", _CURRENCY_BEFORE.sub("", plain(text)))
    m = _AMOUNT.fullmatch(t.strip())
    if m is None:
        raise ValueError(text)
    whole, frac, unit = m.groups()
    return float(whole.replace(",", "") + (frac or "")) * _UNIT[unit]


def when(text: str) -> dt.date | dt.datetime:
    """A date as above (an all-day event), or a date and a time: ``2027-01-20 19:30``,
    ``2027年1月20日 19:30``, ``2027/1/20 19点``; anything ``datetime.fromisoformat`` reads
    (``2027-01-20T19:30+08:00``) too."""
    t = plain(text)
    m = _DATE.match(t)
    rest = t[m.end():].strip().lstrip("T").strip() if m else ""
    if m is not None and not rest:
        return date(t)
    tm = _TIME.fullmatch(rest) if m is not None else None
    if m is not None and tm is not None:
        day = date(m.group(0))
        return dt.datetime.combine(day, dt.time(int(tm.group(1)), int(tm.group(2) or 0)))
    return dt.datetime.fromisoformat(t.replace("/", "-"))


def phone(text: str) -> str:
    """A valid phone number, written the way the data files write them: mainland numbers in
    national form (``138 0013 8000``, ``0755 8888 8888``), others international
    (``+852 9123 4567``). ``+86``, ``0086``, spaces, dashes and brackets are all fine."""
    import phonenumbers

    try:
        number = phonenumbers.parse(plain(text), REGION)
    except phonenumbers.NumberParseException:
        raise ValueError(text) from None
    if not phonenumbers.is_valid_number(number):
        raise ValueError(text)
    style = (phonenumbers.PhoneNumberFormat.NATIONAL
             if phonenumbers.region_code_for_number(number) == REGION
             else phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return phonenumbers.format_number(number, style)


def email(text: str) -> str:
    """A syntactically valid e-mail address (``name@example.com``), its domain normalised."""
    from email_validator import EmailNotValidError, validate_email

    try:
        return validate_email(plain(text), check_deliverability=False).normalized
    except EmailNotValidError:
        raise ValueError(text) from None
