"""Start-up budget (issue 24 item 4), held by what is imported, not by wall time: every
command pays for the modules ``python -m generator`` loads before it runs, so ``--version``
and ``--help`` load no command, and each command loads only what it uses."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

PROBE = """  # runs __main__ as `python -m generator` does (it is not kept as generator.__main__)
import json, runpy, sys
sys.argv = ["generator", *json.loads(sys.argv[1])]
try:
    runpy.run_module("generator", run_name="__main__")
except SystemExit:
    pass
print("\\n" + json.dumps(sorted(sys.modules)))
"""

HEAVY = ("pypinyin", "jieba", "mkdocs", "material", "boto3", "botocore", "PIL", "playwright",
         "cryptography", "segno", "vobject", "opencc", "ruamel", "pydantic", "yaml",
         "icalendar", "phonenumbers", "email_validator", "jinja2")
"""Libraries that cost tens to hundreds of milliseconds to import."""


def modules_after(*argv: str) -> set[str]:
    out = subprocess.run([sys.executable, "-c", PROBE, json.dumps(argv)], capture_output=True,
                         text=True, check=False)
    return set(json.loads(out.stdout.strip().splitlines()[-1]))


def loaded(mods: set[str], top: str) -> bool:
    return top in mods or any(m.startswith(top + ".") for m in mods)


@pytest.mark.parametrize("argv", [("--version",), ("--help",)])
def test_version_and_help_import_no_command_and_no_library(argv: tuple[str, ...]) -> None:
    mods = modules_after(*argv)
    ours = sorted(m for m in mods if m.startswith("generator"))
    assert ours == ["generator", "generator.build",
                    "generator.build.secret", "generator.commands", "generator.commands.args"]
    assert [lib for lib in HEAVY if loaded(mods, lib)] == []


@pytest.mark.parametrize(("argv", "unused"), [
    (("check", "--help"), ("pypinyin", "jieba", "mkdocs", "boto3", "PIL", "playwright")),
    (("report", "--help"), ("jieba", "mkdocs", "boto3", "PIL", "playwright")),
    (("deploy", "--help"), ("pypinyin", "jieba", "mkdocs", "PIL", "playwright")),
])
def test_a_command_imports_only_what_it_uses(argv: tuple[str, ...],
                                             unused: tuple[str, ...]) -> None:
    mods = modules_after(*argv)
    assert not any(m.startswith("generator.commands.") and m not in {
        "generator.commands.args", f"generator.commands.{argv[0]}"} and
        m.split(".")[2] in {"jielong", "roster", "serve", "build", "new", "apply"}
        for m in mods), sorted(m for m in mods if m.startswith("generator.commands."))
    assert [lib for lib in unused if loaded(mods, lib)] == []


CHECK_NEVER = ("multiprocessing", "concurrent.futures",
               "logging", "ruamel", "jinja2", "mkdocs", "pypinyin", "PIL")
"""What ``check`` of a small community (the sample: fewer files than a parallel load needs)
does not use: the process pool, logging
(only build warns through it), and the other commands' libraries. (icalendar is used: the
occurrence-date rule reads a series through core/occurrences.py, which imports it.)"""


def test_check_imports_only_what_it_uses() -> None:
    """Fails on the code before issue 24's start-up work: generator.build imported logging,
    the loader multiprocessing. (Pydantic's own plugin search, importlib.metadata, is left
    to pydantic: replacing its private loader saved nothing measurable and would break every
    model at once on a pydantic that changed it.)"""
    from tests.conftest import REPO, SAMPLE_TODAY

    out = subprocess.run([sys.executable, "-c", PROBE, json.dumps(
        ["check", "--root", str(REPO), "--today", SAMPLE_TODAY])], capture_output=True,
        text=True, check=False)
    mods = set(json.loads(out.stdout.strip().splitlines()[-1]))
    assert "generator.data.models" in mods  # it did check
    assert [lib for lib in CHECK_NEVER if loaded(mods, lib)] == []
