"""Publish a built site to an S3-compatible object store (Tencent COS, Alibaba OSS, MinIO,
AWS S3 …) with boto3: a host readers in mainland China can reach (issue 16).

* Only a public site is published: the folder's edition marker (:data:`MARKER`, written by
  every build) must say ``public`` or ``members-encrypted``; ``members`` or no marker is
  refused (:class:`DeployError`, exit 2). The marker itself is never uploaded.
* Only what changed is uploaded: a file whose MD5 equals the stored object's ETag (what an
  S3 server reports for an object put in one part, as every object here is) is left alone;
  objects under the prefix that the site no longer has are deleted, after the uploads.
  Assets go up before pages, so a page never links an asset that is not there yet.
* Content-Type from a fixed table (not the machine's /etc/mime.types); Cache-Control a year
  (immutable) for Material's content-hashed assets, five minutes for HTML, an hour for
  everything else.
* Credentials come only from the environment (``AWS_ACCESS_KEY_ID``,
  ``AWS_SECRET_ACCESS_KEY``, optionally ``AWS_SESSION_TOKEN``; in CI from the repository's
  secrets), never from a file or an argument, and are never printed.
"""

from __future__ import annotations

import hashlib
import mimetypes
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

MARKER = ".courtyard-edition"
"""At the root of every built site (:func:`generator.build.engine.write_edition_marker`): the
edition, one word and a newline (``public``, ``members``, ``members-encrypted``)."""
PUBLISHABLE = ("public", "members-encrypted")
LONG = "public, max-age=31536000, immutable"
SHORT = "public, max-age=300"
MEDIUM = "public, max-age=3600"
HASHED = re.compile(r"\.[0-9a-f]{8,}\.min\.(?:js|css)(?:\.map)?$")
TYPES = {".html": "text/html", ".css": "text/css", ".js": "text/javascript",
         ".json": "application/json", ".xml": "application/xml", ".ics": "text/calendar",
         ".vcf": "text/vcard", ".csv": "text/csv", ".txt": "text/plain",
         ".svg": "image/svg+xml", ".png": "image/png", ".ico": "image/x-icon",
         ".woff2": "font/woff2", ".map": "application/json", ".gz": "application/gzip",
         ".webmanifest": "application/manifest+json"}
TEXT = ("text/", "application/json", "application/xml", "image/svg+xml",
        "application/manifest+json")
_BUILTIN = mimetypes.MimeTypes()  # Python's own table only: the same on every machine
CREDENTIALS = ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY")


class DeployError(Exception):
    """A site or a setting that must not be deployed (exit 2); the message says why."""


@dataclass(frozen=True)
class Target:
    endpoint: str
    bucket: str
    prefix: str = ""
    region: str = "us-east-1"
    addressing: str = "virtual"  # COS and OSS want virtual-hosted; a local server "path"

    def key(self, rel: str) -> str:
        return self.prefix + rel


@dataclass
class Plan:
    upload: list[str] = field(default_factory=list)  # site-relative paths, assets first
    delete: list[str] = field(default_factory=list)  # object keys
    unchanged: int = 0


def edition_of(site_dir: str) -> str:
    """The edition the site was built as, from its marker; DeployError unless publishable."""
    path = os.path.join(site_dir, MARKER)
    if not os.path.isdir(site_dir):
        raise DeployError(f"{site_dir}: no such folder; build the site first "
                          "(python -m generator build --out DIR)")
    try:
        with open(path, encoding="utf-8") as fh:
            edition = fh.read().strip()
    except FileNotFoundError:
        raise DeployError(f"{site_dir}: no {MARKER} — not a site built by Courtyard; "
                          "refusing to deploy (build it with python -m generator build)"
                          ) from None
    if edition not in PUBLISHABLE:
        raise DeployError(f"{site_dir} holds the {edition!r} edition ({MARKER}); refusing to "
                          "deploy it to a public bucket: only "
                          f"{' or '.join(PUBLISHABLE)} may be published "
                          "(content/pages/hosting.md) / 会员版不能发布到公开的存储桶。")
    return edition


def content_type(rel: str) -> str:
    ext = os.path.splitext(rel)[1].lower()
    kind = TYPES.get(ext) or _BUILTIN.guess_type(rel, strict=False)[0]
    kind = kind or "application/octet-stream"
    return kind + "; charset=utf-8" if kind.startswith(TEXT) else kind


def cache_control(rel: str) -> str:
    if HASHED.search(rel):
        return LONG
    return SHORT if rel.endswith(".html") else MEDIUM


def local_files(site_dir: str) -> dict[str, str]:
    """Site-relative path (``/`` separators) → MD5 hex of every file but the marker."""
    out = {}
    for dirpath, dirs, files in os.walk(site_dir):
        dirs.sort()
        for name in sorted(files):
            path = os.path.join(dirpath, name)
            rel = os.path.relpath(path, site_dir).replace(os.sep, "/")
            if rel == MARKER:
                continue
            with open(path, "rb") as fh:
                out[rel] = hashlib.md5(fh.read(), usedforsecurity=False).hexdigest()
    return out


def credentials() -> dict[str, str]:
    """boto3's keyword arguments for the credentials in the environment (DeployError naming
    the missing variables — never their values)."""
    missing = [name for name in CREDENTIALS if not os.environ.get(name)]
    if missing:
        raise DeployError(f"set {' and '.join(missing)} in the environment (in CI from the "
                          "repository's secrets); credentials are never read from files or "
                          "arguments")
    out = {"aws_access_key_id": os.environ["AWS_ACCESS_KEY_ID"],
           "aws_secret_access_key": os.environ["AWS_SECRET_ACCESS_KEY"]}
    if os.environ.get("AWS_SESSION_TOKEN"):
        out["aws_session_token"] = os.environ["AWS_SESSION_TOKEN"]
    return out


def client(target: Target) -> Any:
    import boto3  # type: ignore[import-untyped]
    from botocore.config import Config  # type: ignore[import-untyped]

    config = Config(s3={"addressing_style": target.addressing}, retries={"max_attempts": 5},
                    request_checksum_calculation="when_required",
                    response_checksum_validation="when_required")
    session = boto3.session.Session(region_name=target.region, **credentials())
    return session.client("s3", endpoint_url=target.endpoint, config=config)


def remote_objects(s3: Any, target: Target) -> dict[str, str]:
    """Object key → ETag (without quotes) of everything under the prefix."""
    out = {}
    pages = s3.get_paginator("list_objects_v2").paginate(Bucket=target.bucket,
                                                         Prefix=target.prefix)
    for page in pages:
        for obj in page.get("Contents", []):
            out[obj["Key"]] = str(obj.get("ETag", "")).strip('"')
    return out


def plan(local: dict[str, str], remote: dict[str, str], target: Target) -> Plan:
    out = Plan()
    for rel, md5 in local.items():
        if remote.get(target.key(rel)) == md5:
            out.unchanged += 1
        else:
            out.upload.append(rel)
    out.upload.sort(key=lambda rel: (rel.endswith(".html"), rel))
    wanted = {target.key(rel) for rel in local}
    out.delete = sorted(k for k in remote if k not in wanted)
    return out


def execute(s3: Any, site_dir: str, target: Target, todo: Plan,
            say: Callable[[str], None]) -> None:
    for rel in todo.upload:
        with open(os.path.join(site_dir, rel), "rb") as fh:
            s3.put_object(Bucket=target.bucket, Key=target.key(rel), Body=fh.read(),
                          ContentType=content_type(rel), CacheControl=cache_control(rel))
        say(f"uploaded {rel}")
    for key in todo.delete:  # one by one: some S3-compatible stores reject the batch
        s3.delete_object(Bucket=target.bucket, Key=key)  # call's newer checksum headers
        say(f"deleted {key}")
