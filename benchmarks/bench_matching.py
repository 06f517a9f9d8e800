"""How much does collaboration matching (需求对接) add to a build, and does it stay linear?

    python -m benchmarks.bench_matching [--members 10000] [--posts 5000] [--media 2000]
                                        [--repeat 3] [--no-build] [--scale 1000 10000]

On a cached synthetic community (``benchmarks/out/``, see benchmarks/synth.py):

* matching — ``generator.analysis.compute`` for the public edition (what CI builds) and the
  members edition, in this process, best of ``--repeat``; "cold" includes loading jieba's
  dictionary and segmenting every text for the first time (in a real build, MkDocs' search
  plugin loads jieba in the same process anyway), "warm" does not;
* engagement — ``generator.analysis.engagement.compute`` (members edition);
* in a build — from an empty cache, matching plus every fragment the site's templates embed
  (need, offer, media, client and member pages, the home page's figures and the engagement
  page), for the public and the members edition: what the build spends on this feature;
* all needs — every need in the data matched as if it were open (stress: the synthetic
  board's posts mostly expired), with the number of candidates the index visited against
  the number of (need, candidate) pairs a naive matcher would compare;
* build — ``python -m generator build`` of the same community as a child process (public
  edition, matching included, best of one: it is long); if the build refuses or fails,
  ``check`` is timed instead and the line says so.

Printed: the matching time and its share of the build. Goal (issue 7): matching adds ≤ 10 %.
With ``--scale``, matching time at several sizes and the ratio per 10× members (linear ≈ 10).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks import common, synth

GOAL = 0.10


def load(root: Path) -> Any:
    from generator.data.community import load_community
    return load_community(str(root), synth.TODAY)


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    t = time.perf_counter()
    value = fn()
    return time.perf_counter() - t, value


def best(repeat: int, fn: Callable[[], Any]) -> float:
    return min(timed(fn)[0] for _ in range(repeat))


def fragments(com: Any, edition: Any) -> int:
    """What a build of ``edition`` adds, from nothing cached: matching, engagement and every
    fragment its pages embed, plus the engagement page. Returns how many were non-empty."""
    from generator.analysis import clear_cache
    from generator.data import editions
    from generator.pages.matching import Fragments
    clear_cache()
    frag = Fragments(com, edition, com.charter.language)

    def url(to: str) -> str:
        return "/" + to

    posts = editions.board(com, edition)
    out = [frag.need(p, url) for p in posts if p.type == "need"]
    out += [frag.serves("offer", p.id, url) for p in posts if p.type == "offer"]
    out += [frag.serves("media", r.id, url) for r in editions.media(com, edition)]
    out += [frag.serves("client", c.id, url) for c in editions.clients(com, edition)]
    out += [frag.member(m, url) for m in editions.members(com, edition)]
    out += [frag.home(url), frag.engagement_body(url)]
    return sum(1 for f in out if f)


def all_needs(com: Any) -> tuple[float, int, int, int]:
    """Match every need in the data: (seconds, needs, candidates visited, naive pairs)."""
    from generator.analysis.index import Index, candidate_docs, post_doc
    from generator.analysis.match import top_matches
    docs = candidate_docs(com, "members")
    index = Index.build(docs)
    needs = [post_doc(p) for p in com.board.values() if p.type == "need"]
    visited = sum(len(index.candidates(n)) for n in needs)
    seconds = best(1, lambda: [top_matches(n, index) for n in needs])
    return seconds, len(needs), visited, len(needs) * len(docs)


def build_time(root: Path) -> tuple[float, str]:
    """Wall time of a full public build, or of ``check`` when the build cannot run."""
    with tempfile.TemporaryDirectory() as out:
        argv = [sys.executable, "-m", "generator", "build", "--root", str(root),
                "--today", synth.TODAY.isoformat(), "--out", out]
        run = common.Child(argv)
        if run.returncode == 0:
            return run.wall, "build"
        print(f"build failed ({run.returncode}); timing check instead:\n{run.stderr[-800:]}",
              file=sys.stderr)
    chk = common.Child([sys.executable, "-m", "generator", "check", "--root", str(root),
                        "--today", synth.TODAY.isoformat()])
    return chk.wall, "check (the build did not run)"


def measure(members: int, posts: int | None, media: int | None, repeat: int,
            build: bool) -> dict[str, Any]:
    from generator.analysis import compute, engagement, text
    root = common.community(members, 0, posts=posts, media=media)
    load_s, com = timed(lambda: load(root))
    cold, mm = timed(lambda: compute(com, "public"))
    jieba_s = best(1, text._jieba)  # already loaded: ~0; the cold figure above includes it
    warm = best(repeat, lambda: compute(com, "public"))
    members_s = best(repeat, lambda: compute(com, "members"))
    eng_s = best(repeat, lambda: engagement.compute(com, "members"))
    shown = fragments(com, "public")
    frag_s = best(repeat, lambda: fragments(com, "public"))
    frag_m = best(repeat, lambda: fragments(com, "members"))
    stress = all_needs(com)
    row: dict[str, Any] = {
        "members": len(com.members), "posts": len(com.board), "media": len(com.media),
        "load": load_s, "open needs": len(mm.needs), "cold": cold, "warm": warm,
        "members ed.": members_s, "engagement": eng_s, "fragments": frag_s, "shown": shown,
        "fragments members": frag_m,
        "all needs": stress, "jieba": jieba_s,
    }
    if build:
        row["build"], row["build kind"] = build_time(root)
    return row


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.bench_matching",
                                 description=(__doc__ or "").split("\n")[0])
    ap.add_argument("--members", type=int, default=10_000)
    ap.add_argument("--posts", type=int, default=5_000)
    ap.add_argument("--media", type=int, default=2_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--no-build", action="store_true", help="skip the (long) full build")
    ap.add_argument("--scale", type=int, nargs="*", default=None, metavar="MEMBERS",
                    help="also time matching at these sizes (posts and media in proportion)")
    a = ap.parse_args(argv)

    r = measure(a.members, a.posts, a.media, a.repeat, not a.no_build)
    secs, needs, visited, pairs = r["all needs"]
    in_build = r["fragments"]
    print(f"community: {r['members']} members, {r['posts']} board posts, {r['media']} media "
          f"(loaded in {r['load']:.2f} s)")
    print(common.table(
        ["step", "seconds"],
        [["matching, public edition, cold (jieba + first segmentation)", r["cold"]],
         ["matching, public edition, warm", r["warm"]],
         ["matching, members edition, warm", r["members ed."]],
         ["engagement, members edition", r["engagement"]],
         [f"in a public build: matching + every fragment ({r['shown']} non-empty)",
          r["fragments"]],
         ["in a members build: matching + engagement + every fragment", r["fragments members"]],
         [f"all {needs} needs matched as if open", secs]]))
    print(f"open needs today: {r['open needs']}; index visited {visited:,} candidates for all "
          f"{needs} needs, against {pairs:,} naive pairs ({visited / max(pairs, 1):.1%})")
    if "build" in r:
        cold_total = in_build + r["cold"] - r["warm"]
        print(f"{r['build kind']} (public edition, matching included): {r['build']:.1f} s. "
              f"Matching and its fragments: {in_build:.2f} s = {in_build / r['build']:.1%} of "
              f"it ({cold_total:.2f} s = {cold_total / r['build']:.1%} counting jieba's first "
              f"load and segmentation); goal ≤ {GOAL:.0%}")
    if a.scale:
        rows = []
        for n in a.scale:
            s = measure(n, round(n * a.posts / a.members), round(n * a.media / a.members),
                        a.repeat, False)
            rows.append([n, s["posts"], s["media"], s["warm"], s["members ed."],
                         s["all needs"][0], s["all needs"][1]])
        print(common.table(["members", "posts", "media", "public s", "members s",
                            "all needs s", "needs"], rows))
        if len(rows) >= 2:
            f = rows[-1][0] / rows[0][0]
            print(f"growth for {f:g}× the community: public {rows[-1][3] / rows[0][3]:.1f}×, "
                  f"all needs {rows[-1][5] / rows[0][5]:.1f}× (linear ≈ {f:g}×)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
