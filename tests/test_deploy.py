"""`python -m generator deploy` (issue 16) against a real S3-compatible server: moto in server
mode, a separate process on 127.0.0.1 that this module starts and stops. The sample is built
for real, deployed, edited (one member), rebuilt and deployed again; a post is removed and
its page must leave the bucket. Credentials are fake values passed only in the environment,
and must never appear in the command's output."""

from __future__ import annotations

import hashlib
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3  # type: ignore[import-untyped]
import pytest
from conftest import REPO, SAMPLE_TODAY, cjk_font_missing

ACCESS = "AKIACOURTYARDTEST0001"
SECRET = "courtyard-test-secret-7f3a9b2c"  # a fake, for the moto server only
BUCKET = "club-site"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def endpoint() -> Iterator[str]:
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p",
                             str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                    break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("moto server did not start")
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def s3(endpoint: str) -> Any:
    return boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1",
                        aws_access_key_id=ACCESS, aws_secret_access_key=SECRET)


def objects(endpoint: str, prefix: str = "") -> dict[str, str]:
    out = {}
    for page in s3(endpoint).get_paginator("list_objects_v2").paginate(Bucket=BUCKET,
                                                                         Prefix=prefix):
        for obj in page.get("Contents", []):
            out[obj["Key"]] = obj["ETag"].strip('"')
    return out


def cli(*args: str, creds: bool = True) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update({"PYTHONPATH": str(REPO), "NO_MKDOCS_2_WARNING": "1"})
    if creds:
        env.update({"AWS_ACCESS_KEY_ID": ACCESS, "AWS_SECRET_ACCESS_KEY": SECRET})
    return subprocess.run([sys.executable, "-m", "generator", *args], env=env,
                          capture_output=True, text=True, timeout=300, check=False)


def deploy(site: Path, endpoint: str, *extra: str,
           creds: bool = True) -> subprocess.CompletedProcess[str]:
    done = cli("deploy", str(site), "--endpoint", endpoint, "--bucket", BUCKET,
               "--addressing", "path", *extra, creds=creds)
    assert SECRET not in done.stdout + done.stderr
    assert ACCESS not in done.stdout + done.stderr
    return done


def count(done: subprocess.CompletedProcess[str], verb: str) -> int:
    return sum(1 for line in done.stdout.splitlines() if line.startswith(verb + " "))


def md5s(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): hashlib.md5(p.read_bytes()).hexdigest()
            for p in site.rglob("*") if p.is_file() and p.name != ".courtyard-edition"}


def build(root: Path, out: Path) -> Path:
    done = cli("build", "--root", str(root), "--out", str(out), "--today", SAMPLE_TODAY)
    assert done.returncode == 0, done.stderr
    return out


@pytest.mark.slow
def test_first_run_uploads_all_then_only_what_changed(tmp_path: Path, endpoint: str) -> None:
    root = tmp_path / "club"
    for name in ("members", "resources", "content"):
        shutil.copytree(REPO / name, root / name)
    s3(endpoint).create_bucket(Bucket=BUCKET)
    first = md5s(build(root, tmp_path / "site1"))

    plan = deploy(tmp_path / "site1", endpoint, "--dry-run")
    assert plan.returncode == 0, plan.stderr
    assert count(plan, "would upload") == len(first)
    assert objects(endpoint) == {}  # a dry run changes nothing

    done = deploy(tmp_path / "site1", endpoint)
    assert done.returncode == 0, done.stderr
    assert count(done, "uploaded") == len(first)
    assert objects(endpoint) == first  # every file, by content (ETag = MD5), no marker

    again = deploy(tmp_path / "site1", endpoint)
    assert count(again, "uploaded") == 0 and count(again, "deleted") == 0

    member = root / "members" / "wang-jian.yml"
    member.write_text(member.read_text(encoding="utf-8").replace(
        "title: 华南区副总经理", "title: 华南区总经理"), encoding="utf-8")
    second = md5s(build(root, tmp_path / "site2"))
    changed = {rel for rel, md5 in second.items() if first.get(rel) != md5}
    assert "members/wang-jian/index.html" in changed
    if cjk_font_missing() is None:  # else every page shares the committed default card
        assert "assets/cards/members/wang-jian.png" in changed
    assert 0 < len(changed) < len(first) // 4
    done = deploy(tmp_path / "site2", endpoint)
    uploaded = {line.split(" ", 1)[1] for line in done.stdout.splitlines()
                if line.startswith("uploaded ")}
    assert uploaded == changed
    assert count(done, "deleted") == 0

    (root / "resources" / "board" / "need-short-video-crew.yml").unlink()
    third = md5s(build(root, tmp_path / "site3"))
    done = deploy(tmp_path / "site3", endpoint)
    assert done.returncode == 0, done.stderr
    assert "deleted board/need-short-video-crew/index.html" in done.stdout
    assert objects(endpoint) == third


def test_content_type_and_cache_control(sample_sites: dict[str, Path], endpoint: str) -> None:
    s3(endpoint).create_bucket(Bucket=BUCKET)
    done = deploy(sample_sites["public"], endpoint, "--prefix", "www")
    assert done.returncode == 0, done.stderr
    keys = objects(endpoint, "www/")
    assert "www/.courtyard-edition" not in keys
    client = s3(endpoint)

    def head(key: str) -> tuple[str, str]:
        got = client.head_object(Bucket=BUCKET, Key=key)
        return got["ContentType"], got["CacheControl"]

    assert head("www/index.html") == ("text/html; charset=utf-8", "public, max-age=300")
    assert head("www/calendar.ics")[0] == "text/calendar; charset=utf-8"
    card = "www/assets/cards/home.png" if cjk_font_missing() is None else (
        "www/assets/courtyard/card.png")  # drawn with a CJK font, else the committed one
    assert head(card) == ("image/png", "public, max-age=3600")
    bundle = next(k for k in keys if k.startswith("www/assets/javascripts/bundle."))
    assert head(bundle) == ("text/javascript; charset=utf-8",
                            "public, max-age=31536000, immutable")


@pytest.mark.parametrize("marker", ["members\n", None])
def test_refuses_a_site_that_must_not_be_public(sample_sites: dict[str, Path], tmp_path: Path,
                                                endpoint: str, marker: str | None) -> None:
    site = tmp_path / "site"
    shutil.copytree(sample_sites["public"], site)
    if marker is None:
        (site / ".courtyard-edition").unlink()
    else:
        (site / ".courtyard-edition").write_text(marker, encoding="utf-8")
    done = deploy(site, endpoint, "--prefix", "refused")
    assert done.returncode == 2
    assert "refusing to deploy" in done.stderr
    assert "Traceback" not in done.stderr


def test_every_build_writes_its_edition_marker(sample_sites: dict[str, Path]) -> None:
    for edition, site in sample_sites.items():
        assert (site / ".courtyard-edition").read_text(encoding="utf-8") == edition + "\n"


def test_credentials_only_from_the_environment(sample_sites: dict[str, Path],
                                               endpoint: str) -> None:
    done = deploy(sample_sites["public"], endpoint, creds=False)
    assert done.returncode == 2
    assert "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY" in done.stderr


def test_the_mirror_job_is_optional_and_keeps_keys_in_secrets() -> None:
    from test_workflows import workflow
    job = workflow("publish.yml")["jobs"]["mirror"]
    assert job["if"] == "vars.COURTYARD_S3_BUCKET != ''"
    assert job["permissions"] == {"contents": "read"}
    step = next(s for s in job["steps"] if "generator deploy" in s.get("run", ""))
    assert step["env"]["AWS_SECRET_ACCESS_KEY"] == "${{ secrets.COURTYARD_S3_SECRET_ACCESS_KEY }}"
    assert "secrets." not in step["run"]


def test_the_hosting_page_explains_the_mainland_specifics() -> None:
    text = (REPO / "content" / "pages" / "hosting.md").read_text(encoding="utf-8")
    zh, en = text.split("## Hosting the public edition in mainland China (English)")
    for needle in ("ICP 备案", "CDN", "generator deploy", "COS", "OSS"):
        assert needle in zh
    for needle in ("ICP filing", "CDN in front of the bucket", "generator deploy"):
        assert needle in en
