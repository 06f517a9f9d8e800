"""What a link to a page shows when it is shared (WeChat, Moments, Twitter/X …): the page's
own description and, for the home page, members and events, a card image of its own
(:mod:`generator.pages.cards`). Returned as front matter for :meth:`Site.page`; the hook
(:mod:`generator.build.share`) turns it into Open Graph and Twitter tags with absolute URLs.
Every other page gets a description from its first paragraph and the default card (the home
page's, or the committed one when no card can be drawn).
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, cast
from urllib.parse import urlsplit

from generator.exports import common
from generator.pages import cards

if TYPE_CHECKING:
    from generator.data.models import Event, Member
    from generator.data.plain import JSONObject
    from generator.i18n.keys import SiteKey
    from generator.pages.context import Site
    from generator.pages.timeline import Slot

HOME_CARD = f"{cards.FOLDER}/home.png"


def _card(site: Site, rel: str, card: cards.Card) -> str:
    """Draw ``card`` into the docs at ``rel``; the docs path of the image to show."""
    if cards.fonts_missing():
        return cards.DEFAULT_CARD
    path = os.path.join(site.docs_dir, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as fh:
        fh.write(cards.png(card))
    return rel


def _make(site: Site, label: str, title: str, lines: list[str]) -> cards.Card:
    host = urlsplit(common.site_url(site.com, site.edition)).hostname or ""
    return cards.Card(label=label, title=title, lines=tuple(x for x in lines if x),
                      footer=site.site_name, host=host)


def _meta(description: str, image: str) -> JSONObject:
    return {"description": " ".join(description.split()), "courtyard_card": image}


def home(site: Site) -> JSONObject:
    cards.announce(site.lang)  # once per build process: the font, or why there is none
    ch = site.com.charter
    description = ch.site.description or site.t("share.home", site=site.site_name)
    card = _make(site, site.t("share.label.home"), site.site_name,
                 [description, " · ".join(ch.values)])
    return _meta(description, _card(site, HOME_CARD, card))


def member(site: Site, m: Member) -> JSONObject:
    who = " · ".join(x for x in (m.name, m.org, m.title, m.city) if x)
    circle = site.t(cast("SiteKey", f"circle.{m.circle}"))  # the templates' keys
    card = _make(site, site.t("share.label.member", circle=circle), m.name,
                 [" · ".join(x for x in (m.org, m.title) if x), m.city or "", " · ".join(m.tags)])
    return _meta(site.t("share.member", site=site.site_name, who=who),
                 _card(site, f"{cards.FOLDER}/members/{m.id}.png", card))


def event(site: Site, ev: Event, first: Slot | None, when: str) -> JSONObject:
    place = common.location_text(ev.location)
    label = site.kind("event", ev.kind)  # the charter's label, as on the pages
    if (first is not None and first.cancelled) or ev.status == "cancelled":
        label = f"{label} · {site.t('e.cancelled')}"
    card = _make(site, label, ev.title, [when, place or ""])
    about = (site.t("share.event", title=ev.title, when=when, place=place) if place
             else site.t("share.event.noplace", title=ev.title, when=when))
    return _meta(about,
                 _card(site, f"{cards.FOLDER}/events/{ev.id}.png", card))
