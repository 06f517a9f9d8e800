"""The one table of media types for the files of a built site: what ``deploy`` sends as
``Content-Type`` and what the encrypted members edition records for each sealed file (which
``lock.js`` hands to the browser). Python's own table fills the gaps — only its built-in
entries, never the machine's ``/etc/mime.types``, so the same site gets the same types
everywhere."""

from __future__ import annotations

import mimetypes
import os

TYPES = {".html": "text/html", ".css": "text/css", ".js": "text/javascript",
         ".json": "application/json", ".xml": "application/xml", ".ics": "text/calendar",
         ".vcf": "text/vcard", ".csv": "text/csv", ".txt": "text/plain",
         ".svg": "image/svg+xml", ".png": "image/png", ".ico": "image/x-icon",
         ".woff2": "font/woff2", ".map": "application/json", ".gz": "application/gzip",
         ".webmanifest": "application/manifest+json"}
TEXT = ("text/", "application/json", "application/xml", "image/svg+xml",
        "application/manifest+json")
"""The types served with ``; charset=utf-8``."""
_BUILTIN = mimetypes.MimeTypes()  # Python's own table only: the same on every machine


def content_type(rel: str) -> str:
    """The media type of the site file ``rel`` (``; charset=utf-8`` for text)."""
    ext = os.path.splitext(rel)[1].lower()
    kind = TYPES.get(ext) or _BUILTIN.guess_type(rel, strict=False)[0]
    kind = kind or "application/octet-stream"
    return kind + "; charset=utf-8" if kind.startswith(TEXT) else kind
