"""`python -m generator deploy` (issue 16) against a real S3-compatible server: moto in server
mode, a separate process on 127.0.0.1 that this module starts and stops. The sample is built
for real, deployed, edited (one member), rebuilt and deployed again; a post is removed and
its page must leave the bucket. Credentials are fake values passed only in the environment,
and must never appear in the command's output."""

from __future__ import annotations

import contextlib
import hashlib
import json
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


@contextlib.contextmanager
def moto_server(**env: str) -> Iterator[str]:
    """A moto S3 server on a free port of 127.0.0.1 (``env`` added to its environment),
    stopped on leaving; yields its URL."""
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p",
                             str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env={**os.environ, **env})
    try:
        for _ in range(200):
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                    break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("moto server did not start")
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="module")
def endpoint() -> Iterator[str]:
    with moto_server() as url:
        yield url


def s3(endpoint: str) -> Any:
    return boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1",
                        aws_access_key_id=ACCESS, aws_secret_access_key=SECRET)


MANIFEST = ".courtyard-manifest.json"


def objects(endpoint: str, prefix: str = "", manifest: bool = False,
            bucket: str = BUCKET) -> dict[str, str]:
    """Key → ETag under ``prefix``; the deploy's own manifest only when asked for."""
    out = {}
    for page in s3(endpoint).get_paginator("list_objects_v2").paginate(Bucket=bucket,
                                                                         Prefix=prefix):
        for obj in page.get("Contents", []):
            if manifest or not obj["Key"].endswith(MANIFEST):
                out[obj["Key"]] = obj["ETag"].strip('"')
    return out


def cli(*args: str, creds: bool = True) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update({"PYTHONPATH": str(REPO), "NO_MKDOCS_2_WARNING": "1"})
    if creds:
        env.update({"AWS_ACCESS_KEY_ID": ACCESS, "AWS_SECRET_ACCESS_KEY": SECRET})
    return subprocess.run([sys.executable, "-m", "generator", *args], env=env,
                          capture_output=True, text=True, timeout=300, check=False)


def deploy(site: Path, endpoint: str, *extra: str, creds: bool = True,
           bucket: str = BUCKET) -> subprocess.CompletedProcess[str]:
    done = cli("deploy", str(site), "--endpoint", endpoint, "--bucket", bucket,
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
def test_first_run_uploads_all_then_only_what_changed(tmp_path: Path, endpoint: str,
                                                      sample_sites: dict[str, Path]) -> None:
    """The first site is the sample's shared public build (a build of a copy of its data is
    the same file for file, else far more than a quarter would count as changed below); the
    copy is then edited and rebuilt."""
    root = tmp_path / "club"
    for name in ("members", "resources", "content"):
        shutil.copytree(REPO / name, root / name)
    s3(endpoint).create_bucket(Bucket=BUCKET)
    site1 = sample_sites["public"]
    first = md5s(site1)

    plan = deploy(site1, endpoint, "--dry-run", "--verbose")
    assert plan.returncode == 0, plan.stderr
    assert count(plan, "  +") == len(first)
    assert objects(endpoint) == {}  # a dry run changes nothing

    done = deploy(site1, endpoint)
    assert done.returncode == 0, done.stderr
    assert count(done, "uploaded") == len(first)
    assert objects(endpoint) == first  # every file, by content (ETag = MD5), no marker

    again = deploy(site1, endpoint)
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
    assert "拒绝发布" in done.stderr  # the charter's language (the sample's: zh)
    assert "Traceback" not in done.stderr
    done = deploy(site, endpoint, "--prefix", "refused", "--lang", "en")
    assert "refusing to deploy" in done.stderr


def test_every_build_writes_its_edition_marker(sample_sites: dict[str, Path]) -> None:
    for edition, site in sample_sites.items():
        assert (site / ".courtyard-edition").read_text(encoding="utf-8") == edition + "\n"


def test_credentials_only_from_the_environment(sample_sites: dict[str, Path],
                                               endpoint: str) -> None:
    done = deploy(sample_sites["public"], endpoint, creds=False)
    assert done.returncode == 2
    assert "AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY" in done.stderr


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


# --------------------------------------------------------------------------- issue 23.8, 26.6


def test_deletes_only_what_it_uploaded(sample_sites: dict[str, Path], tmp_path: Path,
                                       endpoint: str) -> None:
    """A bucket shared with other files (no --prefix): what Courtyard never wrote stays, is
    counted, and the manifest in the bucket lists exactly the site's keys."""
    client, bucket = s3(endpoint), "shared-bucket"
    client.create_bucket(Bucket=bucket)
    for key in ("shared-old/keep.txt", "index.html.bak", "favicon.ico"):
        client.put_object(Bucket=bucket, Key=key, Body=b"not ours")
    site = tmp_path / "site"
    shutil.copytree(sample_sites["public"], site)
    (site / "extra.txt").write_text("ours, for now\n", encoding="utf-8")
    plan = deploy(site, endpoint, "--dry-run", "--lang", "en", bucket=bucket)
    assert plan.returncode == 0, plan.stderr
    assert "0 to delete" in plan.stdout and "3 not written by Courtyard" in plan.stdout
    done = deploy(site, endpoint, bucket=bucket)
    assert done.returncode == 0, done.stderr
    assert count(done, "deleted") == 0
    listed = json.loads(client.get_object(Bucket=bucket, Key=MANIFEST)["Body"].read())
    assert set(listed["objects"]) == set(md5s(site))

    (site / "extra.txt").unlink()
    done = deploy(site, endpoint, "--lang", "en", bucket=bucket)
    assert done.returncode == 0, done.stderr
    assert [line for line in done.stdout.splitlines() if line.startswith("deleted ")] == [
        "deleted extra.txt"]
    left = objects(endpoint, bucket=bucket)
    assert {"shared-old/keep.txt", "index.html.bak"} <= set(left)
    assert "extra.txt" not in left
    assert "3 not written by Courtyard" in done.stdout


def test_refuses_credentials_in_the_endpoint_and_never_echoes_them(
        sample_sites: dict[str, Path], endpoint: str) -> None:
    host = endpoint.split("://", 1)[1]
    for url in (f"http://{ACCESS}:{SECRET}@{host}", f"http://{SECRET}@{host}"):
        done = deploy(sample_sites["public"], url, "--lang", "en")  # deploy() asserts no echo
        assert done.returncode == 2
        assert "user name or password" in done.stderr
        assert "Traceback" not in done.stderr
    done = deploy(sample_sites["public"], "ftp://example.org", "--lang", "en")
    assert done.returncode == 2 and "http(s) URL" in done.stderr


def test_a_missing_bucket_answers_with_a_hint_in_the_charters_language(
        sample_sites: dict[str, Path], endpoint: str) -> None:
    done = cli("deploy", str(sample_sites["public"]), "--endpoint", endpoint, "--bucket",
               "no-such-bucket", "--addressing", "path")
    assert done.returncode == 1
    assert "没有名为“no-such-bucket”的存储桶" in done.stderr
    assert "NoSuchBucket" not in done.stderr and "Traceback" not in done.stderr
    done = cli("deploy", str(sample_sites["public"]), "--endpoint", endpoint, "--bucket",
               "no-such-bucket", "--addressing", "path", "--lang", "en")
    assert 'has no bucket “no-such-bucket”' in done.stderr


def test_an_unreachable_endpoint_answers_with_a_hint(sample_sites: dict[str, Path]) -> None:
    done = deploy(sample_sites["public"], f"http://127.0.0.1:{free_port()}", "--lang", "en")
    assert done.returncode == 1
    assert "Could not reach the endpoint" in done.stderr
    assert "Traceback" not in done.stderr


def test_wrong_credentials_answer_with_a_hint(sample_sites: dict[str, Path]) -> None:
    """A second moto server that checks every request's signature against its IAM users:
    the fake keys are unknown to it, as a mistyped key is to COS."""
    with moto_server(INITIAL_NO_AUTH_ACTION_COUNT="0") as url:
        done = deploy(sample_sites["public"], url, "--lang", "en")
    assert done.returncode == 1, done.stderr
    assert "refused the credentials" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_dry_run_summarises(sample_sites: dict[str, Path], endpoint: str) -> None:
    s3(endpoint).create_bucket(Bucket="summary-bucket")
    done = deploy(sample_sites["public"], endpoint, "--prefix", "summary", "--dry-run",
                  "--lang", "en", bucket="summary-bucket")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    total = len(md5s(sample_sites["public"]))
    assert lines[0].startswith("Dry run (public edition → s3://summary-bucket/summary/): "
                               f"{total} to upload, 0 to delete")
    assert len(lines) <= 15
    assert f"and {total - 10} more" in done.stdout
    assert objects(endpoint, "summary/", manifest=True, bucket="summary-bucket") == {}
    verbose = deploy(sample_sites["public"], endpoint, "--prefix", "summary", "--dry-run",
                     "--verbose", "--lang", "en", bucket="summary-bucket")
    assert count(verbose, "  +") == total


def test_the_encrypted_editions_lock_is_never_cached_by_deploy() -> None:
    """deploy reads the encrypted edition's one rule (encrypt.cache_control): lock.json
    no-cache, so a revoked code stops at the next page load, not an hour later at a CDN;
    its sealed files for a year; everything else by kind (issue 23 item 9)."""
    from generator.build import deploy as deploying
    from generator.build.encrypt import LOCK_DIR, LOCK_FILE

    assert deploying.cache_control(LOCK_FILE) == "no-cache"
    assert deploying.cache_control(f"{LOCK_DIR}/p/0a1b2c.bin") == (
        "public, max-age=31536000, immutable")
    assert deploying.cache_control("index.html") == "public, max-age=300"
