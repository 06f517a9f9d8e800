"""The synthetic community the benchmarks (check, site build, matching) are measured on, and
the parallel load those benchmarks exercise.

Timing belongs to ``benchmarks/``; here we only pin what the figures rest on: the generated
community is valid and reproducible, and loading it with worker processes gives exactly what
loading it in one process gives — problems, records and positions.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import pytest

from benchmarks import synth
from generator.commands.check import collect
from generator.data import community as community_module
from generator.data import parallel_load
from generator.data.community import Community, load_community
from generator.data.parallel_load import PARALLEL_THRESHOLD

MEMBERS = 250  # about 490 files: above the threshold where loading goes parallel


@pytest.fixture(scope="module")
def community(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("synth")
    synth.generate(root, MEMBERS, seed=3)
    return root


def test_synthetic_community_passes_check_without_errors(community: Path) -> None:
    com, problems = collect(str(community), synth.TODAY)
    errors = [(p.rule, p.file, p.line) for p in problems if p.severity == "error"]
    assert errors == []
    assert len(com.members) == MEMBERS
    counts = {"events": len(com.events), "media": len(com.media), "clients": len(com.clients),
              "board": len(com.board), "groups": len(com.groups)}
    assert counts == {"events": 38, "media": 50, "clients": 25, "board": 125, "groups": 2}
    founders = [m for m in com.members.values() if m.founder]
    assert sorted(m.id for m in founders) == sorted(com.charter.founders)
    assert len(founders) == 5
    assert any(ev.kind == "annual_gathering" and len(ev.attended) > 0 for ev in com.events.values())
    assert any(post.type == "ad" and post.red_packet for post in com.board.values())


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_same_seed_gives_the_same_bytes(tmp_path: Path) -> None:
    trees = []
    for name, seed in (("a", 1), ("b", 1), ("c", 2)):
        synth.generate(tmp_path / name, 40, seed=seed)
        trees.append(_tree(tmp_path / name))
    assert len(trees[0]) > 40
    assert trees[0] == trees[1]
    assert trees[0] != trees[2]


def _broken_copy(src: Path, dst: Path) -> Path:
    """The community with a few bad files, so both loads have problems to agree on."""
    import shutil

    shutil.copytree(src, dst)
    members = sorted((dst / "members").iterdir())
    members[10].write_text(members[10].read_text(encoding="utf-8") + "name: 重复\n",
                           encoding="utf-8")
    members[20].write_text(members[20].read_text(encoding="utf-8").replace(
        "status: active", "status: actve"), encoding="utf-8")
    members[30].write_bytes(b"name: \xff\n")
    posts = sorted((dst / "resources" / "board").iterdir())
    posts[-1].write_text("title: x\ntype: &t ad\nkind: *t\n", encoding="utf-8")
    return dst


def _snapshot(com: Community) -> dict[str, Any]:
    out: dict[str, Any] = {"problems": sorted(com.problems, key=lambda p: p.sort_key())}
    for kind in ("member", "media", "client", "post", "event", "group"):
        table = com.by_kind(kind)
        out[kind] = [(rid, rec.file, rec.model_dump(), dict(rec._pos))
                     for rid, rec in table.items()]
    return out


def test_parallel_load_equals_serial_load(community: Path, tmp_path: Path) -> None:
    root = _broken_copy(community, tmp_path / "broken")
    assert len(synth.data_paths(root)) > PARALLEL_THRESHOLD
    assert parallel_load._fork_context() is not None  # so jobs=2 really forks a worker
    today = dt.date(2026, 11, 24)
    serial = _snapshot(load_community(str(root), today, jobs=1))
    parallel = _snapshot(load_community(str(root), today, jobs=2))
    assert {p.rule for p in serial["problems"]} >= {
        "yaml.duplicate-key", "schema.enum", "yaml.utf8", "yaml.alias"}
    assert parallel == serial


# Python 3.11's pool manager thread then trips over the futures this process had cancelled
# (InvalidStateError, printed, harmless): the load itself is what this test is about.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")
def test_a_worker_that_dies_costs_time_not_files(community: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker killed mid-load (out of memory, say): this process loads its chunks."""
    today = dt.date(2026, 11, 24)
    serial = _snapshot(load_community(str(community), today, jobs=1))
    real = parallel_load.load_file
    here: list[str] = []

    def dying(root: str, rel: str, max_bytes: int, **options: Any) -> Any:
        if os.getpid() != parent:  # in a (forked) worker
            os._exit(9)
        here.append(rel)
        return real(root, rel, max_bytes, **options)

    parent = os.getpid()
    monkeypatch.setattr(parallel_load, "load_file", dying)  # the data files
    monkeypatch.setattr(community_module, "load_file", dying)  # the charter
    assert parallel_load._fork_context() is not None
    assert _snapshot(load_community(str(community), today, jobs=2)) == serial
    assert len(here) == len(synth.data_paths(community))  # every file, in this process


def test_what_workers_send_back_arrives_unchanged(community: Path) -> None:
    """Workers pack their files with marshal (pickle when positions were already built)."""
    from generator.data.files import load_file
    from generator.data.load import Loaded, pack, parse_bytes, unpack

    def files() -> list[Loaded]:
        return [load_file(str(community), "content/charter.yml"),
                parse_bytes(b"name: [unclosed\n", "members/bad.yml"),
                parse_bytes(b"name: x\norg: y\ntags: [a, b]\n", "members/x-y.yml")]

    def plain(lds: list[Loaded]) -> list[Any]:
        return [(ld.file, ld.id, ld.data, dict(ld.pos), ld.problems) for ld in lds]

    fresh, filled = files(), files()
    expected = plain(filled)  # (this builds their positions)
    assert filled[1].problems and filled[2].pos[("tags", 1)] == (3, 11)
    assert pack(fresh)[:1] == b"M" and pack(filled)[:1] == b"P"
    assert plain(unpack(pack(fresh))) == expected
    assert plain(unpack(pack(filled))) == expected
