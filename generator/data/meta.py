"""What one field of a data file is, beyond its type: the declaration every stage reads.

A field of a record (``generator/data/models.py``) carries one :class:`Meta` in its
``Annotated[...]`` type. Pydantic keeps it as metadata and ignores it for validation;
:mod:`generator.data.registry` reads it for everyone else: the JSON Schema
(``x-courtyard``), ``new``'s questions, the issue forms, the site's request form, the
ownership check, the editions, the vCard and the JSON API.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Visibility = Literal["public", "members", "private"]
"""public: both editions may show it; members: the members edition only; private: no
edition prints it (admins read it in the repository; derived facts, such as the dues
status, are computed from it)."""

Role = Literal["self", "organiser", "admin"]
"""Who may change a field: ``self`` is the person the record is about or who owns it (the
member of a member file, the owner of a resource or a post; in an event's ``rsvp``, one's
own entry), ``organiser`` an event's organisers, ``admin`` the charter's admins (who may
change every field)."""

Channel = Literal["new", "form:member", "form:profile", "form:event", "form:post",
                  "request:join", "request:profile", "request:post"]
"""Where a field is offered: ``new``'s questions and flags; an issue form
(``.github/ISSUE_TEMPLATE/<name>.yml``); a kind of the site's request form (request.js)."""

Widget = Literal["text", "textarea", "list", "choice", "date", "when", "int", "number",
                 "bool", "member", "members", "github", "phone", "email"]
"""How a field is asked for. ``new`` parses the answer with the same name
(``generator/admin/typed.py``; a textarea is text there); the issue forms show a
``choice`` as a dropdown and a ``textarea`` as one, everything else as a one-line input;
the request form likewise (``choice``: a select of the schema's values)."""


@dataclass(frozen=True)
class Meta:
    """One field's declaration. Labels come from the catalogue by the field's name:
    ``field.<kind>.<name>`` (else ``field.<name>``) for ``new``, ``form.field.<form>.<name>``
    (else ``form.field.<name>``) on the issue forms, ``site.rq.f.<name>`` on the request
    form."""

    visibility: Visibility = "public"
    changed_by: tuple[Role, ...] = ("admin",)
    offer: tuple[Channel, ...] = ()
    required_on: tuple[Channel, ...] = ()
    """Where an answer is needed though the model does not require one (a join request's
    sponsor; ``new``'s event kind, which has a default)."""
    widget: Widget = "text"
    help: str = ""
    """The help text under the field on the issue forms: the catalogue's
    ``form.help.<help>`` (``github`` → ``form.help.github``)."""
    vcard: str = ""
    """The vCard property a plain field is written to (``TITLE``, ``X-SOCIALPROFILE`` …);
    empty: not on the card, or written by the card's own code (name, org, contact)."""
    api: str | None = ""
    """Its name in the JSON API (``api/v1``): empty for the field's own name; None: not in
    the API."""


DEFAULT = Meta(visibility="private", api=None)
"""A field declared without a Meta (nested records, groups, the charter): nothing reads it
through the registry, and nothing would publish it."""
