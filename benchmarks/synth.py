"""A synthetic community of any size that passes ``python -m generator check`` with no errors.

    python -m benchmarks.synth --members 10000 --out benchmarks/out/m10000 [--seed 0]

Per 1,000 members: about 150 events, 200 media resources, 500 board posts, 100 clients and
10 outer-court groups; sponsor trees from five founders, dues ledgers, RSVPs and attendance.
The charter is the repository's own ``content/charter.yml`` with the inner circle's cap and
yearly intake raised to the community's size (a real inner circle is 20–50 people; a
benchmark needs thousands). The same seed always gives the same bytes.

Other benchmarks import :func:`generate` (site build at 1k/10k members, matching with 10k
members, 5k posts and 2k media).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import shutil
import sys
from pathlib import Path
from typing import Any

import yaml

from benchmarks import synth_content as content
from benchmarks.synth_people import Person, make_people, member_record

REPO = Path(__file__).resolve().parents[1]
TODAY = dt.date(2026, 11, 24)  # the date the benchmarks pass to --today
MARKER = "synth.json"  # parameters of the community in a directory (for caching)
DATA_DIRS = ("members", "resources", "content")

FOLDERS = {  # kind → (folder, schema name)
    "member": ("members", "member"), "media": ("resources/media", "media"),
    "client": ("resources/clients", "client"), "post": ("resources/board", "post"),
    "event": ("content/events", "event"), "group": ("content/groups", "group"),
}


class _Dumper(yaml.CSafeDumper):
    """Never write anchors/aliases for shared values: the loader refuses them."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _dump(data: dict[str, Any]) -> str:
    return str(yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                         width=4096))


def _write(root: Path, kind: str, rid: str, data: dict[str, Any]) -> None:
    folder, schema = FOLDERS[kind]
    up = "../" * (folder.count("/") + 1)
    text = f"# yaml-language-server: $schema={up}schemas/{schema}.schema.json\n" + _dump(data)
    (root / folder / f"{rid}.yml").write_text(text, encoding="utf-8", newline="\n")


def charter(founders: list[Person], members: int) -> dict[str, Any]:
    """The repository's charter, with founders, admins and limits fitted to the community."""
    with open(REPO / "content" / "charter.yml", encoding="utf-8") as fh:
        doc: dict[str, Any] = yaml.safe_load(fh)
    doc["inner_circle"].update({"minimum": 20, "cap": members, "yearly_intake": members})
    doc["founders"] = [p.id for p in founders]
    doc["admins"] = [p.id for p in founders[:3]]
    return doc


def params(members: int, seed: int, posts: int | None, media: int | None,
           events: int | None, clients: int | None, groups: int | None) -> dict[str, int]:
    """Counts of every kind, from the per-1,000-member proportions unless given."""
    def per(n: int | None, rate: float) -> int:
        return n if n is not None else max(1, round(members * rate))

    return {"members": members, "seed": seed, "events": per(events, 0.15),
            "media": per(media, 0.2), "posts": per(posts, 0.5), "clients": per(clients, 0.1),
            "groups": per(groups, 0.01)}


def generate(out_dir: str | os.PathLike[str], members: int, seed: int = 0,
             posts: int | None = None, media: int | None = None, *,
             events: int | None = None, clients: int | None = None, groups: int | None = None,
             today: dt.date = TODAY, reuse: bool = False) -> dict[str, int]:
    """Write a community into ``out_dir`` (its data folders are replaced) and return the
    counts of each kind. With ``reuse``, a directory already holding the same parameters is
    left as it is."""
    if members < 5:
        raise ValueError("a community needs at least its five founders")
    root = Path(out_dir)
    want = params(members, seed, posts, media, events, clients, groups)
    want["today"] = int(today.strftime("%Y%m%d"))
    marker = root / MARKER
    if reuse and marker.is_file() and json.loads(marker.read_text()) == want:
        return want
    for d in DATA_DIRS:
        shutil.rmtree(root / d, ignore_errors=True)
    for folder, _schema in FOLDERS.values():
        (root / folder).mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    people = make_people(rng, members, today)
    doc = charter(people[:5], members)
    text = "# 合成社群(基准测试用)/ synthetic community for benchmarks\n" + _dump(doc)
    (root / "content" / "charter.yml").write_text(text, encoding="utf-8", newline="\n")
    dues = int(doc["dues"]["amount"])
    for p in people:
        _write(root, "member", p.id, member_record(rng, p, doc["admins"], today, dues))
    roster = content.Roster(people)
    kinds = [("event", content.events(rng, roster, want["events"], today)),
             ("media", content.media(rng, roster, want["media"], today)),
             ("client", content.clients(rng, roster, want["clients"], today)),
             ("post", content.posts(rng, roster, want["posts"], today)),
             ("group", content.groups(rng, roster, want["groups"]))]
    for kind, records in kinds:
        for rid, data in records:
            _write(root, kind, rid, data)
    marker.write_text(json.dumps(want, sort_keys=True) + "\n")
    return want


def data_paths(root: str | os.PathLike[str]) -> list[str]:
    """Every file ``check`` reads: the charter and each data file (absolute paths, sorted)."""
    base = Path(root)
    out = [str(base / "content" / "charter.yml")]
    for folder, _schema in FOLDERS.values():
        d = base / folder
        if d.is_dir():
            out += sorted(str(d / n) for n in os.listdir(d) if n.endswith((".yml", ".yaml")))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="python -m benchmarks.synth", description=__doc__.split("\n")[0]
    )
    ap.add_argument("--members", type=int, required=True)
    ap.add_argument(
        "--out", required=True, help="directory to write (its data folders are replaced)"
    )
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--posts", type=int, default=None)
    ap.add_argument("--media", type=int, default=None)
    ap.add_argument("--today", type=dt.date.fromisoformat, default=TODAY,
                    help="the date the data is realistic for (default %(default)s)")
    a = ap.parse_args(argv)
    counts = generate(a.out, a.members, a.seed, a.posts, a.media, today=a.today)
    print(", ".join(f"{k} {v}" for k, v in counts.items() if k not in ("seed", "today")),
          f"→ {a.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
