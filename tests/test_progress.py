"""The progress reporter: a bar on a terminal, nothing in CI logs or pipes, and --quiet /
--verbose doing what people expect. A fake terminal stream stands in for a TTY."""

from __future__ import annotations

import argparse
import io
import shutil
from pathlib import Path

import pytest

from generator.__main__ import main
from generator.commands import progress
from generator.commands.progress import NORMAL, QUIET, VERBOSE, Log, Progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def redraws(text: str) -> int:
    return text.count("\r\x1b[K")


def test_bar_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    out = Terminal()
    with Progress(10, "检查文件", stream=out) as bar:
        for _ in range(10):
            bar.advance()
    text = out.getvalue()
    assert "检查文件 " + "█" * 24 + " 10/10 100%" in text
    assert "5/10 50%" in text
    assert text.endswith("\r\x1b[K")  # the bar is erased when done


def test_redraws_are_bounded_by_percent_not_items(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    out = Terminal()
    with Progress(10_000, "x", stream=out) as bar:
        for _ in range(10_000):
            bar.advance()
    assert redraws(out.getvalue()) <= 103  # 0 %, each percent, and the final erase


@pytest.mark.parametrize("ci", ["true", "1", "TRUE"])
def test_silent_in_ci(monkeypatch: pytest.MonkeyPatch, ci: str) -> None:
    monkeypatch.setenv("CI", ci)
    out = Terminal()
    with Progress(5, "x", stream=out) as bar:
        bar.advance(5)
    assert out.getvalue() == ""


def test_silent_when_not_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    out = io.StringIO()
    with Progress(5, "x", stream=out) as bar:
        bar.advance(5)
    assert out.getvalue() == ""


def test_quiet_silences_even_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    out = Terminal()
    with Progress(5, "x", stream=out, verbosity=QUIET) as bar:
        bar.advance(5)
    assert out.getvalue() == ""


def test_verbose_leaves_one_summary_line_in_a_log(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    out = io.StringIO()
    with Progress(7, "生成页面", stream=out, verbosity=VERBOSE) as bar:
        bar.advance(7)
    assert out.getvalue() == "生成页面: 7/7\n"


def test_counter_without_a_total() -> None:
    out = io.StringIO()
    with Progress(None, "读取", stream=out, enabled=True) as bar:
        bar.advance(3)
    assert "读取 3" in out.getvalue() and "%" not in out.getvalue()


def test_zero_total_is_complete() -> None:
    bar = Progress(0, "x", stream=io.StringIO(), enabled=True)
    assert bar.line().endswith("0/0 100%")


def test_flags() -> None:
    p = argparse.ArgumentParser()
    progress.add_arguments(p)
    assert progress.verbosity(p.parse_args([])) == NORMAL
    assert progress.verbosity(p.parse_args(["-q"])) == QUIET
    assert progress.verbosity(p.parse_args(["--verbose"])) == VERBOSE
    with pytest.raises(SystemExit):
        p.parse_args(["--quiet", "--verbose"])


def test_log_levels() -> None:
    for level, want in [(QUIET, ""), (NORMAL, "hint\n"), (VERBOSE, "hint\ndetail\n")]:
        out = io.StringIO()
        log = Log(level, out)
        log.info("hint")
        log.detail("detail")
        assert out.getvalue() == want


def test_quiet_new_prints_only_the_path(tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "c"
    shutil.copytree(Path(__file__).parent / "fixtures" / "report", root)
    args = ["new", "client", "--root", str(root), "--today", "2026-12-10", "--yes", "--brand",
            "丙", "--owner", "li-yi", "--industry", "汽车", "--need", "x"]
    assert main([*args, "--quiet"]) == 0
    out = capsys.readouterr()
    assert out.out == "resources/clients/bing.yml\n" and out.err == ""
    assert main([*args, "--verbose"]) == 0
    assert "checking against every rule" in capsys.readouterr().err
