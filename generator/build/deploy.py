"""Publish a built site to an S3-compatible object store (Tencent COS, Alibaba OSS, MinIO,
AWS S3 …) with boto3: a host readers in mainland China can reach (issue 16).

* Only a public site is published: the folder's edition marker (:data:`MARKER`, written by
  every build) must say ``public`` or ``members-encrypted``; ``members`` or no marker is
  refused (:class:`DeployError`, exit 2). The marker itself is never uploaded.
* Only what changed is uploaded: a file whose MD5 equals the stored object's ETag (what an
  S3 server reports for an object put in one part, as every object here is) is left alone;
  Assets go up before pages, so a page never links an asset that is not there yet.
* Only what Courtyard uploaded is ever deleted (issue 23, item 8): every deploy keeps a
  manifest in the bucket (:data:`MANIFEST` under the prefix: the keys it wrote and their MD5).
  An object the site no longer has is deleted only when the previous manifest lists it;
  anything else in the bucket (another site, a file put there by hand, a bucket shared without
  ``--prefix``) is left alone and counted. The manifest is written as the union of the old and
  the new before anything is deleted, and as the new set afterwards, so an interrupted deploy
  never forgets a key it wrote.
* Content-Type from a fixed table (not the machine's /etc/mime.types); Cache-Control a year
  (immutable) for Material's content-hashed assets, five minutes for HTML, an hour for
  everything else.
* Credentials come only from the environment (``AWS_ACCESS_KEY_ID``,
  ``AWS_SECRET_ACCESS_KEY``, optionally ``AWS_SESSION_TOKEN``; in CI from the repository's
  secrets), never from a file or an argument, and are never printed. An endpoint URL that
  carries a user name or password (``http://KEY:SECRET@host``) is refused without repeating it.
* Every refusal is a :class:`DeployError` with a message key (the charter's language); the
  store's own errors are mapped by :func:`store_error` to a hint (missing bucket, wrong
  credentials, endpoint unreachable).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from generator.build.layout import MARKER, sealed_cache_control
from generator.build.mime import content_type

if TYPE_CHECKING:
    from generator.i18n.keys import Key

PUBLISHABLE = ("public", "members-encrypted")
LONG = "public, max-age=31536000, immutable"
SHORT = "public, max-age=300"
MEDIUM = "public, max-age=3600"
HASHED = re.compile(r"\.[0-9a-f]{8,}\.min\.(?:js|css)(?:\.map)?$")
CREDENTIALS = ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY")
MANIFEST = ".courtyard-manifest.json"
"""Under the prefix in the bucket: ``{"courtyard": 1, "objects": {key: md5}}``, the keys the
last deploy wrote. Never a site file (a site file of that name is refused)."""
NO_BUCKET = {"NoSuchBucket"}
BAD_CREDENTIALS = {"InvalidAccessKeyId", "SignatureDoesNotMatch", "AccessDenied",
                   "InvalidToken", "ExpiredToken", "AuthorizationHeaderMalformed",
                   "InvalidSecretAccessKey", "403", "Forbidden"}


class DeployError(Exception):
    """A site or a setting that must not be deployed (exit 2), or a store that refused (exit
    1, ``store`` True): a message key and its arguments, rendered in the caller's language."""

    def __init__(self, key: Key, store: bool = False, **args: str) -> None:
        super().__init__(key)
        self.key, self.store, self.args_ = key, store, args


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
    foreign: list[str] = field(default_factory=list)  # keys no manifest of ours lists: kept
    manifest: dict[str, str] = field(default_factory=dict)  # the previous deploy's


def edition_of(site_dir: str) -> str:
    """The edition the site was built as, from its marker; DeployError unless publishable."""
    path = os.path.join(site_dir, MARKER)
    if not os.path.isdir(site_dir):
        raise DeployError("deploy.no-site", site=site_dir)
    try:
        with open(path, encoding="utf-8") as fh:
            edition = fh.read().strip()
    except FileNotFoundError:
        raise DeployError("deploy.no-marker", site=site_dir, marker=MARKER) from None
    if edition not in PUBLISHABLE:
        raise DeployError("deploy.not-public", site=site_dir, edition=edition, marker=MARKER,
                          allowed=" / ".join(PUBLISHABLE))
    if os.path.lexists(os.path.join(site_dir, MANIFEST)):
        raise DeployError("deploy.manifest-in-site", site=site_dir, manifest=MANIFEST)
    return edition


def check_endpoint(url: str) -> str:
    """The endpoint as given, when it is an http(s) URL with a host and no user name or
    password in it; DeployError otherwise (never repeating a password)."""
    try:
        parts = urllib.parse.urlsplit(url)
        host = parts.hostname
    except ValueError:
        parts, host = None, None
    if parts is not None and (parts.username is not None or parts.password is not None):
        raise DeployError("deploy.endpoint-credentials")
    if parts is None or parts.scheme not in ("http", "https") or not host:
        raise DeployError("deploy.endpoint-url", example="https://cos.ap-guangzhou.myqcloud.com")
    return url


def cache_control(rel: str) -> str:
    """How long a CDN or browser may keep ``rel``: the encrypted edition's own rule for its
    files (``_c/lock.json`` never, so a revoked code stops at once), else by kind."""
    rule = sealed_cache_control(rel)
    if rule is not None:
        return rule
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
        raise DeployError("deploy.no-credentials", names=", ".join(missing))
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
    return session.client("s3", endpoint_url=check_endpoint(target.endpoint), config=config)


def remote_objects(s3: Any, target: Target) -> dict[str, str]:
    """Object key → ETag (without quotes) of everything under the prefix."""
    out = {}
    pages = s3.get_paginator("list_objects_v2").paginate(Bucket=target.bucket,
                                                         Prefix=target.prefix)
    for page in pages:
        for obj in page.get("Contents", []):
            out[obj["Key"]] = str(obj.get("ETag", "")).strip('"')
    return out


def read_manifest(s3: Any, target: Target) -> dict[str, str]:
    """The keys the last deploy to this prefix wrote (empty when there is none, or it is not
    one of ours: then nothing is deleted)."""
    from botocore.exceptions import ClientError  # type: ignore[import-untyped]

    try:
        body = s3.get_object(Bucket=target.bucket, Key=target.key(MANIFEST))["Body"].read()
    except ClientError as exc:
        if str(exc.response.get("Error", {}).get("Code")) in ("NoSuchKey", "404"):
            return {}
        raise
    try:
        data = json.loads(body)
    except ValueError:
        return {}
    objects = data.get("objects") if isinstance(data, dict) else None
    if not isinstance(objects, dict):
        return {}
    return {str(k): str(v) for k, v in objects.items() if str(k).startswith(target.prefix)}


def write_manifest(s3: Any, target: Target, objects: dict[str, str]) -> None:
    body = json.dumps({"courtyard": 1, "objects": dict(sorted(objects.items()))},
                      ensure_ascii=False, indent=0).encode("utf-8")
    s3.put_object(Bucket=target.bucket, Key=target.key(MANIFEST), Body=body,
                  ContentType="application/json; charset=utf-8", CacheControl="no-store")


def plan(local: dict[str, str], remote: dict[str, str], target: Target,
         manifest: dict[str, str] | None = None) -> Plan:
    """What to upload (changed or new, assets first), what to delete (gone from the site and
    written by an earlier deploy: in ``manifest``) and what to leave alone (``foreign``)."""
    out = Plan(manifest=dict(manifest or {}))
    for rel, md5 in local.items():
        if remote.get(target.key(rel)) == md5:
            out.unchanged += 1
        else:
            out.upload.append(rel)
    out.upload.sort(key=lambda rel: (rel.endswith(".html"), rel))
    wanted = {target.key(rel) for rel in local} | {target.key(MANIFEST)}
    gone = sorted(k for k in remote if k not in wanted)
    out.delete = [k for k in gone if k in out.manifest]
    out.foreign = [k for k in gone if k not in out.manifest]
    return out


def execute(s3: Any, site_dir: str, target: Target, local: dict[str, str], todo: Plan,
            say: Callable[[str, str], None]) -> None:
    """Upload, record old ∪ new in the manifest, delete, record the new set. ``say(verb,
    path)`` after each object (verb ``uploaded`` or ``deleted``)."""
    for rel in todo.upload:
        with open(os.path.join(site_dir, rel), "rb") as fh:
            s3.put_object(Bucket=target.bucket, Key=target.key(rel), Body=fh.read(),
                          ContentType=content_type(rel), CacheControl=cache_control(rel))
        say("uploaded", rel)
    wrote = {target.key(rel): md5 for rel, md5 in local.items()}
    if todo.delete:
        write_manifest(s3, target, {**todo.manifest, **wrote})
    for key in todo.delete:  # one by one: some S3-compatible stores reject the batch
        s3.delete_object(Bucket=target.bucket, Key=key)  # call's newer checksum headers
        say("deleted", key)
    if todo.delete or wrote != todo.manifest:
        write_manifest(s3, target, wrote)


def store_error(exc: Exception, target: Target) -> DeployError:
    """The store's (or the network's) error as our message with a hint; the endpoint named
    is the one checked by :func:`check_endpoint` (no credentials in it)."""
    from botocore.exceptions import (
        ClientError,
        ConnectTimeoutError,
        EndpointConnectionError,
        NoCredentialsError,
        ReadTimeoutError,
    )

    if isinstance(exc, (EndpointConnectionError, ConnectTimeoutError, ReadTimeoutError)):
        return DeployError("deploy.unreachable", store=True, endpoint=target.endpoint)
    if isinstance(exc, NoCredentialsError):
        return DeployError("deploy.no-credentials", names=", ".join(CREDENTIALS))
    if isinstance(exc, ClientError):
        err = exc.response.get("Error", {})
        code = str(err.get("Code", ""))
        status = str(exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode", ""))
        if code in NO_BUCKET:
            return DeployError("deploy.no-bucket", store=True, bucket=target.bucket,
                               endpoint=target.endpoint)
        if code in BAD_CREDENTIALS or status == "403":
            return DeployError("deploy.bad-credentials", store=True, bucket=target.bucket,
                               code=code or status)
        return DeployError("deploy.refused", store=True, code=code or status,
                           detail=str(err.get("Message", ""))[:300])
    return DeployError("deploy.refused", store=True, code=type(exc).__name__,
                       detail=str(exc)[:300])
