"""Snapshots of every message, in Chinese and English, as `check` prints them.

The fixture community (``tests/fixtures/rules/_messages``, an overlay on the base) has one
problem of many kinds; the full text output is compared with
``tests/snapshots/messages.zh.txt`` and ``messages.en.txt``. After changing a message on
purpose, regenerate the snapshots and review the diff:

    COURTYARD_BLESS=1 python -m pytest tests/test_messages.py

Messages must say where (file:line:column, added by the reporter), what was found, what is
expected and how to fix it; charter rules quote the Chinese clause in both languages.
"""

from __future__ import annotations

import functools
import os
import re
from pathlib import Path

import pytest
from conftest import RULE_FIXTURES, TODAY, make_community, run_cli

from generator.i18n import catalogue

SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"
BLESS = os.environ.get("COURTYARD_BLESS") == "1"


@pytest.fixture(scope="module")
def messages_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_community(tmp_path_factory.mktemp("messages"), RULE_FIXTURES / "_messages")
    # GBK bytes are written here rather than kept in the fixture, where editors would "fix" them
    (root / "resources" / "media" / "gbk.yml").write_bytes(
        "title: 南山电梯屏\nowner: wang-jian\n".encode() + "city: 深圳\n".encode("gbk"))
    return root


@functools.cache
def _output(root: Path, lang: str) -> str:
    out = run_cli("check", "--root", str(root), "--today", TODAY.isoformat(), "--lang", lang)
    assert out.returncode == 1, out.stderr
    assert out.stderr == ""
    return out.stdout


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_messages_snapshot(messages_root: Path, lang: str) -> None:
    text = _output(messages_root, lang)
    snapshot = SNAPSHOTS / f"messages.{lang}.txt"
    if BLESS:
        snapshot.parent.mkdir(exist_ok=True)
        snapshot.write_text(text, encoding="utf-8", newline="\n")
    assert snapshot.exists(), ("no snapshot yet: run COURTYARD_BLESS=1 python -m pytest "
                               "tests/test_messages.py")
    assert text == snapshot.read_text(encoding="utf-8"), (
        "messages changed; if on purpose: COURTYARD_BLESS=1 python -m pytest tests/test_messages.py"
    )


LINE = re.compile(r"^(?P<file>[\w./-]+):(?P<line>\d+):(?P<col>\d+): (?P<sev>\S+) "
                  r"\[(?P<rule>[\w.-]+)\] (?P<msg>.+)$")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_message_is_complete(messages_root: Path, lang: str) -> None:
    lines = _output(messages_root, lang).split("\n")
    problems = [LINE.match(ln) for ln in lines if LINE.match(ln)]
    assert len({p["rule"] for p in problems}) >= 25, "the fixture should show many kinds"
    clauses = {"R1": "统一格式:媒体+实名", "R2": "不要私自拉人", "R3": "不低于30元5人以上",
               "R4": "每年必须参加一次群内活动", "C1": "不会超过上限", "C2": "每年都要缴纳会费",
               "C3": "严控入会", "C5": "每年吸纳入会", "C6": "500人的群", "C7": "150人以上"}
    seen_clauses = set()
    for p in problems:
        msg = p["msg"]
        # the display-name format is the one place where braces are meant: `{org}+{name}`
        assert not re.search(r"\{[a-z_]+\}", msg.replace("`{org}+{name}`", "")), (
            f"unfilled placeholder: {msg}")
        charter_id = p["rule"].split(".")[0]
        if charter_id in clauses:
            assert clauses[charter_id] in msg, f"{p['rule']} must quote its clause: {msg}"
            seen_clauses.add(charter_id)
        if lang == "en":
            body = msg.split(" (charter ")[0]
            assert not re.search(r"[\u4e00-\u9fff]", re.sub(r"`[^`]*`", "", body)), (
                f"Chinese outside quotes in an English message: {msg}")
    assert seen_clauses == set(clauses)


PROBLEM_NAMESPACES = {"sev", "summary", "quote", "hint", "io", "id", "yaml", "config", "founder",
                      "schema", "ref", "status", "event", "board", "internal", "R1", "R2", "R3",
                      "R4", "C1", "C2", "C3", "C5", "C6", "C7"}

OWNERSHIP = {"R2.not-member", "R2.ambiguous-login", "R2.owner-governance", "R2.owner-member",
             "R2.owner-member-field", "R2.new-member-sponsor", "R2.new-member-inactive",
             "R2.new-member-status", "R2.new-member-field", "R2.owner-delete",
             "R2.owner-delete-owned", "R2.owner-resource", "R2.owner-transfer", "R2.owner-event",
             "R2.owner-attendance", "R2.owner-rsvp-add", "R2.owner-rsvp-remove",
             "R2.standing", "R4.attendance-future", "R4.attendance-past",
             "R4.attendance-before", "R4.attendance-joined", "R4.attendance-standing"}
"""Refusals of a change by its author (generator/checks/judge.py): they say who may make
it, tested in tests/test_ownership.py."""


def _problem_messages() -> dict[str, tuple[str, str]]:
    """The messages ``check`` prints (the catalogue's problem keys), in Chinese and English;
    every key's placeholders are compared in tests/test_i18n.py."""
    return {k: (catalogue.lookup("zh", k), catalogue.lookup("en", k)) for k in catalogue.keys()
            if k.split(".")[0] in PROBLEM_NAMESPACES and not k.startswith("yaml.found.")
            and k not in OWNERSHIP}


def test_rule_messages_say_how_to_fix() -> None:
    """Every error message for a data problem ends with advice: an imperative sentence."""
    advice = re.compile(r"(请|\b(add|remove|rename|use|write|check|set|raise|fix|correct|keep|"
                        r"record|admit|name|save|shorten|start|rewrite|run|pass|update|"
                        r"a reminder|ask|an admin)\b)", re.IGNORECASE)
    exempt = {"sev.error", "sev.warning", "summary", "quote", "hint.did-you-mean", "internal",
              "io", "schema.other"}
    missing = [k for k, (zh, en) in _problem_messages().items() if k not in exempt
               and k.split(".")[0] not in ("schema",) and not (advice.search(zh)
                                                              and advice.search(en))]
    assert missing == []
